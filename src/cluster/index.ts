/**
 * `clientele/cluster`: behavioral segmentation. Feature scaling, K-Means (k-means++,
 * restarts, Hamerly-pruned Lloyd, mini-batch), choosing k (silhouette,
 * Calinski-Harabasz, Davies-Bouldin, elbow), cluster profiles, hierarchical clustering
 * and DBSCAN.
 *
 * @packageDocumentation
 */
export { fitScaler, transformPoints, inverseTransformPoints, scalerFromJSON } from "./scale.js";
export type { FitScalerOptions, ScaleMethod, Scaler, TransformedPoints } from "./scale.js";
export type { FlatMatrix, PointsInput } from "../core/matrix.js";
