// Independent references for the contextual bandit tests: ridge regression solved with an
// explicit matrix inverse (ml-matrix), in the joint parameterization of Li et al. (2010): the
// hybrid model is one ridge regression over [beta (k), theta_0 (d), ..., theta_{K-1} (d)] with
// the feature vector [z_a, 0, ..., x (block a), ..., 0] for arm a.
import { Matrix, inverse } from "ml-matrix";

export interface Obs {
  x: number[];
  z?: number[][];
  arm: number;
  reward: number;
}

export interface BruteModel {
  model: "disjoint" | "shared" | "hybrid";
  K: number;
  d: number;
  k: number;
  ridge: number;
}

function feature(m: BruteModel, x: number[], z: number[][] | undefined, a: number): number[] {
  const k = m.model === "disjoint" ? 0 : m.k;
  const d = m.model === "shared" ? 0 : m.d;
  const p = k + m.K * d;
  const f = new Array<number>(p).fill(0);
  for (let i = 0; i < k; i++) f[i] = z![a][i];
  for (let i = 0; i < d; i++) f[k + a * d + i] = x[i];
  return f;
}

/** Ridge means and sds (noise units) of every arm for one context, from the observations. */
export function bruteScores(m: BruteModel, obs: readonly Obs[], x: number[], z?: number[][], weights?: number[]): { mean: number[]; sd: number[] } {
  const k = m.model === "disjoint" ? 0 : m.k;
  const d = m.model === "shared" ? 0 : m.d;
  const p = k + m.K * d;
  const A = Matrix.eye(p, p).mul(m.ridge);
  const b = new Array<number>(p).fill(0);
  obs.forEach((o, t) => {
    const w = weights ? weights[t] : 1;
    const f = feature(m, o.x, o.z, o.arm);
    for (let i = 0; i < p; i++) {
      b[i] += w * o.reward * f[i];
      for (let j = 0; j < p; j++) A.set(i, j, A.get(i, j) + w * f[i] * f[j]);
    }
  });
  return scoresFrom(m, A, b, x, z);
}

/** Scores from an explicit system A w = b (A given), through inverse(A). */
export function scoresFrom(m: BruteModel, A: Matrix, b: number[], x: number[], z?: number[][]): { mean: number[]; sd: number[] } {
  const Ai = inverse(A);
  const w = Ai.mmul(Matrix.columnVector(b)).to1DArray();
  const mean: number[] = [];
  const sd: number[] = [];
  for (let a = 0; a < m.K; a++) {
    const f = feature(m, x, z, a);
    mean.push(f.reduce((s, v, i) => s + v * w[i], 0));
    const q = Ai.mmul(Matrix.columnVector(f))
      .to1DArray()
      .reduce((s, v, i) => s + v * f[i], 0);
    sd.push(Math.sqrt(q));
  }
  return { mean, sd };
}

/** Largest |a - b| relative to max(1, |b|). */
export function relErr(a: readonly number[], b: readonly number[]): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return e;
}
