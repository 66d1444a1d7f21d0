// The 8-point Gauss–Legendre table (src/core/quadrature.ts). An n-point rule integrates every
// polynomial of degree <= 2n − 1 = 15 exactly on [−1, 1]: ∫ x^k dx = 2 / (k + 1) for even k, 0 for odd k.
import { describe, expect, it } from "vitest";
import { GL8_W, GL8_X } from "../../src/core/quadrature.js";

const rule = (f: (x: number) => number) => GL8_X.reduce((s, x, i) => s + GL8_W[i] * f(x), 0);

describe("GL8_X / GL8_W", () => {
  it("8 ascending nodes in (−1, 1), symmetric, with symmetric positive weights summing to 2", () => {
    expect(GL8_X).toHaveLength(8);
    expect(GL8_W).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      expect(GL8_X[i]).toBe(-GL8_X[7 - i]);
      expect(GL8_W[i]).toBe(GL8_W[7 - i]);
      expect(GL8_W[i]).toBeGreaterThan(0);
      if (i > 0) expect(GL8_X[i]).toBeGreaterThan(GL8_X[i - 1]);
    }
    expect(Math.abs(GL8_X[7])).toBeLessThan(1);
    expect(GL8_W.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 14);
  });
  it("integrates x^k exactly for k = 0 .. 15 (to the table's 16 digits)", () => {
    for (let k = 0; k <= 15; k++) expect(rule((x) => x ** k)).toBeCloseTo(k % 2 === 0 ? 2 / (k + 1) : 0, 14);
  });
  it("misses x^16 by the Gauss–Legendre remainder 2^17 (8!)^4 / (17 (16!)^3) · 16! = 4.6548309266e-5 (so it has 8 points)", () => {
    // remainder of the n-point rule: 2^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3) · f^(2n)(ξ), with f^(16) = 16! for x^16
    expect(2 / 17 - rule((x) => x ** 16)).toBeCloseTo(4.6548309266e-5, 14);
  });
});
