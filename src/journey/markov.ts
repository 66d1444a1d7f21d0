import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { seedOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { buildChain, statesWith } from "./chain.js";
import { finiteArray } from "./heuristic.js";
import { encodePaths, type PathsInput } from "./paths-input.js";
import { absorb } from "./solve.js";
import { simulateChain } from "./simulate.js";

/** The simulation mode of {@link markovAttribution} (ChannelAttribution's method). */
export interface MarkovSimulationOptions {
  /** Seed of the walks (fold r uses seed + r). Default 0. */
  seed?: number;
  /** Walks in the first round, over all folds. Default 100,000 (ChannelAttribution's `nsim_start`). */
  simulations?: number;
  /** Independent runs compared for convergence. Default 10 (`nfold`). */
  folds?: number;
  /** Largest allowed residual of a fold against the median (share of conversions). Default 0.05 (`conv_par`). */
  convergence?: number;
  /** Factor on the walks per round while not converged. Default 1.5 (`rate_step_sim`). */
  growth?: number;
  /** Steps after which a walk counts as null. Default 10 x the number of states. */
  maxSteps?: number;
  /** Stop growing beyond this many walks (result then has `converged: false`). Default 1e8. */
  maxSimulations?: number;
}

/** Options of {@link markovAttribution}. */
export interface MarkovAttributionOptions {
  /** Markov order k: a state is k consecutive channels. Default 1. */
  order?: number;
  /** Separator of string paths. Default `">"`. */
  separator?: string;
  /** Estimate by random walks as ChannelAttribution does, instead of the exact solve. Default: exact. */
  simulate?: MarkovSimulationOptions;
}

/** Markov-chain attribution per channel (columns in channel order) and the fitted chain. Rows: {@link markovRows}. */
export interface MarkovAttribution {
  /** `"exact"` (absorbing chain solved) or `"simulation"`. */
  method: "exact" | "simulation";
  order: number;
  /** Channels in order of first appearance. */
  channels: string[];
  /** 1 - P(conversion with the channel removed) / P(conversion), per channel. */
  removalEffects: number[];
  /** The same with conversions weighted by value; null when no path carries a value. */
  valueRemovalEffects: number[] | null;
  /** Conversions attributed: removal effects normalized to sum to `totalConversions`. */
  conversions: number[];
  /** Value attributed (normalized value removal effects x `totalValue`); null without values. */
  value: number[] | null;
  totalConversions: number;
  totalValue: number;
  /** P(conversion) of the chain from start (simulated rate in simulation mode). */
  conversionProbability: number;
  /** Transient states of the chain, start included. */
  states: number;
  /** The transition matrix as columns: state labels ("(start)", "a", "a,b", "(conversion)", "(null)"). */
  transitions: { from: string[]; to: string[]; probability: number[] };
  /** Simulation details, null for the exact method. */
  simulation: { seed: number; walksPerFold: number; folds: number; rounds: number; residual: number; converged: boolean } | null;
}

/** One channel of a {@link markovAttribution} result. */
export interface MarkovRow {
  channel: string;
  removalEffect: number;
  valueRemovalEffect: number | null;
  conversions: number;
  value: number | null;
}

const options = z.object({
  order: z.number().int().min(1).max(8).default(1),
  separator: z.string().min(1).default(">"),
  simulate: z
    .object({
      seed: seedOption().default(0),
      simulations: z.number().int().min(1).max(1e9).default(100_000),
      folds: z.number().int().min(1).max(100).default(10),
      convergence: z.number().gt(0).default(0.05),
      growth: z.number().gt(1).max(100).default(1.5),
      maxSteps: z.number().int().min(1).optional(),
      maxSimulations: z.number().int().min(1).max(1e10).default(1e8),
    })
    .optional(),
});

/**
 * Data-driven attribution with an order-k Markov chain over channels. Each channel's removal
 * effect is 1 - P(conversion | channel removed) / P(conversion), where removing a channel
 * sends every state containing it to "(null)"; conversions (and value) are shared in proportion
 * to the removal effects. The chain is built as ChannelAttribution builds it (windows of k
 * channels, consecutive repeats of a state collapsed, null paths counted through `nulls`) and,
 * by default, solved exactly as an absorbing chain (sparse Gauss-Seidel to 1e-15, dense LU as
 * fallback) — no simulation noise. `simulate: { seed }` runs ChannelAttribution's random-walk
 * estimate instead. O(touchpoints + channels x nonzeros x sweeps).
 *
 * @param paths - aggregated paths: rows `{ path, conversions, value?, nulls? }` or columns (`buildPaths` output)
 * @param options_ - `order` (1), `separator` (`">"`), `simulate` (off: exact)
 * @throws ClienteleError `EMPTY_INPUT` (no paths, or a path without channels), `DEGENERATE_INPUT` (no conversions), `INVALID_INPUT`, `MISSING_VALUE`, `NON_FINITE`, `NEGATIVE_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`, `INVALID_OPTION`, `TOO_LARGE`, `FIT_FAILED`
 * @see Anderl, Becker, von Wangenheim & Schumann (2016), Mapping the customer journey: a graph-based framework for online attribution modeling, IJRM 33(3).
 * @example
 * import { markovAttribution } from "clientele/journey";
 * const m = markovAttribution([
 *   { path: "seo > ads", conversions: 1, nulls: 1 },
 *   { path: "seo", conversions: 0, nulls: 2 },
 * ]);
 * m.conversionProbability; // => 0.25
 * m.removalEffects; // => [1, 1]
 * m.conversions; // => [0.5, 0.5]
 */
export function markovAttribution(paths: PathsInput, options_: MarkovAttributionOptions = {}): MarkovAttribution {
  const fn = "markovAttribution";
  const opts = parseOptions(options, options_, fn);
  const p = encodePaths(paths, fn, opts.separator);
  let totalConv = 0;
  let totalValue = 0;
  for (let i = 0; i < p.n; i++) {
    totalConv += p.conv[i];
    totalValue += p.value[i];
  }
  if (totalConv <= 0) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["paths"],
      message: `${fn}: the paths have no conversions, so there is nothing to attribute. Check the conversions column (buildPaths marks a path converted when it ends in a conversion event).`,
    });
  }
  const chain = buildChain(p, opts.order, fn);
  const C = p.channels.length;
  const hasValue = totalValue > 0;
  const removal = new Float64Array(C);
  const valueRemoval = new Float64Array(C);
  const conversions = new Float64Array(C);
  const value = new Float64Array(C);
  let conversionProbability: number;
  let simulation: MarkovAttribution["simulation"] = null;
  if (opts.simulate === undefined) {
    const base = absorb(chain, null, fn);
    conversionProbability = base.conv;
    const mask = new Uint8Array(chain.nStates);
    for (let c = 0; c < C; c++) {
      const r = absorb(chain, statesWith(chain, c, mask), fn);
      removal[c] = clamp01(base.conv > 0 ? 1 - r.conv / base.conv : 0);
      valueRemoval[c] = clamp01(base.value > 0 ? 1 - r.value / base.value : 0);
    }
    share(removal, totalConv, conversions);
    share(valueRemoval, totalValue, value);
  } else {
    const s = opts.simulate;
    const out = simulateChain(chain, C, totalConv, totalValue, {
      seed: s.seed,
      simulations: s.simulations,
      folds: s.folds,
      convergence: s.convergence,
      growth: s.growth,
      maxSteps: s.maxSteps,
      maxSimulations: s.maxSimulations,
    });
    removal.set(out.removal);
    valueRemoval.set(out.valueRemoval);
    conversions.set(out.conversions);
    value.set(out.value);
    conversionProbability = out.conversionRate;
    simulation = { seed: s.seed, walksPerFold: out.walksPerFold, folds: s.folds, rounds: out.rounds, residual: out.residual, converged: out.converged };
  }
  return {
    method: simulation === null ? "exact" : "simulation",
    order: opts.order,
    channels: p.channels,
    removalEffects: Array.from(removal),
    valueRemovalEffects: hasValue ? Array.from(valueRemoval) : null,
    conversions: Array.from(conversions),
    value: hasValue ? Array.from(value) : null,
    totalConversions: totalConv,
    totalValue,
    conversionProbability,
    states: chain.nStates,
    transitions: transitionColumns(chain),
    simulation,
  };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function share(effects: Float64Array, total: number, out: Float64Array): void {
  let sum = 0;
  for (let k = 0; k < effects.length; k++) sum += effects[k];
  for (let k = 0; k < effects.length; k++) out[k] = sum > 0 ? (effects[k] / sum) * total : 0;
}

function transitionColumns(chain: ReturnType<typeof buildChain>): MarkovAttribution["transitions"] {
  const from: string[] = [];
  const to: string[] = [];
  const probability: number[] = [];
  for (let s = 0; s < chain.nStates; s++) {
    for (let q = chain.rowStart[s]; q < chain.rowStart[s + 1]; q++) {
      from.push(chain.labels[s]);
      to.push(chain.labels[chain.col[q]]);
      probability.push(chain.prob[q]);
    }
    if (chain.pConv[s] > 0) {
      from.push(chain.labels[s]);
      to.push("(conversion)");
      probability.push(chain.pConv[s]);
    }
    if (chain.pNull[s] > 0) {
      from.push(chain.labels[s]);
      to.push("(null)");
      probability.push(chain.pNull[s]);
    }
  }
  return { from, to, probability };
}

/**
 * One row per channel of a {@link markovAttribution} result, in channel order. O(channels).
 *
 * @param result - a `markovAttribution` result
 * @throws ClienteleError `INVALID_INPUT` when `result` is not one
 * @example
 * import { markovAttribution, markovRows } from "clientele/journey";
 * const rows = markovRows(markovAttribution([{ path: "seo > ads", conversions: 1, nulls: 1 }]));
 * rows[0]; // => { channel: "seo", removalEffect: 1, valueRemovalEffect: null, conversions: 0.5, value: null }
 */
export function markovRows(result: MarkovAttribution): MarkovRow[] {
  const r = result as unknown;
  const n = r !== null && typeof r === "object" && Array.isArray(result.channels) ? result.channels.length : -1;
  const ok =
    n >= 0 &&
    result.channels.every((c) => typeof c === "string") &&
    finiteArray(result.removalEffects, n) &&
    finiteArray(result.conversions, n) &&
    (result.value === null || finiteArray(result.value, n)) &&
    (result.valueRemovalEffects === null || finiteArray(result.valueRemovalEffects, n));
  if (!ok) {
    throw new ClienteleError({ code: "INVALID_INPUT", path: ["result"], message: `markovRows: result must be the output of markovAttribution.` });
  }
  if (result.channels.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["result", "channels"],
      message: `markovRows: result has no channels; pass the output of markovAttribution.`,
    });
  }
  return result.channels.map((channel, i) => ({
    channel,
    removalEffect: result.removalEffects[i],
    valueRemovalEffect: result.valueRemovalEffects === null ? null : result.valueRemovalEffects[i],
    conversions: result.conversions[i],
    value: result.value === null ? null : result.value[i],
  }));
}
