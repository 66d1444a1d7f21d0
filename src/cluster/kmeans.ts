// K-Means lives in src/cluster/kmeans/, one concept per file (distance kernels, seeding, the
// Lloyd state and driver, exhaustive passes, the bounded scan, reseeding, options, the public
// functions). This file re-exports what it exported before the split, so every import path
// ("./kmeans.js" in index.ts, select.ts and elsewhere) keeps working.
export { fitKMeans, fitKMeansAsync, fitKMeansFlatSteps, meanVariance } from "./kmeans/fit.js";
export { predictKMeans } from "./kmeans/predict.js";
export { kmeansFromJSON } from "./kmeans/json.js";
export type { FitKMeansOptions, FlatKMeansResult, KMeansInit, KMeansModel, KMeansProgress, KMeansRunOptions } from "./kmeans/types.js";
// internals, re-exported for existing imports
export { initCentersFlat, parseKMeansOptions } from "./kmeans/options.js";
export { kmeansPlusPlus, kmeansPlusPlusSteps } from "./kmeans/seeding.js";
export { tooLargeValues } from "./kmeans/errors.js";
export { padColumns, paddedWidth } from "./kmeans/distance.js";
export { inertiaOf } from "./kmeans/exhaustive.js";
export { lloydHamerly } from "./kmeans/lloyd.js";
