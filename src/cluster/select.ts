import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import type { FlatMatrix, PointsInput } from "../core/matrix.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { progressOption, rngOption, signalOption } from "../core/options.js";
import { createRng, type Rng } from "../core/rng.js";
import { parseOptions } from "../core/validate.js";
import { denseLabels, throwIfAborted, toFlat } from "./internal.js";
import { fitKMeansFlatSteps } from "./kmeans.js";
import { signalOf } from "./internal.js";
import { calinskiHarabaszFlat, daviesBouldinFlat, silhouetteScoreFlat } from "./metrics.js";

/**
 * Kneedle knee of a decreasing convex curve (e.g. inertia against k), following the
 * offline algorithm of Satopää et al. (2011) as implemented by the `kneed` package: the
 * first local maximum of the normalized difference curve after which the curve drops
 * below that maximum minus `sensitivity` times the mean x step. Returns the x of the knee,
 * or null when there is none. O(m).
 *
 * @param x - increasing x values (at least 3)
 * @param y - y values, one per x, decreasing and convex (like inertia)
 * @param sensitivity - Kneedle's S (default 1); larger is more conservative
 * @throws ClienteleError `INVALID_INPUT` (fewer than 3 points, lengths differ, x not increasing, non-finite)
 * @see Satopää, Albrecht, Irwin & Raghavan (2011), Finding a "Kneedle" in a haystack. ICDCS workshops.
 * @example
 * import { findKnee } from "clientele/cluster";
 * findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10]); // => 3
 */
export function findKnee(x: ArrayLike<number>, y: ArrayLike<number>, sensitivity = 1): number | null {
  const fn = "findKnee";
  const bad = (msg: string, path: (string | number)[] = ["x"]): never => {
    throw new ClienteleError({ code: "INVALID_INPUT", path, message: `${fn}: ${msg}` });
  };
  const isList = (v: unknown): boolean => v !== null && typeof v === "object" && typeof (v as { length?: unknown }).length === "number";
  if (!isList(x)) bad(`x must be an array of increasing numbers. Got ${describeValue(x)}.`);
  if (!isList(y)) bad(`y must be an array of numbers, one per x. Got ${describeValue(y)}.`, ["y"]);
  if (typeof sensitivity !== "number") bad(`sensitivity must be a number >= 0 (Kneedle's S). Got ${describeValue(sensitivity)}.`, ["sensitivity"]);
  const m = x.length;
  if (m < 3 || y.length !== m) bad(`x and y need the same length, at least 3. Got ${m} and ${y.length}.`);
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) bad(`x[${i}] and y[${i}] must be finite numbers.`);
    if (i > 0 && !(x[i] > x[i - 1])) bad(`x must be strictly increasing; x[${i}] = ${x[i]} follows ${x[i - 1]}.`);
  }
  if (!(sensitivity >= 0)) bad(`sensitivity must be >= 0. Got ${sensitivity}.`);
  let ymin = Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < m; i++) {
    if (y[i] < ymin) ymin = y[i];
    if (y[i] > ymax) ymax = y[i];
  }
  if (ymax === ymin) return null;
  const x0 = x[0];
  const xr = x[m - 1] - x0;
  const xn = new Float64Array(m);
  const diff = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    xn[i] = (x[i] - x0) / xr;
    // convex, decreasing: flip y so the elbow becomes a knee
    const yt = 1 - (y[i] - ymin) / (ymax - ymin);
    diff[i] = yt - xn[i];
  }
  // local extrema of the difference curve (scipy argrelextrema, mode "clip")
  const at = (i: number): number => diff[Math.min(Math.max(i, 0), m - 1)];
  const isMax = (i: number): boolean => diff[i] >= at(i - 1) && diff[i] >= at(i + 1);
  const isMin = (i: number): boolean => diff[i] <= at(i - 1) && diff[i] <= at(i + 1);
  const stepMean = 1 / (m - 1); // mean of the normalized x steps
  let firstMax = -1;
  for (let i = 0; i < m; i++) {
    if (isMax(i)) {
      firstMax = i;
      break;
    }
  }
  if (firstMax < 0) return null;
  let threshold = 0;
  let thresholdIndex = firstMax;
  for (let i = firstMax; i < m - 1; i++) {
    if (isMax(i)) {
      threshold = diff[i] - sensitivity * stepMean;
      thresholdIndex = i;
    }
    if (isMin(i)) threshold = 0;
    if (diff[i + 1] < threshold) return x[thresholdIndex];
  }
  return null;
}

/** Progress of {@link elbow} and {@link selectK}: reported after each k is fitted and scored. */
export interface SelectProgress {
  /** The k just fitted. */
  k: number;
  /** Values of k done so far. */
  done: number;
  /** Values of k in the range. */
  total: number;
  /** K-Means inertia at this k. */
  inertia: number;
}

/** Options of {@link elbow}. */
export interface ElbowOptions {
  /** Inclusive range of k as `[from, to]`. Default `[1, min(10, n)]`. */
  kRange?: [number, number];
  /** K-Means restarts per k. Default 1 (k-means++). */
  nInit?: number;
  /** Maximum Lloyd iterations per fit. Default 300. */
  maxIter?: number;
  /** Kneedle sensitivity S. Default 1. */
  sensitivity?: number;
  /** Random generator, shared across the fits in order of k. Default `createRng(0)`. */
  rng?: Rng;
  /** Called after each k is fitted. */
  onProgress?: (progress: SelectProgress) => void;
  /**
   * Aborts (throws `ABORTED`) when signalled. `elbow` sees it between Lloyd iterations (e.g.
   * aborted from `onProgress`); `elbowAsync` yields to the event loop, so a timer or
   * `AbortSignal.timeout(ms)` stops it in wall-clock time.
   */
  signal?: AbortSignal;
}

/** Result of {@link elbow}. */
export interface ElbowResult {
  /** The k values tried, increasing. */
  ks: number[];
  /** K-Means inertia at each k. */
  inertias: number[];
  /** The knee of the inertia curve (Kneedle), or null when the curve has none. */
  knee: number | null;
}

const elbowSchema = z
  .object({
    kRange: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
    nInit: z.number().int().positive().default(1),
    maxIter: z.number().int().positive().default(300),
    sensitivity: z.number().finite().nonnegative().default(1),
    rng: rngOption().optional(),
    onProgress: progressOption<SelectProgress>().optional(),
    signal: signalOption().optional(),
  })
  .strict();

function checkRange(from: number, to: number, min: number, n: number, fn: string): void {
  if (from < min || to > n || to - from < 2) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "kRange"],
      received: [from, to],
      message: `${fn}: options.kRange must be [from, to] with ${min} <= from, to <= ${n} (the number of points${min === 2 ? " minus 1" : ""}) and at least 3 values of k. Got [${from}, ${to}].`,
    });
  }
}

function fitK(x: FlatMatrix, k: number, nInit: number, maxIter: number, rng: Rng, signal: AbortSignal | undefined, fn: string) {
  return fitKMeansFlatSteps(x, { k, init: "k-means++", nInit, maxIter, tol: 1e-4, weights: null, rng, signal }, fn);
}

/**
 * Fits K-Means for each k in a range and finds the elbow of the inertia curve with
 * Kneedle. Time: one K-Means fit per k.
 *
 * @param points - `number[][]` or `{ data, n, d }` (scaled)
 * @param options - `kRange` (default [1, min(10, n)]), `nInit` (1), `maxIter` (300), `sensitivity` (1), `rng`, `signal`
 * @throws ClienteleError `INVALID_OPTION` (range outside [1, n] or fewer than 3 values), `EMPTY_INPUT`, `NON_FINITE`, `ABORTED`
 * @see Satopää et al. (2011), Finding a "Kneedle" in a haystack.
 * @example
 * import { elbow } from "clientele/cluster";
 * const points = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [20, 0], [20, 1], [21, 0], [21, 1]]; // three blobs
 * const r = elbow(points, { kRange: [1, 8] });
 * r.knee; // => 3 (three well-separated blobs)
 */
export function elbow(points: PointsInput, options: ElbowOptions = {}): ElbowResult {
  return runSync(elbowSteps(points, options, "elbow"));
}

/**
 * `elbow` that yields to the event loop about every 10 ms (between Lloyd iterations), so
 * `signal` (for example `AbortSignal.timeout(5000)`) stops it in wall-clock time with
 * `ABORTED`. Same result as `elbow`.
 *
 * @param points - `number[][]` or `{ data, n, d }` (scaled)
 * @param options - as `elbow`
 * @throws ClienteleError as `elbow`, and `ABORTED` when `signal` fires
 * @example
 * import { elbowAsync } from "clientele/cluster";
 * const points = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [20, 0], [20, 1], [21, 0], [21, 1]]; // three blobs
 * const r = await elbowAsync(points, { kRange: [1, 8], signal: AbortSignal.timeout(5000) });
 * r.knee; // => 3 (three well-separated blobs)
 */
export async function elbowAsync(points: PointsInput, options: ElbowOptions = {}): Promise<ElbowResult> {
  const fn = "elbowAsync";
  const steps = elbowSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never);
  }
}

function* elbowSteps(points: PointsInput, options: ElbowOptions, fn: string): Steps<ElbowResult> {
  const o = parseOptions(elbowSchema, options, fn);
  const x = toFlat(points, fn, "points", true);
  const [from, to] = o.kRange ?? [1, Math.min(10, x.n)];
  checkRange(from, to, 1, x.n, fn);
  const rng = o.rng ?? createRng(0);
  const ks: number[] = [];
  const inertias: number[] = [];
  for (let k = from; k <= to; k++) {
    throwIfAborted(o.signal, fn);
    ks.push(k);
    const res = yield* fitK(x, k, o.nInit, o.maxIter, rng, o.signal, fn);
    inertias.push(res.inertia);
    o.onProgress?.({ k, done: k - from + 1, total: to - from + 1, inertia: res.inertia });
  }
  return { ks, inertias, knee: findKnee(ks, inertias, o.sensitivity) };
}

/** A criterion {@link selectK} can use. */
export type SelectKCriterion = "silhouette" | "calinski-harabasz" | "davies-bouldin" | "elbow";

const CRITERIA = ["silhouette", "calinski-harabasz", "davies-bouldin", "elbow"] as const;
// names before 1.0 (camelCase), still accepted and mapped to the kebab-case ones
const LEGACY_CRITERIA: Record<string, SelectKCriterion> = { calinskiHarabasz: "calinski-harabasz", daviesBouldin: "davies-bouldin" };

/** Options of {@link selectK}. */
export interface SelectKOptions {
  /** Inclusive range of k as `[from, to]`, from >= 2. Default `[2, min(10, n - 1)]`. */
  kRange?: [number, number];
  /**
   * Criteria that vote for a k, in order of priority (ties go to the earlier one).
   * Default all four: "silhouette" (highest), "calinski-harabasz" (highest),
   * "davies-bouldin" (lowest), "elbow" (Kneedle knee of inertia). The older names
   * "calinskiHarabasz" and "daviesBouldin" are still accepted.
   */
  criteria?: SelectKCriterion[];
  /** K-Means restarts per k. Default 1 (k-means++). */
  nInit?: number;
  /** Maximum Lloyd iterations per fit. Default 300. */
  maxIter?: number;
  /** Points for the sampled silhouette. Default: exact when n <= 10,000, else a seeded 10,000-point sample. */
  silhouetteSampleSize?: number;
  /** Random generator, shared across fits in order of k. Default `createRng(0)`. */
  rng?: Rng;
  /** Called after each k is fitted and scored. */
  onProgress?: (progress: SelectProgress) => void;
  /** Aborts (throws `ABORTED`) when signalled; `selectKAsync` stops in wall-clock time. */
  signal?: AbortSignal;
}

/** Scores of one k in {@link selectK}. */
export interface SelectKScore {
  /** Number of clusters. */
  k: number;
  /** K-Means inertia. */
  inertia: number;
  /** Mean silhouette (when requested). */
  silhouette?: number;
  /** Calinski-Harabasz index (when requested). */
  calinskiHarabasz?: number;
  /** Davies-Bouldin index (when requested). */
  daviesBouldin?: number;
}

/** Result of {@link selectK}. */
export interface SelectKResult {
  /** Every score for every k, increasing k. */
  scores: SelectKScore[];
  /** The k each criterion prefers (elbow may be null when the curve has no knee). */
  best: Partial<Record<SelectKCriterion, number | null>>;
  /** The k with the most votes (ties broken by criterion order). */
  recommendedK: number;
  /** Plain-words explanation of the recommendation. */
  reason: string;
}

const selectKSchema = z
  .object({
    kRange: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
    criteria: z
      .array(z.enum([...CRITERIA, ...Object.keys(LEGACY_CRITERIA)] as unknown as readonly SelectKCriterion[]))
      .min(1)
      .default([...CRITERIA]),
    nInit: z.number().int().positive().default(1),
    maxIter: z.number().int().positive().default(300),
    silhouetteSampleSize: z.number().int().min(2).optional(),
    rng: rngOption().optional(),
    onProgress: progressOption<SelectProgress>().optional(),
    signal: signalOption().optional(),
  })
  .strict();

const LABEL: Record<SelectKCriterion, string> = {
  silhouette: "silhouette",
  "calinski-harabasz": "Calinski-Harabasz",
  "davies-bouldin": "Davies-Bouldin",
  elbow: "elbow",
};

/**
 * Chooses the number of clusters: fits K-Means for each k in a range, computes the
 * requested criteria, lets each vote for its best k and recommends the k with the most
 * votes, explaining why. Time: one K-Means fit per k, plus O(n² d) per k for an exact
 * silhouette (sampled above 10,000 points).
 *
 * @param points - `number[][]` or `{ data, n, d }` (scaled)
 * @param options - `kRange` (default [2, min(10, n - 1)]), `criteria` (all four), `nInit` (1),
 *   `maxIter` (300), `silhouetteSampleSize`, `rng`, `signal`
 * @throws ClienteleError `INVALID_OPTION` (range outside [2, n - 1] or fewer than 3 values), `EMPTY_INPUT`, `NON_FINITE`, `ABORTED`
 * @see Rousseeuw (1987); Calinski & Harabasz (1974); Davies & Bouldin (1979); Satopää et al. (2011).
 * @example
 * import { selectK } from "clientele/cluster";
 * const points = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [20, 0], [20, 1], [21, 0], [21, 1]]; // three blobs
 * const r = selectK(points, { kRange: [2, 8] });
 * r.recommendedK; // => 3 (three well-separated blobs)
 * r.reason; // => "k = 3: best by silhouette (0.9189), Calinski-Harabasz (800), Davies-Bouldin (0.1), elbow (knee of inertia) (4 of 4 criteria)."
 */
export function selectK(points: PointsInput, options: SelectKOptions = {}): SelectKResult {
  return runSync(selectKSteps(points, options, "selectK"));
}

/**
 * `selectK` that yields to the event loop about every 10 ms (between Lloyd iterations and
 * between scores), so `signal` (for example `AbortSignal.timeout(5000)`) stops it in
 * wall-clock time with `ABORTED`. Same result as `selectK`.
 *
 * @param points - `number[][]` or `{ data, n, d }` (scaled)
 * @param options - as `selectK`
 * @throws ClienteleError as `selectK`, and `ABORTED` when `signal` fires
 * @example
 * import { selectKAsync } from "clientele/cluster";
 * const points = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [20, 0], [20, 1], [21, 0], [21, 1]]; // three blobs
 * const r = await selectKAsync(points, { kRange: [2, 8], signal: AbortSignal.timeout(5000) });
 * r.recommendedK; // => 3 (three well-separated blobs)
 */
export async function selectKAsync(points: PointsInput, options: SelectKOptions = {}): Promise<SelectKResult> {
  const fn = "selectKAsync";
  const steps = selectKSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never);
  }
}

function* selectKSteps(points: PointsInput, options: SelectKOptions, fn: string): Steps<SelectKResult> {
  const o = parseOptions(selectKSchema, options, fn);
  const x = toFlat(points, fn, "points", true);
  const [from, to] = o.kRange ?? [2, Math.min(10, x.n - 1)];
  checkRange(from, to, 2, x.n - 1, fn);
  const rng = o.rng ?? createRng(0);
  const crit = Array.from(new Set(o.criteria.map((c) => LEGACY_CRITERIA[c] ?? c)));
  const sampleSize = o.silhouetteSampleSize ?? (x.n > 10000 ? 10000 : undefined);
  const scores: SelectKScore[] = [];
  for (let k = from; k <= to; k++) {
    throwIfAborted(o.signal, fn);
    const res = yield* fitK(x, k, o.nInit, o.maxIter, rng, o.signal, fn);
    const s: SelectKScore = { k, inertia: res.inertia };
    // clusters actually used (heavily duplicated points can leave one empty)
    const { ids, values } = denseLabels(res.labels);
    const m = values.length;
    if (m >= 2) {
      if (crit.includes("silhouette")) {
        s.silhouette = silhouetteScoreFlat(x, res.labels, sampleSize, rng.fork(), fn);
        yield;
      }
      if (crit.includes("calinski-harabasz")) s.calinskiHarabasz = calinskiHarabaszFlat(x, ids, m);
      if (crit.includes("davies-bouldin")) s.daviesBouldin = daviesBouldinFlat(x, ids, m);
    }
    scores.push(s);
    o.onProgress?.({ k, done: k - from + 1, total: to - from + 1, inertia: res.inertia });
  }
  const best: Partial<Record<SelectKCriterion, number | null>> = {};
  const FIELD = { silhouette: "silhouette", "calinski-harabasz": "calinskiHarabasz", "davies-bouldin": "daviesBouldin" } as const;
  const pick = (c: "silhouette" | "calinski-harabasz" | "davies-bouldin", sign: number): number | null => {
    const key = FIELD[c];
    let bk: number | null = null;
    let bv = -Infinity;
    for (const s of scores) {
      const v = s[key];
      if (v !== undefined && sign * v > bv) {
        bv = sign * v;
        bk = s.k;
      }
    }
    return bk;
  };
  for (const c of crit) {
    if (c === "elbow")
      best.elbow = findKnee(
        scores.map((s) => s.k),
        scores.map((s) => s.inertia),
      );
    else best[c] = pick(c, c === "davies-bouldin" ? -1 : 1);
  }
  const votes = new Map<number, SelectKCriterion[]>();
  for (const c of crit) {
    const k = best[c];
    if (k === null || k === undefined) continue;
    votes.set(k, [...(votes.get(k) ?? []), c]);
  }
  let recommendedK = from;
  let top = -1;
  let topRank = Infinity;
  for (const [k, cs] of votes) {
    const rank = Math.min(...cs.map((c) => crit.indexOf(c)));
    if (cs.length > top || (cs.length === top && rank < topRank)) {
      top = cs.length;
      topRank = rank;
      recommendedK = k;
    }
  }
  const fmt = (c: SelectKCriterion, k: number): string => {
    const s = scores.find((r) => r.k === k) as SelectKScore;
    if (c === "elbow") return "elbow (knee of inertia)";
    const v = s[FIELD[c]] as number;
    return `${LABEL[c]} (${Number(v.toPrecision(4))})`;
  };
  let reason: string;
  if (votes.size === 0) {
    reason = `k = ${recommendedK}: no criterion could score this range, so the smallest k is returned.`;
  } else {
    const chosen = votes.get(recommendedK) as SelectKCriterion[];
    const others = crit.filter((c) => !chosen.includes(c)).map((c) => (best[c] === null ? `${LABEL[c]} found no knee` : `${LABEL[c]} preferred ${best[c]}`));
    reason =
      `k = ${recommendedK}: best by ${chosen.map((c) => fmt(c, recommendedK)).join(", ")}` +
      ` (${chosen.length} of ${crit.length} criteria)` +
      (others.length > 0 ? `; ${others.join(", ")}.` : ".");
  }
  return { scores, best, recommendedK, reason };
}
