// Ids, the interaction matrix (CSR, plain data) and buildInteractions' input and options.

/**
 * A user or item identifier as the host passes it: a non-empty string or a finite number. The
 * library's one id rule (as in `clientele/data` and `clientele/rfm`): ids are compared by their
 * string form, so 7 and "7" are the same user or item, and every result returns ids as strings.
 */
export type RecommendId = string | number;

/**
 * A sparse user × item interaction matrix in compressed sparse row (CSR) form, with the
 * host's ids. Row `u` (user `userIds[u]`) holds the items `indices[indptr[u] .. indptr[u+1])`
 * with weights `values[...]`, item indices sorted ascending within a row. Plain arrays, so
 * `JSON.stringify` round-trips it (`interactionsFromJSON` checks it on the way back).
 * Memory: about 16 bytes per stored interaction plus the id maps (24 with timestamps).
 */
export interface Interactions {
  kind: "interactions";
  version: 1;
  /** Number of users (rows). */
  nUsers: number;
  /** Number of items (columns). */
  nItems: number;
  /** User id of each row (string form, see {@link RecommendId}). */
  userIds: string[];
  /** Item id of each column (string form). */
  itemIds: string[];
  /** Row pointers, length `nUsers + 1`. */
  indptr: number[];
  /** Column (item) index of each stored interaction, sorted within each row. */
  indices: number[];
  /** Aggregated weight of each stored interaction (> 0). */
  values: number[];
  /** Latest timestamp (ms since epoch, or any number) of each stored pair, when timestamps were given. */
  timestamps?: number[];
}

/** One interaction row: who did what, how strongly, and when. */
export interface InteractionRow {
  userId: RecommendId;
  itemId: RecommendId;
  /** Strength of the interaction (default 1): a purchase count, a view weight, a rating. Must be finite and >= 0. */
  weight?: number;
  /** When it happened: a Date or a number (e.g. ms since epoch). Needed for time decay and leave-last-out. */
  timestamp?: number | Date;
}

/** Interactions as parallel columns (one entry per event). */
export interface InteractionColumns {
  userId: ArrayLike<RecommendId>;
  itemId: ArrayLike<RecommendId>;
  weight?: ArrayLike<number>;
  timestamp?: ArrayLike<number | Date>;
}

/** Options of {@link buildInteractions}. */
export interface BuildInteractionsOptions {
  /**
   * How duplicate (user, item) events are combined: `"sum"` (default) adds weights,
   * `"max"` keeps the largest, `"last"` keeps the latest by timestamp (input order on ties),
   * `"binary"` stores 1 for any event with positive weight.
   */
  aggregate?: "sum" | "max" | "last" | "binary";
  /**
   * Multiplies each event's weight by `0.5 ^ ((now - timestamp) / halfLife)` before
   * aggregation. `halfLife` and `now` are in the timestamps' unit (ms for Dates).
   */
  timeDecay?: { halfLife: number; now: number | Date };
  /** Weight of events whose row has none (default 1). */
  defaultWeight?: number;
  /**
   * Names of the fields (rows) or columns to read, when the data uses other names:
   * e.g. `{ weight: "rating", userId: "user_id" }`. Defaults are the names of {@link InteractionRow}.
   */
  fields?: { userId?: string; itemId?: string; weight?: string; timestamp?: string };
}
