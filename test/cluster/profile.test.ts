import { describe, expect, it } from "vitest";
import { fitScaler, profileClusters, transformPoints } from "../../src/cluster/index.js";
import { ClienteleError } from "../../src/core/errors.js";
import { expectClose } from "./helpers.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("profileClusters", () => {
  it("TSDoc example worked by hand", () => {
    const p = profileClusters(
      [
        [0, 5],
        [1, 5],
        [10, 5],
        [11, 5],
      ],
      [0, 0, 1, 1],
      { featureNames: ["spend", "age"], top: 1 },
    );
    // overall mean 5.5, population sd sqrt((5.5² + 4.5² + 4.5² + 5.5²) / 4) = sqrt(25.25);
    // cluster 0 mean 0.5 -> z = -5 / sqrt(25.25) = -0.995
    expect(p.clusters[0].centroid).toEqual([0.5, 5]);
    const z = -5 / Math.sqrt(25.25);
    expect(p.clusters[0].distinguishing).toHaveLength(1);
    expect(p.clusters[0].distinguishing[0]).toMatchObject({ feature: "spend", index: 0, direction: "lower" });
    expect(p.clusters[0].distinguishing[0].z).toBeCloseTo(z, 14);
    expect(p.clusters[0].distinguishing[0].z).toBeCloseTo(-0.995, 3);
    expectClose(p.clusters[1].z, [-z, 0], 1e-14);
    expect(p.clusters.map((c) => c.share)).toEqual([0.5, 0.5]);
    expect(p.overallMean).toEqual([5.5, 5]);
  });
  it("maps centroids back to original units through the scaler", () => {
    const raw = [
      [0, 100],
      [2, 100],
      [20, 300],
      [22, 300],
      [21, 300],
    ];
    const scaler = fitScaler(raw, { method: "zscore", log1p: [0] });
    const scaled = transformPoints(scaler, raw);
    const p = profileClusters(scaled, [1, 1, 2, 2, 2], { scaler, featureNames: ["orders", "spend"] });
    // largest cluster first: label 2 (3 points); spend is linear, so its centroid is the plain mean 300;
    // orders is log1p-scaled, so the centroid is expm1(mean(log1p(20, 22, 21)))
    expect(p.clusters[0].label).toBe(2);
    expect(p.clusters[0].size).toBe(3);
    expect(p.clusters[0].centroid[1]).toBeCloseTo(300, 10);
    const geo = Math.expm1((Math.log1p(20) + Math.log1p(22) + Math.log1p(21)) / 3);
    expect(p.clusters[0].centroid[0]).toBeCloseTo(geo, 10);
    expectClose(p.clusters[1].centroidScaled, [(scaled[0][0] + scaled[1][0]) / 2, (scaled[0][1] + scaled[1][1]) / 2], 1e-12);
  });
  it("rejects mismatched names and labels", () => {
    expectClienteleError(() => profileClusters([[1], [2]], [0, 1], { featureNames: ["a", "b"] }), "LENGTH_MISMATCH");
    expect(() => profileClusters([[1], [2]], [0])).toThrow(ClienteleError);
  });
});
