import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compressRft } from "../../src/clv/compress.js";

describe("compressRft", () => {
  it("groups identical triples and preserves total weight (fast-check against a string-keyed Map)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 4, max: 5 }), fc.integer({ min: 0, max: 3 })), {
          maxLength: 200,
        }),
        (rows) => {
          const f = Float64Array.from(rows.map((r) => r[0]));
          const t = Float64Array.from(rows.map((r) => r[1] / 2));
          const T = Float64Array.from(rows.map((r) => r[2]));
          const w = Float64Array.from(rows.map((r) => r[3]));
          const c = compressRft(f, t, T, w);
          const ref = new Map<string, number>();
          rows.forEach((_r, i) => {
            if (w[i] === 0) return;
            const k = `${f[i]}|${t[i]}|${T[i]}`;
            ref.set(k, (ref.get(k) ?? 0) + w[i]);
          });
          expect(c.n).toBe(ref.size);
          for (let i = 0; i < c.n; i++) expect(c.weight[i]).toBe(ref.get(`${c.frequency[i]}|${c.recency[i]}|${c.T[i]}`));
          expect(c.totalWeight).toBe([...ref.values()].reduce((s, v) => s + v, 0));
        },
      ),
      { numRuns: 200, seed: 1 },
    );
  });
});
