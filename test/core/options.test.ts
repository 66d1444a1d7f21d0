// The option schemas shared by every capability (src/core/options.ts).
import { describe, expect, it } from "vitest";
import { progressOption, rngOption, seedOption, signalOption, timeUnitOption } from "../../src/core/options.js";
import { createRng } from "../../src/core/rng.js";

describe("shared option schemas", () => {
  it("rng: only a generator from createRng", () => {
    expect(rngOption().safeParse(createRng(1)).success).toBe(true);
    for (const bad of [Math, { uniform: () => 0.5 }, () => 0.5, 1, null]) expect(rngOption().safeParse(bad).success).toBe(false);
  });
  it("signal: an AbortSignal, nothing that looks like one", () => {
    expect(signalOption().safeParse(new AbortController().signal).success).toBe(true);
    expect(signalOption().safeParse(AbortSignal.abort()).success).toBe(true);
    for (const bad of [{ aborted: false }, {}, 5, "signal"]) expect(signalOption().safeParse(bad).success).toBe(false);
  });
  it("onProgress: a function", () => {
    expect(progressOption<number>().safeParse(() => undefined).success).toBe(true);
    for (const bad of [5, "f", {}, null]) expect(progressOption().safeParse(bad).success).toBe(false);
  });
  it("timeUnit: day, week or month", () => {
    for (const ok of ["day", "week", "month"]) expect(timeUnitOption().safeParse(ok).success).toBe(true);
    for (const bad of ["days", "Week", "year", 7]) expect(timeUnitOption().safeParse(bad).success).toBe(false);
  });
  it("seed: a safe integer (1e308 is not: it used to alias seed 0)", () => {
    for (const ok of [0, 42, -7, Number.MAX_SAFE_INTEGER]) expect(seedOption().safeParse(ok).success).toBe(true);
    for (const bad of [1.5, 1e308, Number.NaN, Infinity, "1", 2 ** 53]) expect(seedOption().safeParse(bad).success).toBe(false);
  });
});
