import { ClienteleError } from "../core/errors.js";
import type { Chain } from "./chain.js";

/**
 * Absorption into conversion from every state of the chain, solved exactly: x = b + P x with
 * x(removed) = 0, for two right-hand sides at once (b = P(→ conversion), and b = P(→ conversion)
 * times the mean conversion value of the state). Gauss-Seidel sweeps (last states first) until
 * the estimated remaining error (last change x rho / (1 - rho)) is below 1e-15 relative;
 * when that does not happen within the sweep budget, a dense LU solve (partial pivoting) of the
 * same system. Internal.
 */
export interface Absorption {
  /** P(conversion) from start. */
  conv: number;
  /** Expected conversion value from start. */
  value: number;
  sweeps: number;
  direct: boolean;
}

const TOL = 1e-15;
const MAX_SWEEPS = 20_000;
const MAX_DENSE = 3000;

export function absorb(chain: Chain, removed: Uint8Array | null, fn: string): Absorption {
  const S = chain.nStates;
  const { rowStart, col, prob, pConv, meanValue } = chain;
  const x = new Float64Array(S);
  const y = new Float64Array(S);
  const bx = new Float64Array(S);
  const by = new Float64Array(S);
  let vmax = 0;
  for (let s = 0; s < S; s++) {
    if (removed !== null && removed[s] === 1) continue;
    bx[s] = pConv[s];
    by[s] = pConv[s] * meanValue[s];
    if (by[s] > vmax) vmax = by[s];
  }
  const scaleY = vmax > 0 ? 1 / vmax : 1;
  let prevDelta = Infinity;
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    let delta = 0;
    for (let s = S - 1; s >= 0; s--) {
      if (removed !== null && removed[s] === 1) continue;
      let sx = bx[s];
      let sy = by[s];
      let diag = 0;
      for (let q = rowStart[s]; q < rowStart[s + 1]; q++) {
        const t = col[q];
        if (t === s) {
          diag += prob[q];
          continue;
        }
        sx += prob[q] * x[t];
        sy += prob[q] * y[t];
      }
      // a self-loop (possible only through collapsed windows of another path) is solved in place
      if (diag > 0) {
        sx /= 1 - diag;
        sy /= 1 - diag;
      }
      const d = Math.max(Math.abs(sx - x[s]), Math.abs(sy - y[s]) * scaleY);
      if (d > delta) delta = d;
      x[s] = sx;
      y[s] = sy;
    }
    const rho = prevDelta === Infinity || prevDelta === 0 ? 0.5 : Math.min(delta / prevDelta, 0.999999);
    if (delta === 0 || (delta * rho) / (1 - rho) <= TOL) return { conv: x[0], value: y[0], sweeps: sweep, direct: false };
    prevDelta = delta;
  }
  return direct(chain, removed, bx, by, fn);
}

function direct(chain: Chain, removed: Uint8Array | null, bx: Float64Array, by: Float64Array, fn: string): Absorption {
  const S = chain.nStates;
  if (S > MAX_DENSE) {
    throw new ClienteleError({
      code: "FIT_FAILED",
      path: ["paths"],
      message: `${fn}: the chain (${S} states) mixes too slowly for the iterative solve and is too large for a direct one; use simulate: { seed } or a lower order.`,
    });
  }
  // A = I - P on the kept states; solve A [x y] = [bx by]
  const keep: number[] = [];
  const pos = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++) if (removed === null || removed[s] === 0) pos[s] = keep.push(s) - 1;
  const n = keep.length;
  const A = new Float64Array(n * n);
  const rhs = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const s = keep[i];
    A[i * n + i] = 1;
    for (let q = chain.rowStart[s]; q < chain.rowStart[s + 1]; q++) {
      const j = pos[chain.col[q]];
      if (j >= 0) A[i * n + j] -= chain.prob[q];
    }
    rhs[i * 2] = bx[s];
    rhs[i * 2 + 1] = by[s];
  }
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i * n + k]) > Math.abs(A[piv * n + k])) piv = i;
    if (Math.abs(A[piv * n + k]) < 1e-300) {
      throw new ClienteleError({
        code: "SINGULAR_SYSTEM",
        path: ["paths"],
        message: `${fn}: the chain has a closed loop with no way out; every path must end in a conversion or a null.`,
      });
    }
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = A[k * n + j];
        A[k * n + j] = A[piv * n + j];
        A[piv * n + j] = t;
      }
      for (let j = 0; j < 2; j++) {
        const t = rhs[k * 2 + j];
        rhs[k * 2 + j] = rhs[piv * 2 + j];
        rhs[piv * 2 + j] = t;
      }
    }
    const akk = A[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = A[i * n + k] / akk;
      if (f === 0) continue;
      for (let j = k; j < n; j++) A[i * n + j] -= f * A[k * n + j];
      rhs[i * 2] -= f * rhs[k * 2];
      rhs[i * 2 + 1] -= f * rhs[k * 2 + 1];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sx = rhs[i * 2];
    let sy = rhs[i * 2 + 1];
    for (let j = i + 1; j < n; j++) {
      sx -= A[i * n + j] * rhs[j * 2];
      sy -= A[i * n + j] * rhs[j * 2 + 1];
    }
    rhs[i * 2] = sx / A[i * n + i];
    rhs[i * 2 + 1] = sy / A[i * n + i];
  }
  return { conv: rhs[0], value: rhs[1], sweeps: MAX_SWEEPS, direct: true };
}
