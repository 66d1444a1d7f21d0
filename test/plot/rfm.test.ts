// plotSegmentShares, plotRfHeatmap, plotTransitionFlow (src/plot/rfm.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { close, renderChart, spec } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("segment shares: one bar per segment and measure, bar lengths proportional to the shares", async () => {
    const r = (await renderChart("segment-shares")).marks("rect");
    const values = spec("segment-shares").data.values;
    expect(r.length).toBe(values.length);
    const px = r.map((i) => ({ share: i.datum.share, w: i.width! }));
    const k = px[0].w / px[0].share;
    for (const p of px) close(p.w, p.share * k, 1e-3);
    const rev = r.filter((i) => i.datum.measure === "Share of revenue").reduce((s, i) => s + i.datum.share, 0);
    close(rev, 1, 1e-4);
  });
  it("R x F heatmap: cell counts sum to the customers (2,357 on CDNOW)", async () => {
    const cells = (await renderChart("rf-heatmap")).marks("rect");
    expect(cells.length).toBe(25);
    const total = cells.reduce((s, i) => s + i.datum.customers, 0);
    expect(total).toBe(spec("rf-heatmap").layer[0].data.values.reduce((s: number, v: any) => s + v.customers, 0));
    const texts = (await renderChart("rf-heatmap")).marks("text");
    expect(texts.map((t) => Number(String(t.text).replace(/,/g, "")))).toEqual(cells.map((c) => c.datum.customers));
  });
  it("transition flow: node heights are the row and column sums of the matrix", async () => {
    const nodes = (await renderChart("transition-flow")).marks("rect");
    const before = nodes.filter((n) => n.datum.side === "before").reduce((s, n) => s + n.datum.customers, 0);
    const after = nodes.filter((n) => n.datum.side === "after").reduce((s, n) => s + n.datum.customers, 0);
    expect(before).toBe(after);
    const ratio = nodes.map((n) => Math.abs(n.height!) / n.datum.customers);
    for (const q of ratio) close(q, ratio[0], 1e-2);
  });
});
