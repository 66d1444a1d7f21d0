// One list: the model and data checked together, the cold-start rule, exclusions, top-k and
// maximal-marginal-relevance diversity.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { segmentCounts, type PopularityModel } from "../content.js";
import { checkInteractions, type Interactions } from "../interactions.js";
import { itemIndexMap, topK, userIndexMap } from "../sparse.js";
import { historyFor } from "./history.js";
import { type RecommenderModel, checkModelKind } from "./models.js";
import type { RecOpts, Recommendation } from "./options.js";
import { itemSimilarity, scoreUser } from "./scores.js";

/** The model and the interactions share these many items (and, for user kNN, users); cached per pair. */
const matched = new WeakMap<object, WeakSet<object>>();

/**
 * MODEL_DATA_MISMATCH when the model's catalogue and the interactions' items (or, for user kNN,
 * their users) have nothing in common: every score would be 0 and the list meaningless.
 */
export function checkModelData(model: RecommenderModel, m: Interactions, fn: string): void {
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

export interface Prepared {
  model: RecommenderModel;
  m: Interactions;
  opts: RecOpts;
  k: number;
  excludeMask: Uint8Array;
  sim?: (i: number, j: number) => number;
}

export function prepare(model: unknown, interactions: unknown, opts: RecOpts, fn: string): Prepared {
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
        message: `${fn}: segment "${opts.segment}" is not in the popularity model (${
          known.length
            ? `its segments are ${known
                .slice(0, 10)
                .map((x) => `"${x}"`)
                .join(", ")}${known.length > 10 ? ", ..." : ""}`
            : "it was fitted without segments"
        }). Omit segment for overall popularity.`,
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

export function recommendPrepared(p: Prepared, userId: string, fn: string): Recommendation[] {
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
