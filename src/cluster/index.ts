/**
 * `clientele/cluster`: behavioral segmentation. Feature scaling, K-Means (k-means++,
 * restarts, Hamerly-pruned Lloyd, mini-batch), choosing k (silhouette,
 * Calinski-Harabasz, Davies-Bouldin, elbow), cluster profiles, hierarchical clustering
 * DBSCAN and HDBSCAN. Long fits have `*Async` variants that an `AbortSignal` stops in wall-clock time.
 *
 * @packageDocumentation
 * @module clientele/cluster
 */
export { fitScaler, transformPoints, inverseTransformPoints, scalerFromJSON, pointsToRows } from "./scale.js";
export type { FitScalerOptions, ScaleMethod, Scaler, TransformedPoints } from "./scale.js";
export type { FlatMatrix, PointsInput } from "../core/matrix.js";
export { fitKMeans, fitKMeansAsync, predictKMeans, kmeansFromJSON } from "./kmeans.js";
export type { FitKMeansOptions, KMeansInit, KMeansModel, KMeansProgress } from "./kmeans.js";
export { fitMiniBatchKMeans, fitMiniBatchKMeansAsync, partialFitMiniBatchKMeans, miniBatchKMeansFromJSON } from "./minibatch.js";
export type { FitMiniBatchKMeansOptions, MiniBatchKMeansModel, MiniBatchProgress, PartialFitMiniBatchKMeansOptions } from "./minibatch.js";
export { silhouetteScore, silhouetteSamples, calinskiHarabasz, daviesBouldin } from "./metrics.js";
export type { SilhouetteScoreOptions } from "./metrics.js";
export { elbow, elbowAsync, findKnee, selectK, selectKAsync } from "./select.js";
export type { ElbowOptions, ElbowResult, SelectKCriterion, SelectKOptions, SelectKResult, SelectKScore, SelectProgress } from "./select.js";
export { profileClusters } from "./profile.js";
export type { ClusterProfile, ClusterProfiles, DistinguishingFeature, ProfileClustersOptions } from "./profile.js";
export { fitHierarchical, fitHierarchicalAsync, cutTree, dendrogram, hierarchicalFromJSON, HIERARCHICAL_MAX_MEMORY_BYTES } from "./hierarchical.js";
export type { CutTreeOptions, Dendrogram, FitHierarchicalOptions, HierarchicalModel, HierarchicalProgress, Linkage } from "./hierarchical.js";
export { dbscan, dbscanAsync, suggestEps } from "./dbscan.js";
export type { DbscanAsyncOptions, DbscanMetric, DbscanOptions, DbscanResult, SuggestEpsOptions, SuggestEpsResult } from "./dbscan.js";
export { fitHdbscan, fitHdbscanAsync, predictHdbscan, hdbscanFromJSON, hdbscanRows, HDBSCAN_PRIM_MAX_AUTO, HDBSCAN_PRIM_MAX_N } from "./hdbscan.js";
export type {
  FitHdbscanAsyncOptions,
  FitHdbscanOptions,
  HdbscanAlgorithm,
  HdbscanCondensedTree,
  HdbscanModel,
  HdbscanPrediction,
  HdbscanRow,
  HdbscanSelection,
} from "./hdbscan.js";
export { fitPca, transformPca, inverseTransformPca, pcaFromJSON, PCA_EXACT_MAX_DIM } from "./pca.js";
export type { FitPcaOptions, PcaModel, PcaSolver } from "./pca.js";
export { fitAutoencoder, fitAutoencoderAsync, encodeAutoencoder, decodeAutoencoder, autoencoderFromJSON } from "./autoencoder.js";
export type { Activation, AutoencoderLayer, AutoencoderModel, AutoencoderProgress, FitAutoencoderAsyncOptions, FitAutoencoderOptions } from "./autoencoder.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
