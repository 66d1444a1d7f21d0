// plotPosteriors (src/plot/bandit.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { renderChart } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("posteriors: one area per active arm", async () => {
    const arms = new Set((await renderChart("posteriors")).marks("area").map((a) => a.datum.arm));
    expect([...arms].sort()).toEqual(["A", "B", "C"]);
  });
});
