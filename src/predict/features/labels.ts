import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { jsonColumns } from "../../core/json.js";
import { parseOptions } from "../../core/validate.js";
import type { TimestampUnit } from "../../data/types.js";
import type { TransactionInput } from "./build.js";
import { computeLabels } from "./compute.js";
import { readCustomerLog, snapshotCustomers, type CustomerLog } from "./log.js";
import {
  checkObserved,
  dateOption,
  dayOption,
  daysOption,
  isoDay,
  requireOption,
  targetOption,
  timestampUnitOption,
  type DateInput,
  type LabelTarget,
} from "./options.js";

/** Options of {@link buildLabels}. */
export interface BuildLabelsOptions {
  /** The snapshot date (required): labels count the days after its UTC day. */
  asOf: DateInput;
  /** Length of the label window in days (required, a whole number >= 1): `(asOf, asOf + horizon]`. */
  horizon: number;
  /** `"purchase"` (1 = a purchase day in the window), `"churn"` (1 = none) or `"spend"` (net spend in the window). Default `"purchase"`. */
  target?: LabelTarget;
  /**
   * Customers to label, e.g. `features.ids` (7 and "7" are one customer; an id without
   * transactions did not buy). Default: the rows of `buildFeatures` at the same asOf, in the same order.
   */
  ids?: ArrayLike<string | number>;
  /**
   * Last day the log covers (its UTC day included). Default: the day of the latest transaction.
   * A window that runs past it is `INVALID_OPTION` (those customers' futures are not observed).
   */
  observationEnd?: DateInput;
  /** How numeric timestamps are read: `"ms"` (default), `"s"`, `"yyyymmdd"`. */
  timestampUnit?: TimestampUnit;
}

/** Labels of one snapshot, aligned with `ids`. */
export interface LabelSet {
  /** Number of customers. */
  n: number;
  /** Customer ids (string form), the rows of `buildFeatures` at the same asOf unless `ids` was given. */
  ids: string[];
  /** What the label measures. */
  target: LabelTarget;
  /** The snapshot day (ISO date); the window starts the day after. */
  asOf: string;
  /** Window length in days. */
  horizon: number;
  /** Last day of the window (ISO date), asOf + horizon. */
  windowEnd: string;
  /** One label per customer: 0/1 for purchase and churn, net spend for spend. */
  label: Float64Array;
  /** Mean label (the base rate for purchase and churn). */
  mean: number;
}

export const buildLabelsSchema = z.object({
  asOf: dateOption(),
  horizon: daysOption(),
  target: targetOption().default("purchase"),
  ids: z.custom<ArrayLike<string | number>>((v) => Array.isArray(v), "expected an array of customer ids").optional(),
  observationEnd: dateOption().optional(),
  timestampUnit: timestampUnitOption().default("ms"),
});

/** Customer numbers of `ids` in the log (-1 = no transactions); DUPLICATE_ID for a repeated id. */
export function customersOf(log: CustomerLog, ids: ArrayLike<unknown>, fn: string): { keys: string[]; cust: Int32Array } {
  const number = new Map<string, number>();
  for (let c = 0; c < log.ids.length; c++) number.set(log.ids[c], c);
  const n = ids.length;
  if (n === 0)
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["options", "ids"],
      received: ids,
      message: `${fn}: options.ids is empty. Pass the customers to label (e.g. features.ids), or leave it out.`,
    });
  const keys = new Array<string>(n);
  const cust = new Int32Array(n);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = idKey(ids[i], fn, ["options", "ids", i]);
    const prev = seen.get(k);
    if (prev !== undefined) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["options", "ids", i],
        received: ids[i],
        message: `${fn}: options.ids[${i}] (${describeValue(ids[i])}) repeats options.ids[${prev}]; give each customer once.`,
      });
    }
    seen.set(k, i);
    keys[i] = k;
    cust[i] = number.get(k) ?? -1;
  }
  return { keys, cust };
}

/** Labels of one snapshot from a read log (internal). */
export function snapshotLabels(log: CustomerLog, asOf: number, horizon: number, target: LabelTarget, ids: string[], cust: Int32Array): LabelSet {
  const label = computeLabels(log, cust, asOf, horizon, target);
  let sum = 0;
  for (let i = 0; i < label.length; i++) sum += label[i];
  return jsonColumns({
    n: ids.length,
    ids,
    target,
    asOf: isoDay(asOf),
    horizon,
    windowEnd: isoDay(asOf + horizon),
    label,
    mean: ids.length > 0 ? sum / ids.length : 0,
  });
}

/** Last observed day: observationEnd, or the latest transaction; AFTER_OBSERVATION_END if a row is later (internal). */
export function endDayOf(log: CustomerLog, observationEnd: DateInput | undefined, fn: string, unit: TimestampUnit): number {
  if (observationEnd === undefined) return log.maxDay;
  const d = dayOption(observationEnd, fn, "observationEnd", unit);
  if (log.maxDay > d) {
    throw new ClienteleError({
      code: "AFTER_OBSERVATION_END",
      path: ["options", "observationEnd"],
      received: observationEnd,
      message: `${fn}: a transaction falls on ${isoDay(log.maxDay)}, after options.observationEnd (${isoDay(d)}). Move observationEnd to ${isoDay(log.maxDay)} or later, or drop the later rows.`,
    });
  }
  return d;
}

/**
 * Labels what each customer does in the `horizon` days after a snapshot date, `(asOf, asOf +
 * horizon]` (UTC days): `"purchase"` 1 when they have a purchase day there (a customer-day of
 * positive net, as in clientele/data), `"churn"` 1 when they have none, `"spend"` their net spend
 * there (refunds subtracted). By default the customers are the rows of `buildFeatures` at the same
 * asOf, in the same order, so `features.columns` and `labels.label` line up row by row. Features
 * read days up to asOf and labels only the days after, so no label leaks into a feature. A window
 * that runs past the end of the data is rejected rather than read as "did not buy". O(n).
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns
 * @param options - `asOf` and `horizon` (required), `target` (default "purchase"), `ids`, `observationEnd`, `timestampUnit`
 * @throws ClienteleError `INVALID_OPTION` (asOf missing or not a date, horizon not a whole number
 *   of days >= 1, unknown target, a window past the end of the data), `AFTER_OBSERVATION_END`,
 *   `DUPLICATE_ID`, `EMPTY_INPUT`, and the input codes of `buildFeatures`
 * @example
 * import { buildLabels } from "clientele/predict";
 * const tx = [
 *   { customerId: "a", timestamp: "2024-01-01", amount: 20 },
 *   { customerId: "b", timestamp: "2024-01-11", amount: 15 },
 *   { customerId: "a", timestamp: "2024-02-10", amount: 30 },
 *   { customerId: "b", timestamp: "2024-04-01", amount: 10 },
 * ];
 * const y = buildLabels(tx, { asOf: "2024-01-31", horizon: 30, target: "churn" });
 * y.ids; // => ["a", "b"]
 * y.label; // => Float64Array [0, 1]
 * y.windowEnd; // => "2024-03-01"
 */
export function buildLabels(transactions: TransactionInput, options: BuildLabelsOptions): LabelSet {
  const fn = "buildLabels";
  requireOption(options, "asOf", fn, 'the snapshot date; labels count the days after it, e.g. { asOf: "2024-06-30", horizon: 90 }');
  requireOption(options, "horizon", fn, "the label window in days after asOf, e.g. { horizon: 90 }");
  const o = parseOptions(buildLabelsSchema, options, fn);
  const asOf = dayOption(o.asOf, fn, "asOf", o.timestampUnit);
  const log = readCustomerLog(transactions, fn, o.timestampUnit);
  checkObserved(asOf, o.horizon, endDayOf(log, o.observationEnd, fn, o.timestampUnit), fn);
  if (o.ids !== undefined) {
    const { keys, cust } = customersOf(log, o.ids, fn);
    return snapshotLabels(log, asOf, o.horizon, o.target, keys, cust);
  }
  const { order } = snapshotCustomers(log, asOf);
  if (order.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["options", "asOf"],
      received: isoDay(asOf),
      message: `${fn}: no customer has a purchase on or before asOf (${isoDay(asOf)}); the log starts on ${isoDay(log.minDay)}. Move asOf later, or pass options.ids.`,
    });
  }
  const ids = Array.from(order, (c) => log.ids[c]);
  return snapshotLabels(log, asOf, o.horizon, o.target, ids, order);
}
