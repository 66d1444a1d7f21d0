// plotClvDistribution (src/plot/clv-value.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { renderChart, spec } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("CLV tiers: histogram counts sum to the customers", async () => {
    const bars = (await renderChart("clv-distribution")).marks("rect").filter((b) => b.datum.bin !== undefined);
    expect(bars.reduce((s, b) => s + b.datum.customers, 0)).toBe(
      spec("clv-distribution").hconcat[0].data.values.reduce((s: number, v: any) => s + v.customers, 0),
    );
  });
});
