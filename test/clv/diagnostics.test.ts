import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "../../src/clv/bgnbd.js";
import { calibrationHoldout, cumulativeTracking } from "../../src/clv/diagnostics.js";
import { conditionalExpectedPurchases, expectedPurchases, type TransactionModel } from "../../src/clv/transaction.js";
import { summarizeTransactions } from "../../src/data/index.js";
import { readCdnowLog, type CdnowLog } from "../fixtures/clv-value/cdnow-log.js";
import { referenceData } from "../helpers/data.js";
import { expectClienteleError } from "../helpers/errors.js";

const LOG_DATA = referenceData("cdnow/CDNOW_sample.txt", "the CDNOW diagnostics tests");
const SUMMARY_DATA = referenceData("cdnow/cdnow_customers_summary.csv", "the CDNOW diagnostics tests");
const LOG = LOG_DATA.path;
const SUMMARY = SUMMARY_DATA.path;
const hasData = LOG_DATA.available && SUMMARY_DATA.available;

// Fader, Hardie & Lee (2005), Marketing Science 24(2), CDNOW: r 0.243, α 4.414, a 0.793, b 2.426
const bg = { kind: "bg-nbd", version: 1, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as unknown as TransactionModel;

describe.skipIf(!hasData)("diagnostics on CDNOW (calibration 39 weeks, holdout 39 weeks)", () => {
  let log: CdnowLog;
  let model: TransactionModel;
  it("parses the transaction log into the published calibration summary", () => {
    log = readCdnowLog(LOG);
    const rows = readFileSync(SUMMARY, "utf8")
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(",").map(Number));
    expect(log.id.length).toBe(2357); // data README: 2,357 customers
    rows.forEach((r, i) => {
      expect(log.frequency[i]).toBe(r[1]);
      expect(log.recency[i]).toBeCloseTo(r[2], 2);
      expect(log.T[i]).toBeCloseTo(r[3], 2);
    });
    expect(log.holdoutDuration).toBe(39);
    model = fitBgNbd(log, { timeUnit: "week" });
    // Fader, Hardie & Lee (2005): r 0.243, α 4.414, a 0.793, b 2.426
    expect((model as { params: { r: number } }).params.r).toBeCloseTo(0.243, 3);
  });

  it("calibrationHoldout: buckets, actual counts and predictions equal direct per-customer computation", () => {
    const ch = calibrationHoldout(model, log);
    expect(ch.label).toEqual(["0", "1", "2", "3", "4", "5", "6", "≥7"]);
    // FHL 2005: 1,411 of the 2,357 customers made no repeat purchase in the calibration period
    expect(ch.count[0]).toBe(1411);
    expect(ch.count.reduce((a, b) => a + b, 0)).toBe(2357);
    const pred = conditionalExpectedPurchases(model, log, 39);
    const sumA = new Array(8).fill(0);
    const sumP = new Array(8).fill(0);
    const cnt = new Array(8).fill(0);
    for (let i = 0; i < 2357; i++) {
      const b = Math.min(7, log.frequency[i]);
      cnt[b]++;
      sumA[b] += log.holdoutFrequency[i];
      sumP[b] += pred[i];
    }
    for (let b = 0; b < 8; b++) {
      expect(ch.actual[b]).toBeCloseTo(sumA[b] / cnt[b], 12);
      expect(ch.predicted[b]).toBeCloseTo(sumP[b] / cnt[b], 12);
    }
    // Total holdout repeat transactions counted straight from the log (days 273..545).
    expect(ch.totalActual).toBe(1882);
    // Model check (no published figure): BG/NBD predictions are within 15% of the actual holdout
    // total and track the rise of holdout purchases with calibration frequency.
    expect(Math.abs(ch.totalPredicted - ch.totalActual) / ch.totalActual).toBeLessThan(0.15);
    for (let b = 1; b < 8; b++) expect(ch.predicted[b]!).toBeGreaterThan(ch.predicted[b - 1]!);
    // Per-customer durations give the same as one shared duration.
    const same = calibrationHoldout(model, { ...log, holdoutDuration: new Float64Array(2357).fill(39) });
    expect(same.predicted).toEqual(ch.predicted);
  });

  it("gives the same check from summarizeTransactions (clientele/data) with calibrationEnd", () => {
    const tx = readFileSync(LOG, "utf8")
      .trim()
      .split(/\r?\n/)
      .map((l) => {
        const f = l.trim().split(/\s+/);
        return { customerId: String(Number(f[1])), timestamp: `${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)}`, amount: Number(f[4]) };
      });
    const s = summarizeTransactions(tx, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" });
    expect(s.holdoutDuration).toBe(39);
    const fromData = calibrationHoldout(model, {
      frequency: s.frequency,
      recency: s.recency,
      T: s.T,
      holdoutFrequency: s.holdoutFrequency!,
      holdoutDuration: s.holdoutDuration!,
    });
    const fromLog = calibrationHoldout(model, log);
    expect(fromData.count).toEqual(fromLog.count);
    expect(fromData.actual).toEqual(fromLog.actual);
    for (let b = 0; b < 8; b++) expect(fromData.predicted[b]).toBeCloseTo(fromLog.predicted[b]!, 10);
  });

  it("cumulativeTracking: predictions equal Σ E[X(t − sᵢ)] evaluated per customer; actual counts the log", () => {
    const tr = cumulativeTracking(model, log, { periods: 78 });
    expect(tr.time.length).toBe(78);
    expect(tr.time[77]).toBe(78);
    expect(tr.actualCumulative[77]).toBe(log.repeatTimes.length); // every repeat purchase day to 1998-06-30
    for (const k of [1, 12, 39, 60, 78]) {
      let want = 0;
      for (let i = 0; i < 2357; i++) want += expectedPurchases(model, Math.max(0, k - log.firstPurchase[i]));
      expect(tr.predictedCumulative[k - 1]).toBeCloseTo(want, 8);
    }
    for (let k = 0; k < 78; k++) {
      expect(tr.predictedIncremental[k]).toBeGreaterThanOrEqual(-1e-12);
      if (k > 0) expect(tr.actualCumulative[k] - tr.actualCumulative[k - 1]).toBe(tr.actualIncremental[k]);
    }
    // FHL 2005, Figure 2: the BG/NBD tracks cumulative repeat transactions closely through the
    // holdout period (model check: within 6% at week 78, within 3% at the end of calibration).
    expect(Math.abs(tr.predictedCumulative[77] / tr.actualCumulative[77] - 1)).toBeLessThan(0.06);
    expect(Math.abs(tr.predictedCumulative[38] / tr.actualCumulative[38] - 1)).toBeLessThan(0.03);
    // The same from an incremental series.
    const again = cumulativeTracking(model, { firstPurchase: log.firstPurchase, actualIncremental: tr.actualIncremental });
    expect(again).toEqual(tr);
  });
});

describe("diagnostics input checks", () => {
  const cal = { frequency: [0, 2], recency: [0, 10], T: [20, 20], holdoutFrequency: [1, 3], holdoutDuration: 10 };
  it("puts everything at or above maxFrequency in the last bucket and leaves empty buckets null", () => {
    const ch = calibrationHoldout(bg, cal, { maxFrequency: 3 });
    expect(ch.label).toEqual(["0", "1", "2", "≥3"]);
    expect(ch.count).toEqual([1, 0, 1, 0]);
    expect(ch.actual).toEqual([1, null, 3, null]);
    expect(ch.predicted[1]).toBeNull();
  });
  it("rejects bad input with codes", () => {
    expectClienteleError(() => calibrationHoldout(bg, { ...cal, holdoutFrequency: [1] }), "LENGTH_MISMATCH");
    expectClienteleError(() => calibrationHoldout(bg, { ...cal, holdoutFrequency: [1, NaN] }), "NON_FINITE");
    expectClienteleError(() => calibrationHoldout(bg, { ...cal, holdoutDuration: -1 }), "NEGATIVE_VALUE");
    expectClienteleError(() => calibrationHoldout(bg, { ...cal, recency: [0, 30] }), "RECENCY_AFTER_T");
    expectClienteleError(() => calibrationHoldout(bg, cal, { maxFrequency: -1 }), "INVALID_OPTION");
    expectClienteleError(() => cumulativeTracking(bg, { firstPurchase: [], repeatTimes: [] }, { periods: 3 }), "EMPTY_INPUT");
    expectClienteleError(() => cumulativeTracking(bg, { firstPurchase: [0, 1], repeatTimes: [2] }), "INVALID_OPTION");
    expectClienteleError(() => cumulativeTracking(bg, { firstPurchase: [0, 1] }, { periods: 3 }), "MISSING_COLUMN");
    expectClienteleError(() => cumulativeTracking(bg, { firstPurchase: [0, 1], actualIncremental: [1, 2] }, { periods: 3 }), "LENGTH_MISMATCH");
    expectClienteleError(
      () => cumulativeTracking({ kind: "gamma-gamma", version: 1 } as never, { firstPurchase: [0], actualIncremental: [1] }),
      "WRONG_MODEL_KIND",
    );
  });
});
