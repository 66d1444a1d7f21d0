// kpiReport's options and limits, and reading one snapshot: its window, CLV and segment pairs.
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { rngOption, seedOption } from "../../core/options.js";
import { checkRowFields, rejectUnknownKeys } from "../../core/validate.js";
import type { SegmentSnapshot } from "../../rfm/index.js";
import { timestampUnitOption } from "../summarize.js";
import { dayOf, isoDay } from "../time.js";
import type { TimestampUnit } from "../types.js";
import type { KpiSnapshot } from "./types.js";

export const reportOptions = z.object({
  timestampUnit: timestampUnitOption().default("ms"),
  resamples: z.number().int().nonnegative().default(1000),
  level: z.number().gt(0).lt(1).default(0.95),
  seed: seedOption().optional(),
  rng: rngOption().optional(),
});

/** Most resamples (TOO_LARGE beyond). */
export const MAX_RESAMPLES = 100_000;
/** Most resamples x customers of bootstrap work (TOO_LARGE beyond). */
export const MAX_WORK = 2e8;
/** Most customer x column cells of the bootstrap table (400 MB; TOO_LARGE beyond). */
export const MAX_CELLS = 5e7;

/** A ratio KPI: sum(num) / sum(den) over customers, or sum(num) when den is null. */
export interface Spec {
  name: string;
  num: [Float64Array, Float64Array];
  den: [Float64Array, Float64Array] | null;
  /** Why the value is undefined when its denominator is 0. */
  empty: string;
}

interface Window {
  start: number;
  end: number;
  prev: number;
}

export function windowOf(s: KpiSnapshot, name: string, fn: string, unit: TimestampUnit): Window {
  const day = (key: "start" | "end"): number => {
    const v = s[key];
    const d = dayOf(v, unit);
    if (!Number.isFinite(d)) {
      throw new ClienteleError({
        code: v === undefined || v === null ? "MISSING_VALUE" : "INVALID_INPUT",
        path: [name, key],
        received: v,
        message: `${fn}: ${name}.${key} is ${describeValue(v)}; give the window's ${key === "start" ? "first" : "last"} day as a Date, an ISO-8601 string such as "1997-10-01" or a number in timestampUnit ("${unit}").`,
      });
    }
    return d;
  };
  const start = day("start");
  const end = day("end");
  if (end < start) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name, "end"],
      received: isoDay(end),
      message: `${fn}: ${name}.end (${isoDay(end)}) is before ${name}.start (${isoDay(start)}); the window runs from start to end inclusive.`,
    });
  }
  return { start, end, prev: start - (end - start + 1) };
}

export function checkSnapshot(s: unknown, name: string, fn: string): KpiSnapshot {
  if (s === null || typeof s !== "object" || Array.isArray(s)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: s,
      message: `${fn}: ${name} must be { transactions, start, end, clv?, segments? } (a log and the window to measure in it). Got ${describeValue(s)}.`,
    });
  }
  rejectUnknownKeys(s, ["transactions", "start", "end", "clv", "segments"], fn, name);
  return s as KpiSnapshot;
}

export function clvPairs(v: unknown, name: string, fn: string): { id: string[]; clv: number[] } {
  const p = [name, "clv"];
  let ids: ArrayLike<unknown>;
  let vals: ArrayLike<unknown>;
  if (Array.isArray(v)) {
    const first = v[0] as unknown;
    if (first !== null && typeof first === "object")
      checkRowFields(first as Record<string, unknown>, ["id", "clv"], fn, [...p, 0], {
        id: ["customerId", "customer_id"],
        clv: ["value", "CLV", "ltv", "clvValue"],
      });
    ids = v.map((r) => (r === null || typeof r !== "object" ? undefined : (r as { id: unknown }).id));
    vals = v.map((r) => (r === null || typeof r !== "object" ? undefined : (r as { clv: unknown }).clv));
  } else if (v !== null && typeof v === "object") {
    const c = v as { id?: ArrayLike<unknown>; clv?: ArrayLike<unknown> };
    checkRowFields(c as Record<string, unknown>, ["id", "clv"], fn, p, { id: ["customerId", "customer_id"], clv: ["value", "CLV", "ltv", "clvValue"] });
    if (!c.id || !c.clv || typeof c.id.length !== "number" || typeof c.clv.length !== "number") {
      throw new ClienteleError({ code: "MISSING_COLUMN", path: p, message: `${fn}: ${name}.clv needs columns "id" and "clv" of equal length.` });
    }
    if (c.id.length !== c.clv.length) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: [...p, "clv"],
        received: c.clv.length,
        message: `${fn}: ${name}.clv.clv has ${c.clv.length} values but ${name}.clv.id has ${c.id.length}; give one CLV per id.`,
      });
    }
    ids = c.id;
    vals = c.clv;
  } else {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: p,
      received: v,
      message: `${fn}: ${name}.clv must be { id, clv } rows or columns (per-customer CLV, e.g. from clientele/clv). Got ${describeValue(v)}.`,
    });
  }
  const n = ids.length;
  if (n === 0)
    throw new ClienteleError({ code: "EMPTY_INPUT", path: p, received: 0, message: `${fn}: ${name}.clv is empty; leave it out or give one CLV per customer.` });
  const id = new Array<string>(n);
  const clv = new Array<number>(n);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const key = idKey(ids[i], fn, [...p, i, "id"]);
    if (seen.has(key)) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: [...p, i, "id"],
        received: key,
        message: `${fn}: id ${JSON.stringify(key)} appears twice in ${name}.clv (again at ${i}); give one CLV per customer (7 and "7" are the same id).`,
      });
    }
    seen.add(key);
    const x = vals[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ClienteleError({
        code: x === null || x === undefined ? "MISSING_VALUE" : "NON_FINITE",
        path: [...p, i, "clv"],
        received: x,
        message: `${fn}: ${name}.clv[${i}].clv is ${describeValue(x)}; every CLV must be a finite number. Drop the customer or fill the value.`,
      });
    }
    id[i] = key;
    clv[i] = x;
  }
  return { id, clv };
}

export function segmentPairs(v: SegmentSnapshot): { id: string[]; segment: string[] } {
  // transitionMatrix has validated the snapshot already (ids by idKey, non-empty segment strings).
  if (Array.isArray(v)) {
    const rows = v as readonly { id: string | number; segment: string }[];
    return { id: rows.map((r) => String(r.id)), segment: rows.map((r) => r.segment) };
  }
  const c = v as { id: ArrayLike<string | number>; segment: ArrayLike<string> };
  return { id: Array.from(c.id, (x) => String(x)), segment: Array.from(c.segment) };
}
