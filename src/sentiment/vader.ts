// The VADER rules (Hutto & Gilbert 2014) with the semantics of the reference Python
// implementation (vaderSentiment 3.3.2, repository HEAD), rewritten for this library: same
// tokens, same rule order, same floating-point operations in the same order, so compound scores
// equal the reference's. Internal: the public functions are in ./score.ts and ./segments.ts.
// The code lives in src/sentiment/vader/, one concept per file: the constants, word lists and
// lookup tables; the types; Python-compatible text handling (case, emoji, tokenizing); the
// scoring rules (one pass in the reference's rule order, which is why scoreText stays one
// function); and Python's round. This file re-exports what it exported before the split.
export { BOOSTER_INCREMENT, CAPS_INCREMENT, NEGATION_SCALAR, NORMALIZATION_ALPHA, tables } from "./vader/tables.js";
export type { Lexicon, Adjustment, AdjustmentRule, TokenTrace, RawScore } from "./vader/types.js";
export { isUpper, substituteEmoji, tokenize } from "./vader/text.js";
export { scoreText } from "./vader/rules.js";
export { pyRound } from "./vader/round.js";
