// Every generated query run on embedded DuckDB (@duckdb/node-api); results equal the
// JavaScript library (summary exact, scores to 1e-9). The checks are in suite.ts.
import { beforeAll, afterAll } from "vitest";
import { duckdbEngine, type Engine } from "./engines.js";
import { engineSuite } from "./suite.js";

let e: Engine;
beforeAll(async () => {
  e = await duckdbEngine(2);
});
afterAll(async () => {
  await e?.close();
});
engineSuite("DuckDB", () => e);
