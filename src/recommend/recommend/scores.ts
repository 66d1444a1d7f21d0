// Raw scores of every item for one user, by model kind, and the item similarity MMR uses.
import { alsFactors, dotAt32, foldInIndices } from "../als.js";
import { contentCosine, popularityOf, scoreContent, segmentCounts } from "../content.js";
import type { RecommendId, Interactions } from "../interactions.js";
import { scoreItemKnn, userSimilaritiesFor } from "../knn.js";
import { itemIndexMap, toCsc, toCsr, userIndexMap } from "../sparse.js";
import { type History, toModelSpace } from "./history.js";
import type { RecommenderModel } from "./models.js";
import type { RecOpts } from "./options.js";

function popularityScores(model: { itemIds: readonly RecommendId[] }, m: Interactions, opts: RecOpts, out: Float64Array): void {
  let counts: ArrayLike<number>;
  let ids: readonly RecommendId[];
  if (opts.coldStart !== undefined && opts.coldStart !== "popularity") {
    const cs = opts.coldStart;
    counts = (opts.segment !== undefined && segmentCounts(cs, opts.segment)) || cs.counts;
    ids = cs.itemIds;
  } else {
    counts = popularityOf(m);
    ids = m.itemIds;
  }
  const map = itemIndexMap(model);
  for (let i = 0; i < ids.length; i++) {
    const j = map.get(String(ids[i]));
    if (j !== undefined) out[j] += counts[i];
  }
}

/** Raw scores of every item of `model` for one user; `cold` tells whether the popularity fallback was used. */
export function scoreUser(
  model: RecommenderModel,
  m: Interactions,
  userId: string,
  h: History,
  opts: RecOpts,
  fn: string,
): { scores: Float64Array; cold: boolean } {
  const n = model.itemIds.length;
  const out = new Float64Array(n);
  switch (model.kind) {
    case "popularity": {
      const counts = (opts.segment !== undefined && segmentCounts(model, opts.segment)) || model.counts;
      for (let i = 0; i < n; i++) out[i] = counts[i];
      return { scores: out, cold: false };
    }
    case "item-knn": {
      const { items, weights } = toModelSpace(model, h);
      if (!items.some((i) => i >= 0)) break;
      scoreItemKnn(model, items, weights, out);
      return { scores: out, cold: false };
    }
    case "content": {
      const { items, weights } = toModelSpace(model, h);
      if (!items.some((i) => i >= 0)) break;
      scoreContent(model, items, weights, out);
      return { scores: out, cold: false };
    }
    case "als": {
      const f = model.factors;
      const { X, Y } = alsFactors(model, fn);
      const mu = userIndexMap(model).get(userId);
      let x: ArrayLike<number>;
      if (mu !== undefined) x = X.subarray(mu * f, mu * f + f);
      else {
        const { items, weights } = toModelSpace(model, h);
        if (!items.some((i) => i >= 0)) break;
        x = foldInIndices(model, items, weights, fn);
      }
      const xv = x instanceof Float64Array ? x : Float64Array.from(x);
      for (let j = 0; j < n; j++) out[j] = dotAt32(Y, j * f, xv, f);
      return { scores: out, cold: false };
    }
    case "user-knn": {
      let users: number[];
      let sims: number[];
      const mu = userIndexMap(model).get(userId);
      const rowsOf = userIndexMap(m);
      if (mu !== undefined) {
        users = [];
        sims = [];
        for (let p = model.indptr[mu]; p < model.indptr[mu + 1]; p++) {
          const r = rowsOf.get(String(model.userIds[model.indices[p]]));
          if (r !== undefined) {
            users.push(r);
            sims.push(model.values[p]);
          }
        }
      } else {
        const im = itemIndexMap(m);
        const hi = new Int32Array(h.ids.map((id) => im.get(id) ?? -1));
        ({ users, sims } = userSimilaritiesFor(model, m, hi, Float64Array.from(h.weights)));
      }
      if (users.length === 0) break;
      const csr = toCsr(m);
      const map = itemIndexMap(model);
      for (let t = 0; t < users.length; t++) {
        const v = users[t];
        for (let p = csr.indptr[v]; p < csr.indptr[v + 1]; p++) {
          const j = map.get(String(m.itemIds[csr.indices[p]]));
          if (j !== undefined) out[j] += sims[t] * csr.values[p];
        }
      }
      return { scores: out, cold: false };
    }
    case "hybrid": {
      let total = 0;
      for (const c of model.components) total += c.weight;
      const map = itemIndexMap(model);
      let anyWarm = false;
      for (const c of model.components) {
        if (c.weight === 0) continue;
        const r = scoreUser(c.model, m, userId, h, opts, fn);
        anyWarm ||= !r.cold;
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < r.scores.length; i++) {
          lo = Math.min(lo, r.scores[i]);
          hi = Math.max(hi, r.scores[i]);
        }
        const span = hi - lo;
        const w = c.weight / total;
        const ids = c.model.itemIds;
        for (let i = 0; i < ids.length; i++) {
          const j = map.get(String(ids[i]))!;
          out[j] += span > 0 ? (w * (r.scores[i] - lo)) / span : 0;
        }
      }
      return { scores: out, cold: !anyWarm };
    }
  }
  popularityScores(model, m, opts, out);
  return { scores: out, cold: true };
}

/** Internal: pairwise item similarity for MMR, by model kind. */
export function itemSimilarity(model: RecommenderModel, m: Interactions, fn: string): (i: number, j: number) => number {
  if (model.kind === "als") {
    const { Y } = alsFactors(model, fn);
    const f = model.factors;
    const norms = new Float64Array(model.itemIds.length);
    for (let i = 0; i < norms.length; i++) {
      let s = 0;
      for (let a = 0; a < f; a++) s += Y[i * f + a] ** 2;
      norms[i] = Math.sqrt(s) || 1;
    }
    return (i, j) => {
      let s = 0;
      for (let a = 0; a < f; a++) s += Y[i * f + a] * Y[j * f + a];
      return s / (norms[i] * norms[j]);
    };
  }
  if (model.kind === "content") return (i, j) => contentCosine(model, i, j);
  if (model.kind === "item-knn") {
    return (i, j) => {
      for (let p = model.indptr[i]; p < model.indptr[i + 1]; p++) if (model.indices[p] === j) return model.values[p];
      return 0;
    };
  }
  // Binary cosine of the item columns in the interactions.
  const csc = toCsc(m);
  const map = itemIndexMap(m);
  return (i, j) => {
    const a = map.get(String(model.itemIds[i]));
    const b = map.get(String(model.itemIds[j]));
    if (a === undefined || b === undefined) return 0;
    let p = csc.indptr[a];
    let q = csc.indptr[b];
    const na = csc.indptr[a + 1] - p;
    const nb = csc.indptr[b + 1] - q;
    let c = 0;
    while (p < csc.indptr[a + 1] && q < csc.indptr[b + 1]) {
      const x = csc.indices[p];
      const y = csc.indices[q];
      if (x === y) {
        c++;
        p++;
        q++;
      } else if (x < y) p++;
      else q++;
    }
    return na && nb ? c / Math.sqrt(na * nb) : 0;
  };
}
