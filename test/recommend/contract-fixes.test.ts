// Regression tests for the contract/fuzz violations found by test/contract.test.ts and test/fuzz
// in clientele/recommend (after the issue-10 work). Each fails on the code before the fix (commit 521eccd).
import { describe, expect, it } from "vitest";
import {
  compareToPopularity,
  createRng,
  evaluateRanking,
  fitAls,
  fitHybrid,
  fitItemKnn,
  fitPopularity,
  foldInUser,
  hybridFromJSON,
  interactionsFromJSON,
  simulateInteractions,
  splitInteractions,
} from "../../src/recommend/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const m = simulateInteractions({ nUsers: 30, nItems: 15, seed: 3 }).interactions;
const als = fitAls(m, { factors: 3, iterations: 2, rng: createRng(1) });
const saved = () => JSON.parse(JSON.stringify(m));

describe("interactionsFromJSON uses the saved-model codes (old: INVALID_INPUT for all)", () => {
  it("tampered kind, version, indptr and a __proto__ key", () => {
    expectClienteleError(() => interactionsFromJSON({ ...saved(), kind: "als" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => interactionsFromJSON({ ...saved(), version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    const bad = saved();
    bad.indptr[1] = -1;
    expectClienteleError(() => interactionsFromJSON(bad), "INVALID_MODEL");
    const proto = JSON.parse(JSON.stringify(m).replace(/^\{/, '{"__proto__":{"polluted":1},'));
    const e = expectClienteleError(() => interactionsFromJSON(proto), "INVALID_MODEL");
    expect(e.message).toMatch(/^interactionsFromJSON: /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectClienteleError(() => interactionsFromJSON(null), "INVALID_MODEL");
    expect(interactionsFromJSON(saved())).toEqual(m);
  });
});

describe("hybridFromJSON rejects a top-level __proto__ key (old: accepted)", () => {
  it("INVALID_MODEL, no pollution; clean round trip still loads", () => {
    const h = fitHybrid([
      { model: fitPopularity(m), weight: 1 },
      { model: fitItemKnn(m, { neighbors: 5 }), weight: 1 },
    ]);
    const text = JSON.stringify(h);
    expect(hybridFromJSON(JSON.parse(text)).kind).toBe("hybrid");
    const evil = JSON.parse(text.replace(/^\{/, '{"__proto__":{"polluted":1},'));
    expectClienteleError(() => hybridFromJSON(evil), "INVALID_MODEL");
    expect(expectClienteleError(() => hybridFromJSON({ ...JSON.parse(text), extra: 1 }), "INVALID_MODEL").path).toEqual(["model", "extra"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("compareToPopularity checks its options argument (old: null, 5, [] ran)", () => {
  const split = splitInteractions(m, { rng: createRng(1) });
  it.each([null, 5, [], "k"])("options = %j is INVALID_OPTION", (bad) => {
    const e = expectClienteleError(() => compareToPopularity(split, { als }, bad as never), "INVALID_OPTION");
    expect(e.message).toMatch(/^compareToPopularity: /);
  });
  it("omitted and {} options still run", () => {
    expect(compareToPopularity(split, { als }).length).toBe(2);
    expect(compareToPopularity(split, { als }, { k: 5 }).length).toBe(2);
  });
});

describe("empty inputs are EMPTY_INPUT, not zeros", () => {
  it("foldInUser(als, []) (old: [0, 0, 0])", () => {
    const e = expectClienteleError(() => foldInUser(als, []), "EMPTY_INPUT");
    expect(e.message).toMatch(/^foldInUser: /);
    expect(foldInUser(als, [String(m.itemIds[0])]).length).toBe(3);
  });
  it("evaluateRanking([], test) (old: every metric 0 with users: 30)", () => {
    const { test } = splitInteractions(m, { rng: createRng(1) });
    const e = expectClienteleError(() => evaluateRanking([], test), "EMPTY_INPUT");
    expect(e.message).toMatch(/^evaluateRanking: /);
  });
});
