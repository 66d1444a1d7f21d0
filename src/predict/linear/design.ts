// Internal: the design matrix of fitLogisticRegression as one Float64Array per column, read
// without copying when the input already holds Float64Array columns (a FeatureTable from
// buildFeatures, or columns the host built), and copied column-major otherwise. The column sums
// come out of the same pass (they are the means of the model's centering), so validating the
// input costs no extra pass over it. Any input the fast paths do not take, and every bad cell,
// goes through the shared reader (src/predict/matrix.ts), so errors are exactly its errors.
import { readFeatures, type FeatureTable } from "../matrix.js";

/** Columns of X: `cols[j][i]` is row i, feature j; `owned[j]` when cols[j] is a private copy. */
export interface Design {
  n: number;
  d: number;
  names: string[];
  cols: Float64Array[];
  owned: boolean[];
  /** Σ_i cols[j][i] in row order (the numerator of the column mean). */
  sums: Float64Array;
}

/**
 * Reads X for a model that needs finite features (`missing: "reject"` of readFeatures), with
 * readFeatures' checks, codes and messages. Float64Array columns of a feature table are used in
 * place (the caller must not write to a column unless `owned[j]`).
 */
export function readDesign(X: unknown, fn: string): Design {
  const fast = Array.isArray(X) ? designFromRows(X as readonly unknown[]) : designFromTable(X);
  if (fast) return fast;
  // the shared reader throws the error of the first bad cell / shape (or, for an input the
  // fast paths did not take but readFeatures accepts, returns it)
  const dense = readFeatures(X, fn, "reject");
  const { n, d, data } = dense;
  const cols: Float64Array[] = [];
  const sums = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const col = data.subarray(j * n, (j + 1) * n);
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i]!;
    cols.push(col);
    sums[j] = s;
  }
  return { n, d, names: dense.names, cols, owned: new Array<boolean>(d).fill(true), sums };
}

/** Rows of finite numbers (arrays of one length) copied column-major; null for anything else. */
function designFromRows(X: readonly unknown[]): Design | null {
  const n = X.length;
  const first = X[0];
  if (n === 0 || !Array.isArray(first) || first.length === 0) return null;
  const d = first.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== d) return null;
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v !== "number" || !(v - v === 0)) return null;
      data[j * n + i] = v;
    }
  }
  const cols: Float64Array[] = [];
  const sums = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const col = data.subarray(j * n, (j + 1) * n);
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i]!;
    cols.push(col);
    sums[j] = s;
  }
  return { n, d, names: Array.from({ length: d }, (_, j) => `x${j}`), cols, owned: new Array<boolean>(d).fill(true), sums };
}

/**
 * A feature table whose columns are all Float64Arrays (used in place) or arrays of finite
 * numbers (copied); null for anything else. A Float64Array column is checked through its sum:
 * a finite sum means every cell is finite (a NaN or ±Infinity cell makes the sum non-finite);
 * a non-finite sum sends the input to the shared reader, which names the bad cell (or, when
 * the finite cells merely overflow, reads it as it always did).
 */
function designFromTable(X: unknown): Design | null {
  if (!X || typeof X !== "object") return null;
  const t = X as FeatureTable;
  if (!Array.isArray(t.names) || !Array.isArray(t.columns)) return null;
  const d = t.columns.length;
  if (d === 0 || t.names.length !== d) return null;
  const c0 = t.columns[0] as ArrayLike<unknown> | undefined;
  const n = c0 && typeof c0.length === "number" ? c0.length : -1;
  if (n <= 0) return null;
  const names: string[] = [];
  const cols: Float64Array[] = [];
  const owned: boolean[] = [];
  const sums = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const nm = t.names[j];
    const col = t.columns[j] as ArrayLike<unknown> | undefined;
    if (typeof nm !== "string" || nm === "" || !col || typeof col !== "object" || col.length !== n) return null;
    names.push(nm);
    let s = 0;
    if (col instanceof Float64Array) {
      for (let i = 0; i < n; i++) s += col[i]!;
      if (!(s - s === 0)) return null;
      cols.push(col);
      owned.push(false);
    } else {
      if (!Array.isArray(col)) return null;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (typeof v !== "number" || !(v - v === 0)) return null;
        out[i] = v;
      }
      for (let i = 0; i < n; i++) s += out[i]!;
      cols.push(out);
      owned.push(true);
    }
    sums[j] = s;
  }
  return { n, d, names, cols, owned, sums };
}
