import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { checkModelHeader } from "../core/validate.js";
import { alsFactors, type AlsModel } from "./als.js";
import type { ContentModel, PopularityModel } from "./content.js";
import type { RecommendId } from "./interactions.js";
import type { ItemKnnModel, UserKnnModel } from "./knn.js";
import type { HybridModel, RecommenderModel } from "./recommend.js";
import { knownModel, rememberModel } from "./valid.js";

// Ids: strings; numbers (models saved before the one id rule) are read as their string form.
const id = z.union([z.string().min(1), z.number()]);
const num = z.number().finite();
const simEnum = z.enum(["cosine", "jaccard", "bm25", "tfidf"]);

const schemas = {
  popularity: z.object({
    kind: z.literal("popularity"),
    version: z.literal(1),
    itemIds: z.array(id),
    counts: z.array(num.nonnegative()),
    segments: z.record(z.string(), z.array(num.nonnegative())).optional(),
  }),
  "item-knn": z.object({
    kind: z.literal(["item-knn", "itemKnn"]),
    version: z.literal(1),
    similarity: simEnum,
    neighbors: z.number().int().min(1),
    shrinkage: num.nonnegative(),
    itemIds: z.array(id),
    indptr: z.array(z.number().int().nonnegative()),
    indices: z.array(z.number().int().nonnegative()),
    values: z.array(num),
  }),
  "user-knn": z.object({
    kind: z.literal(["user-knn", "userKnn"]),
    version: z.literal(1),
    similarity: simEnum,
    neighbors: z.number().int().min(1),
    shrinkage: num.nonnegative(),
    userIds: z.array(id),
    itemIds: z.array(id),
    indptr: z.array(z.number().int().nonnegative()),
    indices: z.array(z.number().int().nonnegative()),
    values: z.array(num),
  }),
  als: z.object({
    kind: z.literal("als"),
    version: z.literal(1),
    factors: z.number().int().min(1).max(1024),
    regularization: num.nonnegative().max(1e9),
    alpha: num.nonnegative().max(1e6),
    iterations: z.number().int().min(1),
    cgSteps: z.number().int().min(1),
    userIds: z.array(id),
    itemIds: z.array(id),
    encoding: z.literal("float32-base64"),
    userFactors: z.string(),
    itemFactors: z.string(),
  }),
  content: z.object({
    kind: z.literal("content"),
    version: z.literal(1),
    itemIds: z.array(id),
    featureNames: z.array(z.string()),
    indptr: z.array(z.number().int().nonnegative()),
    indices: z.array(z.number().int().nonnegative()),
    values: z.array(num),
    priceCuts: z.array(num),
  }),
};

function invalid(fn: string, message: string, path: (string | number)[] = ["model"]): never {
  throw new ClienteleError({ code: "INVALID_MODEL", path, message: `${fn}: ${message} Refit the model or pass the saved JSON unchanged.` });
}

function checkCsr(fn: string, indptr: number[], indices: number[], values: number[], rows: number, cols: number): void {
  if (indptr.length !== rows + 1 || indptr[0] !== 0 || indptr[rows] !== indices.length || values.length !== indices.length) {
    invalid(fn, "indptr, indices and values do not describe a sparse matrix of the declared size.");
  }
  for (let r = 0; r < rows; r++) if (indptr[r + 1] < indptr[r]) invalid(fn, `indptr decreases at row ${r}.`, ["model", "indptr", r]);
  for (let p = 0; p < indices.length; p++)
    if (indices[p] >= cols) invalid(fn, `indices[${p}] = ${indices[p]} is out of range (< ${cols}).`, ["model", "indices", p]);
}

function uniqueIds(fn: string, ids: RecommendId[], what: string): void {
  const seen = new Set<string>();
  ids.forEach((x, i) => {
    const k = String(x);
    if (seen.has(k)) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["model", what, i],
        received: x,
        message: `${fn}: model.${what}[${i}] is ${describeValue(x)}, which repeats an earlier id (7 and "7" are the same id). Refit the model or pass the saved JSON unchanged.`,
      });
    }
    seen.add(k);
  });
}

/** Tags of models saved before 1.0. */
const LEGACY: Record<string, readonly string[]> = { "item-knn": ["itemKnn"], "user-knn": ["userKnn"] };
const CURRENT: Record<string, string> = { itemKnn: "item-knn", userKnn: "user-knn" };
const KIND_LIST = ["als", "item-knn", "user-knn", "popularity", "content", "hybrid"];

/** Rejects non-finite or absurd numbers a fit cannot produce (similarities, counts, factor magnitudes). */
function checkRange(fn: string, values: readonly number[], limit: number, what: string): void {
  for (let p = 0; p < values.length; p++) {
    if (!(Math.abs(values[p]) <= limit)) invalid(fn, `${what}[${p}] = ${values[p]} is outside any fitted range (|x| <= ${limit}).`, ["model", what, p]);
  }
}

function parseModel(value: unknown, kindIn: string, fn: string): RecommenderModel {
  const kind = CURRENT[kindIn] ?? kindIn;
  checkModelHeader(value, kind, 1, fn, LEGACY[kind] ?? []);
  if (kind === "hybrid") {
    const v = value as HybridModel;
    for (const key of Object.keys(v)) {
      if (key !== "kind" && key !== "version" && key !== "components" && key !== "itemIds")
        invalid(fn, `a hybrid model has no field ${JSON.stringify(key)}.`, ["model", key]);
    }
    if (!Array.isArray(v.components) || v.components.length === 0 || !Array.isArray(v.itemIds)) invalid(fn, "a hybrid model needs components and itemIds.");
    const components = v.components.map((c, i) => {
      if (!c || typeof c !== "object" || typeof c.weight !== "number" || !Number.isFinite(c.weight) || c.weight < 0) {
        invalid(fn, `components[${i}] needs a finite weight >= 0.`, ["model", "components", i]);
      }
      for (const key of Object.keys(c)) {
        if (key !== "model" && key !== "weight") invalid(fn, `components[${i}] has no field ${JSON.stringify(key)}.`, ["model", "components", i, key]);
      }
      let k = (c.model as { kind?: unknown } | null)?.kind;
      if (typeof k === "string" && k in CURRENT) k = CURRENT[k];
      if (typeof k !== "string" || !(k in schemas || k === "hybrid")) invalid(fn, `components[${i}].model has unknown kind.`, ["model", "components", i]);
      return { model: parseModel(c.model, k as string, fn), weight: c.weight };
    });
    const union = new Set<string>();
    for (const c of components) for (const x of c.model.itemIds) union.add(String(x));
    if (union.size !== v.itemIds.length || !v.itemIds.every((x) => union.has(String(x))))
      invalid(fn, "itemIds must be the union of the components' items.", ["model", "itemIds"]);
    uniqueIds(fn, v.itemIds, "itemIds");
    return { kind: "hybrid", version: 1, components, itemIds: v.itemIds.map(String) };
  }
  const schema = schemas[kind as keyof typeof schemas];
  const res = schema.safeParse(value);
  if (!res.success) {
    const iss = res.error.issues[0];
    invalid(fn, `model.${iss.path.join(".")} is invalid: ${iss.message}.`, ["model", ...(iss.path as (string | number)[])]);
  }
  const raw = res.data as unknown as RecommenderModel & { userIds?: RecommendId[] };
  uniqueIds(fn, raw.itemIds, "itemIds");
  // Current tag and string ids (saved models with the old tags or numeric ids load as today's).
  const mdl = { ...raw, kind, itemIds: raw.itemIds.map(String) } as RecommenderModel;
  if (raw.userIds) (mdl as { userIds: string[] }).userIds = raw.userIds.map(String);
  switch (mdl.kind) {
    case "popularity":
      if (mdl.counts.length !== mdl.itemIds.length) invalid(fn, "counts must have one entry per item.");
      checkRange(fn, mdl.counts, 1e15, "counts");
      for (const [s, c] of Object.entries(mdl.segments ?? {})) {
        if (c.length !== mdl.itemIds.length) invalid(fn, `segment "${s}" must have one count per item.`);
        checkRange(fn, c, 1e15, "segments");
      }
      break;
    case "item-knn":
      checkCsr(fn, mdl.indptr, mdl.indices, mdl.values, mdl.itemIds.length, mdl.itemIds.length);
      checkRange(fn, mdl.values, 1e12, "values");
      break;
    case "user-knn":
      uniqueIds(fn, mdl.userIds, "userIds");
      checkCsr(fn, mdl.indptr, mdl.indices, mdl.values, mdl.userIds.length, mdl.userIds.length);
      checkRange(fn, mdl.values, 1e12, "values");
      break;
    case "content":
      checkCsr(fn, mdl.indptr, mdl.indices, mdl.values, mdl.itemIds.length, mdl.featureNames.length);
      checkRange(fn, mdl.values, 1 + 1e-9, "values");
      break;
    case "als":
      uniqueIds(fn, mdl.userIds, "userIds");
      alsFactors(mdl as AlsModel, fn);
      break;
  }
  return mdl;
}

/**
 * Internal: `value` as a checked model of one of the `allowed` kinds (old tags accepted), validated
 * deeply once per object (fitted models are known valid), else `INVALID_MODEL` /
 * `WRONG_MODEL_KIND` naming `fn`.
 */
export function checkedModel(value: unknown, fn: string, allowed: readonly string[]): RecommenderModel {
  const known = knownModel(value) as RecommenderModel | undefined;
  let kind: unknown = known ? known.kind : (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === "string" && kind in CURRENT) kind = CURRENT[kind];
  if (value === null || typeof value !== "object") {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model"],
      received: value,
      message: `${fn}: expected a fitted model (${allowed.map((k) => `"${k}"`).join(", ")}). Got ${describeValue(value)}.`,
    });
  }
  if (!allowed.includes(kind as string)) {
    throw new ClienteleError({
      code: "WRONG_MODEL_KIND",
      path: ["model", "kind"],
      received: kind,
      message: `${fn}: expected a model of kind ${allowed.map((k) => `"${k}"`).join(", ")}. Got kind ${describeValue(kind)}.`,
    });
  }
  if (known) return known;
  const parsed = parseModel(value, kind as string, fn);
  rememberModel(value, parsed);
  return parsed;
}

/**
 * Checks any saved recommender model (e.g. from `JSON.parse`) and returns it typed,
 * dispatching on its `kind`: shapes, id uniqueness, index ranges, finite values, factor
 * sizes, values within what a fit can produce. Models saved before 1.0 load as today's: the
 * old tags `"itemKnn"` / `"userKnn"` become `"item-knn"` / `"user-knn"` and numeric ids become
 * strings (the one id rule). O(model size).
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `DUPLICATE_ID`
 * @example
 * import { buildInteractions, fitItemKnn, recommenderFromJSON } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" }, { userId: 2, itemId: "tea" }]);
 * const savedText = JSON.stringify(fitItemKnn(m)); // e.g. stored in a file or a database
 * const model = recommenderFromJSON(JSON.parse(savedText));
 * model.kind; // => "item-knn"
 * recommenderFromJSON({ ...JSON.parse(savedText), kind: "itemKnn" }).kind; // => "item-knn" (a tag saved before 1.0)
 */
export function recommenderFromJSON(value: unknown): RecommenderModel {
  const fn = "recommenderFromJSON";
  let kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === "string" && kind in CURRENT) kind = CURRENT[kind];
  if (typeof kind !== "string" || !KIND_LIST.includes(kind)) {
    checkModelHeader(value, KIND_LIST.join(" | "), 1, fn);
  }
  return parseModel(value, kind as string, fn);
}

/**
 * Checks a saved ALS model and returns it typed (see `recommenderFromJSON`).
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { alsFromJSON, buildInteractions, fitAls, recommend } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" }, { userId: 2, itemId: "tea" }]);
 * const model = alsFromJSON(JSON.parse(JSON.stringify(fitAls(m, { factors: 2 }))));
 * recommend(model, m, 2, { k: 1 }); // => [{ itemId: "milk", score: 0.013, rank: 1 }] (as before saving)
 */
export function alsFromJSON(value: unknown): AlsModel {
  return parseModel(value, "als", "alsFromJSON") as AlsModel;
}

/**
 * Checks a saved item kNN model and returns it typed.
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { buildInteractions, fitItemKnn, itemKnnFromJSON, similarItems } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" }, { userId: 2, itemId: "tea" }]);
 * const saved = JSON.stringify(fitItemKnn(m));
 * const model = itemKnnFromJSON(JSON.parse(saved));
 * similarItems(model, "tea", 1); // => [{ itemId: "milk", score: 0.707... }]
 */
export function itemKnnFromJSON(value: unknown): ItemKnnModel {
  return parseModel(value, "item-knn", "itemKnnFromJSON") as ItemKnnModel;
}

/**
 * Checks a saved user kNN model and returns it typed.
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { buildInteractions, fitUserKnn, recommend, userKnnFromJSON } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" }, { userId: 2, itemId: "tea" }]);
 * const saved = JSON.stringify(fitUserKnn(m));
 * const model = userKnnFromJSON(JSON.parse(saved));
 * recommend(model, m, 2, { k: 1 }); // => [{ itemId: "milk", score: 0.707..., rank: 1 }]
 */
export function userKnnFromJSON(value: unknown): UserKnnModel {
  return parseModel(value, "user-knn", "userKnnFromJSON") as UserKnnModel;
}

/**
 * Checks a saved popularity model and returns it typed.
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { buildInteractions, fitPopularity, popularityFromJSON, recommend } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" }, { userId: 2, itemId: "tea" }]);
 * const saved = JSON.stringify(fitPopularity(m));
 * const model = popularityFromJSON(JSON.parse(saved));
 * recommend(model, m, "new customer", { k: 1 }); // => [{ itemId: "tea", score: 2, rank: 1 }]
 */
export function popularityFromJSON(value: unknown): PopularityModel {
  return parseModel(value, "popularity", "popularityFromJSON") as PopularityModel;
}

/**
 * Checks a saved content model and returns it typed.
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { contentFromJSON, fitContent, similarItems } from "clientele/recommend";
 * const saved = JSON.stringify(fitContent([
 *   { itemId: "green tea", categories: ["tea"], tags: ["organic"], price: 4 },
 *   { itemId: "black tea", categories: ["tea"], price: 3 },
 *   { itemId: "ale", categories: ["beer"], price: 5 },
 * ]));
 * const model = contentFromJSON(JSON.parse(saved));
 * similarItems(model, "green tea", 1); // => [{ itemId: "black tea", score: 0.32 }]
 */
export function contentFromJSON(value: unknown): ContentModel {
  return parseModel(value, "content", "contentFromJSON") as ContentModel;
}

/**
 * Checks a saved hybrid model (and each component) and returns it typed.
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { buildInteractions, fitHybrid, fitItemKnn, fitPopularity, hybridFromJSON, recommend } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 1, itemId: "milk" }, { userId: 2, itemId: "tea" }]);
 * const saved = JSON.stringify(fitHybrid([{ model: fitItemKnn(m), weight: 0.5 }, { model: fitPopularity(m), weight: 0.5 }]));
 * const model = hybridFromJSON(JSON.parse(saved));
 * recommend(model, m, 2, { k: 1 }); // => [{ itemId: "milk", score: 0.5, rank: 1 }]
 */
export function hybridFromJSON(value: unknown): HybridModel {
  return parseModel(value, "hybrid", "hybridFromJSON") as HybridModel;
}
