// Feature binning for histogram boosting, as scikit-learn's `_BinMapper`: up to `maxBins`
// bins per feature from quantiles of (a sample of at most 200,000 rows of) the non-missing
// values; bin 255 holds missing values. Categorical features get one bin per level.
import { ClienteleError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { ColumnFeatures } from "../matrix.js";
import { codeOf, codeTable } from "./codes.js";

/** Bin index of missing values (and of categorical levels unseen in training). */
export const MISSING_BIN = 255;
/** Rows sampled to find bin thresholds (scikit-learn's `subsample`). */
export const BIN_SAMPLE = 200_000;

/** Binned training data and the mapping that made it. Internal. */
export interface Binned {
  n: number;
  d: number;
  /** Column-major bin codes, `bins[j * n + i]` (histogram building streams one feature's codes). */
  bins: Uint8Array;
  /** Non-missing bins per feature. */
  nBins: Int32Array;
  /** 1 when the feature had a missing value in training. */
  hasMissing: Uint8Array;
  /** 1 for a categorical feature. */
  isCat: Uint8Array;
  /** Upper edge of each non-missing bin but the last (numeric features): x <= thresholds[b] is in bin <= b. */
  thresholds: Float64Array[];
  /** Sorted training levels (categorical features). */
  levels: (Float64Array | null)[];
}

/** Bin thresholds of one numeric column (scikit-learn `_find_binning_thresholds`). */
function thresholdsOf(values: Float64Array, maxBins: number): Float64Array {
  values.sort();
  let distinct = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) distinct++;
  if (distinct <= maxBins) {
    const out = new Float64Array(Math.max(0, distinct - 1));
    let prev = NaN;
    let k = -1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0 && v === prev) continue;
      if (k >= 0) out[k] = (prev + v) / 2; // midpoints between consecutive distinct values
      k++;
      prev = v;
    }
    return out;
  }
  // percentiles at linspace(0, 100, maxBins + 1)[1:-1], numpy's "midpoint" method
  const out = new Float64Array(maxBins - 1);
  const m = values.length;
  for (let q = 1; q < maxBins; q++) {
    const pos = ((q / maxBins) * 100 * (m - 1)) / 100;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    out[q - 1] = (values[lo] + values[hi]) / 2;
  }
  return out;
}

/** Index of x in sorted levels, or -1. */
export function levelIndex(lv: Float64Array, x: number): number {
  let lo = 0;
  let hi = lv.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (lv[mid] === x) return mid;
    if (lv[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Bins the training features (into `out` when given, n x d bytes). `cat[j]` marks categorical columns. Internal. */
export function binFeatures(X: ColumnFeatures, cat: Uint8Array, maxBins: number, rng: Rng, fn: string, out?: Uint8Array): Binned {
  const { n, d, columns } = X;
  const bins = out ?? new Uint8Array(n * d);
  const nBins = new Int32Array(d);
  const hasMissing = new Uint8Array(d);
  const thresholds: Float64Array[] = [];
  const levels: (Float64Array | null)[] = [];
  // one row sample for every feature, as scikit-learn (drawn only when n exceeds it)
  let sample: Uint32Array | null = null;
  if (n > BIN_SAMPLE) {
    sample = new Uint32Array(BIN_SAMPLE);
    let need = BIN_SAMPLE;
    let k = 0;
    for (let i = 0; i < n && need > 0; i++) {
      if (rng.uniform() * (n - i) < need) {
        sample[k++] = i;
        need--;
      }
    }
  }
  let vals: Float64Array | null = null; // one buffer for every feature's values to sort (not one per feature)
  for (let j = 0; j < d; j++) {
    const o = j * n;
    const data = columns[j]!;
    if (cat[j]) {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        const x = data[i];
        if (x !== x) continue;
        if (!Number.isInteger(x) || x < 0 || x >= 2 ** 31) {
          throw new ClienteleError({
            code: "INVALID_INPUT",
            path: ["X", i, j],
            received: x,
            message: `${fn}: X[${i}][${j}] is ${x} but feature ${X.names[j]} is categorical; give categories as non-negative integer codes (0, 1, 2, ...).`,
          });
        }
        seen.add(x);
      }
      if (seen.size > maxBins) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["X", X.names[j]],
          received: seen.size,
          message: `${fn}: categorical feature ${X.names[j]} has ${seen.size} levels but at most maxBins (${maxBins}) are supported. Group rare levels, or treat the feature as numeric.`,
        });
      }
      const lv = Float64Array.from(seen).sort();
      levels.push(lv);
      thresholds.push(new Float64Array(0));
      nBins[j] = lv.length;
      for (let i = 0; i < n; i++) {
        const x = data[i];
        if (x !== x) {
          bins[o + i] = MISSING_BIN;
          hasMissing[j] = 1;
        } else bins[o + i] = levelIndex(lv, x);
      }
      continue;
    }
    let m = 0;
    vals ??= new Float64Array(sample ? sample.length : n);
    if (sample) {
      for (let k = 0; k < sample.length; k++) {
        const x = data[sample[k]];
        if (x === x) vals[m++] = x;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = data[i];
        if (x === x) vals[m++] = x;
      }
    }
    const thr = m > 0 ? thresholdsOf(vals.subarray(0, m), maxBins) : new Float64Array(0);
    thresholds.push(thr);
    levels.push(null);
    nBins[j] = thr.length + 1;
    const T = codeTable(thr); // bin = thresholds strictly below x (numpy searchsorted, side "left")
    for (let i = 0; i < n; i++) {
      const x = data[i];
      if (x !== x) {
        bins[o + i] = MISSING_BIN;
        hasMissing[j] = 1;
      } else bins[o + i] = codeOf(T, x, false);
    }
  }
  return { n, d, bins, nBins, hasMissing, isCat: cat, thresholds, levels };
}

/** Bins other rows (a validation set) with the training mapping, column-major; unseen levels become missing. Internal. */
export function binWith(B: Binned, X: ColumnFeatures): Uint8Array {
  const n = X.n;
  const d = B.d;
  const out = new Uint8Array(n * d);
  for (let j = 0; j < d; j++) {
    const o = j * n;
    const data = X.columns[j]!;
    const lv = B.levels[j];
    const T = codeTable(B.thresholds[j]!);
    for (let i = 0; i < n; i++) {
      const x = data[i]!;
      if (x !== x) out[o + i] = MISSING_BIN;
      else if (lv) {
        const k = levelIndex(lv, x);
        out[o + i] = k < 0 ? MISSING_BIN : k;
      } else out[o + i] = codeOf(T, x, false);
    }
  }
  return out;
}
