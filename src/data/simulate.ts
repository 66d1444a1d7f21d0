import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { createRng, type Rng } from "../core/rng.js";
import { rngOption, seedOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { jsonColumns } from "../core/json.js";
import { MS_PER_DAY, optionDay } from "./time.js";

/**
 * Parameters of one behavioral segment of simulated customers: a BG/NBD purchase
 * process (`r`, `alpha`: Gamma heterogeneity of the weekly purchase rate; `a`, `b`: Beta
 * heterogeneity of the drop-out probability after each repeat purchase) and a
 * Gamma-Gamma spend process (`p`, `q`, `gamma`: spend per purchase ~ Gamma(p, rate ν),
 * ν ~ Gamma(q, rate gamma), so the mean spend is p·gamma/(q − 1)).
 */
export interface SimulationSegment {
  /** Segment name reported in `customers.segment`. */
  name: string;
  /** Relative share of customers (normalized over all segments). */
  weight: number;
  /** BG/NBD shape of the purchase-rate distribution. */
  r: number;
  /** BG/NBD rate (per week) of the purchase-rate distribution; mean rate r / alpha per week. */
  alpha: number;
  /** BG/NBD drop-out Beta parameter a; mean drop-out probability a / (a + b). */
  a: number;
  /** BG/NBD drop-out Beta parameter b. */
  b: number;
  /** Gamma-Gamma shape of spend per purchase. */
  p: number;
  /** Gamma-Gamma shape of the customer's spend rate. */
  q: number;
  /** Gamma-Gamma rate of the customer's spend rate. */
  gamma: number;
}

/**
 * The default segments of `simulateCustomers`. "regular" uses the published CDNOW
 * estimates (BG/NBD r 0.243, alpha 4.414, a 0.793, b 2.426, Fader, Hardie & Lee 2005;
 * Gamma-Gamma p 6.25, q 3.74, gamma 15.44, Fader, Hardie & Lee 2005, JMR); the others
 * shift them so that the segments differ in RFM terms:
 *
 * | segment | share | mean purchases / week | mean drop-out per purchase | mean spend |
 * | --- | --- | --- | --- | --- |
 * | occasional | 40% | 0.020 | 0.55 | $35 |
 * | regular | 35% | 0.055 | 0.25 | $35 |
 * | bargain | 15% | 0.113 | 0.25 | $16 |
 * | loyal | 10% | 0.200 | 0.07 | $57 |
 *
 * The mixture buys about 0.064 times a week on average, near CDNOW's 0.055.
 *
 * @example
 * import { defaultSimulationSegments, simulateCustomers } from "clientele/data";
 * // Same segments, but twice as many loyal customers:
 * const segments = defaultSimulationSegments.map((s) => (s.name === "loyal" ? { ...s, weight: 0.2 } : s));
 * const sim = simulateCustomers({ n: 1000, seed: 1, segments });
 * sim.customers.segment.filter((s) => s === "loyal").length; // => 173 (a seeded draw, about 1000 * 0.2 / 1.1)
 */
export const defaultSimulationSegments: ReadonlyArray<Readonly<SimulationSegment>> = [
  { name: "occasional", weight: 0.4, r: 0.243, alpha: 12, a: 1.2, b: 1.0, p: 6.25, q: 3.74, gamma: 15.44 },
  { name: "regular", weight: 0.35, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 15.44 },
  { name: "bargain", weight: 0.15, r: 0.5, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 7 },
  { name: "loyal", weight: 0.1, r: 1.0, alpha: 5, a: 0.3, b: 4, p: 6.25, q: 3.74, gamma: 25 },
];

/** Options of `simulateCustomers`. */
export interface SimulateCustomersOptions {
  /** Number of customers (default 5000). */
  n?: number;
  /** Seed of the random generator (default 0; give either `seed` or `rng`, not both). */
  seed?: number;
  /**
   * Random generator from `createRng` to draw from instead of a seed (it is advanced, so
   * a shared generator continues its stream across calls). Give either `seed` or `rng`.
   */
  rng?: Rng;
  /** Length of the observation window in weeks (default 78, like CDNOW's 1997-01 .. 1998-06). */
  weeks?: number;
  /** First day of the window: Date, ISO-8601 string or epoch ms in [1e11, 1e13) (default "1997-01-01"). */
  start?: string | number | Date;
  /** First purchases are spread uniformly over the first `cohortWeeks` weeks (default 12, like CDNOW's first-quarter cohort). */
  cohortWeeks?: number;
  /** Behavioral segments (default `defaultSimulationSegments`). */
  segments?: ReadonlyArray<Readonly<SimulationSegment>>;
}

/** Output of `simulateCustomers`. */
export interface SimulatedCustomers {
  /** One row per purchase, sorted by time: customer id, epoch-ms timestamp, amount (whole cents). */
  transactions: { customerId: string[]; timestamp: Float64Array; amount: Float64Array };
  /** Every simulated customer and the segment whose parameters generated them. */
  customers: { id: string[]; segment: string[] };
  /** First day of the window, epoch ms (UTC midnight). */
  start: number;
  /** Last day of the window, epoch ms (UTC midnight): pass it to `summarizeTransactions` as `observationEnd`. */
  observationEnd: number;
}

const positive = z.number().positive().finite();
const segmentSchema = z
  .object({
    name: z.string().min(1),
    weight: z.number().nonnegative().finite(),
    r: positive,
    alpha: positive,
    a: positive,
    b: positive,
    p: positive,
    q: positive,
    gamma: positive,
  })
  .strict();

const simulateSchema = z
  .object({
    n: z.number().int().min(1).max(10_000_000).default(5000),
    seed: seedOption().optional(),
    rng: rngOption().optional(),
    weeks: z.number().positive().max(5200).default(78),
    start: z.union([z.string(), z.number(), z.date()]).default("1997-01-01"),
    cohortWeeks: z.number().nonnegative().finite().default(12),
    segments: z.array(segmentSchema).min(1).optional(),
  })
  .strict();

const MS_PER_WEEK = 7 * MS_PER_DAY;

/** Most purchases one simulation may produce (20 bytes each: about 2 GB). */
const MAX_PURCHASES = 1e8;

/**
 * Simulates a seeded, realistic transaction log: each customer belongs to a behavioral
 * segment, makes a first purchase at a uniform time in the first `cohortWeeks` weeks,
 * then buys following the BG/NBD process (Poisson purchases at a Gamma-distributed
 * weekly rate; after each repeat purchase, drops out for good with a Beta-distributed
 * probability) until the end of the window, spending Gamma-Gamma amounts rounded to
 * whole cents. Same options and seed (or generator state), same output on every
 * platform. O(n + purchases) time and memory.
 *
 * @param options - `n` (default 5000), `seed` (default 0) or `rng` (a generator from
 *   `createRng`, advanced by the call; not both), `weeks` (default 78),
 *   `start` (default "1997-01-01"), `cohortWeeks` (default 12), `segments` (default
 *   `defaultSimulationSegments`)
 * @throws ClienteleError `INVALID_OPTION` (e.g. cohortWeeks > weeks, all segment weights 0,
 *   both `seed` and `rng` given, `rng` not from `createRng`, a `start` number that is not
 *   plausible epoch ms), `TOO_LARGE` (more than 1e8 expected purchases)
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2)
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", Journal of Marketing Research 42(4)
 * @example
 * import { simulateCustomers, summarizeTransactions } from "clientele/data";
 * const sim = simulateCustomers({ n: 5000, seed: 1 });
 * const s = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
 * s.n; // => 5000
 * sim.customers.segment[0]; // => "regular" (seed 1)
 * // or draw from a generator shared with other seeded calls:
 * // import { createRng } from "clientele";
 * // const rng = createRng(7);
 * // const a = simulateCustomers({ n: 1000, rng }), b = simulateCustomers({ n: 1000, rng }); // b continues the stream
 */
export function simulateCustomers(options: SimulateCustomersOptions = {}): SimulatedCustomers {
  const fn = "simulateCustomers";
  const opts = parseOptions(simulateSchema, options, fn);
  const segments = opts.segments ?? defaultSimulationSegments;
  const { n, weeks, cohortWeeks } = opts;
  if (cohortWeeks > weeks) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "cohortWeeks"],
      received: cohortWeeks,
      message: `${fn}: options.cohortWeeks (${cohortWeeks}) must be at most options.weeks (${weeks}): first purchases must fall inside the window.`,
    });
  }
  const weights = segments.map((s) => s.weight);
  if (!(weights.reduce((x, y) => x + y, 0) > 0)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "segments"],
      received: weights,
      message: `${fn}: options.segments weights sum to 0. Give at least one segment a positive weight.`,
    });
  }
  if (opts.seed !== undefined && opts.rng !== undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "rng"],
      received: opts.seed,
      message: `${fn}: options.seed (${opts.seed}) and options.rng were both given; they are two ways to choose the random stream. Pass only one: seed for convenience, rng to share a generator.`,
    });
  }
  // expected purchases (before drop-out) = n * weeks * mean weekly rate: decide from the
  // options, before allocating, whether the log fits in memory
  const totalWeight = weights.reduce((x, y) => x + y, 0);
  let meanRate = 0;
  for (const seg of segments) meanRate += (seg.weight / totalWeight) * (seg.r / seg.alpha);
  const expected = n * (1 + weeks * meanRate);
  if (expected > MAX_PURCHASES) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options"],
      received: expected,
      message: `${fn}: these options would simulate about ${expected.toPrecision(3)} purchases (n x weeks x mean weekly rate r / alpha), more than ${MAX_PURCHASES.toExponential(0)} (about 2 GB). Use fewer customers or weeks, or segments with a lower purchase rate.`,
    });
  }
  const startDay = optionDay(opts.start, fn, "start");
  const startMs = startDay * MS_PER_DAY;
  const windowDays = Math.ceil(weeks * 7);
  const lastDay = windowDays - 1; // days after start
  const rng = opts.rng ?? createRng(opts.seed ?? 0);

  const width = String(n).length;
  const ids: string[] = new Array<string>(n);
  const segmentOf: string[] = new Array<string>(n);
  let cap = Math.max(16, n * 4);
  let cust = new Int32Array(cap);
  let time = new Float64Array(cap);
  let amt = new Float64Array(cap);
  let m = 0;
  const push = (c: number, t: number, z: number): void => {
    if (m === cap) {
      if (m >= MAX_PURCHASES) {
        throw new ClienteleError({
          code: "TOO_LARGE",
          path: ["options", "segments"],
          received: m,
          message: `${fn}: the simulated log passed ${MAX_PURCHASES.toExponential(0)} purchases (about 2 GB); some customers drew very high purchase rates (a small r with a small alpha has a long tail). Use fewer customers or weeks, or a larger alpha.`,
        });
      }
      cap *= 2;
      const c2 = new Int32Array(cap);
      c2.set(cust);
      cust = c2;
      const t2 = new Float64Array(cap);
      t2.set(time);
      time = t2;
      const a2 = new Float64Array(cap);
      a2.set(amt);
      amt = a2;
    }
    cust[m] = c;
    time[m] = t;
    amt[m] = z;
    m++;
  };
  const spend = (seg: Readonly<SimulationSegment>, nu: number): number => Math.max(0.01, Math.round(rng.gamma(seg.p, 1 / nu) * 100) / 100);
  const endMs = startMs + weeks * MS_PER_WEEK;
  for (let i = 0; i < n; i++) {
    const seg = segments[rng.categorical(weights)];
    ids[i] = "C" + String(i + 1).padStart(width, "0");
    segmentOf[i] = seg.name;
    const lambda = rng.gamma(seg.r, 1 / seg.alpha);
    const pDrop = rng.beta(seg.a, seg.b);
    const nu = rng.gamma(seg.q, 1 / seg.gamma);
    let t = rng.uniform() * cohortWeeks;
    push(i, Math.floor(startMs + t * MS_PER_WEEK), spend(seg, nu));
    for (;;) {
      if (!(lambda > 0)) break;
      t += rng.exponential(lambda);
      const ms = Math.floor(startMs + t * MS_PER_WEEK);
      if (!(ms < endMs)) break;
      push(i, ms, spend(seg, nu));
      if (rng.uniform() < pDrop) break;
    }
  }

  // Sort by time: counting sort by day, then a stable sort within each day.
  const nDays = windowDays + 1;
  const startOf = new Int32Array(nDays + 1);
  const dayIdx = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const d = Math.min(nDays - 1, Math.floor((time[k] - startMs) / MS_PER_DAY));
    dayIdx[k] = d;
    startOf[d + 1]++;
  }
  for (let d = 0; d < nDays; d++) startOf[d + 1] += startOf[d];
  const pos = startOf.slice(0, nDays);
  const perm = new Int32Array(m);
  for (let k = 0; k < m; k++) perm[pos[dayIdx[k]]++] = k;
  for (let d = 0; d < nDays; d++) {
    const lo = startOf[d];
    const hi = startOf[d + 1];
    if (hi - lo <= 32) {
      for (let k = lo + 1; k < hi; k++) {
        const v = perm[k];
        const tv = time[v];
        let j = k - 1;
        while (j >= lo && time[perm[j]] > tv) {
          perm[j + 1] = perm[j];
          j--;
        }
        perm[j + 1] = v;
      }
    } else {
      const seg = Array.from(perm.subarray(lo, hi));
      seg.sort((x, y) => time[x] - time[y] || x - y);
      perm.set(seg, lo);
    }
  }
  const customerId: string[] = new Array<string>(m);
  const timestamp = new Float64Array(m);
  const amount = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const v = perm[k];
    customerId[k] = ids[cust[v]];
    timestamp[k] = time[v];
    amount[k] = amt[v];
  }
  // The typed-array columns serialize as JSON arrays (the result and `transactions` alike).
  return jsonColumns({
    transactions: jsonColumns({ customerId, timestamp, amount }),
    customers: { id: ids, segment: segmentOf },
    start: startMs,
    observationEnd: startMs + lastDay * MS_PER_DAY,
  });
}
