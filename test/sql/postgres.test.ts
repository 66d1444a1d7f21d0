// Every generated query run on PostgreSQL (node-postgres, a dev dependency); results equal the
// JavaScript library (summary exact, scores to 1e-9). The checks are in suite.ts.
//
// Server: the one PGHOST / PGPORT / PGUSER / PGDATABASE name when PGHOST is set (e.g.
// `bash scripts/pg-test.sh`); otherwise this file starts a throw-away cluster with
// scripts/pg-start.sh (initdb in a temp dir, unix socket only; as root the server runs as the
// `postgres` user) and removes it after the tests with scripts/pg-stop.sh. Without PostgreSQL
// the tests SKIP, loudly (a warning and skipped tests naming the reason).
import { afterAll, describe, it } from "vitest";
import { postgresEngine, postgresSettings, stopPostgres, type Engine } from "./engines.js";
import { engineSuite } from "./suite.js";

const settings = postgresSettings();
let e: Engine | undefined;
let why = "why" in settings && settings.why ? settings.why : "";
if (!why && "host" in settings) {
  try {
    e = await postgresEngine(settings);
  } catch (err) {
    why = `could not connect to PostgreSQL at ${settings.host}:${settings.port}: ${(err as Error).message}`;
  }
}
afterAll(async () => {
  await e?.close();
  if ("dir" in settings) stopPostgres(settings.dir);
});

if (e === undefined) {
  console.warn(`\n*** PostgreSQL is not available (${why}): the PostgreSQL SQL tests are SKIPPED ***\n`);
  describe("PostgreSQL", () => {
    it.skip(`SKIPPED: no PostgreSQL server (${why}); run scripts/system-deps.sh or set PGHOST`, () => {});
  });
} else {
  engineSuite("PostgreSQL", () => e!);
}
