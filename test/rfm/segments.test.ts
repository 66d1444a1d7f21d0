import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignSegments, RFM_SEGMENTS, scoreRfm, type SegmentRule } from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

// The documented grid (TSDoc of RFM_SEGMENTS), written out cell by cell from the table:
// rows R = 5..1, columns FM = 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5.
const GRID: Record<number, string[]> = {
  5: [
    "New Customers",
    "Potential Loyalists",
    "Potential Loyalists",
    "Potential Loyalists",
    "Loyal Customers",
    "Loyal Customers",
    "Champions",
    "Champions",
    "Champions",
  ],
  4: [
    "Promising",
    "Potential Loyalists",
    "Potential Loyalists",
    "Potential Loyalists",
    "Loyal Customers",
    "Loyal Customers",
    "Champions",
    "Champions",
    "Champions",
  ],
  3: [
    "Promising",
    "About to Sleep",
    "Need Attention",
    "Need Attention",
    "Loyal Customers",
    "Loyal Customers",
    "Loyal Customers",
    "Loyal Customers",
    "Loyal Customers",
  ],
  2: ["Hibernating", "About to Sleep", "About to Sleep", "About to Sleep", "At Risk", "At Risk", "At Risk", "At Risk", "At Risk"],
  1: ["Lost", "Lost", "Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them", "Can't Lose Them", "Can't Lose Them"],
};

const ALL: { r: number; f: number; m: number }[] = [];
for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) ALL.push({ r, f, m });

describe("assignSegments with the default 11-segment table", () => {
  it("matches the documented R x FM grid on all 125 score triples", () => {
    const seg = assignSegments(ALL);
    ALL.forEach(({ r, f, m }, i) => {
      const col = ((f + m) / 2) * 2 - 2; // FM 1 -> 0, 1.5 -> 1, ..., 5 -> 8
      expect(seg.segment[i], `r=${r} f=${f} m=${m}`).toBe(GRID[r][col]);
    });
  });

  it("reaches every one of the 11 segments and never the fallback", () => {
    const seg = assignSegments(ALL);
    expect(new Set(seg.segment)).toEqual(new Set(RFM_SEGMENTS.map((s) => s.segment)));
    expect(RFM_SEGMENTS.length).toBe(11);
    expect(seg.segments.slice(0, 11)).toEqual(RFM_SEGMENTS.map((s) => s.segment));
    expect(seg.segments[seg.fallbackIndex]).toBe("Other");
  });

  it("carries a recommended action per segment", () => {
    const seg = assignSegments([
      { id: "a", r: 5, f: 5, m: 4 },
      { id: "b", r: 1, f: 1, m: 1 },
    ]);
    expect(seg.segment).toEqual(["Champions", "Lost"]); // the @example
    expect(seg.id).toEqual(["a", "b"]);
    for (const rule of RFM_SEGMENTS) expect(rule.action.length).toBeGreaterThan(10);
    expect(seg.actions[seg.segmentIndex[0]]).toMatch(/loyalty programs, VIP/);
    const atRisk = RFM_SEGMENTS.find((s) => s.segment === "At Risk");
    expect(atRisk?.action).toMatch(/win-back/i);
  });

  it("works on scoreRfm output and keeps the scores for the report", () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const s = scoreRfm({ id: v, recency: v, frequency: v, totalSpend: v }, { recencyConvention: "since-last" });
    const seg = assignSegments(s);
    expect(seg.scores).toEqual(s); // a checked copy of the scoreRfm fields
    // recency 1..2 days -> R 5, but F and M 1 -> New Customers; 9..10 days -> R 1, F = M = 5 -> Can't Lose Them
    expect(seg.segment[0]).toBe("New Customers");
    expect(seg.segment[9]).toBe("Can't Lose Them");
  });

  it("requires 5 bins for the default table", () => {
    const v = [1, 2, 3];
    const s = scoreRfm({ id: v, recency: v, frequency: v, totalSpend: v }, { recencyConvention: "since-last", bins: 4 });
    expectClienteleError(() => assignSegments(s), "SHAPE_MISMATCH");
    expectClienteleError(() => assignSegments([{ r: 6, f: 1, m: 1 }]), "SHAPE_MISMATCH");
    // with custom rules any bins work
    const seg = assignSegments(s, [{ segment: "Top", action: "thank", r: [4, 4] }]);
    expect(seg.segment).toEqual(["Top", "Other", "Other"]);
  });
});

describe("assignSegments with custom rules", () => {
  it("checks rules in order and uses the documented fallback", () => {
    const rules: SegmentRule[] = [
      { segment: "Best", action: "reward", r: [3, 5], f: [3, 5] },
      { segment: "Recent", action: "welcome", r: [3, 5] },
    ];
    const seg = assignSegments(
      [
        { r: 5, f: 5, m: 1 },
        { r: 4, f: 1, m: 1 },
        { r: 1, f: 5, m: 5 },
      ],
      rules,
      { fallback: { segment: "Rest", action: "look" } },
    );
    expect(seg.segment).toEqual(["Best", "Recent", "Rest"]);
    expect(seg.segments).toEqual(["Best", "Recent", "Rest"]);
    expect(seg.actions).toEqual(["reward", "welcome", "look"]);
  });

  it("validates rule tables with INVALID_INPUT (the rules are a positional argument)", () => {
    const rows = [{ r: 1, f: 1, m: 1 }];
    expectClienteleError(() => assignSegments(rows, []), "INVALID_INPUT");
    expectClienteleError(() => assignSegments(rows, [{ segment: "", action: "x" }]), "INVALID_INPUT");
    expectClienteleError(() => assignSegments(rows, [{ segment: "A", action: "x", r: [5, 1] }]), "INVALID_INPUT");
    expectClienteleError(() => assignSegments(rows, [{ segment: "A", action: "x", r: [1, NaN] }]), "INVALID_INPUT");
    expectClienteleError(() => assignSegments(rows, [{ segment: "A" } as never]), "INVALID_INPUT");
    expectClienteleError(() => assignSegments(rows, [{ segment: "A", action: "x", q: [1, 2] } as never]), "INVALID_INPUT");
    expectClienteleError(() => assignSegments(rows, RFM_SEGMENTS, { fallback: { segment: "" } } as never), "INVALID_OPTION");
  });

  it("rejects bad scores", () => {
    expectClienteleError(() => assignSegments([]), "EMPTY_INPUT");
    expectClienteleError(() => assignSegments([{ r: 0, f: 1, m: 1 }]), "OUT_OF_RANGE");
    expectClienteleError(() => assignSegments([{ r: 2.5, f: 1, m: 1 }]), "OUT_OF_RANGE");
    expectClienteleError(() => assignSegments([{ r: NaN, f: 1, m: 1 }]), "NON_FINITE");
    expectClienteleError(() => assignSegments({} as never), "INVALID_INPUT");
  });

  it("puts every customer in exactly one segment: the first matching rule, else the fallback (property)", () => {
    const range = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 })).map(([lo, w]) => [lo, lo + w] as [number, number]);
    const half = fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 6 })).map(([lo, w]) => [lo / 2, (lo + w) / 2] as [number, number]);
    const rule = fc.record(
      {
        segment: fc.constantFrom("A", "B", "C", "D", "E"),
        action: fc.constant("do"),
        r: range,
        f: range,
        m: range,
        fm: half,
      },
      { requiredKeys: ["segment", "action"] },
    );
    const score = fc.integer({ min: 1, max: 6 });
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ r: score, f: score, m: score }), { minLength: 1, maxLength: 40 }),
        (rules, rows) => {
          const seg = assignSegments(rows, rules);
          expect(seg.segment.length).toBe(rows.length);
          rows.forEach((row, i) => {
            const inR = (v: number, rg?: [number, number]) => rg === undefined || (v >= rg[0] && v <= rg[1]);
            const hit = rules.find((q) => inR(row.r, q.r) && inR(row.f, q.f) && inR(row.m, q.m) && inR((row.f + row.m) / 2, q.fm));
            expect(seg.segment[i]).toBe(hit ? hit.segment : "Other");
            expect(seg.segments[seg.segmentIndex[i]]).toBe(seg.segment[i]);
            expect(seg.segments.filter((s) => s === seg.segment[i]).length).toBe(1);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("leaves the input untouched", () => {
    const rows = Object.freeze([Object.freeze({ id: "x", r: 3, f: 3, m: 3 })]);
    const rules = Object.freeze([Object.freeze({ segment: "Mid", action: "a", r: Object.freeze([3, 3]) as [number, number] })]);
    expect(assignSegments(rows, rules).segment).toEqual(["Mid"]);
    expect(rows[0]).toEqual({ id: "x", r: 3, f: 3, m: 3 });
  });
});
