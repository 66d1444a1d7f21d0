import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleRatioMismatch } from "../../src/experiment/index.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));

describe("experiment: R reference values", () => {
  it("SRM check equals R's chisq.test goodness of fit", () => {
    const r2 = sampleRatioMismatch(ref.srm2.counts);
    expect(r2.chiSquare).toBeCloseTo(ref.srm2.chisq, 10);
    expect(r2.pValue).toBeCloseTo(ref.srm2.p, 14);
    expect(r2.mismatch).toBe(true);
    const r3 = sampleRatioMismatch(ref.srm3.counts, { expected: [1, 1, 1] });
    expect(r3.pValue).toBeCloseTo(ref.srm3.p, 12);
    expect(sampleRatioMismatch([5012, 4988]).mismatch).toBe(false);
  });
});
