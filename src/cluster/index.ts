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
export { fitKMeans, predictKMeans, kmeansFromJSON } from "./kmeans.js";
export type { FitKMeansOptions, KMeansInit, KMeansModel, KMeansProgress } from "./kmeans.js";
export { fitMiniBatchKMeans, partialFitMiniBatchKMeans, miniBatchKMeansFromJSON } from "./minibatch.js";
export type { FitMiniBatchKMeansOptions, MiniBatchKMeansModel, MiniBatchProgress, PartialFitMiniBatchKMeansOptions } from "./minibatch.js";
export { silhouetteScore, silhouetteSamples, calinskiHarabasz, daviesBouldin } from "./metrics.js";
export type { SilhouetteScoreOptions } from "./metrics.js";
export { elbow, findKnee, selectK } from "./select.js";
export type { ElbowOptions, ElbowResult, SelectKCriterion, SelectKOptions, SelectKResult, SelectKScore } from "./select.js";
export { profileClusters } from "./profile.js";
export type { ClusterProfile, ClusterProfiles, DistinguishingFeature, ProfileClustersOptions } from "./profile.js";
export { fitHierarchical, cutTree, dendrogram, hierarchicalFromJSON } from "./hierarchical.js";
export type { CutTreeOptions, Dendrogram, FitHierarchicalOptions, HierarchicalModel, HierarchicalProgress, Linkage } from "./hierarchical.js";
export { dbscan, suggestEps } from "./dbscan.js";
export type { DbscanMetric, DbscanOptions, DbscanResult, SuggestEpsOptions, SuggestEpsResult } from "./dbscan.js";
