// Limits and constants shared by the state checks and the update paths.

/** Largest number of arms a bandit may have. */
export const MAX_ARMS = 10_000;

/**
 * Largest absolute reward a Gaussian bandit accepts (and largest prior field). Squares and
 * sums of up to 2^53 such rewards stay finite, so no sequence of updates can make a state
 * that `banditFromJSON` rejects.
 */
export const MAX_REWARD = 1e100;

/** Largest observation count (per arm, and per summary): 2^53 - 1, the largest exact integer. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;
/** Relative slack of the statistics checks (float rounding of discounted sums). */
export const REL = 1e-9;

/** Where the pooled block is, for error paths (hoisted: no allocation per call). */
export const POOLED_PATH: readonly string[] = ["pooled"];
