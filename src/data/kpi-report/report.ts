// kpiReport: the KPIs of both windows and a seeded customer bootstrap of their changes.
import { ClienteleError } from "../../core/errors.js";
import { jsonColumns } from "../../core/json.js";
import { createRng } from "../../core/rng.js";
import { parseOptions } from "../../core/validate.js";
import { transitionMatrix } from "../../rfm/index.js";
import { readCustomerDays, type CustomerDays } from "../kpi-read.js";
import { MS_PER_DAY } from "../time.js";
import { MAX_CELLS, MAX_RESAMPLES, MAX_WORK, type Spec, checkSnapshot, clvPairs, reportOptions, segmentPairs, windowOf } from "./input.js";
import type { KpiReport, KpiReportOptions, KpiSnapshot } from "./types.js";

/**
 * A before/after KPI report for a dashboard: one row per KPI with its value in each window,
 * the absolute and relative change, and a seeded bootstrap percentile interval for the change
 * (customers resampled with replacement, the same draw for both windows, so the interval
 * reflects which customers happen to be in the base), so a team can tell whether a change in
 * segmentation, targeting or offers moved anything.
 *
 * Transactions are read exactly as `summarizeTransactions` reads them (UTC days; the rows of one
 * customer-day netted; a purchase, or order, is a customer-day with positive net). Per window
 * [start, end] (inclusive UTC days):
 * - `customers`: customers with a purchase day on or before `end` (the base so far);
 * - `activeCustomers`: customers with a purchase day in the window;
 * - `orders`: purchase days in the window; `revenue`: net amount in the window (refunds included);
 * - `repeatRate`: share of active customers with 2 or more purchase days in the window;
 * - `purchaseFrequency`: orders / active customers; `averageOrderValue`: revenue / orders;
 * - `revenuePerCustomer`: revenue / customers (the whole base, not only the active ones);
 * - `churnRate`: of the customers active in the preceding window of the same length
 *   ([start − L, start − 1], L = window length in days), the share with no purchase day in the window;
 * - with `clv` on both sides: `clvTotal` (sum) and `clvMean` (mean over the customers listed), joined by id;
 * - with `segments` on both sides: `segmentShare:<segment>` (share of the snapshot's customers in
 *   each segment) rows, and `transitions`, rfm's `transitionMatrix(before.segments, after.segments)`.
 *
 * A KPI whose denominator is 0 (no active customers, no orders, nobody active before) is null
 * with a `reason`, never NaN. The interval is the percentile interval of after − before over the
 * resamples where both are defined (`validResamples`). Same input and seed, same intervals.
 * O(n log n + resamples x customers).
 *
 * @param before - the earlier window `{ transactions, start, end, clv?, segments? }`
 * @param after - the later window; may share `transactions` with `before` (read once)
 * @param options - `timestampUnit` (`"ms"`), `resamples` (1000), `level` (0.95), `seed` (0) or `rng`
 * @returns the columnar report (`kpiReportRows` for rows; `JSON.stringify` writes arrays)
 * @throws ClienteleError the codes of `summarizeTransactions` for the logs, `INVALID_INPUT`
 *   (bad snapshot or window), `MISSING_VALUE`, `INVALID_OPTION`, `DUPLICATE_ID`, `NON_FINITE`,
 *   `TOO_LARGE` (resamples above 100,000, resamples x customers above 2e8, or a bootstrap table
 *   of customers x columns above 5e7 cells / 5e9 additions: many segments)
 * @example
 * import { kpiReport, kpiReportRows } from "clientele/data";
 * const transactions = {
 *   customerId: ["a", "a", "b", "a", "b", "b"],
 *   timestamp: ["2024-01-03", "2024-01-20", "2024-01-09", "2024-02-05", "2024-02-07", "2024-02-21"],
 *   amount: [10, 20, 30, 40, 50, 60],
 * };
 * const r = kpiReport(
 *   { transactions, start: "2024-01-01", end: "2024-01-31" },
 *   { transactions, start: "2024-02-01", end: "2024-03-02" },
 *   { seed: 1, resamples: 200 },
 * );
 * const aov = kpiReportRows(r).find((row) => row.kpi === "averageOrderValue");
 * [aov.before, aov.after, aov.change]; // => [20, 50, 30]
 */
export function kpiReport(before: KpiSnapshot, after: KpiSnapshot, options: KpiReportOptions = {}): KpiReport {
  const fn = "kpiReport";
  const opts = parseOptions(reportOptions, options, fn);
  if (opts.seed !== undefined && opts.rng !== undefined) {
    throw new ClienteleError({ code: "INVALID_OPTION", path: ["options", "seed"], received: opts.seed, message: `${fn}: pass either seed or rng, not both.` });
  }
  const B = opts.resamples;
  if (B > MAX_RESAMPLES) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "resamples"],
      received: B,
      message: `${fn}: resamples is ${B}; more than ${MAX_RESAMPLES} adds nothing to a percentile interval. Use 1000-10000.`,
    });
  }
  const unit = opts.timestampUnit;
  const snaps = [checkSnapshot(before, "before", fn), checkSnapshot(after, "after", fn)];
  const names = ["before", "after"] as const;
  const win = snaps.map((s, j) => windowOf(s, names[j], fn, unit));
  const hasClv = snaps.map((s) => s.clv !== undefined);
  const hasSeg = snaps.map((s) => s.segments !== undefined);
  for (const [flags, what] of [
    [hasClv, "clv"],
    [hasSeg, "segments"],
  ] as const) {
    if (flags[0] !== flags[1]) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [flags[0] ? "after" : "before", what],
        message: `${fn}: ${what} is given for ${flags[0] ? "before" : "after"} only; give it for both snapshots (or neither) to compare them.`,
      });
    }
  }
  const transitions = hasSeg[0] ? transitionMatrix(snaps[0].segments!, snaps[1].segments!) : undefined;
  const clvs = hasClv[0] ? snaps.map((s, j) => clvPairs(s.clv, names[j], fn)) : undefined;
  // Read each log once (twice only when the snapshots hold different logs).
  const days: CustomerDays[] = [];
  for (let j = 0; j < 2; j++) {
    const tx = snaps[j].transactions;
    if (tx === undefined) {
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: [names[j], "transactions"],
        message: `${fn}: ${names[j]}.transactions is missing; give the transaction log (rows or columns).`,
      });
    }
    days.push(j === 1 && tx === snaps[0].transactions ? days[0] : readCustomerDays(tx, fn, unit));
  }
  // The customers resampled: every id of either log, CLV list or segment snapshot.
  const universe = new Map<string, number>();
  const ids: string[] = [];
  const idx = (id: string): number => {
    let k = universe.get(id);
    if (k === undefined) {
      k = ids.length;
      universe.set(id, k);
      ids.push(id);
    }
    return k;
  };
  for (const d of days) for (const id of d.ids) idx(id);
  const segs = hasSeg[0] ? snaps.map((s) => segmentPairs(s.segments!)) : undefined;
  for (const c of clvs ?? []) for (const id of c.id) idx(id);
  for (const s of segs ?? []) for (const id of s.id) idx(id);
  const n = ids.length;
  if (B * n > MAX_WORK) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "resamples"],
      received: B,
      message: `${fn}: ${B} resamples of ${n} customers is ${B * n} draws, more than ${MAX_WORK}. Lower resamples to ${Math.max(1, Math.floor(MAX_WORK / n))} or fewer, or run the report on a random sample of customers.`,
    });
  }
  // 7 columns per window, 2 more with CLV and 1 per segment (plus one) per window
  const nSeg = transitions ? transitions.states.length - 2 : 0;
  const nCols = 2 * (7 + (clvs ? 2 : 0) + (transitions ? nSeg + 1 : 0));
  if (n * nCols > MAX_CELLS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: transitions ? ["before", "segments"] : ["before", "transactions"],
      received: n * nCols,
      message: `${fn}: ${n} customers x ${nCols} columns (${nSeg} segments) is ${n * nCols} cells, more than ${MAX_CELLS}. Group rare segments, or report on a random sample of customers.`,
    });
  }
  const col = (): [Float64Array, Float64Array] => [new Float64Array(n), new Float64Array(n)];
  const base = col();
  const active = col();
  const orders = col();
  const revenue = col();
  const repeat = col();
  const prevActive = col();
  const churned = col();
  for (let j = 0; j < 2; j++) {
    const d = days[j];
    const w = win[j];
    for (let c = 0; c < d.ids.length; c++) {
      const u = universe.get(d.ids[c])!;
      let inBase = 0;
      let ord = 0;
      let rev = 0;
      let prev = 0;
      for (let k = d.start[c]; k < d.start[c + 1]; k++) {
        const day = d.day[k];
        if (day > w.end) break;
        const p = d.purchase[k];
        if (p) inBase = 1;
        if (day >= w.start) {
          rev += d.net[k];
          ord += p;
        } else if (day >= w.prev && p) prev = 1;
      }
      base[j][u] = inBase;
      active[j][u] = ord > 0 ? 1 : 0;
      orders[j][u] = ord;
      revenue[j][u] = rev;
      repeat[j][u] = ord >= 2 ? 1 : 0;
      prevActive[j][u] = prev;
      churned[j][u] = prev && ord === 0 ? 1 : 0;
    }
  }
  const specs: Spec[] = [
    { name: "customers", num: base, den: null, empty: "" },
    { name: "activeCustomers", num: active, den: null, empty: "" },
    { name: "orders", num: orders, den: null, empty: "" },
    { name: "revenue", num: revenue, den: null, empty: "" },
    { name: "repeatRate", num: repeat, den: active, empty: "no customer bought in the window" },
    { name: "purchaseFrequency", num: orders, den: active, empty: "no customer bought in the window" },
    { name: "averageOrderValue", num: revenue, den: orders, empty: "no order in the window" },
    { name: "revenuePerCustomer", num: revenue, den: base, empty: "no customer has bought by the end of the window" },
    { name: "churnRate", num: churned, den: prevActive, empty: "no customer bought in the preceding window of the same length" },
  ];
  if (clvs) {
    const value = col();
    const listed = col();
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < clvs[j].id.length; i++) {
        const u = universe.get(clvs[j].id[i])!;
        value[j][u] = clvs[j].clv[i];
        listed[j][u] = 1;
      }
    }
    specs.push({ name: "clvTotal", num: value, den: null, empty: "" });
    specs.push({ name: "clvMean", num: value, den: listed, empty: "no customer has a CLV" });
  }
  if (segs && transitions) {
    const real = transitions.states.slice(0, transitions.states.length - 2);
    const listed = col();
    const inSeg = real.map(col);
    const segIndex = new Map(real.map((s, k) => [s, k] as [string, number]));
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < segs[j].id.length; i++) {
        const u = universe.get(segs[j].id[i])!;
        listed[j][u] = 1;
        inSeg[segIndex.get(segs[j].segment[i])!][j][u] = 1;
      }
    }
    real.forEach((s, k) => specs.push({ name: `segmentShare:${s}`, num: inSeg[k], den: listed, empty: "no customer in the segment snapshot" }));
  }
  const K = specs.length;
  const value = (s: Spec, j: number): number | null => {
    let num = 0;
    let den = 0;
    const x = s.num[j];
    const y = s.den ? s.den[j] : null;
    for (let i = 0; i < n; i++) {
      num += x[i];
      if (y) den += y[i];
    }
    if (!y) return num;
    return den > 0 ? num / den : null;
  };
  const out = {
    kpi: specs.map((s) => s.name),
    before: new Array<number | null>(K),
    after: new Array<number | null>(K),
    change: new Array<number | null>(K),
    relativeChange: new Array<number | null>(K),
    lower: new Array<number | null>(K),
    upper: new Array<number | null>(K),
    reason: new Array<string | null>(K),
    validResamples: new Array<number>(K).fill(0),
  };
  for (let k = 0; k < K; k++) {
    const s = specs[k];
    const b = value(s, 0);
    const a = value(s, 1);
    const why: string[] = [];
    if (b === null) why.push(`before: ${s.empty}`);
    if (a === null) why.push(`after: ${s.empty}`);
    out.before[k] = b;
    out.after[k] = a;
    out.change[k] = a !== null && b !== null ? a - b : null;
    if (a !== null && b !== null) {
      if (b !== 0) out.relativeChange[k] = (a - b) / Math.abs(b);
      else {
        out.relativeChange[k] = null;
        why.push("relativeChange: the before value is 0");
      }
    } else out.relativeChange[k] = null;
    out.reason[k] = why.length ? why.join("; ") : null;
  }
  // Bootstrap: resample customers with replacement, the same draw for both windows. The
  // distinct columns are packed row-major (one row per customer); a resample counts how often
  // each customer is drawn, then adds each drawn customer's row times that count, in customer order.
  const draws: Float64Array[] = specs.map(() => new Float64Array(B));
  if (B > 0) {
    const colIndex = new Map<Float64Array, number>();
    const colOf = (x: Float64Array): number => {
      let c = colIndex.get(x);
      if (c === undefined) colIndex.set(x, (c = colIndex.size));
      return c;
    };
    const ref = specs.map((s) => [0, 1].map((j) => [colOf(s.num[j]), s.den ? colOf(s.den[j]) : -1]));
    const C = colIndex.size;
    if (n * C > MAX_CELLS || B * n * C > 25 * MAX_WORK) {
      throw new ClienteleError({
        code: "TOO_LARGE",
        path: ["options", "resamples"],
        received: B,
        message: `${fn}: the bootstrap over ${n} customers and ${K} KPIs (${C} columns, mostly one per segment and window) needs ${n * C} cells and ${B * n * C} additions, more than ${MAX_CELLS} / ${25 * MAX_WORK}. Group rare segments, lower resamples, or pass resamples: 0 for the point values only.`,
      });
    }
    const M = new Float64Array(n * C);
    for (const [x, c] of colIndex) for (let i = 0; i < n; i++) M[i * C + c] = x[i];
    const rng = opts.rng ?? createRng(opts.seed ?? 0);
    const sums = new Float64Array(C);
    const w = new Float64Array(n); // times each customer is drawn
    for (let r = 0; r < B; r++) {
      sums.fill(0);
      w.fill(0);
      for (let d = 0; d < n; d++) w[Math.floor(rng.uniform() * n)]++; // = rng.int(n), without its per-call check
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        const o = i * C;
        for (let c = 0; c < C; c++) sums[c] += wi * M[o + c];
      }
      for (let k = 0; k < K; k++) {
        const [[nb, db], [na, da]] = ref[k];
        if (db >= 0 && !(sums[db] > 0 && sums[da] > 0)) continue;
        const b = db >= 0 ? sums[nb] / sums[db] : sums[nb];
        const a = da >= 0 ? sums[na] / sums[da] : sums[na];
        draws[k][out.validResamples[k]++] = a - b;
      }
    }
  }
  const lo = (1 - opts.level) / 2;
  for (let k = 0; k < K; k++) {
    const m = out.validResamples[k];
    if (B === 0 || m === 0) {
      out.lower[k] = null;
      out.upper[k] = null;
      if (B > 0 && out.change[k] !== null) out.reason[k] = (out.reason[k] ? out.reason[k] + "; " : "") + "interval: the change is undefined in every resample";
      continue;
    }
    const v = draws[k].subarray(0, m).sort();
    out.lower[k] = quantile(v, lo);
    out.upper[k] = quantile(v, 1 - lo);
  }
  const windows = {
    before: { start: win[0].start * MS_PER_DAY, end: win[0].end * MS_PER_DAY, previousStart: win[0].prev * MS_PER_DAY },
    after: { start: win[1].start * MS_PER_DAY, end: win[1].end * MS_PER_DAY, previousStart: win[1].prev * MS_PER_DAY },
  };
  const report: KpiReport = { n: K, ...out, level: opts.level, resamples: B, customers: n, windows };
  if (transitions) report.transitions = transitions;
  return jsonColumns(report);
}

/** Linear-interpolation quantile (type 7) of sorted values. */
function quantile(v: Float64Array, p: number): number {
  const h = (v.length - 1) * p;
  const i = Math.floor(h);
  return i + 1 < v.length ? v[i] + (h - i) * (v[i + 1] - v[i]) : v[i];
}
