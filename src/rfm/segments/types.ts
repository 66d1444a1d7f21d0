// Types of assignSegments: fallback, options, score rows, the result and its rows.
import type { RfmScores } from "../score.js";

/** The segment a customer gets when no rule matches (see `AssignSegmentsOptions.fallback`). */
export interface SegmentFallback {
  /** Segment name. Default `"Other"`. */
  segment: string;
  /** Recommended action. */
  action: string;
}

/** Options of {@link assignSegments}. */
export interface AssignSegmentsOptions {
  /**
   * Catch-all segment for customers that no rule matches. Default
   * `{ segment: "Other", action: "Review: no segment rule matched these scores." }`.
   * With the default table and 5 bins it is never used (the table covers every score).
   */
  fallback?: SegmentFallback;
}

/** Scores as rows, for {@link assignSegments}. */
export interface RfmScoreInputRow {
  /** Customer id (optional; defaults to the row index). */
  id?: string | number;
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
}

/** Segment of every customer (plain data), as returned by {@link assignSegments}. */
export interface RfmSegments {
  /** Number of customers. */
  n: number;
  /** Customer ids. */
  id: string[];
  /** Segment name per customer. */
  segment: string[];
  /** Index into `segments` per customer. */
  segmentIndex: Uint8Array;
  /** Segment names in rule order (unique), the fallback last. */
  segments: string[];
  /** Recommended action per entry of `segments`. */
  actions: string[];
  /** Index in `segments` of the fallback (catch-all) segment. */
  fallbackIndex: number;
  /** Recency scores. */
  r: Uint8Array;
  /** Frequency scores. */
  f: Uint8Array;
  /** Monetary scores. */
  m: Uint8Array;
  /** The scored data when the input came from `scoreRfm` / `scoreRfmtc` (for `segmentReport`). */
  scores?: RfmScores;
  /** The warnings of the scores (see `RfmScores.warnings`); empty for plain score rows. */
  warnings: string[];
}

/** One customer's segment, as returned by {@link segmentRows}. */
export interface RfmSegmentRow {
  /** Customer id. */
  id: string;
  /** Segment name. */
  segment: string;
  /** Recommended action of the segment. */
  action: string;
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
}
