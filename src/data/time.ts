import { ClienteleError, describeValue, type ErrorPath } from "../core/errors.js";
import type { TimeUnit } from "./types.js";

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
 * Epoch milliseconds of a timestamp value (Date, ISO-8601 string, epoch ms), or NaN when
 * it cannot be read.
 */
export function timestampMs(v: unknown): number {
  if (typeof v === "number") return v >= -MAX_EPOCH_MS && v <= MAX_EPOCH_MS ? v : NaN;
  if (typeof v === "string") return parseIsoMs(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}

/** UTC day number (days since 1970-01-01) of a timestamp value, or NaN. */
export function dayOf(v: unknown): number {
  return Math.floor(timestampMs(v) / MS_PER_DAY);
}

/** Error for a timestamp that cannot be read. */
export function invalidTimestamp(fn: string, where: string, path: ErrorPath, v: unknown): ClienteleError {
  return new ClienteleError({
    code: "INVALID_TIMESTAMP",
    path,
    received: v,
    message:
      `${fn}: ${where} is ${describeValue(v)}, which is not a timestamp. ` +
      `Pass a Date, an ISO-8601 string ("2024-03-01", "20240301", "2024-03-01T14:05:00Z") or epoch milliseconds.`,
  });
}

/** UTC day number of an option value (observationEnd, calibrationEnd); throws INVALID_OPTION. */
export function optionDay(v: Date | string | number, fn: string, name: string): number {
  const d = dayOf(v);
  if (!Number.isFinite(d)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", name],
      received: v,
      message:
        `${fn}: options.${name} is ${describeValue(v)}, which is not a timestamp. ` +
        `Pass a Date, an ISO-8601 string such as "2024-03-01" or epoch milliseconds.`,
    });
  }
  return d;
}

/** ISO date (YYYY-MM-DD) of a UTC day number, for messages. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
