// Readers shared by the evaluation metrics: labels (0/1), scores, optional sample weights.
import { ClienteleError, describeValue } from "../../core/errors.js";

/** Labels, scores and weights checked and copied once. */
export interface Scored {
  n: number;
  y: Uint8Array;
  s: Float64Array;
  /** null = every weight 1. */
  w: Float64Array | null;
}

/** Reads 0/1 labels (numbers or booleans). */
export function readLabels(y: unknown, fn: string, name = "y"): Uint8Array {
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: y,
      message: `${fn}: ${name} must be an array of 0/1 labels (1 = the event, e.g. churned). Got ${describeValue(y)}.`,
    });
  }
  const a = y as ArrayLike<unknown>;
  if (a.length === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: [name], message: `${fn}: ${name} is empty. Pass one 0/1 label per row.` });
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v !== 0 && v !== false) {
      throw new ClienteleError({
        code: v === null || v === undefined ? "MISSING_VALUE" : "INVALID_LABEL",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${describeValue(v)}; labels must be 0 or 1 (or false/true). Encode the event of interest as 1.`,
      });
    }
  }
  return out;
}

/** Reads a finite number column of length n (`n` < 0: any non-empty length). */
export function readNumbers(v: unknown, n: number, fn: string, name: string): Float64Array {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: v,
      message: `${fn}: ${name} must be an array of numbers. Got ${describeValue(v)}.`,
    });
  }
  const a = v as ArrayLike<unknown>;
  if (a.length === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: [name], message: `${fn}: ${name} is empty. Pass one value per row.` });
  if (n >= 0 && a.length !== n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: [name],
      received: a.length,
      message: `${fn}: ${name} has ${a.length} values but y has ${n}. Pass one value per row of y.`,
    });
  }
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ClienteleError({
        code: x === null || x === undefined ? "MISSING_VALUE" : typeof x === "number" ? "NON_FINITE" : "INVALID_INPUT",
        path: [name, i],
        received: x,
        message: `${fn}: ${name}[${i}] is ${describeValue(x)}; it must be a finite number.`,
      });
    }
    out[i] = x;
  }
  return out;
}

/** Reads sample weights (>= 0, not all 0). */
export function readWeights(v: unknown, n: number, fn: string, name = "sampleWeight"): Float64Array {
  const w = readNumbers(v, n, fn, `options.${name}`);
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i]! < 0)
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: ["options", name, i],
        received: w[i],
        message: `${fn}: options.${name}[${i}] is ${w[i]}; weights must be >= 0.`,
      });
    sum += w[i]!;
  }
  if (!(sum > 0))
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["options", name],
      message: `${fn}: every weight in options.${name} is 0; give some rows a positive weight.`,
    });
  return w;
}

/** y, scores (same length) and optional weights. */
export function readScored(y: unknown, scores: unknown, weights: unknown, fn: string, probabilities = false): Scored {
  const yy = readLabels(y, fn);
  const s = readNumbers(scores, yy.length, fn, "scores");
  if (probabilities) checkProbabilities(s, fn);
  const w = weights === undefined ? null : readWeights(weights, yy.length, fn);
  return { n: yy.length, y: yy, s, w };
}

export function checkProbabilities(s: Float64Array, fn: string, name = "scores"): void {
  for (let i = 0; i < s.length; i++) {
    if (s[i]! < 0 || s[i]! > 1) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: [name, i],
        received: s[i],
        message: `${fn}: ${name}[${i}] is ${s[i]}; this metric needs probabilities in [0, 1] (use predictProba, or calibrate raw scores first).`,
      });
    }
  }
}

/** Throws DEGENERATE_INPUT unless both classes have positive weight. */
export function requireBothClasses(d: Scored, fn: string): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < d.n; i++) {
    const w = d.w ? d.w[i]! : 1;
    if (d.y[i] === 1) pos += w;
    else neg += w;
  }
  if (!(pos > 0) || !(neg > 0)) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["y"],
      message: `${fn}: y has only ${pos > 0 ? "positives (1)" : "negatives (0)"}${d.w ? " with positive weight" : ""}; the metric needs both classes. Evaluate on a sample that contains both outcomes.`,
    });
  }
  return { pos, neg };
}

/** Row order by descending score; ties keep input order (stable, like numpy's argsort(-s, kind="stable")). */
export function descendingOrder(s: Float64Array): Uint32Array {
  const idx = new Uint32Array(s.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => s[b]! - s[a]! || a - b);
}
