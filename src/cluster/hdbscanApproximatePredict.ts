/**
 * Assigning new points to a fitted HDBSCAN model (`predictHdbscan`, the `hdbscan` library's `approximate_predict`).
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { toFlatMatrix, type PointsInput } from "../core/matrix.js";
import { parseOptions } from "../core/validate.js";
import { jsonColumns } from "../core/json.js";
import { buildKdTree, stackSize, type KdTree } from "./kdtree.js";
import { kNearest, predictOne, type PredictTables } from "./hdbscanPredict.js";
import { checkedModel, type HdbscanModel } from "./hdbscanModel.js";

/** Result of `predictHdbscan`. */
export interface HdbscanPrediction {
  /** Per new point: a training cluster label, or -1 (noise). */
  labels: Int32Array;
  /** Per new point: membership strength in [0, 1]. */
  probabilities: Float64Array;
}

/** Prediction tables and the k-d tree over the training points, built once per model object. */
const cache = new WeakMap<object, { t: PredictTables; tree: KdTree }>();

function tablesOf(model: HdbscanModel): { t: PredictTables; tree: KdTree } {
  const hit = cache.get(model);
  if (hit) return hit;
  const { n } = model;
  const ct = model.condensedTree;
  const nClustersTree = 1 + ct.child.reduce((m, c) => Math.max(m, c - n), 0);
  const up = new Int32Array(Math.max(1, nClustersTree)).fill(-1);
  const birth = new Float64Array(up.length);
  const pointParent = new Int32Array(n).fill(n);
  const pointLambda = new Float64Array(n);
  for (let i = 0; i < ct.child.length; i++) {
    const c = ct.child[i];
    if (c >= n) {
      up[c - n] = ct.parent[i];
      birth[c - n] = ct.lambda[i];
    } else {
      pointParent[c] = ct.parent[i];
      pointLambda[c] = ct.lambda[i];
    }
  }
  const direct = new Float64Array(up.length);
  for (let i = 0; i < ct.parent.length; i++) if (ct.lambda[i] > direct[ct.parent[i] - n]) direct[ct.parent[i] - n] = ct.lambda[i];
  const clusterLabel = new Int32Array(up.length).fill(-1);
  const clusterMaxLambda = new Float64Array(up.length);
  const owner = new Int32Array(up.length).fill(-1);
  const selIndex = new Map<number, number>();
  model.selectedClusters.forEach((c, i) => selIndex.set(c, i));
  for (let c = 0; c < up.length; c++) {
    if (selIndex.has(c + n)) owner[c] = c;
    else if (c > 0 && up[c] >= n) owner[c] = owner[up[c] - n];
    if (owner[c] >= 0) {
      clusterLabel[c] = selIndex.get(owner[c] + n)!;
      clusterMaxLambda[c] = direct[owner[c]];
    }
  }
  const tree = buildKdTree(model.points instanceof Float64Array ? model.points : Float64Array.from(model.points), n, model.d);
  const out = { t: { n, pointParent, pointLambda, up, birth, clusterLabel, clusterMaxLambda, predictCore: model.predictCoreDistances }, tree };
  cache.set(model, out);
  return out;
}

/**
 * Assigns new points to the clusters of a fitted HDBSCAN model without refitting, as the
 * `hdbscan` library's `approximate_predict`: each new point joins the condensed tree where its
 * nearest mutual-reachability neighbour among the training points sits, at the lambda of
 * that distance; its probability is that lambda over the cluster's largest lambda. Labels are
 * those of the training clustering (-1 for noise).
 *
 * @param model - from `fitHdbscan` (or `hdbscanFromJSON`)
 * @param points - new points with the model's number of features
 * @param options - none yet (unknown keys are rejected)
 * @throws ClienteleError `INVALID_MODEL` / `WRONG_MODEL_KIND` / `UNSUPPORTED_MODEL_VERSION`, `SHAPE_MISMATCH` (points with another number of features than the model), `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { fitHdbscan, predictHdbscan } from "clientele/cluster";
 * const m = fitHdbscan([[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]], { minClusterSize: 3, minSamples: 2 });
 * Array.from(predictHdbscan(m, [[0.5, 0.5], [10.5, 10.5], [40, 40]]).labels); // => [0, 1, -1]
 */
export function predictHdbscan(model: HdbscanModel, points: PointsInput, options: Record<string, never> = {}): HdbscanPrediction {
  const fn = "predictHdbscan";
  parseOptions(z.object({}), options, fn);
  const m = checkedModel(model, fn);
  const x = toFlatMatrix(points, fn);
  if (x.d !== m.d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: x.d,
      message: `${fn}: the model was fitted on ${m.d} features but points have ${x.d}. Pass points with the same features (and scaling) as the training data.`,
    });
  }
  const { t, tree } = tablesOf(m);
  const labels = new Int32Array(x.n).fill(-1);
  const probs = new Float64Array(x.n);
  if (m.selectedClusters.length === 0) return jsonColumns({ labels, probabilities: probs });
  const k = Math.min(2 * m.minSamples, m.n);
  const idx = new Int32Array(k);
  const dist = new Float64Array(k);
  const stack = new Int32Array(stackSize(tree));
  const stackDist = new Float64Array(stack.length);
  for (let i = 0; i < x.n; i++) {
    kNearest(tree, x.data, i * x.d, k, idx, dist, stack, stackDist);
    for (let j = 0; j < k; j++) idx[j] = tree.perm[idx[j]];
    const [l, p] = predictOne(t, idx, dist, k, m.minSamples);
    labels[i] = l;
    probs[i] = p;
  }
  return jsonColumns({ labels, probabilities: probs });
}
