// Bad input, options, determinism, frozen inputs and JSON for every export of clientele/sentiment
// (the issue-10 contract; issue 15 "Bad input": texts that are not strings, lexicon overrides
// outside VADER's scale, empty input, unknown options).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreSentiment, scoreSentimentBatch, sentimentScoreRows, sentimentSegments, sentimentSegmentRows } from "../../src/sentiment/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const msgs = () => [
  { customerId: "a", timestamp: "2024-01-01", text: "great" },
  { customerId: "a", timestamp: "2024-02-01", text: "awful" },
  { customerId: 7, timestamp: new Date("2024-01-01T00:00:00Z"), compound: 0.2 },
];

describe("sentiment: bad input is a ClienteleError naming the public function", () => {
  it("texts that are not strings → INVALID_INPUT with the index", () => {
    for (const bad of [null, undefined, 5, NaN, {}, ["a"]]) {
      const e = expectClienteleError(() => scoreSentimentBatch(["fine", bad as unknown as string]), "INVALID_INPUT");
      expect(e.path).toEqual(["texts", 1]);
      expect(e.message.startsWith("scoreSentimentBatch: texts[1] is")).toBe(true);
      expectClienteleError(() => scoreSentiment(bad as unknown as string), "INVALID_INPUT");
    }
    expect(expectClienteleError(() => scoreSentiment(undefined as unknown as string), "INVALID_INPUT").message).toMatch(/^scoreSentiment: text is/);
  });

  it("batch input that is not an array, or empty", () => {
    expect(expectClienteleError(() => scoreSentimentBatch("one text" as unknown as string[]), "INVALID_INPUT").message).toContain("call scoreSentiment");
    expectClienteleError(() => scoreSentimentBatch(null as unknown as string[]), "INVALID_INPUT");
    expectClienteleError(() => scoreSentimentBatch([]), "EMPTY_INPUT");
    expectClienteleError(() => sentimentSegments([]), "EMPTY_INPUT");
    expectClienteleError(() => sentimentSegments(5 as never), "INVALID_INPUT");
  });

  it("lexicon overrides outside [-4, 4] → OUT_OF_RANGE; NaN → NON_FINITE; other kinds → INVALID_OPTION", () => {
    for (const v of [4.5, -5, 100]) {
      const e = expectClienteleError(() => scoreSentiment("cheap", { lexicon: { cheap: v } }), "OUT_OF_RANGE");
      expect(e.path).toEqual(["options", "lexicon", "cheap"]);
      expect(e.message).toContain("[-4, 4]");
      expectClienteleError(() => scoreSentimentBatch(["x"], { lexicon: { cheap: v } }), "OUT_OF_RANGE");
      expectClienteleError(() => sentimentSegments(msgs(), { lexicon: { cheap: v } }), "OUT_OF_RANGE");
    }
    expect(scoreSentiment("cheap", { lexicon: { cheap: 4 } }).compound).toBe(0.7184); // 4 / sqrt(16 + 15) = 0.71842
    expectClienteleError(() => scoreSentiment("x", { lexicon: { cheap: NaN } }), "NON_FINITE");
    expectClienteleError(() => scoreSentiment("x", { lexicon: { cheap: "1" as unknown as number } }), "INVALID_OPTION");
    expectClienteleError(() => scoreSentiment("x", { lexicon: { "two words": 1 } }), "INVALID_OPTION");
    expectClienteleError(() => scoreSentiment("x", { lexicon: [] as never }), "INVALID_OPTION");
  });

  it("unknown options → INVALID_OPTION with the key in path and the nearest name", () => {
    const e = expectClienteleError(() => scoreSentiment("x", { lexikon: {} } as never), "INVALID_OPTION");
    expect(e).toMatchObject({ code: "INVALID_OPTION", path: ["options", "lexikon"] });
    expect(e.message).toBe('scoreSentiment: unknown option "lexikon"; did you mean "lexicon"?');
    expectClienteleError(() => scoreSentimentBatch(["x"], { rounding: true } as never), "INVALID_OPTION");
    expect(expectClienteleError(() => sentimentSegments(msgs(), { recnt: 2 } as never), "INVALID_OPTION").path).toEqual(["options", "recnt"]);
    expectClienteleError(() => scoreSentiment("x", null as never), "INVALID_OPTION");
    expectClienteleError(() => sentimentSegments(msgs(), { promoterMin: 0, detractorMax: 0.2 }), "INVALID_OPTION");
    expectClienteleError(() => sentimentSegments(msgs(), { recent: 0 }), "INVALID_OPTION");
    expectClienteleError(() => sentimentSegments(msgs(), { trend: "linear" as never }), "INVALID_OPTION");
  });

  it("over-long texts → TOO_LARGE before scoring", () => {
    const long = "good ".repeat(200_001);
    expectClienteleError(() => scoreSentiment(long), "TOO_LARGE");
    expect(expectClienteleError(() => scoreSentimentBatch(["ok", long]), "TOO_LARGE").path).toEqual(["texts", 1]);
  });

  it("row views reject what is not their result", () => {
    expectClienteleError(() => sentimentScoreRows(null as never), "INVALID_INPUT");
    expectClienteleError(() => sentimentScoreRows({ n: 2, neg: [0], neu: [0], pos: [0], compound: [0] } as never), "LENGTH_MISMATCH");
    expectClienteleError(() => sentimentSegmentRows({} as never), "INVALID_INPUT");
    expectClienteleError(() => sentimentSegmentRows({ ...sentimentSegments(msgs()), segment: ["x", "y"] } as never), "INVALID_INPUT");
  });
});

describe("sentiment: results", () => {
  it("frozen inputs are accepted and unchanged; same input, same output", () => {
    const texts = Object.freeze(["good", "bad but fine"]);
    const a = scoreSentimentBatch(texts, Object.freeze({ lexicon: Object.freeze({ fine: 1 }) }));
    expect(JSON.stringify(scoreSentimentBatch(texts, { lexicon: { fine: 1 } }))).toBe(JSON.stringify(a));
    const rows = msgs().map((r) => Object.freeze(r));
    const before = JSON.stringify(rows);
    const s1 = sentimentSegments(Object.freeze(rows));
    expect(JSON.stringify(rows)).toBe(before);
    expect(JSON.stringify(sentimentSegments(rows))).toBe(JSON.stringify(s1));
  });

  it("columnar results serialize as JSON arrays and round-trip through the row views", () => {
    const b = scoreSentimentBatch(["good", "bad"]);
    const j = JSON.parse(JSON.stringify(b));
    expect(j.compound).toEqual([0.4404, -0.5423]);
    expect(sentimentScoreRows(j)).toEqual(sentimentScoreRows(b));
    const s = sentimentSegments(msgs());
    const sj = JSON.parse(JSON.stringify(s));
    expect(Array.isArray(sj.mean)).toBe(true);
    expect(sentimentSegmentRows(sj)).toEqual(sentimentSegmentRows(s));
  });

  it("property: scores are in range, JSON-clean and deterministic for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc
            .array(fc.constantFrom("good", "BAD", "not", "but", "very", "no", "kind", "of", "!", "??", "😁", ":)", "least", "the", "shit", "never", "so"), {
              maxLength: 12,
            })
            .map((a) => a.join(" ")),
        ),
        (t) => {
          const s = scoreSentiment(t);
          for (const v of [s.neg, s.neu, s.pos]) expect(v >= 0 && v <= 1).toBe(true);
          expect(s.compound >= -1 && s.compound <= 1).toBe(true);
          for (const x of [s.sum, s.punctuation, ...s.tokens.flatMap((k) => [k.valence, ...k.adjustments.flatMap((a) => [a.before, a.after])])])
            expect(Number.isFinite(x)).toBe(true);
          expect(JSON.stringify(scoreSentiment(t))).toBe(JSON.stringify(s));
          if (s.tokens.length > 0) expect(s.neg + s.neu + s.pos).toBeCloseTo(1, 2);
          const raw = scoreSentiment(t, { round: false });
          expect(Math.abs(raw.compound - s.compound)).toBeLessThanOrEqual(5e-5 + 1e-12);
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });
});
