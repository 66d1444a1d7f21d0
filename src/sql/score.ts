import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { stepLength } from "../clv/index.js";
import { kindOf, readBgNbd, readGammaGamma, type BgNbdModelLike, type GammaGammaModelLike, type GgParams } from "./models.js";
import { logisticSql, type LogisticModelLike } from "./logistic.js";
import {
  alias,
  dbl,
  dialectOption,
  expClamped,
  floorInt,
  int,
  num,
  quoteIdent,
  seriesTable,
  tableOption,
  type SqlDialect,
  type SqlQuery,
  type TableName,
} from "./dialect.js";
import { sourceFrom, type SummaryColumnNames } from "./rfm.js";

/** Lifetime value settings of {@link scoreSql} (the conventions of `customerLifetimeValue`). */
export interface ScoreSqlClvOptions {
  /** Discounting steps (default 12). */
  horizon?: number;
  /** Discount rate per step (default 0.01). */
  discountRate?: number;
  /** Step length (default "month"). */
  frequencyOfDiscount?: "month" | "week" | "day";
  /** Month length (default "library": 30.4375 days). */
  monthConvention?: "library" | "lifetimes";
}

/** Options of {@link scoreSql}. */
export interface ScoreSqlOptions {
  /** The SQL dialect. */
  dialect: SqlDialect;
  /** The summary: a table name, or a query from `summarySql` (nested as a subquery). */
  source: TableName | SqlQuery;
  /** Column names of the summary (defaults: those of `summarySql`). */
  columns?: SummaryColumnNames;
  /** Horizon of `expectedPurchases`, in the model's time unit (BG/NBD; the column is left out without it). */
  t?: number;
  /** A Gamma-Gamma model: adds `expectedSpend` (and makes `clv` possible). */
  spendModel?: GammaGammaModelLike;
  /** Adds `clv` (needs a BG/NBD model and `spendModel`). */
  clv?: ScoreSqlClvOptions;
  /**
   * Logistic regression only: the column of each feature, keyed by the model's feature name
   * (default: the feature name itself). Every feature must be a numeric column of `source`.
   */
  features?: Record<string, string>;
}

/**
 * A model `scoreSql` writes SQL for: BG/NBD and Gamma-Gamma of `clientele/clv`, and a logistic
 * regression of `clientele/predict` (its saved JSON shape). Tree ensembles are not written yet.
 */
export type SqlScorableModel = BgNbdModelLike | GammaGammaModelLike | LogisticModelLike;

const schema = z.object({
  dialect: dialectOption(),
  source: z.union([
    tableOption(),
    z.object({ dialect: dialectOption(), sql: z.string(), params: z.array(z.union([z.string(), z.number()])), columns: z.array(z.string()) }),
  ]),
  columns: z
    .object({
      id: z.string().optional(),
      frequency: z.string().optional(),
      recency: z.string().optional(),
      T: z.string().optional(),
      monetary: z.string().optional(),
      totalSpend: z.string().optional(),
      purchaseDays: z.string().optional(),
    })
    .optional(),
  t: z.number().gt(0).max(1e6).optional(),
  spendModel: z.any().optional(),
  clv: z
    .object({
      horizon: z.number().int().min(1).max(1000).default(12),
      discountRate: z.number().gt(-1).max(1e6).default(0.01),
      frequencyOfDiscount: z.enum(["month", "week", "day"]).default("month"),
      monthConvention: z.enum(["library", "lifetimes"]).default("library"),
    })
    .optional(),
  features: z.record(z.string(), z.string()).optional(),
});

/** Most series terms per horizon before `scoreSql` refuses (TOO_LARGE). */
export const SQL_MAX_SERIES_TERMS = 20_000;
/** Relative size of the truncated tail of every 2F1 series `scoreSql` writes. */
export const SERIES_TAIL = 1e-16;

/**
 * Terms needed for the Euler-transformed series 2F1(p, q; c; z) = Σ (p)_k (q)_k / ((c)_k k!) z^k
 * for every customer (internal): computed on the worst case c = a + b − 1 (x = 0) and z = t/(α + t)
 * (T = 0), whose terms bound every other customer's term by term; stops once the next ratio is
 * below 1 and the geometric tail bound is below SERIES_TAIL of the partial sum (as the JS series).
 */
export function seriesTerms(p: number, q: number, c: number, zMax: number, fn: string): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < SQL_MAX_SERIES_TERMS; k++) {
    const ratio = Math.abs(((p + k) * (q + k)) / ((c + k) * (k + 1))) * zMax;
    term *= ratio;
    sum += term;
    const next = Math.abs(((p + k + 1) * (q + k + 1)) / ((c + k + 1) * (k + 2))) * zMax;
    if (k > 2 && next < 1 && (term * next) / (1 - next) <= SERIES_TAIL * sum) return k + 2;
  }
  throw new ClienteleError({
    code: "TOO_LARGE",
    path: ["options", "t"],
    received: zMax,
    message: `${fn}: the hypergeometric series would need more than ${SQL_MAX_SERIES_TERMS} terms for this horizon (t is long relative to the model's alpha). Use a shorter horizon or a coarser time unit.`,
  });
}

/**
 * SQL that scores a summary table with a fitted model, in the warehouse: for BG/NBD,
 * `pAlive` (closed form) and, with `t`, the conditional `expectedPurchases` over the next
 * `t` time units; with a Gamma-Gamma `spendModel`, `expectedSpend` (the weighted-mean form
 * of `expectedAverageValue`); with `clv`, the discounted lifetime value of
 * `customerLifetimeValue` (same steps, rate and month convention). The Gauss
 * hypergeometric function has no SQL form: it is written through Euler's transformation
 * (1−z)^A 2F1(A, B; C; z) = (1−z)^(a−1) 2F1(a+b−1−r, a−1; a+b+x−1; z) as a bounded series
 * over a number table, evaluated once per distinct (frequency, T) and horizon step; the
 * number of terms is fixed from the model, the horizon and a band of T (0, 0.25, 0.5, 1,
 * ... 2^20 time units) so that the truncated tail is below 1e-16 of the sum for every customer (tested against the library to 1e-9 on
 * CDNOW). A Gamma-Gamma model alone gives `expectedSpend`. A logistic regression of
 * `clientele/predict` gives `probability` = 1 / (1 + exp(−(b + Σ βⱼxⱼ))) over the feature
 * columns of any table (`features` maps feature names to columns; the model's
 * standardization is already folded into its coefficients; a NULL feature gives a NULL
 * probability). Tree ensembles have no SQL writer yet (WRONG_MODEL_KIND). Models are
 * checked from their saved JSON shape (kind, version, the parameters used); numbers enter
 * the SQL as validated literals, names as quoted identifiers.
 *
 * @param model - a BG/NBD model (`fitBgNbd`), a Gamma-Gamma model (`fitGammaGamma`) or a logistic regression (`fitLogisticRegression`)
 * @param options - `dialect`, `source`, `columns`, `t`, `spendModel`, `clv`, `features`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_OPTION`, `INFINITE_MEAN_SPEND`, `OUT_OF_RANGE` (a = 1 within 1e-4, or a + b <= 1), `TOO_LARGE`
 * @example
 * import { scoreSql } from "clientele/sql";
 * const bg = { kind: "bg-nbd" as const, version: 1 as const, timeUnit: "week" as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * scoreSql(bg, { dialect: "duckdb", source: "summary", t: 39 }).columns; // => ["id", "pAlive", "expectedPurchases"]
 */
export function scoreSql(model: SqlScorableModel, options: ScoreSqlOptions): SqlQuery {
  const fn = "scoreSql";
  const o = parseOptions(schema, options, fn);
  const d = o.dialect;
  const kind = kindOf(model);
  if (kind === "logistic-regression") {
    for (const k of ["t", "spendModel", "clv"] as const) {
      if (o[k] !== undefined)
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", k],
          received: o[k],
          message: `${fn}: options.${k} applies to BG/NBD and Gamma-Gamma models, not to a logistic regression. Remove it.`,
        });
    }
    return logisticSql(model, d, o.source as TableName | SqlQuery, o.columns?.id ?? "id", o.features, fn);
  }
  if (o.features !== undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "features"],
      received: o.features,
      message: `${fn}: options.features applies to a logistic regression only. Remove it, or pass a logistic model.`,
    });
  }
  if (kind !== "gamma-gamma" && kind !== "gammagamma" && kind !== "bg-nbd" && kind !== "bgnbd") {
    if (model === null || typeof model !== "object" || Array.isArray(model)) {
      throw new ClienteleError({
        code: "INVALID_MODEL",
        path: ["model"],
        received: model,
        message: `${fn}: model must be a fitted model object (fitBgNbd, fitGammaGamma or fitLogisticRegression). Got ${describeValue(model)}.`,
      });
    }
    throw new ClienteleError({
      code: "WRONG_MODEL_KIND",
      path: ["model", "kind"],
      received: kind,
      message: `${fn}: model kind ${describeValue(kind)} has no SQL form; scoreSql writes "bg-nbd", "gamma-gamma" and "logistic-regression" models. Score other models in JavaScript.`,
    });
  }
  const c = o.columns ?? {};
  const q = (name: string | undefined, dflt: string, key: string) => quoteIdent(d, name ?? dflt, fn, ["columns", key]);
  const src = sourceFrom(d, o.source as TableName | SqlQuery, fn);
  const A = (n: string) => alias(d, n);
  const D = (e: string) => dbl(d, e);
  const isSpend = kind === "gamma-gamma" || kind === "gammagamma";
  const base =
    `SELECT ${q(c.id, "id", "id")} AS cid, ${D(q(c.frequency, "frequency", "frequency"))} AS x, ${D(q(c.recency, "recency", "recency"))} AS tx, ` +
    `${D(q(c.T, "T", "T"))} AS tt` +
    (o.spendModel !== undefined || isSpend ? `, ${D(q(c.monetary, "monetary", "monetary"))} AS zbar` : "") +
    ` FROM ${src.from} WHERE ${q(c.frequency, "frequency", "frequency")} IS NOT NULL`;
  const spend = (gg: GgParams) => {
    const { p, q: qq, gamma } = gg;
    if (!(qq > 1)) {
      throw new ClienteleError({
        code: "INFINITE_MEAN_SPEND",
        path: ["spendModel", "params", "q"],
        received: qq,
        message: `${fn}: the spend model's q is ${qq}; the mean spend p·γ/(q − 1) is infinite for q ≤ 1. Refit with more data or a penalty.`,
      });
    }
    const pop = (p * gamma) / (qq - 1);
    const aw = `(${num(qq - 1)} / (${num(p)} * x))`;
    return `CASE WHEN x = 0 THEN ${num(pop)} ELSE (${aw} * (1e0 / (1e0 + ${aw}))) * ${num(pop)} + (1e0 / (1e0 + ${aw})) * zbar END`;
  };
  if (isSpend) {
    for (const k of ["t", "spendModel", "clv"] as const) {
      if (o[k] !== undefined)
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", k],
          received: o[k],
          message: `${fn}: options.${k} needs a BG/NBD model as the first argument; a Gamma-Gamma model alone gives expectedSpend. Remove it, or pass the BG/NBD model with spendModel.`,
        });
    }
    const gg = readGammaGamma(model, fn);
    const sql = `WITH base AS (${base})\nSELECT cid AS ${A("id")}, ${spend(gg)} AS ${A("expectedSpend")}\nFROM base ORDER BY cid`;
    return { dialect: d, sql, params: src.params, columns: ["id", "expectedSpend"] };
  }
  const bg = readBgNbd(model, fn);
  const { r, alpha, a, b } = bg;
  if (Math.abs(a - 1) < 1e-4 || !(a + b - 1 > 1e-8)) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["model", "params", "a"],
      received: a,
      message: `${fn}: the series form used in SQL needs |a − 1| >= 1e-4 and a + b > 1 (got a = ${a}, b = ${b}); score this model with clientele/clv in JavaScript.`,
    });
  }
  const gg = o.spendModel === undefined ? undefined : readGammaGamma(o.spendModel, fn, "spendModel");
  if (o.clv !== undefined && gg === undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "spendModel"],
      message: `${fn}: options.clv needs options.spendModel (a Gamma-Gamma model) for the expected spend.`,
    });
  }
  const unit = bg.timeUnit ?? gg?.timeUnit;
  if (o.clv !== undefined && unit === undefined) {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model", "timeUnit"],
      message: `${fn}: options.clv needs the model's timeUnit (fitBgNbd records it when fitted on a summary, or with options.timeUnit) to convert the discounting steps.`,
    });
  }
  if (o.clv !== undefined && gg?.timeUnit !== undefined && gg.timeUnit !== unit) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["spendModel", "timeUnit"],
      received: gg.timeUnit,
      message: `${fn}: the spend model was fitted in ${gg.timeUnit}s but the transaction model in ${unit}s; fit both on the same summary.`,
    });
  }
  // horizon steps: (step i, t_i, weight_i, terms_i); G at t_i enters with weight_i
  const steps: [number, number, number, number][] = [];
  const pS = a + b - 1 - r;
  const qS = a - 1;
  const cMin = a + b - 1;
  const terms = (t: number) => seriesTerms(pS, qS, cMin, t / (alpha + t), fn);
  if (o.t !== undefined) steps.push([0, o.t, 1, terms(o.t)]);
  if (o.clv !== undefined) {
    const L = stepLength(unit!, o.clv.frequencyOfDiscount, o.clv.monthConvention);
    const H = o.clv.horizon;
    const f: number[] = [];
    let factor = 1;
    for (let i = 1; i <= H + 1; i++) {
      factor /= 1 + o.clv.discountRate;
      f.push(factor);
    }
    for (let i = 1; i <= H; i++) steps.push([i, i * L, f[i - 1] - (i < H ? f[i] : 0), terms(i * L)]);
  }
  const pAlive = `CASE WHEN x = 0 THEN 1e0 ELSE (CASE WHEN ld > 0 THEN ${expClamped(d, "-ld")} / (1e0 + ${expClamped(d, "-ld")}) ELSE 1e0 / (1e0 + ${expClamped(d, "ld")}) END) END`;
  const ldExpr = `LN(${num(a)}) - LN(GREATEST(${num(b - 1)} + x, ${num(1e-300)})) + (${num(r)} + x) * (LN(${num(alpha)} + tt) - LN(${num(alpha)} + tx))`;
  const ctes = [
    `base AS (${base})`,
    `alive AS (SELECT cid, x, tx, tt, ${gg ? "zbar, " : ""}${ldExpr} AS ld FROM base)`,
    `scored AS (SELECT cid, x, tt, ${gg ? "zbar, " : ""}${pAlive} AS p_alive FROM alive)`,
  ];
  const cols = ["id", "pAlive"];
  const sel = [`s.cid AS ${A("id")}`, `s.p_alive AS ${A("pAlive")}`];
  let joins = "";
  if (steps.length > 0) {
    const K = Math.max(...steps.map((s) => s[3]));
    // terms per band of T: z = t / (alpha + T + t) falls with T, so the bound at the band's
    // lowest T holds for the whole band (0, 0.25, 0.5, 1, ... 2^20 time units, then the rest)
    const bands = [0, ...Array.from({ length: 23 }, (_, j) => 2 ** (j - 2))];
    const hz = steps
      .flatMap(([i, t, w, k0]) =>
        bands.map((lo, bi) => {
          const k = bi === 0 ? k0 : seriesTerms(pS, qS, cMin, t / (alpha + lo + t), fn);
          const hi = bi + 1 < bands.length ? num(bands[bi + 1]) : num(1e300);
          return `SELECT ${int(i)} AS i, ${num(t)} AS t, ${num(w)} AS wt, ${num(lo)} AS tlo, ${hi} AS thi, ${int(k)} AS kmax`;
        }),
      )
      .join(" UNION ALL ");
    // log|(p)_k (q)_k / ((c)_k k!)| and the count of negative factors, by running sums over j < k
    // row k carries factor k − 1 (none at k = 0), so a running sum up to the current row is the
    // sum over j < k (frames "AND 1 PRECEDING" are not portable)
    const j = D("ks.k - 1");
    const lterm = `CASE WHEN ks.k = 0 THEN 0e0 ELSE LN(ABS(${num(pS)} + ${j})) + LN(ABS(${num(qS)} + ${j})) - LN(${num(cMin)} + px.x + ${j}) - LN(${D("ks.k")}) END`;
    const neg = `CASE WHEN ks.k = 0 THEN 0 ELSE CASE WHEN ${num(pS)} + ${j} < 0 THEN 1 ELSE 0 END + CASE WHEN ${num(qS)} + ${j} < 0 THEN 1 ELSE 0 END END`;
    const win = `OVER (PARTITION BY px.xi ORDER BY ks.k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    ctes.push(
      `pat AS (SELECT DISTINCT x, tt FROM scored)`,
      // frequency is a whole number: partition by it as an integer (BigQuery refuses PARTITION BY a double)
      `px AS (SELECT DISTINCT x, ${floorInt(d, "x")} AS xi FROM scored)`,
      `hz AS (${hz})`,
      `poch AS (SELECT px.x, ks.k, SUM(${lterm}) ${win} AS lc, ` + `SUM(${neg}) ${win} AS nneg FROM px CROSS JOIN ${seriesTable(d, K, "ks", "k")})`,
      `ser AS (SELECT pat.x, pat.tt, hz.i, hz.wt, hz.t, SUM(CASE WHEN poch.nneg - 2 * FLOOR(poch.nneg / 2e0) = 1 THEN -1e0 ELSE 1e0 END * ` +
        `${expClamped(d, `poch.lc + ${D("poch.k")} * LN(hz.t / (${num(alpha)} + pat.tt + hz.t))`)}) AS s ` +
        `FROM pat JOIN hz ON pat.tt >= hz.tlo AND pat.tt < hz.thi JOIN poch ON poch.x = pat.x AND poch.k < hz.kmax GROUP BY pat.x, pat.tt, hz.i, hz.wt, hz.t)`,
      `g AS (SELECT x, tt, i, wt, ((${num(cMin)} + x) / ${num(a - 1)}) * (1e0 - ${expClamped(d, `${num(a - 1)} * LN((${num(alpha)} + tt) / (${num(alpha)} + tt + t))`)} * s) AS g FROM ser)`,
    );
    if (o.t !== undefined) {
      joins += ` LEFT JOIN g AS g0 ON g0.x = s.x AND g0.tt = s.tt AND g0.i = 0`;
      cols.push("expectedPurchases");
      sel.push(`GREATEST(0e0, s.p_alive * g0.g) AS ${A("expectedPurchases")}`);
    }
    if (o.clv !== undefined) {
      ctes.push(`gsum AS (SELECT x, tt, SUM(wt * g) AS gs FROM g WHERE i > 0 GROUP BY x, tt)`);
      joins += ` LEFT JOIN gsum ON gsum.x = s.x AND gsum.tt = s.tt`;
    }
  }
  if (gg) {
    cols.push("expectedSpend");
    sel.push(
      `${spend(gg)
        .replace(/\bx\b/g, "s.x")
        .replace(/\bzbar\b/g, "s.zbar")} AS ${A("expectedSpend")}`,
    );
  }
  if (o.clv !== undefined && gg) {
    cols.push("clv");
    sel.push(
      `(${spend(gg)
        .replace(/\bx\b/g, "s.x")
        .replace(/\bzbar\b/g, "s.zbar")}) * (s.p_alive * gsum.gs) AS ${A("clv")}`,
    );
  }
  const sql = `WITH ${ctes.join(",\n")}\nSELECT ${sel.join(", ")}\nFROM scored AS s${joins}\nORDER BY s.cid`;
  return { dialect: d, sql, params: src.params, columns: cols };
}
