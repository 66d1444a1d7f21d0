// explain: a user's score for an item as a sum of contributions of the items in their history.
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { parseOptions } from "../../core/validate.js";
import { alsContributions, historyToIndices, type AlsModel, type HistoryEntry } from "../als.js";
import { contentCosine, scoreContent, type ContentModel } from "../content.js";
import { checkInteractions, type RecommendId, type Interactions } from "../interactions.js";
import type { ItemKnnModel } from "../knn.js";
import { itemIndexMap, userIndexMap } from "../sparse.js";
import { historyFor, toModelSpace } from "./history.js";
import { checkModelKind } from "./models.js";
import { historyOption } from "./options.js";
import { checkModelData } from "./rank.js";

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
 * import { buildInteractions, explain, fitAls } from "clientele/recommend";
 * const interactions = buildInteractions([
 *   { userId: "ann", itemId: "tea" }, { userId: "ann", itemId: "milk" }, { userId: "ann", itemId: "granola" },
 *   { userId: "bob", itemId: "tea" }, { userId: "bob", itemId: "milk" }, { userId: "bob", itemId: "gift card" },
 *   { userId: "cat", itemId: "granola" }, { userId: "cat", itemId: "oat milk" },
 *   { userId: "dan", itemId: "milk" }, { userId: "dan", itemId: "granola" }, { userId: "dan", itemId: "oat milk" },
 * ]);
 * const alsModel = fitAls(interactions, { factors: 2, alpha: 5 });
 * explain(alsModel, interactions, "ann", "oat milk", { k: 2 });
 * // => { itemId: "oat milk", score: 0.52, contributions: [{ itemId: "granola", contribution: 0.78 }, ...] }
 * // ann's granola (bought with oat milk by cat and dan) carries the score; her tea counts against it
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
    throw new ClienteleError({
      code: "UNKNOWN_ITEM",
      path: ["itemId"],
      received: itemId,
      message: `${fn}: item ${describeValue(itemId)} is not in the model.`,
    });
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
