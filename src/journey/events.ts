import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { checkRowFields } from "../core/validate.js";
import type { TimestampUnit } from "../data/index.js";
import { MAX_PLAUSIBLE_MS, MIN_PLAUSIBLE_MS, MS_PER_DAY, invalidTimestamp, numberDay, parseIsoMs } from "../data/time.js";

/** One raw event of a customer: a visit, a click, an email open, a purchase. */
export interface JourneyEventRow {
  /** Customer id: a non-empty string or a finite number (7 and "7" are one customer). */
  customerId: string | number;
  /** When: a Date, an ISO-8601 string (UTC when no offset is given) or a number in `timestampUnit` (default epoch ms), read as `clientele/data` reads timestamps. */
  timestamp: Date | string | number;
  /** Marketing channel of the touch ("seo", "email", ...); null or absent for events without one. */
  channel?: string | null;
  /** Event name ("visit", "add_to_cart", "purchase", ...), matched by stage rules and `conversionEvents`. */
  event?: string | null;
  /** Conversion value (for conversion events). Default 0. */
  value?: number | null;
}

/** Events sorted by customer (first appearance) then time (stable). Internal. */
export interface SortedEvents {
  n: number;
  /** Customer ids in order of first appearance. */
  customers: string[];
  /** Per sorted event: customer index, ms, channel, event, value. */
  customer: Int32Array;
  ms: Float64Array;
  channel: (string | null)[];
  event: (string | null)[];
  value: Float64Array;
  /** Events that were out of time order within their customer in the input (sorted anyway). */
  outOfOrder: number;
}

/** Most events the journey functions take (TOO_LARGE beyond). */
export const MAX_EVENTS = 20_000_000;

/** Epoch ms of a timestamp value read the way clientele/data reads it, or NaN. */
export function timestampMs(v: unknown, unit: TimestampUnit): number {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return NaN;
    if (unit === "ms") return v >= MIN_PLAUSIBLE_MS && v < MAX_PLAUSIBLE_MS ? v : NaN;
    if (unit === "s") return v >= 1e8 && v < 1e10 ? v * 1000 : NaN;
    return numberDay(v, unit) * MS_PER_DAY;
  }
  if (typeof v === "string") return parseIsoMs(v.trim());
  if (v instanceof Date) return v.getTime();
  return NaN;
}

/** An option date (asOf, from, to) in epoch ms; INVALID_OPTION when unreadable. */
export function optionMs(v: unknown, fn: string, name: string, unit: TimestampUnit): number {
  const ms = timestampMs(v, unit);
  if (!Number.isFinite(ms)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", name],
      received: v,
      message: `${fn}: options.${name} is ${describeValue(v)}, which is not a timestamp; pass a Date, an ISO-8601 string such as "2024-03-01T12:00:00Z" or a number in timestampUnit ("${unit}").`,
    });
  }
  return ms;
}

function optString(v: unknown, fn: string, i: number, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || v.trim().length === 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["events", i, field],
      received: v,
      message: `${fn}: events[${i}].${field} is ${describeValue(v)}; it must be a non-empty string, or null when the event has no ${field}.`,
    });
  }
  return v.trim();
}

/**
 * Checks and sorts events: per customer (in order of first appearance), by time; ties keep
 * input order. Out-of-order input is sorted, not rejected (the count is reported).
 */
export function readEvents(events: readonly JourneyEventRow[], fn: string, unit: TimestampUnit): SortedEvents {
  if (!Array.isArray(events)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["events"],
      received: events,
      message: `${fn}: events must be an array of { customerId, timestamp, channel?, event?, value? } rows; got ${describeValue(events)}.`,
    });
  }
  const n = events.length;
  if (n === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: ["events"], message: `${fn}: events is empty. Pass at least one event row.` });
  if (n > MAX_EVENTS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["events"],
      received: n,
      message: `${fn}: ${n} events exceed the limit of ${MAX_EVENTS}; process the log in customer batches.`,
    });
  }
  const cIndex = new Map<string, number>();
  const customers: string[] = [];
  const cust = new Int32Array(n);
  const ms0 = new Float64Array(n);
  const ch0: (string | null)[] = new Array(n);
  const ev0: (string | null)[] = new Array(n);
  const val0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = events[i] as unknown;
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ClienteleError({
        code: row === null || row === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
        path: ["events", i],
        received: row,
        message: `${fn}: events[${i}] is ${describeValue(row)}; each event is an object { customerId, timestamp, channel?, event?, value? }.`,
      });
    }
    const r = row as Record<string, unknown>;
    if (i === 0)
      checkRowFields(r, ["customerId", "timestamp"], fn, ["events", 0], { customerId: ["customer_id", "userId", "id"], timestamp: ["date", "time", "ts"] });
    const key = idKey(r.customerId, fn, ["events", i, "customerId"]);
    let c = cIndex.get(key);
    if (c === undefined) {
      c = customers.length;
      cIndex.set(key, c);
      customers.push(key);
    }
    cust[i] = c;
    const t = timestampMs(r.timestamp, unit);
    if (!Number.isFinite(t)) throw invalidTimestamp(fn, `events[${i}].timestamp`, ["events", i, "timestamp"], r.timestamp, unit);
    ms0[i] = t;
    ch0[i] = optString(r.channel, fn, i, "channel");
    ev0[i] = optString(r.event, fn, i, "event");
    const v = r.value;
    if (v !== undefined && v !== null) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path: ["events", i, "value"],
          received: v,
          message: `${fn}: events[${i}].value is ${describeValue(v)}; it must be a finite number >= 0 (or null).`,
        });
      }
      if (v < 0)
        throw new ClienteleError({
          code: "NEGATIVE_VALUE",
          path: ["events", i, "value"],
          received: v,
          message: `${fn}: events[${i}].value is ${v}; values must be >= 0 (book refunds separately).`,
        });
      val0[i] = v;
    }
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let outOfOrder = 0;
  const lastMs = new Float64Array(customers.length).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    if (ms0[i] < lastMs[cust[i]]) outOfOrder++;
    else lastMs[cust[i]] = ms0[i];
  }
  order.sort((a, b) => cust[a] - cust[b] || ms0[a] - ms0[b] || a - b);
  const customer = new Int32Array(n);
  const ms = new Float64Array(n);
  const channel: (string | null)[] = new Array(n);
  const event: (string | null)[] = new Array(n);
  const value = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    customer[k] = cust[i];
    ms[k] = ms0[i];
    channel[k] = ch0[i];
    event[k] = ev0[i];
    value[k] = val0[i];
  }
  return { n, customers, customer, ms, channel, event, value, outOfOrder };
}

/** ISO-8601 UTC string of epoch ms. */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}
