// simulateInteractions: a seeded low-rank taste model with popularity skew (alias sampling).
import * as z from "../../core/schema.js";
import { ClienteleError } from "../../core/errors.js";
import { rngOption, seedOption } from "../../core/options.js";
import { createRng, type Rng } from "../../core/rng.js";
import { parseOptions } from "../../core/validate.js";
import { buildInteractions } from "./build.js";
import type { Interactions } from "./types.js";

/** Options of {@link simulateInteractions}. */
export interface SimulateInteractionsOptions {
  /** Number of users. */
  nUsers: number;
  /** Number of items. */
  nItems: number;
  /** Target total number of distinct (user, item) interactions (default 20 per user, capped at half the matrix). */
  nInteractions?: number;
  /** Latent taste dimensions (default 8). */
  factors?: number;
  /** Zipf exponent of item popularity (default 0.8; 0 means uniform). */
  popularitySkew?: number;
  /** Weight of taste versus popularity in the choice logits (default 6). */
  tasteStrength?: number;
  /** Seed (default 0) or generator. */
  seed?: number | Rng;
  /** Also return a timestamp per interaction, in days from 0 (default true). */
  timestamps?: boolean;
}

/** What {@link simulateInteractions} returns: the matrix plus the generating truth. */
export interface SimulatedInteractions {
  interactions: Interactions;
  /** Item category (the dominant latent taste) of each item, aligned with `interactions.itemIds`. */
  itemCategory: number[];
  /** Price of each item, aligned with `interactions.itemIds`. */
  itemPrice: number[];
}

const simulateSchema = z.object({
  nUsers: z.number().int().min(1).max(50_000_000),
  nItems: z.number().int().min(2).max(10_000_000),
  nInteractions: z.number().int().min(1).optional(),
  factors: z.number().int().min(1).max(256).default(8),
  popularitySkew: z.number().min(0).max(5).default(0.8),
  tasteStrength: z.number().min(0).max(50).default(6),
  seed: z.union([seedOption(), rngOption()]).default(0),
  timestamps: z.boolean().default(true),
});

/**
 * Generates seeded synthetic purchases: users and items get latent taste vectors, items
 * a Zipf popularity; each user draws a Poisson number of distinct items by sampling a
 * candidate pool weighted by popularity and accepting by taste affinity. Weights are
 * purchase counts (1 + Poisson), timestamps in days. Runs in O(nInteractions · factors).
 *
 * @param options - `nUsers`, `nItems`, `nInteractions` (default 20 per user), `factors` (8), `popularitySkew` (0.8), `tasteStrength` (6), `seed` (0), `timestamps` (true)
 * @throws ClienteleError `INVALID_OPTION`, `TOO_LARGE` (over 1e8 interactions or item-factor values)
 * @example
 * import { simulateInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 100, nItems: 50, seed: 1 });
 * interactions.nUsers; // => 100 (users with at least one purchase)
 * interactions.userIds[0]; // => "0" (ids are strings)
 */
export function simulateInteractions(options: SimulateInteractionsOptions): SimulatedInteractions {
  const fn = "simulateInteractions";
  const o = parseOptions(simulateSchema, options, fn);
  const rng = typeof o.seed === "number" ? createRng(o.seed) : o.seed;
  const { nUsers, nItems, factors: f } = o;
  const target = Math.min(o.nInteractions ?? nUsers * 20, Math.floor((nUsers * nItems) / 2));
  if (target > 1e8 || nItems * f > 1e8) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options"],
      received: { nInteractions: target, itemFactors: nItems * f },
      message: `${fn}: ${target} interactions over ${nItems} items × ${f} factors is more than this generator handles in memory (1e8 interactions, 1e8 item-factor values). Simulate fewer users, items or factors, or several seeded batches.`,
    });
  }
  // Items: a dominant category plus small noise; Zipf popularity on a shuffled order.
  const itemF = new Float32Array(nItems * f);
  const itemCategory: number[] = new Array(nItems);
  const itemPrice: number[] = new Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const c = rng.int(f);
    itemCategory[i] = c;
    for (let d = 0; d < f; d++) itemF[i * f + d] = (d === c ? 1 : 0) + 0.3 * rng.normal();
    itemPrice[i] = Math.round(Math.exp(rng.normal(2 + 0.2 * c, 0.6)) * 100) / 100;
  }
  const rank = Array.from({ length: nItems }, (_, i) => i);
  rng.shuffle(rank);
  const pop = new Float64Array(nItems);
  for (let r = 0; r < nItems; r++) pop[rank[r]] = 1 / Math.pow(r + 1, o.popularitySkew);
  // Alias table for O(1) popularity draws.
  const alias = buildAlias(pop);
  const perUser = target / nUsers;
  const userF = new Float64Array(f);
  const cu: number[] = [];
  const ci: number[] = [];
  const cw: number[] = [];
  const ct: number[] = [];
  const seen = new Set<number>();
  const maxPer = Math.max(1, Math.floor(nItems / 2));
  for (let u = 0; u < nUsers; u++) {
    // Each user likes one or two categories strongly.
    userF.fill(0);
    const a = rng.int(f);
    userF[a] = 1;
    if (rng.uniform() < 0.5) userF[rng.int(f)] += 0.6;
    for (let d = 0; d < f; d++) userF[d] += 0.2 * rng.normal();
    let m = 1 + rng.poisson(Math.max(0, perUser - 1));
    if (m > maxPer) m = maxPer;
    seen.clear();
    const day0 = rng.uniform() * 300;
    let tries = 0;
    while (seen.size < m && tries < m * 60) {
      tries++;
      const i = drawAlias(alias, rng);
      if (seen.has(i)) continue;
      let dot = 0;
      for (let d = 0; d < f; d++) dot += userF[d] * itemF[i * f + d];
      const pAccept = 1 / (1 + Math.exp(-o.tasteStrength * (dot - 0.6)));
      if (rng.uniform() > pAccept) continue;
      seen.add(i);
      cu.push(u);
      ci.push(i);
      cw.push(1 + rng.poisson(0.5));
      ct.push(Math.round((day0 + rng.uniform() * 60) * 1000) / 1000);
    }
  }
  const interactions = buildInteractions(o.timestamps ? { userId: cu, itemId: ci, weight: cw, timestamp: ct } : { userId: cu, itemId: ci, weight: cw });
  // Align item truths with first-appearance order.
  const cat: number[] = interactions.itemIds.map((id) => itemCategory[Number(id)]);
  const price: number[] = interactions.itemIds.map((id) => itemPrice[Number(id)]);
  return { interactions, itemCategory: cat, itemPrice: price };
}

interface Alias {
  prob: Float64Array;
  alias: Int32Array;
}

function buildAlias(w: Float64Array): Alias {
  const n = w.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = (w[i] * n) / total;
    (scaled[i] < 1 ? small : large).push(i);
  }
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return { prob, alias };
}

function drawAlias(a: Alias, rng: Rng): number {
  const i = rng.int(a.prob.length);
  return rng.uniform() < a.prob[i] ? i : a.alias[i];
}
