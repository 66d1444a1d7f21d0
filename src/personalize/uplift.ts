import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import { toFlatMatrix, type FlatMatrix, type PointsInput } from "../core/matrix.js";
import { checkModelHeader, parseOptions } from "../core/validate.js";
import { fitLinearLearner, isLinearLearnerModel, predictLinearLearner, type UpliftLearner } from "./learner.js";
import { checkMagnitude, labelColumn, numberColumn } from "./inputs.js";

/** Options of {@link fitUplift}. */
export interface FitUpliftOptions {
  /** "t-learner" (one outcome model per arm; default) or "x-learner" (Künzel et al. 2019: imputed effects regressed per arm, blended by the arm's share). */
  method?: "t-learner" | "x-learner";
  /** The label of the control (untreated) arm in `treatment`. Default "control". */
  control?: string | number;
  /** "binary" (0/1 outcomes: logistic outcome models) or "continuous" (ridge). Default: "binary" when every outcome is 0 or 1. */
  outcome?: "binary" | "continuous";
  /** Ridge penalty lambda of the built-in learners (on standardized features, per-row mean loss). Default 1e-4. */
  penalty?: number;
  /** Your own outcome model (see {@link UpliftLearner}); default the built-in logistic / ridge learner. */
  learner?: UpliftLearner;
}

/** A fitted T- or X-learner uplift model (plain JSON). */
export interface UpliftModel {
  kind: "uplift";
  version: 1;
  /** The meta-learner. */
  method: "t-learner" | "x-learner";
  /** The learner's name: "builtin-logistic", "builtin-ridge" or your learner's `name`. */
  learner: string;
  /** Outcome type. */
  outcome: "binary" | "continuous";
  /** Control arm label. */
  control: string;
  /** Treatment arm labels (every label except control), in order of first appearance. */
  treatments: string[];
  /** Number of features. */
  nFeatures: number;
  /** Rows per arm, control first then `treatments`. */
  n: number[];
  /** Mean outcome per arm, control first then `treatments`. */
  mean: number[];
  /** Outcome model per arm (the learner's JSON), control first then `treatments`. */
  outcomeModels: unknown[];
  /** X-learner only: per treatment, the effect models on treated (`tau1`) and control (`tau0`) rows and the treated share g. */
  effectModels: { tau0: unknown; tau1: unknown; share: number }[] | null;
}

/** Per-treatment predicted uplift of every row, from {@link predictUplift}. */
export interface UpliftPrediction {
  /** Treatment labels, in the order of `uplift`. */
  treatments: string[];
  /** `uplift[t][i]`: predicted effect of treatment t on row i (probability points for binary outcomes). */
  uplift: Float64Array[];
  /** The treatment with the largest uplift per row, or the control label when none is positive. */
  best: string[];
  /** That largest uplift (0 when `best` is control). */
  bestUplift: Float64Array;
}

/** Options of {@link predictUplift}. */
export interface PredictUpliftOptions {
  /** The learner the model was fitted with, when it is not a built-in one. */
  learner?: UpliftLearner;
}

const learnerSchema = z.custom<UpliftLearner>(
  (v) =>
    v !== null &&
    typeof v === "object" &&
    typeof (v as UpliftLearner).name === "string" &&
    (v as UpliftLearner).name.length > 0 &&
    typeof (v as UpliftLearner).fit === "function" &&
    typeof (v as UpliftLearner).predict === "function",
  "expected { name, fit(X, y, w?), predict(model, X) }",
);
const fitSchema = z.object({
  method: z.enum(["t-learner", "x-learner"]).default("t-learner"),
  control: z.union([z.string(), z.number()]).default("control"),
  outcome: z.enum(["binary", "continuous"]).optional(),
  penalty: z.number().min(0).max(1e6).default(1e-4),
  learner: learnerSchema.optional(),
});
const predictSchema = z.object({ learner: learnerSchema.optional() });

function subset(X: FlatMatrix, rows: number[]): FlatMatrix {
  const d = X.d;
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, k) => data.set(X.data.subarray(r * d, r * d + d), k * d));
  return { data, n: rows.length, d };
}

function builtin(type: "logistic" | "ridge", penalty: number, fn: string): UpliftLearner {
  return {
    name: `builtin-${type}`,
    fit: (X, y, w) => fitLinearLearner(type, X, y, w, penalty, fn),
    predict: (m, X) => predictLinearLearner(m as never, X),
  };
}

function checkedPredict(learner: UpliftLearner, m: unknown, X: FlatMatrix, fn: string): Float64Array {
  const p = learner.predict(m, X);
  if (!p || typeof (p as ArrayLike<number>).length !== "number" || p.length !== X.n) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      message: `${fn}: learner "${learner.name}".predict returned ${describeValue(p)}; it must return one number per row (${X.n}).`,
    });
  }
  const out = new Float64Array(X.n);
  for (let i = 0; i < X.n; i++) {
    const v = p[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: ["learner", "predict", i],
        received: v,
        message: `${fn}: learner "${learner.name}".predict gave ${describeValue(v)} for row ${i}; predictions must be finite numbers.`,
      });
    }
    out[i] = v;
  }
  return out;
}

function fitModel(learner: UpliftLearner, X: FlatMatrix, y: Float64Array, fn: string): unknown {
  const m = learner.fit(X, y);
  try {
    return JSON.parse(JSON.stringify(m ?? null));
  } catch {
    throw new ClienteleError({ code: "INVALID_INPUT", message: `${fn}: learner "${learner.name}".fit must return a JSON-serializable model.` });
  }
}

/**
 * Fits a T-learner or X-learner uplift model for one control and any number of treatment arms.
 * T-learner: one outcome model mu_a(x) per arm, uplift_t(x) = mu_t(x) - mu_control(x). X-learner
 * (Künzel et al. 2019): imputed effects D1 = y - mu_c(x) on treated rows and D0 = mu_t(x) - y on
 * control rows, each regressed on x (ridge), blended as g tau0(x) + (1 - g) tau1(x) with g the
 * treated share of the two arms (a randomized experiment's propensity). O(n d^2) per outcome model.
 *
 * @param X - features per row (`number[][]` or `{ data, n, d }`)
 * @param treatment - the arm of each row (string or number labels; one of them the control)
 * @param y - outcome per row (0/1 or booleans for binary outcomes, any finite number otherwise)
 * @param options - `method`, `control`, `outcome`, `penalty`, `learner` ({@link FitUpliftOptions})
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION` (unknown control), `TOO_FEW_OBSERVATIONS` (an arm with < 2 rows), `SINGULAR_SYSTEM`
 * @see Künzel, Sekhon, Bickel & Yu (2019), Metalearners for estimating heterogeneous treatment effects, PNAS 116(10).
 * @example
 * import { fitUplift, predictUplift } from "clientele/personalize";
 * const X = [[0], [0], [1], [1], [0], [0], [1], [1]];
 * const arm = ["control", "control", "control", "control", "mail", "mail", "mail", "mail"];
 * const y = [0, 1, 0, 0, 1, 1, 1, 0];
 * const m = fitUplift(X, arm, y, { outcome: "continuous" });
 * m.mean; // => [0.25, 0.75]
 * Array.from(predictUplift(m, [[0], [1]]).uplift[0]).map((u) => +u.toFixed(3)); // => [0.5, 0.5]
 */
export function fitUplift(X: PointsInput, treatment: ArrayLike<string | number>, y: ArrayLike<number | boolean>, options: FitUpliftOptions = {}): UpliftModel {
  const fn = "fitUplift";
  const opts = parseOptions(fitSchema, options, fn);
  const M = toFlatMatrix(X, fn, "X");
  checkMagnitude(M.data, M.d, fn, "X");
  const arms = labelColumn(treatment, fn, "treatment", M.n);
  const yy = numberColumn(y, fn, "y", M.n, true);
  const control = String(opts.control);
  const order: string[] = [];
  const index = new Map<string, number>();
  for (const a of arms) {
    if (!index.has(a)) {
      index.set(a, index.size);
      order.push(a);
    }
  }
  if (!index.has(control)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "control"],
      received: opts.control,
      message: `${fn}: the control arm "${control}" is not among the treatment labels (${order
        .slice(0, 5)
        .map((a) => `"${a}"`)
        .join(", ")}). Pass options.control.`,
    });
  }
  const labels = [control, ...order.filter((a) => a !== control)];
  if (labels.length < 2) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["treatment"],
      message: `${fn}: every row is in the control arm; uplift needs at least one treatment arm.`,
    });
  }
  const rows: number[][] = labels.map(() => []);
  const pos = new Map(labels.map((a, k) => [a, k]));
  arms.forEach((a, i) => rows[pos.get(a)!].push(i));
  rows.forEach((r, k) => {
    if (r.length < 2) {
      throw new ClienteleError({
        code: "TOO_FEW_OBSERVATIONS",
        path: ["treatment"],
        received: labels[k],
        message: `${fn}: arm "${labels[k]}" has ${r.length} row(s); each arm needs at least 2.`,
      });
    }
  });
  const binary = yy.every((v) => v === 0 || v === 1);
  const outcome = opts.outcome ?? (binary ? "binary" : "continuous");
  if (outcome === "binary" && !binary) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["y"],
      message: `${fn}: outcome "binary" needs every y to be 0 or 1 (or a boolean). Pass outcome: "continuous" for amounts.`,
    });
  }
  const learner = opts.learner ?? builtin(outcome === "binary" ? "logistic" : "ridge", opts.penalty, fn);
  const ridge = opts.learner ?? builtin("ridge", opts.penalty, fn);
  const parts = rows.map((r) => ({ X: subset(M, r), y: Float64Array.from(r, (i) => yy[i]) }));
  const outcomeModels = parts.map((p) => fitModel(learner, p.X, p.y, fn));
  const mean = parts.map((p) => p.y.reduce((s, v) => s + v, 0) / p.y.length);
  let effectModels: UpliftModel["effectModels"] = null;
  if (opts.method === "x-learner") {
    const c = parts[0];
    effectModels = parts.slice(1).map((t, k) => {
      const mu0OnT = checkedPredict(learner, outcomeModels[0], t.X, fn);
      const mu1OnC = checkedPredict(learner, outcomeModels[k + 1], c.X, fn);
      const d1 = t.y.map((v, i) => v - mu0OnT[i]);
      const d0 = c.y.map((v, i) => mu1OnC[i] - v);
      return { tau0: fitModel(ridge, c.X, d0, fn), tau1: fitModel(ridge, t.X, d1, fn), share: t.y.length / (t.y.length + c.y.length) };
    });
  }
  return {
    kind: "uplift",
    version: 1,
    method: opts.method,
    learner: learner.name,
    outcome,
    control,
    treatments: labels.slice(1),
    nFeatures: M.d,
    n: rows.map((r) => r.length),
    mean,
    outcomeModels,
    effectModels,
  };
}

function learnersFor(m: UpliftModel, custom: UpliftLearner | undefined, fn: string): { out: UpliftLearner; eff: UpliftLearner } {
  if (m.learner === "builtin-logistic" || m.learner === "builtin-ridge") {
    return { out: builtin(m.learner === "builtin-logistic" ? "logistic" : "ridge", 0, fn), eff: builtin("ridge", 0, fn) };
  }
  if (!custom || custom.name !== m.learner) {
    throw new ClienteleError({
      code: "MODEL_DATA_MISMATCH",
      path: ["options", "learner"],
      message: `${fn}: the model was fitted with learner "${m.learner}"; pass that learner as options.learner to predict with it.`,
    });
  }
  return { out: custom, eff: custom };
}

/**
 * Predicted uplift of every treatment for every row, and the best treatment per row. O(n d) per
 * arm with the built-in learners.
 *
 * @param model - from {@link fitUplift} (or {@link upliftFromJSON})
 * @param X - features per row, the same columns as at fit time
 * @param options - `learner`: your learner when the model was fitted with one
 * @throws ClienteleError `INVALID_MODEL`, `SHAPE_MISMATCH`, `NON_FINITE`, `MODEL_DATA_MISMATCH`
 * @example
 * import { fitUplift, predictUplift } from "clientele/personalize";
 * const X = [[0], [1], [0], [1], [0], [1], [0], [1]];
 * const m = fitUplift(X, [0, 0, 0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 1, 0, 1, 0], { control: 0, outcome: "continuous" });
 * predictUplift(m, [[0], [1]]).best; // => ["1", "0"]
 */
export function predictUplift(model: UpliftModel, X: PointsInput, options: PredictUpliftOptions = {}): UpliftPrediction {
  const fn = "predictUplift";
  const m = checkUplift(model, fn);
  const opts = parseOptions(predictSchema, options, fn);
  const M = toFlatMatrix(X, fn, "X");
  checkMagnitude(M.data, M.d, fn, "X");
  if (M.d !== m.nFeatures) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["X", 0],
      received: M.d,
      message: `${fn}: X has ${M.d} features but the model was fitted on ${m.nFeatures}. Pass the same feature columns.`,
    });
  }
  const L = learnersFor(m, opts.learner, fn);
  let uplift: Float64Array[];
  if (m.effectModels === null) {
    const base = checkedPredict(L.out, m.outcomeModels[0], M, fn);
    uplift = m.treatments.map((_, t) => {
      const p = checkedPredict(L.out, m.outcomeModels[t + 1], M, fn);
      return p.map((v, i) => v - base[i]);
    });
  } else {
    uplift = m.effectModels.map((e) => {
      const t0 = checkedPredict(L.eff, e.tau0, M, fn);
      const t1 = checkedPredict(L.eff, e.tau1, M, fn);
      return t0.map((v, i) => e.share * v + (1 - e.share) * t1[i]);
    });
  }
  const best: string[] = new Array(M.n);
  const bestUplift = new Float64Array(M.n);
  for (let i = 0; i < M.n; i++) {
    let b = -1;
    let u = 0;
    uplift.forEach((col, t) => {
      if (col[i] > u) {
        u = col[i];
        b = t;
      }
    });
    best[i] = b < 0 ? m.control : m.treatments[b];
    bestUplift[i] = u;
  }
  return jsonColumns({ treatments: m.treatments.slice(), uplift, best, bestUplift });
}

const labelList = z.array(z.string());
const modelSchema = z.object({
  kind: z.literal("uplift"),
  version: z.literal(1),
  method: z.enum(["t-learner", "x-learner"]),
  learner: z.string().min(1),
  outcome: z.enum(["binary", "continuous"]),
  control: z.string().min(1),
  treatments: labelList,
  nFeatures: z.number().int().min(1),
  n: z.array(z.number().int().min(2)),
  mean: z.array(z.number()),
  outcomeModels: z.array(z.unknown()),
  effectModels: z.array(z.object({ tau0: z.unknown(), tau1: z.unknown(), share: z.number().gt(0).lt(1) })).nullable(),
});

function invalid(fn: string, what: string): ClienteleError {
  return new ClienteleError({ code: "INVALID_MODEL", path: ["model"], message: `${fn}: the saved uplift model is malformed: ${what}. Refit with fitUplift.` });
}

/** Validates an uplift model (header, shapes, the built-in learners' parameters). Internal. */
export function checkUplift(json: unknown, fn: string): UpliftModel {
  checkModelHeader(json, "uplift", 1, fn);
  const r = modelSchema.safeParse(json);
  if (!r.success) throw invalid(fn, `${r.error.issues[0].path.join(".") || "model"} ${r.error.issues[0].message}`);
  const m = r.data as UpliftModel;
  const k = m.treatments.length + 1;
  if (m.treatments.length === 0 || m.n.length !== k || m.mean.length !== k || m.outcomeModels.length !== k)
    throw invalid(fn, "arms, n, mean and outcomeModels must have one entry per arm");
  if (new Set([m.control, ...m.treatments]).size !== k) throw invalid(fn, "arm labels repeat");
  if (m.effectModels !== null && m.effectModels.length !== m.treatments.length) throw invalid(fn, "effectModels needs one entry per treatment");
  if (m.method === "x-learner" && m.effectModels === null) throw invalid(fn, "an x-learner needs effectModels");
  if (m.method === "t-learner" && m.effectModels !== null) throw invalid(fn, "a t-learner has no effectModels");
  if (m.learner === "builtin-logistic" || m.learner === "builtin-ridge") {
    const want = m.learner === "builtin-logistic" ? "logistic" : "ridge";
    for (const o of m.outcomeModels)
      if (!isLinearLearnerModel(o, m.nFeatures) || o.type !== want) throw invalid(fn, "an outcome model is not a valid built-in linear model");
    for (const e of m.effectModels ?? []) {
      for (const t of [e.tau0, e.tau1])
        if (!isLinearLearnerModel(t, m.nFeatures) || t.type !== "ridge") throw invalid(fn, "an effect model is not a valid built-in ridge model");
    }
  }
  return m;
}

/**
 * Loads a saved uplift model (after `JSON.parse`), validating kind, version, arms and the
 * built-in learners' parameters.
 *
 * @param json - a model from {@link fitUplift}, serialized and parsed
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitUplift, upliftFromJSON } from "clientele/personalize";
 * const m = fitUplift([[0], [1], [0], [1]], ["control", "control", "b", "b"], [0, 1, 1, 1], { outcome: "continuous" });
 * upliftFromJSON(JSON.parse(JSON.stringify(m))).treatments; // => ["b"]
 */
export function upliftFromJSON(json: unknown): UpliftModel {
  return checkUplift(json, "upliftFromJSON");
}
