// One saved-model schema builder (src/clv/saved-model.ts) for every clv model kind: the same
// field rules, legacy tags and errors whichever kind is loaded.
import { describe, expect, it } from "vitest";
import * as clv from "../../src/clv/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const rft = { frequency: [2, 1, 0, 3, 0, 5], recency: [30, 2, 0, 20, 0, 33], T: [39, 39, 39, 35, 20, 38] };
const kinds = [
  { tag: "bg-nbd", legacy: "bgnbd", model: clv.fitBgNbd(rft, { timeUnit: "week" }), load: clv.bgNbdFromJSON, param: "r" },
  { tag: "mbg-nbd", legacy: "mbgnbd", model: clv.fitMbgNbd(rft, { timeUnit: "week" }), load: clv.mbgNbdFromJSON, param: "a" },
  { tag: "pareto-nbd", legacy: "paretonbd", model: clv.fitParetoNbd(rft, { timeUnit: "week" }), load: clv.paretoNbdFromJSON, param: "s" },
  {
    tag: "bg-bb",
    legacy: "bgbb",
    model: clv.fitBgBb({ frequency: [0, 1, 2, 6], recency: [0, 3, 5, 6], periods: [6, 6, 6, 6], weights: [3464, 129, 173, 1203] }),
    load: (j: unknown) => clv.bgbbFromJSON(j),
    param: "delta",
  },
  {
    tag: "gamma-gamma",
    legacy: "gammagamma",
    model: clv.fitGammaGamma({ frequency: [2, 1, 0, 5, 3], monetary: [22.35, 11.77, 0, 40.1, 18] }),
    load: (j: unknown) => clv.gammaGammaFromJSON(j),
    param: "q",
  },
] as const;

const saved = (m: object) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>;

describe.each(kinds)("saved $tag model", ({ tag, legacy, model, load, param }) => {
  it("round-trips through JSON with the same fields", () => {
    const back = load(saved(model));
    expect(back).toEqual(model);
    expect(Object.keys(back).sort()).toEqual(Object.keys(model).sort());
  });

  it("loads the tag saved before 0.2 under the current one", () => {
    expect(load({ ...saved(model), kind: legacy }).kind).toBe(tag);
  });

  it("rejects a parameter outside (0, 1e10] and a negative standard error as INVALID_MODEL, naming the field", () => {
    const s = saved(model);
    for (const bad of [0, -1, 1e11]) {
      const e = expectClienteleError(() => load({ ...s, params: { ...(s.params as object), [param]: bad } }), "INVALID_MODEL");
      expect(e.path).toEqual(["model", "params", param]);
    }
    const e = expectClienteleError(() => load({ ...s, standardErrors: { ...(s.standardErrors as object), [param]: -1 } }), "INVALID_MODEL");
    expect(e.path).toEqual(["model", "standardErrors", param]);
  });

  it("rejects an unknown field, a missing field and another version", () => {
    const s = saved(model);
    expectClienteleError(() => load({ ...s, extra: 1 }), "INVALID_MODEL");
    const { nIter: _nIter, ...missing } = s;
    expectClienteleError(() => load(missing), "INVALID_MODEL");
    expectClienteleError(() => load({ ...s, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    expectClienteleError(() => load({ ...s, kind: tag === "bg-nbd" ? "pareto-nbd" : "bg-nbd" }), "WRONG_MODEL_KIND");
  });
});

describe("transaction models saved without boundary", () => {
  it("load with a fresh [] each time (not one shared array)", () => {
    const { boundary: _b, ...old } = saved(kinds[0].model);
    const a = clv.bgNbdFromJSON(old);
    const b = clv.bgNbdFromJSON(old);
    expect(a.boundary).toEqual([]);
    expect(a.boundary).not.toBe(b.boundary);
  });
});
