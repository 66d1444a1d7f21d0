import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { parseOptions } from "../core/validate.js";
import {
  alsContributions,
  alsFactors,
  dotAt32,
  foldInIndices,
  historyToIndices,
  type AlsModel,
  type HistoryEntry,
} from "./als.js";
import { contentCosine, popularityOf, scoreContent, segmentCounts, type ContentModel, type PopularityModel } from "./content.js";
import { checkInteractions, type RecommendId, type Interactions } from "./interactions.js";
import { checkK, scoreItemKnn, userSimilaritiesFor, type ItemKnnModel, type UserKnnModel } from "./knn.js";
import { checkedModel } from "./serialize.js";
import { itemIndexMap, rejectUnknownFields, toCsc, toCsr, topK, userIndexMap } from "./sparse.js";
import { registerModel } from "./valid.js";

/** A weighted component of a hybrid model. */
export interface HybridComponent {
  model: RecommenderModel;
  /** Non-negative weight; weights are normalized to sum to 1. */
  weight: number;
}

/**
 * A blend of scorers: each component's scores are min-max normalized to [0, 1] over its
 * items, then combined with normalized weights over the union of the components' items.
 */
export interface HybridModel {
  kind: "hybrid";
  version: 1;
  components: HybridComponent[];
  /** Union of the components' item ids (string form), in order of first appearance. */
  itemIds: string[];
}

/** Every model `recommend` accepts. */
export type RecommenderModel = PopularityModel | ItemKnnModel | UserKnnModel | AlsModel | ContentModel | HybridModel;

const KINDS = ["popularity", "item-knn", "user-knn", "als", "content", "hybrid"] as const;
/** One recommended item. */
export interface Recommendation {
  /** Item id (string form). */
  itemId: string;
  /** The model's score (not normalized; for hybrids the blended normalized score). */
  score: number;
  /** 1-based position in the list. */
  rank: number;
}

/** Options of {@link recommend} and {@link recommendAll}. */
export interface RecommendOptions {
  /** List length (default 10). */
  k?: number;
  /** Drop items already in the user's history (default true). */
  excludeSeen?: boolean;
  /** Item ids never to recommend (e.g. out of stock). */
  exclude?: readonly RecommendId[];
  /** If given, recommend only from these item ids. */
  include?: readonly RecommendId[];
  /** Maximal-marginal-relevance re-ranking strength in [0, 1] (default 0: pure relevance). */
  diversity?: number;
  /** History of a user absent from `interactions` (ids or `{ itemId, weight }`), scored without refitting. */
  history?: readonly (RecommendId | HistoryEntry)[];
  /** Segment of a cold-start user: popularity within it, from `coldStart` (or of a popularity `model`). */
  segment?: string;
  /**
   * What a user who is in neither `interactions` nor the model and has no `history` gets:
   * `"popularity"` (the most popular items of `interactions`) or a popularity model from
   * `fitPopularity` (with `segment`, popularity within the segment). Without it such a user is
   * `UNKNOWN_USER`: cold start happens only when asked for.
   */
  coldStart?: PopularityModel | "popularity";
}

const idIn = z.union([z.string().min(1), z.number()]);
const historyOption = z.array(z.union([idIn, z.object({ itemId: idIn, weight: z.number().optional() })]));
const recommendShape = {
  k: z.number().int().min(1).default(10),
  excludeSeen: z.boolean().default(true),
  exclude: z.array(idIn).optional(),
  include: z.array(idIn).optional(),
  diversity: z.number().min(0).max(1).default(0),
  segment: z.string().min(1).optional(),
  coldStart: z
    .union([
      z.literal("popularity"),
      z.custom<PopularityModel>((v) => v !== null && typeof v === "object" && (v as { kind?: unknown }).kind === "popularity", 'a popularity model from fitPopularity, or "popularity"'),
    ])
    .optional(),
};
const recommendSchema = z.object({ ...recommendShape, history: historyOption.optional() });
const recommendAllSchema = z.object({ ...recommendShape, users: z.array(idIn).optional() });
type RecOpts = z.output<typeof recommendSchema>;

/**
 * Internal: the model checked (deeply, once per object; fitted models are known valid) and with
 * its current kind tag, or `INVALID_MODEL` / `WRONG_MODEL_KIND` naming `fn`.
 */
export function checkModelKind(model: unknown, fn: string, allowed: readonly string[] = KINDS): RecommenderModel {
  return checkedModel(model, fn, allowed);
}

/** A user's history as item ids with weights. */
interface History {
  ids: string[];
  weights: number[];
  /** Row in the interactions, or -1. */
  row: number;
}

function historyFor(m: Interactions, userId: string, opts: { history?: RecOpts["history"] }, fn: string): History {
  const row = userIndexMap(m).get(userId);
  if (row !== undefined) {
    const ids: string[] = [];
    const weights: number[] = [];
    for (let p = m.indptr[row]; p < m.indptr[row + 1]; p++) {
      ids.push(String(m.itemIds[m.indices[p]]));
      weights.push(m.values[p]);
    }
    return { ids, weights, row };
  }
  const ids: string[] = [];
  const weights: number[] = [];
  (opts.history ?? []).forEach((h, k) => {
    const id = idKey(typeof h === "object" ? h.itemId : h, fn, typeof h === "object" ? ["options", "history", k, "itemId"] : ["options", "history", k]);
    const w = typeof h === "object" ? (h.weight ?? 1) : 1;
    if (!Number.isFinite(w) || w < 0) {
      throw new ClienteleError({
        code: Number.isFinite(w) ? "NEGATIVE_VALUE" : "NON_FINITE",
        path: ["options", "history", k, "weight"],
        received: w,
        message: `${fn}: options.history[${k}].weight is ${describeValue(w)}; weights must be finite and >= 0.`,
      });
    }
    if (w > 0) {
      ids.push(id);
      weights.push(w);
    }
  });
  return { ids, weights, row: -1 };
}

function toModelSpace(model: { itemIds: readonly RecommendId[] }, h: History): { items: Int32Array; weights: Float64Array } {
  const map = itemIndexMap(model);
  const items = new Int32Array(h.ids.length);
  const weights = new Float64Array(h.ids.length);
  for (let k = 0; k < h.ids.length; k++) {
    const i = map.get(h.ids[k]);
    items[k] = i === undefined ? -1 : i;
    weights[k] = h.weights[k];
  }
  return { items, weights };
}

function popularityScores(model: { itemIds: readonly RecommendId[] }, m: Interactions, opts: RecOpts, out: Float64Array): void {
  let counts: ArrayLike<number>;
  let ids: readonly RecommendId[];
  if (opts.coldStart !== undefined && opts.coldStart !== "popularity") {
    const cs = opts.coldStart;
    counts = (opts.segment !== undefined && segmentCounts(cs, opts.segment)) || cs.counts;
    ids = cs.itemIds;
  } else {
    counts = popularityOf(m);
    ids = m.itemIds;
  }
  const map = itemIndexMap(model);
  for (let i = 0; i < ids.length; i++) {
    const j = map.get(String(ids[i]));
    if (j !== undefined) out[j] += counts[i];
  }
}

/** Raw scores of every item of `model` for one user; `cold` tells whether the popularity fallback was used. */
function scoreUser(model: RecommenderModel, m: Interactions, userId: string, h: History, opts: RecOpts, fn: string): { scores: Float64Array; cold: boolean } {
  const n = model.itemIds.length;
  const out = new Float64Array(n);
  switch (model.kind) {
    case "popularity": {
      const counts = (opts.segment !== undefined && segmentCounts(model, opts.segment)) || model.counts;
      for (let i = 0; i < n; i++) out[i] = counts[i];
      return { scores: out, cold: false };
    }
    case "item-knn": {
      const { items, weights } = toModelSpace(model, h);
      if (!items.some((i) => i >= 0)) break;
      scoreItemKnn(model, items, weights, out);
      return { scores: out, cold: false };
    }
    case "content": {
      const { items, weights } = toModelSpace(model, h);
      if (!items.some((i) => i >= 0)) break;
      scoreContent(model, items, weights, out);
      return { scores: out, cold: false };
    }
    case "als": {
      const f = model.factors;
      const { X, Y } = alsFactors(model, fn);
      const mu = userIndexMap(model).get(userId);
      let x: ArrayLike<number>;
      if (mu !== undefined) x = X.subarray(mu * f, mu * f + f);
      else {
        const { items, weights } = toModelSpace(model, h);
        if (!items.some((i) => i >= 0)) break;
        x = foldInIndices(model, items, weights, fn);
      }
      const xv = x instanceof Float64Array ? x : Float64Array.from(x);
      for (let j = 0; j < n; j++) out[j] = dotAt32(Y, j * f, xv, f);
      return { scores: out, cold: false };
    }
    case "user-knn": {
      let users: number[];
      let sims: number[];
      const mu = userIndexMap(model).get(userId);
      const rowsOf = userIndexMap(m);
      if (mu !== undefined) {
        users = [];
        sims = [];
        for (let p = model.indptr[mu]; p < model.indptr[mu + 1]; p++) {
          const r = rowsOf.get(String(model.userIds[model.indices[p]]));
          if (r !== undefined) {
            users.push(r);
            sims.push(model.values[p]);
          }
        }
      } else {
        const im = itemIndexMap(m);
        const hi = new Int32Array(h.ids.map((id) => im.get(id) ?? -1));
        ({ users, sims } = userSimilaritiesFor(model, m, hi, Float64Array.from(h.weights)));
      }
      if (users.length === 0) break;
      const csr = toCsr(m);
      const map = itemIndexMap(model);
      for (let t = 0; t < users.length; t++) {
        const v = users[t];
        for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) {
          const j = map.get(String(m.itemIds[csr.indices[p]]));
          if (j !== undefined) out[j] += sims[t] * csr.values[p];
        }
      }
      return { scores: out, cold: false };
    }
    case "hybrid": {
      let total = 0;
      for (const c of model.components) total += c.weight;
      const map = itemIndexMap(model);
      let anyWarm = false;
      for (const c of model.components) {
        if (c.weight === 0) continue;
        const r = scoreUser(c.model, m, userId, h, opts, fn);
        anyWarm ||= !r.cold;
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < r.scores.length; i++) {
          lo = Math.min(lo, r.scores[i]);
          hi = Math.max(hi, r.scores[i]);
        }
        const span = hi - lo;
        const w = c.weight / total;
        const ids = c.model.itemIds;
        for (let i = 0; i < ids.length; i++) {
          const j = map.get(String(ids[i]))!;
          out[j] += span > 0 ? (w * (r.scores[i] - lo)) / span : 0;
        }
      }
      return { scores: out, cold: !anyWarm };
    }
  }
  popularityScores(model, m, opts, out);
  return { scores: out, cold: true };
}

/** Internal: pairwise item similarity for MMR, by model kind. */
function itemSimilarity(model: RecommenderModel, m: Interactions, fn: string): (i: number, j: number) => number {
  if (model.kind === "als") {
    const { Y } = alsFactors(model, fn);
    const f = model.factors;
    const norms = new Float64Array(model.itemIds.length);
    for (let i = 0; i < norms.length; i++) {
      let s = 0;
      for (let a = 0; a < f; a++) s += Y[i * f + a] ** 2;
      norms[i] = Math.sqrt(s) || 1;
    }
    return (i, j) => {
      let s = 0;
      for (let a = 0; a < f; a++) s += Y[i * f + a] * Y[j * f + a];
      return s / (norms[i] * norms[j]);
    };
  }
  if (model.kind === "content") return (i, j) => contentCosine(model, i, j);
  if (model.kind === "item-knn") {
    return (i, j) => {
      for (let p = model.indptr[i]; p < model.indptr[i + 1]; p++) if (model.indices[p] === j) return model.values[p];
      return 0;
    };
  }
  // Binary cosine of the item columns in the interactions.
  const csc = toCsc(m);
  const map = itemIndexMap(m);
  return (i, j) => {
    const a = map.get(String(model.itemIds[i]));
    const b = map.get(String(model.itemIds[j]));
    if (a === undefined || b === undefined) return 0;
    let p = csc.indptr[a];
    let q = csc.indptr[b];
    const na = csc.indptr[a + 1] - p;
    const nb = csc.indptr[b + 1] - q;
    let c = 0;
    while (p < csc.indptr[a + 1] && q < csc.indptr[b + 1]) {
      const x = csc.indices[p];
      const y = csc.indices[q];
      if (x === y) {
        c++;
        p++;
        q++;
      } else if (x < y) p++;
      else q++;
    }
    return na && nb ? c / Math.sqrt(na * nb) : 0;
  };
}

interface Prepared {
  model: RecommenderModel;
  m: Interactions;
  opts: RecOpts;
  k: number;
  excludeMask: Uint8Array;
  sim?: (i: number, j: number) => number;
}

/** The model and the interactions share these many items (and, for user kNN, users); cached per pair. */
const matched = new WeakMap<object, WeakSet<object>>();

/**
 * MODEL_DATA_MISMATCH when the model's catalogue and the interactions' items (or, for user kNN,
 * their users) have nothing in common: every score would be 0 and the list meaningless.
 */
function checkModelData(model: RecommenderModel, m: Interactions, fn: string): void {
  let ok = matched.get(model);
  if (ok?.has(m)) return;
  const map = itemIndexMap(model);
  let shared = 0;
  for (let i = 0; i < m.itemIds.length && shared === 0; i++) if (map.has(String(m.itemIds[i]))) shared++;
  if (shared === 0) {
    throw new ClienteleError({
      code: "MODEL_DATA_MISMATCH",
      path: ["interactions", "itemIds"],
      message: `${fn}: none of the ${m.nItems} items of the interactions is in the "${model.kind}" model's catalogue of ${model.itemIds.length} items (e.g. ${describeValue(model.itemIds[0])} vs ${describeValue(m.itemIds[0])}), so every score would be 0. Pass the interactions the model was fitted on (or that share its item ids).`,
    });
  }
  if (model.kind === "user-knn") {
    const users = userIndexMap(m);
    if (!model.userIds.some((u) => users.has(String(u)))) {
      throw new ClienteleError({
        code: "MODEL_DATA_MISMATCH",
        path: ["interactions", "userIds"],
        message: `${fn}: none of the user kNN model's ${model.userIds.length} users is in the interactions, so no neighbor has a history to score with. Pass the interactions the model was fitted on.`,
      });
    }
  }
  if (!ok) matched.set(model, (ok = new WeakSet()));
  ok.add(m);
}

/** True when the model can score `user` without a history (its own user factors or neighbors, or popularity). */
function modelKnowsUser(model: RecommenderModel, user: string): boolean {
  if (model.kind === "popularity") return true;
  if (model.kind === "als" || model.kind === "user-knn") return userIndexMap(model).has(user);
  if (model.kind === "hybrid") return model.components.some((c) => c.weight > 0 && modelKnowsUser(c.model, user));
  return false;
}

interface Prepared {
  model: RecommenderModel;
  m: Interactions;
  opts: RecOpts;
  k: number;
  excludeMask: Uint8Array;
  sim?: (i: number, j: number) => number;
}

function prepare(model: unknown, interactions: unknown, opts: RecOpts, fn: string): Prepared {
  const mdl = checkModelKind(model, fn);
  const m = checkInteractions(interactions, fn);
  checkModelData(mdl, m, fn);
  if (opts.coldStart !== undefined && opts.coldStart !== "popularity") {
    opts.coldStart = checkModelKind(opts.coldStart, `${fn} (options.coldStart)`, ["popularity"]) as PopularityModel;
  }
  if (opts.segment !== undefined) {
    const pop = mdl.kind === "popularity" ? mdl : opts.coldStart !== undefined && opts.coldStart !== "popularity" ? opts.coldStart : undefined;
    if (!pop) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "segment"],
        received: opts.segment,
        message: `${fn}: options.segment applies to a popularity model; pass coldStart: fitPopularity(interactions, { segments }) with it (or a segmented popularity model as the model).`,
      });
    }
    if (segmentCounts(pop, opts.segment) === undefined) {
      const known = Object.keys(pop.segments ?? {});
      throw new ClienteleError({
        code: "UNKNOWN_STATE",
        path: ["options", "segment"],
        received: opts.segment,
        message: `${fn}: segment "${opts.segment}" is not in the popularity model (${known.length ? `its segments are ${known.slice(0, 10).map((x) => `"${x}"`).join(", ")}${known.length > 10 ? ", ..." : ""}` : "it was fitted without segments"}). Omit segment for overall popularity.`,
      });
    }
  }
  const n = mdl.itemIds.length;
  const excludeMask = new Uint8Array(n);
  const map = itemIndexMap(mdl);
  if (opts.include) {
    excludeMask.fill(1);
    opts.include.forEach((id, i) => {
      const j = map.get(idKey(id, fn, ["options", "include", i]));
      if (j !== undefined) excludeMask[j] = 0;
    });
  }
  (opts.exclude ?? []).forEach((id, i) => {
    const j = map.get(idKey(id, fn, ["options", "exclude", i]));
    if (j !== undefined) excludeMask[j] = 1;
  });
  const p: Prepared = { model: mdl, m, opts, k: Math.min(opts.k, n), excludeMask };
  if (opts.diversity > 0) p.sim = itemSimilarity(mdl, m, fn);
  return p;
}

function recommendPrepared(p: Prepared, userId: string, fn: string): Recommendation[] {
  const { model, m, opts, k } = p;
  const h = historyFor(m, userId, opts, fn);
  if (h.row < 0 && opts.history === undefined && opts.coldStart === undefined && !modelKnowsUser(model, userId)) {
    throw new ClienteleError({
      code: "UNKNOWN_USER",
      path: ["userId"],
      received: userId,
      message: `${fn}: user "${userId}" is in neither the interactions nor the model, and no options.history was given. Pass coldStart: "popularity" (or a popularity model) to recommend popular items to unknown users, or pass their history.`,
    });
  }
  const { scores } = scoreUser(model, m, userId, h, opts, fn);
  const n = scores.length;
  for (let j = 0; j < n; j++) {
    if (p.excludeMask[j] || !Number.isFinite(scores[j])) scores[j] = -Infinity;
  }
  if (opts.excludeSeen) {
    const map = itemIndexMap(model);
    for (const id of h.ids) {
      const j = map.get(id);
      if (j !== undefined) scores[j] = -Infinity;
    }
  }
  let order: number[];
  if (p.sim && opts.diversity > 0) {
    const pool = topK(scores, Math.min(n, Math.max(5 * k, 50)));
    order = mmr(pool, scores, k, 1 - opts.diversity, p.sim);
  } else order = topK(scores, k);
  return order.map((j, r) => ({ itemId: String(model.itemIds[j]), score: scores[j], rank: r + 1 }));
}

/** Maximal marginal relevance (Carbonell & Goldstein 1998) over a candidate pool. */
function mmr(pool: number[], scores: Float64Array, k: number, lambda: number, sim: (i: number, j: number) => number): number[] {
  if (pool.length === 0) return [];
  const hi = scores[pool[0]];
  const lo = scores[pool[pool.length - 1]];
  const span = hi - lo || 1;
  const rel = pool.map((j) => (scores[j] - lo) / span);
  const maxSim = new Float64Array(pool.length).fill(-Infinity);
  const used = new Uint8Array(pool.length);
  const out: number[] = [];
  while (out.length < Math.min(k, pool.length)) {
    let best = -1;
    let bestVal = -Infinity;
    for (let c = 0; c < pool.length; c++) {
      if (used[c]) continue;
      const penalty = out.length === 0 ? 0 : maxSim[c];
      const v = lambda * rel[c] - (1 - lambda) * penalty;
      if (v > bestVal) {
        bestVal = v;
        best = c;
      }
    }
    used[best] = 1;
    out.push(pool[best]);
    for (let c = 0; c < pool.length; c++) {
      if (!used[c]) maxSim[c] = Math.max(maxSim[c], sim(pool[c], pool[best]));
    }
  }
  return out;
}

/**
 * Recommends the top-k items for one user with any model: scores every item, drops
 * already-seen items (`excludeSeen`, default true), `exclude`d ones and everything outside
 * `include`, and optionally re-ranks for `diversity` by maximal marginal relevance.
 * Ties go to the lower item index; a `k` above the catalogue size returns the whole ranked
 * catalogue. Ids follow the one id rule (7 and "7" are the same user or item) and come back as
 * strings. A user who is known (in `interactions`, or in an ALS or user kNN model) or given a
 * `history` is scored by the model; when the model cannot use that history (no item it knows)
 * the list falls back to popularity (of `coldStart` if given, else of `interactions`). A user
 * who is none of these is `UNKNOWN_USER` unless `coldStart` asks for cold start explicitly:
 * `coldStart: "popularity"` (the most popular items of `interactions`) or a popularity model
 * (within their `segment` when given). An ALS user absent from the model is folded in from
 * their history; a new item is reachable through a content or hybrid model. A model whose
 * catalogue shares no item with `interactions` is `MODEL_DATA_MISMATCH`.
 * O(items · cost of one score) per call.
 *
 * @param model - from `fitPopularity`, `fitItemKnn`, `fitUserKnn`, `fitAls`, `fitContent` or `fitHybrid`
 * @param interactions - the users' histories (normally the training interactions)
 * @param userId - the customer
 * @param options - `k` (10), `excludeSeen` (true), `exclude`, `include`, `diversity` (0), `history`, `segment`, `coldStart`
 * @throws ClienteleError `MISSING_VALUE` / `INVALID_ID` (userId null, undefined or not an id), `UNKNOWN_USER`, `UNKNOWN_STATE` (segment), `MODEL_DATA_MISMATCH`, `WRONG_MODEL_KIND`, `INVALID_MODEL`, `INVALID_INPUT` (interactions), `INVALID_OPTION`
 * @see Carbonell & Goldstein (1998), "The use of MMR, diversity-based reranking", SIGIR.
 * @example
 * import { fitItemKnn, recommend } from "clientele/recommend";
 * const model = fitItemKnn(interactions, { neighbors: 50 });
 * recommend(model, interactions, "customer-42", { k: 5, exclude: ["gift card"] });
 * // => [{ itemId: "oat milk", score: 2.31, rank: 1 }, ...]
 * recommend(model, interactions, "someone new", { k: 5, coldStart: "popularity" });
 * // => the 5 most popular items
 */
export function recommend(model: RecommenderModel, interactions: Interactions, userId: RecommendId, options: RecommendOptions = {}): Recommendation[] {
  const fn = "recommend";
  const opts = parseOptions(recommendSchema, options, fn);
  const user = idKey(userId, fn, ["userId"]);
  const p = prepare(model, interactions, opts, fn);
  return recommendPrepared(p, user, fn);
}

/** One user's list from {@link recommendAll}. */
export interface UserRecommendations {
  /** User id (string form). */
  userId: string;
  items: Recommendation[];
}

/** Options of {@link recommendAll}: those of {@link recommend} (without `history`) plus `users`. */
export interface RecommendAllOptions extends Omit<RecommendOptions, "history"> {
  /** Users to recommend for (default every user of `interactions`). */
  users?: readonly RecommendId[];
}

/**
 * Recommends the top-k items for many users at once (default every user of
 * `interactions`), with the same rules as {@link recommend}. O(users · items · score cost).
 *
 * @param model - any recommender model
 * @param interactions - the users' histories
 * @param options - those of `recommend` plus `users`
 * @throws ClienteleError as `recommend` (a user of `users` unknown to both is `UNKNOWN_USER` unless `coldStart` is given)
 * @example
 * import { fitPopularity, recommendAll } from "clientele/recommend";
 * const lists = recommendAll(fitPopularity(train), train, { k: 10 });
 * lists[0]; // => { userId: "u1", items: [{ itemId: "milk", score: 2513, rank: 1 }, ...] }
 */
export function recommendAll(model: RecommenderModel, interactions: Interactions, options: RecommendAllOptions = {}): UserRecommendations[] {
  return recommendAllWith(model, interactions, options, "recommendAll");
}

/** Internal: recommendAll naming the public function that called it. */
export function recommendAllWith(model: unknown, interactions: unknown, options: unknown, fn: string): UserRecommendations[] {
  const { users, ...rest } = parseOptions(recommendAllSchema, options, fn);
  const p = prepare(model, interactions, rest, fn);
  const list = users ? users.map((u, i) => idKey(u, fn, ["options", "users", i])) : p.m.userIds.map(String);
  return list.map((u) => ({ userId: u, items: recommendPrepared(p, u, fn) }));
}

/** One similar item: its id and similarity score. */
export interface SimilarItem {
  /** Item id (string form). */
  itemId: string;
  score: number;
}

/**
 * The k items most similar to `itemId` ("bought this, also bought"), best first: stored
 * neighbors for item kNN, cosine of item factors for ALS, cosine of attribute vectors for
 * content (which also serves new items nobody has bought). O(neighbors) or O(items · d).
 *
 * @param model - from `fitItemKnn`, `fitAls` or `fitContent`
 * @param itemId - an item of the model
 * @param k - how many (default 10; an integer >= 1, lists stop at the catalogue size)
 * @throws ClienteleError `UNKNOWN_ITEM`, `INVALID_INPUT` (k), `MISSING_VALUE` / `INVALID_ID` (itemId), `WRONG_MODEL_KIND`, `INVALID_MODEL`
 * @example
 * import { similarItems } from "clientele/recommend";
 * similarItems(itemKnnModel, "tea", 5);
 * // => [{ itemId: "milk", score: 0.81 }, ...]
 */
export function similarItems(model: ItemKnnModel | AlsModel | ContentModel, itemId: RecommendId, k = 10): SimilarItem[] {
  const fn = "similarItems";
  const mdl = checkModelKind(model, fn, ["item-knn", "als", "content"]);
  const item = idKey(itemId, fn, ["itemId"]);
  checkK(k, fn, ["k"], "INVALID_INPUT");
  const idx = itemIndexMap(mdl).get(item);
  if (idx === undefined) {
    throw new ClienteleError({
      code: "UNKNOWN_ITEM",
      path: ["itemId"],
      received: itemId,
      message: `${fn}: item ${describeValue(itemId)} is not in the model. Items unseen at fit time have no collaborative neighbors; use a content model for new items.`,
    });
  }
  if (mdl.kind === "item-knn") {
    const out: SimilarItem[] = [];
    for (let p = mdl.indptr[idx]; p < mdl.indptr[idx + 1] && out.length < k; p++) {
      out.push({ itemId: String(mdl.itemIds[mdl.indices[p]]), score: mdl.values[p] });
    }
    return out;
  }
  const sim = itemSimilarity(mdl, undefined as unknown as Interactions, fn);
  const n = mdl.itemIds.length;
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) s[j] = j === idx ? -Infinity : sim(idx, j);
  return topK(s, Math.min(k, n)).map((j) => ({ itemId: String(mdl.itemIds[j]), score: s[j] }));
}

/** Why an item was recommended: its score and the past items that contributed most. */
export interface Explanation {
  /** Item id (string form). */
  itemId: string;
  /** The score the contributions add up to (for ALS, the exact fold-in score). */
  score: number;
  /** Past items and their additive contributions, largest first (at most `k`). */
  contributions: { itemId: string; contribution: number }[];
}

const explainSchema = z.object({ k: z.number().int().min(1).default(5), history: historyOption.optional() });

/**
 * Explains a user's score for an item as a sum over the items in their history. ALS:
 * Hu et al.'s decomposition ŷ_ui = Σ_j (y_iᵀ W_u y_j) c_uj with W_u = (YᵀC_uY + λI)⁻¹ (the
 * contributions add up to the exact fold-in score). Item kNN: r_uj · sim(j, i). Content:
 * r_uj · cos(j, i) / ‖profile‖. O(f³ + items · f²) for ALS.
 *
 * @param model - from `fitAls`, `fitItemKnn` or `fitContent`
 * @param interactions - the users' histories
 * @param userId - the customer (or pass `options.history` for one not in `interactions`)
 * @param itemId - the item to explain
 * @param options - `k` (default 5): how many contributions; `history`
 * @throws ClienteleError `WRONG_MODEL_KIND`, `UNKNOWN_ITEM`, `UNKNOWN_USER`, `MISSING_VALUE` / `INVALID_ID` (ids), `MODEL_DATA_MISMATCH`, `INVALID_OPTION`
 * @see Hu, Koren & Volinsky (2008), section 5, "Explaining recommendations".
 * @example
 * import { explain } from "clientele/recommend";
 * explain(alsModel, interactions, "customer-42", "oat milk", { k: 2 });
 * // => { itemId: "oat milk", score: 0.84, contributions: [{ itemId: "granola", contribution: 0.41 }, ...] }
 */
export function explain(
  model: AlsModel | ItemKnnModel | ContentModel,
  interactions: Interactions,
  userId: RecommendId,
  itemId: RecommendId,
  options: { k?: number; history?: readonly (RecommendId | HistoryEntry)[] } = {},
): Explanation {
  const fn = "explain";
  const mdl = checkModelKind(model, fn, ["als", "item-knn", "content"]) as AlsModel | ItemKnnModel | ContentModel;
  const m = checkInteractions(interactions, fn);
  const opts = parseOptions(explainSchema, options, fn);
  const k = opts.k;
  const user = idKey(userId, fn, ["userId"]);
  const item = idKey(itemId, fn, ["itemId"]);
  checkModelData(mdl, m, fn);
  const map = itemIndexMap(mdl);
  const target = map.get(item);
  if (target === undefined) {
    throw new ClienteleError({ code: "UNKNOWN_ITEM", path: ["itemId"], received: itemId, message: `${fn}: item ${describeValue(itemId)} is not in the model.` });
  }
  let items: Int32Array;
  let weights: Float64Array;
  const row = userIndexMap(m).get(user);
  if (row !== undefined) {
    const h = historyFor(m, user, {}, fn);
    ({ items, weights } = toModelSpace(mdl, h));
  } else if (opts.history) {
    ({ items, weights } = historyToIndices(opts.history, map, fn, ["options", "history"]));
  } else {
    throw new ClienteleError({
      code: "UNKNOWN_USER",
      path: ["userId"],
      received: userId,
      message: `${fn}: user ${describeValue(userId)} is not in the interactions and no options.history was given, so there is nothing to explain (a cold-start user gets popular items).`,
    });
  }
  const contrib = new Float64Array(items.length);
  if (mdl.kind === "als") {
    contrib.set(alsContributions(mdl, items, weights, target, fn));
  } else if (mdl.kind === "item-knn") {
    for (let h = 0; h < items.length; h++) {
      const j = items[h];
      if (j < 0) continue;
      for (let p = mdl.indptr[j]; p < mdl.indptr[j + 1]; p++) if (mdl.indices[p] === target) contrib[h] = weights[h] * mdl.values[p];
    }
  } else {
    const tmp = new Float64Array(mdl.itemIds.length);
    const norm = scoreContent(mdl, items, weights, tmp);
    for (let h = 0; h < items.length; h++) {
      if (items[h] >= 0 && norm > 0) contrib[h] = (weights[h] * contentCosine(mdl, items[h], target)) / norm;
    }
  }
  let score = 0;
  const list: { itemId: string; contribution: number; h: number }[] = [];
  for (let h = 0; h < items.length; h++) {
    if (items[h] < 0) continue;
    score += contrib[h];
    list.push({ itemId: String(mdl.itemIds[items[h]]), contribution: contrib[h], h });
  }
  list.sort((a, b) => b.contribution - a.contribution || a.h - b.h);
  return { itemId: item, score, contributions: list.slice(0, k).map(({ itemId: id, contribution }) => ({ itemId: id, contribution })) };
}

/**
 * Blends several fitted models into one: each component's scores for a user are min-max
 * normalized to [0, 1] over its items, multiplied by its weight / Σ weights, and summed
 * over the union of the components' items (an item a component does not know gets 0
 * from it). Typical use: ALS + content so new items still surface. O(Σ component items).
 *
 * @param components - `[{ model, weight }]`, weights finite and >= 0, not all 0
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `WRONG_MODEL_KIND`, `INVALID_MODEL`, `INVALID_OPTION` (unknown component field), `NEGATIVE_VALUE`, `NON_FINITE`, `OUT_OF_RANGE`
 * @example
 * import { fitAls, fitContent, fitHybrid, recommend } from "clientele/recommend";
 * const hybrid = fitHybrid([{ model: fitAls(interactions), weight: 0.7 }, { model: fitContent(catalog), weight: 0.3 }]);
 * recommend(hybrid, interactions, "customer-42", { k: 10 });
 */
export function fitHybrid(components: readonly HybridComponent[]): HybridModel {
  const fn = "fitHybrid";
  if (!Array.isArray(components) || components.length === 0) {
    throw new ClienteleError({
      code: Array.isArray(components) ? "EMPTY_INPUT" : "INVALID_INPUT",
      path: ["components"],
      received: components,
      message: `${fn}: pass an array of at least one { model, weight } component. Got ${describeValue(components)}.`,
    });
  }
  let total = 0;
  const models: RecommenderModel[] = [];
  components.forEach((c, i) => {
    if (c === null || typeof c !== "object" || Array.isArray(c)) {
      throw new ClienteleError({ code: "INVALID_INPUT", path: ["components", i], received: c, message: `${fn}: components[${i}] must be { model, weight }. Got ${describeValue(c)}.` });
    }
    rejectUnknownFields(c, ["model", "weight"], fn, ["components", i]);
    models.push(checkModelKind(c.model, `${fn} (components[${i}])`));
    const w = c.weight;
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new ClienteleError({
        code: typeof w === "number" && Number.isFinite(w) ? "NEGATIVE_VALUE" : "NON_FINITE",
        path: ["components", i, "weight"],
        received: w,
        message: `${fn}: components[${i}].weight is ${describeValue(w)}; weights must be finite and >= 0.`,
      });
    }
    total += w;
  });
  if (total === 0) {
    throw new ClienteleError({ code: "OUT_OF_RANGE", path: ["components"], message: `${fn}: all component weights are 0; give at least one a positive weight.` });
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const mdl of models) for (const id of mdl.itemIds) if (!seen.has(String(id))) (seen.add(String(id)), ids.push(String(id)));
  return registerModel({ kind: "hybrid", version: 1, components: components.map((c, i) => ({ model: models[i], weight: c.weight })), itemIds: ids } as HybridModel);
}
