import { describe, it } from "vitest";
import { adjustPValues, cuped, segmentEffects, sequentialTest, twoProportionTest, welchTTest } from "../../src/experiment/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("experiment: bad input", () => {
  it("rejects impossible counts, too few groups, zero variance and bad options with codes", () => {
    expectClienteleError(() => twoProportionTest({ conversions: 11, visitors: 10 }, { conversions: 1, visitors: 10 }), "CONVERSIONS_EXCEED_VISITORS");
    expectClienteleError(() => twoProportionTest({ conversions: -1, visitors: 10 }, { conversions: 1, visitors: 10 }), "NEGATIVE_VALUE");
    expectClienteleError(() => twoProportionTest({ conversions: 1, visitors: 0 }, { conversions: 1, visitors: 10 }), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => twoProportionTest({ conversions: 0, visitors: 10 }, { conversions: 0, visitors: 10 }), "DEGENERATE_INPUT");
    expectClienteleError(() => twoProportionTest({ conversions: 1, visitors: 10 }, { conversions: 2, visitors: 10 }, { alpha: 2 }), "INVALID_OPTION");
    expectClienteleError(() => welchTTest([1, 1, 1], [2, 2, 2]), "DEGENERATE_INPUT");
    expectClienteleError(() => welchTTest([1], [2, 3]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => welchTTest([1, NaN], [2, 3]), "NON_FINITE");
    expectClienteleError(
      () => segmentEffects([{ segment: "a", control: { conversions: 1, visitors: 9 }, treatment: { conversions: 2, visitors: 9 } }]),
      "TOO_FEW_OBSERVATIONS",
    );
    expectClienteleError(() => sequentialTest([]), "EMPTY_INPUT");
    expectClienteleError(() => adjustPValues([0.5, 1.2]), "OUT_OF_RANGE");
    expectClienteleError(() => cuped({ y: [1, 2, 3], x: [1, 1, 1] }, { y: [1, 2, 4], x: [1, 1, 1] }), "DEGENERATE_INPUT");
  });
});
