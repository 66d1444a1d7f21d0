// The option schema of scoreRfm and reading its input (rows or columns) into checked columns.
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { findDuplicateId, idKey } from "../../core/ids.js";
import { checkRowFields, requireNonEmpty, toFloat64Column } from "../../core/validate.js";
import type { MonetaryMeasure, RecencyConvention, RfmCustomerColumns, RfmCustomerRow, RfmInput } from "./types.js";

const cutPoints = z.array(z.number()).refine((t) => t.every((v, i) => i === 0 || v > t[i - 1]), "cut points must be strictly increasing");

/** Options schema of scoreRfm (internal; scoreRfmtc extends it). */
export const scoreRfmOptionsSchema = z.object({
  bins: z.number().int().min(2).max(100).default(5),
  ties: z.enum(["average", "min", "max"]).default("average"),
  recencyConvention: z.enum(["btyd", "since-last", "sinceLast"]).default("btyd"),
  monetary: z.enum(["total", "average", "btyd-mean"]).default("total"),
  thresholds: z.object({ recency: cutPoints.optional(), frequency: cutPoints.optional(), monetary: cutPoints.optional() }).optional(),
});

/** Parsed, defaulted options (internal). */
export type ParsedScoreRfmOptions = z.output<typeof scoreRfmOptionsSchema>;

/** Validated input columns (internal). */
export interface RfmColumns {
  n: number;
  id: string[];
  /** Time since the last purchase. */
  sinceLast: Float64Array;
  /** First to last purchase, when known (BTYD recency). */
  span: Float64Array | undefined;
  frequency: Float64Array;
  /** The values M is scored on (per the `monetary` option). */
  monetary: Float64Array;
  T: Float64Array | undefined;
  totalSpend: Float64Array | undefined;
  /** The input's time unit when it says so (a data summary's `timeUnit`), for messages. */
  unit?: string;
}

type RowKey = "id" | "recency" | "frequency" | "monetary" | "T" | "totalSpend" | "purchaseDays";

/** Field names users bring for the RFM fields (for MISSING_COLUMN hints). */
const FIELD_ALIASES: Record<string, readonly string[]> = {
  id: ["customerId", "customer_id", "ID", "Id", "customer"],
  recency: ["t_x", "Recency"],
  frequency: ["x", "Frequency", "repeatPurchases"],
  monetary: ["zbar", "monetary_value", "Monetary", "monetaryValue"],
  T: ["t", "age", "tenure"],
  totalSpend: ["total_spend", "totalspend", "TotalSpend", "spend", "revenue", "total"],
  purchaseDays: ["purchase_days", "purchases", "orders", "orderCount", "nOrders"],
};

function pluck(rows: readonly RfmCustomerRow[], key: RowKey, fn: string, optional: boolean): unknown[] | undefined {
  const out = new Array<unknown>(rows.length);
  let seen = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["customers", i],
        received: row,
        message: `${fn}: customers[${i}] is ${describeValue(row)}; each row must be an object { id, recency, frequency, T, totalSpend }.`,
      });
    }
    const v = row[key];
    if (v !== undefined) seen++;
    out[i] = v;
  }
  if (optional && seen === 0) return undefined;
  if (seen !== rows.length) {
    const i = rows.findIndex((r) => r[key] === undefined);
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path: ["customers", i, key],
      message: optional
        ? `${fn}: customers[${i}].${key} is missing while other rows have it. Give every row a ${key} or none.`
        : `${fn}: customers[${i}].${key} is missing; every row needs a ${key}.`,
    });
  }
  return out;
}

function missingColumn(name: string, fn: string, why: string): ClienteleError {
  return new ClienteleError({ code: "MISSING_COLUMN", path: [name], message: `${fn}: column "${name}" is missing. ${why}` });
}

/**
 * Checks and copies the input into columns (internal). `requireT` forces `T`;
 * `monetaryMode` says which spend fields are read.
 */
export function toRfmColumns(
  customers: RfmInput,
  convention: RecencyConvention,
  fn: string,
  requireT: boolean,
  monetaryMode: MonetaryMeasure = "btyd-mean",
): RfmColumns {
  if (customers === null || typeof customers !== "object" || ArrayBuffer.isView(customers)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an array of rows or an object of columns { id, recency, frequency, T, totalSpend } (a summary from summarizeTransactions). Got ${describeValue(customers)}.`,
    });
  }
  const btyd = convention === "btyd";
  const needT = requireT || btyd;
  const expected: RowKey[] = ["id", "recency", "frequency"];
  if (needT) expected.push("T");
  if (monetaryMode === "btyd-mean") expected.push("monetary");
  else expected.push("totalSpend");
  if (monetaryMode === "average") expected.push("purchaseDays");
  let cols: RfmCustomerColumns;
  if (Array.isArray(customers)) {
    const rows = customers as readonly RfmCustomerRow[];
    requireNonEmpty(rows.length, fn, "customers");
    const first = rows[0];
    if (first !== null && typeof first === "object") checkRowFields(first as unknown as Record<string, unknown>, expected, fn, ["customers", 0], FIELD_ALIASES);
    cols = {
      id: pluck(rows, "id", fn, false) as (string | number)[],
      recency: pluck(rows, "recency", fn, false) as number[],
      frequency: pluck(rows, "frequency", fn, false) as number[],
      monetary: monetaryMode === "btyd-mean" ? (pluck(rows, "monetary", fn, true) as number[] | undefined) : undefined,
      T: pluck(rows, "T", fn, true) as number[] | undefined,
      totalSpend: pluck(rows, "totalSpend", fn, true) as number[] | undefined,
      purchaseDays: monetaryMode === "average" ? (pluck(rows, "purchaseDays", fn, true) as number[] | undefined) : undefined,
    };
  } else {
    cols = customers as RfmCustomerColumns;
    checkRowFields(cols as unknown as Record<string, unknown>, expected, fn, ["customers"], FIELD_ALIASES);
  }
  const ids = cols.id;
  if (ids === undefined || ids === null || typeof ids.length !== "number") {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["id"],
      received: ids,
      message: `${fn}: column "id" is missing. Pass one id per customer (strings or numbers).`,
    });
  }
  const n = ids.length;
  requireNonEmpty(n, fn, "customers");
  // the library's one id rule (core idKey): non-empty string or finite number, 7 and "7" the same
  const id = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    if (typeof v === "string" && v.length > 0 && v.trim().length === 0) {
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: ["id", i],
        received: v,
        message: `${fn}: id[${i}] is a blank string; every customer needs an id (a non-empty string or a finite number).`,
      });
    }
    id[i] = idKey(v, fn, ["id", i]);
  }
  // a repeated id is almost always transactions passed where a per-customer summary belongs,
  // or two summaries concatenated: scoring it twice would skew every quantile
  const dup = findDuplicateId(id);
  if (dup !== null) {
    const { first, second } = dup;
    throw new ClienteleError({
      code: "DUPLICATE_ID",
      path: ["id", second],
      received: ids[second],
      message: `${fn}: id ${describeValue(ids[second])} appears twice (rows ${first} and ${second}). Pass one row per customer: summarize transactions first (summarizeTransactions in clientele/data), or merge the duplicate rows.`,
    });
  }
  const recency = toFloat64Column(cols.recency, fn, "recency", { min: 0 }, n);
  const frequency = toFloat64Column(cols.frequency, fn, "frequency", { min: 0 }, n);
  if (needT && cols.T === undefined) {
    throw missingColumn(
      "T",
      fn,
      btyd
        ? `With recencyConvention "btyd" (the default) recency is first-to-last purchase and the time since the last purchase is T - recency, so T is needed. Pass T, or pass time since the last purchase as recency with { recencyConvention: "since-last" }.`
        : `T (time since the first purchase) is needed here.`,
    );
  }
  const T = cols.T === undefined ? undefined : toFloat64Column(cols.T, fn, "T", { min: 0 }, n);
  const totalSpend = cols.totalSpend === undefined ? undefined : toFloat64Column(cols.totalSpend, fn, "totalSpend", {}, n);
  let monetary: Float64Array;
  if (monetaryMode === "btyd-mean") {
    if (cols.monetary === undefined) {
      throw missingColumn(
        "monetary",
        fn,
        `monetary: "btyd-mean" scores the monetary column as given. Pass it, or score total spend (the default, monetary: "total") with a totalSpend column.`,
      );
    }
    monetary = toFloat64Column(cols.monetary, fn, "monetary", { min: 0 }, n);
  } else {
    if (totalSpend === undefined) {
      throw missingColumn(
        "totalSpend",
        fn,
        `M is scored on ${monetaryMode === "total" ? "total spend" : "average order value (totalSpend / purchaseDays)"} (monetary: "${monetaryMode}"${monetaryMode === "total" ? ", the default" : ""}), first purchase included. Pass totalSpend (summarizeTransactions in clientele/data gives it), or score the monetary column as it is with { monetary: "btyd-mean" }.`,
      );
    }
    if (monetaryMode === "total") monetary = totalSpend;
    else {
      if (cols.purchaseDays === undefined) {
        throw missingColumn(
          "purchaseDays",
          fn,
          `monetary: "average" divides totalSpend by the number of purchase days, the first included (summarizeTransactions gives purchaseDays = frequency + 1). Pass purchaseDays, or use monetary: "total".`,
        );
      }
      const pd = toFloat64Column(cols.purchaseDays, fn, "purchaseDays", { min: 1, integer: true }, n);
      monetary = new Float64Array(n);
      for (let i = 0; i < n; i++) monetary[i] = totalSpend[i] / pd[i];
    }
  }
  let sinceLast: Float64Array;
  let span: Float64Array | undefined;
  if (btyd) {
    sinceLast = new Float64Array(n);
    const t = T as Float64Array;
    for (let i = 0; i < n; i++) {
      let d = t[i] - recency[i];
      if (d < 0 && d >= -1e-9 * Math.max(1, t[i])) d = 0; // rounding noise, e.g. recency and T rounded separately
      if (d < 0) {
        throw new ClienteleError({
          code: "RECENCY_AFTER_T",
          path: ["recency", i],
          received: recency[i],
          message: `${fn}: recency[${i}] is ${recency[i]} but T is ${t[i]}; BTYD recency (first to last purchase) must be <= T. If recency is already the time since the last purchase, pass { recencyConvention: "since-last" }.`,
        });
      }
      sinceLast[i] = d + 0; // + 0 turns -0 into 0
    }
    span = recency;
  } else {
    sinceLast = recency;
    if (T !== undefined) {
      span = new Float64Array(n);
      for (let i = 0; i < n; i++) span[i] = Math.max(0, T[i] - recency[i]);
    }
  }
  const tu = Array.isArray(customers) ? undefined : (customers as { timeUnit?: unknown }).timeUnit;
  const unit = tu === "day" || tu === "week" || tu === "month" ? tu : undefined;
  return { n, id, sinceLast, span, frequency, monetary, T, totalSpend, unit };
}
