// Properties: for any input size the specs are JSON-clean and carry at most MAX_MARKS marks
// (large inputs are sampled or thinned, and the chart says so), and the same seed gives the
// same spec.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as P from "../../src/plot/index.js";
import { render } from "./render.js";

const jsonClean = (x: unknown) => JSON.stringify(JSON.parse(JSON.stringify(x))) === JSON.stringify(x) && !/NaN|Infinity/.test(JSON.stringify(x));
const rows = (spec: any): number => {
  let n = 0;
  const walk = (s: any) => {
    if (!s || typeof s !== "object") return;
    if (s.data?.values) n += s.data.values.length;
    for (const k of ["layer", "hconcat", "vconcat"]) if (Array.isArray(s[k])) s[k].forEach(walk);
    if (s.spec) walk(s.spec);
  };
  walk(spec);
  return n;
};
const subtitle = (spec: any): string => [].concat(spec.title.subtitle ?? []).join(" | ");

describe("plot: properties", () => {
  it("scatter, silhouette, ROC, PR, exposure: JSON-clean, at most MAX_MARKS rows, sampling stated", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const rng = P.createRng(seed);
        const pts = Array.from({ length: n }, () => [rng.uniform() * 10, rng.uniform() * 5]);
        const labels = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : i % 3));
        const y = Array.from({ length: n }, (_, i) => (i === 0 ? 0 : i === 1 ? 1 : rng.uniform() < 0.3 ? 1 : 0));
        const s = Array.from({ length: n }, () => rng.uniform());
        const specs = [
          P.plotClusterScatter(pts, labels, { seed }),
          P.plotCustomerExposure({ frequency: s.map(() => 1), recency: s, T: s.map(() => 1) }, { seed }),
        ];
        if (labels.some((l) => l >= 0))
          specs.push(
            P.plotSilhouette(
              s.map((v) => 2 * v - 1),
              labels,
              { seed },
            ),
          );
        if (n >= 2) specs.push(P.plotRoc(y, s), P.plotPrecisionRecall(y, s));
        for (const spec of specs) {
          expect(jsonClean(spec)).toBe(true);
          expect(rows(spec)).toBeLessThanOrEqual(P.MAX_MARKS + 10);
        }
        if (n > P.MAX_MARKS) expect(subtitle(specs[0])).toMatch(/random sample of 5,000/);
        expect(P.plotClusterScatter(pts, labels, { seed })).toEqual(specs[0]);
      }),
      { numRuns: 12, seed: 42 },
    );
  });
  it("a 200,000-point scatter renders to at most 5,000 marks", async () => {
    const rng = P.createRng(1);
    const n = 200_000;
    const data = new Float64Array(2 * n).map(() => rng.uniform());
    const r = await render(P.plotClusterScatter({ data, n, d: 2 }, new Array(n).fill(0)));
    expect(r.marks("symbol").length).toBe(P.MAX_MARKS);
  });
  it("matrices and tracking with large grids are thinned under the cap", () => {
    const big = {
      frequency: Array.from({ length: 201 }, (_, i) => i),
      recency: Array.from({ length: 400 }, (_, i) => i / 10),
      T: 40,
      values: Array.from({ length: 201 }, () => new Array(400).fill(0.5)),
    };
    const m = P.plotProbabilityAliveMatrix(big);
    expect(m.data.values.length).toBeLessThanOrEqual(P.MAX_MARKS);
    expect(subtitle(m)).toMatch(/grid thinned/);
    const t = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const c = P.plotCumulativeTransactions({ time: t, actualIncremental: t, predictedIncremental: t, actualCumulative: t, predictedCumulative: t });
    expect(rows(c)).toBeLessThanOrEqual(P.MAX_MARKS);
  });
  it("theme: dark and a partial config merge; a bad theme is INVALID_OPTION", () => {
    const dark: any = P.plotElbow({ ks: [1, 2, 3], inertias: [9, 4, 3], knee: 2 }, { theme: "dark" });
    expect(dark.config.background).toBe("#1e1e1e");
    const custom: any = P.plotElbow({ ks: [1, 2, 3], inertias: [9, 4, 3], knee: 2 }, { theme: { background: "#fafafa", axis: { labelFontSize: 14 } } });
    expect(custom.config.background).toBe("#fafafa");
    expect(custom.config.axis.labelFontSize).toBe(14);
    expect(custom.config.axis.titleFontSize).toBe(12);
    expect(custom.config.range.category).toEqual([...P.OKABE_ITO]);
    expect(() => P.plotElbow({ ks: [1], inertias: [1], knee: null }, { theme: "neon" as any })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    expect(() => P.plotElbow({ ks: [1], inertias: [1], knee: null }, { theme: { f: () => 1 } as any })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
  it("bad inputs are catalogue errors naming the chart", () => {
    expect(() => P.plotRoc([1, 1], [0.2, 0.3])).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringMatching(/^plotRoc: y needs both classes/) }),
    );
    expect(() => P.plotSilhouette([0.5, 0.2], [0])).toThrow(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
    expect(() => P.plotCustomerExposure({ frequency: [1], recency: [5], T: [2] })).toThrow(expect.objectContaining({ code: "RECENCY_AFTER_T" }));
    expect(() => P.plotHeterogeneity({ kind: "kmeans" } as any)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    expect(() => P.plotElbow({ ks: [1, 2], inertias: [2, 1], knee: 5 })).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => P.plotRfHeatmap({} as any)).toThrow(expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringMatching(/^plotRfHeatmap:/) }));
  });
});
