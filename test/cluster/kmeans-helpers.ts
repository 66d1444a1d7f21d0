// Shared by kmeans-wasm.test.ts and assignKernel.test.ts: seeded clustered points and the
// bound slack of the assign kernel.
import { createRng } from "../../src/core/rng.js";

export const SLACK = 1 + 2 ** -40;

/** Points around a few random centers; `grid` rounds coordinates to integers (many exact ties). */
export function data(n: number, d: number, seed: number, grid: boolean): Float64Array {
  const rng = createRng(seed);
  const m = 1 + rng.int(5);
  const centers = Array.from({ length: m }, () => Array.from({ length: d }, () => rng.normal(0, 5)));
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centers[rng.int(m)];
    for (let t = 0; t < d; t++) {
      const v = c[t] + rng.normal(0, 2);
      out[i * d + t] = grid ? Math.round(v) : v;
    }
  }
  return out;
}
