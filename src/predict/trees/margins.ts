// The seam between predictProba/predict (src/predict/predict.ts) and the tree models.
// Owner: the tree-models part. Until it lands, tree kinds are not recognized.
import type { DenseFeatures } from "../matrix.js";

/** Model kinds scored by this part. */
export const TREE_KINDS: readonly string[] = [];

/** How a tree model's raw margin maps to its prediction. */
export type TreeLink = "logit" | "log" | "identity";

/** True when `model` has a tree-model kind (it still has to be validated by treeMargins). */
export function isTreeModel(model: unknown): boolean {
  return !!model && typeof model === "object" && TREE_KINDS.includes((model as { kind?: unknown }).kind as string);
}

/** Raw margins for every row of X (validates the model first); and the link to apply. */
export function treeMargins(_model: unknown, _X: DenseFeatures, fn: string): { margins: Float64Array; link: TreeLink } {
  throw new Error(`${fn}: tree models are not built yet`);
}
