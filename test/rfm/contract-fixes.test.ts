// Regression tests for the contract/fuzz violations found by test/contract.test.ts and test/fuzz
// in clientele/rfm (after the issue-10 work). Each fails on the code before the fix (commit 521eccd).
import { describe, expect, it } from "vitest";
import { assignSegments, projectSegments, scoreRfm, segmentReport, segmentRows, transitionMatrix } from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const scores = () => scoreRfm({ id: v, recency: v, frequency: v, totalSpend: v.map((x) => x * 10) }, { recencyConvention: "since-last" });

describe("projectSegments rejects an empty distribution (old: distribution [0, 0, 0, 0])", () => {
  const tm = transitionMatrix(
    [
      { id: 1, segment: "A" },
      { id: 2, segment: "B" },
    ],
    [
      { id: 1, segment: "B" },
      { id: 2, segment: "B" },
    ],
  );
  it("{} and all-zero amounts are EMPTY_INPUT", () => {
    expectClienteleError(() => projectSegments(tm, {}, 3), "EMPTY_INPUT");
    expectClienteleError(() => projectSegments(tm, { A: 0 }, 3), "EMPTY_INPUT");
    expect(expectClienteleError(() => projectSegments(tm, new Array(tm.states.length).fill(0), 3), "EMPTY_INPUT").message).toMatch(/^projectSegments: /);
    expect(projectSegments(tm, { A: 1 }, 1).distribution.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });
});

describe("assignSegments carries only checked score fields (old: NaN, -Infinity and foreign keys copied)", () => {
  it.each([
    ["revenue", (s: Record<string, unknown>) => (s.revenue = Number.NaN)],
    ["revenueSource", (s: Record<string, unknown>) => (s.revenueSource = -Infinity)],
    ["monetary", (s: Record<string, unknown>) => ((s.monetary as Float64Array)[0] = Number.NaN)],
    ["hasOwnProperty", (s: Record<string, unknown>) => Object.defineProperty(s, "hasOwnProperty", { value: -Infinity, enumerable: true })],
    ["churn", (s: Record<string, unknown>) => (s.churn = Float64Array.of(2))],
  ])("scores.%s tampered is INVALID_INPUT naming the field", (field, tamper) => {
    const s = scores() as unknown as Record<string, unknown>;
    s.monetary = Float64Array.from(s.monetary as Float64Array);
    tamper(s);
    const e = expectClienteleError(() => assignSegments(s as never), "INVALID_INPUT");
    expect(e.path).toEqual(["scores", field]);
    expect(e.message).toMatch(/^assignSegments: /);
  });
  it("untampered scores are kept (equal copy) and the result is JSON-clean", () => {
    const s = scores();
    const seg = assignSegments(s);
    expect(seg.scores).toEqual(s);
    expect(JSON.parse(JSON.stringify(seg)).scores.revenue).toEqual(Array.from(s.revenue));
    expect(segmentReport(seg).reduce((n, row) => n + row.customers, 0)).toBe(10);
  });
});

describe("segmentRows / segmentReport check segment names and actions (old: NaN or arrays in the rows)", () => {
  const seg = () => assignSegments(scores());
  it("segmentRows: actions[0] = [NaN] and segments[10] = NaN are INVALID_INPUT", () => {
    expectClienteleError(() => segmentRows({ ...seg(), actions: [[Number.NaN], ...seg().actions.slice(1)] } as never), "INVALID_INPUT");
    const s = seg();
    const names = [...s.segments];
    names[10] = Number.NaN as never;
    expect(expectClienteleError(() => segmentRows({ ...s, segments: names }), "INVALID_INPUT").message).toMatch(/^segmentRows: .*segments\[10\]/);
  });
  it("segmentReport: segments[2] = Float64Array is INVALID_INPUT", () => {
    const s = seg();
    const names = [...s.segments];
    names[2] = Float64Array.of(1, Number.NaN) as never;
    expectClienteleError(() => segmentReport({ ...s, segments: names }), "INVALID_INPUT");
  });
});
