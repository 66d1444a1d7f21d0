// plotSegmentForest, plotSequentialTest (src/plot/experiment.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { close, renderChart } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("forest plot: one interval and one point per segment", async () => {
    expect((await renderChart("segment-forest")).marks("symbol").length).toBe(5);
    expect((await renderChart("segment-forest")).marks("rule").length).toBe(6);
  });
  it("sequential test: the boundary rule is at log(1/alpha)", async () => {
    const rule = (await renderChart("sequential-test")).marks("rule").find((r) => r.datum.boundary !== undefined)!;
    close(rule.datum.boundary, Math.log(20), 1e-5);
  });
});
