// The KPI report lives in src/data/kpi-report/, one concept per file: the public types, the
// snapshot input (windows, CLV and segment pairs), kpiReport with its bootstrap, and
// kpiReportRows. This file re-exports what it exported before the split, so the import path
// ("./kpi-report.js" in index.ts) keeps working.
export type { ClvSnapshot, KpiSnapshot, KpiReportOptions, KpiReport, KpiWindow, KpiReportRow } from "./kpi-report/types.js";
export { kpiReport } from "./kpi-report/report.js";
export { kpiReportRows } from "./kpi-report/rows.js";
