import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { heuristicAttribution, markovAttribution, markovRows } from "../../src/journey/index.js";
import { expectClienteleError } from "../helpers/errors.js";

import { csv, exact, HAVE, pathData } from "./reference-data.js";

// tests that need the GPL reference files skip (loudly, in referenceData) when they are absent
const refIt = HAVE ? it : it.skip;

describe("markovAttribution", () => {
  // R_markov_order1_seed0_removal_effects.csv: ChannelAttribution 2.0.7 markov_model(order = 1, var_null = "total_null", seed = 0), a simulation
  refIt("order 1 exact removal effects are within 0.02 of ChannelAttribution's simulation", () => {
    const m = markovAttribution(pathData());
    let worstC = 0;
    let worstV = 0;
    for (const r of csv("R_markov_order1_seed0_removal_effects.csv")) {
      const i = m.channels.indexOf(r[0]);
      worstC = Math.max(worstC, Math.abs(m.removalEffects[i] - Number(r[1])));
      worstV = Math.max(worstV, Math.abs(m.valueRemovalEffects![i] - Number(r[2])));
    }
    expect(worstC).toBeLessThan(0.02); // 0.0101 (iota)
    expect(worstV).toBeLessThan(0.02); // 0.0193 (gamma: value draws are noisier)
  });

  refIt("order 1 transition matrix equals ChannelAttribution's (no self-loops: repeats collapsed)", () => {
    const m = markovAttribution(pathData());
    const name = (s: string): string => (/^\d+$/.test(s) ? m.channels[Number(s) - 1] : s);
    const rows = csv("R_markov_order1_seed0_transition_matrix.csv");
    expect(m.transitions.from.length).toBe(rows.length);
    for (const [f, t, p] of rows) {
      const k = m.transitions.from.findIndex((x, q) => x === name(f) && m.transitions.to[q] === name(t));
      expect(k).toBeGreaterThanOrEqual(0);
      expect(Math.abs(m.transitions.probability[k] - Number(p))).toBeLessThan(1e-12);
    }
  });

  refIt("orders 1-3 equal the independent scipy solution to 1e-9", () => {
    const rows = pathData();
    for (const ref of exact.markov) {
      const m = markovAttribution(rows, { order: ref.order });
      expect(m.states).toBe(ref.states);
      expect(Math.abs(m.conversionProbability - ref.conversionProbability)).toBeLessThan(1e-9);
      for (const k of ["removalEffects", "valueRemovalEffects", "conversions", "value"] as const) {
        ref[k].forEach((v: number, i: number) => expect(Math.abs((m[k] as number[])[i] - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))));
      }
    }
  });

  refIt("the seeded simulation follows ChannelAttribution's method (within 0.02 of it and of the exact solution)", () => {
    const rows = pathData();
    const s = markovAttribution(rows, { simulate: { seed: 0 } });
    const again = markovAttribution(rows, { simulate: { seed: 0 } });
    expect(again).toEqual(s);
    const m = markovAttribution(rows);
    const ca = csv("R_markov_order1_seed0_removal_effects.csv");
    for (const r of ca) expect(Math.abs(s.removalEffects[s.channels.indexOf(r[0])] - Number(r[1]))).toBeLessThan(0.02);
    s.removalEffects.forEach((v, i) => expect(Math.abs(v - m.removalEffects[i])).toBeLessThan(0.02));
    expect(s.method).toBe("simulation");
    expect(s.simulation!.converged).toBe(true);
  });

  it("example: markovAttribution", () => {
    const m = markovAttribution([
      { path: "seo > ads", conversions: 1, nulls: 1 },
      { path: "seo", conversions: 0, nulls: 2 },
    ]);
    expect(m.conversionProbability).toBeCloseTo(0.25, 12);
    expect(m.removalEffects).toEqual([1, 1]);
    expect(m.conversions).toEqual([0.5, 0.5]);
  });

  it("example: markovRows", () => {
    const rows = markovRows(markovAttribution([{ path: "seo > ads", conversions: 1, nulls: 1 }]));
    expect(rows[0]).toEqual({ channel: "seo", removalEffect: 1, valueRemovalEffect: null, conversions: 0.5, value: null });
    expectClienteleError(() => markovRows({ channels: 1 } as never), "INVALID_INPUT");
  });

  it("a hand-solved chain", () => {
    // start -> a (w 2); a -> conv (1), a -> b (1); b -> null (1); the zero-weight path adds nothing
    const m = markovAttribution([
      { path: "a", conversions: 1 },
      { path: "a > b", conversions: 0, nulls: 1 },
      { path: "a > b > a", conversions: 0, nulls: 0 },
    ]);
    // P(conv) = P(a -> conv) = 1/2; removing b changes nothing, removing a loses everything
    expect(m.conversionProbability).toBeCloseTo(0.5, 12);
    expect(m.removalEffects[0]).toBe(1);
    expect(m.removalEffects[1]).toBeCloseTo(0, 12);
  });

  it("rejects empty paths, no conversions and bad counts with codes", () => {
    expectClienteleError(() => markovAttribution([{ path: "", conversions: 1 }]), "EMPTY_INPUT");
    expectClienteleError(() => markovAttribution([{ path: [], conversions: 1 }]), "EMPTY_INPUT");
    expectClienteleError(() => heuristicAttribution([{ path: "a >  > b", conversions: 1 }]), "EMPTY_INPUT");
    expectClienteleError(() => markovAttribution([{ path: "a", conversions: 0, nulls: 3 }]), "DEGENERATE_INPUT");
    expectClienteleError(() => markovAttribution([{ path: "a", conversions: -1 }]), "NEGATIVE_VALUE");
    expectClienteleError(() => markovAttribution([{ path: "a", conversions: NaN }]), "NON_FINITE");
    expectClienteleError(() => markovAttribution({ path: ["a"], conversions: [1, 2] }), "LENGTH_MISMATCH");
    expectClienteleError(() => markovAttribution([{ path: "a", total_conversions: 1 } as never]), "MISSING_COLUMN");
    expectClienteleError(() => markovAttribution([{ path: "a", conversions: 1 }], { order: 0 }), "INVALID_OPTION");
    expectClienteleError(() => markovAttribution([{ path: "a", conversions: 1 }], { simulate: { sed: 1 } as never }), "INVALID_OPTION");
    try {
      markovAttribution([{ path: " ", conversions: 1 }]);
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/^markovAttribution: .*empty path.*\(direct\)/);
    }
  });

  it("removal effects are in [0, 1], attribution sums to the conversions, order 2 and 1 agree on one-channel paths (property)", () => {
    const path = fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 5 });
    const row = fc.record({ path, conversions: fc.integer({ min: 0, max: 3 }), nulls: fc.integer({ min: 0, max: 3 }), value: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 3 }), (rows, order) => {
        if (rows.every((r) => r.conversions === 0)) rows[0].conversions = 1;
        const m = markovAttribution(rows, { order });
        for (const v of m.removalEffects) expect(v >= 0 && v <= 1).toBe(true);
        expect(m.conversionProbability >= 0 && m.conversionProbability <= 1 + 1e-12).toBe(true);
        expect(m.conversions.reduce((a, b) => a + b, 0)).toBeCloseTo(m.totalConversions, 8);
        expect(JSON.parse(JSON.stringify(m))).toEqual(m);
      }),
      { numRuns: 100 },
    );
  });
});
