import { describe, expect, it } from "vitest";
import { fitKMeans, fitMiniBatchKMeans, miniBatchKMeansFromJSON, partialFitMiniBatchKMeans, predictKMeans } from "../../src/cluster/index.js";
import { createRng } from "../../src/core/rng.js";
import { blobs, samePartition } from "./helpers.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("mini-batch K-Means", () => {
  it("partial fit worked by hand (TSDoc example): centers are running means", () => {
    let m = partialFitMiniBatchKMeans(null, [[0], [10]], { k: 2, init: [[0], [10]] });
    expect(m.centroids).toEqual([[0], [10]]);
    m = partialFitMiniBatchKMeans(m, [[2], [12]]);
    // center 0 absorbed 0 then 2 -> (0 + 2) / 2 = 1; center 1: (10 + 12) / 2 = 11
    expect(m.centroids).toEqual([[1], [11]]);
    expect(m.counts).toEqual([2, 2]);
    expect(m.nSamplesSeen).toBe(4);
    expect(m.labels).toEqual([0, 1]);
    // the third chunk moves center 0 to (0 + 2 + 4) / 3 = 2
    const m3 = partialFitMiniBatchKMeans(m, [[4]]);
    expect(m3.centroids[0][0]).toBeCloseTo(2, 14);
    expect(m.centroids).toEqual([[1], [11]]); // input model untouched
  });
  it("TSDoc example of fitMiniBatchKMeans", () => {
    const m = fitMiniBatchKMeans([[0], [1], [10], [11]], { k: 2, batchSize: 4, init: [[0], [10]] });
    expect(m.labels).toEqual([0, 0, 1, 1]);
    expect(predictKMeans(m, [[12]])).toEqual([1]);
  });
  it("recovers separated blobs with inertia close to Lloyd's", () => {
    const { points, truth } = blobs(5000, 4, 5, 3, 12, 1);
    const mb = fitMiniBatchKMeans(points, { k: 5, batchSize: 256, rng: createRng(2) });
    const full = fitKMeans(points, { k: 5, rng: createRng(2) });
    expect(samePartition(mb.labels, truth)).toBe(true);
    expect(mb.inertia).toBeLessThanOrEqual(full.inertia * 1.02);
    expect(mb.labels.length).toBe(5000);
  });
  it("streaming chunks through partialFit approaches the batch fit", () => {
    const { points, truth } = blobs(3000, 3, 4, 6, 12, 1);
    let m = partialFitMiniBatchKMeans(null, points.slice(0, 500), { k: 4, rng: createRng(4) });
    for (let s = 500; s < 3000; s += 500) m = partialFitMiniBatchKMeans(m, points.slice(s, s + 500));
    expect(samePartition(predictKMeans(m, points), truth)).toBe(true);
    expect(m.nSamplesSeen).toBe(3000);
    expect(m.nSteps).toBe(6);
  });
  it("contract: same seed same model, JSON round trip, bad input", () => {
    const { points } = blobs(300, 2, 3, 1);
    const a = fitMiniBatchKMeans(points, { k: 3, batchSize: 50, rng: createRng(8) });
    expect(fitMiniBatchKMeans(points, { k: 3, batchSize: 50, rng: createRng(8) })).toEqual(a);
    expect(miniBatchKMeansFromJSON(JSON.parse(JSON.stringify(a)))).toEqual(a);
    expect(miniBatchKMeansFromJSON(JSON.parse(JSON.stringify(fitMiniBatchKMeans([[0], [1], [5]], { k: 2 })))).kind).toBe("minibatch-kmeans");
    expectClienteleError(() => fitMiniBatchKMeans(points, { k: 400 }), "INVALID_OPTION");
    expectClienteleError(() => fitMiniBatchKMeans([[NaN]], { k: 1 }), "NON_FINITE");
    expectClienteleError(() => fitMiniBatchKMeans([], { k: 1 }), "EMPTY_INPUT");
    expectClienteleError(() => partialFitMiniBatchKMeans(null, points), "INVALID_OPTION");
    expectClienteleError(() => partialFitMiniBatchKMeans(a, [[1, 2, 3]]), "SHAPE_MISMATCH");
    expectClienteleError(() => partialFitMiniBatchKMeans({ ...a, counts: [1] }, points), "INVALID_MODEL");
    expectClienteleError(() => miniBatchKMeansFromJSON({ ...a, kind: "kmeans" }), "WRONG_MODEL_KIND");
  });
});
