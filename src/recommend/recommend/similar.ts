// similarItems: the items most similar to one item, for the models that define similarity.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import type { AlsModel } from "../als.js";
import type { ContentModel } from "../content.js";
import type { RecommendId, Interactions } from "../interactions.js";
import { checkK, type ItemKnnModel } from "../knn.js";
import { itemIndexMap, topK } from "../sparse.js";
import { checkModelKind } from "./models.js";
import { itemSimilarity } from "./scores.js";

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
 * import { buildInteractions, fitItemKnn, similarItems } from "clientele/recommend";
 * const interactions = buildInteractions([
 *   { userId: "ann", itemId: "tea" }, { userId: "ann", itemId: "milk" }, { userId: "ann", itemId: "granola" },
 *   { userId: "bob", itemId: "tea" }, { userId: "bob", itemId: "milk" }, { userId: "bob", itemId: "gift card" },
 *   { userId: "cat", itemId: "granola" }, { userId: "cat", itemId: "oat milk" },
 *   { userId: "dan", itemId: "milk" }, { userId: "dan", itemId: "granola" }, { userId: "dan", itemId: "oat milk" },
 * ]);
 * const itemKnnModel = fitItemKnn(interactions);
 * similarItems(itemKnnModel, "tea", 2);
 * // => [{ itemId: "milk", score: 0.82 }, { itemId: "gift card", score: 0.71 }]
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
