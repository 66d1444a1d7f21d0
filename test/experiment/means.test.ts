import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { welchTTest } from "../../src/experiment/index.js";
import { createRng } from "../../src/core/rng.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));

describe("experiment: R reference values", () => {
  it("Welch t-test reproduces R's documented t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p = 0.07939", () => {
    // group1 - group2 in R = treatment - control here, so control = group 2.
    const r = welchTTest(ref.sleep.group2, ref.sleep.group1);
    expect(r.t).toBeCloseTo(-1.8608, 4); // R docs
    expect(r.df).toBeCloseTo(17.776, 3); // R docs
    expect(r.pValue).toBeCloseTo(0.07939, 5); // R docs
    expect(r.t).toBeCloseTo(ref.sleep.t, 10);
    expect(r.df).toBeCloseTo(ref.sleep.df, 8);
    expect(r.pValue).toBeCloseTo(ref.sleep.p, 10);
    expect(r.interval[0]).toBeCloseTo(ref.sleep.ci[0], 8);
    expect(r.interval[1]).toBeCloseTo(ref.sleep.ci[1], 8);
    const less = welchTTest(ref.sleep.group2, ref.sleep.group1, { alternative: "less" });
    expect(less.pValue).toBeCloseTo(ref.sleep_less.p, 10);
    expect(less.interval[0]).toBeNull(); // unbounded end: null, not -Infinity (JSON-stable)
    expect(less.interval[1]).toBeCloseTo(ref.sleep_less.ci[1], 8);
  });

  it("Welch from summary statistics equals Welch from raw values", () => {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
    const g1: number[] = ref.sleep.group1;
    const g2: number[] = ref.sleep.group2;
    const r = welchTTest({ mean: mean(g2), sd: sd(g2), n: 10 }, { mean: mean(g1), sd: sd(g1), n: 10 });
    expect(r.t).toBeCloseTo(ref.sleep.t, 10);
  });
});

describe("experiment: invariants", () => {
  it("welch p-value is uniform-ish under the null (nominal 5% false-positive rate)", () => {
    const rng = createRng(77);
    let fp = 0;
    const sims = 2000;
    for (let s = 0; s < sims; s++) {
      const a = Array.from({ length: 30 }, () => rng.normal(0, 1));
      const b = Array.from({ length: 20 }, () => rng.normal(0, 3));
      if (welchTTest(a, b).pValue < 0.05) fp++;
    }
    expect(Math.abs(fp / sims - 0.05)).toBeLessThan(0.015); // 3 MC standard errors
  });
});

describe("experiment: bad input", () => {
  it("does not mutate frozen input", () => {
    const a = Object.freeze([1, 2, 3, 4]);
    const b = Object.freeze([2, 3, 4, 6]);
    expect(() => welchTTest(a, b)).not.toThrow();
    expect(a).toEqual([1, 2, 3, 4]);
  });
});
