// Timestamps and local hours of week (src/personalize/time.ts), expected values by hand.
// 2026-11-30 is a Monday; 2026-12-04 a Friday (hour of week = day index (Mon = 0) x 24 + hour).
import { describe, expect, it } from "vitest";
import { MS_PER_DAY, MS_PER_HOUR, checkZone, hourOfWeek, toMs } from "../../src/personalize/time.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("toMs", () => {
  it("reads Dates, ISO strings (Z, offsets, date only) and epoch milliseconds", () => {
    const nine = Date.UTC(2026, 11, 4, 9);
    expect(toMs(new Date(nine), "f", ["t"])).toBe(nine);
    expect(toMs("2026-12-04T09:00:00Z", "f", ["t"])).toBe(nine);
    expect(toMs("2026-12-04T10:00:00+01:00", "f", ["t"])).toBe(nine);
    expect(toMs("2026-12-04T10:00:00+0100", "f", ["t"])).toBe(nine);
    expect(toMs("2026-12-04", "f", ["t"])).toBe(Date.UTC(2026, 11, 4));
    expect(toMs(nine, "f", ["t"])).toBe(nine);
  });
  it("rejects epoch seconds, impossible dates and other values with INVALID_TIMESTAMP naming the path", () => {
    expect(expectClienteleError(() => toMs(1_764_838_800, "fitSendTime", ["events", 3, "timestamp"]), "INVALID_TIMESTAMP").path).toEqual([
      "events",
      3,
      "timestamp",
    ]);
    expectClienteleError(() => toMs("2026-13-01", "f", ["t"]), "INVALID_TIMESTAMP");
    expectClienteleError(() => toMs("2026-12-04T24:00:00Z", "f", ["t"]), "INVALID_TIMESTAMP");
    expectClienteleError(() => toMs(null, "f", ["t"]), "INVALID_TIMESTAMP");
    expectClienteleError(() => toMs(new Date(Number.NaN), "f", ["t"]), "INVALID_TIMESTAMP");
  });
});

describe("hourOfWeek and checkZone", () => {
  it("UTC: Monday 00:00 is 0, Friday 09:00 is 4 x 24 + 9 = 105, Sunday 23:00 is 167", () => {
    expect(hourOfWeek(Date.UTC(2026, 10, 30, 0), "UTC")).toBe(0);
    expect(hourOfWeek(Date.UTC(2026, 11, 4, 9), "UTC")).toBe(105);
    expect(hourOfWeek(Date.UTC(2026, 11, 6, 23), "UTC")).toBe(167);
  });
  it("IANA zones: Friday 09:00 UTC is 10:00 in Paris (106) and 04:00 in New York (100) in December", () => {
    // hourOfWeek reads the formatter checkZone caches: the callers check the zone first
    checkZone("Europe/Paris", "f", ["timeZone"]);
    checkZone("America/New_York", "f", ["timeZone"]);
    expect(hourOfWeek(Date.UTC(2026, 11, 4, 9), "Europe/Paris")).toBe(106);
    expect(hourOfWeek(Date.UTC(2026, 11, 4, 9), "America/New_York")).toBe(100);
    // Monday 00:30 UTC is still Sunday 19:30 in New York: 6 x 24 + 19
    expect(hourOfWeek(Date.UTC(2026, 10, 30, 0, 30), "America/New_York")).toBe(163);
  });
  it("checkZone returns a known zone and rejects unknown ones", () => {
    expect(checkZone("Europe/Paris", "f", ["options", "timeZone"])).toBe("Europe/Paris");
    expectClienteleError(() => checkZone("Mars/Olympus", "f", ["options", "timeZone"]), "INVALID_INPUT");
    expectClienteleError(() => checkZone("", "f", ["options", "timeZone"]), "INVALID_INPUT");
    expectClienteleError(() => checkZone(5, "f", ["options", "timeZone"]), "INVALID_INPUT");
  });
  it("the unit constants", () => {
    expect(MS_PER_HOUR).toBe(3_600_000);
    expect(MS_PER_DAY).toBe(24 * MS_PER_HOUR);
  });
});
