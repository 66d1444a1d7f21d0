import { describe, expect, it } from "vitest";
import { cuped } from "../../src/experiment/index.js";
import { createRng } from "../../src/core/rng.js";

describe("experiment: invariants", () => {
  it("CUPED removes correlation² of the variance and stays unbiased", () => {
    const rng = createRng(9);
    const make = (lift: number) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < 4000; i++) {
        const pre = rng.gamma(2, 10);
        x.push(pre);
        y.push(0.8 * pre + rng.normal(0, 6) + lift);
      }
      return { x, y };
    };
    const c = make(0);
    const t = make(1);
    const r = cuped(c, t);
    expect(r.varianceReduction).toBeCloseTo(r.correlation ** 2, 10); // algebraic identity of the pooled regression
    expect(r.adjusted.standardError).toBeLessThan(r.unadjusted.standardError);
    expect(Math.abs(r.adjusted.difference - 1)).toBeLessThan(4 * r.adjusted.standardError);
    expect(r.theta).toBeCloseTo(0.8, 1); // the simulated slope
    // theta is the pooled least-squares slope cov(x, y) / var(x) over both groups, recomputed here
    const xs = [...c.x, ...t.x];
    const ys = [...c.y, ...t.y];
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i] - my);
      sxx += (x - mx) ** 2;
    });
    expect(r.theta).toBeCloseTo(sxy / sxx, 12);
  });
});
