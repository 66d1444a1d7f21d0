// Core contracts added for issue 10: cross-build ClienteleError, the async driver, the id rule,
// JSON views of typed-array results, one month length.
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { ClienteleError, isClienteleError } from "../../src/core/errors.js";
import { runAsync, runSync, type Steps } from "../../src/core/async.js";
import { idKey } from "../../src/core/ids.js";
import { jsonColumns } from "../../src/core/json.js";
import { DAYS_PER_MONTH, LIFETIMES_WEEKS_PER_MONTH, daysPerUnit, unitsPer } from "../../src/core/time.js";
import { createRng } from "../../src/core/rng.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("ClienteleError across copies of the library", () => {
  it("an error from a second copy of the module (as the CJS build is in a mixed app) is instanceof the first", async () => {
    vi.resetModules();
    const other = (await import("../../src/core/errors.js?copy=2" as string)) as typeof import("../../src/core/errors.js");
    expect(other.ClienteleError).not.toBe(ClienteleError);
    const e = new other.ClienteleError({ code: "EMPTY_INPUT", message: "x" });
    expect(e instanceof ClienteleError).toBe(true);
    expect(isClienteleError(e)).toBe(true);
    expect(new ClienteleError({ code: "EMPTY_INPUT", message: "x" }) instanceof other.ClienteleError).toBe(true);
    expect(new Error("x") instanceof ClienteleError).toBe(false);
    expect((null as unknown) instanceof ClienteleError).toBe(false);
    expect(e instanceof Error).toBe(true);
  });
});

function* counter(n: number): Steps<number> {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += i;
    yield;
  }
  return s;
}

function* busy(): Steps<number> {
  // Seconds of work if never stopped; yields every ~1 ms of work.
  let x = 0;
  for (let i = 0; i < 1e6; i++) {
    const t = performance.now();
    while (performance.now() - t < 1) x++;
    yield;
  }
  return x;
}

describe("async driver", () => {
  it("sync and async runs give the same result", async () => {
    expect(runSync(counter(1000))).toBe(499500);
    expect(await runAsync(counter(1000), "f")).toBe(499500);
  });

  it("AbortSignal.timeout stops a long generator fit in wall-clock time with ABORTED naming the function", async () => {
    const t0 = Date.now();
    const err = await runAsync(busy(), "fitThingAsync", AbortSignal.timeout(50)).catch((e) => e);
    expect(err).toBeInstanceOf(ClienteleError);
    expect(err.code).toBe("ABORTED");
    expect(err.message).toMatch(/^fitThingAsync: aborted/);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it("an already-aborted signal stops before any work", async () => {
    const c = new AbortController();
    c.abort();
    await expect(runAsync(counter(10), "f", c.signal)).rejects.toMatchObject({ code: "ABORTED" });
  });
});

describe("one id rule", () => {
  it("7 and \"7\" are the same id; bad ids have codes", () => {
    expect(idKey(7, "f", ["ids", 0])).toBe(idKey("7", "f", ["ids", 1]));
    expectClienteleError(() => idKey(null, "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey(undefined, "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey("", "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey("  ", "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey(NaN, "f", ["ids", 0]), "INVALID_ID");
    expectClienteleError(() => idKey({}, "f", ["ids", 0]), "INVALID_ID");
  });

  it("numeric ids map to their string form (property)", () => {
    fc.assert(fc.property(fc.integer(), (n) => idKey(n, "f", []) === idKey(String(n), "f", [])));
  });
});

describe("JSON view of columnar results", () => {
  it("typed arrays serialize as arrays, and enumerable fields are unchanged", () => {
    const r = jsonColumns({ id: ["a", "b"], x: new Float64Array([1, 2.5]), nested: { y: new Int32Array([3]) } });
    expect(JSON.parse(JSON.stringify(r))).toEqual({ id: ["a", "b"], x: [1, 2.5], nested: { y: [3] } });
    expect(Object.keys(r)).toEqual(["id", "x", "nested"]);
    expect(r.x).toBeInstanceOf(Float64Array);
    const bare = jsonColumns(new Float64Array([0.5, 1]));
    expect(JSON.stringify(bare)).toBe("[0.5,1]");
    expect(JSON.stringify({ p: bare })).toBe('{"p":[0.5,1]}');
    expect(bare[1]).toBe(1);
  });
});

describe("time units", () => {
  it("one month: 365.25 / 12 days; lifetimes' 4.345 weeks is a separate, named constant", () => {
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(daysPerUnit("week")).toBe(7);
    expect(unitsPer("month", "week")).toBeCloseTo(4.348214, 6);
    expect(LIFETIMES_WEEKS_PER_MONTH).toBe(4.345);
  });
});

describe("Rng arguments and seeds", () => {
  it("rejects seeds that are not safe integers (1e308 used to alias seed 0)", () => {
    expectClienteleError(() => createRng(1e308), "INVALID_INPUT");
    expectClienteleError(() => createRng(2 ** 53), "INVALID_INPUT");
    expect(createRng(2 ** 53 - 1).uniform()).toBeGreaterThan(0);
  });

  it("methods reject invalid arguments instead of returning NaN or 0", () => {
    const r = createRng(1);
    expectClienteleError(() => r.int(0), "INVALID_INPUT");
    expectClienteleError(() => r.int(2.5), "INVALID_INPUT");
    expectClienteleError(() => r.gamma(0), "INVALID_INPUT");
    expectClienteleError(() => r.beta(1, NaN), "INVALID_INPUT");
    expectClienteleError(() => r.poisson(NaN), "INVALID_INPUT");
    expectClienteleError(() => r.poisson(-1), "INVALID_INPUT");
    expectClienteleError(() => r.normal(0, -1), "INVALID_INPUT");
    expectClienteleError(() => r.exponential(0), "INVALID_INPUT");
    expectClienteleError(() => r.categorical([0, 0]), "INVALID_INPUT");
    expectClienteleError(() => r.categorical([1, -1]), "INVALID_INPUT");
    expectClienteleError(() => r.categorical([]), "INVALID_INPUT");
    expect(r.poisson(0)).toBe(0);
  });
});
