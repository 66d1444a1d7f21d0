// The one catalogue of error codes. Every `ClienteleError` the library throws carries one of
// these; `docs/errors.md` is generated from this file (`npm run docs:errors`) and a test checks
// that every code thrown in `src` is listed here and that every entry is thrown by some test.
// A code never changes meaning once released; new codes are added at the end of their group.

/**
 * Stable error codes with one line of meaning each. Branch on these, not on messages.
 */
export const ERROR_CODES = {
  // --- options and arguments
  INVALID_OPTION: "An option is unknown (the message names the nearest valid one), has the wrong type, or is out of its range.",
  INVALID_INPUT: "An argument is not the kind of value the function takes (not an array, not a summary, a row that is not an object, ...).",
  // --- data values
  EMPTY_INPUT: "There is nothing to work on: no rows, no points, no customers, no arms.",
  MISSING_COLUMN: "A required column or row field is absent; the message names the expected field (and a near miss such as `customer_id` for `customerId`).",
  MISSING_VALUE: "A required value is null or undefined in one row (an id, a timestamp, an amount).",
  NON_FINITE: "A number is NaN or infinite where a finite number is required.",
  NEGATIVE_VALUE: "A count, weight, amount or length is negative where it must be >= 0.",
  NOT_INTEGER: "A count or index is not a whole number.",
  OUT_OF_RANGE: "A number is finite but outside the range the function accepts (a probability above 1, a rate <= 0, ...).",
  LENGTH_MISMATCH: "Parallel columns or arrays have different lengths.",
  SHAPE_MISMATCH: "Points, vectors or matrices have inconsistent dimensions (ragged rows, a model with another number of features or bins).",
  INVALID_ID: "An id is not a string or a finite number, or is an empty string.",
  DUPLICATE_ID: 'An id that must be unique appears twice (7 and "7" are the same id).',
  INVALID_TIMESTAMP:
    "A timestamp cannot be read as meant: an unparsable string, an invalid Date, or a number that is not plausible epoch milliseconds (pass `timestampUnit`).",
  AFTER_OBSERVATION_END: "A transaction or event is dated after the declared end of observation.",
  RECENCY_AFTER_T: "A customer's recency is greater than their age T.",
  RECENCY_WITHOUT_REPEAT: "A customer with frequency 0 has a recency other than 0.",
  NON_POSITIVE_SPEND: "A spend model was given a monetary value <= 0 for a repeat customer.",
  INFINITE_MEAN_SPEND: "The fitted Gamma-Gamma model has q <= 1, so its expected spend is infinite.",
  NO_REPEAT_CUSTOMERS: "The data has no repeat customers, so the model cannot be identified.",
  TOO_FEW_OBSERVATIONS: "Too few rows, groups or distinct values for the computation (e.g. a variance from one point, one group in a comparison).",
  DEGENERATE_INPUT: "The input makes the result undefined (zero variance, all points identical, a correlation of constant columns).",
  INVALID_LABEL: "A label or cluster assignment is not a valid index or category.",
  CONVERSIONS_EXCEED_VISITORS: "An experiment arm reports more conversions than visitors.",
  MIXED_METRICS: "Experiment arms mix metric types (proportions with means).",
  REWARD_OUT_OF_RANGE: "A bandit reward is outside the range its policy accepts (Beta-Bernoulli rewards are in [0, 1]).",
  // --- models and state
  INVALID_MODEL: "A saved model or state is malformed: missing fields, wrong shapes, parameters outside their valid range.",
  WRONG_MODEL_KIND: "A model of another kind was passed (a K-Means model where a BG/NBD model is expected).",
  UNSUPPORTED_MODEL_VERSION: "A saved model's version is not one this release reads.",
  UNIT_MISMATCH: "A model and the data or option given with it are in different time units.",
  MODEL_DATA_MISMATCH: "A model and the data given with it do not describe the same things (another item catalogue, other features).",
  UNKNOWN_ITEM: "An item id is not in the model's catalogue.",
  UNKNOWN_USER: "A user id is not in the model (use a cold-start option or fold the user in).",
  UNKNOWN_ARM: "An arm name is not in the bandit's state.",
  UNKNOWN_STATE: "A segment or state name is not in the transition matrix or policy.",
  DUPLICATE_ARM: "Two arms have the same name.",
  DUPLICATE_SEGMENT: "Two segments or states have the same name.",
  NO_ACTIVE_ARMS: "Every arm of the bandit is paused or removed.",
  WINDOW_NEEDS_REWARDS: "A sliding-window policy needs the individual rewards, not only their sums.",
  NOT_FACTORIAL: "The arms do not form a full factorial design.",
  FACTORIAL_ARMS_FIXED: "A factorial test's arms are derived from its factors and cannot be added or removed one by one.",
  UNKNOWN_ACTION: "An action id is not among the actions given (a propensity or value keyed by an action that does not exist).",
  INFEASIBLE_ASSIGNMENT:
    "No assignment of actions to customers meets the capacities and eligibility (every customer must get an action but too few slots are open).",
  // --- fitting and resources
  FIT_FAILED: "The fit did not converge or hit a numerical failure; the message says what to try (more iterations, a penalty, rescaled data).",
  SINGULAR_SYSTEM: "A linear system is singular or not positive definite (collinear features, a constant column).",
  TOO_LARGE:
    "The input would need more memory or time than is reasonable; the message gives the size and what to do instead (sample, mini-batch, another method).",
  ABORTED: "The caller's AbortSignal fired; the work was stopped.",
  WASM_UNAVAILABLE: "The WebAssembly backend was forced but this runtime cannot compile WebAssembly.",
} as const;

/** A code from the catalogue ({@link ERROR_CODES}). */
export type ErrorCode = keyof typeof ERROR_CODES;
