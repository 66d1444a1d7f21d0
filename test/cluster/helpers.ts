import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../../src/core/rng.js";

/** Reference values made by test/fixtures/cluster/make_reference.py (scikit-learn 1.2.1). */
export interface Reference {
  X: number[][];
  init: number[][];
  kmeans: { labels: number[]; centers: number[][]; inertia: number; nIter: number };
  metrics_kmeans_labels: { silhouette: number; silhouetteSamples: number[]; calinskiHarabasz: number; daviesBouldin: number };
  lab3: number[];
  metrics_lab3: { silhouette: number; calinskiHarabasz: number; daviesBouldin: number };
  S: number[][];
  standard: number[][];
  minmax: number[][];
  robust: number[][];
  standard_log1p: number[][];
}

export const ref: Reference = JSON.parse(readFileSync(join(__dirname, "../fixtures/cluster/reference.json"), "utf8"));

/** Seeded Gaussian blobs: `k` centers spread by `spread`, points with sd `sd`. */
export function blobs(n: number, d: number, k: number, seed: number, spread = 6, sd = 1): { points: number[][]; truth: number[] } {
  const rng = createRng(seed);
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal(0, spread)));
  const points: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth.push(c);
    points.push(centers[c].map((v) => v + rng.normal(0, sd)));
  }
  return { points, truth };
}

export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`index ${i}: got ${got[i]}, want ${want[i]} (tol ${tol})`);
  }
}

/** Same partition up to renaming of clusters. */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if (ab.has(a[i]) && ab.get(a[i]) !== b[i]) return false;
    if (ba.has(b[i]) && ba.get(b[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}
