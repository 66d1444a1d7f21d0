-- clientele/sql golden file: score-gamma-gamma (snowflake). Regenerate: UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts
-- params: []
-- columns: ["id","expectedSpend"]
WITH base AS (SELECT "id" AS cid, CAST("frequency" AS DOUBLE) AS x, CAST("recency" AS DOUBLE) AS tx, CAST("T" AS DOUBLE) AS tt, CAST("monetary" AS DOUBLE) AS zbar FROM "summary" WHERE "frequency" IS NOT NULL)
SELECT cid AS "id", CASE WHEN x = 0 THEN 3.521897810218978e1 ELSE ((2.74e0 / (6.25e0 * x)) * (1e0 / (1e0 + (2.74e0 / (6.25e0 * x))))) * 3.521897810218978e1 + (1e0 / (1e0 + (2.74e0 / (6.25e0 * x)))) * zbar END AS "expectedSpend"
FROM base ORDER BY cid
