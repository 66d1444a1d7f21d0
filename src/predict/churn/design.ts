// Internal: a FeatureSet → finite design matrix for logistic regression (learned on the training
// snapshot, applied unchanged to later ones): missing cells imputed with the training mean plus a
// `<name>_missing` indicator; categorical codes one-hot encoded with the training levels.
import type { FeatureSet } from "../features/build.js";

export interface Design {
  /** Source column of each output column, and how it is made. */
  cols: { name: string; source: string; kind: "numeric" | "missing" | "level"; fill: number; level: string }[];
}

export function learnDesign(f: FeatureSet): Design {
  const cols: Design["cols"] = [];
  f.names.forEach((name, j) => {
    const levels = f.categorical[name];
    if (levels) {
      for (const level of levels) cols.push({ name: `${name}=${level}`, source: name, kind: "level", fill: 0, level });
      return;
    }
    const c = f.columns[j]!;
    let s = 0;
    let k = 0;
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (typeof v === "number" && Number.isFinite(v)) {
        s += v;
        k++;
      }
    }
    cols.push({ name, source: name, kind: "numeric", fill: k > 0 ? s / k : 0, level: "" });
    if (k < c.length) cols.push({ name: `${name}_missing`, source: name, kind: "missing", fill: 0, level: "" });
  });
  return { cols };
}

/** The design columns of a snapshot; `unknown` counts categorical values whose level training never saw (all-zero one-hot). */
export function applyDesign(d: Design, f: FeatureSet): { names: string[]; columns: Float64Array[]; unknownLevels: number } {
  const n = f.n;
  const at = new Map(f.names.map((nm, j) => [nm, j]));
  let unknown = 0;
  const seen = new Set<string>();
  const columns = d.cols.map((c) => {
    const j = at.get(c.source);
    const out = new Float64Array(n);
    if (j === undefined) return out.fill(c.kind === "numeric" ? c.fill : 0);
    const src = f.columns[j]!;
    if (c.kind === "level") {
      const levels = f.categorical[c.source] ?? [];
      const code = levels.indexOf(c.level);
      for (let i = 0; i < n; i++) out[i] = src[i] === code ? 1 : 0;
      if (!seen.has(c.source)) {
        seen.add(c.source);
        const known = new Set(d.cols.filter((q) => q.source === c.source).map((q) => levels.indexOf(q.level)));
        for (let i = 0; i < n; i++) if (typeof src[i] === "number" && !known.has(src[i] as number)) unknown++;
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i];
      const ok = typeof v === "number" && Number.isFinite(v);
      out[i] = c.kind === "missing" ? (ok ? 0 : 1) : ok ? (v as number) : c.fill;
    }
    return out;
  });
  return { names: d.cols.map((c) => c.name), columns, unknownLevels: unknown };
}
