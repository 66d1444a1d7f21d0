// Type tests of clientele/sentiment and clientele/journey (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import { scoreSentiment, scoreSentimentBatch, type SentimentScore, type SentimentScores } from "clientele/sentiment";
import {
  buildPaths,
  heuristicAttribution,
  type HeuristicAttribution,
  type JourneyPaths,
  type MarkovAttribution,
  markovAttribution,
  sessionize,
  type Sessions,
} from "clientele/journey";

test("sentiment", () => {
  const s = scoreSentiment("Great service!");
  expectTypeOf(s).toEqualTypeOf<SentimentScore>();
  expectTypeOf(s.compound).toBeNumber();
  expectTypeOf(scoreSentimentBatch(["a", "b"])).toEqualTypeOf<SentimentScores>();
  // @ts-expect-error one text is a string (a batch is scoreSentimentBatch)
  scoreSentiment(["a"]);
  // @ts-expect-error an unknown option
  scoreSentiment("a", { language: "en" });
});

test("journeys", () => {
  const events = [{ customerId: "a", timestamp: "2024-01-01T00:00:00Z", channel: "seo" }];
  expectTypeOf(sessionize(events)).toEqualTypeOf<Sessions>();
  const paths = buildPaths(events, { channels: ["seo"] });
  expectTypeOf(paths).toEqualTypeOf<JourneyPaths>();
  expectTypeOf(paths.path).toEqualTypeOf<string[][]>();
  expectTypeOf(markovAttribution(paths, { order: 2 })).toEqualTypeOf<MarkovAttribution>();
  expectTypeOf(heuristicAttribution(paths)).toEqualTypeOf<HeuristicAttribution>();
  // @ts-expect-error an unknown option
  markovAttribution(paths, { ordr: 2 });
  // @ts-expect-error an event needs a timestamp
  sessionize([{ customerId: "a" }]);
});
