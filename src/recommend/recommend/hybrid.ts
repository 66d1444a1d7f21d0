// fitHybrid: a weighted blend of fitted models.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { rejectUnknownFields } from "../sparse.js";
import { registerModel } from "../valid.js";
import { type HybridComponent, type HybridModel, type RecommenderModel, checkModelKind } from "./models.js";

/**
 * Blends several fitted models into one: each component's scores for a user are min-max
 * normalized to [0, 1] over its items, multiplied by its weight / Σ weights, and summed
 * over the union of the components' items (an item a component does not know gets 0
 * from it). Typical use: ALS + content so new items still surface. O(Σ component items).
 *
 * @param components - `[{ model, weight }]`, weights finite and >= 0, not all 0
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `WRONG_MODEL_KIND`, `INVALID_MODEL`, `INVALID_OPTION` (unknown component field), `NEGATIVE_VALUE`, `NON_FINITE`, `OUT_OF_RANGE`
 * @example
 * import { buildInteractions, fitAls, fitContent, fitHybrid, recommend } from "clientele/recommend";
 * const interactions = buildInteractions([
 *   { userId: "ann", itemId: "tea" }, { userId: "ann", itemId: "milk" }, { userId: "ann", itemId: "granola" },
 *   { userId: "bob", itemId: "tea" }, { userId: "bob", itemId: "milk" }, { userId: "bob", itemId: "gift card" },
 *   { userId: "cat", itemId: "granola" }, { userId: "cat", itemId: "oat milk" },
 *   { userId: "dan", itemId: "milk" }, { userId: "dan", itemId: "granola" }, { userId: "dan", itemId: "oat milk" },
 * ]);
 * const catalog = [
 *   { itemId: "tea", categories: ["drinks"] }, { itemId: "milk", categories: ["dairy"] },
 *   { itemId: "oat milk", categories: ["dairy", "vegan"] }, { itemId: "soy milk", categories: ["dairy", "vegan"] },
 *   { itemId: "granola", categories: ["breakfast"] }, { itemId: "gift card", categories: ["other"] },
 * ];
 * const hybrid = fitHybrid([{ model: fitAls(interactions, { factors: 4 }), weight: 0.7 }, { model: fitContent(catalog), weight: 0.3 }]);
 * recommend(hybrid, interactions, "cat", { k: 3 });
 * // => [{ itemId: "soy milk", score: 0.30, rank: 1 }, { itemId: "milk", score: 0.25, rank: 2 }, ...]
 * // soy milk, which nobody has bought yet, surfaces through the content model
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
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["components", i],
        received: c,
        message: `${fn}: components[${i}] must be { model, weight }. Got ${describeValue(c)}.`,
      });
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
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["components"],
      message: `${fn}: all component weights are 0; give at least one a positive weight.`,
    });
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const mdl of models) for (const id of mdl.itemIds) if (!seen.has(String(id))) seen.add(String(id)), ids.push(String(id));
  return registerModel({
    kind: "hybrid",
    version: 1,
    components: components.map((c, i) => ({ model: models[i], weight: c.weight })),
    itemIds: ids,
  } as HybridModel);
}
