// One hand-checked case per VADER rule. Expected values are worked out by hand from the lexicon
// (vader_lexicon.txt: smart 1.7, handsome 2.2, funny 1.9, good 1.9, great 3.1, uncompelling -0.9,
// compelling 0.9, shit -2.6, bomb -2.2, kind 2.4, no -1.2, problem -1.7, doubt -1.5, excellent 2.7,
// heart 3.2, kiss 1.8, smiling 2.0) and VADER's constants (booster 0.293, caps 0.733, negation
// -0.74, "!" 0.292, "??" 0.18 each, compound = x / sqrt(x² + 15)); the outputs printed by the
// reference's own demo (vaderSentiment.py __main__, HEAD) agree with every compound below.
import { describe, expect, it } from "vitest";
import { scoreSentiment } from "../../../src/sentiment/index.js";
import { pyRound } from "../../../src/sentiment/vader.js";

const c = (text: string, options = {}) => scoreSentiment(text, options).compound;
const norm = (x: number) => x / Math.sqrt(x * x + 15);
const rules = (text: string, token: string) =>
  scoreSentiment(text)
    .tokens.find((t) => t.token === token)!
    .adjustments.map((a) => a.rule);

describe("VADER rules (hand-checked)", () => {
  it("plain lexicon sum and pos/neu/neg proportions", () => {
    // smart + handsome + funny = 1.7 + 2.2 + 1.9 = 5.8 → 5.8 / sqrt(33.64 + 15) = 0.8316
    // pos: (2.7 + 3.2 + 2.9) / (8.8 + 3 neutral tokens) = 0.7458 → 0.746; neu 3 / 11.8 = 0.254
    const s = scoreSentiment("VADER is smart, handsome, and funny.");
    expect(s.sum).toBeCloseTo(5.8, 12);
    expect([s.neg, s.neu, s.pos, s.compound]).toEqual([0, 0.254, 0.746, 0.8316]);
    expect(pyRound(norm(5.8), 4)).toBe(0.8316);
  });

  it("booster words, scaled by distance (1, 0.95, 0.9)", () => {
    // very smart: 1.7 + 0.293 = 1.993; handsome: "very" two back: 2.2 + 0.293 * 0.95 = 2.47835;
    // sum 1.993 + 2.47835 + 1.9 = 6.37135 → 0.8545
    const s = scoreSentiment("VADER is very smart, handsome, and funny.");
    expect(s.sum).toBeCloseTo(6.37135, 12);
    expect(s.compound).toBe(0.8545);
    expect(rules("VADER is very smart, handsome, and funny.", "handsome")).toEqual(["booster"]);
  });

  it("ALL CAPS emphasis when the text mixes case, on words and on boosters", () => {
    // SMART 1.7 + 0.733 = 2.433, VERY (0.293 + 0.733) → 3.459; handsome 2.2 + 1.026 * 0.95 = 3.1747;
    // FUNNY 1.9 + 0.733 = 2.633; sum 9.2667 → 0.9227
    const s = scoreSentiment("VADER is VERY SMART, handsome, and FUNNY.");
    expect(s.sum).toBeCloseTo(9.2667, 12);
    expect(s.compound).toBe(0.9227);
    // a text in capitals only has no differential: GOOD is just good, 1.9 / sqrt(3.61 + 15) = 0.4404
    expect(c("THE BOOK WAS GOOD")).toBe(0.4404);
    expect(c("The book was good")).toBe(0.4404);
  });

  it('"!" and "?" emphasis, capped, added on the side of the sum', () => {
    // 9.2667 + 3 * 0.292 = 10.1427 → 0.9342
    expect(c("VADER is VERY SMART, handsome, and FUNNY!!!")).toBe(0.9342);
    // six "!" count as four: 1.9 + 4 * 0.292 = 3.068 → 3.068 / sqrt(9.412624 + 15) = 0.6209
    expect(c("The book was good!!!!!!")).toBe(pyRound(norm(1.9 + 4 * 0.292), 4));
    expect(c("The book was good!!!!!!")).toBe(0.6209);
    // "??": 1.9 + 2 * 0.18 = 2.26 → 0.5037; one "?" adds nothing; four or more add 0.96
    expect(c("The book was good??")).toBe(pyRound(norm(2.26), 4));
    expect(c("The book was good?")).toBe(0.4404);
    expect(c("The book was good?????")).toBe(pyRound(norm(1.9 + 0.96), 4));
    // negative side: bad -2.5 - 0.292 = -2.792 → -0.5849
    expect(c("The book was bad!")).toBe(pyRound(norm(-2.792), 4));
    // proportions: the amplifier goes to the dominant side: pos = (2.9 + 0.292) / (3.192 + 3) = 0.5155 → 0.516
    expect(scoreSentiment("The book was good!").pos).toBe(0.516);
  });

  it("negation (not, nor, n't) up to three words back", () => {
    // not smart: -1.258; handsome: "not" two back: -1.628; nor funny: -1.406; sum -4.292 → -0.7424
    expect(c("VADER is not smart, handsome, nor funny.")).toBe(-0.7424);
    // isn't horrible: -2.5 * -0.74 = 1.85 → 0.431 ("At least" before "it" is not a negation)
    expect(c("At least it isn't a horrible book.")).toBe(0.431);
    expect(rules("At least it isn't a horrible book.", "horrible")).toEqual(["negation"]);
  });

  it('"never so / this" intensifies instead of negating (and "this" just before, as in the reference)', () => {
    // never been good: negated 1.9 * -0.74 = -1.406 → -0.3412
    expect(c("Sentiment analysis has never been good.")).toBe(-0.3412);
    // never been this good: the three-back check fires on "this" right before: 1.9 * 1.25 = 2.375;
    // + 0.292 for "!" = 2.667 → 0.5672
    expect(c("Sentiment analysis has never been this good!")).toBe(0.5672);
    // never so good: booster "so" 1.9 + 0.293 = 2.193; "never so" two back: × 1.25 = 2.74125; and the
    // three-back check fires again on "so" right before (the reference's operator precedence):
    // × 1.25 = 3.4265625
    expect(scoreSentiment("it was never so good").sum).toBeCloseTo(3.4265625, 12);
    expect(rules("it was never so good", "good")).toEqual(["booster", "never-so", "never-so"]);
  });

  it('"without (a) doubt" is not a negation', () => {
    // doubt -1.5 negated by "without" two back: 1.11; excellent keeps 2.7: 3.81 → 0.7013
    expect(c("Without a doubt, excellent idea.")).toBe(0.7013);
    expect(rules("Without a doubt, excellent idea.", "excellent")).toEqual(["without-doubt"]);
  });

  it('"least" negates unless "at least" / "very least"', () => {
    // the least compelling: 0.9 * -0.74 = -0.666 → -0.1695; at least compelling: 0.9 → 0.2263
    expect(c("Roger Dodger is one of the least compelling variations on this theme.")).toBe(-0.1695);
    expect(c("Roger Dodger is at least compelling as a variation on the theme.")).toBe(0.2263);
  });

  it('"kind of" dampens (and "kind" of "kind of" counts 0)', () => {
    // good - 0.293 = 1.607 → 0.3832 ("kind" is in the lexicon at 2.4 but skipped)
    expect(c("The book was only kind of good.")).toBe(0.3832);
    expect(rules("The book was only kind of good.", "good")).toEqual(["idiom-booster"]);
    expect(scoreSentiment("The book was only kind of good.").tokens[4]).toMatchObject({ token: "kind", role: "modifier", valence: 0 });
  });

  it('"but": before × 0.5, after × 1.5', () => {
    // good 0.95; uncompelling -0.9 * 1.5 = -1.35; not great -2.294 * 1.5 = -3.441; sum -3.841 → -0.7042
    const s = scoreSentiment("The plot was good, but the characters are uncompelling and the dialog is not great.");
    expect(s.sum).toBeCloseTo(-3.841, 12);
    expect(s.compound).toBe(-0.7042);
  });

  it('"but" looks values up by first occurrence, as the reference does (repeated values)', () => {
    // great 1.6 → 0.8 (before "but"); then fine 0.8 is found first at position 0 (now 0.8), so the
    // factor 0.5 lands there again: [0.4, 0, 0.8], sum 1.2 → 1.2 / sqrt(1.44 + 15) = 0.296
    const s = scoreSentiment("great but fine", { lexicon: { great: 1.6, fine: 0.8 } });
    expect(s.tokens.map((t) => t.valence)).toEqual([0.4, 0, 0.8]);
    expect(s.compound).toBe(pyRound(norm(1.2), 4));
    expect(s.tokens[0].adjustments.map((a) => a.rule)).toEqual(["but", "but"]);
  });

  it("special-case idioms replace the valence", () => {
    // "the shit" = 3 (shit alone is -2.6); 3 + 0.292 → 0.6476
    expect(c("With VADER, sentiment analysis is the shit!")).toBe(0.6476);
    expect(c("Most automated sentiment analysis tools are shit.")).toBe(pyRound(norm(-2.6), 4));
    // "the bomb" = 3 → 3 / sqrt(24) = 0.6124 (bomb alone is -2.2)
    expect(c("That movie was the bomb")).toBe(0.6124);
    // "kiss of death" = -1.5 on "death" (the phrase is found from "kiss" three back)
    expect(rules("oh no it was the kiss of death", "death")).toContain("idiom");
  });

  it('"no" negates the next lexicon word and then counts 0 itself', () => {
    // no (-1.2 → 0) problem: -1.7 * -0.74 = 1.258 → 0.3089
    const s = scoreSentiment("no problem at all");
    expect(s.compound).toBe(0.3089);
    expect(s.tokens[0].adjustments.map((a) => a.rule)).toEqual(["no-as-modifier"]);
    expect(s.tokens[1].adjustments.map((a) => a.rule)).toEqual(["no-before"]);
    // "no" alone keeps its valence: -1.2 → -0.2960
    expect(c("no")).toBe(pyRound(norm(-1.2), 4));
  });

  it("emojis become their descriptions; emoticons are lexicon tokens", () => {
    // 💘 heart with arrow (heart 3.2), 💋 kiss mark (kiss 1.8), 😁 beaming face with smiling eyes (smiling 2): 7 → 0.875
    const s = scoreSentiment("Catch utf-8 emoji such as 💘 and 💋 and 😁");
    expect(s.compound).toBe(0.875);
    expect(s.tokens.map((t) => t.token)).toContain("arrow");
    // sure 1.3, :) 2 and :D (looked up lowercased, ":d" 2.3; "D" is a capital, so + 0.733 caps),
    // + "!": 1.3 + 2 + 3.033 + 0.292 = 6.625 → 0.8633 (the reference demo prints 0.8633)
    expect(c("Make sure you :) or :D today!")).toBe(pyRound(norm(1.3 + 2 + 3.033 + 0.292), 4));
    expect(c("Make sure you :) or :D today!")).toBe(0.8633);
    // an emoji glued to a word is separated by a space
    expect(scoreSentiment("love💘").tokens.map((t) => t.token)).toEqual(["love", "heart", "with", "arrow"]);
  });

  it("punctuation is stripped from words but kept in short emoticon-like tokens", () => {
    expect(scoreSentiment("(good)").tokens[0].token).toBe("good");
    expect(scoreSentiment(":-)").tokens[0]).toMatchObject({ token: ":-)", role: "sentiment" });
  });

  it("texts without tokens score 0 everywhere (as the reference)", () => {
    for (const t of ["", "   ", "\n\t"]) expect(scoreSentiment(t)).toMatchObject({ neg: 0, neu: 0, pos: 0, compound: 0, tokens: [] });
  });

  it("per-token contributions add up to the sum, and explain the compound", () => {
    const s = scoreSentiment("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!");
    expect(s.compound).toBe(0.9469);
    let sum = 0;
    for (const t of s.tokens) {
      sum += t.valence;
      if (t.adjustments.length > 0) {
        expect(t.adjustments[0].before).toBe(t.lexicon);
        expect(t.adjustments[t.adjustments.length - 1].after).toBe(t.valence);
      }
    }
    expect(sum).toBe(s.sum);
    expect(s.punctuation).toBeCloseTo(3 * 0.292, 12);
    expect(s.compound).toBe(pyRound(norm(s.sum + s.punctuation), 4));
  });

  it("lexicon overrides change a token's valence or remove it", () => {
    // cheap is not in VADER's lexicon: neutral; with { cheap: 1.5 }: 1.5 / sqrt(2.25 + 15) = 0.3612
    expect(c("The food was cheap.")).toBe(0);
    expect(c("The food was cheap.", { lexicon: { cheap: 1.5 } })).toBe(0.3612);
    // keys are matched lowercased, like every lexicon lookup
    expect(c("The food was cheap", { lexicon: { Cheap: 1.5 } })).toBe(0.3612);
    // null removes: "kill" (-3.7) becomes neutral
    expect(c("they kill it", { lexicon: { kill: null } })).toBe(0);
    // unrounded output on request
    expect(scoreSentiment("The food was cheap.", { lexicon: { cheap: 1.5 }, round: false }).compound).toBe(norm(1.5));
  });

  it("Python round(): ties to even on the exact double", () => {
    expect(pyRound(0.03125, 4)).toBe(0.0312); // exact tie, 2 is even
    expect(pyRound(0.09375, 4)).toBe(0.0938); // exact tie, 7 is odd
    expect(pyRound(0.0625, 3)).toBe(0.062);
    expect(pyRound(-0.03125, 4)).toBe(-0.0312);
    expect(pyRound(0.12345678, 4)).toBe(0.1235);
    expect(Object.is(pyRound(-0.00001, 4), 0)).toBe(true);
  });
});
