// Fuzz harness over every function export of clientele/predict (see harness.ts for the rules):
// seeded bad inputs per argument, each call twice, in a worker with a per-call time guard.
import { beforeAll, describe, expect, it } from "vitest";
import { runFuzz, type FuzzRun } from "./run.js";
import { fuzzedNames, inputsFor } from "./harness.js";

const SUB = "predict" as const;
let run: FuzzRun;
beforeAll(async () => {
  run = await runFuzz(SUB);
}, 300_000);

describe(`fuzz: clientele/${SUB}`, () => {
  it("tries every function export with a fixed seed", () => {
    expect(run.names).toEqual(fuzzedNames(SUB));
    expect(run.inputs).toBe(run.names.reduce((n, name) => n + inputsFor(SUB, name), 0));
  });
  for (const name of fuzzedNames(SUB)) {
    it(`${SUB}.${name}: JSON-clean result or catalogue ClienteleError; no mutation, pollution, hang, nondeterminism`, () => {
      const v = run.violations.get(name) ?? [];
      if (v.length > 0) throw new Error(`${v.length} violation(s):\n${v.join("\n")}`);
    });
  }
});
