// Benchmark for clientele/sql. Run: npx tsx benchmarks/sql.bench.ts [compare N | path N]
//   compare N (default 10,000,000): summarizeTransactions (clientele/data) in memory against the
//     generated summarySql on embedded DuckDB with 1 and 2 threads, over the same columns
//     (numeric ids, then string ids; epoch-ms timestamps in time order; amounts). DuckDB's time
//     is the query into a table (engine only); the columns are appended before the clock starts.
//   path N: the warehouse path on DuckDB, in this process: N transactions generated in DuckDB,
//     summarySql -> fromRows, fitBgNbd + fitGammaGamma, scoreSql (P(alive), 13-week purchases,
//     12-month CLV) into a table; time of each step and the process's peak RSS (maxRSS).
import { cpus, totalmem } from "node:os";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { summarizeTransactions } from "../src/data/index.js";
import { fitBgNbd, fitGammaGamma } from "../src/clv/index.js";
import { fromRows, scoreSql, summarySql } from "../src/sql/index.js";

const mode = process.argv[2] ?? "compare";
const N = Number(process.argv[3] ?? 10_000_000);
const sec = (ms: number) => (ms / 1000).toFixed(2) + " s";
console.log(
  `# sql.bench ${mode} N=${N.toLocaleString("en-US")} | ${new Date().toISOString()} | ${cpus().length} cores (${cpus()[0]?.model}) | ${(totalmem() / 2 ** 30).toFixed(1)} GiB | node ${process.version}`,
);

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
}

if (mode === "compare") {
  // deterministic log: C customers (skewed activity), timestamps increasing over 2 years
  const C = Math.round(N / 20);
  const idNum = new Float64Array(N);
  const ts = new Float64Array(N);
  const amount = new Float64Array(N);
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const t0 = Date.UTC(2023, 0, 1);
  const span = 730 * 86_400_000;
  for (let i = 0; i < N; i++) {
    idNum[i] = Math.floor(C * rnd() ** 2);
    ts[i] = t0 + Math.floor((i / N) * span);
    amount[i] = Math.round((rnd() < 0.02 ? -1 : 1) * (5 + 95 * rnd()) * 100) / 100;
  }
  const idStr = Array.from(idNum, (x) => "C" + x);
  const observationEnd = t0 + span;
  const db = await DuckDBInstance.create(":memory:", { threads: "2" });
  const c = await db.connect();
  const load = async (name: string, ids: ArrayLike<number | string>) => {
    const str = typeof ids[0] === "string";
    await c.run(`CREATE OR REPLACE TABLE ${name} (customer_id ${str ? "VARCHAR" : "BIGINT"}, "timestamp" DOUBLE, amount DOUBLE)`);
    const app = await c.createAppender(name);
    for (let i = 0; i < N; i++) {
      if (str) app.appendVarchar(ids[i] as string);
      else app.appendBigInt(BigInt(ids[i] as number));
      app.appendDouble(ts[i]);
      app.appendDouble(amount[i]);
      app.endRow();
    }
    app.closeSync();
  };
  for (const [label, ids] of [
    ["numeric ids", idNum],
    ["string ids", idStr],
  ] as const) {
    const js: number[] = [];
    for (let r = 0; r < 2; r++)
      js.push((await timed(() => summarizeTransactions({ customerId: ids as never, timestamp: ts, amount }, { observationEnd, timeUnit: "week" })))[1]);
    await load("tx", ids);
    const q = summarySql({ dialect: "duckdb", table: "tx", timestampType: "ms", observationEnd, timeUnit: "week" });
    const duck: Record<number, number> = {};
    for (const threads of [1, 2]) {
      await c.run(`SET threads = ${threads}`);
      let best = Infinity;
      for (let r = 0; r < 2; r++) best = Math.min(best, (await timed(() => c.run(`CREATE OR REPLACE TABLE s AS ${q.sql}`)))[1]);
      duck[threads] = best;
    }
    const j = Math.min(...js);
    console.log(`| ${label} | ${sec(j)} | ${sec(duck[1])} | ${sec(duck[2])} | ${(j / duck[1]).toFixed(2)}x | ${(j / duck[2]).toFixed(2)}x |`);
    await c.run("DROP TABLE tx");
  }
  console.log("(columns: in-memory summarizeTransactions best of 2 | DuckDB summarySql 1 thread | 2 threads | JS / DuckDB-1 | JS / DuckDB-2)");
} else {
  const db = await DuckDBInstance.create(":memory:", { threads: "2" });
  const c: DuckDBConnection = await db.connect();
  const C = Math.max(100, Math.round(N / 20));
  const [, gen] = await timed(async () => {
    await c.run(`CREATE TABLE customers AS SELECT c AS customer_id, (hash(c, 1) % 365)::INT AS start_day,
      (hash(c, 1) % 365)::INT + 1 + CASE WHEN hash(c, 2) % 2 = 0 THEN (hash(c, 9) % 60)::INT ELSE (hash(c, 2) % 700)::INT END AS stop_day,
      5 + (hash(c, 3) % 6000) / 100.0 AS spend FROM range(${C}) AS t(c)`);
    await c.run(`CREATE TABLE orders AS SELECT 'C' || lpad(cu.customer_id::VARCHAR, 9, '0') AS customer_id,
      TIMESTAMP '2023-01-01' + to_days(LEAST(cu.start_day + CASE WHEN i < ${C} THEN 0 ELSE (hash(i, 4) % GREATEST(1, cu.stop_day - cu.start_day))::INT END, 729)) + to_seconds((hash(i, 5) % 86400)::BIGINT) AS "timestamp",
      round(CASE WHEN hash(i, 6) % 50 = 0 THEN -0.5 ELSE 1 END * cu.spend * (0.5 + (hash(i, 7) % 1000) / 1000.0), 2) AS amount
      FROM range(${N}) AS t(i) JOIN customers AS cu ON cu.customer_id = CASE WHEN i < ${C} THEN i ELSE CAST(FLOOR(${C} * pow((hash(i, 8) % 1000000) / 1e6, 3)) AS BIGINT) END`);
  });
  const opts = { dialect: "duckdb" as const, table: "orders", observationEnd: "2024-12-31", calibrationEnd: "2024-09-30", timeUnit: "week" as const };
  const [, sumEngine] = await timed(() => c.run(`CREATE TABLE summary AS ${summarySql(opts).sql}`));
  const [summary, sumRead] = await timed(async () => fromRows((await c.runAndReadAll("SELECT * FROM summary")).getRowObjectsJS() as Record<string, unknown>[]));
  const [[bg, gg], fit] = await timed(() => [fitBgNbd(summary), fitGammaGamma(summary)] as const);
  const q = scoreSql(bg, { dialect: "duckdb", source: "summary", t: 13, spendModel: gg, clv: { horizon: 12, discountRate: 0.01 } });
  const [, score] = await timed(() => c.run(`CREATE TABLE scores AS ${q.sql}`, q.params as never));
  const pats = (
    await c.runAndReadAll(`SELECT count(*) AS n FROM (SELECT DISTINCT frequency, "T" FROM summary WHERE frequency IS NOT NULL)`)
  ).getRowObjectsJS()[0].n;
  const rss = process.resourceUsage().maxRSS / 1024 / 1024;
  console.log(
    `| ${N.toLocaleString("en-US")} | ${summary.n.toLocaleString("en-US")} (${pats} (x, T) patterns) | ${sec(gen)} | ${sec(sumEngine)} | ${sec(sumRead)} | ${sec(fit)} | ${sec(score)} | ${rss.toFixed(2)} GiB |`,
  );
  console.log(
    "(columns: transactions | customers | generate in DuckDB | summarySql in DuckDB | read + fromRows | fit BG/NBD + GG in JS | scoreSql in DuckDB | peak RSS of the process)",
  );
}
