// Regression tests for the contract/fuzz violations found by test/contract.test.ts and test/fuzz
// in clientele/data (after the issue-10 work). Each fails on the code before the fix (commit 521eccd).
import { describe, expect, it } from "vitest";
import { partialSummaryFromJSON, simulateCustomers, summarizePartial } from "../../src/data/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const p = summarizePartial([{ customerId: 1, timestamp: "2024-01-01", amount: 5 }]);

describe("partialSummaryFromJSON rejects unknown keys (old: carried into the result)", () => {
  it("a __proto__ key from JSON.parse is INVALID_MODEL and does not pollute", () => {
    const evil = JSON.parse(JSON.stringify(p).replace(/^\{/, '{"__proto__":{"polluted":1},'));
    const e = expectClienteleError(() => partialSummaryFromJSON(evil), "INVALID_MODEL");
    expect(e.path).toEqual(["partial", "__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("an own hasOwnProperty = 10n is INVALID_MODEL (old: JSON.stringify of the result threw on the BigInt)", () => {
    const e = expectClienteleError(() => partialSummaryFromJSON({ ...JSON.parse(JSON.stringify(p)), hasOwnProperty: 10n }), "INVALID_MODEL");
    expect(e.message).toMatch(/^partialSummaryFromJSON: /);
    expect(partialSummaryFromJSON(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
});

describe('simulateCustomers\' typed-array columns serialize as JSON arrays (old: {"0": ...})', () => {
  it("transactions.timestamp and .amount, whole result and transactions alone", () => {
    const r = simulateCustomers({ n: 20, seed: 1 });
    expect(r.transactions.timestamp).toBeInstanceOf(Float64Array);
    const back = JSON.parse(JSON.stringify(r));
    expect(back.transactions.timestamp).toEqual(Array.from(r.transactions.timestamp));
    expect(back.transactions.amount).toEqual(Array.from(r.transactions.amount));
    expect(JSON.parse(JSON.stringify(r.transactions)).amount).toEqual(Array.from(r.transactions.amount));
  });
});
