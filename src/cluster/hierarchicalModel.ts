/**
 * The fitted hierarchical model: its types, its JSON form and its validation (`hierarchicalFromJSON`).
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { checkModelHeader } from "../core/validate.js";

/** How the distance between two clusters is defined when merging. */
export type Linkage = "ward" | "complete" | "average" | "single";

/** Progress report of `fitHierarchical`: merges done so far out of `total` (n - 1). */
export interface HierarchicalProgress {
  /** Merges performed so far. */
  merges: number;
  /** Total merges, n - 1. */
  total: number;
}

/**
 * A fitted agglomerative clustering: a SciPy-style linkage matrix. Row `s` of `merges`
 * is `[i, j, height, size]`: clusters `i < j` merged at `height` into a new cluster of
 * `size` points whose id is `n + s`. Ids `0..n-1` are the original points.
 */
export interface HierarchicalModel {
  kind: "hierarchical";
  version: 1;
  /** The linkage criterion used. */
  linkage: Linkage;
  /** Number of points clustered. */
  n: number;
  /** n - 1 rows `[i, j, height, size]`, sorted by height (ties keep merge order). */
  merges: number[][];
}

export const LINKAGES = ["ward", "complete", "average", "single"] as const;

const modelSchema = z.object({
  kind: z.literal("hierarchical"),
  version: z.literal(1),
  linkage: z.enum(LINKAGES),
  n: z.number().int().min(1),
  merges: z.array(z.array(z.number().finite()).length(4)),
});

/**
 * Validates a saved hierarchical model (e.g. from `JSON.parse`) and returns a fresh copy:
 * header, linkage, n - 1 rows sorted by height, each row merging two distinct, not yet
 * merged clusters with a consistent size. O(n).
 *
 * @param json - the parsed model
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitHierarchical, hierarchicalFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitHierarchical([[0], [1], [5]]));
 * hierarchicalFromJSON(JSON.parse(saved)).n; // => 3
 */
export function hierarchicalFromJSON(json: unknown): HierarchicalModel {
  return validateModel(json, "hierarchicalFromJSON");
}

export function validateModel(json: unknown, fn: string): HierarchicalModel {
  checkModelHeader(json, "hierarchical", 1, fn);
  const res = modelSchema.safeParse(json);
  const bad = (message: string, path: (string | number)[] = ["model"]): never => {
    throw new ClienteleError({ code: "INVALID_MODEL", path, message: `${fn}: ${message} Refit with fitHierarchical.` });
  };
  if (!res.success) {
    const issue = res.error.issues[0];
    bad(`the model is malformed at ${["model", ...issue.path.map(String)].join(".")}: ${issue.message}.`, ["model", ...(issue.path as (string | number)[])]);
  }
  const m = res.data!;
  const n = m.n;
  if (m.merges.length !== n - 1) bad(`merges must have n - 1 = ${n - 1} rows; got ${m.merges.length}.`, ["model", "merges"]);
  const size = new Float64Array(2 * n - 1);
  size.fill(1, 0, n);
  const used = new Uint8Array(2 * n - 1);
  const merges: number[][] = new Array(n - 1);
  for (let s = 0; s < n - 1; s++) {
    const [a, b, h, c] = m.merges[s];
    const limit = n + s;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= limit || b >= limit || a === b) {
      bad(`merges[${s}] joins clusters ${a} and ${b}; ids must be distinct integers below ${limit}.`, ["model", "merges", s]);
    }
    if (used[a] || used[b]) bad(`merges[${s}] reuses a cluster that was already merged.`, ["model", "merges", s]);
    if (h < 0) bad(`merges[${s}] has a negative height ${h}.`, ["model", "merges", s, 2]);
    if (s > 0 && h < m.merges[s - 1][2]) {
      bad(`merges[${s}] has height ${h}, below the previous row's ${m.merges[s - 1][2]}; rows must be sorted by height.`, ["model", "merges", s, 2]);
    }
    used[a] = 1;
    used[b] = 1;
    size[limit] = size[a] + size[b];
    if (c !== size[limit]) bad(`merges[${s}] says size ${c} but its clusters hold ${size[limit]} points.`, ["model", "merges", s, 3]);
    merges[s] = [a, b, h, c];
  }
  return { kind: "hierarchical", version: 1, linkage: m.linkage, n, merges };
}
