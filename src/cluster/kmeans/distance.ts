/**
 * Squared-distance kernels of K-Means, mini-batch K-Means and predictKMeans: `nearW` finds the
 * nearest and second-nearest center of one point, `sqW` the squared distance of two rows,
 * unrolled for widths W = 4, 6 and 8 (fitKMeans pads 3, 5 and 7 columns with a zero column to
 * one of these widths, see paddedWidth); nearAny / sqAny handle any width, and `nearest` /
 * `sqDistRow` pick the kernel for a width. `out` of a near kernel receives
 * [nearest squared distance, second-nearest squared distance, nearest index]. Every kernel
 * sums the squared differences in coordinate order, so all of them (and the WebAssembly
 * kernel, assign.wat) give the same bits for the same rows. Internal.
 *
 * Which widths are unrolled follows `npx tsx benchmarks/cluster.bench.ts --dims` (JavaScript
 * backend, n = 1e5, k = 8; benchmarks/notes/cluster.md, 2026-12-06): the 4-, 6- and 8-wide
 * kernels pay (d = 4: 50–65 vs 68–98 ms, d = 8: 32–39 vs 51–79 ms generic); a 2-wide one did
 * not (d = 2: 215–275 vs 215–262 ms), so 1 and 2 columns use the generic loop unpadded.
 */
export function near4(data: Float64Array, oi: number, c: Float64Array, k: number, out: Float64Array): void {
  const x0 = data[oi + 0],
    x1 = data[oi + 1],
    x2 = data[oi + 2],
    x3 = data[oi + 3];
  let b1 = Infinity;
  let b2 = Infinity;
  let j1 = 0;
  for (let j = 0, oj = 0; j < k; j++, oj += 4) {
    const e0 = x0 - c[oj + 0],
      e1 = x1 - c[oj + 1],
      e2 = x2 - c[oj + 2],
      e3 = x3 - c[oj + 3];
    const s = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
    if (s < b1) {
      b2 = b1;
      b1 = s;
      j1 = j;
    } else if (s < b2) b2 = s;
  }
  out[0] = b1;
  out[1] = b2;
  out[2] = j1;
}

export function sq4(a: Float64Array, oi: number, b: Float64Array, oc: number): number {
  const e0 = a[oi + 0] - b[oc + 0],
    e1 = a[oi + 1] - b[oc + 1],
    e2 = a[oi + 2] - b[oc + 2],
    e3 = a[oi + 3] - b[oc + 3];
  return e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
}

export function near6(data: Float64Array, oi: number, c: Float64Array, k: number, out: Float64Array): void {
  const x0 = data[oi + 0],
    x1 = data[oi + 1],
    x2 = data[oi + 2],
    x3 = data[oi + 3],
    x4 = data[oi + 4],
    x5 = data[oi + 5];
  let b1 = Infinity;
  let b2 = Infinity;
  let j1 = 0;
  for (let j = 0, oj = 0; j < k; j++, oj += 6) {
    const e0 = x0 - c[oj + 0],
      e1 = x1 - c[oj + 1],
      e2 = x2 - c[oj + 2],
      e3 = x3 - c[oj + 3],
      e4 = x4 - c[oj + 4],
      e5 = x5 - c[oj + 5];
    const s = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5;
    if (s < b1) {
      b2 = b1;
      b1 = s;
      j1 = j;
    } else if (s < b2) b2 = s;
  }
  out[0] = b1;
  out[1] = b2;
  out[2] = j1;
}

export function sq6(a: Float64Array, oi: number, b: Float64Array, oc: number): number {
  const e0 = a[oi + 0] - b[oc + 0],
    e1 = a[oi + 1] - b[oc + 1],
    e2 = a[oi + 2] - b[oc + 2],
    e3 = a[oi + 3] - b[oc + 3],
    e4 = a[oi + 4] - b[oc + 4],
    e5 = a[oi + 5] - b[oc + 5];
  return e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5;
}

export function near8(data: Float64Array, oi: number, c: Float64Array, k: number, out: Float64Array): void {
  const x0 = data[oi + 0],
    x1 = data[oi + 1],
    x2 = data[oi + 2],
    x3 = data[oi + 3],
    x4 = data[oi + 4],
    x5 = data[oi + 5],
    x6 = data[oi + 6],
    x7 = data[oi + 7];
  let b1 = Infinity;
  let b2 = Infinity;
  let j1 = 0;
  for (let j = 0, oj = 0; j < k; j++, oj += 8) {
    const e0 = x0 - c[oj + 0],
      e1 = x1 - c[oj + 1],
      e2 = x2 - c[oj + 2],
      e3 = x3 - c[oj + 3],
      e4 = x4 - c[oj + 4],
      e5 = x5 - c[oj + 5],
      e6 = x6 - c[oj + 6],
      e7 = x7 - c[oj + 7];
    const s = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
    if (s < b1) {
      b2 = b1;
      b1 = s;
      j1 = j;
    } else if (s < b2) b2 = s;
  }
  out[0] = b1;
  out[1] = b2;
  out[2] = j1;
}

export function sq8(a: Float64Array, oi: number, b: Float64Array, oc: number): number {
  const e0 = a[oi + 0] - b[oc + 0],
    e1 = a[oi + 1] - b[oc + 1],
    e2 = a[oi + 2] - b[oc + 2],
    e3 = a[oi + 3] - b[oc + 3],
    e4 = a[oi + 4] - b[oc + 4],
    e5 = a[oi + 5] - b[oc + 5],
    e6 = a[oi + 6] - b[oc + 6],
    e7 = a[oi + 7] - b[oc + 7];
  return e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
}

export function nearAny(data: Float64Array, oi: number, d: number, c: Float64Array, k: number, out: Float64Array): void {
  let b1 = Infinity;
  let b2 = Infinity;
  let j1 = 0;
  for (let j = 0; j < k; j++) {
    const oj = j * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[oi + t] - c[oj + t];
      s += diff * diff;
    }
    if (s < b1) {
      b2 = b1;
      b1 = s;
      j1 = j;
    } else if (s < b2) b2 = s;
  }
  out[0] = b1;
  out[1] = b2;
  out[2] = j1;
}

export function sqAny(a: Float64Array, oi: number, b: Float64Array, oc: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = a[oi + t] - b[oc + t];
    s += diff * diff;
  }
  return s;
}

/** Squared distance between row `oi` of `a` and row `oc` of `b`, both of width d. Internal. */
export function sqDistRow(a: Float64Array, oi: number, b: Float64Array, oc: number, d: number): number {
  if (d === 6) return sq6(a, oi, b, oc);
  if (d === 8) return sq8(a, oi, b, oc);
  if (d === 4) return sq4(a, oi, b, oc);
  return sqAny(a, oi, b, oc, d);
}

/** Nearest and second-nearest center of the row at `oi` (see the near kernels), for any width d. Internal. */
export function nearest(data: Float64Array, oi: number, d: number, c: Float64Array, k: number, out: Float64Array): void {
  if (d === 6) near6(data, oi, c, k, out);
  else if (d === 8) near8(data, oi, c, k, out);
  else if (d === 4) near4(data, oi, c, k, out);
  else nearAny(data, oi, d, c, k, out);
}

/** Width data of d columns is padded to (with zero columns) so distance kernels unroll. Internal. */
export function paddedWidth(d: number): number {
  return d <= 2 ? d : d <= 4 ? 4 : d <= 6 ? 6 : d <= 8 ? 8 : d;
}

/** Copy of a row-major matrix with zero columns appended up to width w. Internal. */
export function padColumns(data: Float64Array, n: number, d: number, w: number): Float64Array {
  if (w === d) return data;
  const out = new Float64Array(n * w);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) out[i * w + t] = data[i * d + t];
  return out;
}
