// recommend (one user) and recommendAll (many users).
import { idKey } from "../../core/ids.js";
import { parseOptions } from "../../core/validate.js";
import type { RecommendId, Interactions } from "../interactions.js";
import type { RecommenderModel } from "./models.js";
import { type RecommendOptions, type Recommendation, recommendAllSchema, recommendSchema } from "./options.js";
import { prepare, recommendPrepared } from "./rank.js";

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
 * import { buildInteractions, fitItemKnn, recommend } from "clientele/recommend";
 * const interactions = buildInteractions([
 *   { userId: "ann", itemId: "tea" }, { userId: "ann", itemId: "milk" }, { userId: "ann", itemId: "granola" },
 *   { userId: "bob", itemId: "tea" }, { userId: "bob", itemId: "milk" }, { userId: "bob", itemId: "gift card" },
 *   { userId: "cat", itemId: "granola" }, { userId: "cat", itemId: "oat milk" },
 *   { userId: "dan", itemId: "milk" }, { userId: "dan", itemId: "granola" }, { userId: "dan", itemId: "oat milk" },
 * ]);
 * const model = fitItemKnn(interactions, { neighbors: 50 });
 * recommend(model, interactions, "ann", { k: 2, exclude: ["gift card"] });
 * // => [{ itemId: "oat milk", score: 1.22, rank: 1 }] (her own items are skipped; without the exclusion "gift card" comes first)
 * recommend(model, interactions, "someone new", { k: 2, coldStart: "popularity" });
 * // => [{ itemId: "milk", score: 3, rank: 1 }, { itemId: "granola", score: 3, rank: 2 }]: the most popular items
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
 * import { buildInteractions, fitPopularity, recommendAll } from "clientele/recommend";
 * const interactions = buildInteractions([
 *   { userId: "ann", itemId: "tea" }, { userId: "ann", itemId: "milk" }, { userId: "ann", itemId: "granola" },
 *   { userId: "bob", itemId: "tea" }, { userId: "bob", itemId: "milk" }, { userId: "bob", itemId: "gift card" },
 *   { userId: "cat", itemId: "granola" }, { userId: "cat", itemId: "oat milk" },
 *   { userId: "dan", itemId: "milk" }, { userId: "dan", itemId: "granola" }, { userId: "dan", itemId: "oat milk" },
 * ]);
 * const lists = recommendAll(fitPopularity(interactions), interactions, { k: 2 });
 * lists[0]; // => { userId: "ann", items: [{ itemId: "oat milk", score: 2, rank: 1 }, { itemId: "gift card", score: 1, rank: 2 }] }
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
