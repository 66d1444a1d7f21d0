// simulateChain (src/journey/simulate.ts): ChannelAttribution's random-walk mode on the chain of
// test/journey/chain.test.ts (seeded, so the figures are fixed). Exact values it estimates:
//   conversion rate x_start = 1/2 (test/journey/solve.test.ts);
//   share of conversions that visit b = 1 (every conversion leaves from b);
//   share that visit a = P(start -> a -> b -> conversion) / x_start = (2/3 · 1/2 · 3/4) / (1/2) = 1/2.
// With about 40,000 simulated conversions the standard error of a share is <= 0.0025; the
// tolerance is 5 standard errors.
import { describe, expect, it } from "vitest";
import { buildChain } from "../../src/journey/chain.js";
import { encodePaths } from "../../src/journey/paths-input.js";
import { simulateChain, type SimulationSettings } from "../../src/journey/simulate.js";

const encoded = encodePaths(
  [
    { path: "a > b", conversions: 1, value: 30, nulls: 1 },
    { path: "a", conversions: 0, nulls: 2 },
    { path: "b", conversions: 2, value: 20, nulls: 0 },
  ],
  "markovAttribution",
  ">",
);
const chain = buildChain(encoded, 1, "markovAttribution");
const settings: SimulationSettings = { seed: 7, simulations: 80_000, folds: 1, convergence: 1, growth: 2, maxSteps: undefined, maxSimulations: 1e6 };

describe("simulateChain", () => {
  it("estimates the exact conversion rate and removal shares of the hand-solved chain", () => {
    const r = simulateChain(chain, encoded.channels.length, 3, 50, settings);
    const a = encoded.channels.indexOf("a");
    const b = encoded.channels.indexOf("b");
    expect(Math.abs(r.conversionRate - 0.5)).toBeLessThan(5 * 0.0025);
    expect(r.removal[b]).toBe(1);
    expect(Math.abs(r.removal[a] - 0.5)).toBeLessThan(5 * 0.0025);
    // attributed conversions sum to the observed total (3), value to the observed 50
    expect(r.conversions[a] + r.conversions[b]).toBeCloseTo(3, 9);
    expect(r.value[a] + r.value[b]).toBeCloseTo(50, 9);
  });

  it("the same seed gives the same outcome; another seed another one", () => {
    const one = simulateChain(chain, 2, 3, 50, settings);
    expect(simulateChain(chain, 2, 3, 50, settings)).toEqual(one);
    expect(simulateChain(chain, 2, 3, 50, { ...settings, seed: 8 }).conversionRate).not.toBe(one.conversionRate);
  });
});
