import { ClienteleError, describeValue, type ErrorPath } from "../core/errors.js";
import type { TimeUnit, TimestampUnit } from "./types.js";

/** Milliseconds in one UTC day. */
export const MS_PER_DAY = 86_400_000;

/** Largest absolute epoch-ms value a JavaScript Date can hold (±100,000,000 days). */
const MAX_EPOCH_MS = 8.64e15;

/** Days per time unit: day 1, week 7, month 365.25 / 12 = 30.4375 (mean Gregorian month). */
export function unitDays(unit: TimeUnit): number {
  return unit === "day" ? 1 : unit === "week" ? 7 : 365.25 / 12;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function dayFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads `len` decimal digits at `pos`; -1 if any is not a digit. */
function digits(s: string, pos: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(pos + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses an ISO-8601 date or date-time into epoch milliseconds, or NaN when the string is
 * not one of the accepted forms: `YYYY-MM-DD`, `YYYYMMDD`, and `YYYY-MM-DD` followed by
 * `T` (or a space) `HH:MM`, optional `:SS`, optional fraction, optional `Z` or `±HH:MM`
 * / `±HHMM` / `±HH`. A date-time without an offset is read as UTC (unlike `Date.parse`,
 * which uses the host's local zone), so results never depend on the machine.
 */
export function parseIsoMs(s: string): number {
  const len = s.length;
  let y: number, m: number, d: number, pos: number;
  if (len === 8) {
    y = digits(s, 0, 4);
    m = digits(s, 4, 2);
    d = digits(s, 6, 2);
    pos = 8;
  } else {
    if (len < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
    y = digits(s, 0, 4);
    m = digits(s, 5, 2);
    d = digits(s, 8, 2);
    pos = 10;
  }
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  let ms = dayFromCivil(y, m, d) * MS_PER_DAY;
  if (pos === len) return ms;
  const sep = s.charCodeAt(pos);
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // T, t, space
  pos++;
  const hh = digits(s, pos, 2);
  if (hh < 0 || hh > 23 || s.charCodeAt(pos + 2) !== 58) return NaN;
  const mi = digits(s, pos + 3, 2);
  if (mi < 0 || mi > 59) return NaN;
  pos += 5;
  let sec = 0;
  let frac = 0;
  if (pos < len && s.charCodeAt(pos) === 58) {
    sec = digits(s, pos + 1, 2);
    if (sec < 0 || sec > 59) return NaN;
    pos += 3;
    if (pos < len && (s.charCodeAt(pos) === 46 || s.charCodeAt(pos) === 44)) {
      pos++;
      const start = pos;
      let scale = 100;
      while (pos < len) {
        const c = s.charCodeAt(pos) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        pos++;
      }
      if (pos === start) return NaN;
    }
  }
  ms += hh * 3_600_000 + mi * 60_000 + sec * 1000 + Math.floor(frac);
  if (pos === len) return ms;
  const z = s.charCodeAt(pos);
  if ((z === 90 || z === 122) && pos + 1 === len) return ms; // Z
  if (z !== 43 && z !== 45) return NaN; // + or -
  const sign = z === 43 ? 1 : -1;
  const oh = digits(s, pos + 1, 2);
  if (oh < 0 || oh > 23) return NaN;
  let om = 0;
  const rest = len - (pos + 3);
  if (rest === 3 && s.charCodeAt(pos + 3) === 58) om = digits(s, pos + 4, 2);
  else if (rest === 2) om = digits(s, pos + 3, 2);
  else if (rest !== 0) return NaN;
  if (om < 0 || om > 59) return NaN;
  return ms - sign * (oh * 3_600_000 + om * 60_000);
}

/**
 * Bare numbers read as epoch milliseconds must fall in [MIN_PLAUSIBLE_MS, MAX_PLAUSIBLE_MS):
 * 1e11 ms is 1973-03-03 and 1e13 ms is 2286-11-20. Below are epoch seconds (1.7e9 today),
 * YYYYMMDD dates read as numbers (19970101 = 5 hours after 1970-01-01) and zeros filled in
 * for missing values; above are epoch microseconds (1.7e15 today) and nanoseconds.
 */
export const MIN_PLAUSIBLE_MS = 1e11;
/** See {@link MIN_PLAUSIBLE_MS}. */
export const MAX_PLAUSIBLE_MS = 1e13;
/** Epoch seconds accepted with `timestampUnit: "s"` (the same dates as the ms range). */
const MIN_PLAUSIBLE_S = 1e8;
const MAX_PLAUSIBLE_S = 1e10;

/**
 * UTC day number of a number timestamp in `unit`, or NaN when the number is not a
 * plausible timestamp in that unit (see {@link MIN_PLAUSIBLE_MS}; `"yyyymmdd"` needs an
 * integer YYYYMMDD with a valid calendar date and a year in 1000..9999).
 */
export function numberDay(t: number, unit: TimestampUnit): number {
  if (unit === "ms") return t >= MIN_PLAUSIBLE_MS && t < MAX_PLAUSIBLE_MS ? Math.floor(t / MS_PER_DAY) : NaN;
  if (unit === "s") return t >= MIN_PLAUSIBLE_S && t < MAX_PLAUSIBLE_S ? Math.floor(t / 86_400) : NaN;
  if (!Number.isInteger(t) || t < 10_000_101 || t > 99_991_231) return NaN;
  const y = Math.floor(t / 10_000);
  const m = Math.floor(t / 100) % 100;
  const d = t % 100;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return dayFromCivil(y, m, d);
}

/**
 * UTC day number of a timestamp value (Date, ISO-8601 string, or a number in `unit`), or
 * NaN when it cannot be read.
 */
export function dayOf(v: unknown, unit: TimestampUnit = "ms"): number {
  if (typeof v === "number") return numberDay(v, unit);
  if (typeof v === "string") return Math.floor(parseIsoMs(v) / MS_PER_DAY);
  if (v instanceof Date) {
    const ms = v.getTime();
    return ms >= -MAX_EPOCH_MS && ms <= MAX_EPOCH_MS ? Math.floor(ms / MS_PER_DAY) : NaN;
  }
  return NaN;
}

/** What a number that is not a plausible timestamp in `unit` probably is, and what to pass. */
function numberHint(v: number, unit: TimestampUnit): string {
  if (unit === "ms") {
    if (Number.isInteger(v) && numberDay(v, "yyyymmdd") === numberDay(v, "yyyymmdd")) {
      return ` It looks like a YYYYMMDD date (${String(v).slice(0, 4)}-${String(v).slice(4, 6)}-${String(v).slice(6, 8)}): pass { timestampUnit: "yyyymmdd" }, or the string "${v}".`;
    }
    if (v >= MIN_PLAUSIBLE_S && v < MAX_PLAUSIBLE_S) {
      return ` It looks like epoch seconds (${new Date(v * 1000).toISOString().slice(0, 10)}): pass { timestampUnit: "s" }, or multiply by 1000.`;
    }
    if (v >= MAX_PLAUSIBLE_MS && v < MAX_PLAUSIBLE_MS * 1000) {
      return ` It looks like epoch microseconds (${new Date(Math.floor(v / 1000)).toISOString().slice(0, 10)}): divide by 1000.`;
    }
    return ` Numbers are read as epoch milliseconds and must lie in [1e11, 1e13) (1973-03-03 to 2286-11-20); a 0 or a small number is usually a missing value filled in. Pass a Date or an ISO-8601 string for other dates.`;
  }
  if (unit === "s") return ` With timestampUnit "s" numbers are epoch seconds in [1e8, 1e10) (1973-03-03 to 2286-11-20).`;
  return ` With timestampUnit "yyyymmdd" numbers are whole YYYYMMDD dates such as 19970101.`;
}

/** Error for a timestamp that cannot be read (MISSING_VALUE for null / undefined). */
export function invalidTimestamp(fn: string, where: string, path: ErrorPath, v: unknown, unit: TimestampUnit = "ms"): ClienteleError {
  if (v === null || v === undefined) {
    return new ClienteleError({
      code: "MISSING_VALUE",
      path,
      received: v,
      message:
        `${fn}: ${where} is ${v === null ? "null" : "missing (undefined)"}; every transaction needs a timestamp. ` +
        `Drop or fill the row before summarizing (a hole from a join is not a date).`,
    });
  }
  const hint = typeof v === "number" && Number.isFinite(v) ? numberHint(v, unit) : "";
  return new ClienteleError({
    code: "INVALID_TIMESTAMP",
    path,
    received: v,
    message:
      `${fn}: ${where} is ${describeValue(v)}, which is not a timestamp.${hint}` +
      (hint === "" ? ` Pass a Date, an ISO-8601 string ("2024-03-01", "20240301", "2024-03-01T14:05:00Z") or epoch milliseconds (or set timestampUnit).` : ""),
  });
}

/** UTC day number of an option value (observationEnd, calibrationEnd, start); throws INVALID_OPTION. */
export function optionDay(v: Date | string | number, fn: string, name: string, unit: TimestampUnit = "ms"): number {
  const d = dayOf(v, unit);
  if (!Number.isFinite(d)) {
    const hint = typeof v === "number" && Number.isFinite(v) ? numberHint(v, unit) : "";
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", name],
      received: v,
      message:
        `${fn}: options.${name} is ${describeValue(v)}, which is not a timestamp.${hint}` +
        (hint === "" ? ` Pass a Date, an ISO-8601 string such as "2024-03-01" or epoch milliseconds.` : ""),
    });
  }
  return d;
}

/** ISO date (YYYY-MM-DD) of a UTC day number, for messages. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
