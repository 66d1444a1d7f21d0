/**
 * `clientele/recommend`: implicit-feedback interactions, item- and user-based nearest
 * neighbours, ALS matrix factorization, content and popularity models, hybrids with
 * explanations, and ranking evaluation against a popularity baseline.
 *
 * @packageDocumentation
 * @module clientele/recommend
 */
export {
  buildInteractions,
  interactionsFromJSON,
  interactionsToRows,
  simulateInteractions,
  type BuildInteractionsOptions,
  type RecommendId,
  type InteractionColumns,
  type InteractionRow,
  type Interactions,
  type SimulateInteractionsOptions,
  type SimulatedInteractions,
} from "./interactions.js";
export {
  fitItemKnn,
  fitItemKnnAsync,
  fitUserKnn,
  fitUserKnnAsync,
  type FitKnnOptions,
  type ItemKnnModel,
  type KnnSimilarity,
  type UserKnnModel,
} from "./knn.js";
export { fitAls, fitAlsAsync, foldInUser, type AlsModel, type AlsProgress, type FitAlsOptions, type HistoryEntry } from "./als.js";
export {
  fitContent,
  fitPopularity,
  type ContentModel,
  type FitContentOptions,
  type FitPopularityOptions,
  type ItemAttributes,
  type PopularityModel,
} from "./content.js";
export {
  explain,
  fitHybrid,
  recommend,
  recommendAll,
  similarItems,
  type Explanation,
  type HybridComponent,
  type HybridModel,
  type Recommendation,
  type RecommendAllOptions,
  type RecommenderModel,
  type RecommendOptions,
  type SimilarItem,
  type UserRecommendations,
} from "./recommend.js";
export {
  compareToPopularity,
  evaluateRanking,
  formatEvaluationTable,
  splitInteractions,
  type EvaluateRankingOptions,
  type EvaluationRow,
  type InteractionsSplit,
  type RankingMetrics,
  type SplitInteractionsOptions,
} from "./evaluate.js";
export {
  alsFromJSON,
  contentFromJSON,
  hybridFromJSON,
  itemKnnFromJSON,
  popularityFromJSON,
  recommenderFromJSON,
  userKnnFromJSON,
} from "./serialize.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
