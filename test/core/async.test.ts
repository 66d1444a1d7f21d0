// Core contracts added for issue 10: cross-build ClienteleError, the async driver, the id rule,
// JSON views of typed-array results, one month length.
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import { runAsync, runSync, type Steps } from "../../src/core/async.js";

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
