// Rank codes of feature values among a model's split thresholds, for the branch-free scorer
// (src/predict/trees/score.ts): a node sends a row right exactly when the row's code exceeds the
// rank of the node's threshold, so the walk compares integers. Binning (bin.ts) uses the same
// lookup: a bin is the number of bin thresholds below the value.

/**
 * Codes of one feature: thresholds below x (`up`: at or below x) in sorted `cuts`. A uniform
 * grid over the moderate thresholds gives a starting rank (`lut`), corrected by a short scan
 * both ways, so the code is exact whatever the grid's rounding. Internal.
 */
export interface CodeTable {
  cuts: Float64Array;
  lut: Int32Array;
  lo: number;
  inv: number;
}

/** Grid lookup for the sorted `cuts` of one feature (repeats allowed: codes are then numpy's searchsorted). Internal. */
export function codeTable(cuts: Float64Array): CodeTable {
  const len = cuts.length;
  let a = 0;
  let b = len - 1;
  while (a < len && !(cuts[a]! > -1e300)) a++;
  while (b >= 0 && !(cuts[b]! < 1e300)) b--;
  if (a >= b) return { cuts, lut: Int32Array.of(a < len ? a : 0), lo: 0, inv: 0 };
  const lo = cuts[a]!;
  const G = Math.min(1 << 16, 4 * (b - a + 1));
  const w = (cuts[b]! - lo) / G;
  const inv = Number.isFinite(1 / w) ? 1 / w : 0;
  const lut = new Int32Array(G);
  for (let g = 0, p = 0; g < G; g++) {
    const edge = lo + g * w;
    while (p < len && cuts[p]! < edge) p++;
    lut[g] = p;
  }
  return { cuts, lut, lo, inv };
}

/** The code of x (not NaN) in table T. Internal. */
export function codeOf(T: CodeTable, x: number, up: boolean): number {
  const { cuts, lut } = T;
  const len = cuts.length;
  let g = (x - T.lo) * T.inv;
  if (!(g >= 0)) g = 0;
  else if (g >= lut.length) g = lut.length - 1;
  let c = lut[g | 0]!;
  if (up) {
    while (c > 0 && cuts[c - 1]! > x) c--;
    while (c < len && cuts[c]! <= x) c++;
  } else {
    while (c > 0 && cuts[c - 1]! >= x) c--;
    while (c < len && cuts[c]! < x) c++;
  }
  return c;
}
