// The models scoreSql writes SQL for, checked here from their saved (JSON) shape only: kind,
// version and the numbers that enter the SQL. No runtime import of clientele/clv or
// clientele/predict, so a model saved by any release with the same version scores.
import { ClienteleError, describeValue } from "../core/errors.js";
import { checkModelHeader } from "../core/validate.js";
import type { TimeUnit } from "../core/time.js";

/** The fields of a BG/NBD model (`fitBgNbd` of `clientele/clv`, or its saved JSON) that `scoreSql` reads. */
export interface BgNbdModelLike {
  /** "bg-nbd". */
  kind: "bg-nbd";
  /** 1. */
  version: 1;
  /** Time unit of recency and T (needed for `clv`). */
  timeUnit?: TimeUnit;
  /** The fitted parameters. */
  params: { r: number; alpha: number; a: number; b: number };
}

/** The fields of a Gamma-Gamma model (`fitGammaGamma` of `clientele/clv`, or its saved JSON) that `scoreSql` reads. */
export interface GammaGammaModelLike {
  /** "gamma-gamma". */
  kind: "gamma-gamma";
  /** 1. */
  version: 1;
  /** Time unit of the summary it was fitted on. */
  timeUnit?: TimeUnit;
  /** The fitted parameters. */
  params: { p: number; q: number; gamma: number };
}

/** BG/NBD parameters as read for SQL (internal). */
export interface BgParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
  timeUnit: TimeUnit | undefined;
}

/** Gamma-Gamma parameters as read for SQL (internal). */
export interface GgParams {
  p: number;
  q: number;
  gamma: number;
  timeUnit: TimeUnit | undefined;
}

/** A logistic regression as read for SQL (internal): coefficients in the features' original units. */
export interface LogisticParams {
  featureNames: string[];
  intercept: number;
  coefficients: number[];
}

const own = (o: object, k: string): unknown => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

function invalid(fn: string, path: (string | number)[], received: unknown, why: string): never {
  throw new ClienteleError({
    code: "INVALID_MODEL",
    path,
    received,
    message: `${fn}: ${why} Pass the model as fitted (or as loaded by its *FromJSON function).`,
  });
}

/** The model's kind tag, or undefined (internal). */
export function kindOf(model: unknown): unknown {
  return model !== null && typeof model === "object" ? own(model, "kind") : undefined;
}

function unitOf(model: object, fn: string, root: string): TimeUnit | undefined {
  const u = own(model, "timeUnit");
  if (u === undefined) return undefined;
  if (u !== "day" && u !== "week" && u !== "month")
    invalid(fn, [root, "timeUnit"], u, `${root}.timeUnit is ${describeValue(u)}; expected "day", "week" or "month".`);
  return u;
}

function positiveParams<K extends string>(model: unknown, kind: string, legacy: string, names: readonly K[], fn: string, root: string): Record<K, number> {
  try {
    checkModelHeader(model, kind, 1, fn, [legacy]);
  } catch (e) {
    if (e instanceof ClienteleError && root !== "model") {
      throw new ClienteleError({
        code: e.code,
        path: [root, ...e.path.slice(1)],
        received: e.received,
        message: e.message.replace(`${fn}: `, `${fn}: ${root}: `),
      });
    }
    throw e;
  }
  const params = own(model as object, "params");
  if (params === null || typeof params !== "object" || Array.isArray(params))
    invalid(fn, [root, "params"], params, `${root}.params is ${describeValue(params)}; expected an object with ${names.join(", ")}.`);
  const out = {} as Record<K, number>;
  for (const k of names) {
    const v = own(params, k);
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v > 1e100)
      invalid(fn, [root, "params", k], v, `${root}.params.${k} is ${describeValue(v)}; expected a positive finite number.`);
    out[k] = v;
  }
  return out;
}

/** Reads a BG/NBD model (`fitBgNbd`) for SQL (internal); INVALID_MODEL / WRONG_MODEL_KIND / UNSUPPORTED_MODEL_VERSION. */
export function readBgNbd(model: unknown, fn: string): BgParams {
  const p = positiveParams(model, "bg-nbd", "bgnbd", ["r", "alpha", "a", "b"] as const, fn, "model");
  return { ...p, timeUnit: unitOf(model as object, fn, "model") };
}

/** Reads a Gamma-Gamma model (`fitGammaGamma`) for SQL (internal). */
export function readGammaGamma(model: unknown, fn: string, root = "model"): GgParams {
  const p = positiveParams(model, "gamma-gamma", "gammagamma", ["p", "q", "gamma"] as const, fn, root);
  return { ...p, timeUnit: unitOf(model as object, fn, root) };
}

/** Reads a logistic regression (`fitLogisticRegression` of clientele/predict) for SQL (internal). */
export function readLogistic(model: unknown, fn: string): LogisticParams {
  checkModelHeader(model, "logistic-regression", 1, fn);
  const m = model as object;
  const names = own(m, "featureNames");
  const coef = own(m, "coefficients");
  const b = own(m, "intercept");
  if (!Array.isArray(coef) || coef.length === 0 || coef.length > 10_000)
    invalid(fn, ["model", "coefficients"], coef, `model.coefficients is ${describeValue(coef)}; expected 1 to 10000 numbers.`);
  if (!Array.isArray(names) || names.length !== coef.length)
    invalid(fn, ["model", "featureNames"], names, `model.featureNames must be an array of ${coef.length} names, one per coefficient.`);
  coef.forEach((c, j) => {
    if (typeof c !== "number" || !Number.isFinite(c))
      invalid(fn, ["model", "coefficients", j], c, `model.coefficients[${j}] is ${describeValue(c)}; expected a finite number.`);
  });
  names.forEach((s, j) => {
    if (typeof s !== "string" || s.length === 0)
      invalid(fn, ["model", "featureNames", j], s, `model.featureNames[${j}] is ${describeValue(s)}; expected a non-empty name.`);
  });
  if (typeof b !== "number" || !Number.isFinite(b)) invalid(fn, ["model", "intercept"], b, `model.intercept is ${describeValue(b)}; expected a finite number.`);
  return { featureNames: names.slice() as string[], intercept: b, coefficients: coef.slice() as number[] };
}
