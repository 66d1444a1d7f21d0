// absorb (src/journey/solve.ts): probability of absorption into conversion from start, exact.
// Hand-solved on the chain of test/journey/chain.test.ts:
//   x_b = 3/4;  x_a = 1/2 x_b = 3/8;  x_start = 2/3 x_a + 1/3 x_b = 1/4 + 1/4 = 1/2
//   (= 3 conversions out of 6 walks of the paths).
//   removing a: x_start = 1/3 x_b = 1/4;  removing b: x_b = 0, x_a = 0, x_start = 0.
import { describe, expect, it } from "vitest";
import { buildChain } from "../../src/journey/chain.js";
import { encodePaths } from "../../src/journey/paths-input.js";
import { absorb } from "../../src/journey/solve.js";

const chain = () =>
  buildChain(
    encodePaths(
      [
        { path: "a > b", conversions: 1, value: 30, nulls: 1 },
        { path: "a", conversions: 0, nulls: 2 },
        { path: "b", conversions: 2, value: 20, nulls: 0 },
      ],
      "markovAttribution",
      ">",
    ),
    1,
    "markovAttribution",
  );

describe("absorb", () => {
  it("P(conversion) from start is the hand-solved 1/2; the expected value is 50 / 6", () => {
    const r = absorb(chain(), null, "markovAttribution");
    expect(r.conv).toBeCloseTo(1 / 2, 14);
    // value: conversions reach b with mean value (30 + 20) / 3 per conversion; x_start · mean = 1/2 · 50/3 = 50/6
    expect(r.value).toBeCloseTo(50 / 6, 12);
  });

  it("removing a state sets its absorption to 0: the hand-solved 1/4 (a removed) and 0 (b removed)", () => {
    const c = chain();
    const without = (label: string) => Uint8Array.from(c.labels, (l) => (l === label ? 1 : 0));
    expect(absorb(c, without("a"), "markovAttribution").conv).toBeCloseTo(1 / 4, 14);
    expect(absorb(c, without("b"), "markovAttribution").conv).toBe(0);
  });
});
