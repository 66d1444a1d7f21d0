// predictKMeans, and the nearest-center labelling it shares with mini-batch K-Means.
import { ClienteleError, describeValue } from "../../core/errors.js";
import type { FlatMatrix, PointsInput } from "../../core/matrix.js";
import type { KernelBackend } from "../../core/wasm.js";
import { parseWith } from "../../core/validate.js";
import { nearestWithKernel } from "../assignKernel.js";
import { assignNearest, maxAbsOf, safeFactor, scaleSafe, toFlat } from "../internal.js";
import { rowsSchema } from "./json.js";

/**
 * Nearest center of every point (ties to the lower index) into `labels`: in the WebAssembly
 * kernel when the runtime has it and the batch is big enough to pay for its setup (a few
 * microseconds), else in JavaScript; both give the same labels. Internal.
 */
export function nearestLabels(x: FlatMatrix, c: Float64Array, k: number, labels: Int32Array, backend: KernelBackend = "auto"): void {
  if (x.n * k < 4096 || !nearestWithKernel(x.data, x.n, x.d, c, k, labels, backend)) assignNearest(x, c, k, labels);
}

/**
 * Assigns each point to its nearest centroid (ties go to the lower index). Works with
 * K-Means and mini-batch K-Means models. Runs in O(n k d), in the WebAssembly SIMD kernel
 * when the runtime supports it (same labels as the JavaScript path).
 *
 * @param model - from `fitKMeans`, `fitMiniBatchKMeans` or `partialFitMiniBatchKMeans`
 * @param points - points in the same (scaled) feature space as the fit
 * @returns the cluster index of each point
 * @throws ClienteleError `INVALID_MODEL`, `SHAPE_MISMATCH`, `EMPTY_INPUT`, `NON_FINITE`
 * @example
 * import { fitKMeans, predictKMeans } from "clientele/cluster";
 * const m = fitKMeans([[0], [1], [10], [11]], { k: 2, init: [[0], [10]] });
 * predictKMeans(m, [[2], [12]]); // => [0, 1]
 */
export function predictKMeans(model: { centroids: number[][] }, points: PointsInput): number[] {
  return predictKMeansWith(model, points, "auto");
}

/** predictKMeans with a forced assignment backend ("auto" | "wasm" | "js"; tests). Internal. */
export function predictKMeansWith(model: { centroids: number[][] }, points: PointsInput, backend: KernelBackend): number[] {
  const fn = "predictKMeans";
  if (model === null || typeof model !== "object") {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model"],
      received: model,
      message: `${fn}: expected a fitted K-Means model. Got ${describeValue(model)}.`,
    });
  }
  const cents = parseWith(rowsSchema, (model as { centroids: unknown }).centroids, fn, { code: "INVALID_MODEL", root: "model.centroids" });
  const k = cents.length;
  const d = cents[0].length;
  let x = toFlat(points, fn, "points", true);
  if (x.d !== d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: x.d,
      message: `${fn}: points have ${x.d} features but the model's centroids have ${d}. Transform new points exactly as the fitting data.`,
    });
  }
  const c = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    if (cents[j].length !== d) {
      throw new ClienteleError({ code: "INVALID_MODEL", path: ["model", "centroids", j], message: `${fn}: model.centroids rows differ in length.` });
    }
    for (let t = 0; t < d; t++) c[j * d + t] = cents[j][t];
  }
  // huge or tiny coordinates: compare distances on everything times an exact power of two,
  // so squared distances neither overflow to Infinity (all tied) nor underflow to 0
  const f = safeFactor(Math.max(maxAbsOf(x.data), maxAbsOf(c)));
  if (f !== 1) {
    x = scaleSafe(x);
    for (let q = 0; q < c.length; q++) c[q] *= f;
  }
  const labels = new Int32Array(x.n);
  nearestLabels(x, c, k, labels, backend);
  return Array.from(labels);
}
