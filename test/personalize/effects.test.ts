import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { averageTreatmentEffects } from "../../src/personalize/index.js";
import { loadHillstrom } from "./hillstrom-data.js";

// Hillstrom (MineThatData 2008): 64,000 customers, men's e-mail / women's e-mail / no e-mail.
// Reference: test/fixtures/personalize/hillstrom.json, written by scripts/ref/personalize_hillstrom.py (pandas, scikit-learn).
const h = loadHillstrom();
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/personalize/hillstrom.json"), "utf8"));

describe("TSDoc examples", () => {
  it("averageTreatmentEffects example", () => {
    const e = averageTreatmentEffects(["control", "control", "a", "a"], [0, 1, 1, 1]);
    expect(e.map((r) => [r.arm, r.effect])).toEqual([
      ["control", 0],
      ["a", 0.5],
    ]);
  });
});

describe.skipIf(h === null)("Hillstrom e-mail test", () => {
  it("average effects per arm equal the difference of means (pandas) to 1e-12", () => {
    for (const outcome of ["visit", "conversion", "spend"] as const) {
      const e = averageTreatmentEffects(h!.segment, h![outcome], { control: "No E-Mail" });
      for (const row of e) {
        expect(Math.abs(row.mean - ref.arms[row.arm][outcome])).toBeLessThan(1e-12);
        expect(row.n).toBe(ref.arms[row.arm].n);
        if (!row.control) expect(Math.abs(row.effect - ref.effects[row.arm][outcome])).toBeLessThan(1e-12);
      }
    }
  });
});
