// Types of the VADER scorer: the lexicon lookup, adjustments and token traces, raw scores.
import type { SentimentScore } from "../score.js";

/** Valence lookup: the overrides first (null removes a token), then VADER's lexicon. */
export interface Lexicon {
  base: Map<string, number>;
  overrides: Map<string, number | null> | null;
}

/** One rule applied to a token's valence, in the order the rules ran. */
export interface Adjustment {
  rule: AdjustmentRule;
  /** The word (or phrase) that triggered the rule, when there is one. */
  word?: string;
  before: number;
  after: number;
}

/** Names of the VADER rules that can change a token's valence. */
export type AdjustmentRule =
  | "no-before"
  | "no-as-modifier"
  | "caps"
  | "booster"
  | "negation"
  | "never-so"
  | "without-doubt"
  | "idiom"
  | "idiom-booster"
  | "least"
  | "but";

/** Trace of one token, filled when an explanation is asked for. */
export interface TokenTrace {
  token: string;
  role: "sentiment" | "neutral" | "modifier";
  lexicon: number | null;
  valence: number;
  adjustments: Adjustment[];
}

/** Raw scores of one text (not rounded): the public score's fields without the tokens. */
export type RawScore = Omit<SentimentScore, "tokens">;
