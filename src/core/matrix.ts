import { ClienteleError, describeValue } from "./errors.js";

/** A dense row-major matrix: `data[i * d + j]` is row i, column j. */
export interface FlatMatrix {
  /** Row-major values, length `n * d`. */
  data: Float64Array;
  /** Number of rows (points). */
  n: number;
  /** Number of columns (features). */
  d: number;
}

/** Points as rows of numbers, or a flat row-major matrix with its shape. */
export type PointsInput = ReadonlyArray<ReadonlyArray<number>> | { data: ArrayLike<number>; n: number; d: number };

/**
 * The one points reader. Converts points (`number[][]` or `{ data, n, d }`) into a FlatMatrix,
 * checking in the same pass: non-empty (`EMPTY_INPUT`), rectangular (`SHAPE_MISMATCH`), finite
 * (`NON_FINITE`), shape (`SHAPE_MISMATCH`). The input is never mutated. The result is a fresh
 * copy unless `readOnly` is true and the input is already `{ data: Float64Array, n, d }`: then
 * the caller's array itself is returned after a finiteness scan (for callers that never write to
 * it). Every error goes through the same checks, so codes and messages do not depend on the path.
 */
export function toFlatMatrix(points: PointsInput, fn: string, name = "points", readOnly = false): FlatMatrix {
  const view = flatView(points);
  if (view !== null) {
    const out = readOnly ? view.data : view.data.slice();
    let ok = true;
    for (let i = 0; i < out.length; i++) {
      if (out[i] - out[i] !== 0) {
        ok = false; // NaN or ±Infinity: the checked path below reports where
        break;
      }
    }
    if (ok) return { data: out, n: view.n, d: view.d };
  }
  return readChecked(points, fn, name);
}

/**
 * `{ data: Float64Array, n, d }` of consistent shape, returned as is without scanning the values
 * (for fast paths that scan as they go); null for anything else.
 */
export function flatView(points: PointsInput): FlatMatrix | null {
  if (points === null || typeof points !== "object" || Array.isArray(points) || !("data" in points)) return null;
  const { data, n, d } = points as { data: unknown; n: unknown; d: unknown };
  if (!(data instanceof Float64Array) || !Number.isInteger(n) || !Number.isInteger(d)) return null;
  const nn = n as number;
  const dd = d as number;
  return nn > 0 && dd >= 1 && data.length === nn * dd ? { data, n: nn, d: dd } : null;
}

function readChecked(points: PointsInput, fn: string, name: string): FlatMatrix {
  if (Array.isArray(points)) {
    const rows = points as ReadonlyArray<ReadonlyArray<number>>;
    const n = rows.length;
    if (n === 0) {
      throw new ClienteleError({ code: "EMPTY_INPUT", path: [name], message: `${fn}: ${name} is empty. Pass at least one point.` });
    }
    const first = rows[0];
    if (!first || typeof first.length !== "number" || first.length === 0) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: [name, 0],
        received: first,
        message: `${fn}: ${name}[0] must be a non-empty array of numbers. Got ${describeValue(first)}.`,
      });
    }
    const d = first.length;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (!row || row.length !== d) {
        throw new ClienteleError({
          code: "SHAPE_MISMATCH",
          path: [name, i],
          received: row ? row.length : row,
          message: `${fn}: ${name}[${i}] has ${row ? row.length : describeValue(row)} values but ${name}[0] has ${d}. Every point needs the same number of features.`,
        });
      }
      const off = i * d;
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new ClienteleError({
            code: "NON_FINITE",
            path: [name, i, j],
            received: v,
            message: `${fn}: ${name}[${i}][${j}] is ${describeValue(v)}; every feature must be a finite number. Impute or drop the row first.`,
          });
        }
        data[off + j] = v;
      }
    }
    return { data, n, d };
  }
  if (points && typeof points === "object" && "data" in points) {
    const { data: src, n, d } = points;
    if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: [name],
        message: `${fn}: ${name}.n and ${name}.d must be non-negative integers (d >= 1). Got n = ${describeValue(n)}, d = ${describeValue(d)}.`,
      });
    }
    if (n === 0) {
      throw new ClienteleError({ code: "EMPTY_INPUT", path: [name], message: `${fn}: ${name} is empty (n = 0). Pass at least one point.` });
    }
    if (!src || src.length !== n * d) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: [name, "data"],
        received: src ? src.length : src,
        message: `${fn}: ${name}.data has ${src ? src.length : describeValue(src)} values but n * d = ${n * d}. Pass row-major data of length n * d.`,
      });
    }
    const data = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      const v = src[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        const r = Math.floor(i / d);
        const c = i - r * d;
        throw new ClienteleError({
          code: "NON_FINITE",
          path: [name, "data", i],
          received: v,
          message: `${fn}: ${name}.data[${i}] (row ${r}, column ${c}) is ${describeValue(v)}; every feature must be a finite number.`,
        });
      }
      data[i] = v;
    }
    return { data, n, d };
  }
  throw new ClienteleError({
    code: "INVALID_INPUT",
    path: [name],
    received: points,
    message: `${fn}: ${name} must be an array of rows (number[][]) or { data, n, d } with row-major data. Got ${describeValue(points)}.`,
  });
}

/** Rows of a FlatMatrix as plain arrays (for JSON-friendly results). */
export function toRows(m: FlatMatrix): number[][] {
  const out: number[][] = new Array(m.n);
  for (let i = 0; i < m.n; i++) out[i] = Array.from(m.data.subarray(i * m.d, (i + 1) * m.d));
  return out;
}
