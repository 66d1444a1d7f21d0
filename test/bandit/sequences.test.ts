// The hot path (chooseArm / chooseArmIndex + updateBanditInPlace) makes the same decisions,
// bit for bit, as before the fused-check rewrite: long seeded sequences over every policy,
// reward model, discount, window, segments, retired arms, with and without an external rng,
// compared with a fixture captured from commit 029579f (see fixtures/decision-sequences.ts).
import { describe, expect, it } from "vitest";
import * as bandit from "../../src/bandit/index.js";
import { createRng } from "../../src/core/rng.js";
import { CASES, runCase, type SequenceResult } from "./fixtures/decision-sequences.js";
import fixture from "./fixtures/decision-sequences.json" with { type: "json" };

describe("hot path: same decisions for the same seed as before the fused checks", () => {
  const expected = fixture as SequenceResult[];
  it("the fixture covers every case", () => {
    expect(expected.map((e) => e.name)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) {
    it(c.name, () => {
      const got = runCase(bandit, createRng, c);
      const want = expected.find((e) => e.name === c.name) as SequenceResult;
      expect(got.picks.length).toBe(c.steps);
      expect(got.picks).toBe(want.picks);
      expect(got.final).toBe(want.final);
    });
  }
});
