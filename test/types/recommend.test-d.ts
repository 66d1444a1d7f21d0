// Type tests of clientele/recommend (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  type AlsModel,
  buildInteractions,
  fitAls,
  fitItemKnn,
  fitPopularity,
  type Interactions,
  type ItemKnnModel,
  type PopularityModel,
  type Recommendation,
  type RecommenderModel,
  recommend,
  recommenderFromJSON,
} from "clientele/recommend";

test("interactions, models and recommendations", () => {
  const it = buildInteractions([{ userId: "u", itemId: "i" }]);
  expectTypeOf(it).toEqualTypeOf<Interactions>();
  expectTypeOf(it.kind).toEqualTypeOf<"interactions">();
  const als = fitAls(it, { factors: 8, iterations: 5 });
  expectTypeOf(als).toEqualTypeOf<AlsModel>();
  expectTypeOf(als.kind).toEqualTypeOf<"als">();
  expectTypeOf(fitItemKnn(it)).toEqualTypeOf<ItemKnnModel>();
  expectTypeOf(fitPopularity(it)).toEqualTypeOf<PopularityModel>();
  expectTypeOf<RecommenderModel["kind"]>().toEqualTypeOf<"popularity" | "item-knn" | "user-knn" | "als" | "content" | "hybrid">();
  expectTypeOf(recommend(als, it, "u", { k: 5, excludeSeen: true })).toEqualTypeOf<Recommendation[]>();
  expectTypeOf(recommenderFromJSON(JSON.parse("{}"))).toEqualTypeOf<RecommenderModel>();
  // @ts-expect-error an unknown option
  fitAls(it, { rank: 8 });
  // @ts-expect-error an unknown option
  recommend(als, it, "u", { topK: 5 });
});
