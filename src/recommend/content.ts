import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { checkRowFields, parseOptions } from "../core/validate.js";
import { checkInteractions, requireInteractions, type RecommendId, type Interactions } from "./interactions.js";
import { toCsc } from "./sparse.js";
import { registerModel } from "./valid.js";

/** Most-popular items, overall and optionally per customer segment. Plain JSON data. */
export interface PopularityModel {
  kind: "popularity";
  version: 1;
  /** Item id of each count (string form). */
  itemIds: string[];
  /** Popularity of each item: distinct users (or summed weights with `weighted`). */
  counts: number[];
  /**
   * Per-segment counts, aligned with `itemIds`, when segments were given. Any segment name works,
   * including `"constructor"` or `"__proto__"` (stored as an own property).
   */
  segments?: Record<string, number[]>;
}

/** Options of {@link fitPopularity}. */
export interface FitPopularityOptions {
  /** Sum interaction weights instead of counting distinct users (default false). */
  weighted?: boolean;
  /**
   * Segment of each user (a Map or a record keyed by user id, ids by the id rule: a Map key 7 and
   * a user "7" match); users without one count only overall.
   */
  segments?: ReadonlyMap<RecommendId, string> | Readonly<Record<string, string>>;
}

const popularitySchema = z.object({
  weighted: z.boolean().default(false),
  segments: z.union([z.instanceof(Map), z.record(z.string(), z.string())]).optional(),
});

/**
 * Fits the most-popular baseline: each item's number of distinct users (or summed
 * weight), overall and per segment. Also the cold-start scorer for customers with no
 * history: pass it as `coldStart` with their `segment` to `recommend`. O(nnz).
 *
 * @param interactions - from `buildInteractions`
 * @param options - `weighted` (default false), `segments` (user id → segment name)
 * @throws ClienteleError `INVALID_INTERACTIONS`, `INVALID_OPTION`
 * @example
 * import { buildInteractions, fitPopularity, recommend } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: "tea" }, { userId: 2, itemId: "tea" }, { userId: 2, itemId: "jam" }]);
 * recommend(fitPopularity(m), m, "new customer", { k: 1 });
 * // => [{ itemId: "tea", score: 2, rank: 1 }]
 */
export function fitPopularity(interactions: Interactions, options: FitPopularityOptions = {}): PopularityModel {
  const fn = "fitPopularity";
  const m = checkInteractions(interactions, fn);
  requireInteractions(m, fn);
  const o = parseOptions(popularitySchema, options, fn);
  const counts = new Array<number>(m.nItems).fill(0);
  // Segment names are data, not keys of an ordinary object: a Map, written out with own properties.
  const seg = new Map<string, number[]>();
  let segOf: Map<string, unknown> | undefined;
  if (o.segments instanceof Map) {
    segOf = new Map();
    for (const [k, v] of o.segments as Map<unknown, unknown>) {
      const key = idKey(k, fn, ["options", "segments", describeValue(k)]);
      if (segOf.has(key) && segOf.get(key) !== v) {
        throw new ClienteleError({
          code: "DUPLICATE_ID",
          path: ["options", "segments", key],
          received: k,
          message: `${fn}: options.segments has two entries for user "${key}" (7 and "7" are the same id) with different segments. Keep one.`,
        });
      }
      segOf.set(key, v);
    }
  } else if (o.segments) {
    segOf = new Map(Object.entries(o.segments as Record<string, unknown>));
  }
  for (let u = 0; u < m.nUsers; u++) {
    const s = segOf?.get(String(m.userIds[u]));
    if (s !== undefined && (typeof s !== "string" || s.length === 0)) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "segments", String(m.userIds[u])],
        received: s,
        message: `${fn}: the segment of user ${describeValue(m.userIds[u])} must be a non-empty string. Got ${describeValue(s)}.`,
      });
    }
    let sc: number[] | undefined;
    if (s !== undefined) {
      sc = seg.get(s);
      if (!sc) seg.set(s, (sc = new Array<number>(m.nItems).fill(0)));
    }
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
      const add = o.weighted ? m.values[p] : 1;
      counts[m.indices[p]] += add;
      if (sc) sc[m.indices[p]] += add;
    }
  }
  const model: PopularityModel = { kind: "popularity", version: 1, itemIds: m.itemIds.map(String), counts };
  if (segOf) model.segments = ownRecord(seg);
  return registerModel(model);
}

/** Internal: a plain object with one own enumerable property per entry (also for "__proto__"). */
export function ownRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Internal: the counts of segment `name` of a popularity model, or undefined (own properties only). */
export function segmentCounts(model: PopularityModel, name: string): number[] | undefined {
  const segs = model.segments;
  return segs && Object.hasOwn(segs, name) ? segs[name] : undefined;
}

/** Internal: distinct-user counts of the interactions (cached). */
const popCache = new WeakMap<object, Float64Array>();
export function popularityOf(m: Interactions): Float64Array {
  let c = popCache.get(m);
  if (!c) {
    const csc = toCsc(m);
    c = new Float64Array(m.nItems);
    for (let i = 0; i < m.nItems; i++) c[i] = csc.indptr[i + 1] - csc.indptr[i];
    popCache.set(m, c);
  }
  return c;
}

/** Attributes of one catalog item for content-based scoring. */
export interface ItemAttributes {
  itemId: RecommendId;
  /** Category names (one-hot features); a single string is one category (`"dairy"`). */
  categories?: readonly string[] | string;
  /** Free tags (one-hot, idf-weighted); a single string is one tag. */
  tags?: readonly string[] | string;
  /** Price: binned into `priceBands` quantile bands (one-hot). */
  price?: number;
  /** Other numeric attributes, standardized to z-scores across the catalog. */
  numeric?: Readonly<Record<string, number>>;
}

/**
 * A content-based recommender: one L2-normalized sparse attribute vector per catalog
 * item. A customer's profile is the weighted sum of the vectors of the items in their
 * history; items score by cosine with it, so items nobody bought yet are scored too.
 */
export interface ContentModel {
  kind: "content";
  version: 1;
  /** Item ids (string form). */
  itemIds: string[];
  /** Name of each feature column, e.g. `"category:dairy"`, `"tag:organic"`, `"price:band2"`, `"numeric:weight"`. */
  featureNames: string[];
  /** Sparse item × feature rows (CSR), each row of unit length (or empty). */
  indptr: number[];
  indices: number[];
  values: number[];
  /** Upper edges of the price bands (all but the last band). */
  priceCuts: number[];
}

/** Options of {@link fitContent}. */
export interface FitContentOptions {
  /** Number of quantile price bands (default 5). */
  priceBands?: number;
  /** Relative weight of each attribute group (defaults 1). */
  weights?: { categories?: number; tags?: number; price?: number; numeric?: number };
}

const contentSchema = z.object({
  priceBands: z.number().int().min(1).max(100).default(5),
  weights: z
    .object({
      categories: z.number().finite().nonnegative().default(1),
      tags: z.number().finite().nonnegative().default(1),
      price: z.number().finite().nonnegative().default(1),
      numeric: z.number().finite().nonnegative().default(1),
    })
    .default({ categories: 1, tags: 1, price: 1, numeric: 1 }),
});

/**
 * Fits a content-based model from item attributes: one-hot categories, idf-weighted tags,
 * quantile price bands and z-scored numeric attributes, each group scaled by its weight,
 * each item vector L2-normalized. O(items · attributes + items log items).
 *
 * @param items - one entry per catalog item (ids unique), including items no one has bought
 * @param options - `priceBands` (default 5), `weights` per attribute group (default 1 each)
 * A string `categories` or `tags` is one name (not split into letters); names are strings or
 * finite numbers. Item ids follow the id rule (7 and "7" are one item: `DUPLICATE_ID`). A field
 * such as `category` for `categories` is `MISSING_COLUMN` naming the expected one.
 *
 * @throws ClienteleError `EMPTY_INPUT`, `INVALID_INPUT`, `DUPLICATE_ID`, `INVALID_ID`, `MISSING_VALUE`, `MISSING_COLUMN`, `NON_FINITE`, `INVALID_OPTION`
 * @see Pazzani & Billsus (2007), "Content-based recommendation systems", The Adaptive Web.
 * @example
 * import { fitContent, similarItems } from "clientele/recommend";
 * const model = fitContent([
 *   { itemId: "green tea", categories: ["tea"], tags: ["organic"], price: 4 },
 *   { itemId: "black tea", categories: ["tea"], price: 3 },
 *   { itemId: "ale", categories: ["beer"], price: 5 },
 * ]);
 * similarItems(model, "green tea", 1);
 * // => [{ itemId: "black tea", score: 0.32 }] (shared category; organic tag and price band differ)
 */
export function fitContent(items: readonly ItemAttributes[], options: FitContentOptions = {}): ContentModel {
  const fn = "fitContent";
  const o = parseOptions(contentSchema, options, fn);
  if (!Array.isArray(items) || items.length === 0) {
    throw new ClienteleError({
      code: Array.isArray(items) ? "EMPTY_INPUT" : "INVALID_INPUT",
      path: ["items"],
      received: items,
      message: `${fn}: items must be a non-empty array of { itemId, categories?, tags?, price?, numeric? }. Got ${describeValue(items)}.`,
    });
  }
  const n = items.length;
  const ids: string[] = [];
  const seen = new Set<string>();
  const cats: string[][] = [];
  const tagsOf: string[][] = [];
  const prices: { i: number; p: number }[] = [];
  const numNames = new Set<string>();
  const tagDf = new Map<string, number>();
  items.forEach((it, i) => {
    if (it === null || typeof it !== "object" || Array.isArray(it)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["items", i],
        received: it,
        message: `${fn}: items[${i}] is ${describeValue(it)}; each item must be an object { itemId, categories?, tags?, price?, numeric? }.`,
      });
    }
    if (i === 0)
      checkRowFields(it as unknown as Record<string, unknown>, ["itemId", "categories", "tags", "price", "numeric"], fn, ["items", 0], CONTENT_ALIASES);
    const id = idKey(it.itemId, fn, ["items", i, "itemId"]);
    if (seen.has(id)) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["items", i, "itemId"],
        received: id,
        message: `${fn}: item ${describeValue(id)} appears twice (items[${i}]). Merge its attributes into one entry.`,
      });
    }
    seen.add(id);
    ids.push(id);
    if (it.price !== undefined) {
      if (typeof it.price !== "number" || !Number.isFinite(it.price)) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path: ["items", i, "price"],
          received: it.price,
          message: `${fn}: items[${i}].price is ${describeValue(it.price)}; prices must be finite numbers.`,
        });
      }
      prices.push({ i, p: it.price });
    }
    if (it.numeric !== undefined && (it.numeric === null || typeof it.numeric !== "object" || Array.isArray(it.numeric))) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["items", i, "numeric"],
        received: it.numeric,
        message: `${fn}: items[${i}].numeric must be an object of named numbers such as { weight: 250 }. Got ${describeValue(it.numeric)}.`,
      });
    }
    cats.push(nameList(it.categories, fn, i, "categories"));
    tagsOf.push(nameList(it.tags, fn, i, "tags"));
    for (const [k, v] of Object.entries(it.numeric ?? {})) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path: ["items", i, "numeric", k],
          received: v,
          message: `${fn}: items[${i}].numeric.${k} is ${describeValue(v)}; numeric attributes must be finite.`,
        });
      }
      numNames.add(k);
    }
    for (const t of new Set(tagsOf[i])) tagDf.set(t, (tagDf.get(t) ?? 0) + 1);
  });
  // Price bands at quantiles.
  const sortedP = prices.map((x) => x.p).sort((a, b) => a - b);
  const priceCuts: number[] = [];
  for (let b = 1; b < o.priceBands && sortedP.length > 0; b++) {
    const cut = sortedP[Math.min(sortedP.length - 1, Math.floor((b * sortedP.length) / o.priceBands))];
    if (priceCuts.length === 0 || cut > priceCuts[priceCuts.length - 1]) priceCuts.push(cut);
  }
  // Numeric means and sds.
  const numStats = new Map<string, { mean: number; sd: number }>();
  for (const name of [...numNames].sort()) {
    let s = 0;
    let c = 0;
    for (const it of items) {
      const v = it.numeric && Object.hasOwn(it.numeric, name) ? it.numeric[name] : undefined;
      if (v !== undefined) {
        s += v;
        c++;
      }
    }
    const mean = s / c;
    let ss = 0;
    for (const it of items) {
      const v = it.numeric && Object.hasOwn(it.numeric, name) ? it.numeric[name] : undefined;
      if (v !== undefined) ss += (v - mean) ** 2;
    }
    numStats.set(name, { mean, sd: Math.sqrt(ss / c) || 1 });
  }
  const featureIndex = new Map<string, number>();
  const featureNames: string[] = [];
  const feat = (name: string) => {
    let f = featureIndex.get(name);
    if (f === undefined) {
      f = featureNames.length;
      featureIndex.set(name, f);
      featureNames.push(name);
    }
    return f;
  };
  const indptr: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const w = o.weights;
  for (let i = 0; i < n; i++) {
    const it = items[i];
    const row = new Map<number, number>();
    for (const c of new Set(cats[i])) row.set(feat(`category:${c}`), w.categories);
    for (const t of new Set(tagsOf[i])) {
      const idf = Math.log((1 + n) / (1 + tagDf.get(t)!)) + 1;
      row.set(feat(`tag:${t}`), w.tags * idf);
    }
    if (it.price !== undefined) {
      let band = 0;
      while (band < priceCuts.length && it.price >= priceCuts[band]) band++;
      row.set(feat(`price:band${band}`), w.price);
    }
    for (const [name, st] of numStats) {
      const v = it.numeric && Object.hasOwn(it.numeric, name) ? it.numeric[name] : undefined;
      if (v !== undefined && v !== st.mean) row.set(feat(`numeric:${name}`), (w.numeric * (v - st.mean)) / st.sd);
    }
    const entries = [...row.entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, v] of entries) norm += v * v;
    norm = Math.sqrt(norm);
    for (const [f, v] of entries) {
      indices.push(f);
      values.push(v / norm);
    }
    indptr.push(indices.length);
  }
  return registerModel<ContentModel>({ kind: "content", version: 1, itemIds: ids, featureNames, indptr, indices, values, priceCuts });
}

/** Near misses of fitContent's item fields. */
const CONTENT_ALIASES: Record<string, readonly string[]> = {
  itemId: ["item_id", "id", "item", "productId", "sku"],
  categories: ["category", "cat", "categorie"],
  tags: ["tag", "labels", "keywords"],
  price: ["prices", "cost", "amount"],
  numeric: ["numbers", "attributes", "numerics"],
};

/** categories / tags as a list of names: a string is one name; arrays of strings or finite numbers. */
function nameList(v: unknown, fn: string, i: number, field: string): string[] {
  if (v === undefined) return [];
  if (typeof v === "string") return v.length > 0 ? [v] : [];
  if (!Array.isArray(v)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["items", i, field],
      received: v,
      message: `${fn}: items[${i}].${field} must be a string or an array of strings. Got ${describeValue(v)}.`,
    });
  }
  return v.map((x, k) => {
    if ((typeof x === "string" && x.length > 0) || (typeof x === "number" && Number.isFinite(x))) return String(x);
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["items", i, field, k],
      received: x,
      message: `${fn}: items[${i}].${field}[${k}] is ${describeValue(x)}; names must be non-empty strings.`,
    });
  });
}

/** Internal: content scores (cosine with the history profile) into `out`; returns the profile norm. */
export function scoreContent(model: ContentModel, items: Int32Array, weights: Float64Array, out: Float64Array): number {
  const profile = new Float64Array(model.featureNames.length);
  for (let h = 0; h < items.length; h++) {
    const i = items[h];
    if (i < 0) continue;
    for (let p = model.indptr[i]; p < model.indptr[i + 1]; p++) profile[model.indices[p]] += weights[h] * model.values[p];
  }
  let norm = 0;
  for (let f = 0; f < profile.length; f++) norm += profile[f] * profile[f];
  norm = Math.sqrt(norm);
  if (norm === 0) return 0;
  const n = model.itemIds.length;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = model.indptr[j]; p < model.indptr[j + 1]; p++) s += profile[model.indices[p]] * model.values[p];
    out[j] += s / norm;
  }
  return norm;
}

/** Internal: cosine of content item i with item j. */
export function contentCosine(model: ContentModel, i: number, j: number): number {
  let p = model.indptr[i];
  let q = model.indptr[j];
  const pe = model.indptr[i + 1];
  const qe = model.indptr[j + 1];
  let s = 0;
  while (p < pe && q < qe) {
    const a = model.indices[p];
    const b = model.indices[q];
    if (a === b) {
      s += model.values[p++] * model.values[q++];
    } else if (a < b) p++;
    else q++;
  }
  return s;
}
