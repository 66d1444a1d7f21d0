// The seam between predictProba/predict (src/predict/predict.ts) and the tree models.
// Owner: the tree-models part.
import type { DenseFeatures } from "../matrix.js";
import { compile } from "./model.js";
import { marginsOf, prepare } from "./score.js";

/** Model kinds scored by this part. */
export const TREE_KINDS: readonly string[] = ["gradient-boosting"];

/** How a tree model's raw margin maps to its prediction. */
export type TreeLink = "logit" | "log" | "identity";

/** True when `model` has a tree-model kind (it still has to be validated by treeMargins). */
export function isTreeModel(model: unknown): boolean {
  return !!model && typeof model === "object" && TREE_KINDS.includes((model as { kind?: unknown }).kind as string);
}

/** Raw margins for every row of X (validates the model first); the link to apply; unknown categorical levels met. */
export function treeMargins(model: unknown, X: DenseFeatures, fn: string): { margins: Float64Array; link: TreeLink; unknownLevels: number } {
  const c = compile(model, fn);
  const p = prepare(c, X, fn);
  const obj = c.model.objective;
  return { margins: marginsOf(c, p.data, X.n), link: obj === "binary" ? "logit" : obj === "poisson" ? "log" : "identity", unknownLevels: p.unknown };
}
