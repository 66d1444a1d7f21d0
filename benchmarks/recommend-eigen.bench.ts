// fitAls's f × f Gram eigendecomposition: src/recommend/eigen.ts vs ml-matrix 6.15.1 (the
// dependency it replaced), same seeded Gram matrices, one process, interleaved.
// Run: npx tsx benchmarks/recommend-eigen.bench.ts
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { symmetricEigen } from "../src/recommend/eigen.js";

function gram(f: number, rows: number, seed: number): Float64Array {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
  const G = new Float64Array(f * f);
  const y = new Float64Array(f);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < f; a++) y[a] = next();
    for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) G[a * f + b] += y[a] * y[b];
  }
  return G;
}

function ours(G: Float64Array, f: number): number {
  const Q = new Float64Array(f * f);
  const d = new Float64Array(f);
  symmetricEigen(G, f, Q, d);
  return Q[0];
}

function ml(G: Float64Array, f: number): number {
  // As fitAls used it: rows copied into a Matrix, eigenvectors read back into a flat Q.
  const rows: number[][] = [];
  for (let a = 0; a < f; a++) rows.push(Array.from(G.subarray(a * f, a * f + f)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const V = evd.eigenvectorMatrix;
  const Q = new Float64Array(f * f);
  for (let c = 0; c < f; c++) for (let a = 0; a < f; a++) Q[a * f + c] = V.get(a, c);
  return Q[0];
}

function time(fn: () => number, reps: number): number {
  const t0 = performance.now();
  let sink = 0;
  for (let r = 0; r < reps; r++) sink += fn();
  const t = (performance.now() - t0) / reps;
  if (Number.isNaN(sink)) console.log("");
  return t;
}

for (const f of [8, 16, 32, 64, 128, 256]) {
  const G = gram(f, 4 * f + 100, f);
  const reps = Math.max(5, Math.round(2e6 / (f * f * f)));
  for (let w = 0; w < 3; w++) time(() => ours(G, f), reps), time(() => ml(G, f), reps);
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < 7; k++) {
    a.push(time(() => ours(G, f), reps));
    b.push(time(() => ml(G, f), reps));
  }
  a.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  console.log(
    `f = ${String(f).padStart(3)}: eigen.ts ${a[3].toFixed(4)} ms, ml-matrix ${b[3].toFixed(4)} ms (median of 7 × ${reps}), ratio ${(b[3] / a[3]).toFixed(2)}x`,
  );
}
