// kmeansFromJSON: validation of a saved K-Means model.
import * as z from "../../core/schema.js";
import { checkModelHeader, parseWith } from "../../core/validate.js";
import type { KMeansModel } from "./types.js";

/** k x d centroid rows of finite numbers (at least one of each). Internal. */
export const rowsSchema = z.array(z.array(z.number().finite()).min(1)).min(1);

const kmeansModelSchema = z
  .object({
    kind: z.literal("kmeans"),
    version: z.literal(1),
    centroids: rowsSchema,
    labels: z.array(z.number().int().nonnegative()),
    inertia: z.number().finite().nonnegative(),
    nIter: z.number().int().nonnegative(),
    converged: z.boolean(),
  })
  .refine((m) => m.centroids.every((r) => r.length === m.centroids[0].length), { message: "centroid rows must have equal length" })
  .refine((m) => m.labels.every((l) => l < m.centroids.length), { message: "labels must be < the number of centroids" });

/**
 * Validates a saved K-Means model (e.g. `JSON.parse` of a stored one) and returns it typed.
 *
 * @param json - a value produced by `JSON.stringify(fitKMeans(...))`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitKMeans, kmeansFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitKMeans([[0], [1], [5]], { k: 2 }));
 * kmeansFromJSON(JSON.parse(saved)).kind; // => "kmeans"
 */
export function kmeansFromJSON(json: unknown): KMeansModel {
  const fn = "kmeansFromJSON";
  checkModelHeader(json, "kmeans", 1, fn);
  return parseWith(kmeansModelSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as KMeansModel;
}
