import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { chiSquareSf } from "../core/distributions.js";
import { parseOptions } from "../core/validate.js";

/** Options of {@link sampleRatioMismatch}. */
export interface SampleRatioMismatchOptions {
  /** Intended share of each group (any positive weights; default equal). */
  expected?: ReadonlyArray<number>;
  /** p-value below which a mismatch is declared (default 0.001, the customary strict threshold). */
  threshold?: number;
}

/** Result of {@link sampleRatioMismatch}. */
export interface SampleRatioMismatchResult {
  /** Pearson chi-square statistic. */
  chiSquare: number;
  /** Degrees of freedom (groups − 1). */
  df: number;
  /** p-value of the goodness-of-fit test (0 when it is below the smallest double, ~5e-324). */
  pValue: number;
  /** True when pValue < threshold: the assignment is broken and results cannot be trusted. */
  mismatch: boolean;
  /** Observed share of each group. */
  observedShares: number[];
  /** Intended share of each group (normalized). */
  expectedShares: number[];
  /** A sentence for a report. */
  message: string;
}

const srmSchema = z.object({
  expected: z.array(z.number().positive()).min(2).optional(),
  threshold: z.number().gt(0).lt(1).default(0.001),
});

/**
 * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of the units per group
 * against the intended split. A mismatch means assignment or logging is broken and the
 * experiment's results should not be read. O(groups). The statistic is computed from shares
 * (no overflow at any count up to 2^53 − 1) and the p-value from the upper tail of the
 * chi-square distribution directly, so extreme splits give p = 0 (a mismatch), never NaN.
 *
 * @param counts - units assigned to each group (≥ 2 groups)
 * @param options - `expected` shares (default equal), `threshold` (default 0.001)
 * @throws ClienteleError `INVALID_INPUT` (not an array), `TOO_FEW_OBSERVATIONS` (fewer than 2 groups), `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `NON_FINITE`, `OUT_OF_RANGE` (a count above 2^53 − 1, an intended share below 1e-12),
 *   `LENGTH_MISMATCH`, `EMPTY_INPUT` (every group 0), `INVALID_OPTION`
 * @see Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD
 * @example
 * import { sampleRatioMismatch } from "clientele/experiment";
 * const r = sampleRatioMismatch([50550, 49450]);
 * r.pValue; // => 0.000504 (R: chisq.test(c(50550, 49450), p = c(.5, .5)))
 * r.mismatch; // => true
 */
export function sampleRatioMismatch(counts: ReadonlyArray<number>, options: SampleRatioMismatchOptions = {}): SampleRatioMismatchResult {
  const fn = "sampleRatioMismatch";
  const o = parseOptions(srmSchema, options, fn);
  return srmCore(counts, o.expected, o.threshold, fn, ["counts"], ["options", "expected"]);
}

/** Internal: `fn` names the public function; the paths say where counts and shares came from. */
export function srmCore(
  counts: ReadonlyArray<number>,
  expected: ReadonlyArray<number> | undefined,
  threshold: number,
  fn: string,
  countsPath: (string | number)[],
  expectedPath: (string | number)[],
): SampleRatioMismatchResult {
  const where = countsPath.join(".");
  if (!Array.isArray(counts) || counts.length < 2) {
    throw new ClienteleError({
      code: Array.isArray(counts) ? "TOO_FEW_OBSERVATIONS" : "INVALID_INPUT",
      path: countsPath,
      received: counts,
      message: `${fn}: pass the units of at least two groups, e.g. [5012, 4988]. Got ${describeValue(counts)}.`,
    });
  }
  const k = counts.length;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const c = counts[i];
    const at = [...countsPath, i];
    if (typeof c !== "number" || !Number.isFinite(c)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: at,
        received: c,
        message: `${fn}: ${where}[${i}] is ${describeValue(c)}; pass whole numbers of units.`,
      });
    }
    if (c < 0)
      throw new ClienteleError({ code: "NEGATIVE_VALUE", path: at, received: c, message: `${fn}: ${where}[${i}] is ${c}; counts cannot be negative.` });
    if (!Number.isInteger(c))
      throw new ClienteleError({ code: "NOT_INTEGER", path: at, received: c, message: `${fn}: ${where}[${i}] is ${c}; pass whole numbers of units.` });
    if (c > Number.MAX_SAFE_INTEGER) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: at,
        received: c,
        message: `${fn}: ${where}[${i}] is ${c}; counts above ${Number.MAX_SAFE_INTEGER} (2^53 − 1) cannot be represented exactly. Check that the column holds unit counts.`,
      });
    }
    total += c;
  }
  if (total === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: countsPath, message: `${fn}: every group has 0 units; nothing to check yet.` });
  const w = expected ?? new Array<number>(k).fill(1);
  if (w.length !== k) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: expectedPath,
      received: w.length,
      message: `${fn}: ${k} groups but ${w.length} expected shares. Pass one share per group.`,
    });
  }
  // Normalize by the largest weight first so that the sum cannot overflow.
  let wmax = 0;
  for (const x of w) if (x > wmax) wmax = x;
  let wsum = 0;
  for (const x of w) wsum += x / wmax;
  const expectedShares = w.map((x) => x / wmax / wsum);
  for (let i = 0; i < k; i++) {
    if (!(expectedShares[i] >= 1e-12)) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: [...expectedPath, i],
        received: w[i],
        message: `${fn}: the intended share of group ${i} (${w[i]} of ${w.map(String).join(" + ")}) is below 1e-12; no experiment splits that finely. Check the intended split (shares are relative weights, e.g. [1, 1] or [90, 10]).`,
      });
    }
  }
  // chi² = total · Σ (observed share − intended share)² / intended share: no count is squared.
  let chi = 0;
  for (let i = 0; i < k; i++) {
    const d = counts[i] / total - expectedShares[i];
    chi += (d / expectedShares[i]) * d;
  }
  chi *= total;
  const pValue = chiSquareSf(chi, k - 1);
  const mismatch = pValue < threshold;
  const observedShares = counts.map((c) => c / total);
  const fmt = (xs: number[]) => xs.map((x) => (100 * x).toFixed(2) + "%").join(" / ");
  const pText = pValue < 1e-300 ? "< 1e-300" : `= ${pValue.toPrecision(3)}`;
  const chiText = chi < 1e15 ? chi.toFixed(2) : chi.toExponential(3);
  const message = mismatch
    ? `Sample ratio mismatch: observed ${fmt(observedShares)} vs intended ${fmt(expectedShares)} (chi-square ${chiText}, p ${pText}). Assignment or logging is broken; do not trust this experiment's results until it is fixed.`
    : `No sample ratio mismatch: observed ${fmt(observedShares)} vs intended ${fmt(expectedShares)} (p ${pText}).`;
  return { chiSquare: chi, df: k - 1, pValue, mismatch, observedShares, expectedShares, message };
}
