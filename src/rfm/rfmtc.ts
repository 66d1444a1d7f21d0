import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import {
  checkScores,
  quantileScores,
  scoreColumns,
  scoreRfmOptionsSchema,
  thresholdScores,
  toRfmColumns,
  type RfmInput,
  type RfmScores,
  type ScoreRfmOptions,
} from "./score.js";

/** What a churn function passed to {@link scoreRfmtc} sees for one customer. */
export interface RfmtcCustomerView {
  /** Customer id. */
  id: string;
  /** Time since the last purchase. */
  recency: number;
  /** Frequency value. */
  frequency: number;
  /** Monetary value. */
  monetary: number;
  /** Time since the first purchase (tenure). */
  T: number;
}

/** A churn probability per customer: a column, or a function of the customer's index and values. */
export type ChurnInput = ArrayLike<number> | ((index: number, customer: RfmtcCustomerView) => number);

/** Options of {@link scoreRfmtc}: those of `scoreRfm` plus the churn probabilities. */
export interface ScoreRfmtcOptions extends ScoreRfmOptions {
  /**
   * Churn probability of each customer in [0, 1], e.g. `1 - P(alive)` from a BG/NBD model
   * of `clientele/clv`: a column in customer order, or a function called once per customer.
   */
  churn: ChurnInput;
  /** Ascending cut points on T for the T score (`bins - 1` of them); default quantiles. */
  tenureThresholds?: number[];
}

/** RFM scores plus tenure (T) and churn probability (RFMTC). */
export interface RfmtcScores extends RfmScores {
  /** Time since the first purchase, in the input's time unit. */
  tenure: Float64Array;
  /** Tenure score 1..bins (longest tenure = highest), same quantile rule as R, F, M. */
  t: Uint8Array;
  /** Churn probability per customer, in [0, 1]. */
  churn: Float64Array;
}

const rfmtcSchema = scoreRfmOptionsSchema.extend({
  churn: z
    .custom<ChurnInput>(
      (v) => typeof v === "function" || Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)),
      "expected one churn probability per customer (an array) or a function (index, customer) => probability",
    )
    .optional(),
  tenureThresholds: z
    .array(z.number())
    .refine((t) => t.every((v, i) => i === 0 || v > t[i - 1]), "cut points must be strictly increasing")
    .optional(),
});

/**
 * RFMTC: scores recency, frequency and monetary value like `scoreRfm`, and adds T (time
 * since the first purchase, scored 1..bins with the same mid-rank quantile rule, longest
 * tenure highest) and a churn probability the caller supplies as a column or as a
 * function `(index, customer) => number` (for example 1 - P(alive) from `clientele/clv`).
 * O(n log n).
 *
 * @param customers - as for `scoreRfm`; `T` is required
 * @param options - `scoreRfm` options plus `churn` (required) and `tenureThresholds`
 * @throws ClienteleError `OUT_OF_RANGE` (churn outside [0, 1]), `NON_FINITE`, `LENGTH_MISMATCH`, `MISSING_COLUMN` (no T), and the `scoreRfm` codes
 * @see Yeh, I-C., Yang, K-J. & Ting, T-M. (2009). Knowledge discovery on RFM model using Bernoulli sequence. Expert Systems with Applications 36(3), 5866-5871.
 * @example
 * import { scoreRfmtc } from "clientele/rfm";
 * const s = scoreRfmtc(
 *   { id: ["a", "b"], recency: [10, 2], frequency: [4, 1], totalSpend: [150, 24], T: [12, 40] },
 *   { churn: [0.1, 0.8] },
 * );
 * [s.r[0], s.t[0], s.churn[1]]; // => [4, 2, 0.8]
 */
export function scoreRfmtc(customers: RfmInput, options: ScoreRfmtcOptions): RfmtcScores {
  const fn = "scoreRfmtc";
  const opts = parseOptions(rfmtcSchema, options, fn);
  const cols = toRfmColumns(customers, opts.recencyConvention, fn, true, opts.monetary);
  const base = scoreColumns(cols, opts, fn);
  const tenure = cols.T as Float64Array;
  const { n, bins } = base;
  if (opts.tenureThresholds !== undefined && opts.tenureThresholds.length !== bins - 1) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "tenureThresholds"],
      received: opts.tenureThresholds,
      message: `${fn}: options.tenureThresholds has ${opts.tenureThresholds.length} cut points but bins is ${bins}; pass exactly ${bins - 1}.`,
    });
  }
  const t = opts.tenureThresholds ? thresholdScores(tenure, opts.tenureThresholds, bins, false) : quantileScores(tenure, bins, false, opts.ties);

  const churnIn = opts.churn as unknown;
  let churn: Float64Array;
  if (typeof churnIn === "function") {
    const g = churnIn as (index: number, customer: RfmtcCustomerView) => number;
    churn = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = g(i, { id: cols.id[i], recency: cols.sinceLast[i], frequency: cols.frequency[i], monetary: cols.monetary[i], T: tenure[i] });
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path: ["options", "churn", i],
          received: v,
          message: `${fn}: options.churn returned ${describeValue(v)} for customer ${i} (id ${cols.id[i]}); it must return a probability in [0, 1].`,
        });
      }
      churn[i] = v;
    }
  } else if (churnIn !== null && typeof churnIn === "object" && typeof (churnIn as ArrayLike<number>).length === "number") {
    churn = toFloat64Column(churnIn as ArrayLike<number>, fn, "churn", {}, n);
  } else {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["options", "churn"],
      received: churnIn,
      message: `${fn}: options.churn is ${describeValue(churnIn)}; pass one churn probability per customer (an array) or a function (index, customer) => probability, e.g. 1 - P(alive).`,
    });
  }
  for (let i = 0; i < n; i++) {
    const v = churn[i];
    if (!(v >= 0 && v <= 1)) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["options", "churn", i],
        received: v,
        message: `${fn}: churn[${i}] is ${v}; a churn probability must be in [0, 1].`,
      });
    }
  }
  return jsonColumns({ ...base, tenure, t, churn });
}

/** One customer's RFMTC scores, as returned by {@link rfmtcScoreRows}. */
export interface RfmtcScoreRow {
  /** Customer id. */
  id: string;
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
  /** Tenure score. */
  t: number;
  /** Churn probability in [0, 1]. */
  churn: number;
  /** R, F and M as one string (as in `rfmScoreRows`). */
  code: string;
}

/**
 * The row view of {@link scoreRfmtc}'s columnar result: `{ id, r, f, m, t, churn, code }`
 * per customer, for joining by row. O(n).
 *
 * @param scores - the result of {@link scoreRfmtc}
 * @throws ClienteleError `INVALID_INPUT` (not scoreRfmtc output)
 * @example
 * import { rfmtcScoreRows, scoreRfmtc } from "clientele/rfm";
 * const s = scoreRfmtc(
 *   { id: ["a", "b"], recency: [10, 2], frequency: [4, 1], totalSpend: [150, 24], T: [12, 40] },
 *   { churn: [0.1, 0.8] },
 * );
 * rfmtcScoreRows(s)[1]; // => { id: "b", r: 2, f: 2, m: 2, t: 4, churn: 0.8, code: "222" }
 */
export function rfmtcScoreRows(scores: RfmtcScores): RfmtcScoreRow[] {
  const fn = "rfmtcScoreRows";
  const s = checkScores(scores, fn) as RfmtcScores;
  if (!(s.t instanceof Uint8Array) || s.t.length !== s.n || !(s.churn instanceof Float64Array) || s.churn.length !== s.n) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["scores"],
      received: scores,
      message: `${fn}: scores must be the result of scoreRfmtc (with t and churn columns). Got ${describeValue(scores)}.`,
    });
  }
  const out = new Array<RfmtcScoreRow>(s.n);
  for (let i = 0; i < s.n; i++) {
    const code = s.bins > 9 ? `${s.r[i]}-${s.f[i]}-${s.m[i]}` : `${s.r[i]}${s.f[i]}${s.m[i]}`;
    out[i] = { id: s.id[i], r: s.r[i], f: s.f[i], m: s.m[i], t: s.t[i], churn: s.churn[i], code };
  }
  return out;
}
