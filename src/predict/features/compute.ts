// Internal: the behavioural features of one snapshot, cut from a CustomerLog at day `asOf`.
// Only customer-days on or before asOf are read (end[c] from snapshotCustomers bounds every loop).
import type { CustomerLog } from "./log.js";

/** Raw snapshot columns (NaN = missing), before the library models and host columns are added. */
export interface RawSnapshot {
  /** Customer numbers (CustomerLog index) of the rows, in output order. */
  order: Int32Array;
  names: string[];
  columns: Float64Array[];
  /** Per row: purchase days, first and last purchase day, net spend (for the library models). */
  purchaseDays: Float64Array;
  firstDay: Float64Array;
  lastDay: Float64Array;
  spend: Float64Array;
}

/** Plain-words meaning of each built-in feature name (windows as `{w}`), for docs and reasons. */
export const FEATURE_MEANINGS: Readonly<Record<string, string>> = {
  recency_days: "days since the last purchase day",
  tenure_days: "days since the first purchase day",
  frequency: "purchase days so far",
  transactions: "transaction rows so far (refunds included)",
  spend_total: "net spend so far (refunds subtracted)",
  aov: "average net value of a purchase day",
  "frequency_{w}d": "purchase days in the last {w} days",
  "spend_{w}d": "net spend in the last {w} days",
  "frequency_trend_{w}d": "purchase days in the last {w} days minus the {w} days before",
  "spend_trend_{w}d": "net spend in the last {w} days minus the {w} days before",
  ipt_mean_days: "mean days between purchase days (missing below 2 purchase days)",
  ipt_std_days: "standard deviation of the days between purchase days (missing below 3)",
  ipt_last_days: "days between the last two purchase days (missing below 2)",
  overdue_ratio: "recency_days / ipt_mean_days: above 1 = later than usual (missing below 2)",
  refund_count: "refund lines (negative amounts) so far",
  refund_amount: "sum of refunded amounts so far",
  refund_share: "refund_amount / gross positive amounts",
};

/** Names of the built-in features for the given windows, in column order. */
export function builtinNames(windows: readonly number[]): string[] {
  const names = ["recency_days", "tenure_days", "frequency", "transactions", "spend_total", "aov"];
  for (const w of windows) names.push(`frequency_${w}d`, `spend_${w}d`, `frequency_trend_${w}d`, `spend_trend_${w}d`);
  names.push("ipt_mean_days", "ipt_std_days", "ipt_last_days", "overdue_ratio", "refund_count", "refund_amount", "refund_share");
  return names;
}

/**
 * Computes the built-in features of the customers `order` as of day `asOf` (days on or before
 * it; `end[c]` is the first customer-day of c after asOf). O(customer-days × windows).
 */
export function computeSnapshot(log: CustomerLog, asOf: number, order: Int32Array, end: Int32Array, windows: readonly number[]): RawSnapshot {
  const n = order.length;
  const W = windows.length;
  const names = builtinNames(windows);
  const columns = names.map(() => new Float64Array(n));
  const [recency, tenure, frequency, transactions, spendTotal, aov] = columns;
  const base = 6 + 4 * W;
  const iptMean = columns[base];
  const iptStd = columns[base + 1];
  const iptLast = columns[base + 2];
  const overdue = columns[base + 3];
  const refundCount = columns[base + 4];
  const refundAmount = columns[base + 5];
  const refundShare = columns[base + 6];
  const purchaseDays = new Float64Array(n);
  const firstDay = new Float64Array(n);
  const lastDay = new Float64Array(n);
  const spend = new Float64Array(n);
  const { start, day, net, positive, refund, refundRows, rows, purchase } = log;
  const lo1 = new Float64Array(W); // asOf - w: days > lo1 are in the last window
  const lo2 = new Float64Array(W); // asOf - 2w: days in (lo2, lo1] are in the previous one
  for (let k = 0; k < W; k++) {
    lo1[k] = asOf - windows[k];
    lo2[k] = asOf - 2 * windows[k];
  }
  const fw = new Float64Array(W);
  const sw = new Float64Array(W);
  const fp = new Float64Array(W);
  const sp = new Float64Array(W);
  const oldest = lo2[W - 1];
  for (let i = 0; i < n; i++) {
    const c = order[i];
    const s = start[c];
    const e = end[c];
    let P = 0;
    let first = 0;
    let last = 0;
    let r = 0;
    let total = 0;
    let purchaseNet = 0;
    let ref = 0;
    let refRows = 0;
    let pos = 0;
    let gapSum = 0;
    let gapSq = 0;
    let gapLast = 0;
    for (let k = 0; k < W; k++) {
      fw[k] = 0;
      sw[k] = 0;
      fp[k] = 0;
      sp[k] = 0;
    }
    for (let j = s; j < e; j++) {
      const d = day[j];
      const a = net[j];
      const b = purchase[j];
      r += rows[j];
      total += a;
      ref += refund[j];
      refRows += refundRows[j];
      pos += positive[j];
      if (b) {
        if (P === 0) first = d;
        else {
          const g = d - last;
          gapSum += g;
          gapSq += g * g;
          gapLast = g;
        }
        last = d;
        P++;
        purchaseNet += a;
      }
      if (d > oldest) {
        for (let k = 0; k < W; k++) {
          if (d > lo1[k]) {
            fw[k] += b;
            sw[k] += a;
          } else if (d > lo2[k]) {
            fp[k] += b;
            sp[k] += a;
          }
        }
      }
    }
    recency[i] = asOf - last;
    tenure[i] = asOf - first;
    frequency[i] = P;
    transactions[i] = r;
    spendTotal[i] = total;
    aov[i] = purchaseNet / P;
    for (let k = 0; k < W; k++) {
      const o = 6 + 4 * k;
      columns[o][i] = fw[k];
      columns[o + 1][i] = sw[k];
      columns[o + 2][i] = fw[k] - fp[k];
      columns[o + 3][i] = sw[k] - sp[k];
    }
    if (P >= 2) {
      const m = gapSum / (P - 1);
      iptMean[i] = m;
      iptLast[i] = gapLast;
      overdue[i] = (asOf - last) / m;
      if (P >= 3) {
        const v = (gapSq - (P - 1) * m * m) / (P - 2);
        iptStd[i] = Math.sqrt(v > 0 ? v : 0);
      } else iptStd[i] = NaN;
    } else {
      iptMean[i] = NaN;
      iptStd[i] = NaN;
      iptLast[i] = NaN;
      overdue[i] = NaN;
    }
    refundCount[i] = refRows;
    refundAmount[i] = ref;
    refundShare[i] = pos > 0 ? ref / pos : 0;
    purchaseDays[i] = P;
    firstDay[i] = first;
    lastDay[i] = last;
    spend[i] = total;
  }
  return { order, names, columns, purchaseDays, firstDay, lastDay, spend };
}

/** Labels of the customers `cust` (CustomerLog numbers, -1 = not in the log) in (asOf, asOf + horizon]. */
export function computeLabels(log: CustomerLog, cust: Int32Array, asOf: number, horizon: number, target: "purchase" | "churn" | "spend"): Float64Array {
  const n = cust.length;
  const out = new Float64Array(n);
  const { start, day, net, purchase } = log;
  const hi = asOf + horizon;
  for (let i = 0; i < n; i++) {
    const c = cust[i];
    let bought = 0;
    let s = 0;
    if (c >= 0) {
      // first customer-day after asOf
      let lo = start[c];
      let up = start[c + 1];
      while (lo < up) {
        const mid = (lo + up) >>> 1;
        if (day[mid] <= asOf) lo = mid + 1;
        else up = mid;
      }
      for (let j = lo; j < start[c + 1] && day[j] <= hi; j++) {
        if (purchase[j]) bought = 1;
        s += net[j];
      }
    }
    out[i] = target === "purchase" ? bought : target === "churn" ? 1 - bought : s;
  }
  return out;
}
