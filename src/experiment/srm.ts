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
  /** p-value of the goodness-of-fit test. */
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

const srmSchema = z
  .object({
    expected: z.array(z.number().positive().finite()).optional(),
    threshold: z.number().gt(0).lt(1).default(0.001),
  })
  .strict();

/**
 * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of the units per group
 * against the intended split. A mismatch means assignment or logging is broken and the
 * experiment's results should not be read. O(groups).
 *
 * @param counts - units assigned to each group (≥ 2 groups)
 * @param options - `expected` shares (default equal), `threshold` (default 0.001)
 * @throws ClienteleError `TOO_FEW_GROUPS`, `NEGATIVE_VALUE`, `NOT_INTEGER`, `NON_FINITE`, `LENGTH_MISMATCH`, `EMPTY_INPUT`
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
  if (!Array.isArray(counts) || counts.length < 2) {
    throw new ClienteleError({
      code: "TOO_FEW_GROUPS",
      path: ["counts"],
      received: counts,
      message: `${fn}: pass the units of at least two groups, e.g. [5012, 4988]. Got ${describeValue(counts)}.`,
    });
  }
  const k = counts.length;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const c = counts[i];
    if (typeof c !== "number" || !Number.isFinite(c)) {
      throw new ClienteleError({ code: "NON_FINITE", path: ["counts", i], received: c, message: `${fn}: counts[${i}] is ${describeValue(c)}; pass whole numbers of units.` });
    }
    if (c < 0) throw new ClienteleError({ code: "NEGATIVE_VALUE", path: ["counts", i], received: c, message: `${fn}: counts[${i}] is ${c}; counts cannot be negative.` });
    if (!Number.isInteger(c)) throw new ClienteleError({ code: "NOT_INTEGER", path: ["counts", i], received: c, message: `${fn}: counts[${i}] is ${c}; pass whole numbers of units.` });
    total += c;
  }
  if (total === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: ["counts"], message: `${fn}: every group has 0 units; nothing to check yet.` });
  const w = o.expected ?? new Array<number>(k).fill(1);
  if (w.length !== k) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["options", "expected"],
      received: w.length,
      message: `${fn}: ${k} groups but ${w.length} expected shares. Pass one share per group.`,
    });
  }
  const wsum = w.reduce((a, b) => a + b, 0);
  const expectedShares = w.map((x) => x / wsum);
  let chi = 0;
  for (let i = 0; i < k; i++) {
    const e = total * expectedShares[i];
    chi += ((counts[i] - e) * (counts[i] - e)) / e;
  }
  const pValue = chiSquareSf(chi, k - 1);
  const mismatch = pValue < o.threshold;
  const observedShares = counts.map((c) => c / total);
  const fmt = (xs: number[]) => xs.map((x) => (100 * x).toFixed(2) + "%").join(" / ");
  const message = mismatch
    ? `Sample ratio mismatch: observed ${fmt(observedShares)} vs intended ${fmt(expectedShares)} (chi-square ${chi.toFixed(2)}, p = ${pValue.toPrecision(3)}). Assignment or logging is broken; do not trust this experiment's results until it is fixed.`
    : `No sample ratio mismatch: observed ${fmt(observedShares)} vs intended ${fmt(expectedShares)} (p = ${pValue.toPrecision(3)}).`;
  return { chiSquare: chi, df: k - 1, pValue, mismatch, observedShares, expectedShares, message };
}
