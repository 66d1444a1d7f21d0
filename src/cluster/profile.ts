import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import type { PointsInput } from "../core/matrix.js";
import { parseOptions } from "../core/validate.js";
import { denseLabels, flatToRows, maxAbsOf, safeFactor, scaleSafe, toFlat, toLabels } from "./internal.js";
import { inverseTransformPoints, scalerFromJSON, type Scaler } from "./scale.js";

/** Options of {@link profileClusters}. */
export interface ProfileClustersOptions {
  /** One name per feature column. Default `"x0", "x1", ...`. */
  featureNames?: string[];
  /** The scaler the points were transformed with; centroids are then reported in original units. */
  scaler?: Scaler;
  /** How many distinguishing features to list per cluster. Default 3. */
  top?: number;
}

/** A feature that sets a cluster apart. */
export interface DistinguishingFeature {
  /** Feature name. */
  feature: string;
  /** Column index. */
  index: number;
  /** (cluster mean - overall mean) / overall standard deviation, in the clustered space. */
  z: number;
  /** Whether the cluster is above or below the overall mean. */
  direction: "higher" | "lower";
}

/** Profile of one cluster. */
export interface ClusterProfile {
  /** The cluster's label as passed in. */
  label: number;
  /** Number of points. */
  size: number;
  /** Fraction of all points. */
  share: number;
  /** Centroid in original units (mapped back through the scaler when given). */
  centroid: number[];
  /** Centroid in the clustered (scaled) space. */
  centroidScaled: number[];
  /** Standardized difference from the overall mean, per feature. */
  z: number[];
  /** The `top` features with the largest |z|, largest first. */
  distinguishing: DistinguishingFeature[];
}

/** Result of {@link profileClusters}. */
export interface ClusterProfiles {
  /** Feature names used. */
  featureNames: string[];
  /** Overall mean in original units (mapped back through the scaler when given). */
  overallMean: number[];
  /** One profile per cluster, largest first. */
  clusters: ClusterProfile[];
}

const schema = z
  .object({
    featureNames: z.array(z.string()).optional(),
    scaler: z.any().optional(),
    top: z.number().int().positive().default(3),
  })
  .strict();

/**
 * Describes each cluster so a marketer can name it: size, share, centroid in original
 * units, and the features that most distinguish it (standardized difference of the
 * cluster mean from the overall mean, in the clustered space). O(n d + k d log d).
 *
 * With a `scaler`, `points` are the scaled points that were clustered; centroids are
 * mapped back with `inverseTransformPoints` (for log1p columns this is the back-transformed
 * mean of the logs, a geometric-type mean that resists outliers).
 *
 * @param points - the clustered points, `number[][]` or `{ data, n, d }`
 * @param labels - one integer cluster id per point (e.g. `model.labels`)
 * @param options - `featureNames`, `scaler`, `top` (default 3)
 * @throws ClienteleError `LENGTH_MISMATCH` (labels or featureNames), `INVALID_LABEL`, `SHAPE_MISMATCH` (scaler), `INVALID_MODEL`, `EMPTY_INPUT`, `NON_FINITE`
 * @example
 * import { profileClusters } from "clientele/cluster";
 * const p = profileClusters([[0, 5], [1, 5], [10, 5], [11, 5]], [0, 0, 1, 1], { featureNames: ["spend", "age"], top: 1 });
 * p.clusters[0].centroid; // => [0.5, 5]
 * p.clusters[0].distinguishing; // => [{ feature: "spend", index: 0, z: -0.995..., direction: "lower" }]
 */
export function profileClusters(points: PointsInput, labels: ArrayLike<number>, options: ProfileClustersOptions = {}): ClusterProfiles {
  const fn = "profileClusters";
  const o = parseOptions(schema, options, fn);
  const x0 = toFlat(points, fn, "points", true);
  // huge or tiny values: work on the data times an exact power of two (z is scale-free),
  // so sums neither overflow to Infinity nor squares underflow to 0; undone for centroids
  const f = safeFactor(maxAbsOf(x0.data));
  const x = f === 1 ? x0 : scaleSafe(x0);
  const { data, n, d } = x;
  const lab = toLabels(labels, n, fn);
  const names = o.featureNames ?? Array.from({ length: d }, (_, j) => `x${j}`);
  if (names.length !== d) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["options", "featureNames"],
      received: names.length,
      message: `${fn}: options.featureNames has ${names.length} names but points have ${d} features.`,
    });
  }
  const scaler = o.scaler === undefined ? undefined : scalerFromJSON(o.scaler);
  const { ids, values, sizes } = denseLabels(lab);
  const m = values.length;
  const cent = new Float64Array(m * d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = ids[i];
    for (let t = 0; t < d; t++) {
      cent[c * d + t] += data[i * d + t];
      mean[t] += data[i * d + t];
    }
  }
  for (let t = 0; t < d; t++) mean[t] /= n;
  for (let c = 0; c < m; c++) for (let t = 0; t < d; t++) cent[c * d + t] /= sizes[c];
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - mean[t];
      sd[t] += diff * diff;
    }
  }
  for (let t = 0; t < d; t++) sd[t] = Math.sqrt(sd[t] / n);
  const centRows = flatToRows(cent, m, d);
  if (f !== 1) {
    for (const row of centRows) for (let t = 0; t < d; t++) row[t] /= f;
    for (let t = 0; t < d; t++) mean[t] /= f;
  }
  const centOrig = scaler ? inverseTransformPoints(scaler, centRows) : centRows;
  const meanOrig = scaler ? inverseTransformPoints(scaler, [Array.from(mean)])[0] : Array.from(mean);
  const clusters: ClusterProfile[] = [];
  for (let c = 0; c < m; c++) {
    const zs = new Array<number>(d);
    for (let t = 0; t < d; t++) zs[t] = sd[t] > 0 ? (cent[c * d + t] - mean[t] * f) / sd[t] : 0;
    const order = Array.from({ length: d }, (_, t) => t).sort((a, b) => Math.abs(zs[b]) - Math.abs(zs[a]) || a - b);
    clusters.push({
      label: values[c],
      size: sizes[c],
      share: sizes[c] / n,
      centroid: centOrig[c],
      centroidScaled: centRows[c],
      z: zs,
      distinguishing: order.slice(0, o.top).map((t) => ({
        feature: names[t],
        index: t,
        z: zs[t],
        direction: zs[t] >= 0 ? ("higher" as const) : ("lower" as const),
      })),
    });
  }
  clusters.sort((a, b) => b.size - a.size || a.label - b.label);
  return { featureNames: names.slice(), overallMean: meanOrig, clusters };
}
