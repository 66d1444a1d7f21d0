import { describe, expect, it } from "vitest";
import { finalizeSummary, simulateCustomers, summarizePartial, summarizeTransactions } from "../../src/data/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("issue 10 case 1: numbers that are not plausible epoch milliseconds", () => {
  it("applies to observationEnd / calibrationEnd, partial summaries and simulateCustomers' start", () => {
    const tx = { customerId: ["a", "a"], timestamp: ["1997-01-01", "1997-03-01"], amount: [1, 1] };
    expectClienteleError(() => summarizeTransactions(tx, { observationEnd: 19970930 }), "INVALID_OPTION");
    const s = summarizeTransactions(tx, { observationEnd: 19970930, calibrationEnd: 19970201, timestampUnit: "yyyymmdd" });
    expect(s.observationEnd).toBe(Date.UTC(1997, 8, 30));
    expect(s.calibrationEnd).toBe(Date.UTC(1997, 1, 1));
    expectClienteleError(() => summarizePartial({ customerId: [1], timestamp: [19970101], amount: [1] }), "INVALID_TIMESTAMP");
    const p = summarizePartial({ customerId: [1], timestamp: [19970101], amount: [1] }, { timestampUnit: "yyyymmdd" });
    expect(finalizeSummary(p, { observationEnd: 19970108, timestampUnit: "yyyymmdd" }).T[0]).toBe(1);
    expectClienteleError(() => finalizeSummary(p, { observationEnd: 852768000 }), "INVALID_OPTION"); // seconds
    expectClienteleError(() => simulateCustomers({ n: 2, start: 19970101 }), "INVALID_OPTION");
    expectClienteleError(() => summarizeTransactions(tx, { timestampUnit: "days" as never }), "INVALID_OPTION");
    // invalid YYYYMMDD dates
    expect(
      expectClienteleError(
        () => summarizeTransactions({ customerId: [1], timestamp: [19970230], amount: [1] }, { timestampUnit: "yyyymmdd" }),
        "INVALID_TIMESTAMP",
      ).code,
    ).toBe("INVALID_TIMESTAMP");
  });
});

describe("issue 10 case 3: near-miss field names and unknown options", () => {
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
      const e = expectClienteleError(f, "INVALID_OPTION");
      expect(e.path[0]).toBe("options");
      expect(e.message).toMatch(new RegExp(`^${fn}: unknown option`));
      expect(e.message).toMatch(/did you mean/);
    }
    expectClienteleError(() => simulateCustomers({ n: 2, rng: 5 } as never), "INVALID_OPTION");
    expectClienteleError(() => summarizeTransactions(tx, null as never), "INVALID_OPTION");
  });
});
