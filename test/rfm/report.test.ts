import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignSegments, scoreRfm, segmentReport } from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("segmentReport", () => {
  it("matches a hand-worked report", () => {
    const seg = assignSegments([
      { id: "a", r: 5, f: 5, m: 5 }, // Champions
      { id: "b", r: 4, f: 4, m: 4 }, // Champions
      { id: "c", r: 1, f: 1, m: 1 }, // Lost
      { id: "d", r: 1, f: 1, m: 2 }, // Lost (FM 1.5)
    ]);
    const rep = segmentReport(seg, { revenue: [100, 60, 10, 30], includeEmpty: false });
    // hand-worked: Champions 2 customers (0.5), revenue 160 of 200 (0.8), mean R 4.5, F 4.5, M 4.5, spend 80;
    // Lost 2 customers, revenue 40 (0.2), mean R 1, F 1, M 1.5, spend 20
    expect(rep.map((x) => x.segment)).toEqual(["Champions", "Lost"]);
    expect(rep[0]).toMatchObject({ customers: 2, shareOfCustomers: 0.5, revenue: 160, shareOfRevenue: 0.8, meanR: 4.5, meanF: 4.5, meanM: 4.5, meanSpend: 80 });
    expect(rep[1]).toMatchObject({ customers: 2, shareOfCustomers: 0.5, revenue: 40, shareOfRevenue: 0.2, meanR: 1, meanF: 1, meanM: 1.5, meanSpend: 20 });
    expect(rep[0].meanRecency).toBeNull(); // raw values unknown from plain score rows
    expect(rep[0].action).toMatch(/VIP/);
    // by revenue: same order here; with empty segments included there are 11 rows, means null when empty
    const all = segmentReport(seg, { revenue: [100, 60, 10, 30] });
    expect(all.length).toBe(11);
    const empty = all.find((x) => x.segment === "At Risk");
    expect(empty).toMatchObject({ customers: 0, shareOfCustomers: 0, meanR: null, meanSpend: null });
    const byCustomers = segmentReport(seg, { revenue: [1, 1, 5, 5], sortBy: "revenue", includeEmpty: false });
    expect(byCustomers.map((x) => x.segment)).toEqual(["Lost", "Champions"]);
    expect(JSON.parse(JSON.stringify(rep))).toEqual(rep); // plain data
  });

  it("uses raw values and revenue carried from scoreRfm", () => {
    const s = scoreRfm(
      {
        id: ["a", "b", "c"],
        recency: [1, 30, 8],
        frequency: [5, 1, 2],
        monetary: [90, 20, 40],
        totalSpend: [500, 20, 100],
      },
      { recencyConvention: "sinceLast", monetary: "btyd-mean" },
    );
    const rep = segmentReport(assignSegments(s), { includeEmpty: false });
    // scores: a 555 Champions, b 111 Lost, c 333 Loyal Customers
    expect(rep.map((x) => x.segment)).toEqual(["Champions", "Loyal Customers", "Lost"]);
    expect(rep[0]).toMatchObject({ meanRecency: 1, meanFrequency: 5, meanMonetary: 90, revenue: 500, shareOfRevenue: 500 / 620 });
  });

  it("shares sum to 1 and counts to n (property)", () => {
    const score = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ r: score, f: score, m: score, rev: fc.double({ min: 0, max: 1000, noNaN: true }) }), { minLength: 1, maxLength: 80 }),
        (rows) => {
          const rep = segmentReport(assignSegments(rows), { revenue: rows.map((x) => x.rev) });
          expect(rep.reduce((a, x) => a + x.customers, 0)).toBe(rows.length);
          expect(rep.reduce((a, x) => a + x.shareOfCustomers, 0)).toBeCloseTo(1, 10);
          const total = rows.reduce((a, x) => a + x.rev, 0);
          if (total > 0) expect(rep.reduce((a, x) => a + x.shareOfRevenue, 0)).toBeCloseTo(1, 10);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("rejects bad input", () => {
    const seg = assignSegments([{ r: 1, f: 1, m: 1 }]);
    expectClienteleError(() => segmentReport(seg), "MISSING_COLUMN");
    expectClienteleError(() => segmentReport(seg, { revenue: [1, 2] }), "LENGTH_MISMATCH");
    expectClienteleError(() => segmentReport(seg, { revenue: [NaN] }), "NON_FINITE");
    expectClienteleError(() => segmentReport(seg, { sortBy: "name" as never, revenue: [1] }), "INVALID_OPTION");
    expectClienteleError(() => segmentReport({} as never), "INVALID_INPUT");
  });
});
