// Feature inputs shared by every model of clientele/predict (one reader, one layout).
//
// Models accept either rows (`number[][]`, null or NaN = missing where the model allows it) or
// the columnar table that `buildFeatures` returns (`{ names, columns }`). Internally every model
// reads a DenseFeatures: column-major, so binning (trees) and X'WX (linear) stream one column.
import { ClienteleError, describeValue } from "../core/errors.js";

/** Columnar features: one column per name (NaN = missing), as `buildFeatures` returns them. */
export interface FeatureTable {
  /** Feature names, one per column. */
  names: readonly string[];
  /** One column per name, all the same length (numbers; NaN or null = missing). */
  columns: ReadonlyArray<ArrayLike<number | null>>;
}

/** What the models take as X: rows of numbers, or a {@link FeatureTable}. */
export type FeatureInput = ReadonlyArray<ReadonlyArray<number | null>> | FeatureTable;

/** Internal dense form: column-major, `data[j * n + i]` is row i, feature j; NaN = missing. */
export interface DenseFeatures {
  n: number;
  d: number;
  names: string[];
  data: Float64Array;
  /** Number of missing (NaN/null) cells. */
  missing: number;
}

/** X as one array per feature column; NaN = missing. A column may be the caller's own array (read-only). */
export interface ColumnFeatures {
  n: number;
  d: number;
  names: string[];
  columns: Float64Array[];
  /** Number of missing (NaN/null) cells. */
  missing: number;
}

/**
 * Reads X into a fresh column-major copy. `missing: "reject"` turns NaN/null/±Infinity into
 * NON_FINITE (with the cell in `path`); `"allow"` keeps NaN/null as missing (NaN) and still
 * rejects ±Infinity and non-numbers.
 */
export function readFeatures(X: unknown, fn: string, missing: "allow" | "reject", name = "X"): DenseFeatures {
  const r = read(X, fn, missing, name, true);
  return { n: r.n, d: r.d, names: r.names, data: r.data!, missing: r.missing };
}

/**
 * As {@link readFeatures} (same checks, same errors), but returns one array per column and
 * does not copy the Float64Array columns of a feature table: they are checked in place and
 * returned as they are (callers must not write to them). Rows, and other column types, are copied.
 */
export function readColumns(X: unknown, fn: string, missing: "allow" | "reject", name = "X"): ColumnFeatures {
  const r = read(X, fn, missing, name, false);
  return { n: r.n, d: r.d, names: r.names, columns: r.columns, missing: r.missing };
}

function read(X: unknown, fn: string, missing: "allow" | "reject", name: string, dense: boolean): ColumnFeatures & { data: Float64Array | null } {
  if (Array.isArray(X)) {
    const n = X.length;
    if (n === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: [name], message: `${fn}: ${name} has no rows. Pass at least one row of features.` });
    const first = X[0];
    if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [name, 0],
        received: first,
        message: `${fn}: ${name}[0] must be an array of numbers (one row of features). Got ${describeValue(first)}.`,
      });
    }
    const d = (first as ArrayLike<unknown>).length;
    if (d === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: [name, 0], message: `${fn}: ${name}[0] has no features. Pass at least one column.` });
    const data = new Float64Array(n * d);
    let miss = 0;
    for (let i = 0; i < n; i++) {
      const row = X[i] as ArrayLike<unknown> | null | undefined;
      if (!row || typeof row !== "object" || row.length !== d) {
        throw new ClienteleError({
          code: "SHAPE_MISMATCH",
          path: [name, i],
          received: row ? row.length : row,
          message: `${fn}: ${name}[${i}] has ${row ? row.length : describeValue(row)} values but ${name}[0] has ${d}. Every row needs the same features.`,
        });
      }
      for (let j = 0; j < d; j++) miss += put(data, j * n + i, row[j], fn, missing, [name, i, j]);
    }
    const columns = Array.from({ length: d }, (_, j) => data.subarray(j * n, (j + 1) * n));
    return { n, d, names: Array.from({ length: d }, (_, j) => `x${j}`), columns, data, missing: miss };
  }
  if (X && typeof X === "object" && Array.isArray((X as FeatureTable).names) && Array.isArray((X as FeatureTable).columns)) {
    const t = X as FeatureTable;
    const d = t.columns.length;
    if (t.names.length !== d)
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: [name, "names"],
        received: t.names.length,
        message: `${fn}: ${name}.names has ${t.names.length} names but ${name}.columns has ${d} columns. Give one name per column.`,
      });
    if (d === 0)
      throw new ClienteleError({ code: "EMPTY_INPUT", path: [name, "columns"], message: `${fn}: ${name}.columns is empty. Pass at least one feature column.` });
    const c0 = t.columns[0];
    const n = c0 && typeof c0.length === "number" ? c0.length : -1;
    if (n <= 0)
      throw new ClienteleError({ code: "EMPTY_INPUT", path: [name, "columns", 0], message: `${fn}: ${name}.columns[0] has no rows. Pass at least one row.` });
    const data = dense ? new Float64Array(n * d) : null;
    const columns: Float64Array[] = [];
    const names: string[] = [];
    const scratch = new Float64Array(1);
    let miss = 0;
    for (let j = 0; j < d; j++) {
      const nm = t.names[j];
      if (typeof nm !== "string" || nm === "")
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [name, "names", j],
          received: nm,
          message: `${fn}: ${name}.names[${j}] must be a non-empty string. Got ${describeValue(nm)}.`,
        });
      names.push(nm);
      const col = t.columns[j];
      if (!col || typeof col !== "object" || col.length !== n) {
        throw new ClienteleError({
          code: "LENGTH_MISMATCH",
          path: [name, "columns", j],
          received: col ? col.length : col,
          message: `${fn}: ${name}.columns[${j}] (${nm}) has ${col ? col.length : describeValue(col)} values but columns[0] has ${n}. Every column needs one value per row.`,
        });
      }
      if (!data && col instanceof Float64Array) {
        // checked in place: finite values pass, the rest go through put (missing or an error)
        for (let i = 0; i < n; i++) {
          const v = col[i]!;
          if (v - v !== 0) miss += put(scratch, 0, v, fn, missing, [name, "columns", j, i]);
        }
        columns.push(col);
        continue;
      }
      const out = data ? data.subarray(j * n, (j + 1) * n) : new Float64Array(n);
      for (let i = 0; i < n; i++) miss += put(out, i, col[i], fn, missing, [name, "columns", j, i]);
      columns.push(out);
    }
    return { n, d, names, columns, data, missing: miss };
  }
  throw new ClienteleError({
    code: "INVALID_INPUT",
    path: [name],
    received: X,
    message: `${fn}: ${name} must be rows of numbers (number[][]) or a feature table { names, columns } from buildFeatures. Got ${describeValue(X)}.`,
  });
}

function put(data: Float64Array, at: number, v: unknown, fn: string, missing: "allow" | "reject", path: (string | number)[]): number {
  if (typeof v === "number" && Number.isFinite(v)) {
    data[at] = v;
    return 0;
  }
  if (missing === "allow" && (v === null || (typeof v === "number" && Number.isNaN(v)))) {
    data[at] = NaN;
    return 1;
  }
  throw new ClienteleError({
    code: v === null || v === undefined ? "MISSING_VALUE" : typeof v === "number" ? "NON_FINITE" : "INVALID_INPUT",
    path,
    received: v,
    message: `${fn}: ${path.join(".")} is ${describeValue(v)}; ${missing === "allow" ? "features must be finite numbers, or null/NaN for missing" : "this model needs finite numbers: impute missing values first, or use fitGradientBoosting, which routes missing values"}.`,
  });
}
