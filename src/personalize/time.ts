// Internal: timestamps and local hour-of-week in IANA time zones (via Intl), for personalize.
import { ClienteleError, describeValue } from "../core/errors.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?$/;

/**
 * Epoch milliseconds of a Date, an ISO-8601 string (a date-time without an offset is UTC, as
 * everywhere in the library) or epoch milliseconds in [1e11, 1e13). Throws INVALID_TIMESTAMP.
 */
export function toMs(v: unknown, fn: string, path: (string | number)[]): number {
  let ms = NaN;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "number") ms = v >= 1e11 && v < 1e13 ? v : NaN;
  else if (typeof v === "string") {
    const s = v.trim();
    const m = ISO.exec(s);
    if (m) {
      const [, y, mo, d, hh, mi, ss, off] = m;
      let zone = off ?? "Z";
      if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
      else if (/^[+-]\d{2}$/.test(zone)) zone = `${zone}:00`;
      else if (zone === "z") zone = "Z";
      const ok = +mo >= 1 && +mo <= 12 && +d >= 1 && +d <= 31 && (hh === undefined || (+hh <= 23 && +mi <= 59 && (ss === undefined || +ss <= 59)));
      if (ok) ms = Date.parse(hh === undefined ? `${y}-${mo}-${d}T00:00:00Z` : `${y}-${mo}-${d}T${hh}:${mi}:${ss ?? "00"}${zone}`);
    }
  }
  if (!Number.isFinite(ms)) {
    throw new ClienteleError({
      code: "INVALID_TIMESTAMP",
      path,
      received: v,
      message: `${fn}: ${path.join(".")} is ${describeValue(v)}; pass a Date, an ISO-8601 string ("2026-12-04T09:00:00Z") or epoch milliseconds.`,
    });
  }
  return ms;
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws INVALID_INPUT unless `zone` is an IANA time zone this runtime knows. */
export function checkZone(zone: unknown, fn: string, path: (string | number)[]): string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path,
      received: zone,
      message: `${fn}: ${path.join(".")} must be an IANA time zone name such as "Europe/Paris". Got ${describeValue(zone)}.`,
    });
  }
  if (!formatters.has(zone)) {
    try {
      formatters.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", hour: "numeric", hourCycle: "h23" }));
    } catch {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path,
        received: zone,
        message: `${fn}: ${path.join(".")} is "${zone}", which is not an IANA time zone this runtime knows (e.g. "America/New_York", "UTC").`,
      });
    }
  }
  return zone;
}

/** Local hour of week (0 = Monday 00:00-00:59 ... 167 = Sunday 23:00) of an instant in `zone` (checked). */
export function hourOfWeek(ms: number, zone: string): number {
  if (zone === "UTC") {
    const d = new Date(ms);
    return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
  }
  const parts = formatters.get(zone)!.formatToParts(ms);
  let wd = 0;
  let h = 0;
  for (const p of parts) {
    if (p.type === "weekday") wd = WEEKDAYS[p.value] ?? 0;
    else if (p.type === "hour") h = +p.value % 24;
  }
  return wd * 24 + h;
}

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
