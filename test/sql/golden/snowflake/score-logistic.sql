-- clientele/sql golden file: score-logistic (snowflake). Regenerate: UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts
-- params: []
-- columns: ["id","probability"]
WITH base AS (SELECT "customer" AS cid, -5e-1 + 8e-1 * CAST("frequency" AS DOUBLE) + -3e-2 * CAST("days since" AS DOUBLE) AS eta FROM "ml"."features")
SELECT cid AS "id", CASE WHEN eta >= 0e0 THEN 1e0 / (1e0 + EXP(GREATEST(-7e2, -eta))) ELSE EXP(GREATEST(-7e2, eta)) / (1e0 + EXP(GREATEST(-7e2, eta))) END AS "probability"
FROM base ORDER BY cid
