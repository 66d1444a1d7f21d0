-- clientele/sql golden file: partial (postgres). Regenerate: UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts
-- params: []
-- columns: ["id","day","net","gross","rows","inputRows","missingRows","invalidTimestampRows","nonFiniteAmountRows"]
WITH src AS (SELECT CAST("customer_id" AS text) AS cid, CASE WHEN (CAST("timestamp" AS double precision) >= 1e8 AND CAST("timestamp" AS double precision) < 1e10) THEN CAST(FLOOR(CAST("timestamp" AS double precision) / 8.64e4) AS BIGINT) END AS d, CAST("amount" AS double precision) AS a, CASE WHEN "customer_id" IS NULL OR TRIM(CAST("customer_id" AS text)) = '' OR "timestamp" IS NULL OR "amount" IS NULL THEN 1 ELSE 0 END AS bad_missing, CASE WHEN ("timestamp" IS NOT NULL AND NOT (CAST("timestamp" AS double precision) >= 1e8 AND CAST("timestamp" AS double precision) < 1e10)) THEN 1 ELSE 0 END AS bad_ts, CASE WHEN "amount" IS NOT NULL AND NOT (CAST("amount" AS double precision) >= -1.7976931348623157e308 AND CAST("amount" AS double precision) <= 1.7976931348623157e308) THEN 1 ELSE 0 END AS bad_amount FROM "shard_07"."orders"),
chk AS (SELECT COUNT(*) AS n_rows, SUM(bad_missing) AS n_missing, SUM(bad_ts) AS n_bad_ts, SUM(bad_amount) AS n_bad_amount FROM src),
days AS (SELECT cid, d, SUM(a) AS net, SUM(ABS(a)) AS gross, COUNT(*) AS n FROM src WHERE bad_missing = 0 AND bad_ts = 0 AND bad_amount = 0 AND d IS NOT NULL GROUP BY cid, d)
SELECT days.cid AS "id", days.d AS "day", days.net AS "net", days.gross AS "gross", days.n AS "rows", chk.n_rows AS "inputRows", chk.n_missing AS "missingRows", chk.n_bad_ts AS "invalidTimestampRows", chk.n_bad_amount AS "nonFiniteAmountRows"
FROM chk LEFT JOIN days ON TRUE
ORDER BY days.cid, days.d
