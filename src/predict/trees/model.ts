// The one saved form of every tree ensemble in clientele/predict (fitted here, or read from
// LightGBM / XGBoost), its validation, and a compiled typed-array form for scoring.
import * as z from "../../core/schema.js";
import { ClienteleError } from "../../core/errors.js";
import { checkModelHeader, parseWith } from "../../core/validate.js";
import { codeTable, type CodeTable } from "./codes.js";

/** The loss a tree ensemble was trained for; it fixes the link from margin to prediction. */
export type TreeObjective = "binary" | "squared-error" | "poisson";

/**
 * One tree as parallel arrays over its nodes (node 0 is the root). A node with `feature[i] === -1`
 * is a leaf whose output is `value[i]`. Otherwise a row goes to `left[i]` when its feature value
 * satisfies the split (see {@link GradientBoostingModel.splitRule}), to `right[i]` when not, and
 * to the side `defaultLeft[i]` names when the value is missing.
 */
export interface TreeJSON {
  /** Split feature index per node; -1 for a leaf. */
  feature: number[];
  /** Split threshold per node (0 for leaves and categorical splits). */
  threshold: number[];
  /** Left child index per node (-1 for leaves). */
  left: number[];
  /** Right child index per node (-1 for leaves). */
  right: number[];
  /** Leaf output per node (0 on internal nodes, or the node's would-be value). */
  value: number[];
  /** 1 when missing values go left, 0 when they go right. */
  defaultLeft: number[];
  /** Training cover per node (row count or hessian sum; children sum to their parent); TreeSHAP weights. */
  cover: number[];
  /**
   * LightGBM's missing-value rule per node, when not all 0: 0 = NaN goes to the default side,
   * 1 = NaN is read as 0 ("None"), 2 = NaN and 0 go to the default side ("Zero").
   */
  missingType?: number[];
  /** Categories (non-negative integer codes) that go left, per node; null on numeric splits. */
  categories?: (number[] | null)[];
}

/** A gradient-boosted tree ensemble: fitted by {@link fitGradientBoosting}, or read from LightGBM / XGBoost. Plain JSON. */
export interface GradientBoostingModel {
  /** Model kind tag. */
  kind: "gradient-boosting";
  /** Format version. */
  version: 1;
  /** Who trained the trees. */
  source: "clientele" | "lightgbm" | "xgboost";
  /** Loss: "binary" (log-loss, margin is log-odds), "squared-error" (margin is the mean), "poisson" (margin is the log mean). */
  objective: TreeObjective;
  /**
   * How a split compares: "le" sends `x <= threshold` left (clientele, LightGBM); "lt-float32"
   * sends `fround(x) < threshold` left (XGBoost, which compares in 32-bit floats).
   */
  splitRule: "le" | "lt-float32";
  /** Constant added to the sum of the trees' outputs (the starting margin). */
  baseScore: number;
  /** Number of features a row must have. */
  nFeatures: number;
  /** Feature names (x0, x1, ... when none were given). */
  featureNames: string[];
  /**
   * Categorical features with the levels seen in training (clientele models): at prediction, a
   * level not listed is treated as missing and counted as unknown.
   */
  categorical: { feature: number; levels: number[] }[];
  /** The trees, in boosting order. */
  trees: TreeJSON[];
  /** Fit record (clientele models; empty for imported ones). */
  fit: {
    /** Boosting iterations kept. */
    nIter: number;
    /** Training loss after each kept iteration (mean per row). */
    trainLoss: number[];
    /** Validation loss after each iteration when early stopping ran (mean per row), else empty. */
    validationLoss: number[];
    /** Whether early stopping ended the fit before `maxIter`. */
    stoppedEarly: boolean;
  };
}

const int = (): z.ZodNumber => z.number().int();
const treeSchema = z.object({
  feature: z.array(int().min(-1)),
  threshold: z.array(z.number()),
  left: z.array(int().min(-1)),
  right: z.array(int().min(-1)),
  value: z.array(z.number()),
  defaultLeft: z.array(int().min(0).max(1)),
  cover: z.array(z.number().nonnegative()),
  missingType: z.array(int().min(0).max(2)).optional(),
  categories: z
    .array(
      z.union([
        z.literal(null),
        z.array(
          int()
            .min(0)
            .max(2 ** 31 - 1),
        ),
      ]),
    )
    .optional(),
});
const modelSchema = z.object({
  kind: z.literal("gradient-boosting"),
  version: z.literal(1),
  source: z.enum(["clientele", "lightgbm", "xgboost"]),
  objective: z.enum(["binary", "squared-error", "poisson"]),
  splitRule: z.enum(["le", "lt-float32"]),
  baseScore: z.number(),
  nFeatures: int().min(1),
  featureNames: z.array(z.string()),
  categorical: z.array(z.object({ feature: int().min(0), levels: z.array(z.number()) })),
  trees: z.array(treeSchema),
  fit: z.object({
    nIter: int().min(0),
    trainLoss: z.array(z.number()),
    validationLoss: z.array(z.number()),
    stoppedEarly: z.boolean(),
  }),
});

function bad(fn: string, path: (string | number)[], message: string): ClienteleError {
  return new ClienteleError({ code: "INVALID_MODEL", path: ["model", ...path], message: `${fn}: ${message}` });
}

/** Checks the shape of a tree: parallel arrays, children in range, every node reached once, covers add up. */
export function checkTree(t: TreeJSON, d: number, fn: string, at: (string | number)[]): void {
  const m = t.feature.length;
  if (m === 0) throw bad(fn, at, `${at.join(".")} has no nodes.`);
  for (const k of ["threshold", "left", "right", "value", "defaultLeft", "cover", "missingType", "categories"] as const) {
    const a = t[k];
    if (a !== undefined && a.length !== m) throw bad(fn, [...at, k], `${at.join(".")}.${k} has ${a.length} entries but the tree has ${m} nodes.`);
  }
  const seen = new Uint8Array(m);
  seen[0] = 1;
  let reached = 1;
  for (let i = 0; i < m; i++) {
    const f = t.feature[i];
    if (f >= d) throw bad(fn, [...at, "feature", i], `${at.join(".")}.feature[${i}] is ${f} but the model has ${d} features.`);
    const cats = t.categories?.[i] ?? null;
    if (f === -1) {
      if (t.left[i] !== -1 || t.right[i] !== -1) throw bad(fn, [...at, "left", i], `${at.join(".")}: leaf ${i} has children.`);
      if (cats !== null) throw bad(fn, [...at, "categories", i], `${at.join(".")}: leaf ${i} has categories.`);
      continue;
    }
    for (const side of ["left", "right"] as const) {
      const c = t[side][i];
      if (c <= i || c >= m || seen[c])
        throw bad(fn, [...at, side, i], `${at.join(".")}.${side}[${i}] is ${c}; children must be later nodes of the same tree, each with one parent.`);
      seen[c] = 1;
      reached++;
    }
    const cl = t.cover[t.left[i]] + t.cover[t.right[i]];
    if (!(Math.abs(cl - t.cover[i]) <= 1e-5 * Math.max(1, t.cover[i]))) {
      throw bad(fn, [...at, "cover", i], `${at.join(".")}.cover[${i}] is ${t.cover[i]} but its children's covers add up to ${cl}.`);
    }
  }
  if (reached !== m) throw bad(fn, at, `${at.join(".")} has ${m - reached} nodes that no path reaches.`);
}

/**
 * Loads a saved gradient-boosting model (from `JSON.parse`), checking every field, the tree
 * structure and the covers, and returns a fresh plain model.
 *
 * @param json - a model from {@link fitGradientBoosting}, {@link fromLightGbm} or {@link fromXgboost}, after JSON storage
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitGradientBoosting, gradientBoostingFromJSON } from "clientele/predict";
 * const m = fitGradientBoosting([[0], [1], [2], [3]], [0, 0, 1, 1], { maxIter: 2, minSamplesLeaf: 1 });
 * gradientBoostingFromJSON(JSON.parse(JSON.stringify(m))).trees.length; // => 2
 */
export function gradientBoostingFromJSON(json: unknown): GradientBoostingModel {
  return checkModel(json, "gradientBoostingFromJSON");
}

/** gradientBoostingFromJSON naming the public function. Internal. */
export function checkModel(json: unknown, fn: string): GradientBoostingModel {
  checkModelHeader(json, "gradient-boosting", 1, fn);
  const m = parseWith(modelSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as GradientBoostingModel;
  if (m.featureNames.length !== m.nFeatures)
    throw bad(fn, ["featureNames"], `featureNames has ${m.featureNames.length} names but nFeatures is ${m.nFeatures}.`);
  for (let t = 0; t < m.trees.length; t++) checkTree(m.trees[t], m.nFeatures, fn, ["trees", t]);
  for (let c = 0; c < m.categorical.length; c++) {
    const { feature, levels } = m.categorical[c];
    if (feature >= m.nFeatures)
      throw bad(fn, ["categorical", c, "feature"], `categorical[${c}].feature is ${feature} but the model has ${m.nFeatures} features.`);
    for (const v of levels)
      if (!Number.isInteger(v) || v < 0) throw bad(fn, ["categorical", c, "levels"], `categorical[${c}].levels must be non-negative integer codes.`);
  }
  return m;
}

// ---------------------------------------------------------------- compiled form

/** All trees in concatenated typed arrays (absolute child indices). Internal. */
export interface Compiled {
  model: GradientBoostingModel;
  d: number;
  nTrees: number;
  roots: Int32Array;
  feat: Int32Array;
  thr: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  /** bit 0: missing goes left; bits 1-2: missing type; bit 3: categorical. */
  flags: Uint8Array;
  /** Per node: start of its category bitset in `bits`, and its length in words. */
  catAt: Int32Array;
  catLen: Int32Array;
  bits: Uint32Array;
  lt: boolean;
  /** Per feature: sorted known levels (clientele categorical features), else null. */
  levels: (Float64Array | null)[];
  /**
   * Branch-free layout when every split is numeric with NaN-type missing values (else null):
   * per tree, nodes relabelled breadth-first so a node's children are `kid[k]` (left) and
   * `kid[k] + 1` (right). Rows are scored in rank space: `cuts[j]` holds the distinct split
   * thresholds on feature j (sorted), a value's code is its rank among them (thresholds below
   * it for "le", at or below it for "lt-float32"), and node k sends a row right exactly when
   * the code exceeds `tb[k]`, the threshold's own rank: one integer subtraction and shift,
   * no branch. A leaf points to itself (`kid[k] = k`, `tb[k] = 2^30`, which no code exceeds),
   * and every row walks `depth[t]` steps, so several rows walk a tree together with no test
   * for "is leaf". `off[k]` is the split feature, plus the number of features when missing
   * values go right (the scorer keeps every row's codes twice: missing coded -1, which
   * exceeds no rank, then 2^29, which exceeds every rank but a leaf's).
   */
  flat: {
    root: Int32Array;
    depth: Int32Array;
    off: Int32Array;
    tb: Int32Array;
    kid: Int32Array;
    value: Float64Array;
    cuts: Float64Array[];
    codes: CodeTable[];
  } | null;
}

const cache = new WeakMap<object, Compiled>();

/** Validates (once per model object) and compiles a model for scoring. Internal. */
export function compile(model: unknown, fn: string): Compiled {
  if (model && typeof model === "object") {
    const hit = cache.get(model);
    if (hit) return hit;
  }
  const m = checkModel(model, fn);
  let total = 0;
  let catWords = 0;
  for (const t of m.trees) {
    total += t.feature.length;
    if (t.categories) for (const c of t.categories) if (c) catWords += (Math.max(0, ...c) >>> 5) + 1;
  }
  const c: Compiled = {
    model: m,
    d: m.nFeatures,
    nTrees: m.trees.length,
    roots: new Int32Array(m.trees.length),
    feat: new Int32Array(total),
    thr: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    cover: new Float64Array(total),
    flags: new Uint8Array(total),
    catAt: new Int32Array(total),
    catLen: new Int32Array(total),
    bits: new Uint32Array(catWords),
    lt: m.splitRule === "lt-float32",
    levels: Array.from({ length: m.nFeatures }, () => null),
    flat: null,
  };
  let o = 0;
  let w = 0;
  for (let t = 0; t < m.trees.length; t++) {
    const tr = m.trees[t];
    c.roots[t] = o;
    for (let i = 0; i < tr.feature.length; i++) {
      const k = o + i;
      c.feat[k] = tr.feature[i];
      c.thr[k] = c.lt ? Math.fround(tr.threshold[i]) : tr.threshold[i];
      c.left[k] = tr.left[i] < 0 ? -1 : o + tr.left[i];
      c.right[k] = tr.right[i] < 0 ? -1 : o + tr.right[i];
      c.value[k] = tr.value[i];
      c.cover[k] = tr.cover[i];
      const cats = tr.categories?.[i] ?? null;
      c.flags[k] = (tr.defaultLeft[i] ? 1 : 0) | ((tr.missingType?.[i] ?? 0) << 1) | (cats ? 8 : 0);
      if (cats) {
        const len = (Math.max(0, ...cats) >>> 5) + 1;
        c.catAt[k] = w;
        c.catLen[k] = len;
        for (const v of cats) c.bits[w + (v >>> 5)] |= 1 << (v & 31);
        w += len;
      }
    }
    o += tr.feature.length;
  }
  for (const { feature, levels } of m.categorical) c.levels[feature] = Float64Array.from(levels).sort();
  c.flat = flatten(c);
  if (model && typeof model === "object") cache.set(model, c);
  return c;
}

/** The child a row takes at internal node k for feature value x (any rule, any missing type). Internal. */
export function step(c: Compiled, k: number, x: number): number {
  const fl = c.flags[k];
  if (fl & 8) {
    if (x !== x) return fl & 1 ? c.left[k] : c.right[k];
    if (x < 0) return c.right[k];
    const v = Math.floor(x);
    const wd = v >>> 5;
    if (v >= 2 ** 31 || wd >= c.catLen[k]) return c.right[k];
    return c.bits[c.catAt[k] + wd] & (1 << (v & 31)) ? c.left[k] : c.right[k];
  }
  const mt = (fl >> 1) & 3;
  if (x !== x) {
    if (mt !== 1) return fl & 1 ? c.left[k] : c.right[k];
    x = 0;
  }
  if (mt === 2 && Math.abs(x) <= 1e-35) return fl & 1 ? c.left[k] : c.right[k];
  if (c.lt) return Math.fround(x) < c.thr[k] ? c.left[k] : c.right[k];
  return x <= c.thr[k] ? c.left[k] : c.right[k];
}

/** Rank of threshold `v` in `cuts` (exact match; NaN, which sends every non-missing value right, gets -1). */
function rankOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < cuts.length && cuts[lo] === v ? lo : -1;
}

/** Rank given to leaves (and NaN thresholds): larger than any code. */
export const LEAF_RANK = 2 ** 30;

function flatten(c: Compiled): Compiled["flat"] {
  const total = c.feat.length;
  for (let k = 0; k < total; k++) if (c.flags[k]! > 1) return null;
  // distinct thresholds per feature
  const per: number[][] = Array.from({ length: c.d }, () => []);
  for (let k = 0; k < total; k++) if (c.feat[k]! >= 0 && c.thr[k] === c.thr[k]) per[c.feat[k]!]!.push(c.thr[k]!);
  const cuts = per.map((a) => {
    const s = Float64Array.from(a).sort();
    let m = 0;
    for (let i = 0; i < s.length; i++) if (m === 0 || s[i] !== s[m - 1]) s[m++] = s[i]!;
    return s.slice(0, m);
  });
  const f: NonNullable<Compiled["flat"]> = {
    root: new Int32Array(c.nTrees),
    depth: new Int32Array(c.nTrees),
    off: new Int32Array(total),
    tb: new Int32Array(total),
    kid: new Int32Array(total),
    value: new Float64Array(total),
    cuts,
    codes: cuts.map(codeTable),
  };
  const queue = new Int32Array(total);
  const level = new Int32Array(total);
  let o = 0;
  for (let t = 0; t < c.nTrees; t++) {
    // breadth-first: queue[q] is the old node that gets the new id o + q
    let head = 0;
    let tail = 0;
    let deepest = 0;
    queue[tail++] = c.roots[t]!;
    level[0] = 0;
    f.root[t] = o;
    while (head < tail) {
      const old = queue[head]!;
      const lev = level[head]!;
      const id = o + head;
      head++;
      f.value[id] = c.value[old]!;
      const j = c.feat[old]!;
      if (j < 0) {
        f.kid[id] = id;
        f.tb[id] = LEAF_RANK;
        f.off[id] = 0;
        if (lev > deepest) deepest = lev;
        continue;
      }
      f.tb[id] = rankOf(cuts[j]!, c.thr[old]!);
      f.off[id] = j + (c.flags[old]! & 1 ? 0 : c.d);
      f.kid[id] = o + tail;
      level[tail] = lev + 1;
      queue[tail++] = c.left[old]!;
      level[tail] = lev + 1;
      queue[tail++] = c.right[old]!;
    }
    f.depth[t] = deepest;
    o += tail;
  }
  return f;
}
