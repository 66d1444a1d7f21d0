import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  summarizeTransactions,
  summaryToRows,
  type CustomerSummaryColumns,
  type TransactionRow,
  finalizeSummary,
  simulateCustomers,
  summarizePartial,
  summarizeTransactionsAsync,
} from "../../src/data/index.js";
import { referenceSummary, txArb, type RefTx } from "./reference.js";
import { expectClienteleError } from "../helpers/errors.js";
import { referenceData } from "../helpers/data.js";

const DAY = 86_400_000;
function sortedRows(s: CustomerSummaryColumns) {
  return summaryToRows(s).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
// Reference data (test/fixtures/cdnow/README.md): the CDNOW 1/10th sample, 2,357 customers who
// first bought in 1997-Q1, followed to 1998-06-30 (Fader & Hardie). The published
// calibration summary uses calibration end 1997-09-30 (inclusive), weeks, UTC days.
const FILES = ["cdnow/CDNOW_sample.txt", "cdnow/cdnow_customers_summary.csv", "cdnow/cdnow_customers_summary_with_transactions.csv"].map((n) =>
  referenceData(n, "the CDNOW summary tests"),
);
const exists = FILES.every((f) => f.available);
function readLog() {
  // whitespace separated: customer id, id within the 1/10 sample, yyyymmdd, number of CDs, dollars
  const lines = FILES[0].read().trim().split("\n");
  const customerId: number[] = [];
  const timestamp: string[] = [];
  const amount: number[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    customerId.push(Number(f[1]));
    timestamp.push(f[2]); // ISO 8601 basic date, e.g. 19970101
    amount.push(Number(f[4]));
  }
  return { customerId, timestamp, amount };
}
function readCsv(file: string): number[][] {
  return referenceData(`cdnow/${file}`, "the CDNOW summary tests")
    .read()
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
}
const CDNOW = referenceData("cdnow/CDNOW_sample.txt", "the CDNOW timestampUnit test");
const hasCdnow = CDNOW.available;

describe("summarizeTransactions: documented examples", () => {
  it("matches the TSDoc example", () => {
    const s = summarizeTransactions(
      [
        { customerId: "a", timestamp: "2024-01-01", amount: 20 },
        { customerId: "a", timestamp: "2024-01-15T10:00:00Z", amount: 30 },
        { customerId: "a", timestamp: "2024-01-15T18:00:00Z", amount: 10 },
        { customerId: "b", timestamp: "2024-01-08", amount: 15 },
      ],
      { observationEnd: "2024-01-29", timeUnit: "week" },
    );
    expect(s.id).toEqual(["a", "b"]);
    expect(Array.from(s.frequency)).toEqual([1, 0]);
    expect(Array.from(s.recency)).toEqual([2, 0]);
    expect(Array.from(s.T)).toEqual([4, 3]);
    expect(Array.from(s.monetary)).toEqual([40, 0]);
    expect(Array.from(s.totalSpend)).toEqual([60, 15]);
    expect(Array.from(s.transactionCount)).toEqual([3, 1]);
    expect(s.observationEnd).toBe(Date.UTC(2024, 0, 29));
    expect(s.excluded).toEqual({ noPurchase: [], firstPurchaseAfterCalibration: [] });
    expect(Array.from(s.purchaseDays)).toEqual([2, 1]);
    expect(summarizeTransactions({ customerId: [1], timestamp: [19970101], amount: [29.33] }, { timestampUnit: "yyyymmdd" }).firstPurchase[0]).toBe(
      852076800000,
    );
  });

  it("matches the summaryToRows example", () => {
    const s = summarizeTransactions([
      { customerId: 7, timestamp: "2024-01-01", amount: 20 },
      { customerId: 7, timestamp: "2024-01-15", amount: 30 },
    ]);
    expect(summaryToRows(s)[0]).toEqual({
      id: "7",
      frequency: 1,
      recency: 2,
      T: 2,
      monetary: 30,
      totalSpend: 50,
      transactionCount: 2,
      firstPurchase: 1704067200000,
      lastPurchase: 1705276800000,
      purchaseDays: 2,
    });
  });
});

describe("summarizeTransactions: time", () => {
  const base: TransactionRow[] = [
    { customerId: "a", timestamp: "2024-01-01", amount: 10 },
    { customerId: "a", timestamp: "2024-01-31", amount: 10 },
    { customerId: "b", timestamp: "2024-01-10", amount: 10 },
  ];

  it("gives identical results for rows and columns, and for Date, ISO string and epoch ms", () => {
    const ref = summarizeTransactions(base);
    const asDate = base.map((r) => ({ ...r, timestamp: new Date(r.timestamp as string) }));
    const asMs = base.map((r) => ({ ...r, timestamp: Date.parse(r.timestamp as string) + 13 * 3600_000 }));
    const asBasic = base.map((r) => ({ ...r, timestamp: (r.timestamp as string).replaceAll("-", "") }));
    const cols = {
      customerId: base.map((r) => r.customerId),
      timestamp: Float64Array.from(base.map((r) => Date.parse(r.timestamp as string))),
      amount: Float64Array.from(base.map((r) => r.amount)),
    };
    for (const s of [summarizeTransactions(asDate), summarizeTransactions(asMs), summarizeTransactions(asBasic), summarizeTransactions(cols)]) {
      expect(summaryToRows(s)).toEqual(summaryToRows(ref));
    }
  });

  it("uses UTC days: offsets move a timestamp to its UTC day; no offset means UTC", () => {
    const s = summarizeTransactions([
      { customerId: "a", timestamp: "2024-01-01T12:00:00Z", amount: 1 },
      // 22:30 at -02:00 is 00:30 UTC on Jan 2: a second purchase day
      { customerId: "a", timestamp: "2024-01-01T22:30:00-02:00", amount: 1 },
      // no offset: read as UTC, so still Jan 2
      { customerId: "a", timestamp: "2024-01-02T23:59:59.999", amount: 1 },
      { customerId: "a", timestamp: "2024-01-03 00:00:00+0100", amount: 1 }, // = Jan 2 23:00 UTC
    ]);
    expect(s.frequency[0]).toBe(1);
    expect(s.lastPurchase[0]).toBe(Date.UTC(2024, 0, 2));
    expect(s.transactionCount[0]).toBe(4);
  });

  it("reports recency and T in day, week and month (365.25 / 12 days)", () => {
    const byUnit = (timeUnit: "day" | "week" | "month") => summarizeTransactions(base, { timeUnit, observationEnd: "2024-03-01" });
    // a: first 2024-01-01, last 2024-01-31 (30 days), end 2024-03-01 (60 days after first)
    expect(byUnit("day").recency[0]).toBe(30);
    expect(byUnit("day").T[0]).toBe(60);
    expect(byUnit("week").recency[0]).toBeCloseTo(30 / 7, 12);
    expect(byUnit("month").recency[0]).toBeCloseTo(30 / 30.4375, 12);
    expect(byUnit("month").T[0]).toBeCloseTo(60 / 30.4375, 12);
    expect(byUnit("week").timeUnit).toBe("week");
  });

  it("defaults observationEnd to the last transaction's day and timeUnit to week", () => {
    const s = summarizeTransactions([
      { customerId: "a", timestamp: "2024-01-01T05:00:00Z", amount: 5 },
      { customerId: "b", timestamp: "2024-01-15T23:00:00Z", amount: 5 },
    ]);
    expect(s.observationEnd).toBe(Date.UTC(2024, 0, 15));
    expect(Array.from(s.T)).toEqual([2, 0]);
    expect(s.timeUnit).toBe("week");
  });

  it("splits calibration and holdout at calibrationEnd (its day is calibration)", () => {
    const s = summarizeTransactions(
      [
        { customerId: "a", timestamp: "2024-01-01", amount: 10 },
        { customerId: "a", timestamp: "2024-01-15", amount: 20 },
        { customerId: "a", timestamp: "2024-01-22", amount: 30 },
        { customerId: "a", timestamp: "2024-02-05", amount: 40 },
        { customerId: "a", timestamp: "2024-02-05", amount: -5 },
        { customerId: "b", timestamp: "2024-01-29", amount: 10 }, // first purchase in holdout
        { customerId: "c", timestamp: "2024-01-08", amount: 10 },
      ],
      { calibrationEnd: "2024-01-15", observationEnd: "2024-02-12" },
    );
    expect(s.id).toEqual(["a", "c"]);
    expect(Array.from(s.frequency)).toEqual([1, 0]);
    expect(Array.from(s.recency)).toEqual([2, 0]);
    expect(Array.from(s.T)).toEqual([2, 1]);
    expect(Array.from(s.totalSpend)).toEqual([30, 10]);
    expect(Array.from(s.holdoutFrequency!)).toEqual([2, 0]);
    expect(Array.from(s.holdoutSpend!)).toEqual([65, 0]);
    expect(s.holdoutDuration).toBe(4);
    expect(s.calibrationEnd).toBe(Date.UTC(2024, 0, 15));
    expect(s.excluded.firstPurchaseAfterCalibration).toEqual(["b"]);
  });

  it('treats 42 and "42" as one customer', () => {
    const s = summarizeTransactions([
      { customerId: 42, timestamp: "2024-01-01", amount: 1 },
      { customerId: "42", timestamp: "2024-01-02", amount: 1 },
      { customerId: "042", timestamp: "2024-01-02", amount: 1 },
    ]);
    expect(s.id).toEqual(["42", "042"]);
    expect(s.frequency[0]).toBe(1);
  });
});

describe("summarizeTransactions: refunds are netted per customer-day", () => {
  it("a day whose refunds bring the net to 0 or below is not a purchase", () => {
    const s = summarizeTransactions(
      [
        { customerId: "a", timestamp: "2024-01-01", amount: 50 },
        { customerId: "a", timestamp: "2024-01-08", amount: 30 },
        { customerId: "a", timestamp: "2024-01-08", amount: -30 }, // full refund the same day
        { customerId: "a", timestamp: "2024-01-15", amount: 10.1 },
        { customerId: "a", timestamp: "2024-01-15", amount: 5.2 },
        { customerId: "a", timestamp: "2024-01-15", amount: -15.3 }, // cancels up to rounding
        { customerId: "a", timestamp: "2024-01-22", amount: 40 },
        { customerId: "a", timestamp: "2024-01-22", amount: -10 }, // partial refund: net 30
        { customerId: "a", timestamp: "2024-01-29", amount: -20 }, // refund on its own day
      ],
      { observationEnd: "2024-01-29" },
    );
    expect(s.frequency[0]).toBe(1); // only Jan 22 repeats
    expect(s.monetary[0]).toBe(30);
    expect(s.recency[0]).toBe(3);
    expect(s.lastPurchase[0]).toBe(Date.UTC(2024, 0, 22));
    expect(s.totalSpend[0]).toBeCloseTo(60, 10); // 50 + 0 + ~0 + 30 - 20
    expect(s.transactionCount[0]).toBe(9);
  });

  it("a refund on a later day does not undo the earlier purchase", () => {
    const s = summarizeTransactions([
      { customerId: "a", timestamp: "2024-01-01", amount: 20 },
      { customerId: "a", timestamp: "2024-01-08", amount: 30 },
      { customerId: "a", timestamp: "2024-01-09", amount: -30 },
    ]);
    expect(s.frequency[0]).toBe(1);
    expect(s.monetary[0]).toBe(30);
    expect(s.totalSpend[0]).toBe(20);
  });

  it("a first day that is fully refunded moves the first purchase to the next positive day", () => {
    const s = summarizeTransactions([
      { customerId: "a", timestamp: "2024-01-01", amount: 20 },
      { customerId: "a", timestamp: "2024-01-01", amount: -25 },
      { customerId: "a", timestamp: "2024-01-08", amount: 30 },
    ]);
    expect(s.firstPurchase[0]).toBe(Date.UTC(2024, 0, 8));
    expect(s.frequency[0]).toBe(0);
    expect(s.totalSpend[0]).toBe(25);
  });

  it("customers with only refunds are listed in excluded.noPurchase, not dropped silently", () => {
    const s = summarizeTransactions([
      { customerId: "a", timestamp: "2024-01-01", amount: 20 },
      { customerId: "r", timestamp: "2024-01-02", amount: -20 },
    ]);
    expect(s.id).toEqual(["a"]);
    expect(s.excluded.noPurchase).toEqual(["r"]);
  });

  it("a day of zero-amount orders without refunds is a purchase (free items; CDNOW has eight $0.00 first purchases)", () => {
    const s = summarizeTransactions([
      { customerId: "a", timestamp: "2024-01-01", amount: 0 },
      { customerId: "a", timestamp: "2024-01-08", amount: 0 },
    ]);
    expect(s.n).toBe(1);
    expect(s.frequency[0]).toBe(1);
    expect(s.monetary[0]).toBe(0);
  });
});

describe("summarizeTransactions: bad input names the row and the fix", () => {
  const ok = { customerId: "a", timestamp: "2024-01-01", amount: 1 };
  it.each([
    // one id rule with core's idKey: "" is not an id, null / undefined / blank are missing values
    ["INVALID_ID", { ...ok, customerId: "" }, ["transactions", 1, "customerId"]],
    ["MISSING_VALUE", { ...ok, customerId: undefined }, ["transactions", 1, "customerId"]],
    ["MISSING_VALUE", { ...ok, customerId: null }, ["transactions", 1, "customerId"]],
    ["MISSING_VALUE", { ...ok, customerId: "  " }, ["transactions", 1, "customerId"]],
    ["INVALID_ID", { ...ok, customerId: NaN }, ["transactions", 1, "customerId"]],
    ["INVALID_ID", { ...ok, customerId: {} }, ["transactions", 1, "customerId"]],
    ["INVALID_TIMESTAMP", { ...ok, timestamp: "01/02/2024" }, ["transactions", 1, "timestamp"]],
    ["INVALID_TIMESTAMP", { ...ok, timestamp: "2024-02-30" }, ["transactions", 1, "timestamp"]],
    ["INVALID_TIMESTAMP", { ...ok, timestamp: "2024-01-01T25:00:00Z" }, ["transactions", 1, "timestamp"]],
    ["INVALID_TIMESTAMP", { ...ok, timestamp: new Date("nope") }, ["transactions", 1, "timestamp"]],
    ["INVALID_TIMESTAMP", { ...ok, timestamp: NaN }, ["transactions", 1, "timestamp"]],
    ["MISSING_VALUE", { ...ok, timestamp: null }, ["transactions", 1, "timestamp"]],
    ["MISSING_VALUE", { ...ok, timestamp: undefined }, ["transactions", 1, "timestamp"]],
    ["MISSING_VALUE", { ...ok, amount: null }, ["transactions", 1, "amount"]],
    ["MISSING_VALUE", { ...ok, amount: undefined }, ["transactions", 1, "amount"]],
    ["NON_FINITE", { ...ok, amount: NaN }, ["transactions", 1, "amount"]],
    ["NON_FINITE", { ...ok, amount: Infinity }, ["transactions", 1, "amount"]],
    ["NON_FINITE", { ...ok, amount: "12" }, ["transactions", 1, "amount"]],
  ])("%s for %o at row 1", (code, row, path) => {
    const err = expectClienteleError(() => summarizeTransactions([ok, row as TransactionRow, ok]), code);
    expect(err.path).toEqual(path);
    expect(err.message).toContain("transactions[1]");
  });

  it("AFTER_OBSERVATION_END names the row (columns form)", () => {
    const err = expectClienteleError(
      () =>
        summarizeTransactions(
          { customerId: ["a", "b", "c"], timestamp: ["2024-01-01", "2024-01-05", "2024-01-02"], amount: [1, 1, 1] },
          { observationEnd: "2024-01-03" },
        ),
      "AFTER_OBSERVATION_END",
    );
    expect(err.path).toEqual(["timestamp", 1]);
    expect(err.message).toContain("row 1");
    expect(err.message).toContain("2024-01-05");
  });

  it("EMPTY_INPUT for no rows or empty columns", () => {
    expectClienteleError(() => summarizeTransactions([]), "EMPTY_INPUT");
    expectClienteleError(() => summarizeTransactions({ customerId: [], timestamp: [], amount: [] }), "EMPTY_INPUT");
  });

  it("MISSING_COLUMN, LENGTH_MISMATCH, INVALID_INPUT (a null row or a number)", () => {
    expectClienteleError(() => summarizeTransactions({ customerId: ["a"], timestamp: [0] } as never), "MISSING_COLUMN");
    expectClienteleError(() => summarizeTransactions({ customerId: ["a"], timestamp: [0, 1], amount: [1] }), "LENGTH_MISMATCH");
    expect(expectClienteleError(() => summarizeTransactions([ok, null as never]), "INVALID_INPUT").path).toEqual(["transactions", 1]);
    expectClienteleError(() => summarizeTransactions(42 as never), "INVALID_INPUT");
  });

  it("INVALID_OPTION for bad options", () => {
    expectClienteleError(() => summarizeTransactions([ok], { timeUnit: "year" as never }), "INVALID_OPTION");
    expectClienteleError(() => summarizeTransactions([ok], { observationEnd: "soon" }), "INVALID_OPTION");
    expect(expectClienteleError(() => summarizeTransactions([ok], { calibrationEnd: "2024-02-01", observationEnd: "2024-01-01" }), "INVALID_OPTION").code).toBe(
      "INVALID_OPTION",
    );
    // default observation end (2024-01-01) is not after the calibration end
    expectClienteleError(() => summarizeTransactions([ok], { calibrationEnd: "2024-01-01" }), "INVALID_OPTION");
    expectClienteleError(() => summarizeTransactions([ok], { observationend: 1 } as never), "INVALID_OPTION");
  });

  it("never mutates its input (frozen rows and columns)", () => {
    const rows = Object.freeze([Object.freeze({ ...ok }), Object.freeze({ ...ok, timestamp: "2023-12-01" })]);
    expect(summarizeTransactions(rows).n).toBe(1);
    const cols = Object.freeze({
      customerId: Object.freeze(["a", "a"]),
      timestamp: Object.freeze(["2024-01-02", "2024-01-01"]),
      amount: Object.freeze([1, 2]),
    });
    expect(summarizeTransactions(cols).frequency[0]).toBe(1);
    expect(cols.timestamp).toEqual(["2024-01-02", "2024-01-01"]);
  });
});

describe("summarizeTransactions: property tests against a naive reference", () => {
  it("matches the reference for random logs in any order, with and without calibration", () => {
    fc.assert(
      fc.property(txArb, fc.integer({ min: 19_000, max: 19_045 }), fc.boolean(), fc.constantFrom("day", "week", "month"), (tx, cal, useCal, unit) => {
        const maxDay = Math.max(...tx.map((t) => t.day));
        const obsDay = maxDay + 3;
        const calDay = useCal && cal < obsDay ? cal : undefined;
        const unitDays = unit === "day" ? 1 : unit === "week" ? 7 : 365.25 / 12;
        const ref = referenceSummary(
          tx.map((t): RefTx => ({ customerId: t.customerId, day: t.day, amount: t.amount })),
          { obsDay, calDay, unitDays },
        );
        const s = summarizeTransactions(
          {
            customerId: tx.map((t) => t.customerId),
            timestamp: tx.map((t) => t.day * DAY + t.ms),
            amount: tx.map((t) => t.amount),
          },
          { observationEnd: obsDay * DAY, calibrationEnd: calDay === undefined ? undefined : calDay * DAY, timeUnit: unit },
        );
        expect(sortedRows(s)).toEqual(ref.rows.sort((a, b) => (a.id < b.id ? -1 : 1)));
        expect([...s.excluded.noPurchase].sort()).toEqual(ref.noPurchase.sort());
        expect([...s.excluded.firstPurchaseAfterCalibration].sort()).toEqual(ref.afterCal.sort());
        // frequency <= distinct days - 1, recency <= T, RFM recency T - recency >= 0
        for (let i = 0; i < s.n; i++) {
          expect(s.recency[i]).toBeLessThanOrEqual(s.T[i]);
          expect(s.frequency[i]).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("numeric ids (dense lookup path) give the same summary as their string form", () => {
    fc.assert(
      fc.property(txArb, fc.integer({ min: -5, max: 1e9 }), (tx, offset) => {
        const num = (id: string) => offset + id.charCodeAt(0);
        const asNumbers = {
          customerId: Float64Array.from(tx, (t) => num(t.customerId)),
          timestamp: tx.map((t) => t.day * DAY + t.ms),
          amount: tx.map((t) => t.amount),
        };
        const asStrings = { ...asNumbers, customerId: tx.map((t) => String(num(t.customerId))) };
        expect(summaryToRows(summarizeTransactions(asNumbers))).toEqual(summaryToRows(summarizeTransactions(asStrings)));
      }),
      { numRuns: 100 },
    );
  });

  it("time-sorted and shuffled input give the same summary (one-pass and fallback paths agree)", () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const sorted = [...tx].sort((x, y) => x.day * DAY + x.ms - (y.day * DAY + y.ms));
        const toRows = (list: typeof tx) => list.map((t) => ({ customerId: t.customerId, timestamp: t.day * DAY + t.ms, amount: t.amount }));
        expect(sortedRows(summarizeTransactions(toRows(tx)))).toEqual(sortedRows(summarizeTransactions(toRows(sorted))));
      }),
      { numRuns: 200 },
    );
  });
});

describe("summarizeTransactions: string id table", () => {
  // Deterministic log: nCust customers, 3 rows each, interleaved so ids rarely repeat
  // on consecutive rows; each row builds its id string afresh (as a parser would).
  function log(nCust: number, idOf: (k: number) => string | number) {
    const n = 3 * nCust;
    const customerId: (string | number)[] = new Array(n);
    const timestamp = new Float64Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = (i * 7919) % nCust; // 7919 is prime, so every customer gets 3 rows
      customerId[i] = idOf(k);
      timestamp[i] = (19_000 + Math.floor(i / nCust) * 5 + (k % 3)) * DAY;
      amount[i] = 10 + (i % 17) - (i % 11 === 0 ? 30 : 0);
    }
    return { customerId, timestamp, amount };
  }

  it.each([
    ["short ids (packed table)", (k: number) => "cust-" + k],
    ["long ids (string table)", (k: number) => "customer-account-" + k],
    ["ids beyond U+00FF (string table)", (k: number) => "客户" + k],
    ["short and long ids mixed", (k: number) => (k % 3 === 0 ? "c" + k : "customer-account-" + k)],
  ])("gives the same summary as the numeric-id path with 50,000 distinct %s (table growth)", (_name, name) => {
    const strings = summarizeTransactions(log(50_000, name));
    const numbers = summarizeTransactions(log(50_000, (k) => k));
    expect(strings.n).toBe(numbers.n);
    expect(strings.id).toEqual(numbers.id.map((k) => name(Number(k))));
    expect(Array.from(strings.frequency)).toEqual(Array.from(numbers.frequency));
    expect(Array.from(strings.totalSpend)).toEqual(Array.from(numbers.totalSpend));
    expect(Array.from(strings.T)).toEqual(Array.from(numbers.T));
    expect(strings.excluded).toEqual({
      noPurchase: numbers.excluded.noPurchase.map((k) => name(Number(k))),
      firstPurchaseAfterCalibration: [],
    });
  });

  it("ids that collide in the table's hash (same length, first, middle and last 8 chars) fall back and still match the reference", () => {
    // length 20: the hash reads chars 0, 10 and 12..19; these ids differ only in chars 1..9
    const idOf = (k: number) => "A" + String(k).padStart(9, "0") + "M" + "-" + "tail1234";
    const cols = log(300, idOf);
    const ref = referenceSummary(
      Array.from(cols.customerId, (id, i): RefTx => ({ customerId: String(id), day: cols.timestamp[i] / DAY, amount: cols.amount[i] })),
      { unitDays: 7 },
    );
    const s = summarizeTransactions(cols);
    expect(s.n).toBe(ref.rows.length);
    expect(sortedRows(s)).toEqual(ref.rows.sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('a number after many string ids falls back to the general path ("42" and 42 stay one customer)', () => {
    const cols = log(1000, (k) => String(k));
    cols.customerId[cols.customerId.length - 1] = Number(cols.customerId[cols.customerId.length - 1]);
    const all = summarizeTransactions(log(1000, (k) => String(k)));
    expect(summaryToRows(summarizeTransactions(cols))).toEqual(summaryToRows(all));
  });

  it("a blank id among string ids is MISSING_VALUE at its row", () => {
    const cols = log(1000, (k) => "c" + k);
    cols.customerId[2500] = " ";
    const err = expectClienteleError(() => summarizeTransactions(cols), "MISSING_VALUE");
    expect(err.path).toEqual(["customerId", 2500]);
  });
});

describe("CDNOW: reproduces the published calibration summary", () => {
  it.skipIf(!exists)("cdnow_customers_summary.csv: frequency exactly, recency and T to the file's rounding", () => {
    const log = readLog();
    expect(log.customerId.length).toBe(6919); // README: 6,919 rows
    // Whole log with calibration end 1997-09-30 and observation end 1998-06-30 ...
    const s = summarizeTransactions(log, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" });
    // ... and the calibration rows only, observed to 1997-09-30: the same calibration summary.
    const keep = log.timestamp.map((t) => t <= "19970930");
    const calOnly = summarizeTransactions(
      {
        customerId: log.customerId.filter((_, i) => keep[i]),
        timestamp: log.timestamp.filter((_, i) => keep[i]),
        amount: log.amount.filter((_, i) => keep[i]),
      },
      { observationEnd: "1997-09-30", timeUnit: "week" },
    );
    const ref = readCsv("cdnow_customers_summary.csv"); // ID,frequency,recency,T
    expect(ref.length).toBe(2357);
    for (const summary of [s, calOnly]) {
      expect(summary.n).toBe(2357);
      expect(summary.excluded.noPurchase).toEqual([]);
      const byId = new Map(summaryToRows(summary).map((r) => [Number(r.id), r]));
      let maxRecency = 0;
      let maxT = 0;
      let freqMismatches = 0;
      for (const [id, frequency, recency, T] of ref) {
        const row = byId.get(id)!;
        if (row.frequency !== frequency) freqMismatches++;
        maxRecency = Math.max(maxRecency, Math.abs(row.recency - recency));
        maxT = Math.max(maxT, Math.abs(row.T - T));
      }
      expect(freqMismatches).toBe(0);
      // the file rounds to 2 decimals: |ours - file| <= 0.005 (+ float slack)
      expect(maxRecency).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(maxT).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // Published worked example (Fader, Hardie & Lee 2005): customer 1 has x = 2, t_x = 30.43, T = 38.86
    const c1 = summaryToRows(s).find((r) => Number(r.id) === 1)!;
    expect(c1.frequency).toBe(2);
    // exact from CDNOW_sample.txt: purchase days 1997-01-01, 01-18, 08-02 (213 days after the first)
    // and calibration end 1997-09-30 (272 days after it); the published 30.43 and 38.86 are these rounded
    expect(c1.recency).toBeCloseTo(213 / 7, 12);
    expect(c1.T).toBeCloseTo(272 / 7, 12);
    // calibration = 39 weeks, holdout = 39 weeks (README)
    expect(s.holdoutDuration).toBe(39);
    // 946 repeat customers in calibration (the Gamma-Gamma sample of Fader, Hardie & Lee 2005, JMR)
    expect(Array.from(s.frequency).filter((x) => x > 0).length).toBe(946);
  });

  it.skipIf(!exists)("cdnow_customers_summary_with_transactions.csv: monetary equals zbar (mean repeat-purchase value)", () => {
    const s = summarizeTransactions(readLog(), { calibrationEnd: "1997-09-30", timeUnit: "week" });
    const byId = new Map(summaryToRows(s).map((r) => [Number(r.id), r]));
    const ref = readCsv("cdnow_customers_summary_with_transactions.csv"); // ID,x,t_x,T,zbar
    let maxDiff = 0;
    for (const [id, x, , , zbar] of ref) {
      const row = byId.get(id)!;
      expect(row.frequency).toBe(x);
      maxDiff = Math.max(maxDiff, Math.abs(row.monetary - zbar));
    }
    // zbar is rounded to cents
    expect(maxDiff).toBeLessThanOrEqual(0.005 + 1e-9);
    // default observation end = last transaction's day, 1998-06-30
    expect(s.observationEnd).toBe(Date.UTC(1998, 5, 30));
  });
});

describe("issue 10 case 1: numbers that are not plausible epoch milliseconds", () => {
  it("Number('19970101') is INVALID_TIMESTAMP naming timestampUnit 'yyyymmdd' (was: read as 1970-01-01)", () => {
    const tx = { customerId: [1, 1], timestamp: [19970101, 19970215], amount: [10, 20] };
    const e = expectClienteleError(() => summarizeTransactions(tx), "INVALID_TIMESTAMP");
    expect(e.path).toEqual(["timestamp", 0]);
    expect(e.message).toMatch(/YYYYMMDD/);
    expect(e.message).toMatch(/timestampUnit: "yyyymmdd"/);
    const s = summarizeTransactions(tx, { timestampUnit: "yyyymmdd" });
    expect(s.firstPurchase[0]).toBe(Date.UTC(1997, 0, 1));
    expect(s.lastPurchase[0]).toBe(Date.UTC(1997, 1, 15));
    expect(s.recency[0]).toBeCloseTo(45 / 7, 12);
  });

  it("epoch seconds are INVALID_TIMESTAMP naming timestampUnit 's' (was: January 1970)", () => {
    const t0 = Date.UTC(2024, 0, 1) / 1000;
    const tx = [
      { customerId: "a", timestamp: t0, amount: 10 },
      { customerId: "a", timestamp: t0 + 14 * 86_400, amount: 10 },
    ];
    const e = expectClienteleError(() => summarizeTransactions(tx), "INVALID_TIMESTAMP");
    expect(e.message).toMatch(/epoch seconds/);
    expect(e.message).toMatch(/timestampUnit: "s"/);
    const s = summarizeTransactions(tx, { timestampUnit: "s" });
    expect(s.firstPurchase[0]).toBe(Date.UTC(2024, 0, 1));
    expect(s.recency[0]).toBe(2);
  });

  it("epoch microseconds and a 0 filled into a hole are rejected too; plausible ms are unchanged", () => {
    const us = Date.UTC(2024, 0, 1) * 1000;
    expect(expectClienteleError(() => summarizeTransactions([{ customerId: "a", timestamp: us, amount: 1 }]), "INVALID_TIMESTAMP").message).toMatch(
      /microseconds/,
    );
    const e = expectClienteleError(
      () => summarizeTransactions({ customerId: ["a", "a"], timestamp: [Date.UTC(2024, 0, 1), 0], amount: [1, 1] }),
      "INVALID_TIMESTAMP",
    );
    expect(e.path).toEqual(["timestamp", 1]);
    expect(summarizeTransactions([{ customerId: "a", timestamp: Date.UTC(2024, 0, 1), amount: 1 }]).firstPurchase[0]).toBe(Date.UTC(2024, 0, 1));
  });
});

describe("issue 10 case 2: a missing timestamp, amount or id is MISSING_VALUE with the row (was: 1970-01-01)", () => {
  it("an undefined timestamp (a hole from a left join) no longer moves the first purchase back 54 years", () => {
    const e = expectClienteleError(
      () => summarizeTransactions({ customerId: ["a", "a", "b"], timestamp: [undefined, "2024-01-05", "2024-01-06"], amount: [10, 20, 5] } as never),
      "MISSING_VALUE",
    );
    expect(e.path).toEqual(["timestamp", 0]);
    expect(e.message).toMatch(/row 0/);
    // a sparse column (one hole)
    const ts: (string | undefined)[] = ["2024-01-01", "2024-01-02", "2024-01-03"];
    delete ts[1];
    expect(
      expectClienteleError(() => summarizeTransactions({ customerId: ["a", "a", "a"], timestamp: ts, amount: [1, 1, 1] } as never), "MISSING_VALUE").path,
    ).toEqual(["timestamp", 1]);
    // rows: undefined and null
    const rows = [
      { customerId: "a", timestamp: "2024-01-01", amount: 1 },
      { customerId: "a", timestamp: undefined, amount: 1 },
    ];
    expectClienteleError(() => summarizeTransactions(rows as never), "MISSING_VALUE");
    expect(expectClienteleError(() => summarizePartial(rows as never), "MISSING_VALUE").path).toEqual(["transactions", 1, "timestamp"]);
  });

  it("null amounts and ids are MISSING_VALUE", () => {
    expectClienteleError(() => summarizeTransactions({ customerId: ["a"], timestamp: ["2024-01-01"], amount: [null] } as never), "MISSING_VALUE");
    expectClienteleError(() => summarizeTransactions({ customerId: [null], timestamp: ["2024-01-01"], amount: [1] } as never), "MISSING_VALUE");
    expect(
      expectClienteleError(
        () => summarizeTransactions({ customerId: [1, null], timestamp: ["2024-01-01", "2024-01-01"], amount: [1, 1] } as never),
        "MISSING_VALUE",
      ).path,
    ).toEqual(["customerId", 1]);
  });
});

describe("issue 10 case 3: near-miss field names and unknown options", () => {
  it("customer_id instead of customerId is MISSING_COLUMN naming the expected field (was: MISSING_ID or a silent default)", () => {
    const e = expectClienteleError(() => summarizeTransactions([{ customer_id: "a", timestamp: "2024-01-01", amount: 1 }] as never), "MISSING_COLUMN");
    expect(e.path).toEqual(["transactions", 0, "customerId"]);
    expect(e.message).toMatch(/"customer_id"/);
    expect(e.message).toMatch(/"customerId"/);
    expect(expectClienteleError(() => summarizeTransactions([{ customerId: "a", date: "2024-01-01", amount: 1 }] as never), "MISSING_COLUMN").path).toEqual([
      "transactions",
      0,
      "timestamp",
    ]);
    expect(
      expectClienteleError(() => summarizeTransactions([{ customerId: "a", timestamp: "2024-01-01", value: 1 }] as never), "MISSING_COLUMN").message,
    ).toMatch(/"value"/);
    expectClienteleError(() => summarizeTransactions({ customer_id: ["a"], timestamp: ["2024-01-01"], amount: [1] } as never), "MISSING_COLUMN");
    expectClienteleError(() => summarizePartial([{ customerID: "a", timestamp: "2024-01-01", amount: 1 }] as never), "MISSING_COLUMN");
  });
});

describe("issue 10 case 4: no TypeError or RangeError escapes a data export", () => {
  it("summaryToRows(null) and malformed summaries are ClienteleError", () => {
    expectClienteleError(() => summaryToRows(null as never), "INVALID_INPUT");
    expectClienteleError(() => summaryToRows({ n: 3, id: [] } as never), "LENGTH_MISMATCH");
    expectClienteleError(() => summaryToRows({ n: 1, id: ["a"] } as never), "MISSING_COLUMN");
    const s = summarizeTransactions([{ customerId: "a", timestamp: "2024-01-01", amount: 1 }]);
    expectClienteleError(() => summaryToRows({ ...s, n: 2 }), "LENGTH_MISMATCH");
    expectClienteleError(() => summaryToRows({ ...s, n: -1 }), "INVALID_INPUT");
  });
});

describe("issue 10 case 8: columnar results serialize as JSON arrays and have a row view", () => {
  it('JSON.stringify(summary) writes arrays, not {"0": ...} (was: typed arrays became objects)', () => {
    const s = summarizeTransactions([
      { customerId: 7, timestamp: "2024-01-01", amount: 20 },
      { customerId: "7", timestamp: "2024-01-15", amount: 30 },
    ]);
    const json = JSON.parse(JSON.stringify(s));
    expect(json.frequency).toEqual([1]);
    expect(json.purchaseDays).toEqual([2]);
    expect(json.id).toEqual(["7"]);
    const f = JSON.parse(JSON.stringify(finalizeSummary(summarizePartial([{ customerId: 7, timestamp: "2024-01-01", amount: 20 }]))));
    expect(f.totalSpend).toEqual([20]);
    expect(summaryToRows(s)[0].purchaseDays).toBe(2);
    expect(Object.keys(s)).not.toContain("toJSON");
  });
});

describe("issue 10 case 11: summarizeTransactionsAsync", () => {
  it("gives the identical summary, sorted and shuffled input", async () => {
    const sim = simulateCustomers({ n: 3000, seed: 4 });
    const opts = { observationEnd: sim.observationEnd, calibrationEnd: sim.start + 40 * 7 * DAY, timeUnit: "week" as const };
    const sync = summarizeTransactions(sim.transactions, opts);
    const asyncS = await summarizeTransactionsAsync(sim.transactions, opts);
    expect(summaryToRows(asyncS)).toEqual(summaryToRows(sync));
    const rev = {
      customerId: [...sim.transactions.customerId].reverse(),
      timestamp: Float64Array.from(sim.transactions.timestamp).reverse(),
      amount: Float64Array.from(sim.transactions.amount).reverse(),
    };
    expect(summaryToRows(await summarizeTransactionsAsync(rev, opts))).toEqual(summaryToRows(summarizeTransactions(rev, opts)));
    await expect(summarizeTransactionsAsync(rev, { signal: 5 } as never)).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(summarizeTransactionsAsync(null as never)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("AbortSignal.timeout(50) stops a summary of 6M rows within a small multiple of the timeout", async () => {
    const n = 6_000_000;
    const customerId = new Float64Array(n);
    const timestamp = new Float64Array(n);
    const amount = new Float64Array(n);
    const t0 = Date.UTC(2023, 0, 1);
    for (let i = 0; i < n; i++) {
      customerId[i] = (i * 7919) % 500_000;
      timestamp[i] = t0 + Math.floor(i / 10) * 1000;
      amount[i] = 1 + (i % 13);
    }
    const cols = { customerId, timestamp, amount };
    await expect(summarizeTransactionsAsync(cols, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ code: "ABORTED" });
  }, 20_000);
});

describe("issue 10 case 1 on CDNOW: the date column parsed as numbers", () => {
  it.skipIf(!hasCdnow)("timestampUnit 'yyyymmdd' gives the same summary as the ISO strings; the default rejects it", () => {
    const lines = CDNOW.read().trim().split("\n");
    const customerId = lines.map((l) => Number(l.trim().split(/\s+/)[1]));
    const dates = lines.map((l) => l.trim().split(/\s+/)[2]);
    const amount = lines.map((l) => Number(l.trim().split(/\s+/)[4]));
    const opts = { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" as const };
    const fromStrings = summarizeTransactions({ customerId, timestamp: dates, amount }, opts);
    const numbers = dates.map(Number);
    expectClienteleError(() => summarizeTransactions({ customerId, timestamp: numbers, amount }, opts), "INVALID_TIMESTAMP");
    const fromNumbers = summarizeTransactions({ customerId, timestamp: numbers, amount }, { ...opts, timestampUnit: "yyyymmdd" });
    expect(summaryToRows(fromNumbers)).toEqual(summaryToRows(fromStrings));
    expect(Array.from(fromNumbers.frequency).filter((x) => x > 0).length).toBe(946);
  });
});

describe("TSDoc example of summarizeTransactionsAsync", () => {
  it("gives frequency 1", async () => {
    const s = await summarizeTransactionsAsync(
      { customerId: ["a", "a"], timestamp: ["2024-01-01", "2024-01-15"], amount: [20, 30] },
      { signal: AbortSignal.timeout(10_000) },
    );
    expect(s.frequency[0]).toBe(1);
  });
});
