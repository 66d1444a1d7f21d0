// kpiReportRows: the report as one row per KPI.
import { checkTable, type CellType } from "../kpi.js";
import type { KpiReport, KpiReportRow } from "./types.js";

const REPORT_COLUMNS: Readonly<Record<string, CellType>> = {
  kpi: "string",
  before: "number?",
  after: "number?",
  change: "number?",
  relativeChange: "number?",
  lower: "number?",
  upper: "number?",
  reason: "string?",
};

/**
 * The row view of a {@link kpiReport}: one plain object per KPI, in the report's order. O(KPIs).
 *
 * @param report - the result of `kpiReport`
 * @throws ClienteleError `INVALID_INPUT` (not a report), `MISSING_COLUMN`, `LENGTH_MISMATCH`
 * @example
 * import { kpiReport, kpiReportRows } from "clientele/data";
 * const transactions = { customerId: [1, 1, 2], timestamp: ["2024-01-03", "2024-02-05", "2024-02-07"], amount: [10, 40, 50] };
 * const r = kpiReport({ transactions, start: "2024-01-01", end: "2024-01-31" }, { transactions, start: "2024-02-01", end: "2024-03-02" }, { resamples: 0 });
 * kpiReportRows(r)[1];
 * // => { kpi: "activeCustomers", before: 1, after: 2, change: 1, relativeChange: 1, lower: null, upper: null, reason: null }
 */
export function kpiReportRows(report: KpiReport): KpiReportRow[] {
  const t = checkTable(report, REPORT_COLUMNS, "kpiReportRows", "report", "kpiReport") as unknown as KpiReport;
  const rows = new Array<KpiReportRow>(t.n);
  for (let k = 0; k < t.n; k++) {
    rows[k] = {
      kpi: t.kpi[k],
      before: t.before[k],
      after: t.after[k],
      change: t.change[k],
      relativeChange: t.relativeChange[k],
      lower: t.lower[k],
      upper: t.upper[k],
      reason: t.reason[k],
    };
  }
  return rows;
}
