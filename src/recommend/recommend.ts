// Recommending lives in src/recommend/recommend/, one concept per file: the model union and
// kind check, the options, user histories, per-model scoring, preparing and ranking one list
// (with MMR diversity), the recommend / recommendAll entry points, similarItems, explain and
// fitHybrid. This file re-exports what it exported before the split, so every import path
// ("./recommend.js" in index.ts, evaluate.ts, serialize.ts) keeps working.
export { checkModelKind } from "./recommend/models.js";
export type { HybridComponent, HybridModel, RecommenderModel } from "./recommend/models.js";
export type { Recommendation, RecommendOptions } from "./recommend/options.js";
export { recommend, recommendAll, recommendAllWith } from "./recommend/lists.js";
export type { UserRecommendations, RecommendAllOptions } from "./recommend/lists.js";
export { similarItems } from "./recommend/similar.js";
export type { SimilarItem } from "./recommend/similar.js";
export { explain } from "./recommend/explain.js";
export type { Explanation } from "./recommend/explain.js";
export { fitHybrid } from "./recommend/hybrid.js";
