import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import type { TimestampUnit } from "../data/index.js";
import { isoMs, readEvents, type JourneyEventRow, type SortedEvents } from "./events.js";

/** Options of {@link sessionize}. */
export interface SessionizeOptions {
  /** A new session starts after this many minutes without an event of the same customer. Default 30. */
  sessionGapMinutes?: number;
  /** How numeric timestamps are read (as in `clientele/data`). Default `"ms"`. */
  timestampUnit?: TimestampUnit;
  /** Event names that are conversions. Default `["purchase"]`. */
  conversionEvents?: string[];
}

/** Options of {@link buildPaths}. */
export interface BuildPathsOptions extends SessionizeOptions {
  /** Touchpoints (sessions) older than this many days before a conversion are left out of its path. Default 30. */
  conversionWindowDays?: number;
  /** The channels you expect. Events with another channel are counted and listed in `unknownChannels` and not used as touchpoints. Default: every channel is known. */
  channels?: string[];
}

/** Events or channels that were left out, counted and listed (distinct values, first 100). */
export interface Unknowns {
  count: number;
  values: string[];
}

/** Sessions as columns, customers in order of first appearance, sessions in time order. Each session's channel is the channel of its first event that has one. */
export interface Sessions {
  n: number;
  customerId: string[];
  /** 0-based session number within the customer. */
  session: number[];
  /** Session start and end (ISO-8601 UTC). */
  start: string[];
  end: string[];
  events: number[];
  channel: (string | null)[];
  /** Conversion events in the session. */
  conversions: number[];
  /** Input events that were out of time order within their customer (they were sorted). */
  outOfOrder: number;
}

/** Aggregated conversion paths (the input of the attribution functions) plus what was left out. */
export interface JourneyPaths {
  /** Distinct paths (channel names in touch order), in order of first appearance. */
  path: string[][];
  /** Conversions ending each path. */
  conversions: number[];
  /** Their value. */
  value: number[];
  /** Times the path ended without a conversion (the customer's touches after their last conversion). */
  nulls: number[];
  customers: number;
  sessions: number;
  /** Touchpoints used in paths. */
  touchpoints: number;
  /** Touchpoints dropped for being older than `conversionWindowDays` before the conversion. */
  outsideWindow: number;
  /** Conversions with no touchpoint in their window (not a path: a path needs a channel). */
  conversionsWithoutTouch: number;
  /** Events whose channel is not in `options.channels`. */
  unknownChannels: Unknowns;
  outOfOrder: number;
}

const sessionShape = {
  sessionGapMinutes: z.number().gt(0).default(30),
  timestampUnit: z.enum(["ms", "s", "yyyymmdd"]).default("ms"),
  conversionEvents: z.array(z.string().min(1)).default(["purchase"]),
};
const sessionOptions = z.object(sessionShape);
const pathOptions = z.object({
  ...sessionShape,
  conversionWindowDays: z.number().gt(0).default(30),
  channels: z.array(z.string().min(1)).optional(),
});

/** Called per event; newSession tells whether it opened a session. */
type Walk = (k: number, newSession: boolean, isConversion: boolean) => void;

function walkSessions(ev: SortedEvents, gapMs: number, conversions: ReadonlySet<string>, visit: Walk): void {
  for (let k = 0; k < ev.n; k++) {
    const newSession = k === 0 || ev.customer[k] !== ev.customer[k - 1] || ev.ms[k] - ev.ms[k - 1] > gapMs;
    const e = ev.event[k];
    visit(k, newSession, e !== null && conversions.has(e));
  }
}

/**
 * Splits each customer's events into sessions at gaps longer than `sessionGapMinutes` (UTC
 * clock, per customer). Events out of time order are sorted first (stable for ties), and their
 * number is reported as `outOfOrder`. O(n log n).
 *
 * @param events - `{ customerId, timestamp, channel?, event?, value? }` rows
 * @param options - `sessionGapMinutes` (30), `timestampUnit` (`"ms"`), `conversionEvents` (`["purchase"]`)
 * @throws ClienteleError `EMPTY_INPUT`, `INVALID_INPUT`, `MISSING_VALUE`, `INVALID_ID`, `INVALID_TIMESTAMP`, `MISSING_COLUMN`, `NON_FINITE`, `NEGATIVE_VALUE`, `INVALID_OPTION`, `TOO_LARGE`
 * @example
 * import { sessionize } from "clientele/journey";
 * const s = sessionize([
 *   { customerId: 1, timestamp: "2024-03-01T10:00:00Z", channel: "seo" },
 *   { customerId: 1, timestamp: "2024-03-01T10:10:00Z", event: "purchase" },
 *   { customerId: 1, timestamp: "2024-03-02T09:00:00Z", channel: "email" },
 * ]);
 * s.channel; // => ["seo", "email"]
 * s.conversions; // => [1, 0]
 */
export function sessionize(events: readonly JourneyEventRow[], options: SessionizeOptions = {}): Sessions {
  const fn = "sessionize";
  const opts = parseOptions(sessionOptions, options, fn);
  const ev = readEvents(events, fn, opts.timestampUnit);
  const out: Sessions = { n: 0, customerId: [], session: [], start: [], end: [], events: [], channel: [], conversions: [], outOfOrder: ev.outOfOrder };
  let perCustomer = 0;
  let lastMs = 0;
  const conv = new Set(opts.conversionEvents);
  const close = (): void => {
    if (out.n > 0) out.end.push(isoMs(lastMs));
  };
  walkSessions(ev, opts.sessionGapMinutes * 60_000, conv, (k, newSession, isConversion) => {
    if (newSession) {
      close();
      perCustomer = k > 0 && ev.customer[k] === ev.customer[k - 1] ? perCustomer + 1 : 0;
      out.customerId.push(ev.customers[ev.customer[k]]);
      out.session.push(perCustomer);
      out.start.push(isoMs(ev.ms[k]));
      out.events.push(0);
      out.channel.push(null);
      out.conversions.push(0);
      out.n++;
    }
    const i = out.n - 1;
    out.events[i]++;
    if (out.channel[i] === null && ev.channel[k] !== null) out.channel[i] = ev.channel[k];
    if (isConversion) out.conversions[i]++;
    lastMs = ev.ms[k];
  });
  close();
  return out;
}

/**
 * Turns raw events into aggregated conversion paths: events → sessions (see
 * {@link sessionize}) → one touchpoint per session (its first channel) → a path per conversion
 * (the customer's touchpoints since their previous conversion, within `conversionWindowDays`
 * before it), and the touchpoints after a customer's last conversion as a path without
 * conversion (`nulls`). Identical paths are summed. Events out of time order are sorted first.
 * Events with a channel not in `channels` are counted and listed in `unknownChannels`.
 * O(n log n).
 *
 * @param events - `{ customerId, timestamp, channel?, event?, value? }` rows
 * @param options - `sessionGapMinutes` (30), `conversionWindowDays` (30), `conversionEvents` (`["purchase"]`), `channels` (all), `timestampUnit` (`"ms"`)
 * @throws ClienteleError `EMPTY_INPUT`, `INVALID_INPUT`, `MISSING_VALUE`, `INVALID_ID`, `INVALID_TIMESTAMP`, `MISSING_COLUMN`, `NON_FINITE`, `NEGATIVE_VALUE`, `INVALID_OPTION`, `TOO_LARGE`
 * @example
 * import { buildPaths } from "clientele/journey";
 * const p = buildPaths([
 *   { customerId: "a", timestamp: "2024-03-01T10:00:00Z", channel: "seo" },
 *   { customerId: "a", timestamp: "2024-03-03T10:00:00Z", channel: "email" },
 *   { customerId: "a", timestamp: "2024-03-03T10:05:00Z", event: "purchase", value: 40 },
 *   { customerId: "b", timestamp: "2024-03-02T08:00:00Z", channel: "tv" },
 * ], { channels: ["seo", "email"] });
 * p.path; // => [["seo", "email"]]
 * [p.conversions[0], p.value[0], p.nulls[0]]; // => [1, 40, 0]
 * p.unknownChannels; // => { count: 1, values: ["tv"] }
 */
export function buildPaths(events: readonly JourneyEventRow[], options: BuildPathsOptions = {}): JourneyPaths {
  const fn = "buildPaths";
  const opts = parseOptions(pathOptions, options, fn);
  const ev = readEvents(events, fn, opts.timestampUnit);
  const known = opts.channels === undefined ? null : new Set(opts.channels);
  const windowMs = opts.conversionWindowDays * 86_400_000;
  const index = new Map<string, number>();
  const out: JourneyPaths = {
    path: [],
    conversions: [],
    value: [],
    nulls: [],
    customers: ev.customers.length,
    sessions: 0,
    touchpoints: 0,
    outsideWindow: 0,
    conversionsWithoutTouch: 0,
    unknownChannels: { count: 0, values: [] },
    outOfOrder: ev.outOfOrder,
  };
  const unknownSeen = new Set<string>();
  let touchCh: string[] = [];
  let touchMs: number[] = [];
  let sessionTouched = false;
  const emit = (channels: string[], conv: number, value: number, nulls: number): void => {
    const key = channels.join("\u0000");
    let i = index.get(key);
    if (i === undefined) {
      i = out.path.length;
      index.set(key, i);
      out.path.push(channels);
      out.conversions.push(0);
      out.value.push(0);
      out.nulls.push(0);
    }
    out.conversions[i] += conv;
    out.value[i] += value;
    out.nulls[i] += nulls;
    out.touchpoints += channels.length;
  };
  const flushNull = (): void => {
    if (touchCh.length > 0) emit(touchCh, 0, 0, 1);
    touchCh = [];
    touchMs = [];
  };
  walkSessions(ev, opts.sessionGapMinutes * 60_000, new Set(opts.conversionEvents), (k, newSession, isConversion) => {
    if (k > 0 && ev.customer[k] !== ev.customer[k - 1]) flushNull();
    if (newSession) {
      out.sessions++;
      sessionTouched = false;
    }
    const ch = ev.channel[k];
    if (ch !== null) {
      if (known !== null && !known.has(ch)) {
        out.unknownChannels.count++;
        if (!unknownSeen.has(ch) && unknownSeen.size < 100) {
          unknownSeen.add(ch);
          out.unknownChannels.values.push(ch);
        }
      } else if (!sessionTouched) {
        touchCh.push(ch);
        touchMs.push(ev.ms[k]);
        sessionTouched = true;
      }
    }
    if (isConversion) {
      const from = ev.ms[k] - windowMs;
      let a = 0;
      while (a < touchMs.length && touchMs[a] < from) a++;
      out.outsideWindow += a;
      const path = touchCh.slice(a);
      if (path.length === 0) out.conversionsWithoutTouch++;
      else emit(path, 1, ev.value[k], 0);
      touchCh = [];
      touchMs = [];
      sessionTouched = true; // the rest of this session belongs to the conversion just closed
    }
  });
  flushNull();
  return out;
}
