import * as z from "../core/schema.js";
import type { ErrorCode } from "../core/codes.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { runAsync, runSync, throwIfAborted, type Steps } from "../core/async.js";
import { signalOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { checkInteractions, requireInteractions, type Interactions } from "./interactions.js";
import { toCsc, toCsr, topK, transpose, type Csr } from "./sparse.js";
import { registerModel } from "./valid.js";

/** Similarity measures of the neighborhood models. */
export type KnnSimilarity = "cosine" | "jaccard" | "bm25" | "tfidf";

/**
 * A fitted item-based collaborative filter: for each item, its top neighbors and their
 * similarities as a sparse matrix (CSR over items). Plain JSON data.
 */
export interface ItemKnnModel {
  /** Model tag (`"itemKnn"` before 1.0; saved models with the old tag still load). */
  kind: "item-knn";
  version: 1;
  similarity: KnnSimilarity;
  /** Neighbors kept per item. */
  neighbors: number;
  shrinkage: number;
  /** Item id of each row/column (string form). */
  itemIds: string[];
  /** Row pointers over items, length nItems + 1. */
  indptr: number[];
  /** Neighbor item indices, best first within each row. */
  indices: number[];
  /** Similarities, aligned with `indices`. */
  values: number[];
}

/**
 * A fitted user-based collaborative filter: for each training user, the top neighbor users
 * and their similarities. Scoring reads the neighbors' items from the interactions passed
 * to `recommend`, so pass the training interactions (or a superset with the same ids).
 */
export interface UserKnnModel {
  /** Model tag (`"userKnn"` before 1.0; saved models with the old tag still load). */
  kind: "user-knn";
  version: 1;
  similarity: KnnSimilarity;
  neighbors: number;
  shrinkage: number;
  /** User id of each row (string form). */
  userIds: string[];
  /** Item ids of the training interactions (string form). */
  itemIds: string[];
  indptr: number[];
  /** Neighbor user indices, best first. */
  indices: number[];
  values: number[];
}

/** Options of {@link fitItemKnn} and {@link fitUserKnn} (and their `*Async` variants). */
export interface FitKnnOptions {
  /**
   * Aborts the fit (`ABORTED`). Checked between chunks of rows; only `fitItemKnnAsync` and
   * `fitUserKnnAsync` let it fire in wall-clock time (e.g. `AbortSignal.timeout(ms)`).
   */
  signal?: AbortSignal;
  /**
   * `"cosine"` (default): dot / (‖a‖‖b‖ + shrinkage) of the weight vectors;
   * `"jaccard"`: |a∩b| / (|a| + |b| − |a∩b| + shrinkage) on binarized data;
   * `"bm25"`: dot product after Okapi BM25 weighting (`k1`, `b`), as implicit's BM25Recommender;
   * `"tfidf"`: dot product after sqrt(tf)·idf weighting, as implicit's TFIDFRecommender.
   */
  similarity?: KnnSimilarity;
  /** Neighbors kept per item (user), default 100. */
  neighbors?: number;
  /** Added to the cosine/jaccard denominator to damp similarities from little overlap (default 0). */
  shrinkage?: number;
  /** BM25 term saturation (default 1.2). */
  k1?: number;
  /** BM25 length normalization (default 0.75). */
  b?: number;
}

const knnSchema = z.object({
  similarity: z.enum(["cosine", "jaccard", "bm25", "tfidf"]).default("cosine"),
  neighbors: z.number().int().min(1).max(100_000).default(100),
  shrinkage: z.number().finite().nonnegative().default(0),
  k1: z.number().finite().positive().default(1.2),
  b: z.number().min(0).max(1).default(0.75),
  signal: signalOption().optional(),
});

type KnnOpts = z.output<typeof knnSchema>;

/**
 * Rows = the entities to compare (items for item kNN), columns = the other side. Returns
 * the weighted copy used for dot products plus per-row norms for the normalized measures.
 */
function weightRows(a: Csr, opts: KnnOpts): { w: Csr; norm: Float64Array } {
  const { nRows, nCols, indptr, indices, values } = a;
  const v = new Float64Array(values.length);
  const norm = new Float64Array(nRows);
  if (opts.similarity === "cosine") {
    v.set(values);
    for (let i = 0; i < nRows; i++) {
      let s = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) s += v[p] * v[p];
      norm[i] = Math.sqrt(s);
    }
  } else if (opts.similarity === "jaccard") {
    v.fill(1);
    for (let i = 0; i < nRows; i++) norm[i] = indptr[i + 1] - indptr[i];
  } else {
    // idf per column ("term"), as implicit: log(N) - log1p(df), N = number of rows.
    const df = new Float64Array(nCols);
    for (let p = 0; p < indices.length; p++) df[indices[p]]++;
    const logN = Math.log(nRows);
    if (opts.similarity === "tfidf") {
      for (let p = 0; p < indices.length; p++) v[p] = Math.sqrt(values[p]) * (logN - Math.log1p(df[indices[p]]));
    } else {
      let total = 0;
      const rowSum = new Float64Array(nRows);
      for (let i = 0; i < nRows; i++) {
        let s = 0;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) s += values[p];
        rowSum[i] = s;
        total += s;
      }
      const avg = total / nRows;
      const { k1, b } = opts;
      for (let i = 0; i < nRows; i++) {
        const ln = 1 - b + (b * rowSum[i]) / avg;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) {
          const x = values[p];
          v[p] = ((x * (k1 + 1)) / (k1 * ln + x)) * (logN - Math.log1p(df[indices[p]]));
        }
      }
    }
  }
  return { w: { nRows, nCols, indptr, indices, values: v }, norm };
}

/**
 * Top-`neighbors` similarities between the rows of `rows` (entities × features) using the
 * transposed matrix for sparse co-occurrence: O(Σ_feature n_feature²) time, O(rows) scratch,
 * never a dense rows × rows matrix.
 */
function* neighborsOf(rows: Csr, opts: KnnOpts, fn: string): Steps<{ indptr: number[]; indices: number[]; values: number[] }> {
  const { w, norm } = weightRows(rows, opts);
  const cols = transpose(w);
  const n = w.nRows;
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const mark = new Uint8Array(n);
  const sims = new Float64Array(n).fill(-Infinity);
  const indptr: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const k = opts.neighbors;
  const sh = opts.shrinkage;
  const sim = opts.similarity;
  const wp = w.indptr;
  const wi = w.indices;
  const wv = w.values;
  const cp = cols.indptr;
  const ci = cols.indices;
  const cv = cols.values;
  for (let i = 0; i < n; i++) {
    if ((i & 63) === 0) {
      throwIfAborted(opts.signal, fn);
      yield;
    }
    let nt = 0;
    const pe = wp[i + 1];
    for (let p = wp[i]; p < pe; p++) {
      const c = wi[p];
      const a = wv[p];
      const qe = cp[c + 1];
      for (let q = cp[c]; q < qe; q++) {
        const j = ci[q];
        if (mark[j] === 0) {
          mark[j] = 1;
          touched[nt++] = j;
        }
        acc[j] += a * cv[q];
      }
    }
    // Drop the item itself (it co-occurs with itself in every one of its users).
    if (mark[i] === 1) {
      mark[i] = 0;
      acc[i] = 0;
      let t = 0;
      while (touched[t] !== i) t++;
      touched[t] = touched[--nt];
    }
    // Score the touched rows, select the top k (ties to the lower index), reset scratch.
    for (let t = 0; t < nt; t++) {
      const j = touched[t];
      const c = acc[j];
      let s: number;
      if (sim === "cosine") {
        const d = norm[i] * norm[j] + sh;
        s = d > 0 ? c / d : 0;
      } else if (sim === "jaccard") {
        const d = norm[i] + norm[j] - c + sh;
        s = d > 0 ? c / d : 0;
      } else s = c;
      sims[j] = s;
    }
    const kept = topK(sims, k, touched, nt);
    for (const j of kept) {
      if (sims[j] !== 0) {
        indices.push(j);
        values.push(sims[j]);
      }
    }
    indptr.push(indices.length);
    for (let t = 0; t < nt; t++) {
      const j = touched[t];
      acc[j] = 0;
      mark[j] = 0;
      sims[j] = -Infinity;
    }
  }
  return { indptr, indices, values };
}

/**
 * Fits an item-based collaborative filter (Sarwar et al. 2001; Deshpande & Karypis 2004):
 * item-item similarities from co-occurrence in users' histories, keeping the top
 * `neighbors` per item. A user's score for item j is Σ_i r_ui · sim(i, j) over the items i
 * in their history. Time O(Σ_users n_u²) through sparse co-occurrence (CSR × CSC), memory
 * O(items · neighbors).
 *
 * @param interactions - from `buildInteractions`
 * @param options - `similarity` (default `"cosine"`), `neighbors` (100), `shrinkage` (0), `k1` (1.2), `b` (0.75), `signal`
 * @throws ClienteleError `INVALID_INPUT` (interactions), `EMPTY_INPUT`, `INVALID_OPTION`, `TOO_LARGE` (more than 2e10 co-occurrence pairs), `ABORTED`
 * @see Deshpande & Karypis (2004), "Item-based top-N recommendation algorithms", ACM TOIS 22(1).
 * @example
 * import { buildInteractions, fitItemKnn, similarItems } from "clientele/recommend";
 * const m = buildInteractions([
 *   { userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" },
 *   { userId: 2, itemId: "tea" }, { userId: 2, itemId: "milk" }, { userId: 3, itemId: "beer" },
 * ]);
 * similarItems(fitItemKnn(m), "tea", 1);
 * // => [{ itemId: "milk", score: 1 }]
 */
export function fitItemKnn(interactions: Interactions, options: FitKnnOptions = {}): ItemKnnModel {
  return runSync(itemKnnSteps(interactions, options, "fitItemKnn"));
}

/**
 * {@link fitItemKnn} that yields to the event loop about every 10 ms, so `signal` (e.g.
 * `AbortSignal.timeout(5000)`) stops it in wall-clock time with `ABORTED`. Same model as
 * `fitItemKnn` for the same input (about 0.2 s at MovieLens-100K size on one core).
 *
 * @throws ClienteleError as `fitItemKnn`, and `ABORTED` (the promise rejects)
 * @example
 * import { fitItemKnnAsync, simulateInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 100, nItems: 50, seed: 1 });
 * const model = await fitItemKnnAsync(interactions, { neighbors: 50, signal: AbortSignal.timeout(10_000) });
 * model.kind; // => "item-knn"
 */
export function fitItemKnnAsync(interactions: Interactions, options: FitKnnOptions = {}): Promise<ItemKnnModel> {
  const s = (options as { signal?: unknown } | null)?.signal;
  return runAsync(itemKnnSteps(interactions, options, "fitItemKnnAsync"), "fitItemKnnAsync", s instanceof AbortSignal ? s : undefined);
}

function* itemKnnSteps(interactions: Interactions, options: FitKnnOptions, fn: string): Steps<ItemKnnModel> {
  const m = checkInteractions(interactions, fn);
  requireInteractions(m, fn);
  const opts = parseOptions(knnSchema, options, fn);
  checkKnnWork(toCsr(m), fn, "items", "users");
  const nb = yield* neighborsOf(toCsc(m), opts, fn);
  throwIfAborted(opts.signal, fn);
  return registerModel<ItemKnnModel>({
    kind: "item-knn",
    version: 1,
    similarity: opts.similarity,
    neighbors: opts.neighbors,
    shrinkage: opts.shrinkage,
    itemIds: m.itemIds.map(String),
    ...nb,
  });
}

/**
 * Fits a user-based collaborative filter (Herlocker et al. 1999): user-user similarities
 * over their item histories, keeping the top `neighbors` per user. A user's score for
 * item j is Σ_v sim(u, v) · r_vj over their neighbors v. Time O(Σ_items n_i²).
 *
 * @param interactions - from `buildInteractions`
 * @param options - as {@link fitItemKnn} (default 100 neighbors, cosine)
 * @throws ClienteleError `INVALID_INPUT` (interactions), `EMPTY_INPUT`, `INVALID_OPTION`, `TOO_LARGE`, `ABORTED`
 * @see Herlocker, Konstan, Borchers & Riedl (1999), "An algorithmic framework for performing collaborative filtering", SIGIR.
 * @example
 * import { buildInteractions, fitUserKnn, recommend } from "clientele/recommend";
 * const m = buildInteractions([
 *   { userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" },
 *   { userId: 2, itemId: "tea" },
 * ]);
 * recommend(fitUserKnn(m), m, 2, { k: 1 });
 * // => [{ itemId: "milk", score: 0.707..., rank: 1 }]
 */
export function fitUserKnn(interactions: Interactions, options: FitKnnOptions = {}): UserKnnModel {
  return runSync(userKnnSteps(interactions, options, "fitUserKnn"));
}

/**
 * {@link fitUserKnn} that yields to the event loop about every 10 ms, so `signal` stops it in
 * wall-clock time with `ABORTED`. Same model as `fitUserKnn` for the same input.
 *
 * @throws ClienteleError as `fitUserKnn`, and `ABORTED` (the promise rejects)
 * @example
 * import { fitUserKnnAsync, simulateInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 100, nItems: 50, seed: 1 });
 * const model = await fitUserKnnAsync(interactions, { signal: AbortSignal.timeout(10_000) });
 * model.kind; // => "user-knn"
 */
export function fitUserKnnAsync(interactions: Interactions, options: FitKnnOptions = {}): Promise<UserKnnModel> {
  const s = (options as { signal?: unknown } | null)?.signal;
  return runAsync(userKnnSteps(interactions, options, "fitUserKnnAsync"), "fitUserKnnAsync", s instanceof AbortSignal ? s : undefined);
}

function* userKnnSteps(interactions: Interactions, options: FitKnnOptions, fn: string): Steps<UserKnnModel> {
  const m = checkInteractions(interactions, fn);
  requireInteractions(m, fn);
  const opts = parseOptions(knnSchema, options, fn);
  checkKnnWork(toCsc(m), fn, "users", "items");
  const nb = yield* neighborsOf(toCsr(m), opts, fn);
  throwIfAborted(opts.signal, fn);
  return registerModel<UserKnnModel>({
    kind: "user-knn",
    version: 1,
    similarity: opts.similarity,
    neighbors: opts.neighbors,
    shrinkage: opts.shrinkage,
    userIds: m.userIds.map(String),
    itemIds: m.itemIds.map(String),
    ...nb,
  });
}

/** Internal: similarity of a new user's history (in interactions' item space) to each training user. */
export function userSimilaritiesFor(
  model: UserKnnModel,
  m: Interactions,
  histItems: Int32Array,
  histWeights: Float64Array,
): { users: number[]; sims: number[] } {
  const csc = toCsc(m);
  const csr = toCsr(m);
  const acc = new Map<number, number>();
  const binary = model.similarity === "jaccard";
  for (let h = 0; h < histItems.length; h++) {
    const i = histItems[h];
    if (i < 0 || i >= csc.nRows) continue;
    const a = binary ? 1 : histWeights[h];
    for (let q = csc.indptr[i]; q < csc.indptr[i + 1]; q++) {
      const v = csc.indices[q];
      acc.set(v, (acc.get(v) ?? 0) + a * (binary ? 1 : csc.values[q]));
    }
  }
  let selfNorm = 0;
  for (let h = 0; h < histWeights.length; h++) selfNorm += binary ? 1 : histWeights[h] * histWeights[h];
  const entries: { v: number; s: number }[] = [];
  for (const [v, c] of acc) {
    let nv = 0;
    for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) nv += binary ? 1 : csr.values[p] * csr.values[p];
    let s: number;
    if (binary) s = c / (histItems.length + nv - c + model.shrinkage);
    else s = c / (Math.sqrt(selfNorm) * Math.sqrt(nv) + model.shrinkage);
    if (Number.isFinite(s) && s !== 0) entries.push({ v, s });
  }
  entries.sort((x, y) => y.s - x.s || x.v - y.v);
  const top = entries.slice(0, model.neighbors);
  return { users: top.map((e) => e.v), sims: top.map((e) => e.s) };
}

/**
 * Throws unless k is an integer >= 1: `INVALID_OPTION` for `options.k`, `INVALID_INPUT` for a
 * positional k. A k larger than the catalogue is allowed (lists stop at the catalogue size).
 */
export function checkK(k: unknown, fn: string, path: (string | number)[] = ["options", "k"], code: ErrorCode = "INVALID_OPTION"): void {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1) {
    throw new ClienteleError({
      code,
      path,
      received: k,
      message: `${fn}: k must be an integer >= 1 (how many items to return). Got ${describeValue(k)}.`,
    });
  }
}

/** Co-occurrence work above which a kNN fit is TOO_LARGE (≈ a minute or more of CPU). */
const MAX_KNN_WORK = 2e10;

/**
 * TOO_LARGE when Σ over `by` rows of n² (the pairs a kNN fit visits) is above MAX_KNN_WORK,
 * decided from the input before any work.
 */
function checkKnnWork(by: Csr, fn: string, what: string, through: string): void {
  let work = 0;
  let worst = 0;
  for (let r = 0; r < by.nRows; r++) {
    const d = by.indptr[r + 1] - by.indptr[r];
    work += d * d;
    if (d > worst) worst = d;
  }
  if (work > MAX_KNN_WORK) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["interactions"],
      received: work,
      message: `${fn}: comparing ${what} through their shared ${through} would visit ${work.toExponential(2)} pairs (limit ${MAX_KNN_WORK.toExponential(0)}; the busiest row has ${worst} entries). Drop or sample the heaviest ${through === "users" ? "users (bots, resellers)" : "items"}, or use fitAls, whose cost is linear in the interactions.`,
    });
  }
}

/** Internal: item kNN scores for a history (model item space). */
export function scoreItemKnn(model: ItemKnnModel, histItems: Int32Array, histWeights: Float64Array, out: Float64Array): void {
  for (let h = 0; h < histItems.length; h++) {
    const i = histItems[h];
    if (i < 0) continue;
    const r = histWeights[h];
    for (let p = model.indptr[i]; p < model.indptr[i + 1]; p++) out[model.indices[p]] += r * model.values[p];
  }
}
