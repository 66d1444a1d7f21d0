import * as z from "../core/schema.js";
import { runAsync, runSync, throwIfAborted, type Steps } from "../core/async.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { progressOption, rngOption, signalOption } from "../core/options.js";
import { createRng, type Rng } from "../core/rng.js";
import { parseOptions } from "../core/validate.js";
import { checkInteractions, requireInteractions, type RecommendId, type Interactions } from "./interactions.js";
import type { KernelBackend } from "../core/wasm.js";
import { type AlsSide, alsWasmBytes, createAlsWorkspace } from "./als-kernels.js";
import { alsSweepSteps } from "./als-sweep.js";
import { registerModel } from "./valid.js";
import { decodeFloat32, encodeFloat32, itemIndexMap, rejectUnknownFields, toCsc, toCsr, type Csr } from "./sparse.js";

/**
 * A fitted implicit-feedback matrix factorization. Factors are stored row-major as
 * little-endian Float32 encoded in base64 (`encoding: "float32-base64"`): 5.33 bytes per
 * number in JSON, e.g. 943 users × 64 factors ≈ 322 KB, 1,000,000 users × 64 ≈ 341 MB
 * (JavaScript strings top out near 512 MB, so about 1.5 M users × 64 factors per model).
 * Plain number arrays would take about 2-3 × more room as JSON text. The factors are defined up to
 * a common orthogonal rotation of users and items (scores x·y are what matters); `fitAls` stores
 * them in the eigenbasis of its last sweep.
 */
export interface AlsModel {
  kind: "als";
  version: 1;
  factors: number;
  regularization: number;
  alpha: number;
  iterations: number;
  cgSteps: number;
  /** User id of each row of the user factors (string form). */
  userIds: string[];
  /** Item id of each row of the item factors (string form). */
  itemIds: string[];
  encoding: "float32-base64";
  /** nUsers × factors, row-major Float32, base64. */
  userFactors: string;
  /** nItems × factors, row-major Float32, base64. */
  itemFactors: string;
}

/** Progress of {@link fitAls} after each iteration. */
export interface AlsProgress {
  iteration: number;
  iterations: number;
}

/** Options of {@link fitAls}. */
export interface FitAlsOptions {
  /** Latent dimensions (default 64). */
  factors?: number;
  /** λ, the L2 penalty on every factor vector (default 0.1). */
  regularization?: number;
  /** α in the confidence 1 + α·r (default 40, Hu et al.'s choice). */
  alpha?: number;
  /** Alternating sweeps, each solving all items then all users (default 15). */
  iterations?: number;
  /** Conjugate-gradient steps per row per sweep (default 3; use ≥ factors for exact solves). */
  cgSteps?: number;
  /** Random generator for the initial factors (default createRng(0)). */
  rng?: Rng;
  /** Called after every iteration. */
  onProgress?: (p: AlsProgress) => void;
  /**
   * Aborts the fit (throws `ABORTED`) between chunks of 4096 rows. The synchronous `fitAls` can
   * only see it fire from inside `onProgress` (nothing else runs meanwhile); use
   * {@link fitAlsAsync} to stop a fit in wall-clock time, e.g. with `AbortSignal.timeout(ms)`.
   */
  signal?: AbortSignal;
}

const alsSchema = z.object({
  factors: z.number().int().min(1).max(1024).default(64),
  regularization: z.number().finite().nonnegative().max(1e9).default(0.1),
  alpha: z.number().finite().nonnegative().max(1e6).default(40),
  iterations: z.number().int().min(1).max(10_000).default(15),
  cgSteps: z.number().int().min(1).max(10_000).default(3),
  rng: rngOption().optional(),
  onProgress: progressOption<AlsProgress>().optional(),
  signal: signalOption().optional(),
});

/** Factor and workspace memory above which fitAls is TOO_LARGE (16 GiB). */
const MAX_ALS_BYTES = 2 ** 34;

interface Decoded {
  X: Float32Array;
  Y: Float32Array;
}
const decodedCache = new WeakMap<object, Decoded>();

/** Internal: decoded factors of a model (validated lengths; cached per model object). */
export function alsFactors(model: AlsModel, fn: string): Decoded {
  let d = decodedCache.get(model);
  if (!d) {
    const X = decodeFloat32(model.userFactors, model.userIds.length * model.factors);
    const Y = decodeFloat32(model.itemFactors, model.itemIds.length * model.factors);
    if (!X || !Y) {
      throw new ClienteleError({
        code: "INVALID_MODEL",
        path: ["model", X ? "itemFactors" : "userFactors"],
        message: `${fn}: the model's factors are not valid base64 Float32 of the expected size (ids × factors). Refit or reload the model unchanged.`,
      });
    }
    for (const arr of [X, Y]) {
      for (let i = 0; i < arr.length; i++) {
        if (!Number.isFinite(arr[i])) {
          throw new ClienteleError({
            code: "INVALID_MODEL",
            path: ["model"],
            message: `${fn}: the model's factors contain a non-finite value. Refit the model.`,
          });
        }
      }
    }
    d = { X, Y };
    decodedCache.set(model, d);
  }
  return d;
}

/**
 * Fits implicit-feedback matrix factorization by alternating least squares (Hu, Koren &
 * Volinsky 2008): minimizes Σ_u,i c_ui (p_ui − x_uᵀy_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) with
 * p_ui = 1 when r_ui > 0 (else 0) and confidence c_ui = 1 + α·r_ui, over all user-item pairs,
 * using the YᵀY precompute and a conjugate-gradient solver (Takács et al. 2011). Each
 * sweep updates items, then users, so the returned user factors are the least-squares
 * answer for the returned item factors. Time per iteration O((users + items) · f² + nnz · f · (cgSteps + 1)):
 * before solving a side, both sides are rotated into the eigenbasis of the fixed side's Gram
 * matrix, which makes YᵀY diagonal (skipped for a side whose rows are fewer than the other side's
 * divided by cgSteps; that side costs O(rows · f² · cgSteps)). Rotations leave every score x·y
 * unchanged, so the stored factors are in the basis of the last sweep.
 *
 * The hot loops run as WebAssembly SIMD kernels when the runtime can compile them (Node,
 * current browsers, Deno, Bun; 3.3–4.5 × faster), holding the factors and a copy of the
 * interactions (≈ 8·(users + items)·factors + 24·nnz bytes) in their own memory during the fit.
 * Without WebAssembly SIMD (strict CSP, some edge runtimes, old engines) or above 4 GiB of that
 * memory, JavaScript kernels run instead. Both do the same floating-point operations in the same
 * order, so a given input and seed give the same model bit for bit on every runtime.
 *
 * @param interactions - from `buildInteractions` (weights are r_ui)
 * @param options - `factors` (64, at most 1024), `regularization` (0.1, at most 1e9), `alpha` (40, at most 1e6), `iterations` (15), `cgSteps` (3), `rng`, `onProgress`, `signal`
 * @throws ClienteleError `INVALID_INPUT` (interactions), `EMPTY_INPUT`, `INVALID_OPTION`, `TOO_LARGE` (factors and workspace over 16 GiB), `FIT_FAILED`, `ABORTED`
 * @see Hu, Koren & Volinsky (2008), "Collaborative filtering for implicit feedback datasets", ICDM.
 * @see Takács, Pilászy & Tikk (2011), "Applications of the conjugate gradient method for implicit feedback collaborative filtering", RecSys.
 * @example
 * import { fitAls, recommend, simulateInteractions } from "clientele/recommend";
 * import { createRng } from "clientele";
 * const { interactions } = simulateInteractions({ nUsers: 200, nItems: 80, seed: 1 });
 * const model = fitAls(interactions, { factors: 16, iterations: 10, rng: createRng(7) });
 * recommend(model, interactions, interactions.userIds[0], { k: 3 });
 * // => [{ itemId: "70", score: 1.20, rank: 1 }, ...]
 */
export function fitAls(interactions: Interactions, options: FitAlsOptions = {}): AlsModel {
  return fitAlsWith(interactions, options, "auto").model;
}

/**
 * {@link fitAls} that yields to the event loop about every 10 ms (between chunks of 4096 rows),
 * so timers and I/O keep running and `signal` (e.g. `AbortSignal.timeout(5000)`) stops the fit
 * in wall-clock time with `ABORTED`. The same operations in the same order as `fitAls`: the
 * same input and `rng` seed give the same model bit for bit.
 *
 * @param interactions - from `buildInteractions`
 * @param options - those of `fitAls`; `signal` is checked after every break
 * @throws ClienteleError as `fitAls` (the promise rejects)
 * @example
 * import { fitAlsAsync, simulateInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 100, nItems: 50, seed: 1 });
 * const model = await fitAlsAsync(interactions, { factors: 8, signal: AbortSignal.timeout(60_000) });
 * model.kind; // => "als"
 */
export async function fitAlsAsync(interactions: Interactions, options: FitAlsOptions = {}): Promise<AlsModel> {
  const fn = "fitAlsAsync";
  const steps = alsSteps(interactions, options, "auto", fn);
  const signal = (options as { signal?: unknown } | null)?.signal;
  return (await runAsync(steps, fn, signal instanceof AbortSignal ? signal : undefined)).model;
}

/**
 * Internal: fitAls with a forced kernel backend ("auto" | "wasm" | "js"; tests and benchmarks),
 * also reporting which one ran. Both give bit-identical models.
 */
export function fitAlsWith(interactions: Interactions, options: FitAlsOptions, backend: KernelBackend): { model: AlsModel; backend: "wasm" | "js" } {
  return runSync(alsSteps(interactions, options, backend, "fitAls"));
}

/** The ALS fit as a generator (one implementation for fitAls and fitAlsAsync). Internal. */
function* alsSteps(interactions: Interactions, options: FitAlsOptions, backend: KernelBackend, fn: string): Steps<{ model: AlsModel; backend: "wasm" | "js" }> {
  const m = checkInteractions(interactions, fn);
  requireInteractions(m, fn);
  const o = parseOptions(alsSchema, options, fn);
  const rng = o.rng ?? createRng(0);
  const f = o.factors;
  const shape = { nUsers: m.nUsers, nItems: m.nItems, nnz: m.indices.length, f };
  const bytes = alsWasmBytes(shape);
  if (bytes > MAX_ALS_BYTES) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["interactions"],
      received: bytes,
      message: `${fn}: ${m.nUsers} users × ${m.nItems} items × ${f} factors with ${m.indices.length} interactions need about ${(bytes / 2 ** 30).toFixed(1)} GiB of factors and workspace (limit 16 GiB). Use fewer factors, or fit on a sample of users and fold the others in with foldInUser.`,
    });
  }
  const Ru = toCsr(m);
  const Ri = toCsc(m);
  const ws = createAlsWorkspace(shape, backend);
  const { X, Y } = ws;
  for (let i = 0; i < X.length; i++) X[i] = rng.uniform() * 0.01;
  for (let i = 0; i < Y.length; i++) Y[i] = rng.uniform() * 0.01;
  const sides: [Csr, AlsSide][] = [
    [Ru, ws.users],
    [Ri, ws.items],
  ];
  for (const [R, side] of sides) {
    side.indptr.set(R.indptr);
    side.indices.set(R.indices);
    for (let q = 0; q < R.values.length; q++) side.conf[q] = o.alpha * R.values[q];
  }
  const itemCtx = { kernels: ws.kernels, side: ws.items, scratch: ws.scratch };
  const userCtx = { kernels: ws.kernels, side: ws.users, scratch: ws.scratch };
  for (let it = 0; it < o.iterations; it++) {
    throwIfAborted(o.signal, fn);
    yield* alsSweepSteps(Ri, Y, X, f, o.regularization, o.alpha, o.cgSteps, fn, o.signal, "auto", itemCtx);
    yield* alsSweepSteps(Ru, X, Y, f, o.regularization, o.alpha, o.cgSteps, fn, o.signal, "auto", userCtx);
    o.onProgress?.({ iteration: it + 1, iterations: o.iterations });
  }
  throwIfAborted(o.signal, fn);
  for (const arr of [X, Y]) {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i]) || Math.abs(arr[i]) > 3e38) {
        throw new ClienteleError({
          code: "FIT_FAILED",
          message: `${fn}: the factors became non-finite (weights × alpha too large for the least-squares systems). Rescale the weights, lower alpha or raise regularization.`,
        });
      }
    }
  }
  const model: AlsModel = {
    kind: "als",
    version: 1,
    factors: f,
    regularization: o.regularization,
    alpha: o.alpha,
    iterations: o.iterations,
    cgSteps: o.cgSteps,
    userIds: m.userIds.map(String),
    itemIds: m.itemIds.map(String),
    encoding: "float32-base64",
    userFactors: encodeFloat32(X),
    itemFactors: encodeFloat32(Y),
  };
  decodedCache.set(model, { X: Float32Array.from(X), Y: Float32Array.from(Y) });
  registerModel(model);
  return { model, backend: ws.kernels.backend };
}

/** Cholesky factorization of an f×f SPD matrix in place (lower triangle); false if not SPD. */
function cholesky(A: Float64Array, f: number): boolean {
  for (let j = 0; j < f; j++) {
    let d = A[j * f + j];
    for (let k = 0; k < j; k++) d -= A[j * f + k] * A[j * f + k];
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    A[j * f + j] = l;
    for (let i = j + 1; i < f; i++) {
      let s = A[i * f + j];
      for (let k = 0; k < j; k++) s -= A[i * f + k] * A[j * f + k];
      A[i * f + j] = s / l;
    }
  }
  return true;
}

function choleskySolve(L: Float64Array, f: number, b: Float64Array): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < f; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= L[i * f + k] * y[k];
    y[i] = s / L[i * f + i];
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < f; k++) s -= L[k * f + i] * y[k];
    y[i] = s / L[i * f + i];
  }
  return y;
}

/** Internal: Cholesky factor of YᵀC_uY + λI for a history (model item indices). */
function userSystem(model: AlsModel, items: Int32Array, weights: Float64Array, fn: string): { L: Float64Array; b: Float64Array } {
  const { Y } = alsFactors(model, fn);
  const f = model.factors;
  const nI = model.itemIds.length;
  const A = new Float64Array(f * f);
  for (let i = 0; i < nI; i++) {
    const o = i * f;
    for (let a = 0; a < f; a++) for (let c = 0; c <= a; c++) A[a * f + c] += Y[o + a] * Y[o + c];
  }
  const b = new Float64Array(f);
  for (let h = 0; h < items.length; h++) {
    const i = items[h];
    if (i < 0 || !(weights[h] > 0)) continue;
    const cm1 = model.alpha * weights[h];
    const o = i * f;
    for (let a = 0; a < f; a++) {
      b[a] += (1 + cm1) * Y[o + a];
      for (let c = 0; c <= a; c++) A[a * f + c] += cm1 * Y[o + a] * Y[o + c];
    }
  }
  for (let a = 0; a < f; a++) A[a * f + a] += model.regularization;
  if (!cholesky(A, f)) {
    throw new ClienteleError({
      code: "SINGULAR_SYSTEM",
      message: `${fn}: the least-squares system is singular (regularization 0 with too few items). Refit with regularization > 0.`,
    });
  }
  return { L: A, b };
}

/** Internal: exact fold-in of a history given in model item indices. */
export function foldInIndices(model: AlsModel, items: Int32Array, weights: Float64Array, fn: string): Float64Array {
  const { L, b } = userSystem(model, items, weights, fn);
  return choleskySolve(L, model.factors, b);
}

/** A past interaction used to fold in or explain: an item and its weight (default 1). */
export interface HistoryEntry {
  itemId: RecommendId;
  weight?: number;
}

/** Internal: history entries -> model item indices and weights, checking weights. */
export function historyToIndices(
  history: readonly (RecommendId | HistoryEntry)[],
  map: Map<string, number>,
  fn: string,
  root: (string | number)[] = ["history"],
): { items: Int32Array; weights: Float64Array } {
  const where = root.join(".");
  if (!Array.isArray(history)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: root,
      received: history,
      message: `${fn}: ${where} must be an array of item ids or { itemId, weight } entries. Got ${describeValue(history)}.`,
    });
  }
  const items: number[] = [];
  const weights: number[] = [];
  const pos = new Map<number, number>();
  history.forEach((h, k) => {
    const entry = typeof h === "object" && h !== null;
    if (entry) rejectUnknownFields(h as object, ["itemId", "weight"], fn, [...root, k]);
    const id = idKey(entry ? (h as HistoryEntry).itemId : h, fn, entry ? [...root, k, "itemId"] : [...root, k]);
    const w = entry ? ((h as HistoryEntry).weight ?? 1) : 1;
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new ClienteleError({
        code: typeof w === "number" && Number.isFinite(w) ? "NEGATIVE_VALUE" : "NON_FINITE",
        path: [...root, k, "weight"],
        received: w,
        message: `${fn}: ${where}[${k}].weight is ${describeValue(w)}; weights must be finite and >= 0.`,
      });
    }
    const i = map.get(id);
    if (i === undefined || w === 0) return; // items unknown to the model carry no signal for it
    const at = pos.get(i);
    if (at === undefined) {
      pos.set(i, items.length);
      items.push(i);
      weights.push(w);
    } else weights[at] += w;
  });
  return { items: Int32Array.from(items), weights: Float64Array.from(weights) };
}

/**
 * Computes the user factors of a new or changed customer from their history without
 * refitting: the exact least-squares solution (dense Cholesky) of the ALS user step given
 * the model's item factors. For a training user with the training history this reproduces
 * the stored factors (exactly when the fit used `cgSteps` ≥ factors). Items the model does
 * not know are ignored. O(items · f² + f³).
 *
 * @param model - from `fitAls`
 * @param history - item ids (weight 1) or `{ itemId, weight }` entries
 * @throws ClienteleError `WRONG_MODEL_KIND`, `INVALID_MODEL`, `INVALID_INPUT` (history not an array), `EMPTY_INPUT` (an empty history), `MISSING_VALUE` / `INVALID_ID` (an item id), `NON_FINITE`, `NEGATIVE_VALUE`
 * @see Hu, Koren & Volinsky (2008), section 4 (the per-user closed form).
 * @example
 * import { buildInteractions, fitAls, foldInUser } from "clientele/recommend";
 * const interactions = buildInteractions([
 *   { userId: "ann", itemId: "tea" }, { userId: "ann", itemId: "milk" }, { userId: "ann", itemId: "granola" },
 *   { userId: "bob", itemId: "tea" }, { userId: "bob", itemId: "milk" }, { userId: "bob", itemId: "gift card" },
 *   { userId: "cat", itemId: "granola" }, { userId: "cat", itemId: "oat milk" },
 *   { userId: "dan", itemId: "milk" }, { userId: "dan", itemId: "granola" }, { userId: "dan", itemId: "oat milk" },
 * ]);
 * const alsModel = fitAls(interactions, { factors: 4 });
 * const x = foldInUser(alsModel, [{ itemId: "tea", weight: 2 }, "milk"]); // a new customer's history
 * x.length; // => 4 (alsModel.factors): recommend takes the same list as options.history
 */
export function foldInUser(model: AlsModel, history: readonly (RecommendId | HistoryEntry)[]): number[] {
  const fn = "foldInUser";
  checkAlsKind(model, fn);
  if (Array.isArray(history) && history.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["history"],
      received: history,
      message: `${fn}: the history is empty, so there is nothing to fold in (the factors would be all zeros). Recommend popular items to a user without history (fitPopularity).`,
    });
  }
  const { items, weights } = historyToIndices(history, itemIndexMap(model), fn);
  return Array.from(foldInIndices(model, items, weights, fn));
}

/** Internal: throws unless model.kind is "als". */
export function checkAlsKind(model: unknown, fn: string): asserts model is AlsModel {
  if (model === null || typeof model !== "object") {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model"],
      received: model,
      message: `${fn}: expected an "als" model from fitAls. Got ${describeValue(model)}.`,
    });
  }
  const kind = (model as { kind?: unknown }).kind;
  if (kind !== "als") {
    throw new ClienteleError({
      code: "WRONG_MODEL_KIND",
      path: ["model", "kind"],
      received: kind,
      message: `${fn}: expected an "als" model from fitAls. Got kind ${describeValue(kind)}.`,
    });
  }
  const m = model as AlsModel;
  if (
    !Array.isArray(m.itemIds) ||
    !Array.isArray(m.userIds) ||
    !Number.isInteger(m.factors) ||
    m.factors < 1 ||
    typeof m.itemFactors !== "string" ||
    typeof m.userFactors !== "string" ||
    !Number.isFinite(m.alpha) ||
    !Number.isFinite(m.regularization)
  ) {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model"],
      message: `${fn}: the "als" model is malformed (itemIds, userIds, factors, itemFactors, userFactors, alpha, regularization). Load saved models with alsFromJSON.`,
    });
  }
}

/**
 * Internal: Hu et al.'s explanation. With W = (YᵀC_uY + λI)⁻¹, the exact score of item i is
 * Σ_j (y_iᵀ W y_j) c_uj over the user's items j; returns each term.
 */
export function alsContributions(model: AlsModel, items: Int32Array, weights: Float64Array, target: number, fn: string): Float64Array {
  const { Y } = alsFactors(model, fn);
  const f = model.factors;
  const { L } = userSystem(model, items, weights, fn);
  const yi = Float64Array.from(Y.subarray(target * f, target * f + f));
  const z = choleskySolve(L, f, yi);
  const out = new Float64Array(items.length);
  for (let h = 0; h < items.length; h++) {
    const j = items[h];
    if (j < 0) continue;
    let s = 0;
    for (let a = 0; a < f; a++) s += z[a] * Y[j * f + a];
    out[h] = s * (1 + model.alpha * weights[h]);
  }
  return out;
}

/** Σ_a M[o + a] · v[a] for Float32 factors (scoring), four accumulators. */
export function dotAt32(M: Float32Array, o: number, v: Float64Array, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < f; a += 4) {
    s0 += M[o + a] * v[a];
    s1 += M[o + a + 1] * v[a + 1];
    s2 += M[o + a + 2] * v[a + 2];
    s3 += M[o + a + 3] * v[a + 3];
  }
  for (; a < f; a++) s0 += M[o + a] * v[a];
  return s0 + s1 + (s2 + s3);
}
