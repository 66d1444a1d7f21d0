// Logistic regression scored in SQL: P(y = 1) = 1 / (1 + exp(-(b + Σ β_j x_j))), with the
// coefficients of clientele/predict in the features' original units (its standardization is
// already folded into them), written as validated literals.
//
// Seam for tree ensembles: a tree model would get its own writer here (one CASE per tree,
// summed margins, the same link), dispatched from scoreSql on its kind; not written yet.
import { ClienteleError } from "../core/errors.js";
import { alias, dbl, expClamped, num, quoteIdent, type SqlDialect, type SqlQuery, type TableName } from "./dialect.js";
import { readLogistic } from "./models.js";
import { sourceFrom } from "./rfm.js";

/** The fields of a saved logistic regression (`fitLogisticRegression` of `clientele/predict`) that `scoreSql` reads. */
export interface LogisticModelLike {
  /** "logistic-regression". */
  kind: "logistic-regression";
  /** 1. */
  version: 1;
  /** Feature names, in the order of the coefficients. */
  featureNames: readonly string[];
  /** Intercept, in log-odds. */
  intercept: number;
  /** One coefficient per feature, in the features' original units. */
  coefficients: readonly number[];
}

/** SQL for P(y = 1) of a logistic regression over `source` (internal; called by scoreSql). */
export function logisticSql(
  model: unknown,
  d: SqlDialect,
  source: TableName | SqlQuery,
  idColumn: string,
  features: Record<string, string> | undefined,
  fn: string,
): SqlQuery {
  const m = readLogistic(model, fn);
  if (features !== undefined) {
    for (const k of Object.keys(features)) {
      if (!m.featureNames.includes(k)) {
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", "features", k],
          received: k,
          message: `${fn}: options.features names ${JSON.stringify(k)}, which is not a feature of the model (${m.featureNames.slice(0, 5).join(", ")}${m.featureNames.length > 5 ? ", ..." : ""}).`,
        });
      }
    }
  }
  const src = sourceFrom(d, source, fn);
  const col = (name: string) => {
    const c = features !== undefined && Object.hasOwn(features, name) ? features[name] : name;
    return quoteIdent(d, c, fn, ["features", name]);
  };
  const terms = m.coefficients.map((c, j) => `${num(c)} * ${dbl(d, col(m.featureNames[j]))}`);
  const eta = `${num(m.intercept)} + ${terms.join(" + ")}`;
  const A = (n: string) => alias(d, n);
  const sql = [
    `WITH base AS (SELECT ${quoteIdent(d, idColumn, fn, ["columns", "id"])} AS cid, ${eta} AS eta FROM ${src.from})`,
    `SELECT cid AS ${A("id")}, CASE WHEN eta >= 0e0 THEN 1e0 / (1e0 + ${expClamped(d, "-eta")}) ELSE ${expClamped(d, "eta")} / (1e0 + ${expClamped(d, "eta")}) END AS ${A("probability")}`,
    `FROM base ORDER BY cid`,
  ].join("\n");
  return { dialect: d, sql, params: src.params, columns: ["id", "probability"] };
}
