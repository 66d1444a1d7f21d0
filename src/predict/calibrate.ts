// calibrate: Platt scaling or isotonic regression of a fitted classifier's probabilities.
import { ClienteleError } from "../core/errors.js";
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { checkCalibrated, logit, type CalibratedModel } from "./linear/calibration-map.js";
import { choleskySolve } from "./linear/solver.js";
import { readFeatures, type FeatureInput } from "./matrix.js";
import { readLabels } from "./metrics/input.js";
import { scoreDense } from "./predict.js";
import { isTreeModel } from "./trees/margins.js";

export type { CalibratedModel } from "./linear/calibration-map.js";

/** Options of {@link calibrate}. */
export interface CalibrateOptions {
  /** "platt" (default: a sigmoid of the base log-odds, 2 parameters) or "isotonic" (monotone steps; needs more data). */
  method?: "platt" | "isotonic";
}

const calibrateSchema = z.object({ method: z.enum(["platt", "isotonic"]).default("platt") });

/**
 * Calibrates a binary classifier on held-out data (X, y that the model was NOT fitted on):
 * returns a "calibrated-classifier" model that {@link predictProba} accepts. Platt scaling fits
 * P = 1 / (1 + exp(a·logit(p) + b)) by maximum likelihood with Platt's smoothed targets
 * ((n₊+1)/(n₊+2), 1/(n₋+2)), as scikit-learn's `CalibratedClassifierCV(method="sigmoid")`;
 * isotonic fits the increasing step function of p that minimizes squared error (pool adjacent
 * violators), linear between knots and clipped outside. O(n log n).
 *
 * @param model - a fitted binary classifier (logistic regression or binary gradient boosting)
 * @param X - held-out features
 * @param y - held-out 0/1 labels
 * @param options - `method` (default "platt")
 * @throws ClienteleError `DEGENERATE_INPUT` (one class), `LENGTH_MISMATCH`, `WRONG_MODEL_KIND`
 * @example
 * import { calibrate, fitLogisticRegression, predictProba } from "clientele/predict";
 * const X = [[0], [1], [2], [3], [4], [5]];
 * const m = fitLogisticRegression(X, [0, 0, 1, 0, 1, 1]);
 * const c = calibrate(m, X, [0, 0, 1, 0, 1, 1], { method: "isotonic" });
 * c.kind; // => "calibrated-classifier"
 * Array.from(predictProba(c, [[0], [5]])); // => [0, 1]
 */
export function calibrate(model: unknown, X: FeatureInput, y: ArrayLike<number | boolean>, options: CalibrateOptions = {}): CalibratedModel {
  const fn = "calibrate";
  const o = parseOptions(calibrateSchema, options, fn);
  const dense = readFeatures(X, fn, isTreeModel(model) ? "allow" : "reject");
  const base = scoreDense(model, dense, fn);
  if (base.link !== "logit")
    throw new ClienteleError({
      code: "WRONG_MODEL_KIND",
      path: ["model"],
      message: `${fn}: the model predicts values, not probabilities; only binary classifiers can be calibrated.`,
    });
  const labels = readLabels(y, fn);
  if (labels.length !== dense.n)
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["y"],
      received: labels.length,
      message: `${fn}: y has ${labels.length} labels but X has ${dense.n} rows. Pass one label per row.`,
    });
  let pos = 0;
  for (const v of labels) pos += v;
  if (pos === 0 || pos === labels.length)
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["y"],
      message: `${fn}: y holds one class only; calibration needs both outcomes in the held-out data.`,
    });
  const p = base.values;
  const kept = JSON.parse(JSON.stringify(model)) as unknown;
  if (o.method === "platt") return { kind: "calibrated-classifier", version: 1, method: "platt", base: kept, platt: platt(p, labels, pos), isotonic: null };
  return { kind: "calibrated-classifier", version: 1, method: "isotonic", base: kept, platt: null, isotonic: isotonic(p, labels) };
}

function platt(p: Float64Array, y: Uint8Array, pos: number): { a: number; b: number } {
  const n = p.length;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  const f = p.map(logit);
  let a = 0;
  let b = Math.log((n - pos + 1) / (pos + 1));
  const obj = (a_: number, b_: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = y[i] ? hi : lo;
      const e = a_ * f[i]! + b_; // P = 1/(1+exp(e))
      s += t * (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) + (1 - t) * (e > 0 ? Math.log1p(Math.exp(-e)) : -e + Math.log1p(Math.exp(e)));
    }
    return s;
  };
  let F = obj(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    for (let i = 0; i < n; i++) {
      const t = y[i] ? hi : lo;
      const P = 1 / (1 + Math.exp(a * f[i]! + b));
      const r = t - P; // d/de of the loss
      const w = P * (1 - P);
      ga += r * f[i]!;
      gb += r;
      haa += w * f[i]! * f[i]!;
      hab += w * f[i]!;
      hbb += w;
    }
    const H = Float64Array.of(haa + 1e-12, hab, hab, hbb + 1e-12);
    const d = Float64Array.of(-ga, -gb);
    if (!choleskySolve(H, 2, d)) break;
    let t = 1;
    let Fn = obj(a + d[0]!, b + d[1]!);
    while (Fn > F && t > 1e-10) {
      t /= 2;
      Fn = obj(a + t * d[0]!, b + t * d[1]!);
    }
    if (Fn > F) break;
    a += t * d[0]!;
    b += t * d[1]!;
    const done = Math.abs(t * d[0]!) + Math.abs(t * d[1]!) < 1e-12 * (1 + Math.abs(a) + Math.abs(b));
    F = Fn;
    if (done) break;
  }
  return { a, b };
}

function isotonic(p: Float64Array, y: Uint8Array): { x: number[]; y: number[] } {
  const order = Array.from(p.keys()).sort((i, j) => p[i]! - p[j]!);
  // unique x with mean y and weight
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const k = xs.length - 1;
    if (k >= 0 && xs[k] === p[i]) {
      ys[k] = (ys[k]! * ws[k]! + y[i]!) / (ws[k]! + 1);
      ws[k]!++;
    } else {
      xs.push(p[i]!);
      ys.push(y[i]!);
      ws.push(1);
    }
  }
  // pool adjacent violators over blocks
  const bv: number[] = [];
  const bw: number[] = [];
  const bn: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    bv.push(ys[k]!);
    bw.push(ws[k]!);
    bn.push(1);
    while (bv.length > 1 && bv[bv.length - 2]! > bv[bv.length - 1]!) {
      const v = bv.pop()!,
        w = bw.pop()!,
        c = bn.pop()!;
      const j = bv.length - 1;
      bv[j] = (bv[j]! * bw[j]! + v * w) / (bw[j]! + w);
      bw[j]! += w;
      bn[j]! += c;
    }
  }
  const fitted: number[] = [];
  bv.forEach((v, j) => {
    for (let c = 0; c < bn[j]!; c++) fitted.push(v);
  });
  // keep the first and last knot of each flat run
  const kx: number[] = [];
  const ky: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    if (k > 0 && k < xs.length - 1 && fitted[k - 1] === fitted[k] && fitted[k + 1] === fitted[k]) continue;
    kx.push(xs[k]!);
    ky.push(Math.min(1, Math.max(0, fitted[k]!)));
  }
  return { x: kx, y: ky };
}

/**
 * Loads a saved calibrated classifier, checking its fields and its wrapped base model.
 *
 * @param json - a parsed saved calibrated model
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { calibrate, calibratedModelFromJSON, fitLogisticRegression } from "clientele/predict";
 * const m = fitLogisticRegression([[0], [1], [2], [3]], [0, 1, 0, 1]);
 * calibratedModelFromJSON(JSON.parse(JSON.stringify(calibrate(m, [[0], [1], [2], [3]], [0, 1, 0, 1])))).method; // => "platt"
 */
export function calibratedModelFromJSON(json: unknown): CalibratedModel {
  const fn = "calibratedModelFromJSON";
  const m = checkCalibrated(json, fn);
  const base = m.base as { kind?: unknown; coefficients?: unknown[] };
  // validate the base by scoring one zero row through it
  const d = Array.isArray(base.coefficients) ? base.coefficients.length : 0;
  if (base.kind === "logistic-regression" && d > 0) scoreDense(base, { n: 1, d, names: [], data: new Float64Array(d), missing: 0 }, fn);
  else if (!isTreeModel(base))
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model", "base"],
      message: `${fn}: model.base is not a model this release scores. The saved model was altered; calibrate again.`,
    });
  return m;
}
