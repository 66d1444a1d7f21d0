import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { heuristicAttribution, heuristicRows, markovAttribution, markovRows, type PathRow } from "../../src/journey/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const DIR = "../shared/data/journey";
const HAVE = existsSync(`${DIR}/paths.csv`);
if (!HAVE) console.warn(`journey reference tests SKIPPED: ${DIR}/paths.csv is absent (ChannelAttribution PathData, see its README)`);
const refIt = HAVE ? it : it.skip;

function pathData(): PathRow[] {
  return readFileSync(`${DIR}/paths.csv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [path, c, v, n] = l.split(";");
      return { path, conversions: +c, value: +v, nulls: +n };
    });
}
function csv(name: string): string[][] {
  return readFileSync(`${DIR}/${name}`, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map((x) => (x.startsWith('"') ? JSON.parse(x) : x)));
}
// scripts/ref/journey_markov.py (numpy/scipy sparse LU on the absorbing chain) wrote this
const exact = JSON.parse(readFileSync("test/fixtures/journey/markov_exact.json", "utf8"));

describe("heuristicAttribution", () => {
  // ChannelAttribution 2.0.7 heuristic_models(PathData, var_value = "total_conversion_value"): R_heuristic_models.csv
  refIt("equals ChannelAttribution's first, last and linear touch exactly", () => {
    const h = heuristicAttribution(pathData());
    let worst = 0;
    for (const r of csv("R_heuristic_models.csv")) {
      const i = h.channels.indexOf(r[0]);
      const mine = [h.firstTouch.conversions[i], h.firstTouch.value[i], h.lastTouch.conversions[i], h.lastTouch.value[i], h.linear.conversions[i], h.linear.value[i]];
      mine.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - Number(r[k + 1])))));
    }
    expect(worst).toBeLessThan(1e-9);
  });
  refIt("equals the independent Python heuristics (incl. position-based and time decay)", () => {
    const h = heuristicAttribution(pathData());
    expect(h.channels).toEqual(exact.channels);
    for (const k of ["firstTouch", "lastTouch", "linear", "positionBased", "timeDecay"] as const) {
      for (const f of ["conversions", "value"] as const) {
        h[k][f].forEach((v, i) => expect(Math.abs(v - exact.heuristics[k][f][i])).toBeLessThan(1e-9));
      }
    }
  });
  it("example: heuristicAttribution", () => {
    const h = heuristicAttribution([
      { path: "seo > email > ads", conversions: 2, value: 100 },
      { path: "ads", conversions: 1, value: 10, nulls: 4 },
    ]);
    expect(h.channels).toEqual(["seo", "email", "ads"]);
    expect(h.firstTouch.conversions).toEqual([2, 0, 1]);
    expect(h.positionBased.value.map((v) => +v.toFixed(10))).toEqual([40, 20, 50]);
  });
  it("example: heuristicRows", () => {
    const rows = heuristicRows(heuristicAttribution([{ path: ["seo", "ads"], conversions: 1 }]));
    expect(rows[0]).toEqual({ channel: "seo", model: "first-touch", conversions: 1, value: 0 });
    expect(rows.length).toBe(10);
    expectClienteleError(() => heuristicRows({} as never), "INVALID_INPUT");
  });
  it("time decay halves per touch with halfLife 1", () => {
    const h = heuristicAttribution([{ path: "a > b", conversions: 3 }]);
    expect(h.timeDecay.conversions).toEqual([1, 2]);
    const h2 = heuristicAttribution([{ path: "a > b", conversions: 3 }], { halfLife: 1e9 });
    expect(h2.timeDecay.conversions[0]).toBeCloseTo(1.5, 6);
  });
  it("every model credits exactly the total (property)", () => {
    const path = fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 6 });
    const row = fc.record({ path, conversions: fc.integer({ min: 0, max: 5 }), value: fc.double({ min: 0, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const h = heuristicAttribution(rows);
        const tv = rows.reduce((s, r) => s + (r.conversions > 0 || r.value > 0 ? r.value : 0), 0);
        for (const k of ["firstTouch", "lastTouch", "linear", "positionBased", "timeDecay"] as const) {
          expect(h[k].conversions.reduce((a, b) => a + b, 0)).toBeCloseTo(h.totalConversions, 8);
          expect(h[k].value.reduce((a, b) => a + b, 0)).toBeCloseTo(tv, 6);
        }
      }),
      { numRuns: 100 },
    );
  });
});

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
