/**
 * The shared prediction vocabulary of the purchase models (BG/NBD, MBG/NBD, Pareto/NBD and BG/BB):
 * dispatch on `model.kind` (`resolveModel` is the one dispatch point; BG/BB goes to
 * `bgbb-predict.ts`), column checks, and the plotting matrices.
 */
import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import { parseOptions, parseWith, checkModelHeader } from "../core/validate.js";
import { BG_NAMES, bgConditional, bgExpected, bgPmf, bgProbabilityAlive, type BgNbdModel, type BgNbdParams } from "./bgnbd.js";
import type { MbgNbdModel } from "./mbgnbd.js";
import { paretoConditionalGivenAlive, paretoExpected, paretoLogAliveBatch, paretoPmf } from "./paretonbd-predict.js";
import { PNBD_NAMES, type ParetoNbdModel, type ParetoNbdParams } from "./paretonbd.js";
import { toRftColumns, type CustomerColumnsRFT, type RftColumns } from "./fit-common.js";
import { canonicalKind, LEGACY_KINDS, requireKind, SPEND_INSTEAD, TRANSACTION_KINDS } from "./kinds.js";
import { paramsSchema, validateSavedModel } from "./saved-model.js";
import { compressRft } from "./compress.js";
import { withPublicName } from "../core/hyp2f1.js";
import { checkDataUnit, savedUnitSchema } from "./units.js";
import type { TimeUnit } from "../core/time.js";
import { bgbbConditionalImpl, bgbbExpectedImpl, bgbbAliveImpl, bgbbPmfImpl } from "./bgbb-predict.js";
import type { BgBbCustomers } from "./bgbb-data.js";
import type { BgBbModel } from "./bgbb-model.js";

/** Like `perPattern`, with a function that evaluates all distinct patterns at once. */
function perPatternBatch(c: RftColumns, compute: (x: Float64Array, tx: Float64Array, T: Float64Array) => Float64Array): Float64Array {
  const out = new Float64Array(c.n);
  if (c.n === 0) return out;
  const index = new Int32Array(c.n);
  const p = compressRft(c.frequency, c.recency, c.T, undefined, index);
  const vals = compute(p.frequency, p.recency, p.T);
  for (let i = 0; i < c.n; i++) out[i] = vals[index[i]];
  return out;
}

/** Pareto/NBD: `value(P(alive), x, T)` once per distinct pattern, P(alive) batched over the patterns (shared 2F1 nodes). */
function paretoPerPattern(c: RftColumns, p: ParetoNbdParams, value: (alive: number, x: number, T: number) => number): Float64Array {
  return perPatternBatch(c, (x, tx, T) => {
    const la = paretoLogAliveBatch(p, x, tx, T);
    for (let j = 0; j < la.length; j++) la[j] = value(Math.exp(la[j]), x[j], T[j]);
    return la;
  });
}

/** Evaluates `compute` once per distinct (x, t_x, T) pattern and scatters the values back to the rows. */
function perPattern(c: RftColumns, compute: (x: number, tx: number, T: number) => number): Float64Array {
  const out = new Float64Array(c.n);
  if (c.n === 0) return out;
  const index = new Int32Array(c.n);
  const p = compressRft(c.frequency, c.recency, c.T, undefined, index);
  const vals = new Float64Array(p.n);
  for (let j = 0; j < p.n; j++) vals[j] = compute(p.frequency[j], p.recency[j], p.T[j]);
  for (let i = 0; i < c.n; i++) out[i] = vals[index[i]];
  return out;
}

/** Any fitted continuous-time transaction (purchase-count) model. */
export type TransactionModel = BgNbdModel | MbgNbdModel | ParetoNbdModel;

/** A model the prediction functions accept: a continuous-time transaction model or a discrete-time BG/BB model. */
export type PurchaseModel = TransactionModel | BgBbModel;

/** The kinds of transaction models. */
export type TransactionModelKind = TransactionModel["kind"];

/** @internal Checked kind and parameters of a transaction model. */
export type ResolvedModel =
  | { kind: "bg-nbd" | "mbg-nbd"; params: BgNbdParams; timeUnit: TimeUnit | undefined }
  | { kind: "pareto-nbd"; params: ParetoNbdParams; timeUnit: TimeUnit | undefined };

const bgParams = paramsSchema(BG_NAMES);
const pnbdParams = paramsSchema(PNBD_NAMES);

/** What to use with a BG/BB model where a function has no BG/BB form (the default `bgbb` of {@link resolveModel}). */
export const BGBB_INSTEAD =
  "BG/BB is a discrete-time model: use probabilityAlive, conditionalExpectedPurchases, expectedPurchases or probabilityOfPurchases, which take it.";

/**
 * @internal Checks the header and parameters of a transaction model (cheap; used by every prediction).
 * The one dispatch point of the prediction vocabulary: a Gamma-Gamma model is `WRONG_MODEL_KIND`
 * naming the spend functions; a BG/BB model (which the shared functions handle before calling this)
 * is `WRONG_MODEL_KIND` with `bgbb`, what to use instead; `"accepted"` words the message for
 * functions that take BG/BB too.
 */
export function resolveModel(model: unknown, fn: string, bgbb: string = BGBB_INSTEAD): ResolvedModel {
  const raw = (model as { kind?: unknown } | null)?.kind;
  const kind = canonicalKind(raw);
  const takesBgBb = bgbb === "accepted";
  const needs = takesBgBb ? "a purchase model (BG/NBD, MBG/NBD, Pareto/NBD or BG/BB)" : "a continuous-time transaction model (BG/NBD, MBG/NBD or Pareto/NBD)";
  requireKind(model, fn, takesBgBb ? [...TRANSACTION_KINDS, "bg-bb"] : TRANSACTION_KINDS, needs, { "gamma-gamma": SPEND_INSTEAD, "bg-bb": bgbb });
  const expected = kind === "mbg-nbd" || kind === "pareto-nbd" ? kind : "bg-nbd";
  if (kind !== "bg-nbd" && kind !== "mbg-nbd" && kind !== "pareto-nbd") {
    if (model !== null && typeof model === "object" && typeof raw === "string") {
      throw new ClienteleError({
        code: "WRONG_MODEL_KIND",
        path: ["model", "kind"],
        received: raw,
        message: `${fn}: model.kind is ${describeValue(raw)}; expected a transaction model ("bg-nbd", "mbg-nbd" or "pareto-nbd"). Pass a model from fitBgNbd, fitMbgNbd or fitParetoNbd.`,
      });
    }
  }
  checkModelHeader(model, expected, 1, fn, LEGACY_KINDS[expected]);
  const m = model as { params?: unknown; timeUnit?: unknown };
  const params = parseWith(expected === "pareto-nbd" ? pnbdParams : bgParams, m.params, fn, { code: "INVALID_MODEL", root: "model.params" });
  const timeUnit = parseWith(savedUnitSchema, m.timeUnit, fn, { code: "INVALID_MODEL", root: "model.timeUnit" }) as TimeUnit | undefined;
  return { kind: expected, params, timeUnit } as ResolvedModel;
}

/** @internal A BG/BB model (either tag) given to a shared prediction function. */
function isBgBb(model: unknown): model is BgBbModel {
  return model !== null && typeof model === "object" && canonicalKind((model as { kind?: unknown }).kind) === "bg-bb";
}

/** t must be a number or an array / typed array of numbers. */
function checkTimes(t: unknown, fn: string): asserts t is ArrayLike<number> {
  if (!(Array.isArray(t) || (ArrayBuffer.isView(t) && !(t instanceof DataView)))) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["t"],
      received: t,
      message: `${fn}: t must be a duration >= 0 in the model's time unit, or an array of them. Got ${describeValue(t)}.`,
    });
  }
}

function checkTime(t: unknown, fn: string, name = "t"): asserts t is number {
  if (typeof t !== "number" || !Number.isFinite(t) || t < 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: t,
      message: `${fn}: ${name} must be a finite number >= 0 (a duration in the model's time unit). Got ${describeValue(t)}.`,
    });
  }
}

/**
 * Expected number of repeat purchases E[X(t)] of a new customer (one who has just made a first
 * purchase) in the next t time units, for one t or a vector of t. O(1) per t.
 *
 * BG/NBD: (a+b−1)/(a−1)·[1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))] (Fader, Hardie & Lee 2005, eq. 7);
 * MBG/NBD: b/(a−1)·[1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))];
 * Pareto/NBD: rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)] (rβ/α·ln(1+t/β) when s = 1).
 * A BG/BB model (`fitBgBb`) is accepted too: t is then a whole number of opportunities
 * (`bgbbExpectedTransactions`).
 *
 * @param model - a fitted transaction model, or a BG/BB model
 * @param t - horizon(s) >= 0 in the model's time unit (`model.timeUnit`)
 * @throws ClienteleError `INVALID_MODEL` (also for parameters outside (0, 1e10]), `WRONG_MODEL_KIND`,
 *   `UNSUPPORTED_MODEL_VERSION`, `INVALID_INPUT` (t not a number >= 0 or an array of them)
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2)
 * @example
 * import { expectedPurchases } from "clientele/clv";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
 * expectedPurchases(m, 39).toFixed(3); // => "1.197"
 */
export function expectedPurchases(model: PurchaseModel, t: number): number;
export function expectedPurchases(model: PurchaseModel, t: ArrayLike<number>): Float64Array;
export function expectedPurchases(model: PurchaseModel, t: number | ArrayLike<number>): number | Float64Array;
export function expectedPurchases(model: PurchaseModel, t: number | ArrayLike<number>): number | Float64Array {
  const out = withPublicName("expectedPurchases", () => expectedPurchasesImpl(model, t, "expectedPurchases"));
  return typeof out === "number" ? out : jsonColumns(out);
}

function expectedPurchasesImpl(model: PurchaseModel, t: number | ArrayLike<number>, fn: string): number | Float64Array {
  if (isBgBb(model)) {
    if (typeof t === "number") return bgbbExpectedImpl(model, t, fn, "t");
    checkTimes(t, fn);
    return Float64Array.from(t as ArrayLike<number>, (ti, i) => bgbbExpectedImpl(model, ti, fn, `t[${i}]`));
  }
  const m = resolveModel(model, fn, "accepted");
  const one = (ti: number): number => (m.kind === "pareto-nbd" ? paretoExpected(m.params, ti) : bgExpected(m.params, ti, m.kind === "mbg-nbd"));
  if (typeof t === "number") {
    checkTime(t, fn);
    return one(t);
  }
  checkTimes(t, fn);
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    checkTime(t[i], fn, `t[${i}]`);
    out[i] = one(t[i]);
  }
  return out;
}

/**
 * Expected purchases of each customer in the next t time units given their history
 * (x = frequency, t_x = recency, T), vectorized over customers: E[Y(t) | x, t_x, T].
 * O(n) hashing plus one evaluation (BG/MBG: one 2F1 series) per distinct (x, t_x, T) pattern.
 * With a BG/BB model, `customers` are (frequency, recency, periods) and t a whole number of future
 * opportunities (`bgbbConditionalExpectedTransactions`).
 *
 * @param model - a fitted transaction model, or a BG/BB model
 * @param customers - columns `frequency`, `recency`, `T` in the model's time unit (a summary carrying
 *   another `timeUnit` is `UNIT_MISMATCH`)
 * @param t - horizon >= 0
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_INPUT`, `UNIT_MISMATCH`,
 *   `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `NOT_INTEGER`, `OUT_OF_RANGE`,
 *   `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 10
 * @example
 * import { conditionalExpectedPurchases } from "clientele/clv";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
 * conditionalExpectedPurchases(m, { frequency: [2], recency: [30.43], T: [38.86] }, 39)[0].toFixed(3); // => "1.226"
 */
export function conditionalExpectedPurchases(model: BgBbModel, customers: BgBbCustomers, t: number): Float64Array;
export function conditionalExpectedPurchases(model: TransactionModel, customers: CustomerColumnsRFT, t: number): Float64Array;
export function conditionalExpectedPurchases(model: PurchaseModel, customers: CustomerColumnsRFT | BgBbCustomers, t: number): Float64Array;
export function conditionalExpectedPurchases(model: PurchaseModel, customers: CustomerColumnsRFT | BgBbCustomers, t: number): Float64Array {
  return jsonColumns(withPublicName("conditionalExpectedPurchases", () => conditionalImpl(model, customers, t, "conditionalExpectedPurchases")));
}

function conditionalImpl(model: PurchaseModel, customers: CustomerColumnsRFT | BgBbCustomers, t: number, fn: string): Float64Array {
  if (isBgBb(model)) return bgbbConditionalImpl(model, customers as BgBbCustomers, t, fn, "t");
  const m = resolveModel(model, fn, "accepted");
  checkTime(t, fn);
  checkDataUnit(m.timeUnit, customers, fn);
  const c = toRftColumns(customers, fn, true);
  if (m.kind === "pareto-nbd") {
    const p = m.params;
    return paretoPerPattern(c, p, (alive, x, T) => paretoConditionalGivenAlive(p, x, T, t) * alive);
  }
  const mod = m.kind === "mbg-nbd";
  return perPattern(c, (x, tx, T) => bgConditional(m.params, x, tx, T, t, mod));
}

/**
 * Probability that each customer is still active ("alive") at the end of observation, given
 * (x, t_x, T). O(n). Churn probability is 1 − P(alive).
 *
 * BG/NBD: 1/(1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)); MBG/NBD: the same with a/(b+x) and no 1{x>0};
 * Pareto/NBD: the share of the "alive at T" term in the likelihood. With a BG/BB model, `customers` are
 * (frequency, recency, periods) and the result is P(alive at opportunity n) (`bgbbProbabilityAlive` with
 * `futurePeriods: 0`).
 *
 * @throws ClienteleError as `conditionalExpectedPurchases` (without `INVALID_INPUT`), `UNIT_MISMATCH`
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 11
 * @example
 * import { probabilityAlive } from "clientele/clv";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
 * probabilityAlive(m, { frequency: [0, 2], recency: [0, 30.43], T: [38.86, 38.86] })[0]; // => 1
 */
export function probabilityAlive(model: BgBbModel, customers: BgBbCustomers): Float64Array;
export function probabilityAlive(model: TransactionModel, customers: CustomerColumnsRFT): Float64Array;
export function probabilityAlive(model: PurchaseModel, customers: CustomerColumnsRFT | BgBbCustomers): Float64Array;
export function probabilityAlive(model: PurchaseModel, customers: CustomerColumnsRFT | BgBbCustomers): Float64Array {
  return jsonColumns(probabilityAliveImpl(model, customers, "probabilityAlive"));
}

/** @internal `probabilityAlive` under the name of the public function called (e.g. churnRisk). */
export function probabilityAliveImpl(model: PurchaseModel, customers: CustomerColumnsRFT | BgBbCustomers, fn: string): Float64Array {
  if (isBgBb(model)) return bgbbAliveImpl(model, customers as BgBbCustomers, 0, fn);
  const m = resolveModel(model, fn, "accepted");
  checkDataUnit(m.timeUnit, customers, fn);
  const c = toRftColumns(customers, fn, true);
  if (m.kind === "pareto-nbd") {
    return paretoPerPattern(c, m.params, (alive) => alive);
  }
  const out = new Float64Array(c.n);
  {
    const mod = m.kind === "mbg-nbd";
    for (let i = 0; i < c.n; i++) out[i] = bgProbabilityAlive(m.params, c.frequency[i], c.recency[i], c.T[i], mod);
  }
  return out;
}

/**
 * Probability that a new customer makes exactly n repeat purchases in t time units, P(X(t) = n).
 * BG/NBD: Fader, Hardie & Lee (2005) eq. 8 (O(n)); MBG/NBD: a/(a+b)·1{n=0} + b/(a+b)·(BG/NBD with b+1);
 * Pareto/NBD: numerical integration over the dropout time (8-point Gauss–Legendre, 256 panels).
 * The BG/NBD sum stops once the remaining terms are below 1e-17, so the cost is bounded by the mode of
 * the count distribution, not by n (`n = 1e308` returns 0 at once); a horizon so long that even that sum
 * would exceed 1e7 terms is `TOO_LARGE`. With a BG/BB model, t is a number of opportunities
 * (`bgbbProbabilityOfTransactions`).
 *
 * @param t - horizon >= 0
 * @param n - whole number >= 0
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_INPUT`, `TOO_LARGE`
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 8
 * @example
 * import { probabilityOfPurchases } from "clientele/clv";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
 * probabilityOfPurchases(m, 39, 0).toFixed(3); // => "0.574"
 */
export function probabilityOfPurchases(model: PurchaseModel, t: number, n: number): number {
  const fn = "probabilityOfPurchases";
  if (isBgBb(model)) return bgbbPmfImpl(model, t, n, fn, "t", "n");
  const m = resolveModel(model, fn, "accepted");
  checkTime(t, fn);
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["n"],
      received: n,
      message: `${fn}: n must be a whole number >= 0 (a purchase count). Got ${describeValue(n)}.`,
    });
  }
  const v = m.kind === "pareto-nbd" ? paretoPmf(m.params, t, n) : bgPmf(m.params, t, n, m.kind === "mbg-nbd", fn);
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/**
 * Validates any saved transaction model, dispatching on `kind`.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitBgNbd, transactionModelFromJSON } from "clientele/clv";
 * const m = fitBgNbd({ frequency: [2, 1, 0, 3], recency: [30, 2, 0, 20], T: [39, 39, 39, 35] }, { timeUnit: "week" });
 * transactionModelFromJSON(JSON.parse(JSON.stringify(m))).kind; // => "bg-nbd"
 */
export function transactionModelFromJSON(json: unknown): TransactionModel {
  const kind = canonicalKind((json as { kind?: unknown } | null)?.kind);
  const fn = "transactionModelFromJSON";
  if (kind === "mbg-nbd") return validateSavedModel(json, "mbg-nbd", BG_NAMES, fn) as MbgNbdModel;
  if (kind === "pareto-nbd") return validateSavedModel(json, "pareto-nbd", PNBD_NAMES, fn) as ParetoNbdModel;
  if (kind === "bg-nbd" || json === null || typeof json !== "object" || kind === undefined)
    return validateSavedModel(json, "bg-nbd", BG_NAMES, fn) as BgNbdModel;
  throw new ClienteleError({
    code: "WRONG_MODEL_KIND",
    path: ["model", "kind"],
    received: kind,
    message:
      `transactionModelFromJSON: model.kind is ${describeValue(kind)}; expected "bg-nbd", "mbg-nbd" or "pareto-nbd".` +
      (kind === "bg-bb" ? " Load a BG/BB model with bgbbFromJSON." : kind === "gamma-gamma" ? " Load a Gamma-Gamma model with gammaGammaFromJSON." : ""),
  });
}

/** Options of `probabilityAliveMatrix` and `expectedPurchasesMatrix`. */
export interface PredictionMatrixOptions {
  /** Largest frequency (rows 0..maxFrequency), a whole number in [0, 10000]. */
  maxFrequency: number;
  /** Largest recency (default T); must be <= T. */
  maxRecency?: number;
  /** Customer age T for every cell (> 0). */
  T: number;
  /** Number of recency points from 0 to maxRecency (default 50). */
  recencyPoints?: number;
}

/** Options of `expectedPurchasesMatrix`. */
export interface ExpectedPurchasesMatrixOptions extends PredictionMatrixOptions {
  /** Horizon of the conditional expectation (default 1). */
  t?: number;
}

/** A grid of predictions over (frequency, recency) for heat-map plots. */
export interface PredictionMatrix {
  /** Row labels: 0..maxFrequency. */
  frequency: number[];
  /** Column labels: evenly spaced recency values from 0 to maxRecency. */
  recency: number[];
  /** The customer age used for every cell. */
  T: number;
  /** values[i][j] for frequency[i], recency[j]; null where frequency is 0 and recency > 0 (impossible). */
  values: (number | null)[][];
}

const matrixSchema = z.object({
  maxFrequency: z.number().int().min(0).max(10000),
  maxRecency: z.number().finite().min(0).optional(),
  T: z.number().finite().positive(),
  recencyPoints: z.number().int().min(2).max(10000).optional(),
  t: z.number().finite().min(0).optional(),
});

function buildMatrix(
  model: TransactionModel,
  options: ExpectedPurchasesMatrixOptions,
  fn: string,
  cell: (cols: CustomerColumnsRFT) => Float64Array,
): PredictionMatrix {
  resolveModel(
    model,
    fn,
    "BG/BB is a discrete-time model, so it has no (frequency, recency) grid at a continuous age T: call probabilityAlive(model, { frequency, recency, periods }) " +
      "or conditionalExpectedPurchases(model, customers, n) on the whole opportunities you need.",
  );
  const o = parseOptions(matrixSchema, options, fn);
  const maxRecency = o.maxRecency ?? o.T;
  if (maxRecency > o.T) {
    throw new ClienteleError({
      code: "RECENCY_AFTER_T",
      path: ["options", "maxRecency"],
      received: maxRecency,
      message: `${fn}: options.maxRecency is ${maxRecency} but T is ${o.T}; recency cannot exceed T. Lower maxRecency or raise T.`,
    });
  }
  const nr = o.recencyPoints ?? 50;
  const cells = (o.maxFrequency + 1) * nr;
  if (cells > 1e6) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "recencyPoints"],
      received: cells,
      message: `${fn}: the grid would have ${cells} cells ((maxFrequency + 1) × recencyPoints); the limit is 1,000,000. Lower maxFrequency or recencyPoints (a heat map needs a few thousand cells).`,
    });
  }
  const recency = Array.from({ length: nr }, (_, j) => (j === nr - 1 ? maxRecency : (maxRecency * j) / (nr - 1)));
  const frequency = Array.from({ length: o.maxFrequency + 1 }, (_, i) => i);
  const nf = frequency.length;
  const fcol = new Float64Array(nf * nr);
  const rcol = new Float64Array(nf * nr);
  const Tcol = new Float64Array(nf * nr).fill(o.T);
  for (let i = 0; i < nf; i++) {
    for (let j = 0; j < nr; j++) {
      fcol[i * nr + j] = i;
      rcol[i * nr + j] = i === 0 ? 0 : recency[j];
    }
  }
  const v = cell({ frequency: fcol, recency: rcol, T: Tcol });
  const values = frequency.map((_, i) => recency.map((r, j) => (i === 0 && r > 0 ? null : v[i * nr + j])));
  return { frequency, recency, T: o.T, values };
}

/**
 * P(alive) over a (frequency, recency) grid at one customer age T, ready for a heat map
 * (lifetimes' `plot_probability_alive_matrix`). O(maxFrequency × recencyPoints).
 *
 * @param options - `maxFrequency`, `T`, `maxRecency` (default T), `recencyPoints` (default 50)
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_OPTION`, `RECENCY_AFTER_T`,
 *   `TOO_LARGE` (more than 1,000,000 cells)
 * @example
 * import { probabilityAliveMatrix } from "clientele/clv";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
 * probabilityAliveMatrix(m, { maxFrequency: 10, T: 39 }).values.length; // => 11
 */
export function probabilityAliveMatrix(model: TransactionModel, options: PredictionMatrixOptions): PredictionMatrix {
  return buildMatrix(model, options, "probabilityAliveMatrix", (cols) => probabilityAlive(model, cols));
}

/**
 * Conditional expected purchases in the next t time units over a (frequency, recency) grid at one
 * customer age T (lifetimes' `plot_frequency_recency_matrix`). O(maxFrequency × recencyPoints).
 *
 * @param options - `maxFrequency`, `T`, `t` (default 1), `maxRecency` (default T), `recencyPoints` (default 50)
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_OPTION`, `RECENCY_AFTER_T`,
 *   `TOO_LARGE` (more than 1,000,000 cells)
 * @example
 * import { expectedPurchasesMatrix } from "clientele/clv";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
 * expectedPurchasesMatrix(m, { maxFrequency: 5, T: 39, t: 39 }).recency.length; // => 50
 */
export function expectedPurchasesMatrix(model: TransactionModel, options: ExpectedPurchasesMatrixOptions): PredictionMatrix {
  const t = options !== null && typeof options === "object" && (options as { t?: unknown }).t !== undefined ? options.t! : 1;
  return withPublicName("expectedPurchasesMatrix", () =>
    buildMatrix(model, options, "expectedPurchasesMatrix", (cols) => conditionalExpectedPurchases(model, cols, t)),
  );
}
