import { describe, expect, it } from "vitest";
import { analyzeExperiment, segmentEffects } from "../../src/experiment/index.js";
import { createRng } from "../../src/core/rng.js";

describe("experiment: segments and verdict", () => {
  it("reports a segment win against an overall loss only when it survives correction", () => {
    const report = analyzeExperiment({
      control: { conversions: 1400, visitors: 12000 },
      treatment: { conversions: 1250, visitors: 12000 },
      segments: [
        { segment: "new", control: { conversions: 100, visitors: 3000 }, treatment: { conversions: 170, visitors: 3000 } },
        { segment: "returning", control: { conversions: 800, visitors: 6000 }, treatment: { conversions: 640, visitors: 6000 } },
        { segment: "vip", control: { conversions: 500, visitors: 3000 }, treatment: { conversions: 440, visitors: 3000 } },
      ],
    });
    expect(report.verdict.decision).toBe("do-not-ship");
    expect(report.verdict.details.join("\n")).toMatch(/Segment "new": the treatment wins although the overall result is negative/);
    expect(report.segments?.heterogeneity.pValue).toBeLessThan(0.05);

    // A segment that is only nominally significant (raw p < 0.05) but not after Holm over 4 segments.
    const weak = segmentEffects([
      { segment: "a", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 132, visitors: 2000 } },
      { segment: "b", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 101, visitors: 2000 } },
      { segment: "c", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 99, visitors: 2000 } },
      { segment: "d", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 102, visitors: 2000 } },
    ]);
    expect(weak.segments[0].pValue).toBeLessThan(0.05);
    expect(weak.segments[0].significant).toBe(false);
  });

  it("flags sample ratio mismatch as invalid", () => {
    const r = analyzeExperiment({ control: { conversions: 500, visitors: 50550 }, treatment: { conversions: 520, visitors: 49450 } });
    expect(r.verdict.decision).toBe("invalid");
    expect(r.verdict.headline).toMatch(/Sample ratio mismatch/);
  });

  it("analyzes a continuous metric with CUPED and power", () => {
    const rng = createRng(1);
    const pre = (n: number) => Array.from({ length: n }, () => rng.gamma(2, 10));
    const xc = pre(3000);
    const xt = pre(3000);
    const yc = xc.map((x) => 0.7 * x + rng.normal(0, 5));
    const yt = xt.map((x) => 0.7 * x + rng.normal(0, 5) + 0.5);
    const r = analyzeExperiment({ control: yc, treatment: yt, covariate: { control: xc, treatment: xt }, mde: 0.5, metricName: "revenue per visitor" });
    expect(r.metric).toBe("continuous");
    expect(r.cuped).not.toBeNull();
    expect(r.power).toBeGreaterThan(0);
    expect(r.power).toBeLessThan(1);
    expect(r.verdict.headline).toMatch(/revenue per visitor/);
  });
});
