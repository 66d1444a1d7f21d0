// The checks every executed engine passes (DuckDB and PostgreSQL): every generated query runs
// on CDNOW and on simulated logs, and the results equal the JavaScript library (summary days
// and counts exact, amounts to 1e-12, scores to 1e-9).
import { describe, expect, it } from "vitest";
import { summarizeTransactions, summarizePartial, mergePartials, finalizeSummary, simulateCustomers } from "../../src/data/index.js";
import type { TransactionSummary } from "../../src/data/index.js";
import { scoreRfm, assignSegments } from "../../src/rfm/index.js";
import { fitBgNbd, fitGammaGamma, probabilityAlive, conditionalExpectedPurchases, expectedAverageValue, customerLifetimeValue } from "../../src/clv/index.js";
import { fitLogisticRegression, predictProba } from "../../src/predict/index.js";
import { fromRows, partialFromRows, partialSummarySql, rfmSql, scoreSql, summarySql, type SqlTimestampType } from "../../src/sql/index.js";
import { cdnow, hasCdnow } from "./helpers.js";
import type { Engine } from "./engines.js";
import { expectClienteleErrorAsync } from "../helpers/errors.js";

export function expectSameSummary(sql: TransactionSummary, js: TransactionSummary, tol = 1e-12): void {
  expect(sql.n).toBe(js.n);
  expect(sql.timeUnit).toBe(js.timeUnit);
  expect(sql.observationEnd).toBe(js.observationEnd);
  expect(sql.calibrationEnd).toBe(js.calibrationEnd);
  expect(sql.holdoutDuration).toBe(js.holdoutDuration);
  expect([...sql.excluded.noPurchase].sort()).toEqual([...js.excluded.noPurchase].sort());
  expect([...sql.excluded.firstPurchaseAfterCalibration].sort()).toEqual([...js.excluded.firstPurchaseAfterCalibration].sort());
  const at = new Map(sql.id.map((id, i) => [id, i]));
  const cols = ["frequency", "recency", "T", "transactionCount", "purchaseDays", "firstPurchase", "lastPurchase"] as const;
  let worst = 0;
  for (let j = 0; j < js.n; j++) {
    const i = at.get(js.id[j]);
    expect(i, js.id[j]).toBeDefined();
    for (const k of cols) expect(sql[k]![i!], `${js.id[j]}.${k}`).toBe(js[k]![j]); // exact
    for (const k of ["monetary", "totalSpend", "holdoutFrequency", "holdoutSpend"] as const) {
      if (js[k] === undefined) continue;
      const a = sql[k]![i!];
      const b = js[k]![j];
      worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
    }
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** Simulated log with same-day full and partial refunds, a refund-only customer and integer-like string ids. */
export function simulatedLog(seed = 11, n = 300) {
  const sim = simulateCustomers({ n, seed });
  const t = sim.transactions;
  const ids = Array.from(t.customerId, String);
  const ms = Array.from(t.timestamp);
  const amt = Array.from(t.amount);
  const len = amt.length;
  for (let i = 0; i < len; i += 7) {
    ids.push(ids[i]);
    ms.push(ms[i] + 1000);
    amt.push(-amt[i]);
  }
  for (let i = 3; i < len; i += 11) {
    ids.push(ids[i]);
    ms.push(ms[i] + 2000);
    amt.push(-amt[i] / 2);
  }
  // excluded customers: refunds only, zero only (noPurchase), first purchase in the last 30 days (after a calibration end)
  ids.push("refund-only", "refund-only", "zero", "late");
  ms.push(ms[0], ms[0] + 5, ms[1], sim.observationEnd - 30 * 86_400_000);
  amt.push(-5, -1, 0, 12.5);
  return { customerId: ids, timestamp: ms, amount: amt, observationEnd: sim.observationEnd };
}

/** Registers the engine checks; `engine()` resolves to a connected engine (or undefined: skipped loudly by the caller). */
export function engineSuite(label: string, engine: () => Engine) {
  describe.skipIf(!hasCdnow)(`${label} on CDNOW`, () => {
    const log = hasCdnow ? cdnow() : { customerId: [], ymd: [], amount: [] };
    const jsTx = { customerId: log.customerId, timestamp: log.ymd, amount: log.amount };
    const opts = () => ({ dialect: engine().dialect, table: "cdnow", columns: { timestamp: "ymd" }, timestampType: "yyyymmdd" as const });
    let loaded: Promise<void> | undefined;
    const ready = () => (loaded ??= engine().load("cdnow", { customer_id: log.customerId, ymd: log.ymd, amount: log.amount }));

    it("summarySql equals summarizeTransactions (counts and days exact, amounts to 1e-12)", async () => {
      await ready();
      const js = summarizeTransactions(jsTx, { timestampUnit: "yyyymmdd", observationEnd: "1998-06-30", timeUnit: "week" });
      const sql = fromRows(await engine().rows(summarySql({ ...opts(), observationEnd: "1998-06-30", timeUnit: "week" })));
      expectSameSummary(sql, js);
    });

    it("summarySql with a calibration split (holdout columns, excluded customers) and the default observation end", async () => {
      await ready();
      const js = summarizeTransactions(jsTx, { timestampUnit: "yyyymmdd", calibrationEnd: "1997-09-30", timeUnit: "day" });
      const sql = fromRows(await engine().rows(summarySql({ ...opts(), calibrationEnd: "1997-09-30", timeUnit: "day" })));
      expectSameSummary(sql, js);
    });

    it("partialSummarySql rows merge with mergePartials into the same summary", async () => {
      await ready();
      const half = Math.floor(log.customerId.length / 2);
      await engine().load("p1", { customer_id: log.customerId.slice(0, half), ymd: log.ymd.slice(0, half), amount: log.amount.slice(0, half) });
      const a = partialFromRows(await engine().rows(partialSummarySql({ ...opts(), table: "p1" })));
      const b = summarizePartial(
        { customerId: jsTx.customerId.slice(half), timestamp: jsTx.timestamp.slice(half), amount: jsTx.amount.slice(half) },
        { timestampUnit: "yyyymmdd" },
      );
      const merged = finalizeSummary(mergePartials(a, b), { observationEnd: "1998-06-30", timeUnit: "week" });
      const js = summarizeTransactions(jsTx, { timestampUnit: "yyyymmdd", observationEnd: "1998-06-30", timeUnit: "week" });
      expectSameSummary(merged, js);
    });

    it("rfmSql equals scoreRfm + assignSegments on the same summary (every tie rule and M, from a table and nested)", async () => {
      await ready();
      const q = summarySql({ ...opts(), observationEnd: "1998-06-30", timeUnit: "week" });
      const summary = fromRows(await engine().rows(q));
      await engine().load("summary", {
        id: summary.id,
        frequency: summary.frequency,
        recency: summary.recency,
        T: summary.T,
        monetary: summary.monetary,
        totalSpend: summary.totalSpend,
        purchaseDays: summary.purchaseDays!,
      });
      const runs: [string, "average" | "min" | "max", "total" | "average" | "btyd-mean"][] = [];
      for (const ties of ["average", "min", "max"] as const)
        for (const monetary of ["total", "average", "btyd-mean"] as const) runs.push(["summary", ties, monetary]);
      for (const [source, ties, monetary] of [...runs, ["nested", "average", "total"] as const]) {
        const js = scoreRfm(summary, { ties, monetary });
        const seg = assignSegments(js);
        const out = await engine().rows(rfmSql({ dialect: engine().dialect, source: source === "nested" ? q : source, ties, monetary }));
        expect(out.length).toBe(js.n);
        const at = new Map(out.map((r) => [String(r.id), r]));
        for (let i = 0; i < js.n; i++) {
          const r = at.get(js.id[i])!;
          expect([Number(r.r), Number(r.f), Number(r.m), r.segment], `${source} ${ties} ${monetary} ${js.id[i]}`).toEqual([
            js.r[i],
            js.f[i],
            js.m[i],
            seg.segment[i],
          ]);
          expect(r.action).toBe(seg.actions[seg.segmentIndex[i]]);
        }
      }
    });

    it("scoreSql equals probabilityAlive, conditionalExpectedPurchases, expectedAverageValue and customerLifetimeValue to 1e-9", async () => {
      await ready();
      const summary = summarizeTransactions(jsTx, { timestampUnit: "yyyymmdd", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" });
      await engine().load("cal", { id: summary.id, frequency: summary.frequency, recency: summary.recency, T: summary.T, monetary: summary.monetary });
      const bg = fitBgNbd(summary);
      const gg = fitGammaGamma(summary);
      const pa = probabilityAlive(bg, summary);
      const ep = conditionalExpectedPurchases(bg, summary, 39);
      const ev = expectedAverageValue(gg, summary);
      let worst = 0;
      for (const clv of [
        { horizon: 12, discountRate: 0.01 },
        { horizon: 3, discountRate: 0.05, frequencyOfDiscount: "week" as const, monthConvention: "lifetimes" as const },
      ]) {
        const out = await engine().rows(scoreSql(bg, { dialect: engine().dialect, source: "cal", t: 39, spendModel: gg, clv }));
        const at = new Map(out.map((r) => [String(r.id), r]));
        const cv = customerLifetimeValue(bg, gg, summary, clv);
        for (let i = 0; i < summary.n; i++) {
          const r = at.get(summary.id[i])!;
          for (const [a, b] of [
            [r.pAlive, pa[i]],
            [r.expectedPurchases, ep[i]],
            [r.expectedSpend, ev[i]],
            [r.clv, cv[i]],
          ] as [number, number][])
            worst = Math.max(worst, rel(a, b));
        }
      }
      // a Gamma-Gamma model alone, on the nested summary query
      const spend = await engine().rows(scoreSql(gg, { dialect: engine().dialect, source: "cal" }));
      for (let i = 0; i < spend.length; i++) worst = Math.max(worst, rel(spend.find((r) => r.id === summary.id[i])!.expectedSpend as number, ev[i]));
      console.log(`${label}: scoreSql vs clientele/clv on CDNOW: worst relative difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-9);
    });

    it("scoreSql of a logistic regression equals predictProba to 1e-9 (standardization folded into the coefficients)", async () => {
      await ready();
      const summary = summarizeTransactions(jsTx, { timestampUnit: "yyyymmdd", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" });
      const X = { names: ["frequency", "recency", "T", "monetary"], columns: [summary.frequency, summary.recency, summary.T, summary.monetary] };
      const y = Array.from(summary.holdoutFrequency!, (h) => (h > 0 ? 1 : 0));
      const m = fitLogisticRegression(X, y, { lambda: 0.5 });
      const p = predictProba(m, X);
      await engine().load(["feat schema", "x;y"], {
        "customer id": summary.id,
        f: summary.frequency,
        "rec'ncy": summary.recency,
        T: summary.T,
        monetary: summary.monetary,
      });
      const q = scoreSql(m, {
        dialect: engine().dialect,
        source: ["feat schema", "x;y"],
        columns: { id: "customer id" },
        features: { frequency: "f", recency: "rec'ncy" },
      });
      expect(q.columns).toEqual(["id", "probability"]);
      const out = await engine().rows(q);
      const at = new Map(out.map((r) => [String(r.id), r.probability as number]));
      let worst = 0;
      for (let i = 0; i < summary.n; i++) worst = Math.max(worst, Math.abs(at.get(summary.id[i])! - p[i]));
      console.log(`${label}: scoreSql (logistic) vs predictProba on CDNOW: worst absolute difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-9);
    });
  });

  describe(`${label} on simulated logs`, () => {
    const log = simulatedLog();
    const jsOpts = { observationEnd: log.observationEnd, timeUnit: "month" as const };
    const kinds: [SqlTimestampType, "double" | "timestamp" | "timestamptz" | "date", (ms: number) => number][] = [
      ["ms", "double", (ms) => ms],
      ["s", "double", (ms) => ms / 1000],
      ["timestamp", "timestamp", (ms) => ms],
      ["timestamp", "timestamptz", (ms) => ms],
      ["date", "date", (ms) => ms],
      [
        "yyyymmdd",
        "double",
        (ms) => {
          const d = new Date(ms);
          return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
        },
      ],
    ];
    for (const [kind, colType, conv] of kinds) {
      it(`summarySql equals summarizeTransactions with refunds, a refund-only customer and ${kind} timestamps in a ${colType} column`, async () => {
        const e = engine();
        // a session time zone far from UTC: days must still be UTC days
        await e.exec(e.dialect === "postgres" ? "SET TimeZone = 'Pacific/Kiritimati'" : "SET TimeZone = 'Pacific/Kiritimati'");
        await e.load("sim", { customer_id: log.customerId, ts: log.timestamp.map(conv), amount: log.amount }, { ts: colType });
        const js = summarizeTransactions(log, { ...jsOpts, calibrationEnd: log.observationEnd - 120 * 86_400_000 });
        const sql = fromRows(
          await e.rows(
            summarySql({
              dialect: e.dialect,
              table: "sim",
              columns: { timestamp: "ts" },
              timestampType: kind,
              observationEnd: log.observationEnd,
              calibrationEnd: new Date(log.observationEnd - 120 * 86_400_000),
              timeUnit: "month",
            }),
          ),
        );
        expectSameSummary(sql, js);
        expect(js.excluded.noPurchase).toContain("refund-only");
        expect(js.excluded.firstPurchaseAfterCalibration).toContain("late");
        await e.exec("SET TimeZone = 'UTC'");
      });
    }

    it("integer customer ids (BIGINT) are the ids of summarizeTransactions with numbers", async () => {
      const e = engine();
      const ids = log.customerId.map((s) => (/^\d+$/.test(s) ? Number(s) : 99));
      await e.load("intids", { customer_id: ids, timestamp: log.timestamp, amount: log.amount }, { customer_id: "bigint" });
      const js = summarizeTransactions({ customerId: ids, timestamp: log.timestamp, amount: log.amount }, jsOpts);
      expectSameSummary(fromRows(await e.rows(summarySql({ dialect: e.dialect, table: "intids", timestampType: "ms", ...jsOpts }))), js);
    });

    it("rows the JavaScript path rejects are rejected with the same codes (NULL, bad timestamp, NaN amount, after the end)", async () => {
      const e = engine();
      const base = { customer_id: ["a", "a", "b"], timestamp: [1.7e12, 1.7e12 + 9e7, 1.7e12], amount: [1, 2, 3] };
      const cases: [string, Record<string, (string | number | null)[]>, string, object][] = [
        ["null amount", { ...base, amount: [1, null, 3] }, "MISSING_VALUE", {}],
        ["blank id", { ...base, customer_id: ["a", " ", "b"] }, "MISSING_VALUE", {}],
        ["epoch seconds read as ms", { ...base, timestamp: [1.7e9, 1.7e9, 1.7e9] }, "INVALID_TIMESTAMP", {}],
        ["after observationEnd", base, "AFTER_OBSERVATION_END", { observationEnd: 1.7e12 }],
      ];
      for (const [what, cols, code, extra] of cases) {
        await e.load("bad", cols);
        const got = await expectClienteleErrorAsync(
          async () => fromRows(await e.rows(summarySql({ dialect: e.dialect, table: "bad", timestampType: "ms", ...extra }))),
          code,
        );
        expect(got.code, what).toBe(code);
      }
      await e.load("bad", { ...base, amount: [1, Number.NaN, 3] });
      await expectClienteleErrorAsync(async () => fromRows(await e.rows(summarySql({ dialect: e.dialect, table: "bad", timestampType: "ms" }))), "NON_FINITE"); // NaN amount
    });
  });

  describe(`${label}: hostile identifiers are quoted, never spliced`, () => {
    const log = simulatedLog(5, 60);
    const hostile: [string | string[], { customerId: string; timestamp: string; amount: string }][] = [
      ['or"ders', { customerId: 'cust"id', timestamp: "ts'", amount: "amount;" }],
      ["x; DROP TABLE sim; --", { customerId: "select", timestamp: "from", amount: "order" }],
      ["`back`tick`", { customerId: "`id`", timestamp: "time stamp", amount: "a.b" }],
      ["Ünïcødé 表", { customerId: "客户", timestamp: "日付", amount: "€" }],
      [["My Schema", "table"], { customerId: "ID", timestamp: "Timestamp", amount: "AMOUNT" }],
      ["$1", { customerId: "?", timestamp: "$2", amount: "'); --" }],
    ];
    for (const [table, cols] of hostile) {
      it(`table ${JSON.stringify(table)} with columns ${JSON.stringify(Object.values(cols))}`, async () => {
        const e = engine();
        await e.load(table, { [cols.customerId]: log.customerId, [cols.timestamp]: log.timestamp, [cols.amount]: log.amount });
        const js = summarizeTransactions(log, { observationEnd: log.observationEnd, timeUnit: "week" });
        const q = summarySql({ dialect: e.dialect, table, columns: cols, timestampType: "ms", observationEnd: log.observationEnd });
        expectSameSummary(fromRows(await e.rows(q)), js);
        const p = partialFromRows(await e.rows(partialSummarySql({ dialect: e.dialect, table, columns: cols, timestampType: "ms" })));
        expect(p.ids.length).toBe(new Set(log.customerId).size);
        const names = { id: cols.customerId, frequency: cols.timestamp, recency: cols.amount, T: "T", monetary: "m'", totalSpend: "t;", purchaseDays: '"p"' };
        const summary = fromRows(await e.rows(q));
        await e.load(table, {
          [names.id]: summary.id,
          [names.frequency]: summary.frequency,
          [names.recency]: summary.recency,
          T: summary.T,
          [names.monetary]: summary.monetary,
          [names.totalSpend]: summary.totalSpend,
          [names.purchaseDays]: summary.purchaseDays!,
        });
        const r = await e.rows(rfmSql({ dialect: e.dialect, source: table, columns: names }));
        expect(r.map((x) => Number(x.r))).toEqual(Array.from(scoreRfm(summary).r));
      });
    }
    it("segment names with quotes and semicolons are bound parameters", async () => {
      const e = engine();
      await e.load("seg", { id: ["a", "b"], frequency: [1, 0], recency: [2, 0], T: [3, 3], totalSpend: [10, 5], purchaseDays: [2, 1], monetary: [5, 0] });
      const rules = [{ segment: "O'Brien\"; DROP TABLE seg; --", action: "$1 ? `x`", r: [1, 5] as [number, number] }];
      const q = rfmSql({ dialect: e.dialect, source: "seg", bins: 2, rules });
      expect(q.sql).not.toContain("O'Brien");
      const out = await e.rows(q);
      expect(out.map((x) => [x.segment, x.action])).toEqual([
        [rules[0].segment, rules[0].action],
        [rules[0].segment, rules[0].action],
      ]);
    });
  });
}
