// The calibrated-classifier model: a base model plus a monotone map of its probabilities.
import { ClienteleError } from "../../core/errors.js";
import * as z from "../../core/schema.js";
import { checkModelHeader, parseWith } from "../../core/validate.js";

/** A calibrated classifier (plain JSON): `base` scores, then Platt or isotonic mapping. */
export interface CalibratedModel {
  kind: "calibrated-classifier";
  version: 1;
  method: "platt" | "isotonic";
  /** The wrapped model's JSON (logistic regression or binary gradient boosting). */
  base: unknown;
  /** Platt: P = 1 / (1 + exp(a · logit(p) + b)) (scikit-learn's sigmoid convention, on the base log-odds). */
  platt: { a: number; b: number } | null;
  /** Isotonic: increasing knots (x = base probability, y = calibrated); linear between, flat outside. */
  isotonic: { x: number[]; y: number[] } | null;
}

const schema = z.object({
  kind: z.literal("calibrated-classifier"),
  version: z.literal(1),
  method: z.enum(["platt", "isotonic"]),
  base: z.any(),
  platt: z.object({ a: z.number(), b: z.number() }).nullable(),
  isotonic: z.object({ x: z.array(z.number().min(0).max(1)), y: z.array(z.number().min(0).max(1)) }).nullable(),
});

/** Internal: validates a calibrated model (not its base, which the scorer checks). */
export function checkCalibrated(json: unknown, fn: string): CalibratedModel {
  checkModelHeader(json, "calibrated-classifier", 1, fn);
  const m = parseWith(schema, json, fn, { code: "INVALID_MODEL", root: "model" }) as CalibratedModel;
  const bad = (path: string[], what: string): never => {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model", ...path],
      message: `${fn}: model.${path.join(".")} ${what}. The saved model was altered; calibrate again.`,
    });
  };
  if (!m.base || typeof m.base !== "object") bad(["base"], "must be the wrapped model");
  if (m.method === "platt" && !m.platt) bad(["platt"], "is missing for method platt");
  if (m.method === "isotonic") {
    const iso = m.isotonic;
    if (!iso) return bad(["isotonic"], "is missing for method isotonic");
    if (iso.x.length === 0 || iso.x.length !== iso.y.length) bad(["isotonic"], "needs as many x as y knots (at least one)");
    for (let i = 1; i < iso.x.length; i++)
      if (!(iso.x[i]! > iso.x[i - 1]!) || iso.y[i]! < iso.y[i - 1]!) bad(["isotonic", "x"], "must be increasing (x strictly, y weakly)");
  }
  return m;
}

/** Internal: base log-odds, clipped so 0 and 1 stay finite. */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  return Math.log(q / (1 - q));
}

/** Internal: the calibration map applied to base probabilities (new array). */
export function applyCalibration(m: CalibratedModel, p: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  if (m.method === "platt") {
    const { a, b } = m.platt!;
    for (let i = 0; i < p.length; i++) out[i] = 1 / (1 + Math.exp(a * logit(p[i]!) + b));
    return out;
  }
  const { x, y } = m.isotonic!;
  const k = x.length;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v <= x[0]!) out[i] = y[0]!;
    else if (v >= x[k - 1]!) out[i] = y[k - 1]!;
    else {
      let lo = 0;
      let hi = k - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid]! <= v) lo = mid;
        else hi = mid;
      }
      out[i] = y[lo]! + ((y[hi]! - y[lo]!) * (v - x[lo]!)) / (x[hi]! - x[lo]!);
    }
  }
  return out;
}
