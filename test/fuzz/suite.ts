// Fuzz harness over every function export of one subpath (see harness.ts for the rules):
// seeded bad inputs per argument, each call twice, in a worker with a per-call time guard.
// Each test/fuzz/<sub>.test.ts is one call of fuzzSuite(sub).
import { beforeAll, describe, expect, it } from "vitest";
import { runFuzz, type FuzzRun } from "./run.js";
import { fuzzedNames, inputsFor } from "./harness.js";
import type { Subpath } from "../contract/cases.js";

/** Declares the fuzz tests of clientele/`sub` (one per function export, plus the coverage check). */
export function fuzzSuite(sub: Subpath): void {
  let run: FuzzRun;
  beforeAll(async () => {
    run = await runFuzz(sub);
  }, 300_000);

  describe(`fuzz: clientele/${sub}`, () => {
    it("tries every function export with a fixed seed", () => {
      expect(run.names).toEqual(fuzzedNames(sub));
      expect(run.inputs).toBe(run.names.reduce((n, name) => n + inputsFor(sub, name), 0));
    });
    for (const name of fuzzedNames(sub)) {
      it(`${sub}.${name}: JSON-clean result or catalogue ClienteleError; no mutation, pollution, hang, nondeterminism`, () => {
        const v = run.violations.get(name) ?? [];
        if (v.length > 0) throw new Error(`${v.length} violation(s):\n${v.join("\n")}`);
      });
    }
  });
}
