import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { noncentralTSf, powerMeans, powerProportions, sampleSizeMeans, sampleSizeProportions } from "../../src/experiment/index.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));

describe("experiment: R reference values", () => {
  it("power and sample size match R's power.prop.test and power.t.test", () => {
    // R 4.2.2 prints n = 76.7069 for power.prop.test(p1 = .50, p2 = .75, power = .90); the 76.65
    // in older R documentation came from uniroot's looser default tolerance. Ours is the exact root.
    expect(sampleSizeProportions({ baseline: 0.5, mde: 0.25, power: 0.9 }).nPerGroup).toBeCloseTo(ref.power_prop_n, 5);
    expect(sampleSizeProportions({ baseline: 0.5, mde: 0.5, relative: true, power: 0.9 }).nPerGroupRounded).toBe(77);
    expect(powerProportions({ n: 50, p1: 0.5, p2: 0.75 })).toBeCloseTo(ref.power_prop_power, 10);
    expect(powerMeans({ n: 20, delta: 1 })).toBeCloseTo(ref.power_t_power, 9);
    expect(sampleSizeMeans({ mde: 1, sd: 1, power: 0.9 }).nPerGroup).toBeCloseTo(ref.power_t_n, 4);
    expect(sampleSizeMeans({ mde: 2.5, sd: 10, power: 0.8, alpha: 0.01 }).nPerGroup).toBeCloseTo(ref.power_t_n_sd, 4);
  });
});

describe("experiment: distribution helpers against R", () => {
  it("noncentralTSf equals R's pt(..., ncp, lower.tail = FALSE)", () => {
    // R 4.2.2: pt(2, 10, ncp = 1.5, lower.tail = FALSE) etc.
    expect(noncentralTSf(2, 10, 1.5)).toBeCloseTo(0.34084592755797372, 9);
    expect(noncentralTSf(1.96, 40, 3)).toBeCloseTo(0.84801577477155909, 9);
    expect(noncentralTSf(-1, 5, 0.5)).toBeCloseTo(0.91755590894302919, 9);
    expect(() => noncentralTSf(1, 0, 1)).toThrow(expect.objectContaining({ code: "OUT_OF_RANGE" }));
  });
});
