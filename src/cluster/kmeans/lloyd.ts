// The Lloyd driver of K-Means: one run from given centers, choosing per iteration between an
// exhaustive pass and the bounded scan, then updating the centers. Internal.
import type { Steps } from "../../core/async.js";
import type { FlatMatrix } from "../../core/matrix.js";
import type { KernelBackend } from "../../core/wasm.js";
import { throwIfAborted } from "../internal.js";
import { createAssignKernel } from "../assignKernel.js";
import { activeShare, boundedPass, buildActive, centerTables } from "./bounded.js";
import { accumulate, exhaustivePass, finalPass, firstPass, inertiaOf } from "./exhaustive.js";
import { reseedEmpty } from "./reseed.js";
import { createLloydState, type LloydState } from "./state.js";
import type { FlatKMeansResult, KMeansProgress } from "./types.js";

// Active-list threshold, in units of the last largest center move (tuned on the benchmark blobs).
const TMUL = 2;
// For unweighted data, an iteration whose active list holds more than this share of the
// points runs one exhaustive pass (SIMD when available) instead of the bounded scan.
const EXHAUSTIVE = 0.5;

/** What one Lloyd run is asked to do (besides the data and its starting centers). Internal. */
export interface LloydSpec {
  k: number;
  maxIter: number;
  /** Absolute tolerance on the summed squared center shift (0: run to a fixed partition). */
  tolAbs: number;
  /** Restart index, for onProgress. */
  run: number;
  onProgress?: (p: KMeansProgress) => void;
  signal?: AbortSignal;
  /** Public function name, for errors. */
  fn: string;
  /** False when the input was not scanned for NaN / Infinity: the first pass checks the sums. */
  checked: boolean;
  backend?: KernelBackend;
}

/**
 * One run of Lloyd's algorithm from the given centers, with Hamerly's (2010) bounds to
 * skip distance computations that cannot change a label. The bounds are stored relative to
 * each center's cumulative drift (a skipped point costs reads only), points that fail the
 * test scan the other centers by distance from their own and stop by Elkan's (2003)
 * center-center lemma, and after the big early moves only an "active list" of points near
 * a bound is visited until the bounds may have degraded past its threshold. Every
 * iteration produces the same labels and centers as plain Lloyd (up to exact distance
 * ties). Returns null when `spec.checked` is false and the input holds a non-finite value
 * (some cluster sum is then non-finite after the first pass). Internal.
 */
export function* lloydHamerly(x: FlatMatrix, w: Float64Array | null, init: Float64Array, spec: LloydSpec): Steps<FlatKMeansResult | null> {
  // for unweighted data the exhaustive passes run in the WebAssembly SIMD kernel when the
  // runtime has it (bit-identical labels, bounds and sums; see assignKernel.ts)
  const kern = w === null ? createAssignKernel(x.data, x.n, x.d, spec.k, spec.backend) : null;
  try {
    return yield* lloydRun(createLloydState(x, w, init, spec.k, kern), spec);
  } finally {
    kern?.release();
  }
}

function* lloydRun(s: LloydState, spec: LloydSpec): Steps<FlatKMeansResult | null> {
  const { n, k, w, labels, sums, counts } = s;
  const { maxIter, tolAbs, onProgress } = spec;
  const x: FlatMatrix = { data: s.data, n, d: s.d };
  let iter = 0;
  let strict = false;
  let converged = false;
  for (iter = 0; iter < maxIter; iter++) {
    throwIfAborted(spec.signal, spec.fn);
    let changed: number;
    if (iter === 0) {
      changed = firstPass(s); // also builds the sums
      if (!spec.checked && !finiteSums(sums)) return null;
    } else {
      changed = laterPass(s);
      // every 16 iterations the sums are rebuilt from scratch, to keep rounding drift away
      // (otherwise the passes have already moved the changed points between the sums)
      if (iter % 16 === 0) accumulate(s);
    }
    s.cNew.set(sums);
    let nEmpty = 0;
    for (let j = 0; j < k; j++) if (counts[j] === 0) nEmpty++;
    if (nEmpty > 0) {
      changed += reseedEmpty(s);
      s.haveList = false; // re-seeded points may lie outside the active list
      s.cNew.set(sums);
    }
    const shiftTot = updateCenters(s);
    if (onProgress) {
      onProgress({ run: spec.run, iteration: iter + 1, inertia: inertiaOf(x, w, s.c, labels), centerShift: shiftTot, changed });
    }
    yield; // a checkpoint for fitKMeansAsync (one per iteration)
    if (changed === 0) {
      strict = true;
      converged = true;
      iter++;
      break;
    }
    if (shiftTot <= tolAbs) {
      converged = true;
      iter++;
      break;
    }
  }
  if (!strict) finalPass(s); // labels consistent with the final centers (as scikit-learn's last E-step)
  return { centers: s.c, labels, inertia: inertiaOf(x, w, s.c, labels), nIter: iter, converged };
}

/** False when some cluster sum is NaN or infinite. */
function finiteSums(sums: Float64Array): boolean {
  let fin = true;
  for (let q = 0; q < sums.length; q++) if (sums[q] - sums[q] !== 0) fin = false;
  return fin;
}

/**
 * An assignment pass after the first: the bounds are moved by the last center update, then
 * either the bounded scan over the active list (rebuilt when the bounds may have degraded by
 * its threshold) or, when most points are near a bound, one exhaustive pass. Returns the
 * number of changed labels.
 */
function laterPass(s: LloydState): number {
  const { n, k, w, drift, others, moved, p1, p2, pArg } = s;
  for (let j = 0; j < k; j++) {
    drift[j] += moved[j];
    others[j] += j === pArg ? p2 : p1;
  }
  centerTables(s);
  if (s.haveList) s.slack += 2 * p1;
  let exhaustive = false;
  if (!s.haveList || s.slack >= s.T * (1 - 1e-9) || (s.nAct > n >> 3 && TMUL * p1 < s.T / 8)) {
    s.T = TMUL * p1;
    // with the kernel, a sample of the points first tells whether the list would hold
    // most of them (then one exhaustive pass replaces building it and the bounded scan)
    if (w === null && !s.haveList && n >= 65536 && activeShare(s, s.T) > EXHAUSTIVE) exhaustive = true;
    else {
      buildActive(s, s.T);
      s.slack = 0;
      s.haveList = true;
      exhaustive = w === null && s.nAct > EXHAUSTIVE * n;
    }
  }
  if (!exhaustive) return boundedPass(s);
  // most points are near a bound (large early center moves): one pass over all points
  // (SIMD when available) is cheaper than the bounded scan. Both backends make this
  // choice from the same bounds, so they run the same passes (this matters for exact
  // distance ties, which the bounded scan may leave to the current center)
  s.haveList = false;
  return exhaustivePass(s);
}

/**
 * New centers from the sums in `cNew` (a center of an empty or weightless cluster stays),
 * the per-center moves and the two largest of them; swaps `c` and `cNew`. Returns the
 * summed squared center shift.
 */
function updateCenters(s: LloydState): number {
  const { k, d, c, cNew, wsum, counts, moved } = s;
  let shiftTot = 0;
  let p1 = 0;
  let p2 = 0;
  let pArg = -1;
  for (let j = 0; j < k; j++) {
    const oj = j * d;
    if (counts[j] > 0 && wsum[j] > 0) {
      const inv = 1 / wsum[j];
      for (let t = 0; t < d; t++) cNew[oj + t] *= inv;
    } else {
      for (let t = 0; t < d; t++) cNew[oj + t] = c[oj + t];
    }
    let q = 0;
    for (let t = 0; t < d; t++) {
      const diff = cNew[oj + t] - c[oj + t];
      q += diff * diff;
    }
    shiftTot += q;
    const p = Math.sqrt(q);
    moved[j] = p;
    if (p > p1) {
      p2 = p1;
      p1 = p;
      pArg = j;
    } else if (p > p2) p2 = p;
  }
  s.p1 = p1;
  s.p2 = p2;
  s.pArg = pArg;
  s.c = cNew;
  s.cNew = c;
  return shiftTot;
}
