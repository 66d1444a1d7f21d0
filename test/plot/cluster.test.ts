// plotElbow, plotClusterScatter (src/plot/cluster.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { close, renderChart, spec } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("elbow: a point per k, the knee rule at the knee", async () => {
    const pts = (await renderChart("elbow")).marks("symbol");
    expect(pts.length).toBe(8);
    const rule = (await renderChart("elbow")).marks("rule");
    expect(rule.length).toBe(1);
    const kneePoint = pts.find((p) => p.datum.k === rule[0].datum.k)!;
    close(rule[0].x!, kneePoint.x!, 1e-6);
  });
  it("cluster scatter: one point per customer (2,357 below the cap), coloured by cluster", async () => {
    const pts = (await renderChart("cluster-scatter")).marks("symbol");
    expect(pts.length).toBe(spec("cluster-scatter").data.values.length);
    expect(new Set(pts.map((p) => p.fill)).size).toBe(4);
  });
  it("dbscan scatter: noise drawn in grey", async () => {
    const noise = (await renderChart("dbscan-scatter")).marks("symbol").filter((p) => p.datum.cluster === "noise");
    for (const p of noise) expect(p.fill).toBe("#999999");
  });
});
