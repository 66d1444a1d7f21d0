import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  finalizeSummary,
  mergePartials,
  partialSummaryFromJSON,
  summarizePartial,
  summarizeTransactions,
  summaryToRows,
  type CustomerSummaryColumns,
  type PartialSummary,
} from "../../src/data/index.js";
import { txArb } from "./reference.js";
import { expectClienteleError } from "../helpers/errors.js";

const DAY = 86_400_000;
function sortedRows(s: CustomerSummaryColumns) {
  return summaryToRows(s).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
/** Merges partials along a random binary tree given by `picks` (random pair choices). */
function mergeRandomly(parts: PartialSummary[], picks: number[]): PartialSummary {
  const pool = [...parts];
  let k = 0;
  while (pool.length > 1) {
    const i = picks[k++ % picks.length] % pool.length;
    const a = pool.splice(i, 1)[0];
    const j = picks[k++ % picks.length] % pool.length;
    const b = pool.splice(j, 1)[0];
    pool.push(mergePartials(a, b));
  }
  return pool[0];
}
describe("mergeable partial summaries", () => {
  it("matches the TSDoc examples", () => {
    const a = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 20 }]);
    const b = summarizePartial([{ customerId: "x", timestamp: "2024-01-15", amount: 30 }]);
    const s = finalizeSummary(mergePartials(a, b), { timeUnit: "week" });
    expect(s.frequency[0]).toBe(1);
    expect(s.recency[0]).toBe(2);
    const r1 = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 20 }]);
    const r2 = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: -20 }]);
    expect(mergePartials(r1, r2).net).toEqual([0]);
    const p = summarizePartial({
      customerId: ["a", "a", "a"],
      timestamp: ["2024-01-01", "2024-01-08", "2024-01-08"],
      amount: [10, 25, -25],
    });
    expect(finalizeSummary(p, { observationEnd: "2024-01-29" }).frequency[0]).toBe(0);
    const q = summarizePartial([{ customerId: 1, timestamp: "2024-01-01", amount: 5 }]);
    expect(partialSummaryFromJSON(JSON.parse(JSON.stringify(q))).ids).toEqual(["1"]);
  });

  it("chunks split anywhere, merged in any order and grouping, equal one pass (property)", () => {
    fc.assert(
      fc.property(
        txArb,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.option(fc.integer({ min: 19_005, max: 19_035 }), { nil: undefined }),
        (tx, cutsRaw, picks, calDay) => {
          const cols = {
            customerId: tx.map((t) => t.customerId),
            timestamp: tx.map((t) => t.day * DAY + t.ms),
            amount: tx.map((t) => t.amount),
          };
          const maxDay = Math.max(...tx.map((t) => t.day));
          const options = {
            observationEnd: (maxDay + 1) * DAY,
            calibrationEnd: calDay !== undefined && calDay <= maxDay ? calDay * DAY : undefined,
            timeUnit: "week" as const,
          };
          const cuts = [...new Set(cutsRaw.map((c) => (c % tx.length) + 1))].sort((a, b) => a - b);
          const bounds = [0, ...cuts.filter((c) => c < tx.length), tx.length];
          const parts: PartialSummary[] = [];
          for (let k = 0; k + 1 < bounds.length; k++) {
            const lo = bounds[k];
            const hi = bounds[k + 1];
            parts.push(
              summarizePartial({
                customerId: cols.customerId.slice(lo, hi),
                timestamp: cols.timestamp.slice(lo, hi),
                amount: cols.amount.slice(lo, hi),
              }),
            );
          }
          const once = summarizeTransactions(cols, options);
          // in order, left to right: identical, customer order included
          const inOrder = parts.slice(1).reduce((acc, p) => mergePartials(acc, p), parts[0]);
          const s1 = finalizeSummary(inOrder, options);
          expect(summaryToRows(s1)).toEqual(summaryToRows(once));
          expect(s1.excluded).toEqual(once.excluded);
          // random order and grouping: identical up to customer order
          const s2 = finalizeSummary(mergeRandomly(parts, picks), options);
          expect(sortedRows(s2)).toEqual(sortedRows(once));
          expect([...s2.excluded.noPurchase].sort()).toEqual([...once.excluded.noPurchase].sort());
          // JSON round trip of the partial changes nothing
          const viaJson = finalizeSummary(partialSummaryFromJSON(JSON.parse(JSON.stringify(inOrder))), options);
          expect(summaryToRows(viaJson)).toEqual(summaryToRows(s1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("mergePartials is associative and commutative on the partial state itself (property)", () => {
    const partialArb = txArb.map((tx) =>
      summarizePartial({
        customerId: tx.map((t) => t.customerId),
        timestamp: tx.map((t) => t.day * DAY + t.ms),
        amount: tx.map((t) => t.amount),
      }),
    );
    // canonical form: customers sorted by id
    const canon = (p: PartialSummary) =>
      p.ids
        .map((id, c) => ({
          id,
          days: p.days.slice(p.offsets[c], p.offsets[c + 1]),
          net: p.net.slice(p.offsets[c], p.offsets[c + 1]),
          gross: p.gross.slice(p.offsets[c], p.offsets[c + 1]),
          rows: p.rows.slice(p.offsets[c], p.offsets[c + 1]),
        }))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
    fc.assert(
      fc.property(partialArb, partialArb, partialArb, (a, b, c) => {
        expect(canon(mergePartials(a, b))).toEqual(canon(mergePartials(b, a)));
        expect(mergePartials(mergePartials(a, b), c)).toEqual(mergePartials(a, mergePartials(b, c)));
      }),
      { numRuns: 200 },
    );
  });

  it("handles decimal amounts up to rounding", () => {
    const rows = [
      { customerId: "a", timestamp: "2024-01-01", amount: 10.1 },
      { customerId: "a", timestamp: "2024-01-05", amount: 5.2 },
      { customerId: "a", timestamp: "2024-01-05", amount: 0.7 },
      { customerId: "a", timestamp: "2024-01-09", amount: 19.99 },
    ];
    const once = summarizeTransactions(rows);
    const merged = finalizeSummary(mergePartials(summarizePartial(rows.slice(0, 2)), summarizePartial(rows.slice(2))));
    expect(merged.monetary[0]).toBeCloseTo(once.monetary[0], 12);
    expect(merged.frequency[0]).toBe(2);
  });

  it("does not modify its inputs", () => {
    const a = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 20 }]);
    const b = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 5 }]);
    const aCopy = structuredClone(a);
    const bCopy = structuredClone(b);
    mergePartials(Object.freeze(a), Object.freeze(b));
    expect(a).toEqual(aCopy);
    expect(b).toEqual(bCopy);
  });

  it("rejects malformed partials and transactions after observationEnd", () => {
    const p = summarizePartial([
      { customerId: "x", timestamp: "2024-01-01", amount: 20 },
      { customerId: "x", timestamp: "2024-01-09", amount: 20 },
    ]);
    expectClienteleError(() => partialSummaryFromJSON({ ...p, kind: "other" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => partialSummaryFromJSON({ ...p, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    expectClienteleError(() => partialSummaryFromJSON(null), "INVALID_MODEL");
    expectClienteleError(() => partialSummaryFromJSON({ ...p, days: [p.days[1], p.days[0]] }), "INVALID_MODEL");
    expectClienteleError(() => partialSummaryFromJSON({ ...p, net: [NaN, 1] }), "INVALID_MODEL");
    expectClienteleError(() => partialSummaryFromJSON({ ...p, offsets: [0, 1] }), "INVALID_MODEL");
    expectClienteleError(() => mergePartials(p, { ...p, ids: [""] }), "INVALID_MODEL");
    expectClienteleError(() => finalizeSummary(p, { observationEnd: "2024-01-05" }), "AFTER_OBSERVATION_END");
    expectClienteleError(() => summarizePartial([]), "EMPTY_INPUT");
    expectClienteleError(() => summarizePartial([{ customerId: "x", timestamp: "bad", amount: 1 }]), "INVALID_TIMESTAMP");
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
    const evil = JSON.parse(
      `{"kind":"transaction-partial","version":1,"ids":["a"],"offsets":[0,1],"days":[19000],"net":[1],"gross":[1],"rows":[1],"__proto__":{"polluted":1}}`,
    );
    // ... and is rejected: a saved partial has no such key (contract 5)
    expect(() => partialSummaryFromJSON(evil)).toThrow(expect.objectContaining({ code: "INVALID_MODEL", path: ["partial", "__proto__"] }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // other unknown keys are rejected too (they were carried into the result; a BigInt one broke JSON.stringify)
    expect(() => partialSummaryFromJSON({ ...JSON.parse(JSON.stringify(p)), hasOwnProperty: 10n })).toThrow(
      expect.objectContaining({ code: "INVALID_MODEL", path: ["partial", "hasOwnProperty"] }),
    );
  });
});

describe("contract: no Infinity in a summary", () => {
  it("finite amounts whose sum overflows are OUT_OF_RANGE, not Infinity (null in JSON)", () => {
    const tx = { customerId: ["a", "a"], timestamp: ["2024-01-01", "2024-01-02"], amount: [1e308, 1e308] };
    expectClienteleError(() => summarizeTransactions(tx), "OUT_OF_RANGE");
    expect(expectClienteleError(() => finalizeSummary(summarizePartial(tx)), "OUT_OF_RANGE").message).toMatch(/^finalizeSummary:/);
  });
});
