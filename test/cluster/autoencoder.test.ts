import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autoencoderFromJSON,
  decodeAutoencoder,
  encodeAutoencoder,
  fitAutoencoder,
  fitAutoencoderAsync,
  fitKMeans,
  fitPca,
  fitScaler,
  inverseTransformPca,
  profileClusters,
  transformPca,
  transformPoints,
} from "../../src/cluster/index.js";
import { createRng } from "../../src/core/rng.js";
import { expectClienteleError } from "../helpers/errors.js";

const mse = (a: number[][], b: number[][]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) s += (a[i][j] - b[i][j]) ** 2;
  return s / (a.length * a[0].length);
};
/** 400 standardized points of a correlated 6-D Gaussian (seeded). */
function gaussian6(): number[][] {
  const rng = createRng(5);
  const a = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => rng.normal()));
  const raw = Array.from({ length: 400 }, () => {
    const z = Array.from({ length: 6 }, () => rng.normal());
    return a.map((r) => r.reduce((s, v, j) => s + v * z[j], 0));
  });
  return transformPoints(fitScaler(raw), raw);
}

describe("fitAutoencoder: against PCA", () => {
  it("a linear autoencoder of width 2 on standardized data reaches PCA's 2-component reconstruction error (within 1%)", () => {
    const x = gaussian6();
    const p = fitPca(x, { nComponents: 2 });
    const pcaErr = mse(x, inverseTransformPca(p, transformPca(p, x)));
    const m = fitAutoencoder(x, { encoderWidths: [2], activation: "linear", epochs: 300, validationFraction: 0, rng: createRng(1) });
    const aeErr = mse(x, decodeAutoencoder(m, encodeAutoencoder(m, x)));
    // PCA is the optimum of every linear width-2 reconstruction: the autoencoder cannot beat it
    expect(aeErr).toBeGreaterThanOrEqual(pcaErr * (1 - 1e-9));
    expect(aeErr / pcaErr).toBeLessThan(1.01);
    expect(m.trainLoss).toBeCloseTo(aeErr, 12);
  });

  it("a tanh autoencoder of code width 1 beats 1-component PCA on a curved 1-D manifold in 3-D", () => {
    const r = createRng(7);
    const raw = Array.from({ length: 500 }, () => {
      const t = 2 * r.uniform() - 1;
      return [t, t * t, Math.sin(3 * t)].map((v) => v + 0.02 * r.normal());
    });
    const x = transformPoints(fitScaler(raw), raw);
    const p = fitPca(x, { nComponents: 1 });
    const pcaErr = mse(x, inverseTransformPca(p, transformPca(p, x)));
    const m = fitAutoencoder(x, { encoderWidths: [16, 1], activation: "tanh", epochs: 300, rng: createRng(2) });
    const aeErr = mse(x, decodeAutoencoder(m, encodeAutoencoder(m, x)));
    expect(pcaErr).toBeGreaterThan(0.3);
    expect(aeErr).toBeLessThan(0.1 * pcaErr);
    expect(m.stoppedEarly || m.epochs === 300).toBe(true);
  });
});

describe("fitAutoencoder: behaviour", () => {
  it("TSDoc examples", async () => {
    const pts = Array.from({ length: 40 }, (_, i) => [i / 10, -i / 10, i / 20]);
    const m = fitAutoencoder(pts, { encoderWidths: [1], activation: "linear", epochs: 300 });
    expect(m.layers.length).toBe(2);
    expect(encodeAutoencoder(m, [[0, 0, 0]])[0].length).toBe(1);
    expect(m.trainLoss < 1e-3).toBe(true);
    const a = await fitAutoencoderAsync(
      Array.from({ length: 20 }, (_, i) => [i, 2 * i]),
      { encoderWidths: [1], epochs: 5, signal: AbortSignal.timeout(5000) },
    );
    expect(a.epochs).toBe(5);
    const small = fitAutoencoder(
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
      ],
      { encoderWidths: [1], epochs: 3 },
    );
    expect(
      encodeAutoencoder(small, [
        [1, 1],
        [2, 2],
      ]).length,
    ).toBe(2);
    expect(decodeAutoencoder(small, [[0.5]])[0].length).toBe(2);
    const saved = JSON.stringify(
      fitAutoencoder(
        [
          [0, 1],
          [1, 0],
          [2, 1],
          [3, 0],
        ],
        { encoderWidths: [1], epochs: 2 },
      ),
    );
    expect(autoencoderFromJSON(JSON.parse(saved)).encoderWidths).toEqual([1]);
  });

  it("same seed, same model; sync and async agree; JSON round trip gives identical codes; progress per epoch", async () => {
    const x = gaussian6().slice(0, 120);
    const seen: number[] = [];
    const a = fitAutoencoder(x, { encoderWidths: [4, 2], epochs: 15, rng: createRng(3), onProgress: (p) => seen.push(p.epoch) });
    const b = fitAutoencoder(x, { encoderWidths: [4, 2], epochs: 15, rng: createRng(3) });
    const c = await fitAutoencoderAsync(x, { encoderWidths: [4, 2], epochs: 15, rng: createRng(3) });
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(seen).toEqual(Array.from({ length: a.epochs }, (_, i) => i + 1));
    const again = autoencoderFromJSON(JSON.parse(JSON.stringify(a)));
    expect(encodeAutoencoder(again, x)).toEqual(encodeAutoencoder(a, x));
    const flat = { data: Float64Array.from(x.flat()), n: x.length, d: 6 };
    const codes = encodeAutoencoder(a, flat);
    expect(codes.d).toBe(2);
    expect(Array.isArray(JSON.parse(JSON.stringify(codes)).data)).toBe(true);
  });

  it("early stopping keeps the best validation weights", () => {
    const x = gaussian6();
    const m = fitAutoencoder(x, { encoderWidths: [2], epochs: 2000, patience: 5, learningRate: 0.05, rng: createRng(4) });
    expect(m.stoppedEarly).toBe(true);
    expect(m.bestEpoch).toBeLessThan(m.epochs);
    expect(m.validationLoss).not.toBeNull();
  });

  it("fast-check: codes and reconstructions are finite with the right shapes; input is not mutated", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 30 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1e6 }), (n, d, seed) => {
        const rng = createRng(seed);
        const x = Object.freeze(Array.from({ length: n }, () => Object.freeze(Array.from({ length: d }, () => rng.normal())))) as number[][];
        const m = fitAutoencoder(x, { encoderWidths: [2], epochs: 3, rng: createRng(seed) });
        const c = encodeAutoencoder(m, x);
        const r = decodeAutoencoder(m, c);
        return (
          c.length === n && c.every((row) => row.length === 2 && row.every(Number.isFinite)) && r.every((row) => row.length === d && row.every(Number.isFinite))
        );
      }),
      { numRuns: 25 },
    );
  });
});

describe("autoencoder + K-Means pipeline", () => {
  it("clusters the codes; profiles stay in original units through the scaler", () => {
    const rng = createRng(11);
    const centers = [
      [500, 20, 5, 700, 25],
      [80, 3, 120, 300, 45],
      [200, 8, 40, 100, 70],
    ];
    const pts = Array.from({ length: 300 }, (_, i) => centers[i % 3].map((v) => v * (1 + 0.04 * rng.normal())));
    const scaler = fitScaler(pts);
    const scaled = transformPoints(scaler, pts);
    const ae = fitAutoencoder(scaled, { encoderWidths: [8, 2], epochs: 100, rng: createRng(1) });
    const km = fitKMeans(encodeAutoencoder(ae, scaled), { k: 3, rng: createRng(1) });
    const prof = profileClusters(scaled, km.labels, { scaler });
    for (let g = 0; g < 3; g++) {
      const labels = new Set(km.labels.filter((_, i) => i % 3 === g));
      expect(labels.size).toBe(1);
      const cent = prof.clusters.find((p) => p.label === [...labels][0])?.centroid as number[];
      for (let j = 0; j < 5; j++) expect(Math.abs(cent[j] - centers[g][j]) / centers[g][j]).toBeLessThan(0.05);
    }
  });
});

describe("fitAutoencoder: bad input", () => {
  const x = gaussian6().slice(0, 50);
  it("a diverging loss is FIT_FAILED naming a smaller learning rate", () => {
    expectClienteleError(() => fitAutoencoder(x, { encoderWidths: [2], learningRate: 10, activation: "linear", epochs: 20 }), "FIT_FAILED");
    expect(() => fitAutoencoder(x, { encoderWidths: [2], learningRate: 10, activation: "linear", epochs: 20 })).toThrow(
      /fitAutoencoder: the reconstruction loss diverged .* Try learningRate: 1\b/,
    );
  });
  it("options, points and models", () => {
    expectClienteleError(() => fitAutoencoder(x, { encoderWidth: [2] } as never), "INVALID_OPTION");
    expectClienteleError(() => fitAutoencoder(x, { encoderWidths: [0] }), "INVALID_OPTION");
    expectClienteleError(() => fitAutoencoder(x, { validationFraction: 0.9 }), "INVALID_OPTION");
    expectClienteleError(
      () =>
        fitAutoencoder([
          [1, NaN],
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      "NON_FINITE",
    );
    expectClienteleError(
      () =>
        fitAutoencoder([
          [1, 2],
          [3, 4],
        ]),
      "TOO_FEW_OBSERVATIONS",
    );
    expectClienteleError(() => fitAutoencoder(x, { encoderWidths: [4096, 4096] }), "TOO_LARGE");
    const m = fitAutoencoder(x, { encoderWidths: [2], epochs: 2 });
    expectClienteleError(() => encodeAutoencoder(m, [[1, 2]]), "SHAPE_MISMATCH");
    expect(() => encodeAutoencoder(m, [[1, 2]])).toThrow(/encodeAutoencoder: points have 2 columns but the model expects 6/);
    expectClienteleError(() => decodeAutoencoder(m, [[1, 2, 3]]), "SHAPE_MISMATCH");
    const j = JSON.parse(JSON.stringify(m));
    expectClienteleError(() => autoencoderFromJSON({ ...j, d: 5 }), "INVALID_MODEL");
    expectClienteleError(() => autoencoderFromJSON({ ...j, layers: [j.layers[0]] }), "INVALID_MODEL");
    expectClienteleError(() => autoencoderFromJSON({ ...j, trainLoss: -1 }), "INVALID_MODEL");
    expectClienteleError(() => autoencoderFromJSON({ ...j, kind: "pca" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => autoencoderFromJSON(JSON.parse('{"__proto__": {"x": 1}, "kind": "autoencoder", "version": 1}')), "INVALID_MODEL");
  });
});
