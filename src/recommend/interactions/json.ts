// interactionsFromJSON and interactionsToRows.
import { ClienteleError } from "../../core/errors.js";
import { checkModelHeader } from "../../core/validate.js";
import { checkInteractions, checked } from "./check.js";
import type { Interactions } from "./types.js";

/**
 * Checks a parsed interaction matrix (e.g. from `JSON.parse`) and returns it typed:
 * shapes, sorted in-range indices, finite positive weights, ids unique by the id rule. Matrices
 * saved by earlier versions with numeric ids load with their ids as strings. O(nnz).
 *
 * @throws ClienteleError `INVALID_MODEL` (malformed or tampered, e.g. a bad `indptr` or a `__proto__` key),
 *   `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `DUPLICATE_ID`
 * @example
 * import { buildInteractions, interactionsFromJSON } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: 2 }]);
 * interactionsFromJSON(JSON.parse(JSON.stringify(m))).userIds; // => ["1"]
 */
export function interactionsFromJSON(value: unknown): Interactions {
  const fn = "interactionsFromJSON";
  // A saved matrix is checked like a saved model: WRONG_MODEL_KIND, UNSUPPORTED_MODEL_VERSION, INVALID_MODEL.
  checkModelHeader(value, "interactions", 1, fn);
  let m: Interactions;
  try {
    m = checkInteractions(value, fn, true);
  } catch (e) {
    if (e instanceof ClienteleError && e.code === "INVALID_INPUT") {
      throw new ClienteleError({ code: "INVALID_MODEL", path: e.path, received: e.received, message: e.message });
    }
    throw e;
  }
  if (m.userIds.every((x) => typeof x === "string") && m.itemIds.every((x) => typeof x === "string")) return m;
  const out: Interactions = { ...m, userIds: m.userIds.map(String), itemIds: m.itemIds.map(String) };
  checked.add(out);
  return out;
}

/**
 * The rows of an interaction matrix: one `{ userId, itemId, weight, timestamp? }` per stored
 * (user, item) pair, users in row order and items ascending within a user (the row view of the
 * CSR columns). `buildInteractions(interactionsToRows(m))` rebuilds the same matrix. O(nnz).
 *
 * @throws ClienteleError `INVALID_INPUT`
 * @example
 * import { buildInteractions, interactionsToRows } from "clientele/recommend";
 * interactionsToRows(buildInteractions([{ userId: "ann", itemId: "tea", weight: 2 }]));
 * // => [{ userId: "ann", itemId: "tea", weight: 2 }]
 */
export function interactionsToRows(interactions: Interactions): { userId: string; itemId: string; weight: number; timestamp?: number }[] {
  const m = checkInteractions(interactions, "interactionsToRows");
  const out: { userId: string; itemId: string; weight: number; timestamp?: number }[] = [];
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
      const r: { userId: string; itemId: string; weight: number; timestamp?: number } = {
        userId: String(m.userIds[u]),
        itemId: String(m.itemIds[m.indices[p]]),
        weight: m.values[p],
      };
      if (m.timestamps) r.timestamp = m.timestamps[p];
      out.push(r);
    }
  }
  return out;
}
