// Day numbers and timestamp reading of clientele/data (src/data/time.ts). Expected values by hand:
// day 0 = 1970-01-01; 1997-01-01 is day 9,862 (27 years of 365 days + 7 leap days 1972..1996);
// 2000-03-01 is day 11,017 (30 years with 7 leap days 1972..1996, + 31 + 29 days of 2000).
import { describe, expect, it } from "vitest";
import { MS_PER_DAY, dayFromCivil, dayOf, invalidTimestamp, isoDay, numberDay, optionDay, parseIsoMs, unitDays } from "../../src/data/time.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("dayFromCivil / isoDay", () => {
  it("the hand-counted day numbers, and back", () => {
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(dayFromCivil(1997, 1, 1)).toBe(27 * 365 + 7);
    expect(dayFromCivil(2000, 3, 1)).toBe(30 * 365 + 7 + 31 + 29);
    expect(dayFromCivil(1969, 12, 31)).toBe(-1);
    expect(isoDay(9862)).toBe("1997-01-01");
    expect(isoDay(-1)).toBe("1969-12-31");
  });
  it("agrees with Date.UTC on every day of 1896..2104 (leap rules of 1900, 2000, 2100)", () => {
    for (let t = Date.UTC(1896, 0, 1); t <= Date.UTC(2104, 11, 31); t += MS_PER_DAY) {
      const d = new Date(t);
      expect(dayFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(t / MS_PER_DAY);
    }
  });
});

describe("parseIsoMs", () => {
  it("dates, date-times without an offset (UTC), offsets and fractions", () => {
    const nine = Date.UTC(1997, 0, 1, 9);
    expect(parseIsoMs("1997-01-01")).toBe(Date.UTC(1997, 0, 1));
    expect(parseIsoMs("19970101")).toBe(Date.UTC(1997, 0, 1));
    expect(parseIsoMs("1997-01-01T09:00")).toBe(nine);
    expect(parseIsoMs("1997-01-01 09:00:00")).toBe(nine);
    expect(parseIsoMs("1997-01-01T09:00:00Z")).toBe(nine);
    expect(parseIsoMs("1997-01-01T10:00:00+01:00")).toBe(nine);
    expect(parseIsoMs("1997-01-01T10:00:00+0100")).toBe(nine);
    expect(parseIsoMs("1997-01-01T04:00:00-05")).toBe(nine);
    expect(parseIsoMs("1997-01-01T09:00:00.250Z")).toBe(nine + 250);
  });
  it("NaN for impossible or other forms", () => {
    for (const s of ["1997-02-29", "1997-13-01", "1997-01-01T24:00", "01/02/1997", "1997-1-1", "", "yesterday"]) expect(parseIsoMs(s)).toBeNaN();
    expect(parseIsoMs("1996-02-29")).toBe(Date.UTC(1996, 1, 29)); // a leap day
  });
});

describe("numberDay / dayOf / optionDay", () => {
  it("numbers in each timestamp unit", () => {
    expect(numberDay(Date.UTC(1997, 0, 1, 23), "ms")).toBe(9862);
    expect(numberDay(Date.UTC(1997, 0, 1) / 1000, "s")).toBe(9862);
    expect(numberDay(19970101, "yyyymmdd")).toBe(9862);
    expect(numberDay(19970229, "yyyymmdd")).toBeNaN();
    expect(numberDay(19970101, "ms")).toBeNaN(); // not a plausible epoch-ms value (1970-01-01 + 5.5 h)
    expect(numberDay(852076800, "ms")).toBeNaN(); // epoch seconds read as ms
  });
  it("dayOf reads numbers, ISO strings and Dates; optionDay names the option it cannot read", () => {
    expect(dayOf("1997-01-01T23:59:59Z")).toBe(9862);
    expect(dayOf(new Date(Date.UTC(1997, 0, 2)))).toBe(9863);
    expect(dayOf(null)).toBeNaN();
    expect(optionDay("1997-09-30", "summarizeTransactions", "calibrationEnd")).toBe(dayFromCivil(1997, 9, 30));
    expect(expectClienteleError(() => optionDay(19970930, "summarizeTransactions", "calibrationEnd"), "INVALID_OPTION").message).toMatch(
      /timestampUnit: "yyyymmdd"/,
    );
  });
  it("invalidTimestamp: MISSING_VALUE for holes, INVALID_TIMESTAMP with a hint otherwise", () => {
    expect(invalidTimestamp("f", "transactions[0].timestamp", ["transactions", 0, "timestamp"], null).code).toBe("MISSING_VALUE");
    const s = invalidTimestamp("f", "transactions[0].timestamp", ["transactions", 0, "timestamp"], 852076800);
    expect(s.code).toBe("INVALID_TIMESTAMP");
    expect(s.message).toMatch(/epoch seconds \(1997-01-01\)/);
  });
  it("unitDays: 1, 7 and 365.25 / 12", () => {
    expect(unitDays("day")).toBe(1);
    expect(unitDays("week")).toBe(7);
    expect(unitDays("month")).toBe(365.25 / 12);
  });
});
