// The warehouse path: transactions stay in the database (DuckDB here), the summary and the
// scores are SQL written by clientele/sql, and only the per-customer summary comes to
// JavaScript to fit BG/NBD and Gamma-Gamma.
//
//   simulated transactions in DuckDB -> summarySql -> fitBgNbd + fitGammaGamma (JS)
//   -> scoreSql (CLV, in DuckDB) -> top customers, with the time of each step.
//
// Size: the first argument or CLIENTELE_WAREHOUSE_ROWS, default 1,000,000 transactions, because
// `npm run examples` runs every example in CI (about 30 s at 1 M on a loaded 2-core VM). The
// issue's 10 M: `npx tsx examples/warehouse.ts 10000000` (figures in benchmarks/notes/sql.md).
// DuckDB (@duckdb/node-api) is a dev dependency of clientele; in your app, use your own driver.
import { DuckDBInstance } from "@duckdb/node-api";
import { fitBgNbd, fitGammaGamma } from "clientele/clv";
import { fromRows, scoreSql, summarySql, type SqlQuery } from "clientele/sql";

const rows = Number(process.argv[2] ?? process.env.CLIENTELE_WAREHOUSE_ROWS ?? 1_000_000);
if (!Number.isSafeInteger(rows) || rows < 1000)
  throw new Error(`warehouse example: the size must be a whole number >= 1000, got ${process.argv[2] ?? process.env.CLIENTELE_WAREHOUSE_ROWS}`);
const customers = Math.max(100, Math.round(rows / 20));

const t0 = performance.now();
let last = t0;
const step = (what: string) => {
  const now = performance.now();
  console.log(`${what.padEnd(58)} ${((now - last) / 1000).toFixed(2)} s`);
  last = now;
};

const db = await DuckDBInstance.create(":memory:", { threads: "2" });
const c = await db.connect();
const run = async (q: SqlQuery) => (await c.runAndReadAll(q.sql, q.params as never)).getRowObjectsJS() as Record<string, unknown>[];

// Simulated log, generated inside DuckDB with deterministic hashes (no data leaves the engine):
// each customer joins on a day of 2023, buys at its own rate and stops at its own day;
// same-day refunds on about 2% of the lines.
await c.run(`
  CREATE TABLE customers AS
  SELECT c AS customer_id,
         (hash(c, 1) % 365)::INT AS start_day,
         (hash(c, 1) % 365)::INT + 1 + CASE WHEN hash(c, 2) % 2 = 0 THEN (hash(c, 9) % 60)::INT ELSE (hash(c, 2) % 700)::INT END AS stop_day,
         5 + (hash(c, 3) % 6000) / 100.0 AS spend
  FROM range(${customers}) AS t(c)`);
await c.run(`
  CREATE TABLE orders AS
  SELECT 'C' || lpad(cu.customer_id::VARCHAR, 8, '0') AS customer_id,
         TIMESTAMP '2023-01-01' + to_days(LEAST(cu.start_day + CASE WHEN i < ${customers} THEN 0 ELSE (hash(i, 4) % GREATEST(1, cu.stop_day - cu.start_day))::INT END, 729))
           + to_seconds((hash(i, 5) % 86400)::BIGINT) AS "timestamp",
         round(CASE WHEN hash(i, 6) % 50 = 0 THEN -0.5 ELSE 1 END * cu.spend * (0.5 + (hash(i, 7) % 1000) / 1000.0), 2) AS amount
  FROM range(${rows}) AS t(i) JOIN customers AS cu ON cu.customer_id = CASE WHEN i < ${customers} THEN i ELSE CAST(FLOOR(${customers} * pow((hash(i, 8) % 1000000) / 1e6, 3)) AS BIGINT) END`);
step(`1. ${rows.toLocaleString("en-US")} transactions generated in DuckDB`);

const summaryRows = await run(summarySql({ dialect: "duckdb", table: "orders", observationEnd: "2024-12-31", calibrationEnd: "2024-09-30", timeUnit: "week" }));
step(`2a. summarySql in DuckDB`);
const summary = fromRows(summaryRows);
step(`2b. fromRows: ${summary.n.toLocaleString("en-US")} customers`);

const bg = fitBgNbd(summary);
const gg = fitGammaGamma(summary);
step(`3. fitBgNbd + fitGammaGamma in JavaScript`);
console.log(
  `   BG/NBD r=${bg.params.r.toFixed(3)} alpha=${bg.params.alpha.toFixed(2)} a=${bg.params.a.toFixed(3)} b=${bg.params.b.toFixed(3)}; Gamma-Gamma p=${gg.params.p.toFixed(2)} q=${gg.params.q.toFixed(2)} gamma=${gg.params.gamma.toFixed(2)}`,
);

// The summary goes back as a table the scores read (a warehouse would keep it there).
await c.run(
  `CREATE TABLE summary AS ${summarySql({ dialect: "duckdb", table: "orders", observationEnd: "2024-12-31", calibrationEnd: "2024-09-30", timeUnit: "week" }).sql}`,
);
const score = scoreSql(bg, { dialect: "duckdb", source: "summary", t: 13, spendModel: gg, clv: { horizon: 12, discountRate: 0.01 } });
await c.run(`CREATE TABLE scores AS ${score.sql}`, score.params as never);
step(`4. scoreSql (P(alive), 13-week purchases, spend, 12-month CLV) in DuckDB`);

const top = (
  await c.runAndReadAll(
    `SELECT id, round(pAlive, 3) AS p_alive, round(expectedPurchases, 2) AS next_13_weeks, round(expectedSpend, 2) AS spend, round(clv, 2) AS clv FROM scores ORDER BY clv DESC, id LIMIT 5`,
  )
).getRowObjectsJS();
step(`5. top customers by CLV`);
console.table(top);
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
c.closeSync();
