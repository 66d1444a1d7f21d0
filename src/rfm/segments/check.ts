// Checks of a segments object (and of the scores it carries), for the functions that read one.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { jsonColumns } from "../../core/json.js";
import type { RfmScores } from "../score.js";
import type { RfmSegments } from "./types.js";

const FLOAT_COLUMNS = ["recency", "frequency", "monetary", "revenue", "tenure", "churn"] as const;
const SCORE_KEYS: readonly string[] = ["n", "bins", "id", "r", "f", "m", "t", "monetarySource", "revenueSource", "method", "warnings", ...FLOAT_COLUMNS];
const MONETARY_SOURCES: readonly unknown[] = ["total", "average", "btyd-mean"];
const REVENUE_SOURCES: readonly unknown[] = ["totalSpend", "frequencyTimesMonetary"];
const METHODS: readonly unknown[] = ["quantile", "thresholds"];

/**
 * The scores assignSegments keeps in its result (for segmentReport): a copy with the fields of
 * scoreRfm / scoreRfmtc output only, each checked (finite columns of n values, known tags), so
 * the result never carries NaN, Infinity or foreign keys. Throws INVALID_INPUT (internal).
 */
export function carriedScores(s: RfmScores, fn: string): RfmScores {
  const src = s as unknown as Record<string, unknown>;
  const bad = (field: string, why: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["scores", field],
      received: src[field],
      message: `${fn}: scores.${field} ${why}; pass scoreRfm or scoreRfmtc output unmodified. Got ${describeValue(src[field])}.`,
    });
  };
  for (const k of Object.keys(src)) if (!SCORE_KEYS.includes(k)) bad(k, "is not a field of scoreRfm / scoreRfmtc output (unknown key)");
  const out: Record<string, unknown> = { n: s.n, bins: s.bins, id: s.id, r: s.r, f: s.f, m: s.m };
  for (const k of FLOAT_COLUMNS) {
    const c = src[k];
    if (c === undefined) continue;
    if (!(c instanceof Float64Array) || c.length !== s.n) bad(k, `must be a Float64Array of n (${s.n}) values`);
    const col = c as Float64Array;
    for (let i = 0; i < col.length; i++) {
      if (!Number.isFinite(col[i]) || (k === "churn" && (col[i] < 0 || col[i] > 1)))
        bad(k, `holds ${col[i]} at index ${i}, not a finite value${k === "churn" ? " in [0, 1]" : ""}`);
    }
    out[k] = col;
  }
  if (src.t !== undefined) {
    const t = src.t;
    if (!(t instanceof Uint8Array) || t.length !== s.n) bad("t", `must be a Uint8Array of n (${s.n}) scores`);
    out.t = t;
  }
  if (src.monetarySource !== undefined) {
    if (!MONETARY_SOURCES.includes(src.monetarySource)) bad("monetarySource", `must be one of ${MONETARY_SOURCES.join(", ")}`);
    out.monetarySource = src.monetarySource;
  }
  if (src.revenueSource !== undefined) {
    if (!REVENUE_SOURCES.includes(src.revenueSource)) bad("revenueSource", `must be one of ${REVENUE_SOURCES.join(", ")}`);
    out.revenueSource = src.revenueSource;
  }
  if (src.method !== undefined) {
    const mth = src.method as Record<string, unknown> | null;
    if (
      mth === null ||
      typeof mth !== "object" ||
      Object.keys(mth).some((k) => k !== "r" && k !== "f" && k !== "m") ||
      !METHODS.includes(mth.r) ||
      !METHODS.includes(mth.f) ||
      !METHODS.includes(mth.m)
    ) {
      bad("method", 'must be { r, f, m }, each "quantile" or "thresholds"');
    }
    out.method = { r: mth!.r, f: mth!.f, m: mth!.m };
  }
  if (src.warnings !== undefined) {
    if (!Array.isArray(src.warnings) || !src.warnings.every((w) => typeof w === "string")) bad("warnings", "must be a list of strings");
    out.warnings = [...(src.warnings as string[])];
  }
  return jsonColumns(out) as unknown as RfmScores;
}

/** Throws INVALID_INPUT unless `value` looks like the result of assignSegments (internal). */
export function checkSegments(value: unknown, fn: string): RfmSegments {
  const s = value as Partial<RfmSegments> | null;
  const bad = (why: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["segments"],
      received: value,
      message: `${fn}: segments must be the result of assignSegments; ${why}. Got ${describeValue(value)}.`,
    });
  };
  if (s === null || typeof s !== "object" || Array.isArray(s)) return bad("it is not an object");
  const n = s.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return bad("its n is not a count");
  if (!Array.isArray(s.segments) || !Array.isArray(s.actions) || s.actions.length !== s.segments.length)
    return bad("its segments and actions lists do not match");
  for (let k = 0; k < s.segments.length; k++) {
    if (typeof s.segments[k] !== "string" || s.segments[k] === "") bad(`segments[${k}] is ${describeValue(s.segments[k])}, not a segment name`);
    if (typeof s.actions[k] !== "string") bad(`actions[${k}] is ${describeValue(s.actions[k])}, not an action text`);
  }
  if (!(s.segmentIndex instanceof Uint8Array) || s.segmentIndex.length !== n) return bad("its segmentIndex column is not n indices");
  for (let i = 0; i < n; i++) if (s.segmentIndex[i] >= s.segments.length) bad(`segmentIndex[${i}] is not an index into segments`);
  if (!Array.isArray(s.id) || s.id.length !== n) return bad("its id column does not hold n ids");
  for (let i = 0; i < n; i++) if (typeof s.id[i] !== "string") bad(`id[${i}] is ${describeValue(s.id[i])}, not an id string`);
  for (const k of ["r", "f", "m"] as const) if (!(s[k] instanceof Uint8Array) || s[k].length !== n) bad(`its ${k} column is not n scores`);
  if (typeof s.fallbackIndex !== "number" || !Number.isInteger(s.fallbackIndex) || s.fallbackIndex < 0 || s.fallbackIndex >= s.segments.length)
    bad("its fallbackIndex is not an index into segments");
  return s as RfmSegments;
}
