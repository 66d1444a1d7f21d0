// plotRoc (src/plot/predict.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { renderChart, spec } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("ROC: the curve ends at (1, 1) and the AUC is in the subtitle", async () => {
    const line = (await renderChart("roc")).marks("line");
    const last = line.filter((i) => i.markName.startsWith("layer_0")).at(-1)!;
    expect([last.datum.fpr, last.datum.tpr]).toEqual([1, 1]);
    expect(String(spec("roc").title.subtitle)).toMatch(/^AUC 0\.\d{3}/);
  });
});
