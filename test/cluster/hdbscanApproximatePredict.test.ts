// src/cluster/hdbscanApproximatePredict.ts: predictHdbscan (split from hdbscan.test.ts).
import { describe, expect, it } from "vitest";
import { fitHdbscan, predictHdbscan } from "../../src/cluster/index.js";
import { randomPoints, SQUARES } from "./hdbscan-helpers.js";

describe("predictHdbscan (approximate_predict)", () => {
  it("new points near a cluster get its label, far points are noise; probabilities in [0, 1]", () => {
    const m = fitHdbscan(SQUARES.slice(0, 8), { minClusterSize: 3, minSamples: 2 });
    const p = predictHdbscan(m, [
      [0.5, 0.5],
      [10.5, 10.5],
      [40, 40],
    ]);
    expect(Array.from(p.labels)).toEqual([0, 1, -1]);
    expect(p.probabilities[0]).toBe(1);
    expect(p.probabilities[2]).toBe(0);
    expect(JSON.parse(JSON.stringify(p))).toEqual({ labels: [0, 1, -1], probabilities: [1, 1, 0] });
  });

  it("training points of dense cores are predicted into their own cluster", () => {
    const pts = randomPoints(600, 11);
    const m = fitHdbscan(pts, { minClusterSize: 15 });
    const p = predictHdbscan(m, pts);
    let agree = 0;
    let strong = 0;
    for (let i = 0; i < pts.length; i++) {
      if (m.probabilities[i] < 0.9) continue;
      strong++;
      if (p.labels[i] === m.labels[i]) agree++;
    }
    expect(strong).toBeGreaterThan(100);
    expect(agree / strong).toBeGreaterThan(0.98);
  });
});
