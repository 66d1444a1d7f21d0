
import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import { ClienteleError } from "../../src/core/errors.js";
import {
  finalizeSummary,
  mergePartials,
  partialSummaryFromJSON,
  simulateCustomers,
  summarizePartial,
  summarizeTransactions,
  summarizeTransactionsAsync,
  summaryToRows,
} from "../../src/data/index.js";

const DAY = 86_400_000;

function caught(f: () => unknown): ClienteleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClienteleError);
    return e as ClienteleError;
  }
  throw new Error("expected a ClienteleError");
}

describe("issue 10 case 1: numbers that are not plausible epoch milliseconds", () => {
  it("Number('19970101') is INVALID_TIMESTAMP naming timestampUnit 'yyyymmdd' (was: read as 1970-01-01)", () => {
    const tx = { customerId: [1, 1], timestamp: [19970101, 19970215], amount: [10, 20] };
    const e = caught(() => summarizeTransactions(tx));
    expect(e.code).toBe("INVALID_TIMESTAMP");
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
    const e = caught(() => summarizeTransactions(tx));
    expect(e.code).toBe("INVALID_TIMESTAMP");
    expect(e.message).toMatch(/epoch seconds/);
    expect(e.message).toMatch(/timestampUnit: "s"/);
    const s = summarizeTransactions(tx, { timestampUnit: "s" });
    expect(s.firstPurchase[0]).toBe(Date.UTC(2024, 0, 1));
    expect(s.recency[0]).toBe(2);
  });

  it("epoch microseconds and a 0 filled into a hole are rejected too; plausible ms are unchanged", () => {
    const us = Date.UTC(2024, 0, 1) * 1000;
    expect(caught(() => summarizeTransactions([{ customerId: "a", timestamp: us, amount: 1 }])).message).toMatch(/microseconds/);
    const e = caught(() =>
      summarizeTransactions({ customerId: ["a", "a"], timestamp: [Date.UTC(2024, 0, 1), 0], amount: [1, 1] }),
    );
    expect(e.code).toBe("INVALID_TIMESTAMP");
    expect(e.path).toEqual(["timestamp", 1]);
    expect(summarizeTransactions([{ customerId: "a", timestamp: Date.UTC(2024, 0, 1), amount: 1 }]).firstPurchase[0]).toBe(Date.UTC(2024, 0, 1));
  });

  it("applies to observationEnd / calibrationEnd, partial summaries and simulateCustomers' start", () => {
    const tx = { customerId: ["a", "a"], timestamp: ["1997-01-01", "1997-03-01"], amount: [1, 1] };
    expect(caught(() => summarizeTransactions(tx, { observationEnd: 19970930 })).code).toBe("INVALID_OPTION");
    const s = summarizeTransactions(tx, { observationEnd: 19970930, calibrationEnd: 19970201, timestampUnit: "yyyymmdd" });
    expect(s.observationEnd).toBe(Date.UTC(1997, 8, 30));
    expect(s.calibrationEnd).toBe(Date.UTC(1997, 1, 1));
    expect(caught(() => summarizePartial({ customerId: [1], timestamp: [19970101], amount: [1] })).code).toBe("INVALID_TIMESTAMP");
    const p = summarizePartial({ customerId: [1], timestamp: [19970101], amount: [1] }, { timestampUnit: "yyyymmdd" });
    expect(finalizeSummary(p, { observationEnd: 19970108, timestampUnit: "yyyymmdd" }).T[0]).toBe(1);
    expect(caught(() => finalizeSummary(p, { observationEnd: 852768000 })).code).toBe("INVALID_OPTION"); // seconds
    expect(caught(() => simulateCustomers({ n: 2, start: 19970101 })).code).toBe("INVALID_OPTION");
    expect(caught(() => summarizeTransactions(tx, { timestampUnit: "days" as never })).code).toBe("INVALID_OPTION");
    // invalid YYYYMMDD dates
    expect(caught(() => summarizeTransactions({ customerId: [1], timestamp: [19970230], amount: [1] }, { timestampUnit: "yyyymmdd" })).code).toBe(
      "INVALID_TIMESTAMP",
    );
  });
});

describe("issue 10 case 2: a missing timestamp, amount or id is MISSING_VALUE with the row (was: 1970-01-01)", () => {
  it("an undefined timestamp (a hole from a left join) no longer moves the first purchase back 54 years", () => {
    const e = caught(() =>
      summarizeTransactions({ customerId: ["a", "a", "b"], timestamp: [undefined, "2024-01-05", "2024-01-06"], amount: [10, 20, 5] } as never),
    );
    expect(e.code).toBe("MISSING_VALUE");
    expect(e.path).toEqual(["timestamp", 0]);
    expect(e.message).toMatch(/row 0/);
    // a sparse column (one hole)
    const ts: (string | undefined)[] = ["2024-01-01", "2024-01-02", "2024-01-03"];
    delete ts[1];
    expect(caught(() => summarizeTransactions({ customerId: ["a", "a", "a"], timestamp: ts, amount: [1, 1, 1] } as never)).path).toEqual(["timestamp", 1]);
    // rows: undefined and null
    const rows = [
      { customerId: "a", timestamp: "2024-01-01", amount: 1 },
      { customerId: "a", timestamp: undefined, amount: 1 },
    ];
    expect(caught(() => summarizeTransactions(rows as never)).code).toBe("MISSING_VALUE");
    expect(caught(() => summarizePartial(rows as never)).path).toEqual(["transactions", 1, "timestamp"]);
  });

  it("null amounts and ids are MISSING_VALUE", () => {
    expect(caught(() => summarizeTransactions({ customerId: ["a"], timestamp: ["2024-01-01"], amount: [null] } as never)).code).toBe("MISSING_VALUE");
    expect(caught(() => summarizeTransactions({ customerId: [null], timestamp: ["2024-01-01"], amount: [1] } as never)).code).toBe("MISSING_VALUE");
    expect(caught(() => summarizeTransactions({ customerId: [1, null], timestamp: ["2024-01-01", "2024-01-01"], amount: [1, 1] } as never)).path).toEqual([
      "customerId",
      1,
    ]);
  });
});

describe("issue 10 case 3: near-miss field names and unknown options", () => {
  it("customer_id instead of customerId is MISSING_COLUMN naming the expected field (was: MISSING_ID or a silent default)", () => {
    const e = caught(() => summarizeTransactions([{ customer_id: "a", timestamp: "2024-01-01", amount: 1 }] as never));
    expect(e.code).toBe("MISSING_COLUMN");
    expect(e.path).toEqual(["transactions", 0, "customerId"]);
    expect(e.message).toMatch(/"customer_id"/);
    expect(e.message).toMatch(/"customerId"/);
    expect(caught(() => summarizeTransactions([{ customerId: "a", date: "2024-01-01", amount: 1 }] as never)).path).toEqual(["transactions", 0, "timestamp"]);
    expect(caught(() => summarizeTransactions([{ customerId: "a", timestamp: "2024-01-01", value: 1 }] as never)).message).toMatch(/"value"/);
    expect(caught(() => summarizeTransactions({ customer_id: ["a"], timestamp: ["2024-01-01"], amount: [1] } as never)).code).toBe("MISSING_COLUMN");
    expect(caught(() => summarizePartial([{ customerID: "a", timestamp: "2024-01-01", amount: 1 }] as never)).code).toBe("MISSING_COLUMN");
  });

  it("every data function with options rejects unknown keys with the nearest name", () => {
    const tx = [{ customerId: "a", timestamp: "2024-01-01", amount: 1 }];
    const p = summarizePartial(tx);
    const cases: [string, () => unknown][] = [
      ["summarizeTransactions", () => summarizeTransactions(tx, { time_unit: "day" } as never)],
      ["summarizePartial", () => summarizePartial(tx, { timestamp_unit: "s" } as never)],
      ["finalizeSummary", () => finalizeSummary(p, { observationend: 1 } as never)],
      ["simulateCustomers", () => simulateCustomers({ n: 2, sed: 1 } as never)],
    ];
    for (const [fn, f] of cases) {
      const e = caught(f);
      expect(e.code, fn).toBe("INVALID_OPTION");
      expect(e.path[0]).toBe("options");
      expect(e.message).toMatch(new RegExp(`^${fn}: unknown option`));
      expect(e.message).toMatch(/did you mean/);
    }
    expect(caught(() => simulateCustomers({ n: 2, rng: 5 } as never)).code).toBe("INVALID_OPTION");
    expect(caught(() => summarizeTransactions(tx, null as never)).code).toBe("INVALID_OPTION");
  });
});

describe("issue 10 case 4: no TypeError or RangeError escapes a data export", () => {
  it("summaryToRows(null) and malformed summaries are ClienteleError", () => {
    expect(caught(() => summaryToRows(null as never)).code).toBe("INVALID_INPUT");
    expect(caught(() => summaryToRows({ n: 3, id: [] } as never)).code).toBe("LENGTH_MISMATCH");
    expect(caught(() => summaryToRows({ n: 1, id: ["a"] } as never)).code).toBe("MISSING_COLUMN");
    const s = summarizeTransactions([{ customerId: "a", timestamp: "2024-01-01", amount: 1 }]);
    expect(caught(() => summaryToRows({ ...s, n: 2 })).code).toBe("LENGTH_MISMATCH");
    expect(caught(() => summaryToRows({ ...s, n: -1 })).code).toBe("INVALID_INPUT");
  });
});

describe("issue 10 case 8: columnar results serialize as JSON arrays and have a row view", () => {
  it("JSON.stringify(summary) writes arrays, not {\"0\": ...} (was: typed arrays became objects)", () => {
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

describe("issue 10 case 9: kind tags in kebab-case; old tags still load", () => {
  it("partials are tagged transaction-partial and old transactionPartial partials load with the new tag", () => {
    const p = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 20 }]);
    expect(p.kind).toBe("transaction-partial");
    const old = { ...JSON.parse(JSON.stringify(p)), kind: "transactionPartial" };
    const frozen = Object.freeze(old);
    expect(partialSummaryFromJSON(frozen).kind).toBe("transaction-partial");
    expect(frozen.kind).toBe("transactionPartial");
    expect(mergePartials(frozen, p).kind).toBe("transaction-partial");
    expect(finalizeSummary(frozen).n).toBe(1);
    // tampered: __proto__ key in JSON does not pollute Object.prototype
    const evil = JSON.parse(`{"kind":"transaction-partial","version":1,"ids":["a"],"offsets":[0,1],"days":[19000],"net":[1],"gross":[1],"rows":[1],"__proto__":{"polluted":1}}`);
    // ... and is rejected: a saved partial has no such key (contract 5)
    expect(() => partialSummaryFromJSON(evil)).toThrow(expect.objectContaining({ code: "INVALID_MODEL", path: ["partial", "__proto__"] }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // other unknown keys are rejected too (they were carried into the result; a BigInt one broke JSON.stringify)
    expect(() => partialSummaryFromJSON({ ...JSON.parse(JSON.stringify(p)), hasOwnProperty: 10n })).toThrow(
      expect.objectContaining({ code: "INVALID_MODEL", path: ["partial", "hasOwnProperty"] }),
    );
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
    const start = performance.now();
    await expect(summarizeTransactionsAsync(cols, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ code: "ABORTED" });
    const took = performance.now() - start;
    expect(took).toBeLessThan(400);
  }, 20_000);
});

const CDNOW = referenceData("cdnow/CDNOW_sample.txt", "the CDNOW timestampUnit test");
const hasCdnow = CDNOW.available;

describe("issue 10 case 1 on CDNOW: the date column parsed as numbers", () => {
  it.skipIf(!hasCdnow)("timestampUnit 'yyyymmdd' gives the same summary as the ISO strings; the default rejects it", () => {
    const lines = CDNOW.read().trim().split("\n");
    const customerId = lines.map((l) => Number(l.trim().split(/\s+/)[1]));
    const dates = lines.map((l) => l.trim().split(/\s+/)[2]);
    const amount = lines.map((l) => Number(l.trim().split(/\s+/)[4]));
    const opts = { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" as const };
    const fromStrings = summarizeTransactions({ customerId, timestamp: dates, amount }, opts);
    const numbers = dates.map(Number);
    const e = caught(() => summarizeTransactions({ customerId, timestamp: numbers, amount }, opts));
    expect(e.code).toBe("INVALID_TIMESTAMP");
    const fromNumbers = summarizeTransactions({ customerId, timestamp: numbers, amount }, { ...opts, timestampUnit: "yyyymmdd" });
    expect(summaryToRows(fromNumbers)).toEqual(summaryToRows(fromStrings));
    expect(Array.from(fromNumbers.frequency).filter((x) => x > 0).length).toBe(946);
  });
});

describe("contract: simulateCustomers fails fast on logs that cannot fit in memory", () => {
  it("TOO_LARGE from the options, before allocating", () => {
    const seg = { name: "x", weight: 1, r: 1e6, alpha: 1e-3, a: 1, b: 1e6, p: 1, q: 2, gamma: 1 };
    const e = caught(() => simulateCustomers({ n: 1000, seed: 1, segments: [seg] }));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/fewer customers or weeks/);
  });
});

describe("contract: no Infinity in a summary", () => {
  it("finite amounts whose sum overflows are OUT_OF_RANGE, not Infinity (null in JSON)", () => {
    const tx = { customerId: ["a", "a"], timestamp: ["2024-01-01", "2024-01-02"], amount: [1e308, 1e308] };
    expect(caught(() => summarizeTransactions(tx)).code).toBe("OUT_OF_RANGE");
    expect(caught(() => finalizeSummary(summarizePartial(tx))).message).toMatch(/^finalizeSummary:/);
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
