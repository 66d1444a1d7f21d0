import { describe, expect, it } from "vitest";
import { sequentialTest } from "../../src/experiment/index.js";
import { createRng } from "../../src/core/rng.js";

describe("experiment: invariants", () => {
  it("sequential test detects a real effect and its p-values never increase", () => {
    const rng = createRng(5);
    let xc = 0;
    let xt = 0;
    let n = 0;
    const history = [];
    for (let l = 0; l < 30; l++) {
      for (let i = 0; i < 1000; i++) {
        if (rng.uniform() < 0.1) xc++;
        if (rng.uniform() < 0.13) xt++;
      }
      n += 1000;
      history.push({ control: { conversions: xc, visitors: n }, treatment: { conversions: xt, visitors: n } });
    }
    const r = sequentialTest(history, { tau: 0.03 });
    expect(r.stoppedAt).not.toBeNull();
    for (let i = 1; i < r.looks.length; i++) {
      expect(r.looks[i].pValue).toBeLessThanOrEqual(r.looks[i - 1].pValue);
      expect(r.looks[i].interval[1]! - r.looks[i].interval[0]!).toBeLessThanOrEqual(r.looks[i - 1].interval[1]! - r.looks[i - 1].interval[0]! + 1e-15);
    }
    const last = r.looks[r.looks.length - 1];
    expect(last.interval[0]).toBeGreaterThan(0);
  });
});
