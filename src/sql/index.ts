/**
 * `clientele/sql`: SQL text for the host's warehouse (DuckDB, PostgreSQL, BigQuery, Snowflake,
 * Spark SQL) that computes the per-customer summary, mergeable partial summaries, RFM scores
 * and segments, and BG/NBD / Gamma-Gamma scores with the library's exact conventions, and
 * parsers that turn the engine's result rows (or an Apache Arrow table) back into the
 * library's columnar data. No I/O: run the SQL with your own driver.
 *
 * @packageDocumentation
 * @module clientele/sql
 */
export { summarySql, partialSummarySql, SUMMARY_SQL_COLUMNS, PARTIAL_SQL_COLUMNS } from "./summary.js";
export type { SummarySqlOptions, PartialSummarySqlOptions, SqlTimestampType, TransactionColumnNames } from "./summary.js";
export { rfmSql } from "./rfm.js";
export type { RfmSqlOptions, SummaryColumnNames } from "./rfm.js";
export { scoreSql, SQL_MAX_SERIES_TERMS, SERIES_TAIL } from "./score.js";
export type { ScoreSqlOptions, ScoreSqlClvOptions, SqlScorableModel } from "./score.js";
export { fromRows, partialFromRows } from "./rows.js";
export type { ResultInput, ResultRows, ResultColumns } from "./rows.js";
export type { LogisticModelLike } from "./logistic.js";
export type { BgNbdModelLike, GammaGammaModelLike } from "./models.js";
export { arrowToColumns } from "./arrow.js";
export type { ArrowTableLike, ArrowVectorLike, ArrowDataLike } from "./arrow.js";
export { SQL_DIALECTS } from "./dialect.js";
export type { SqlDialect, SqlQuery, TableName } from "./dialect.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
