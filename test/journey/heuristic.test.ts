import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { heuristicAttribution, heuristicRows } from "../../src/journey/index.js";
import { expectClienteleError } from "../helpers/errors.js";

import { csv, exact, HAVE, pathData } from "./reference-data.js";

// tests that need the GPL reference files skip (loudly, in referenceData) when they are absent
const refIt = HAVE ? it : it.skip;

describe("heuristicAttribution", () => {
  // ChannelAttribution 2.0.7 heuristic_models(PathData, var_value = "total_conversion_value"): R_heuristic_models.csv
  refIt("equals ChannelAttribution's first, last and linear touch exactly", () => {
    const h = heuristicAttribution(pathData());
    let worst = 0;
    for (const r of csv("R_heuristic_models.csv")) {
      const i = h.channels.indexOf(r[0]);
      const mine = [
        h.firstTouch.conversions[i],
        h.firstTouch.value[i],
        h.lastTouch.conversions[i],
        h.lastTouch.value[i],
        h.linear.conversions[i],
        h.linear.value[i],
      ];
      mine.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - Number(r[k + 1])))));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  refIt("equals the independent Python heuristics (incl. position-based and time decay)", () => {
    const h = heuristicAttribution(pathData());
    expect(h.channels).toEqual(exact.channels);
    for (const k of ["firstTouch", "lastTouch", "linear", "positionBased", "timeDecay"] as const) {
      for (const f of ["conversions", "value"] as const) {
        h[k][f].forEach((v, i) => expect(Math.abs(v - exact.heuristics[k][f][i])).toBeLessThan(1e-9));
      }
    }
  });

  it("example: heuristicAttribution", () => {
    const h = heuristicAttribution([
      { path: "seo > email > ads", conversions: 2, value: 100 },
      { path: "ads", conversions: 1, value: 10, nulls: 4 },
    ]);
    expect(h.channels).toEqual(["seo", "email", "ads"]);
    expect(h.firstTouch.conversions).toEqual([2, 0, 1]);
    expect(h.positionBased.value.map((v) => +v.toFixed(10))).toEqual([40, 20, 50]);
  });

  it("example: heuristicRows", () => {
    const rows = heuristicRows(heuristicAttribution([{ path: ["seo", "ads"], conversions: 1 }]));
    expect(rows[0]).toEqual({ channel: "seo", model: "first-touch", conversions: 1, value: 0 });
    expect(rows.length).toBe(10);
    expectClienteleError(() => heuristicRows({} as never), "INVALID_INPUT");
  });

  it("time decay halves per touch with halfLife 1", () => {
    const h = heuristicAttribution([{ path: "a > b", conversions: 3 }]);
    expect(h.timeDecay.conversions).toEqual([1, 2]);
    const h2 = heuristicAttribution([{ path: "a > b", conversions: 3 }], { halfLife: 1e9 });
    expect(h2.timeDecay.conversions[0]).toBeCloseTo(1.5, 6);
  });

  it("every model credits exactly the total (property)", () => {
    const path = fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 6 });
    const row = fc.record({ path, conversions: fc.integer({ min: 0, max: 5 }), value: fc.double({ min: 0, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const h = heuristicAttribution(rows);
        const tv = rows.reduce((s, r) => s + (r.conversions > 0 || r.value > 0 ? r.value : 0), 0);
        for (const k of ["firstTouch", "lastTouch", "linear", "positionBased", "timeDecay"] as const) {
          expect(h[k].conversions.reduce((a, b) => a + b, 0)).toBeCloseTo(h.totalConversions, 8);
          expect(h[k].value.reduce((a, b) => a + b, 0)).toBeCloseTo(tv, 6);
        }
      }),
      { numRuns: 100 },
    );
  });
});
