// A user's history (from the interactions or options.history), in the model's item space.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import type { RecommendId, Interactions } from "../interactions.js";
import { itemIndexMap, userIndexMap } from "../sparse.js";
import type { RecOpts } from "./options.js";

/** A user's history as item ids with weights. */
export interface History {
  ids: string[];
  weights: number[];
  /** Row in the interactions, or -1. */
  row: number;
}

export function historyFor(m: Interactions, userId: string, opts: { history?: RecOpts["history"] }, fn: string): History {
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

export function toModelSpace(model: { itemIds: readonly RecommendId[] }, h: History): { items: Int32Array; weights: Float64Array } {
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
