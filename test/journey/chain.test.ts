// buildChain (src/journey/chain.ts): the order-k absorbing chain of a set of paths, as
// ChannelAttribution builds it. Hand-worked case (every path adds conversions + nulls to each of
// its transitions):
//   "a > b": 1 conversion, 1 null (weight 2);  "a": 0 conversions, 2 nulls (weight 2);  "b": 2 conversions (weight 2)
//   start -> a: 2 + 2 = 4, start -> b: 2             => P = 2/3, 1/3
//   a -> b: 2, a -> null: 2                            => P(a -> b) = 1/2, pNull(a) = 1/2
//   b -> conversion: 1 + 2 = 3, b -> null: 1           => pConv(b) = 3/4, pNull(b) = 1/4
import { describe, expect, it } from "vitest";
import { buildChain, statesWith } from "../../src/journey/chain.js";
import { encodePaths } from "../../src/journey/paths-input.js";

const paths = () =>
  encodePaths(
    [
      { path: "a > b", conversions: 1, nulls: 1 },
      { path: "a", conversions: 0, nulls: 2 },
      { path: "b", conversions: 2, nulls: 0 },
    ],
    "markovAttribution",
    ">",
  );

/** Transition probability from state label `from` to state label `to` (0 when absent). */
function p(chain: ReturnType<typeof buildChain>, from: string, to: string): number {
  const s = chain.labels.indexOf(from);
  const t = chain.labels.indexOf(to);
  for (let k = chain.rowStart[s]; k < chain.rowStart[s + 1]; k++) if (chain.col[k] === t) return chain.prob[k];
  return 0;
}

describe("buildChain", () => {
  it("order 1: the hand-worked transition, conversion and null probabilities", () => {
    const c = buildChain(paths(), 1, "markovAttribution");
    expect(c.order).toBe(1);
    expect(c.nStates).toBe(3);
    expect([...c.labels].sort()).toEqual(["(start)", "a", "b"]);
    expect(c.labels[0]).toBe("(start)");
    expect(p(c, "(start)", "a")).toBeCloseTo(2 / 3, 15);
    expect(p(c, "(start)", "b")).toBeCloseTo(1 / 3, 15);
    expect(p(c, "a", "b")).toBeCloseTo(1 / 2, 15);
    expect(p(c, "b", "a")).toBe(0);
    const a = c.labels.indexOf("a");
    const b = c.labels.indexOf("b");
    expect(c.pConv[a]).toBe(0);
    expect(c.pNull[a]).toBeCloseTo(1 / 2, 15);
    expect(c.pConv[b]).toBeCloseTo(3 / 4, 15);
    expect(c.pNull[b]).toBeCloseTo(1 / 4, 15);
    // every row of a transient state sums to 1 (transitions + conversion + null)
    for (let s = 1; s < c.nStates; s++) {
      let sum = c.pConv[s] + c.pNull[s];
      for (let k = c.rowStart[s]; k < c.rowStart[s + 1]; k++) sum += c.prob[k];
      expect(sum).toBeCloseTo(1, 15);
    }
  });

  it("order 1 collapses repeats (a > a > b is a > b); order 2 states are windows of two channels", () => {
    const rep = buildChain(encodePaths([{ path: "a > a > b", conversions: 1 }], "f", ">"), 1, "f");
    expect(p(rep, "a", "a")).toBe(0);
    expect(p(rep, "a", "b")).toBe(1);
    const two = buildChain(encodePaths([{ path: "a > b > c", conversions: 1 }], "f", ">"), 2, "f");
    expect([...two.labels].sort()).toEqual(["(start)", "a,b", "b,c"]);
    expect(p(two, "a,b", "b,c")).toBe(1);
    expect(two.pConv[two.labels.indexOf("b,c")]).toBe(1);
  });

  it("statesWith marks the states that contain a channel", () => {
    const c = buildChain(paths(), 1, "markovAttribution");
    const out = statesWith(c, paths().channels.indexOf("b"), new Uint8Array(c.nStates));
    expect(Array.from(out)).toEqual(c.labels.map((l) => (l === "b" ? 1 : 0)));
  });
});
