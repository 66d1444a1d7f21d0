// Type tests of clientele/sql, clientele/plot and clientele/personalize (compile-only:
// npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import { fromRows, rfmSql, scoreSql, type SqlQuery, summarySql } from "clientele/sql";
import { type LayeredSpec, plotElbow, plotRoc, plotSegmentShares } from "clientele/plot";
import { fitSendTime, fitUplift, predictUplift, type SendTimeModel, type UpliftModel, type UpliftPrediction } from "clientele/personalize";
import type { TransactionSummary } from "clientele/data";
import type { SegmentReportRow } from "clientele/rfm";
import { fitBgNbd } from "clientele/clv";

test("sql writers return a query with its columns", () => {
  const q = summarySql({ dialect: "duckdb", table: "orders", timeUnit: "week" });
  expectTypeOf(q).toEqualTypeOf<SqlQuery>();
  expectTypeOf(q.sql).toBeString();
  expectTypeOf(q.params).toEqualTypeOf<(string | number)[]>();
  expectTypeOf(rfmSql({ dialect: "postgres", source: "summary" })).toEqualTypeOf<SqlQuery>();
  expectTypeOf(scoreSql(fitBgNbd({ frequency: [0], recency: [0], T: [1] }), { dialect: "duckdb", source: "summary", t: 39 })).toEqualTypeOf<SqlQuery>();
  expectTypeOf(fromRows([])).toEqualTypeOf<TransactionSummary>();
  // @ts-expect-error dialect is required
  summarySql({ table: "orders" });
  // @ts-expect-error dialect is "duckdb" | "postgres" | ...
  summarySql({ dialect: "oracle", table: "orders" });
  // @ts-expect-error an unknown option
  summarySql({ dialect: "duckdb", table: "orders", where: "1 = 1" });
});

test("plot specs are plain JSON objects with their data", () => {
  const spec = plotElbow({ ks: [1, 2], inertias: [2, 1], knee: null });
  expectTypeOf(spec).toEqualTypeOf<LayeredSpec>();
  expectTypeOf(spec.$schema).toBeString();
  expectTypeOf(plotRoc([0, 1], [0.1, 0.9]).title.subtitle).toEqualTypeOf<string | string[]>();
  expectTypeOf(plotSegmentShares).parameter(0).toEqualTypeOf<readonly SegmentReportRow[]>();
  // @ts-expect-error an unknown option
  plotElbow({ ks: [1, 2], inertias: [2, 1], knee: null }, { colour: "red" });
});

test("personalize: uplift and send time", () => {
  const m = fitUplift([[0], [1]], ["control", "email"], [0, 1], { method: "t-learner" });
  expectTypeOf(m).toEqualTypeOf<UpliftModel>();
  expectTypeOf(m.kind).toEqualTypeOf<"uplift">();
  expectTypeOf(predictUplift(m, [[0]])).toEqualTypeOf<UpliftPrediction>();
  expectTypeOf(predictUplift(m, [[0]]).best).toEqualTypeOf<string[]>();
  expectTypeOf(fitSendTime([])).toEqualTypeOf<SendTimeModel>();
  // @ts-expect-error method is "t-learner" | "x-learner"
  fitUplift([[0]], [0], [0], { method: "s-learner" });
});
