// churnPropensity: transactions → leakage-free features → fitted model → churn probability per customer with its reasons.
import { ClienteleError, isClienteleError } from "../../core/errors.js";
import { jsonColumns } from "../../core/json.js";
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { compareModels, type ModelComparison } from "../evaluate/compare.js";
import { costThreshold, type CostThreshold } from "../evaluate/threshold.js";
import { snapshotFeatures, toFeatureSet, type BuildFeaturesOptions, type TransactionInput } from "../features/build.js";
import { endDayOf, snapshotLabels } from "../features/labels.js";
import { readCustomerLog } from "../features/log.js";
import { dateOption, dayOption, daysOption, featureSettings, featureShape, isoDay, type DateInput } from "../features/options.js";
import { explainLogisticRegression, type CoefficientRow } from "../linear/explain.js";
import { fitLogisticFor, logisticMargins, type LogisticRegressionModel } from "../linear/logistic.js";
import { readFeatures } from "../matrix.js";
import { averagePrecisionOf, brierOf, logLossOf, rocAucOf } from "../metrics/binary.js";
import { liftOf, type LiftRow } from "../metrics/tables.js";
import { applyDesign, learnDesign, type Design } from "./design.js";

/** Options of {@link churnPropensity}: the feature options of `buildFeatures` (without asOf) plus the plan. */
export interface ChurnPropensityOptions extends Omit<BuildFeaturesOptions, "asOf"> {
  /** Churn window in days: churned = no purchase in the `horizon` days after a snapshot. Default 90. */
  horizon?: number;
  /** Scoring day (customers are scored as of it). Default: the day of the latest transaction. */
  asOf?: DateInput;
  /** The model: `"logistic"` (default; L2 logistic regression, standardized inside). */
  model?: "logistic";
  /** L2 penalty strength λ of the logistic regression (default 1). */
  lambda?: number;
  /** Reasons listed per customer (default 3). */
  reasons?: number;
  /** Groups of the lift report (default 10: deciles). */
  groups?: number;
  /** Campaign economics: adds the cost-based contact threshold (costThreshold) on the validation snapshot. */
  costs?: { contactCost: number; savedValue: number; saveRate?: number };
}

/** One reason: a feature pushing this customer's churn odds up, relative to an average training customer. */
export interface ChurnReason {
  feature: string;
  /** The customer's value of the feature (null = missing, imputed). */
  value: number | null;
  /** Contribution to the log-odds of churn: coefficient × (value − training mean). */
  contribution: number;
}

/** One scored customer of {@link churnPropensity}. */
export interface ChurnCustomer {
  id: string;
  churnProbability: number;
  /** 1 = the highest-risk tenth (group of `groups`). */
  decile: number;
  /** The features with the largest positive contributions, largest first (fewer if fewer push up). */
  reasons: ChurnReason[];
}

/** Out-of-time evaluation: trained as of `trainAsOf`, scored as of `asOf`, labels of the horizon after it. */
export interface ChurnValidation {
  trainAsOf: string;
  asOf: string;
  n: number;
  churnRate: number;
  rocAuc: number;
  averagePrecision: number;
  logLoss: number;
  brier: number;
  lift: LiftRow[];
  /** The model beside the baselines (recency, RFM score, BG/NBD expected purchases); null when BG/NBD/RFM cannot be fitted (see `comparisonNote`). */
  comparison: ModelComparison | null;
  comparisonNote: string | null;
  /** The cost-based contact threshold, when `costs` was given. */
  threshold: CostThreshold | null;
}

/** Result of {@link churnPropensity}. */
export interface ChurnPropensity {
  /** Scoring day (ISO date) and churn window. */
  asOf: string;
  horizon: number;
  /** Day the final model's features were taken (its labels end at asOf). */
  fitAsOf: string;
  /** Scored customers (buyers on or before asOf), in the order of `ids`. */
  customers: ChurnCustomer[];
  /** The same, as columns: join to RFMTC's `churn` option or CLV tiers by id. */
  ids: string[];
  churnProbability: Float64Array;
  /** Honest estimate of how well the model ranks churners (a model fitted one horizon earlier). */
  validation: ChurnValidation;
  /** The final model (features of `featureNames`, built by the same recipe) and its coefficient table. */
  model: LogisticRegressionModel;
  coefficients: CoefficientRow[];
  /** Categorical values at scoring time that training never saw (scored as all-zero one-hot). */
  unknownLevels: number;
}

const schema = z.object({
  ...featureShape,
  horizon: daysOption().default(90),
  asOf: dateOption().optional(),
  model: z.literal("logistic").default("logistic"),
  lambda: z.number().gt(0).default(1),
  reasons: z.number().int().min(0).max(20).default(3),
  groups: z.number().int().min(2).max(100).default(10),
  costs: z.object({ contactCost: z.number().min(0), savedValue: z.number().gt(0), saveRate: z.number().gt(0).max(1).optional() }).optional(),
});

/**
 * The guided churn path, from a transaction log to a churn probability per customer with its top
 * reasons. Three time-ordered snapshots, each using only the transactions on or before its day
 * (no leakage): a model fitted on features as of asOf − 2·horizon with churn labels of the
 * following horizon is validated on asOf − horizon (AUC, PR AUC, Brier, deciles with lift, the
 * baselines recency / RFM / BG/NBD beside it, and the cost threshold if `costs` is given); the
 * final model is refitted on asOf − horizon (labels complete by asOf) and scores every customer
 * as of asOf. Missing features are imputed with the training mean plus a `_missing` indicator;
 * categorical host columns are one-hot encoded. Reasons are the features with the largest
 * contribution β·(x − training mean) to the log-odds of churn. O(transactions + customers · features²).
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns
 * @param options - `horizon` (90), `asOf` (latest day), `model`, `lambda`, `reasons`, `groups`, `costs`, and the feature options of buildFeatures
 * @throws ClienteleError `INVALID_OPTION` (the log is shorter than two horizons), `EMPTY_INPUT`,
 *   `DEGENERATE_INPUT` (nobody or everybody churned in a snapshot), and the codes of buildFeatures
 * @example
 * import { churnPropensity } from "clientele/predict";
 * import { simulateCustomers } from "clientele/data";
 * const { transactions } = simulateCustomers({ n: 400, seed: 1 });
 * const c = churnPropensity(transactions, { horizon: 60, windows: [30, 90] });
 * c.customers[0].reasons.length <= 3; // => true
 * c.validation.rocAuc > 0.7; // => true
 */
export function churnPropensity(transactions: TransactionInput, options: ChurnPropensityOptions = {}): ChurnPropensity {
  const fn = "churnPropensity";
  const o = parseOptions(schema, options, fn);
  const st = featureSettings(o, fn);
  const log = readCustomerLog(transactions, fn, st.timestampUnit);
  const end = o.asOf === undefined ? endDayOf(log, undefined, fn, st.timestampUnit) : dayOption(o.asOf, fn, "asOf", st.timestampUnit);
  const h = o.horizon;
  const tVal = end - h;
  const tTrain = end - 2 * h;
  if (tTrain < log.minDay) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "horizon"],
      received: h,
      message: `${fn}: the log covers ${isoDay(log.minDay)} to ${isoDay(end)}, shorter than two horizons of ${h} days (one to train, one to validate). Shorten the horizon or pass more history.`,
    });
  }
  const snap = (day: number, labels: boolean) => {
    const s = snapshotFeatures(log, day, st, fn);
    const f = toFeatureSet(s, day, st.windows);
    return { f, y: labels ? snapshotLabels(log, day, h, "churn", s.ids, s.order).label : null };
  };
  const train = snap(tTrain, true);
  const val = snap(tVal, true);
  const fit = (design: Design, f: typeof train.f, y: Float64Array): LogisticRegressionModel =>
    fitLogisticFor(applyDesign(design, f), y, { penalty: "l2", lambda: o.lambda }, fn);
  const score = (m: LogisticRegressionModel, design: Design, f: typeof train.f): { p: Float64Array; x: Float64Array; d: number; unknown: number } => {
    const t = applyDesign(design, f);
    const dense = readFeatures(t, fn, "reject");
    const eta = logisticMargins(m, dense, fn);
    return { p: eta.map((e) => 1 / (1 + Math.exp(-e))), x: dense.data, d: dense.d, unknown: t.unknownLevels };
  };
  // 1. out-of-time validation
  const d0 = learnDesign(train.f);
  const m0 = fit(d0, train.f, train.y!);
  const pv = score(m0, d0, val.f).p;
  const yv = Uint8Array.from(val.y!);
  const sv = { n: yv.length, y: yv, s: pv, w: null };
  let pos = 0;
  for (const v of yv) pos += v;
  if (pos === 0 || pos === yv.length) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["options", "horizon"],
      received: h,
      message: `${fn}: in the ${h} days after ${isoDay(tVal)} ${pos === 0 ? "nobody" : "everybody"} churned, so the model cannot be validated. Change the horizon.`,
    });
  }
  let comparison: ModelComparison | null = null;
  let comparisonNote: string | null = null;
  try {
    const b = snapshotFeatures(log, tVal, { ...st, include: ["bgnbd", "rfm"], modelHorizon: h }, fn);
    const col = (nm: string) => Array.from(b.columns[b.names.indexOf(nm)]!, (v) => -v + 0);
    comparison = compareModels(
      yv,
      { model: pv },
      {
        groups: o.groups,
        baselines: {
          ids: b.ids,
          scores: { recency: Array.from(b.columns[b.names.indexOf("recency_days")]!), rfm: col("rfm_score"), bgnbd: col("bgnbd_expected_purchases") },
        },
        ids: val.f.ids,
      },
    );
  } catch (e) {
    if (!isClienteleError(e)) throw e;
    comparisonNote = `baselines not computed: ${e.message}`;
  }
  const validation: ChurnValidation = {
    trainAsOf: isoDay(tTrain),
    asOf: isoDay(tVal),
    n: yv.length,
    churnRate: pos / yv.length,
    rocAuc: rocAucOf(sv),
    averagePrecision: averagePrecisionOf(sv),
    logLoss: logLossOf(sv),
    brier: brierOf(sv),
    lift: liftOf(sv, Math.min(o.groups, yv.length), fn),
    comparison,
    comparisonNote,
    threshold: o.costs ? costThreshold(yv, pv, o.costs) : null,
  };
  // 2. final model on the latest complete snapshot, scoring as of asOf
  const d1 = learnDesign(val.f);
  const m1 = fit(d1, val.f, val.y!);
  const now = snap(end, false);
  const sc = score(m1, d1, now.f);
  const n = now.f.n;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sc.p[b]! - sc.p[a]! || a - b);
  const decile = new Int32Array(n);
  const g = Math.min(o.groups, n);
  const q = Math.floor(n / g);
  const extra = n % g;
  let at = 0;
  for (let k = 0; k < g; k++) {
    const size = q + (k < extra ? 1 : 0);
    for (let r = at; r < at + size; r++) decile[order[r]!] = k + 1;
    at += size;
  }
  const names = m1.featureNames;
  const rawAt = new Map(now.f.names.map((nm, j) => [nm, j]));
  const customers: ChurnCustomer[] = now.f.ids.map((id, i) => {
    const contrib: ChurnReason[] = [];
    for (let j = 0; j < sc.d; j++) {
      const c = m1.coefficients[j]! * (sc.x[j * n + i]! - m1.featureMean[j]!);
      if (c > 0) {
        const src = d1.cols[j]!.source;
        const raw = now.f.columns[rawAt.get(src)!]![i];
        contrib.push({ feature: names[j]!, value: typeof raw === "number" && Number.isFinite(raw) ? raw : null, contribution: c });
      }
    }
    contrib.sort((a, b) => b.contribution - a.contribution);
    return { id, churnProbability: sc.p[i]!, decile: decile[i]!, reasons: contrib.slice(0, o.reasons) };
  });
  return jsonColumns({
    asOf: isoDay(end),
    horizon: h,
    fitAsOf: isoDay(tVal),
    customers,
    ids: now.f.ids.slice(),
    churnProbability: jsonColumns(Float64Array.from(sc.p)),
    validation,
    model: m1,
    coefficients: explainLogisticRegression(m1),
    unknownLevels: sc.unknown,
  });
}
