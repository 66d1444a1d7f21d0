// The model union (every fitted recommender and the hybrid) and the model-kind check.
import type { AlsModel } from "../als.js";
import type { ContentModel, PopularityModel } from "../content.js";
import type { ItemKnnModel, UserKnnModel } from "../knn.js";
import { checkedModel } from "../serialize.js";

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

/**
 * Internal: the model checked (deeply, once per object; fitted models are known valid) and with
 * its current kind tag, or `INVALID_MODEL` / `WRONG_MODEL_KIND` naming `fn`.
 */
export function checkModelKind(model: unknown, fn: string, allowed: readonly string[] = KINDS): RecommenderModel {
  return checkedModel(model, fn, allowed);
}
