// Bandit charts: regret curves of simulated policies, posterior densities of the arms, and the
// probability that each arm is best over time.
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { logGamma } from "../core/numeric.js";
import { betaLogPdf } from "../core/distributions.js";
import type { BanditSimulation, BanditState, BanditSummary } from "../bandit/index.js";
import { makeSpec, plotOptionShape, r6, fmt, badOption, MAX_MARKS, type PlotOptions, type VegaLiteSpec, type SpecValues, type LayeredSpec } from "./theme.js";
import { readList, readObject, readNumber, readNumbers, readLabel, readLabels, invalid, evenIndices } from "./input.js";

type Layered = LayeredSpec;

/**
 * Cumulative regret against time for one or more simulated policies (mean over repetitions,
 * with the band between `lower` and `upper`). Takes `simulateBandit`'s results. O(checkpoints).
 *
 * @param simulations - one `simulateBandit(...)` result or several (one per policy)
 * @param options - `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotRegret } from "clientele/plot";
 * import type { BanditSimulation } from "clientele/bandit";
 * const sim: BanditSimulation = { policy: "thompson", horizon: 100, repetitions: 10, checkpoints: [50, 100], meanRegret: [3, 4], sdRegret: [1, 1], lower: [2, 3], upper: [4, 5], meanPlays: [50, 50] };
 * plotRegret(sim).layer[1].data.values[1]; // => { policy: "thompson", t: 100, regret: 4, lower: 3, upper: 5 }
 */
export function plotRegret(simulations: BanditSimulation | readonly BanditSimulation[], options: PlotOptions = {}): Layered {
  const fn = "plotRegret";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const list = Array.isArray(simulations) ? readList(simulations, fn, ["simulations"], "simulation results", { max: 20 }) : [simulations];
  const values: SpecValues = [];
  const per = Math.floor(MAX_MARKS / (3 * list.length));
  const policies: string[] = [];
  let reps = 0;
  for (let s = 0; s < list.length; s++) {
    const sim = readObject(list[s], fn, ["simulations", s], "a simulateBandit result");
    const policy = readLabel(sim.policy, fn, ["simulations", s, "policy"]);
    const name = policies.includes(policy) ? `${policy} (${s + 1})` : policy;
    policies.push(name);
    reps = readNumber(sim.repetitions, fn, ["simulations", s, "repetitions"], { min: 0 });
    const t = readNumbers(sim.checkpoints, fn, ["simulations", s, "checkpoints"], { min: 0 });
    const m = readNumbers(sim.meanRegret, fn, ["simulations", s, "meanRegret"], { length: t.length });
    const lo = readNumbers(sim.lower, fn, ["simulations", s, "lower"], { length: t.length });
    const hi = readNumbers(sim.upper, fn, ["simulations", s, "upper"], { length: t.length });
    for (const i of evenIndices(t.length, per)) values.push({ policy: name, t: t[i], regret: r6(m[i]), lower: r6(lo[i]), upper: r6(hi[i]) });
  }
  const x = { field: "t", type: "quantitative", title: "Decisions made (time step)" };
  const color = { field: "policy", type: "nominal", title: "Policy", sort: policies };
  return makeSpec(
    opts,
    { title: "Cumulative regret by policy", width: 520, height: 300 },
    [`mean over ${fmt(reps)} repetitions; band: the simulation's interval`],
    {
      layer: [
        {
          data: { values },
          mark: { type: "area", opacity: 0.2 },
          encoding: { x, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" }, color: { ...color, legend: null } },
        },
        {
          data: { values },
          mark: { type: "line", tooltip: true },
          encoding: { x, y: { field: "regret", type: "quantitative", title: "Cumulative regret (reward units lost vs the best arm)" }, color },
        },
      ],
    },
  ) as Layered;
}

/** Options of {@link plotPosteriors}. */
export interface PlotPosteriorsOptions extends PlotOptions {
  /** Segment whose statistics to draw (default: the pooled ones). */
  segment?: string;
  /** Points per curve (default 200, at most 500). */
  points?: number;
}

/**
 * Posterior density of each arm's mean reward — Beta for Bernoulli arms, Student-t for the
 * mean of Gaussian arms (Normal–Inverse-Gamma prior) — from the prior and the state's
 * statistics, retired arms left out. O(arms x points).
 *
 * @param state - a bandit state from `clientele/bandit` (`createBandit`, `updateBandit`)
 * @param options - `segment`, `points` (200), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `INVALID_MODEL`, `UNKNOWN_STATE`, `INVALID_OPTION`
 * @example
 * import { createBandit, updateBandit } from "clientele/bandit";
 * import { plotPosteriors } from "clientele/plot";
 * const s = updateBandit(createBandit({ arms: ["a", "b"], seed: 1 }), "a", 1);
 * plotPosteriors(s).data.values.filter((v) => v.arm === "a").length; // => 199
 */
export function plotPosteriors(state: BanditState, options: PlotPosteriorsOptions = {}): VegaLiteSpec & { data: { values: SpecValues } } {
  const fn = "plotPosteriors";
  const opts = parseOptions(z.object({ ...plotOptionShape, segment: z.string().optional(), points: z.int().min(10).max(500).optional() }), options, fn);
  const st = readObject(state, fn, ["state"], "a bandit state");
  if (st.kind !== "bandit")
    invalid(fn, ["state", "kind"], `state must be a bandit state (kind "bandit"). Got kind ${JSON.stringify(st.kind) ?? "undefined"}.`, st.kind);
  const arms = readLabels(st.arms, fn, ["state", "arms"], { max: 200 });
  const retired = readList(st.retired, fn, ["state", "retired"], "booleans");
  const prior = readObject(st.prior, fn, ["state", "prior"], "the prior");
  let block = readObject(st.pooled, fn, ["state", "pooled"], "arm statistics");
  if (opts.segment !== undefined) {
    const segs = readObject(st.segments, fn, ["state", "segments"], "segment statistics");
    if (!Object.hasOwn(segs, opts.segment))
      badOption(
        fn,
        "segment",
        `no statistics for segment ${JSON.stringify(opts.segment)}; known: ${Object.keys(segs).slice(0, 10).join(", ") || "none"}.`,
        opts.segment,
      );
    block = readObject(segs[opts.segment], fn, ["state", "segments", opts.segment], "arm statistics");
  }
  const n = readNumbers(block.n, fn, ["state", "pooled", "n"], { min: 0, length: arms.length });
  const sum = readNumbers(block.sum, fn, ["state", "pooled", "sum"], { length: arms.length });
  const sumSq = readNumbers(block.sumSq, fn, ["state", "pooled", "sumSq"], { length: arms.length });
  const active = arms.map((_, k) => retired[k] !== true);
  const k = opts.points ?? 200;
  const shown = arms.filter((_, i) => active[i]);
  const per = Math.min(k, Math.floor(MAX_MARKS / Math.max(1, shown.length)));
  const values: SpecValues = [];
  const bern = st.reward === "bernoulli";
  if (bern) {
    const a0 = readNumber(prior.alpha, fn, ["state", "prior", "alpha"], { min: 0 });
    const b0 = readNumber(prior.beta, fn, ["state", "prior", "beta"], { min: 0 });
    arms.forEach((arm, i) => {
      if (!active[i]) return;
      const a = a0 + sum[i];
      const b = b0 + n[i] - sum[i];
      for (let j = 1; j < per; j++) values.push({ arm, mean: r6(j / per), density: r6(Math.exp(betaLogPdf(j / per, a, b))) });
    });
  } else {
    const mu0 = readNumber(prior.mean, fn, ["state", "prior", "mean"]);
    const k0 = readNumber(prior.kappa, fn, ["state", "prior", "kappa"], { min: 0 });
    const al0 = readNumber(prior.alpha, fn, ["state", "prior", "alpha"], { min: 0 });
    const be0 = readNumber(prior.beta, fn, ["state", "prior", "beta"], { min: 0 });
    const post = arms.map((_, i) => {
      if (n[i] <= 0) return { m: mu0, kp: k0, a: al0, b: be0 };
      const xbar = sum[i] / n[i];
      const ss = Math.max(0, sumSq[i] - sum[i] * xbar);
      const kp = k0 + n[i];
      return { m: (k0 * mu0 + sum[i]) / kp, kp, a: al0 + n[i] / 2, b: be0 + 0.5 * ss + (0.5 * k0 * n[i] * (xbar - mu0) ** 2) / kp };
    });
    const scale = post.map((p) => Math.sqrt(p.b / (p.a * p.kp)));
    const lo = Math.min(...post.map((p, i) => (active[i] ? p.m - 4 * scale[i] : Infinity)));
    const hi = Math.max(...post.map((p, i) => (active[i] ? p.m + 4 * scale[i] : -Infinity)));
    arms.forEach((arm, i) => {
      if (!active[i]) return;
      const nu = 2 * post[i].a;
      const c = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale[i]);
      for (let j = 0; j < per; j++) {
        const x = lo + ((hi - lo) * j) / (per - 1);
        const tt = (x - post[i].m) / scale[i];
        values.push({ arm, mean: r6(x), density: r6(Math.exp(c - ((nu + 1) / 2) * Math.log1p((tt * tt) / nu))) });
      }
    });
  }
  const plays = shown.map((a) => `${a}: ${fmt(n[arms.indexOf(a)])}`).join(", ");
  return makeSpec(
    opts,
    { title: `Posterior of each arm's mean reward${opts.segment !== undefined ? ` (segment ${opts.segment})` : ""}`, width: 480, height: 260 },
    [`${bern ? "Beta" : "Student-t"} posteriors; observations per arm: ${plays.length > 160 ? plays.slice(0, 157) + "..." : plays}`],
    {
      data: { values },
      mark: { type: "area", opacity: 0.35, line: true, tooltip: true },
      encoding: {
        x: { field: "mean", type: "quantitative", title: bern ? "Conversion rate (mean reward, 0 to 1)" : "Mean reward (reward units)" },
        y: { field: "density", type: "quantitative", stack: null, title: "Posterior density" },
        color: { field: "arm", type: "nominal", title: "Arm", sort: shown },
      },
    },
  ) as VegaLiteSpec & { data: { values: SpecValues } };
}

/** Options of {@link plotProbabilityBest}. */
export interface PlotProbabilityBestOptions extends PlotOptions {
  /** The time of each summary (e.g. decisions made so far); default 1, 2, ... */
  at?: readonly number[];
}

/**
 * Probability that each arm is best over time, one line per arm, from a series of
 * `summarizeBandit` results taken as the experiment ran. O(summaries x arms).
 *
 * @param history - `summarizeBandit(state)` results in time order
 * @param options - `at` (the time of each summary), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { plotProbabilityBest } from "clientele/plot";
 * const arm = (name: string, p: number) => ({ arm: name, index: 0, retired: false, plays: 1, mean: null, posteriorMean: 0.5, probabilityBest: p, expectedLoss: 0, probabilityBestSe: 0, expectedLossSe: 0 });
 * const spec = plotProbabilityBest([{ arms: [arm("a", 0.5), arm("b", 0.5)], bestArm: "a", segmentUsed: null, draws: 100 }, { arms: [arm("a", 0.9), arm("b", 0.1)], bestArm: "a", segmentUsed: null, draws: 100 }], { at: [10, 20] });
 * spec.data.values[2]; // => { t: 20, arm: "a", probabilityBest: 0.9 }
 */
export function plotProbabilityBest(
  history: readonly BanditSummary[],
  options: PlotProbabilityBestOptions = {},
): VegaLiteSpec & { data: { values: SpecValues } } {
  const fn = "plotProbabilityBest";
  const opts = parseOptions(z.object({ ...plotOptionShape, at: z.array(z.number()).optional() }), options, fn);
  const list = readList(history, fn, ["history"], "bandit summaries");
  if (opts.at !== undefined && opts.at.length !== list.length) badOption(fn, "at", `at has ${opts.at.length} entries but history has ${list.length}.`);
  const per = Math.max(1, Math.ceil(list.length / Math.floor(MAX_MARKS / 50)));
  const values: SpecValues = [];
  const arms: string[] = [];
  let kept = 0;
  for (let s = 0; s < list.length; s++) {
    const sum = readObject(list[s], fn, ["history", s], "a summarizeBandit result");
    const a = readList(sum.arms, fn, ["history", s, "arms"], "arm decisions", { max: 50 });
    if (s % per !== 0 && s !== list.length - 1) continue;
    kept++;
    for (let i = 0; i < a.length; i++) {
      const d = readObject(a[i], fn, ["history", s, "arms", i], "an arm decision");
      const arm = readLabel(d.arm, fn, ["history", s, "arms", i, "arm"]);
      if (!arms.includes(arm)) arms.push(arm);
      values.push({
        t: opts.at ? opts.at[s] : s + 1,
        arm,
        probabilityBest: r6(readNumber(d.probabilityBest, fn, ["history", s, "arms", i, "probabilityBest"], { min: 0, max: 1 })),
      });
    }
  }
  const notes = [`${arms.length} arms over ${fmt(list.length)} snapshots`];
  if (kept < list.length) notes.push(`every ${per}th snapshot drawn (${fmt(kept)} of ${fmt(list.length)})`);
  return makeSpec(opts, { title: "Probability each arm is best, over time", width: 520, height: 280 }, notes, {
    data: { values },
    mark: { type: "line", point: kept <= 60, tooltip: true },
    encoding: {
      x: { field: "t", type: "quantitative", title: opts.at ? "Time (as given in `at`)" : "Snapshot number" },
      y: { field: "probabilityBest", type: "quantitative", title: "P(arm is best)", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
      color: { field: "arm", type: "nominal", title: "Arm", sort: arms },
    },
  }) as VegaLiteSpec & { data: { values: SpecValues } };
}
