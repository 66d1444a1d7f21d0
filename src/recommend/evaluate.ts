import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { rngOption } from "../core/options.js";
import { createRng, type Rng } from "../core/rng.js";
import { parseOptions } from "../core/validate.js";
import { fitPopularity } from "./content.js";
import { checkInteractions, type Interactions, type RecommendId } from "./interactions.js";
import { checkModelKind, recommendAllWith, type RecommendAllOptions, type RecommenderModel, type UserRecommendations } from "./recommend.js";
import { itemIndexMap, rejectUnknownFields } from "./sparse.js";

/** Options of {@link splitInteractions}. */
export interface SplitInteractionsOptions {
  /**
   * `"random"` (default): each eligible user holds out max(1, round(testFraction · n)) of
   * their n items, drawn without replacement; `"leave-last-out"`: each eligible user holds
   * out their latest item by timestamp (ties to the higher item index).
   */
  method?: "random" | "leave-last-out";
  /** Share held out per user for `"random"` (default 0.2). */
  testFraction?: number;
  /** Users with fewer distinct items stay entirely in training (default 2). */
  minInteractions?: number;
  /** Random generator (default createRng(0)). */
  rng?: Rng;
}

/** A train/test split over the same user and item ids. */
export interface InteractionsSplit {
  train: Interactions;
  /** Held-out interactions; users not evaluated have empty rows. */
  test: Interactions;
}

const splitSchema = z.object({
  method: z.enum(["random", "leave-last-out"]).default("random"),
  testFraction: z.number().gt(0).lt(1).default(0.2),
  minInteractions: z.number().int().min(2).default(2),
  rng: rngOption().optional(),
});

/**
 * Splits interactions per user into training and held-out parts for offline evaluation:
 * random per-user holdout (seeded) or leave-last-out by timestamp. Both parts keep every
 * user and item id, so models fitted on `train` score the users of `test`. O(nnz).
 *
 * @param interactions - from `buildInteractions` (with timestamps for leave-last-out)
 * @param options - `method` (`"random"`), `testFraction` (0.2), `minInteractions` (2), `rng`
 * @throws ClienteleError `INVALID_INPUT` (interactions), `INVALID_OPTION`, `MISSING_VALUE` (leave-last-out without timestamps)
 * @example
 * import { simulateInteractions, splitInteractions } from "clientele/recommend";
 * import { createRng } from "clientele";
 * const { interactions } = simulateInteractions({ nUsers: 200, nItems: 80, seed: 1 }); // 3,902 purchases
 * const { train, test } = splitInteractions(interactions, { testFraction: 0.2, minInteractions: 5, rng: createRng(42) });
 * [train.indices.length, test.indices.length]; // => [3126, 776]: about 20 % of each user's purchases held out
 * [train.nUsers, test.nUsers]; // => [200, 200] (both parts keep every user and item)
 */
export function splitInteractions(interactions: Interactions, options: SplitInteractionsOptions = {}): InteractionsSplit {
  const fn = "splitInteractions";
  const m = checkInteractions(interactions, fn);
  const o = parseOptions(splitSchema, options, fn);
  const rng = o.rng ?? createRng(0);
  if (o.method === "leave-last-out" && !m.timestamps) {
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path: ["interactions", "timestamps"],
      message: `${fn}: leave-last-out needs timestamps; build the interactions with a timestamp on each event or use method "random".`,
    });
  }
  const tr = { indptr: [0], indices: [] as number[], values: [] as number[], timestamps: [] as number[] };
  const te = { indptr: [0], indices: [] as number[], values: [] as number[], timestamps: [] as number[] };
  const ts = m.timestamps;
  for (let u = 0; u < m.nUsers; u++) {
    const s = m.indptr[u];
    const n = m.indptr[u + 1] - s;
    const held = new Uint8Array(n);
    if (n >= o.minInteractions) {
      if (o.method === "random") {
        const nTest = Math.max(1, Math.round(o.testFraction * n));
        const pos = Array.from({ length: n }, (_, i) => i);
        for (let t = 0; t < nTest; t++) {
          const r = t + rng.int(n - t);
          const tmp = pos[t];
          pos[t] = pos[r];
          pos[r] = tmp;
          held[pos[t]] = 1;
        }
      } else {
        let best = 0;
        for (let q = 1; q < n; q++) if (ts![s + q] >= ts![s + best]) best = q;
        held[best] = 1;
      }
    }
    for (let q = 0; q < n; q++) {
      const dst = held[q] ? te : tr;
      dst.indices.push(m.indices[s + q]);
      dst.values.push(m.values[s + q]);
      if (ts) dst.timestamps.push(ts[s + q]);
    }
    tr.indptr.push(tr.indices.length);
    te.indptr.push(te.indices.length);
  }
  const make = (x: typeof tr): Interactions => {
    const out: Interactions = {
      kind: "interactions",
      version: 1,
      nUsers: m.nUsers,
      nItems: m.nItems,
      userIds: m.userIds.map(String),
      itemIds: m.itemIds.map(String),
      indptr: x.indptr,
      indices: x.indices,
      values: x.values,
    };
    if (ts) out.timestamps = x.timestamps;
    return out;
  };
  return { train: make(tr), test: make(te) };
}

/** Ranking metrics at k, averaged over the users with at least one held-out item. */
export interface RankingMetrics {
  k: number;
  /** Number of users evaluated. */
  users: number;
  /** Hits / k. */
  precision: number;
  /** Hits / number held out. */
  recall: number;
  /** Binary-relevance NDCG, ideal DCG over min(held out, k) positions (Järvelin & Kekäläinen 2002). */
  ndcg: number;
  /** Average precision divided by min(held out, k). */
  map: number;
  /** Share of users with at least one hit. */
  hitRate: number;
  /** Mean reciprocal rank of the first hit (0 without one). */
  mrr: number;
  /** Share of catalog items appearing in any evaluated list. */
  coverage: number;
}

/** Options of {@link evaluateRanking}. */
export interface EvaluateRankingOptions {
  /** Cutoff (default 10); longer lists are truncated. */
  k?: number;
}

const evaluateSchema = z.object({ k: z.number().int().min(1).default(10) });

/**
 * Scores top-k lists against held-out items: precision, recall, NDCG (binary relevance,
 * log2 discount, ideal DCG over min(|held out|, k) positions), MAP (average precision over
 * min(|held out|, k)), hit rate, MRR and catalog coverage. Users without held-out items are
 * skipped; an evaluated user without a list counts as all misses. Every metric is in [0, 1]:
 * a list that names an item twice, or two lists for one user (ids by the id rule: 7 and "7"
 * are one), is an error rather than counted twice. O(users · k).
 *
 * @param recommendations - from `recommendAll` (or the same shape)
 * @param heldOut - the `test` part of `splitInteractions`
 * @param options - `k` (default 10)
 * @throws ClienteleError `INVALID_OPTION`, `INVALID_INPUT` (a malformed or duplicated entry, named by its row), `DUPLICATE_ID` (two lists for one user), `MISSING_VALUE` / `INVALID_ID`, `EMPTY_INPUT` (no recommendation lists at all)
 * @see Järvelin & Kekäläinen (2002), "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4).
 * @example
 * import { evaluateRanking, fitAls, recommendAll, simulateInteractions, splitInteractions } from "clientele/recommend";
 * import { createRng } from "clientele";
 * const { interactions } = simulateInteractions({ nUsers: 200, nItems: 80, seed: 1 }); // 3,902 purchases
 * const { train, test } = splitInteractions(interactions, { testFraction: 0.2, minInteractions: 5, rng: createRng(42) });
 * const model = fitAls(train, { factors: 16, iterations: 10, rng: createRng(7) });
 * const metrics = evaluateRanking(recommendAll(model, train), test, { k: 10 });
 * metrics.ndcg; // => 0.364
 */
export function evaluateRanking(
  recommendations: readonly UserRecommendations[] | readonly { userId: RecommendId; items: readonly { itemId: RecommendId }[] }[],
  heldOut: Interactions,
  options: EvaluateRankingOptions = {},
): RankingMetrics {
  return evaluateRankingWith(recommendations, heldOut, options, "evaluateRanking");
}

function evaluateRankingWith(recommendations: unknown, heldOut: unknown, options: unknown, fn: string): RankingMetrics {
  const o = parseOptions(evaluateSchema, options, fn);
  const m = checkInteractions(heldOut, fn);
  const k = o.k;
  if (!Array.isArray(recommendations)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["recommendations"],
      received: recommendations,
      message: `${fn}: recommendations must be an array of { userId, items } (recommendAll's output). Got ${describeValue(recommendations)}.`,
    });
  }
  if (recommendations.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["recommendations"],
      received: recommendations,
      message: `${fn}: recommendations is empty, so there is nothing to evaluate (every metric would be 0). Pass recommendAll(model, train) for the users of the held-out set.`,
    });
  }
  // Each list as item ids in string form, checked: no item twice, no user twice.
  const lists = new Map<string, string[]>();
  (recommendations as unknown[]).forEach((r, i) => {
    if (r === null || typeof r !== "object" || !Array.isArray((r as { items?: unknown }).items)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["recommendations", i],
        received: r,
        message: `${fn}: recommendations[${i}] must be { userId, items: [{ itemId }] }. Got ${describeValue(r)}.`,
      });
    }
    const row = r as { userId?: unknown; items: unknown[] };
    const user = idKey(row.userId, fn, ["recommendations", i, "userId"]);
    if (lists.has(user)) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["recommendations", i, "userId"],
        received: row.userId,
        message: `${fn}: recommendations[${i}] is a second list for user "${user}" (7 and "7" are the same user). Pass one list per user.`,
      });
    }
    const ids: string[] = [];
    const seen = new Set<string>();
    const upto = Math.min(k, row.items.length);
    for (let r2 = 0; r2 < upto; r2++) {
      const it = row.items[r2];
      if (it === null || typeof it !== "object") {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["recommendations", i, "items", r2],
          received: it,
          message: `${fn}: recommendations[${i}].items[${r2}] must be { itemId }. Got ${describeValue(it)}.`,
        });
      }
      const id = idKey((it as { itemId?: unknown }).itemId, fn, ["recommendations", i, "items", r2, "itemId"]);
      if (seen.has(id)) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["recommendations", i, "items", r2],
          received: (it as { itemId?: unknown }).itemId,
          message: `${fn}: recommendations[${i}].items[${r2}] repeats item "${id}" already in user "${user}"'s list; a list must name each item once (a repeat would count as several hits, pushing recall and NDCG above 1). Deduplicate the list.`,
        });
      }
      seen.add(id);
      ids.push(id);
    }
    lists.set(user, ids);
  });
  const itemMap = itemIndexMap(m);
  const covered = new Uint8Array(m.nItems);
  let users = 0;
  let sp = 0,
    sr = 0,
    sn = 0,
    sm = 0,
    sh = 0,
    smrr = 0;
  const rel = new Set<number>();
  for (let u = 0; u < m.nUsers; u++) {
    const s = m.indptr[u];
    const e = m.indptr[u + 1];
    if (e === s) continue;
    users++;
    rel.clear();
    for (let p = s; p < e; p++) rel.add(m.indices[p]);
    const list = lists.get(String(m.userIds[u])) ?? [];
    const nRel = rel.size;
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    let first = 0;
    const upto = Math.min(k, list.length);
    for (let r = 0; r < upto; r++) {
      const j = itemMap.get(list[r]);
      if (j === undefined) continue;
      covered[j] = 1;
      if (rel.has(j)) {
        hits++;
        dcg += 1 / Math.log2(r + 2);
        ap += hits / (r + 1);
        if (first === 0) first = r + 1;
      }
    }
    let idcg = 0;
    const ideal = Math.min(nRel, k);
    for (let r = 0; r < ideal; r++) idcg += 1 / Math.log2(r + 2);
    sp += hits / k;
    sr += hits / nRel;
    sn += dcg / idcg;
    sm += ap / ideal;
    sh += hits > 0 ? 1 : 0;
    smrr += first > 0 ? 1 / first : 0;
  }
  if (users === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["heldOut"],
      message: `${fn}: no user has a held-out item, so there is nothing to evaluate. Check the split's minInteractions.`,
    });
  }
  let cov = 0;
  for (let j = 0; j < m.nItems; j++) cov += covered[j];
  return {
    k,
    users,
    precision: sp / users,
    recall: sr / users,
    ndcg: sn / users,
    map: sm / users,
    hitRate: sh / users,
    mrr: smrr / users,
    coverage: cov / m.nItems,
  };
}

/** One row of {@link compareToPopularity}: a model name and its metrics. */
export interface EvaluationRow extends RankingMetrics {
  model: string;
}

/**
 * Evaluates named models on a split, always beside the most-popular baseline fitted on
 * the same training part: recommends for every user with held-out items (excluding their
 * training items), then `evaluateRanking`. The first row is `"popularity"`.
 *
 * @param split - from `splitInteractions`
 * @param models - name → model fitted on `split.train`
 * @param options - `k` (default 10) and other `recommendAll` options (not `users`: the users with held-out items are evaluated)
 * @throws ClienteleError `INVALID_INPUT` (split, models), `WRONG_MODEL_KIND`, `INVALID_OPTION`, and as `recommendAll` and `evaluateRanking`
 * @example
 * import { compareToPopularity, fitAls, simulateInteractions, splitInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 200, nItems: 80, seed: 1 }); // 3,902 purchases
 * const split = splitInteractions(interactions, { minInteractions: 5 });
 * compareToPopularity(split, { als: fitAls(split.train, { factors: 16 }) });
 * // => [{ model: "popularity", ndcg: 0.254, hitRate: 0.765, ... }, { model: "als", ndcg: 0.383, hitRate: 0.900, ... }]
 */
export function compareToPopularity(
  split: InteractionsSplit,
  models: Readonly<Record<string, RecommenderModel>>,
  options: RecommendAllOptions = {},
): EvaluationRow[] {
  const fn = "compareToPopularity";
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options"],
      received: options,
      message: `${fn}: options must be an object such as { k: 10 }, or omitted. Got ${describeValue(options)}.`,
    });
  }
  if (split === null || typeof split !== "object" || !split.train || !split.test) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["split"],
      received: split,
      message: `${fn}: split must be { train, test } from splitInteractions. Got ${describeValue(split)}.`,
    });
  }
  rejectUnknownFields(split, ["train", "test"], fn, ["split"]);
  if (models === null || typeof models !== "object" || Array.isArray(models)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["models"],
      received: models,
      message: `${fn}: models must be an object { name: model }. Got ${describeValue(models)}.`,
    });
  }
  if (options !== undefined && options !== null && typeof options === "object" && "users" in options) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "users"],
      message: `${fn}: options.users is not supported; the users with held-out items in split.test are evaluated.`,
    });
  }
  const entries = Object.entries(models).map(([name, mdl]) => [name, checkModelKind(mdl, `${fn} (models.${name})`)] as [string, RecommenderModel]);
  const train = checkInteractions(split.train, fn);
  const test = checkInteractions(split.test, fn);
  const users: string[] = [];
  for (let u = 0; u < test.nUsers; u++) if (test.indptr[u + 1] > test.indptr[u]) users.push(String(test.userIds[u]));
  const k = (options as { k?: unknown } | undefined)?.k ?? 10;
  const all: [string, RecommenderModel][] = [["popularity", fitPopularity(train)], ...entries];
  return all.map(([name, model]) => ({
    model: name,
    ...evaluateRankingWith(recommendAllWith(model, train, { ...(options ?? {}), users, k }, fn), test, { k }, fn),
  }));
}

/**
 * Renders evaluation rows as a markdown table (one row per model, metrics to 3 decimals).
 *
 * @throws ClienteleError `INVALID_INPUT`
 * @example
 * import { compareToPopularity, fitAls, formatEvaluationTable, simulateInteractions, splitInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 200, nItems: 80, seed: 1 }); // 3,902 purchases
 * const split = splitInteractions(interactions, { minInteractions: 5 });
 * const table = formatEvaluationTable(compareToPopularity(split, { als: fitAls(split.train, { factors: 16 }) }));
 * table.split("\n");
 * // => ["| model | NDCG@k | precision | recall | MAP | hit rate | MRR | coverage |", "| --- | ...",
 * //     "| popularity | 0.254 | 0.126 | ...", "| als | 0.383 | 0.183 | ..."]
 */
export function formatEvaluationTable(rows: readonly EvaluationRow[]): string {
  const fn = "formatEvaluationTable";
  if (!Array.isArray(rows)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["rows"],
      received: rows,
      message: `${fn}: rows must be an array from compareToPopularity. Got ${describeValue(rows)}.`,
    });
  }
  rows.forEach((r, i) => {
    const bad =
      r === null || typeof r !== "object"
        ? ""
        : typeof r.model !== "string"
          ? "model"
          : ["ndcg", "precision", "recall", "map", "hitRate", "mrr", "coverage"].find(
              (key) => typeof (r as unknown as Record<string, unknown>)[key] !== "number" || !Number.isFinite((r as unknown as Record<string, number>)[key]),
            );
    if (bad !== undefined) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["rows", i, ...(bad ? [bad] : [])],
        received: r,
        message: `${fn}: rows[${i}] must be { model, ndcg, precision, recall, map, hitRate, mrr, coverage } with finite metrics.`,
      });
    }
  });
  const head = `| model | NDCG@k | precision | recall | MAP | hit rate | MRR | coverage |\n| --- | --- | --- | --- | --- | --- | --- | --- |`;
  const f = (x: number) => x.toFixed(3);
  const body = rows.map(
    (r) => `| ${r.model} | ${f(r.ndcg)} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.map)} | ${f(r.hitRate)} | ${f(r.mrr)} | ${f(r.coverage)} |`,
  );
  return [head, ...body].join("\n");
}
