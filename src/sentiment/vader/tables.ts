// VADER's constants, booster / negation / special-case word lists (the reference's, HEAD
// version) and the lookup tables built once from the generated lexicon.
import { EMOJI_DATA, LEXICON_INDEX, LEXICON_TOKENS, LEXICON_VALENCES } from "../lexicon.generated.js";

/** Mean rating increase for a booster word (B_INCR); dampeners use its negative. */
export const BOOSTER_INCREMENT = 0.293;
/** Rating increase for a word in ALL CAPS when the text mixes case (C_INCR). */
export const CAPS_INCREMENT = 0.733;
/** Factor applied to a negated valence (N_SCALAR). */
export const NEGATION_SCALAR = -0.74;
/** Normalization constant of the compound score: x / sqrt(x² + 15). */
export const NORMALIZATION_ALPHA = 15;

// Degree adverbs: + boosters, − dampeners (the reference's booster dictionary, HEAD version).
const UP = [
  "absolutely",
  "amazingly",
  "awfully",
  "completely",
  "considerable",
  "considerably",
  "decidedly",
  "deeply",
  "effing",
  "enormous",
  "enormously",
  "entirely",
  "especially",
  "exceptional",
  "exceptionally",
  "extreme",
  "extremely",
  "fabulously",
  "flipping",
  "flippin",
  "frackin",
  "fracking",
  "fricking",
  "frickin",
  "frigging",
  "friggin",
  "fully",
  "fuckin",
  "fucking",
  "fuggin",
  "fugging",
  "greatly",
  "hella",
  "highly",
  "hugely",
  "incredible",
  "incredibly",
  "intensely",
  "major",
  "majorly",
  "more",
  "most",
  "particularly",
  "purely",
  "quite",
  "really",
  "remarkably",
  "so",
  "substantially",
  "thoroughly",
  "total",
  "totally",
  "tremendous",
  "tremendously",
  "uber",
  "unbelievably",
  "unusually",
  "utter",
  "utterly",
  "very",
];
const DOWN = [
  "almost",
  "barely",
  "hardly",
  "just enough",
  "kind of",
  "kinda",
  "kindof",
  "kind-of",
  "less",
  "little",
  "marginal",
  "marginally",
  "occasional",
  "occasionally",
  "partly",
  "scarce",
  "scarcely",
  "slight",
  "slightly",
  "somewhat",
  "sort of",
  "sorta",
  "sortof",
  "sort-of",
];
// Words that negate the valence of a following lexicon word (any token containing "n't" does too).
const NEGATIONS = [
  "aint",
  "arent",
  "cannot",
  "cant",
  "couldnt",
  "darent",
  "didnt",
  "doesnt",
  "ain't",
  "aren't",
  "can't",
  "couldn't",
  "daren't",
  "didn't",
  "doesn't",
  "dont",
  "hadnt",
  "hasnt",
  "havent",
  "isnt",
  "mightnt",
  "mustnt",
  "neither",
  "don't",
  "hadn't",
  "hasn't",
  "haven't",
  "isn't",
  "mightn't",
  "mustn't",
  "neednt",
  "needn't",
  "never",
  "none",
  "nope",
  "nor",
  "not",
  "nothing",
  "nowhere",
  "oughtnt",
  "shant",
  "shouldnt",
  "uhuh",
  "wasnt",
  "werent",
  "oughtn't",
  "shan't",
  "shouldn't",
  "uh-uh",
  "wasn't",
  "weren't",
  "without",
  "wont",
  "wouldnt",
  "won't",
  "wouldn't",
  "rarely",
  "seldom",
  "despite",
];
// Idioms and phrases that replace the valence of the lexicon word they contain.
const SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ["the shit", 3],
  ["the bomb", 3],
  ["bad ass", 1.5],
  ["badass", 1.5],
  ["bus stop", 0],
  ["yeah right", -2],
  ["kiss of death", -1.5],
  ["to die for", 3],
  ["beating heart", 3.1],
  ["broken heart", -2.9],
];

export interface Tables {
  lexicon: Map<string, number>;
  emoji: Map<number, string>;
  booster: Map<string, number>;
  negations: Set<string>;
  special: Map<string, number>;
  /** Words that occur in a multi-word special case or booster: n-grams are built only from these. */
  phraseWords: Set<string>;
}

let TABLES: Tables | null = null;

/** Decodes the generated lexicon module (once, on first use). */
export function tables(): Tables {
  if (TABLES !== null) return TABLES;
  const lexicon = new Map<string, number>();
  const coded = LEXICON_TOKENS.split("\t");
  let prev = "";
  for (let i = 0; i < coded.length; i++) {
    const c = coded[i];
    const w = prev.slice(0, c.charCodeAt(0) - 48) + c.slice(1);
    let k = LEXICON_INDEX.charCodeAt(i) - 40;
    if (k > 52) k--; // 92 ("\") is skipped
    lexicon.set(w, LEXICON_VALENCES[k]);
    prev = w;
  }
  const emoji = new Map<number, string>();
  let cp = 0;
  for (const entry of EMOJI_DATA.split("|")) {
    const k = entry.indexOf(";");
    cp += parseInt(entry.slice(0, k), 36);
    emoji.set(cp, entry.slice(k + 1));
  }
  const booster = new Map<string, number>();
  for (const w of UP) booster.set(w, BOOSTER_INCREMENT);
  for (const w of DOWN) booster.set(w, -BOOSTER_INCREMENT);
  const special = new Map<string, number>(SPECIAL);
  const phraseWords = new Set<string>();
  for (const k of [...special.keys(), ...booster.keys()]) if (k.includes(" ")) for (const w of k.split(" ")) phraseWords.add(w);
  TABLES = { lexicon, emoji, booster, negations: new Set(NEGATIONS), special, phraseWords };
  return TABLES;
}
