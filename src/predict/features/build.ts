import * as z from "../../core/schema.js";
import { ClienteleError } from "../../core/errors.js";
import { jsonColumns } from "../../core/json.js";
import { parseOptions } from "../../core/validate.js";
import type { BgNbdModel } from "../../clv/index.js";
import type { TimestampUnit, TransactionColumns, TransactionRow } from "../../data/types.js";
import { builtinNames, computeSnapshot } from "./compute.js";
import { readExtra, type ExtraColumns } from "./extra.js";
import { readCustomerLog, snapshotCustomers, type CustomerLog } from "./log.js";
import { INCLUDE_NAMES, includeModels } from "./models.js";
import {
  dateOption,
  dayOption,
  featureSettings,
  featureShape,
  isoDay,
  requireOption,
  type DateInput,
  type FeatureSettings,
  type IncludeModel,
} from "./options.js";

/** Transactions as clientele/data reads them: rows `{ customerId, timestamp, amount }` or parallel columns. */
export type TransactionInput = readonly TransactionRow[] | TransactionColumns;

/** Options of {@link buildFeatures}. */
export interface BuildFeaturesOptions {
  /**
   * The snapshot date (required): features use only transactions on or before its UTC day;
   * labels (`buildLabels`) count the days after it. A Date, an ISO-8601 string or a number in
   * `timestampUnit`.
   */
  asOf: DateInput;
  /** Look-back windows in days for frequency, spend and their trends. Default `[30, 90, 365]`. */
  windows?: number[];
  /** How numeric timestamps (in the log and in `asOf`) are read: `"ms"` (default), `"s"`, `"yyyymmdd"`. */
  timestampUnit?: TimestampUnit;
  /** Per-customer host columns (numeric, and categorical fields such as plan, channel, region). */
  extra?: ExtraColumns;
  /**
   * The library's own model outputs as features, fitted on the snapshot: `"bgnbd"`
   * (`bgnbd_expected_purchases` in the next `modelHorizon` days and `bgnbd_p_alive`), `"rfm"`
   * (`rfm_r`, `rfm_f`, `rfm_m`, `rfm_score`), `"cluster"` (K-Means cluster code). Default none.
   */
  include?: IncludeModel[];
  /** Days ahead for `bgnbd_expected_purchases`. Default 90. */
  modelHorizon?: number;
  /** Number of K-Means clusters for `include: ["cluster"]`, in [2, 20]. Default 4. */
  clusters?: number;
  /** Seed of the K-Means initialisation. Default 0. */
  seed?: number;
}

/**
 * One row per customer as of a date, in columns: the `FeatureTable` (`{ names, columns }`) that
 * fitLogisticRegression, fitGradientBoosting and predictProba read. A column with missing values
 * (e.g. `ipt_mean_days` of a one-time buyer) is a plain array with `null` at the missing cells,
 * which the models read as missing; complete columns are Float64Arrays.
 */
export interface FeatureSet {
  /** Number of customers (rows). */
  n: number;
  /** Customer ids (string form), in order of their first transaction on or before asOf. */
  ids: string[];
  /** Feature names, one per column. */
  names: string[];
  /** One column per name, one value per customer (null = missing). */
  columns: Array<Float64Array | Array<number | null>>;
  /** The snapshot day (ISO date); features read transactions on or before it. */
  asOf: string;
  /** Look-back windows in days. */
  windows: number[];
  /** Levels of each categorical feature: code k in the column is `levels[k]`. */
  categorical: Record<string, string[]>;
  /** Number of missing cells per feature that has any. */
  missing: Record<string, number>;
  /** Customers with transactions on or before asOf but no purchase day (only refunds or zero-net days): not rows. */
  excluded: { noPurchase: string[] };
  /** Models fitted for `include` (BG/NBD), so the same model can score other snapshots. */
  models: { bgnbd?: BgNbdModel };
}

/** Schema of BuildFeaturesOptions (internal). */
export const buildFeaturesSchema = z.object({ asOf: dateOption(), ...featureShape });

/** A feature snapshot with NaN for missing (internal form). */
export interface Snapshot {
  ids: string[];
  order: Int32Array;
  names: string[];
  columns: Float64Array[];
  categorical: Record<string, string[]>;
  noPurchase: string[];
  bgnbd?: BgNbdModel;
}

/** The features of one snapshot day from a read log (internal; shared by backtests and churn). */
export function snapshotFeatures(log: CustomerLog, asOf: number, st: FeatureSettings, fn: string): Snapshot {
  const { order, end, noPurchase } = snapshotCustomers(log, asOf);
  if (order.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["options", "asOf"],
      received: isoDay(asOf),
      message: `${fn}: no customer has a purchase on or before asOf (${isoDay(asOf)}); the log starts on ${isoDay(log.minDay)}. Move asOf later.`,
    });
  }
  const ids = new Array<string>(order.length);
  for (let i = 0; i < order.length; i++) ids[i] = log.ids[order[i]];
  const builtin = builtinNames(st.windows);
  const reserved = new Set<string>([...builtin, ...Object.values(INCLUDE_NAMES).flat()]);
  const extra = st.extra ? readExtra(st.extra, fn, reserved) : undefined;
  const raw = computeSnapshot(log, asOf, order, end, st.windows);
  const names = raw.names.slice();
  const columns = raw.columns.slice();
  const categorical: Record<string, string[]> = {};
  let bgnbd: BgNbdModel | undefined;
  if (st.include.length > 0) {
    const m = includeModels(raw, ids, asOf, st.include, st.modelHorizon, st.clusters, st.seed, fn);
    names.push(...m.names);
    columns.push(...m.columns);
    Object.assign(categorical, m.categorical);
    bgnbd = m.bgnbd;
  }
  if (extra) {
    const rowOf = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) rowOf[i] = extra.row.get(ids[i]) ?? -1;
    const join = (values: Float64Array): Float64Array => {
      const out = new Float64Array(ids.length);
      for (let i = 0; i < ids.length; i++) out[i] = rowOf[i] < 0 ? NaN : values[rowOf[i]];
      return out;
    };
    for (const c of extra.numeric) {
      names.push(c.name);
      columns.push(join(c.values));
    }
    for (const c of extra.categorical) {
      names.push(c.name);
      columns.push(join(c.codes));
      categorical[c.name] = c.levels;
    }
  }
  return { ids, order, names, columns, categorical, noPurchase, bgnbd };
}

/** The public, JSON-clean form of a snapshot: columns with missing values become arrays with null. */
export function toFeatureSet(s: Snapshot, asOf: number, windows: number[]): FeatureSet {
  const missing: Record<string, number> = {};
  const columns = s.columns.map((col, j) => {
    let miss = 0;
    for (let i = 0; i < col.length; i++) if (col[i] !== col[i]) miss++;
    if (miss === 0) return col;
    missing[s.names[j]] = miss;
    const out = new Array<number | null>(col.length);
    for (let i = 0; i < col.length; i++) out[i] = col[i] !== col[i] ? null : col[i];
    return out;
  });
  const models: FeatureSet["models"] = {};
  if (s.bgnbd) models.bgnbd = s.bgnbd;
  return jsonColumns({
    n: s.ids.length,
    ids: s.ids,
    names: s.names,
    columns,
    asOf: isoDay(asOf),
    windows,
    categorical: s.categorical,
    missing,
    excluded: { noPurchase: s.noPurchase },
    models,
  });
}

/**
 * Builds one row of features per customer as of a date, from a transaction log, using only the
 * transactions on or before `asOf` (its UTC day included): a transaction after it never changes
 * any feature, any id or the row order. Features (days are UTC days):
 * - `recency_days`, `tenure_days` (since the last / first purchase day), `frequency` (purchase
 *   days), `transactions` (rows), `spend_total` (net of refunds), `aov` (net per purchase day);
 * - per window w (default 30, 90, 365 days): `frequency_{w}d`, `spend_{w}d` in the last w days
 *   and their trend `frequency_trend_{w}d`, `spend_trend_{w}d` (last w days minus the w before);
 * - inter-purchase times `ipt_mean_days`, `ipt_std_days`, `ipt_last_days` and `overdue_ratio`
 *   (recency / mean gap), missing (null) below 2 (std: 3) purchase days;
 * - `refund_count`, `refund_amount`, `refund_share` (refunds are negative amounts);
 * - with `include`: BG/NBD, RFM and cluster outputs fitted on the snapshot;
 * - with `extra`: the host's numeric columns, and categorical ones as integer codes into
 *   `categorical[name]` (sorted levels; missing = null), which tree models split on.
 *
 * The log is read as clientele/data's `summarizeTransactions` reads it (one id rule, timestamps
 * in `timestampUnit`, rows of one customer and UTC day are one purchase when their net is
 * positive). Rows are the customers with a purchase day on or before asOf; customers with only
 * refunds are listed in `excluded.noPurchase`. O(n) time plus a counting sort by customer when the
 * log is not grouped by customer; about 60 bytes per transaction of working memory.
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns
 * @param options - `asOf` (required), `windows`, `timestampUnit`, `extra`, `include`, `modelHorizon`, `clusters`, `seed`
 * @returns the feature table `{ ids, names, columns, ... }` (JSON-clean)
 * @throws ClienteleError `INVALID_OPTION` (asOf missing or not a date, windows not positive
 *   whole days, unknown option), `LENGTH_MISMATCH` (an extra column of another length),
 *   `DUPLICATE_ID`, and every input code of `summarizeTransactions` (`EMPTY_INPUT`,
 *   `MISSING_VALUE`, `INVALID_TIMESTAMP`, `NON_FINITE`, ...)
 * @example
 * import { buildFeatures } from "clientele/predict";
 * const f = buildFeatures(
 *   [
 *     { customerId: "a", timestamp: "2024-01-01", amount: 20 },
 *     { customerId: "a", timestamp: "2024-01-21", amount: 30 },
 *     { customerId: "b", timestamp: "2024-01-11", amount: 15 },
 *     { customerId: "a", timestamp: "2024-03-01", amount: 99 }, // after asOf: ignored
 *   ],
 *   { asOf: "2024-01-31", windows: [30] },
 * );
 * f.ids; // => ["a", "b"]
 * f.columns[f.names.indexOf("recency_days")]; // => Float64Array [10, 20]
 * f.columns[f.names.indexOf("spend_30d")]; // => Float64Array [30, 15]
 * f.columns[f.names.indexOf("ipt_mean_days")]; // => [20, null]
 */
export function buildFeatures(transactions: TransactionInput, options: BuildFeaturesOptions): FeatureSet {
  const fn = "buildFeatures";
  requireOption(options, "asOf", fn, 'the date as of which features are computed (only transactions on or before it are read), e.g. { asOf: "2024-06-30" }');
  const o = parseOptions(buildFeaturesSchema, options, fn);
  const st = featureSettings(o, fn);
  const asOf = dayOption(o.asOf, fn, "asOf", st.timestampUnit);
  const log = readCustomerLog(transactions, fn, st.timestampUnit);
  return toFeatureSet(snapshotFeatures(log, asOf, st, fn), asOf, st.windows);
}
