import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildPaths, markovAttribution, sessionize, type JourneyEventRow } from "../../src/journey/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("sessionize", () => {
  it("example: sessionize", () => {
    const s = sessionize([
      { customerId: 1, timestamp: "2024-03-01T10:00:00Z", channel: "seo" },
      { customerId: 1, timestamp: "2024-03-01T10:10:00Z", event: "purchase" },
      { customerId: 1, timestamp: "2024-03-02T09:00:00Z", channel: "email" },
    ]);
    expect(s.channel).toEqual(["seo", "email"]);
    expect(s.conversions).toEqual([1, 0]);
    expect(s.start).toEqual(["2024-03-01T10:00:00.000Z", "2024-03-02T09:00:00.000Z"]);
    expect(s.end).toEqual(["2024-03-01T10:10:00.000Z", "2024-03-02T09:00:00.000Z"]);
  });

  it("sorts events out of time order (and counts them); gap is per customer; 7 and '7' are one customer", () => {
    const s = sessionize(
      [
        { customerId: 7, timestamp: "2024-03-01T11:00:00Z", channel: "b" },
        { customerId: "7", timestamp: "2024-03-01T10:45:00Z", channel: "a" },
        { customerId: 8, timestamp: "2024-03-01T10:50:00Z", channel: "c" },
      ],
      { sessionGapMinutes: 20 },
    );
    expect(s.outOfOrder).toBe(1);
    expect(s.customerId).toEqual(["7", "8"]);
    expect(s.channel).toEqual(["a", "c"]);
    expect(s.events).toEqual([2, 1]);
  });

  it("reads numeric timestamps as clientele/data does (timestampUnit)", () => {
    const ev = [{ customerId: 1, timestamp: 1_709_287_200, channel: "a" }];
    expectClienteleError(() => sessionize(ev), "INVALID_TIMESTAMP");
    expect(sessionize(ev, { timestampUnit: "s" }).start).toEqual(["2024-03-01T10:00:00.000Z"]);
    expect(sessionize([{ customerId: 1, timestamp: 20240301, channel: "a" }], { timestampUnit: "yyyymmdd" }).start).toEqual(["2024-03-01T00:00:00.000Z"]);
    expect(sessionize([{ customerId: 1, timestamp: "2024-03-01T12:00:00+02:00", channel: "a" }]).start).toEqual(["2024-03-01T10:00:00.000Z"]);
  });

  it("rejects bad events with codes", () => {
    expectClienteleError(() => sessionize([]), "EMPTY_INPUT");
    expectClienteleError(() => sessionize([{ customerId: null, timestamp: "2024-01-01" } as never]), "MISSING_VALUE");
    expectClienteleError(() => sessionize([{ customer_id: 1, timestamp: "2024-01-01" } as never]), "MISSING_COLUMN");
    expectClienteleError(() => sessionize([{ customerId: 1, timestamp: "yesterday" }]), "INVALID_TIMESTAMP");
    expectClienteleError(() => sessionize([{ customerId: 1, timestamp: "2024-01-01", value: -3 }]), "NEGATIVE_VALUE");
    expectClienteleError(() => sessionize([{ customerId: 1, timestamp: "2024-01-01", channel: 5 as never }]), "INVALID_INPUT");
    expectClienteleError(() => sessionize([{ customerId: 1, timestamp: "2024-01-01" }], { gap: 3 } as never), "INVALID_OPTION");
  });
});

describe("buildPaths", () => {
  it("example: buildPaths", () => {
    const p = buildPaths(
      [
        { customerId: "a", timestamp: "2024-03-01T10:00:00Z", channel: "seo" },
        { customerId: "a", timestamp: "2024-03-03T10:00:00Z", channel: "email" },
        { customerId: "a", timestamp: "2024-03-03T10:05:00Z", event: "purchase", value: 40 },
        { customerId: "b", timestamp: "2024-03-02T08:00:00Z", channel: "tv" },
      ],
      { channels: ["seo", "email"] },
    );
    expect(p.path).toEqual([["seo", "email"]]);
    expect([p.conversions[0], p.value[0], p.nulls[0]]).toEqual([1, 40, 0]);
    expect(p.unknownChannels).toEqual({ count: 1, values: ["tv"] });
  });

  it("one touch per session, window cut, null paths after the last conversion, identical paths summed", () => {
    const ev: JourneyEventRow[] = [];
    for (const c of ["x", "y"]) {
      ev.push({ customerId: c, timestamp: "2024-01-01T00:00:00Z", channel: "old" });
      ev.push({ customerId: c, timestamp: "2024-03-01T10:00:00Z", channel: "seo" });
      ev.push({ customerId: c, timestamp: "2024-03-01T10:01:00Z", channel: "ads" }); // same session
      ev.push({ customerId: c, timestamp: "2024-03-02T10:00:00Z", channel: "ads" });
      ev.push({ customerId: c, timestamp: "2024-03-02T10:02:00Z", event: "purchase", value: 5 });
      ev.push({ customerId: c, timestamp: "2024-03-09T10:00:00Z", channel: "email" });
    }
    ev.push({ customerId: "z", timestamp: "2024-03-05T00:00:00Z", event: "purchase" });
    const p = buildPaths(ev, { conversionWindowDays: 14 });
    expect(p.path).toEqual([["seo", "ads"], ["email"]]);
    expect(p.conversions).toEqual([2, 0]);
    expect(p.value).toEqual([10, 0]);
    expect(p.nulls).toEqual([0, 2]);
    expect(p.outsideWindow).toBe(2);
    expect(p.conversionsWithoutTouch).toBe(1);
    expect(p.customers).toBe(3);
    // the paths feed the attribution functions directly
    expect(markovAttribution(p).channels).toEqual(["seo", "ads", "email"]);
  });

  it("every conversion is in a path or counted without touch (property)", () => {
    const ev = fc.record({
      customerId: fc.integer({ min: 1, max: 4 }),
      timestamp: fc.integer({ min: 1.7e12, max: 1.7e12 + 30 * 86_400_000 }),
      channel: fc.option(fc.constantFrom("a", "b", "c"), { nil: null }),
      event: fc.option(fc.constantFrom("visit", "purchase"), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(ev, { minLength: 1, maxLength: 40 }), (rows) => {
        const p = buildPaths(rows, { conversionWindowDays: 7 });
        const conv = rows.filter((r) => r.event === "purchase").length;
        expect(p.conversions.reduce((a, b) => a + b, 0) + p.conversionsWithoutTouch).toBe(conv);
        for (const path of p.path) expect(path.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });
});
