// compareModels: one table of metrics for several score vectors, models beside baselines.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { averagePrecisionOf, brierOf, logLossOf, rocAucOf } from "../metrics/binary.js";
import { readLabels, readNumbers, requireBothClasses, type Scored } from "../metrics/input.js";
import { liftOf } from "../metrics/tables.js";

/** Baseline scores to compare against: `baselineScores`' result, or any `{ ids, scores }` of the same form. */
export interface BaselineInput {
  /** Customer ids of the baseline rows (joined to `options.ids` when given). */
  ids: ReadonlyArray<string | number>;
  /** Named score columns, higher = more likely the target. */
  scores: Readonly<Record<string, ArrayLike<number>>>;
}

/** Options of {@link compareModels}. */
export interface CompareModelsOptions {
  /** Baselines (e.g. `baselineScores(tx, { asOf, target })`): added as rows named `baseline:<name>`. */
  baselines?: BaselineInput;
  /** Customer id of each label; with `baselines`, baseline rows are matched by id (else by position). */
  ids?: ReadonlyArray<string | number>;
  /** Groups of the lift figures (default 10: the top decile). */
  groups?: number;
}

/** One row of {@link compareModels}. */
export interface ComparisonRow {
  name: string;
  source: "model" | "baseline";
  rocAuc: number;
  averagePrecision: number;
  /** Log loss and Brier score; null when the scores are not probabilities in [0, 1] (see `note`). */
  logLoss: number | null;
  brier: number | null;
  /** Lift of the top group (top decile by default) and its cumulative gain (share of positives found there). */
  topLift: number;
  topGain: number;
  /** Rank by ROC AUC (1 = best; ties share the rank). */
  rank: number;
  note: string | null;
}

/** Result of {@link compareModels}. */
export interface ModelComparison {
  n: number;
  positives: number;
  baseRate: number;
  groups: number;
  /** Models in the order given, then baselines. */
  rows: ComparisonRow[];
  /** Name of the row with the highest ROC AUC (the first on ties). */
  best: string;
}

const schema = z.object({ baselines: z.any().optional(), ids: z.any().optional(), groups: z.number().int().min(2).max(1000).default(10) });

/**
 * Evaluates several score vectors on the same labels in one table, the way a marketer and a
 * data scientist read it: ROC AUC, PR AUC (average precision), log loss and Brier (for
 * probabilities), top-decile lift and gain, and the AUC rank, with baselines (recency only, RFM
 * score, BG/NBD expected purchases from `baselineScores`) as extra rows. A model that does not beat
 * `baseline:recency` is not worth deploying. Each figure equals the metric function of the same
 * name. O(k · n log n) for k score vectors.
 *
 * @param y - 0/1 labels, one per customer
 * @param models - named score vectors (e.g. `{ logistic: predictProba(m, X) }`), one score per label
 * @param options - `baselines`, `ids`, `groups` (default 10)
 * @throws ClienteleError `INVALID_INPUT` (no models, duplicate names), `LENGTH_MISMATCH`, `NON_FINITE`,
 *   `DEGENERATE_INPUT` (one class), `MISSING_VALUE` (an id without a baseline row)
 * @example
 * import { compareModels } from "clientele/predict";
 * const y = [1, 0, 1, 0, 0, 1, 0, 0, 1, 0];
 * const t = compareModels(y, { model: [0.9, 0.2, 0.7, 0.3, 0.1, 0.8, 0.4, 0.2, 0.6, 0.5], coin: [0.5, 0.4, 0.3, 0.6, 0.7, 0.2, 0.8, 0.1, 0.9, 0.5] }, { groups: 5 });
 * t.rows.map((r) => [r.name, r.rocAuc, r.rank]); // => [["model", 1, 1], ["coin", 0.4375, 2]]
 * t.best; // => "model"
 */
export function compareModels(
  y: ArrayLike<number | boolean>,
  models: Readonly<Record<string, ArrayLike<number>>>,
  options: CompareModelsOptions = {},
): ModelComparison {
  const fn = "compareModels";
  const o = parseOptions(schema, options, fn);
  const labels = readLabels(y, fn);
  const n = labels.length;
  if (!models || typeof models !== "object" || Array.isArray(models) || ArrayBuffer.isView(models)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["models"],
      received: models,
      message: `${fn}: models must be an object of named score vectors, e.g. { logistic: predictProba(m, X) }. Got ${describeValue(models)}.`,
    });
  }
  const entries: [string, "model" | "baseline", Float64Array][] = [];
  for (const [name, s] of Object.entries(models)) entries.push([name, "model", readNumbers(s, n, fn, `models.${name}`)]);
  if (entries.length === 0)
    throw new ClienteleError({ code: "INVALID_INPUT", path: ["models"], message: `${fn}: models is empty. Pass at least one named score vector.` });
  if (o.baselines !== undefined) for (const [name, s] of readBaselines(o.baselines, o.ids, n, fn)) entries.push([`baseline:${name}`, "baseline", s]);
  const first: Scored = { n, y: labels, s: entries[0]![2], w: null };
  const { pos } = requireBothClasses(first, fn);
  const rows: ComparisonRow[] = entries.map(([name, source, s]) => {
    const d: Scored = { n, y: labels, s, w: null };
    let prob = true;
    for (let i = 0; i < n; i++) if (s[i]! < 0 || s[i]! > 1) prob = false;
    const lift = liftOf(d, Math.min(o.groups, n), fn)[0]!;
    return {
      name,
      source,
      rocAuc: rocAucOf(d),
      averagePrecision: averagePrecisionOf(d),
      logLoss: prob ? logLossOf(d) : null,
      brier: prob ? brierOf(d) : null,
      topLift: lift.lift,
      topGain: lift.cumulativeGain,
      rank: 0,
      note: prob ? null : "scores are not probabilities in [0, 1]: log loss and Brier need calibrated probabilities",
    };
  });
  for (const r of rows) r.rank = 1 + rows.filter((q) => q.rocAuc > r.rocAuc).length;
  let best = rows[0]!;
  for (const r of rows) if (r.rocAuc > best.rocAuc) best = r;
  return { n, positives: pos, baseRate: pos / n, groups: Math.min(o.groups, n), rows, best: best.name };
}

function readBaselines(b: unknown, ids: unknown, n: number, fn: string): [string, Float64Array][] {
  const bad = (what: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["options", "baselines"],
      received: b,
      message: `${fn}: options.baselines ${what}; pass baselineScores(transactions, { asOf, target }) or { ids, scores: { name: number[] } }.`,
    });
  };
  if (!b || typeof b !== "object") return bad(`is ${describeValue(b)}`);
  const bi = (b as { ids?: unknown }).ids;
  const bs = (b as { scores?: unknown }).scores;
  if (!Array.isArray(bi)) return bad("has no ids array");
  if (!bs || typeof bs !== "object" || Array.isArray(bs)) return bad("has no scores object");
  // row of each label in the baseline table
  let rowOf: Int32Array;
  if (ids === undefined) {
    if (bi.length !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["options", "baselines", "ids"],
        received: bi.length,
        message: `${fn}: options.baselines has ${bi.length} customers but y has ${n}. Pass options.ids (the labels' customer ids) to match them by id.`,
      });
    }
    rowOf = Int32Array.from({ length: n }, (_, i) => i);
  } else {
    if (!Array.isArray(ids) || ids.length !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["options", "ids"],
        received: Array.isArray(ids) ? ids.length : ids,
        message: `${fn}: options.ids must hold one customer id per label (${n}).`,
      });
    }
    const at = new Map<string, number>();
    bi.forEach((id, k) => at.set(idKey(id as string, fn, ["options", "baselines", "ids", k]), k));
    rowOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = at.get(idKey(ids[i] as string, fn, ["options", "ids", i]));
      if (k === undefined)
        throw new ClienteleError({
          code: "MISSING_VALUE",
          path: ["options", "ids", i],
          received: ids[i],
          message: `${fn}: customer ${String(ids[i])} has no row in options.baselines. Build the baselines at the same asOf as the features.`,
        });
      rowOf[i] = k;
    }
  }
  const out: [string, Float64Array][] = [];
  for (const [name, col] of Object.entries(bs as Record<string, unknown>)) {
    const c = readNumbers(col, bi.length, fn, `options.baselines.scores.${name}`);
    out.push([name, Float64Array.from(rowOf, (k) => c[k]!)]);
  }
  return out;
}
