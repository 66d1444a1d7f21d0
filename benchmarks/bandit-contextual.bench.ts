// Benchmark for the contextual bandits of clientele/bandit. Run: npx tsx benchmarks/bandit-contextual.bench.ts [--quick]
//
// Decisions + updates per second with d = 20 user features and 10 arms (issue 13 target:
// >= 200,000 for LinUCB), one thread, through the public API (chooseContextualArm +
// updateContextualBanditInPlace on the plain JSON state, propensity computed on every
// decision), side by side in the same process with a straightforward implementation of the
// same LinUCB: per decision, each arm's ridge system A_a theta = b_a and A_a^-1 x are solved
// from scratch through a Cholesky factorization (no inverse kept), updates add x x^T to A.
// Both see the same contexts and rewards (test/bandit/contextual.test.ts checks the scores against an explicit inverse).
// Reported per wall-clock second and per second of this process's CPU time (process.cpuUsage),
// because the machine is shared while measured; `uptime` load averages are printed beside.
import { execSync } from "node:child_process";
import { createRng } from "../src/core/rng.js";
import { chooseContextualArm, createContextualBandit, updateContextualBanditInPlace, type ContextualPolicyInput } from "../src/bandit/index.js";

const quick = process.argv.includes("--quick");
const D = 20;
const K = 10;
const N_CTX = 4096;

interface Rate {
  wall: number;
  cpu: number;
}

function measure(steps: number, body: (steps: number) => void): Rate {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  body(steps);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall: steps / wall, cpu: steps / ((c.user + c.system) / 1e6) };
}

// a linear environment: reward = x . theta_a + noise, contexts drawn once and cycled
const env = createRng(1);
const THETA = Array.from({ length: K }, () => Array.from({ length: D }, () => env.normal() / Math.sqrt(D)));
const CTX = Array.from({ length: N_CTX }, () => [1, ...Array.from({ length: D - 1 }, () => env.normal())]);
const NOISE = Array.from({ length: N_CTX * 4 }, () => 0.5 * env.normal());
const reward = (a: number, x: number[], t: number) => THETA[a].reduce((s, v, i) => s + v * x[i], 0) + NOISE[t % NOISE.length];
const REWARDS = CTX.map((x, t) => Array.from({ length: K }, (_, a) => reward(a, x, t)));

function publicLoop(policy: ContextualPolicyInput, model: "disjoint" | "hybrid" = "disjoint") {
  const state = createContextualBandit(
    model === "disjoint" ? { arms: K, dimension: D, policy, seed: 1 } : { arms: K, dimension: D, sharedDimension: 5, policy, seed: 1 },
  );
  const z = Array.from({ length: K }, (_, a) => Array.from({ length: 5 }, (_, i) => ((a + i) % 3) - 1));
  return (steps: number) => {
    for (let t = 0; t < steps; t++) {
      const x = CTX[t % N_CTX];
      const ctx = model === "disjoint" ? x : { user: x, arms: z };
      const c = chooseContextualArm(state, ctx);
      updateContextualBanditInPlace(state, ctx, c.index, REWARDS[t % N_CTX][c.index]);
    }
  };
}

/** Straightforward LinUCB: Cholesky solves per arm and decision, no inverse, no rank-one updates. */
function naiveLoop(alpha: number) {
  const A = Array.from({ length: K }, () => {
    const m = new Float64Array(D * D);
    for (let i = 0; i < D; i++) m[i * D + i] = 1;
    return m;
  });
  const b = Array.from({ length: K }, () => new Float64Array(D));
  const L = new Float64Array(D * D);
  const y = new Float64Array(D);
  const solve = (a: number, rhs: ArrayLike<number>, out: Float64Array) => {
    // A = L L^T, then L y = rhs, L^T out = y
    const M = A[a];
    for (let i = 0; i < D; i++) {
      for (let j = 0; j <= i; j++) {
        let s = M[i * D + j];
        for (let k = 0; k < j; k++) s -= L[i * D + k] * L[j * D + k];
        L[i * D + j] = i === j ? Math.sqrt(s) : s / L[j * D + j];
      }
    }
    for (let i = 0; i < D; i++) {
      let s = rhs[i];
      for (let k = 0; k < i; k++) s -= L[i * D + k] * y[k];
      y[i] = s / L[i * D + i];
    }
    for (let i = D - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < D; k++) s -= L[k * D + i] * out[k];
      out[i] = s / L[i * D + i];
    }
  };
  const theta = new Float64Array(D);
  const u = new Float64Array(D);
  return (steps: number) => {
    for (let t = 0; t < steps; t++) {
      const x = CTX[t % N_CTX];
      let best = -Infinity;
      let arm = 0;
      for (let a = 0; a < K; a++) {
        solve(a, b[a], theta);
        solve(a, x, u);
        let m = 0;
        let q = 0;
        for (let i = 0; i < D; i++) {
          m += theta[i] * x[i];
          q += u[i] * x[i];
        }
        const s = m + alpha * Math.sqrt(q);
        if (s > best + 1e-12 * Math.max(1, Math.abs(best))) {
          best = s;
          arm = a;
        }
      }
      const r = REWARDS[t % N_CTX][arm];
      const M = A[arm];
      for (let i = 0; i < D; i++) {
        b[arm][i] += r * x[i];
        for (let j = 0; j < D; j++) M[i * D + j] += x[i] * x[j];
      }
    }
  };
}

const uptime = () =>
  execSync("uptime")
    .toString()
    .trim()
    .replace(/.*load average: /, "load ");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const STEPS = quick ? 100_000 : 400_000;
const REPEATS = quick ? 1 : 3;

const rows: [string, () => (steps: number) => void, number][] = [
  ["LinUCB (alpha 1), disjoint: chooseContextualArm + updateContextualBanditInPlace", () => publicLoop({ type: "linucb", alpha: 1 }), STEPS],
  ["straightforward LinUCB: Cholesky solves per arm and step (peer)", () => naiveLoop(1), Math.round(STEPS / 20)],
  ["epsilon-greedy (0.1) over ridge, disjoint", () => publicLoop({ type: "epsilon-greedy", epsilon: 0.1 }), STEPS],
  ["softmax (temperature 0.1) over ridge, disjoint", () => publicLoop({ type: "softmax", temperature: 0.1 }), STEPS],
  ["linear Thompson (v 0.5), disjoint, chosen arm's propensity by quadrature", () => publicLoop({ type: "thompson", v: 0.5 }), Math.round(STEPS / 10)],
  ["LinUCB, hybrid (d = 20 user + k = 5 shared action features)", () => publicLoop({ type: "linucb", alpha: 1 }, "hybrid"), Math.round(STEPS / 4)],
  [
    "linear Thompson (v 0.5), hybrid (k = 5), propensity by 1,000 Monte Carlo draws",
    () => publicLoop({ type: "thompson", v: 0.5 }, "hybrid"),
    Math.round(STEPS / 200),
  ],
];

console.log(`node ${process.version}, ${new Date().toISOString()}, ${uptime()}`);
console.log(`| decisions + updates, d = ${D}, ${K} arms | steps | per wall second | per CPU second | load (1/5/15 min) |`);
console.log("| --- | --- | --- | --- | --- |");
for (const [name, make, steps] of rows) {
  let best: Rate = { wall: 0, cpu: 0 };
  for (let r = 0; r < REPEATS; r++) {
    const loop = make();
    loop(Math.min(20_000, steps)); // warm-up on its own state
    const rate = measure(steps, loop);
    if (rate.wall > best.wall) best = rate;
  }
  console.log(`| ${name} | ${fmt(steps)} | ${fmt(best.wall)} | ${fmt(best.cpu)} | ${uptime().replace("load ", "")} |`);
}
