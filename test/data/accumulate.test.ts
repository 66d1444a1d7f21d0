import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CompactAccumulator, NO_CALIBRATION, WideAccumulator } from "../../src/data/accumulate.js";

// Internal: the compact layout (used below 2^26 rows) and the wide layout (used above)
// must agree exactly; the public tests only reach the compact one.
describe("accumulator layouts agree", () => {
  it("compact and wide give identical summaries for random feeds (property)", () => {
    const rowArb = fc.record({ c: fc.integer({ min: 0, max: 5 }), dayStep: fc.integer({ min: 0, max: 3 }), a: fc.integer({ min: -50, max: 100 }) });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 80 }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), (rows, cal) => {
        const calDay = cal ?? NO_CALIBRATION;
        const compact = new CompactAccumulator(calDay, 2);
        const wide = new WideAccumulator(calDay, 2);
        const dayOf = new Map<number, number>();
        let nCust = 0;
        for (const r of rows) {
          const d = (dayOf.get(r.c) ?? 0) + r.dayStep; // non-decreasing per customer
          dayOf.set(r.c, d);
          nCust = Math.max(nCust, r.c + 1);
          compact.ensure(r.c);
          wide.ensure(r.c);
          expect(compact.feed(r.c, d, r.a)).toBe(true);
          expect(wide.feed(r.c, d, r.a)).toBe(true);
        }
        // complete customer-days fed directly, as finalizeSummary does
        compact.ensure(nCust);
        wide.ensure(nCust);
        compact.closeDay(nCust, 70, 12, 12, 3);
        wide.closeDay(nCust, 70, 12, 12, 3);
        compact.flush(nCust + 1);
        wide.flush(nCust + 1);
        const ids = Array.from({ length: nCust + 1 }, (_, i) => `c${i}`);
        const useCal = cal !== undefined;
        expect(compact.finalize(ids, 80, useCal, "day")).toEqual(wide.finalize(ids, 80, useCal, "day"));
      }),
      { numRuns: 300 },
    );
  });
});
