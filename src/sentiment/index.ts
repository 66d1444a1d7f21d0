/**
 * `clientele/sentiment`: VADER sentiment scores (Hutto & Gilbert 2014), faithful to the reference
 * Python implementation (vaderSentiment 3.3.2), with per-token explanations and domain lexicon
 * overrides; batch scoring into columns; per-customer sentiment segments (promoters, passives,
 * detractors, detractors at risk) that join with RFM and churn results on the customer id.
 *
 * The VADER lexicons (MIT licence, C.J. Hutto) ship inside this subpath only.
 *
 * @packageDocumentation
 * @module clientele/sentiment
 */
export { scoreSentiment, scoreSentimentBatch, sentimentScoreRows, MAX_TEXT_LENGTH } from "./score.js";
export type {
  LexiconOverrides,
  ScoreSentimentOptions,
  SentimentAdjustment,
  AdjustmentRule,
  SentimentToken,
  SentimentScore,
  SentimentScores,
  SentimentScoreRow,
} from "./score.js";
export { sentimentSegments, sentimentSegmentRows } from "./segments.js";
export type {
  SentimentMessageRow,
  SentimentSegment,
  SentimentTrend,
  SentimentSegmentsOptions,
  SentimentSegments,
  SentimentSegmentRow,
} from "./segments.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export type { TimeUnit } from "../core/time.js";
