// Regret on a linear contextual environment with a known optimal arm per context (issue 13):
// LinUCB and linear Thompson sampling against the context-free Gaussian Thompson sampler.
import { describe, expect, it } from "vitest";
import {
  chooseArmIndex,
  chooseContextualArm,
  createBandit,
  createContextualBandit,
  createRng,
  updateBanditInPlace,
  updateContextualBanditInPlace,
} from "../../../src/bandit/index.js";

const K = 5;
const D = 5;
const HORIZON = 2000;
const REPS = 4;

/** Cumulative regret of one policy over REPS seeded environments (the same environments for every policy). */
function regret(kind: "linucb" | "thompson" | "context-free"): number {
  let total = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const env = createRng(100 + rep);
    const theta = Array.from({ length: K }, () => Array.from({ length: D }, () => env.normal() / Math.sqrt(D)));
    const noise = createRng(200 + rep);
    const cb = createContextualBandit({
      arms: K,
      dimension: D,
      policy: kind === "linucb" ? { type: "linucb", alpha: 1 } : { type: "thompson", v: 0.5 },
      seed: rep,
    });
    const mab = createBandit({ arms: K, reward: "gaussian", policy: "thompson", seed: rep });
    for (let t = 0; t < HORIZON; t++) {
      const x = [1, ...Array.from({ length: D - 1 }, () => env.normal())];
      const means = theta.map((th) => th.reduce((s, v, i) => s + v * x[i], 0));
      const a = kind === "context-free" ? chooseArmIndex(mab) : chooseContextualArm(cb, x).index;
      const r = means[a] + 0.5 * noise.normal();
      if (kind === "context-free") updateBanditInPlace(mab, a, r);
      else updateContextualBanditInPlace(cb, x, a, r);
      total += Math.max(...means) - means[a];
    }
  }
  return total / REPS;
}

describe("regret simulation: 5 arms, 5 features (intercept + 4 normal), reward x . theta_a + N(0, 0.5^2), 2,000 steps, 4 seeded environments", () => {
  it("LinUCB and linear Thompson sampling have less than an eighth of the context-free Thompson sampler's regret", () => {
    const free = regret("context-free");
    const ucb = regret("linucb");
    const ts = regret("thompson");
    console.log(
      `mean cumulative regret after ${HORIZON} steps: context-free Thompson ${free.toFixed(1)}, LinUCB ${ucb.toFixed(1)}, linear Thompson ${ts.toFixed(1)}`,
    );
    // the context-free sampler can at best find the arm with the best average: its regret grows linearly
    expect(free).toBeGreaterThan(500);
    expect(ucb).toBeLessThan(free / 8); // measured 48.8 vs 1031.6
    expect(ts).toBeLessThan(free / 8); // measured 62.9
  });
});
