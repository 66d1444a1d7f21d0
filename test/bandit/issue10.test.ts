// Regression tests for issue 10 ("no silent wrong answers"), bandit part. Each `it` names the
// case; every one of them fails on commit 0c04e27.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addArm,
  banditFromJSON,
  chooseArm,
  chooseArmIndex,
  type ClienteleError,
  createBandit,
  createFactorialBandit,
  createRng,
  expectedLoss,
  factorMarginals,
  isClienteleError,
  probabilityBest,
  retireArm,
  shouldStop,
  simulateBandit,
  simulateBanditAsync,
  summarizeBandit,
  updateBandit,
  updateBanditBatch,
  updateBanditInPlace,
  type BanditState,
} from "../../src/bandit/index.js";
import { expectClienteleError, expectClienteleErrorAsync } from "../helpers/errors.js";

/** Every number in a result is finite (JSON would turn NaN and Infinity into null). */
function finiteDeep(v: unknown): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finiteDeep);
  if (v !== null && typeof v === "object") return Object.values(v).every(finiteDeep);
  return true;
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Cumulative pseudo-regret of Thompson sampling on Bernoulli arms, one run. */
function regretRun(means: number[], horizon: number, seed: number, mode: "state" | "rng" | "server"): { regret: number; picks: number[] } {
  let state = createBandit({ arms: means.length, seed });
  const rng = createRng(seed + 7919); // another stream than the state's own (which would give identical runs)
  const env = createRng(1_000_003 + seed);
  const best = Math.max(...means);
  let regret = 0;
  const picks: number[] = [];
  for (let t = 0; t < horizon; t++) {
    let k: number;
    if (mode === "server") {
      // a stateless server: load, choose, save; later load, update, save
      const loaded = banditFromJSON(JSON.parse(JSON.stringify(state)));
      k = chooseArmIndex(loaded);
      state = banditFromJSON(JSON.parse(JSON.stringify(loaded)));
    } else {
      k = chooseArmIndex(state, mode === "rng" ? { rng } : undefined);
    }
    picks.push(k);
    regret += best - means[k];
    updateBanditInPlace(state, k, env.uniform() < means[k] ? 1 : 0);
  }
  return { regret, picks };
}

describe("issue 10: a bandit served without rng keeps exploring", () => {
  const means = [0.1, 0.11, 0.12];

  it("regret without rng equals regret with one generator, within noise (200 seeded repetitions)", () => {
    const reps = 200;
    const horizon = 1000;
    const diffs: number[] = [];
    let withRng = 0;
    let without = 0;
    for (let r = 0; r < reps; r++) {
      const a = regretRun(means, horizon, r, "state").regret;
      const b = regretRun(means, horizon, r, "rng").regret;
      without += a;
      withRng += b;
      diffs.push(a - b);
    }
    const md = diffs.reduce((x, y) => x + y, 0) / reps;
    const sd = Math.sqrt(diffs.reduce((x, y) => x + (y - md) ** 2, 0) / (reps - 1));
    // before: createRng(0) on every call gave 39 vs 20.5 (issue 10), far outside this band
    expect(Math.abs(md)).toBeLessThan(3 * (sd / Math.sqrt(reps)));
    expect(without / reps).toBeLessThan(25);
    expect(withRng / reps).toBeLessThan(25);
  });

  it("a stateless server (JSON save/load around every call) makes exactly the in-memory choices", () => {
    for (const seed of [1, 2, 3]) {
      expect(regretRun(means, 150, seed, "server").picks).toEqual(regretRun(means, 150, seed, "state").picks);
    }
  });

  it("the JSON round trip preserves the stream: the next draw after save/load equals the next draw without it", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 30 }), (seed, calls) => {
        const s = createBandit({ arms: 4, seed });
        for (let i = 0; i < calls; i++) chooseArm(s);
        const loaded = banditFromJSON(JSON.parse(JSON.stringify(s)));
        expect(loaded.stream).toEqual(s.stream);
        const next = [chooseArm(s), chooseArm(s), chooseArm(s)];
        expect([chooseArm(loaded), chooseArm(loaded), chooseArm(loaded)]).toEqual(next);
      }),
      { numRuns: 40 },
    );
  });

  it("a fresh state's stream is the stream of createRng(seed) (default seed 0)", () => {
    for (const [seed, opts] of [
      [0, {}],
      [42, { seed: 42 }],
      [-7, { seed: -7 }],
      [2 ** 40 + 3, { seed: 2 ** 40 + 3 }],
    ] as const) {
      const a = createBandit({ arms: 5, policy: "epsilon-greedy", ...opts });
      const b = createBandit({ arms: 5, policy: "epsilon-greedy" });
      const rng = createRng(seed);
      for (let i = 0; i < 50; i++) expect(chooseArm(a)).toBe(chooseArm(b, { rng }));
    }
    expectClienteleError(() => createBandit({ arms: 2, seed: 1.5 }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, seed: 1e308 }), "INVALID_OPTION");
  });

  it("with rng the state is untouched; a frozen state without rng is refused instead of repeating draws", () => {
    const s = deepFreeze(createBandit({ arms: 3 }));
    expect(() => chooseArm(s, { rng: createRng(1) })).not.toThrow();
    expectClienteleError(() => chooseArm(s), "INVALID_INPUT");
    // a state saved before streams existed loads with the stream of seed 0
    const legacy = JSON.parse(JSON.stringify(createBandit({ arms: 3 }))) as Partial<BanditState>;
    delete legacy.stream;
    expect(banditFromJSON(legacy).stream).toEqual(createBandit({ arms: 3 }).stream);
  });
});

describe("issue 10: Gaussian sums of squares never overflow into a state its own loader rejects", () => {
  it("a reward whose square overflows is OUT_OF_RANGE (was: sumSq Infinity, then banditFromJSON failed)", () => {
    const g = createBandit({ arms: 2, reward: "gaussian" });
    expectClienteleError(() => updateBandit(g, 0, 1e200), "OUT_OF_RANGE");
    expectClienteleError(() => updateBanditInPlace(g, 0, -1e155), "OUT_OF_RANGE");
    expectClienteleError(() => updateBanditBatch(g, [{ arm: 0, count: 2, sum: 2e200, sumSq: 1e308 }]), "OUT_OF_RANGE");
    expect(g.pooled.sumSq).toEqual([0, 0]);
    const big = updateBandit(updateBandit(g, 0, 1e100), 0, -1e100);
    expect(banditFromJSON(JSON.parse(JSON.stringify(big)))).toEqual(big);
  });

  it("property: any sequence of valid updates yields a finite state that round-trips through JSON", () => {
    const reward = fc.oneof(
      fc.double({ min: -1e100, max: 1e100, noNaN: true }),
      fc.constantFrom(1e100, -1e100, 1e-300, 5e-324, 0, 1),
      fc.double({ min: -10, max: 10, noNaN: true }),
    );
    const entry = fc.oneof(
      fc.record({ arm: fc.integer({ min: 0, max: 2 }), reward, segment: fc.constantFrom(undefined, "vip", "__proto__", "constructor", 7) }),
      fc.record({ arm: fc.integer({ min: 0, max: 2 }), count: fc.integer({ min: 0, max: 1e6 }), mean: reward }),
    );
    fc.assert(
      fc.property(fc.constantFrom({}, { discount: 0.5 }, { discount: 0.999 }, { window: 3 }), fc.array(entry, { maxLength: 40 }), (extra, entries) => {
        let s = createBandit({ arms: 3, reward: "gaussian", minObservations: 1, ...extra });
        for (const e of entries) {
          if ("count" in e) {
            if (s.window > 0) continue;
            s = updateBanditBatch(s, [{ arm: e.arm, count: e.count, sum: e.count * e.mean, sumSq: e.count * e.mean * e.mean }]);
          } else {
            s = updateBandit(s, e.arm, e.reward, { segment: e.segment });
          }
        }
        const text = JSON.stringify(s);
        expect(finiteDeep(s)).toBe(true);
        expect(banditFromJSON(JSON.parse(text))).toEqual(s);
        for (const p of probabilityBest(s, { draws: 50 })) expect(p >= 0 && p <= 1).toBe(true);
        for (const l of expectedLoss(s, { draws: 50 })) expect(Number.isFinite(l)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe("issue 10: corrupted in-memory states and prototype names", () => {
  const corruptions: [string, (s: BanditState) => void][] = [
    ["negative count", (s) => (s.pooled.n[0] = -5)],
    ["NaN sum", (s) => (s.pooled.sum[0] = NaN)],
    ["missing arm statistics", (s) => (s.pooled.n = [1])],
    ["missing pooled block", (s) => delete (s as Partial<BanditState>).pooled],
    ["missing arms", (s) => delete (s as Partial<BanditState>).arms],
    ["string plays", (s) => ((s.pooled.plays as unknown[])[0] = "3")], // arm 0: the one every call below reads
    ["statistics not an object", (s) => ((s as { pooled: unknown }).pooled = [1, 2])],
    ["segments not an object", (s) => ((s as { segments: unknown }).segments = null)],
    ["bad prior", (s) => ((s.prior as { alpha: number }).alpha = -1)],
    ["every arm retired", (s) => (s.retired = [true, true])],
    ["bad policy", (s) => ((s.policy as { type: string }).type = "greedy")],
    ["bad stream", (s) => (s.stream = [0, 0, 0, 0])],
  ];
  const calls: [string, (s: BanditState) => unknown][] = [
    ["chooseArm", (s) => chooseArm(s)],
    ["chooseArm with rng", (s) => chooseArm(s, { rng: createRng(1) })],
    ["probabilityBest", (s) => probabilityBest(s, { draws: 10 })],
    ["expectedLoss", (s) => expectedLoss(s, { draws: 10 })],
    ["summarizeBandit", (s) => summarizeBandit(s, { draws: 10 })],
    ["shouldStop", (s) => shouldStop(s, { draws: 10 })],
    ["updateBandit", (s) => updateBandit(s, 0, 1)],
    ["updateBanditInPlace", (s) => updateBanditInPlace(s, 0, 1)],
    ["updateBanditBatch", (s) => updateBanditBatch(s, [{ arm: 0, reward: 1 }])],
    ["addArm", (s) => addArm(s, "z")],
    ["retireArm", (s) => retireArm(s, 0)],
  ];

  it("every function reading a corrupted state throws INVALID_MODEL (was: a wrong decision or a TypeError)", () => {
    for (const [what, corrupt] of corruptions) {
      for (const [name, call] of calls) {
        const s = updateBandit(createBandit({ arms: ["a", "b"] }), 1, 1);
        corrupt(s);
        const err = expectClienteleError(() => call(s), "INVALID_MODEL");
        expect(err.message.startsWith(name.split(" ")[0] + ":"), `${name} on ${what}`).toBe(true);
      }
    }
  });

  it("a corrupted segment block (also under an own __proto__ key) is INVALID_MODEL where it is read, and pollutes nothing", () => {
    const s = updateBandit(createBandit({ arms: ["a", "b"], minObservations: 0 }), 1, 1);
    s.segments = JSON.parse('{"__proto__": {"n": [1, 1], "sum": [-1, 0], "sumSq": [0, 0], "plays": [1, 1], "recent": null, "recentStart": null}}');
    expectClienteleError(() => chooseArm(s, { segment: "__proto__" }), "INVALID_MODEL");
    expectClienteleError(() => probabilityBest(s, { segment: "__proto__", draws: 10 }), "INVALID_MODEL");
    expectClienteleError(() => updateBandit(s, 0, 1), "INVALID_MODEL");
    expectClienteleError(() => banditFromJSON(JSON.parse(JSON.stringify(s))), "INVALID_MODEL");
    expectClienteleError(() => updateBanditInPlace(s, 0, 1, { segment: "__proto__" }), "INVALID_MODEL");
    expect(({} as Record<string, unknown>).n).toBeUndefined();
  });

  it('segment names equal to Object.prototype members work, and 7 and "7" are one segment', () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      let s = createBandit({ arms: ["a", "b"], policy: { type: "epsilon-greedy", epsilon: 0 }, minObservations: 2 });
      s = updateBanditBatch(s, [{ arm: "a", count: 100, sum: 90 }]); // pooled: "a" is best
      s = updateBandit(s, "b", 1, { segment: name });
      s = updateBandit(s, "a", 0, { segment: name });
      expect(Object.keys(s.segments)).toEqual([name]);
      expect(chooseArm(s, { segment: name })).toBe("b"); // own statistics, not dropped
      const back = banditFromJSON(JSON.parse(JSON.stringify(s)));
      expect(Object.keys(back.segments)).toEqual([name]);
      expect(chooseArm(back, { segment: name })).toBe("b");
      expect(summarizeBandit(back, { segment: name, draws: 100 }).segmentUsed).toBe(name);
      expect(({} as Record<string, unknown>).n).toBeUndefined(); // no prototype pollution
    }
    let s = updateBandit(createBandit({ arms: 2 }), 0, 1, { segment: 7 });
    s = updateBanditBatch(s, [{ arm: 1, reward: 1, segment: "7" }]);
    expect(Object.keys(s.segments)).toEqual(["7"]);
    expect(s.segments["7"].plays).toEqual([1, 1]);
  });

  it("factor names equal to Object.prototype members are kept (was: __proto__ silently dropped)", () => {
    const factors = JSON.parse('{"constructor":["a","b"],"toString":["x","y"],"__proto__":["p","q"]}') as Record<string, string[]>;
    const b = createFactorialBandit({ factors });
    expect(b.factors?.names).toEqual(["constructor", "toString", "__proto__"]);
    expect(b.arms).toHaveLength(8);
    expect(factorMarginals(b, { draws: 100 }).map((m) => m.factor)).toEqual(["constructor", "toString", "__proto__"]);
    expect(banditFromJSON(JSON.parse(JSON.stringify(b)))).toEqual(b);
  });

  it("count options are capped by the work they imply (was: factorMarginals({ draws: 1e308 }) never returned)", () => {
    const f = createFactorialBandit({ factors: { a: ["x", "y"], b: ["u", "v"] } });
    expectClienteleError(() => factorMarginals(f, { draws: 1e308 }), "INVALID_OPTION");
    expectClienteleError(() => probabilityBest(createBandit({ arms: 2 }), { draws: 1e308 }), "INVALID_OPTION");
    expectClienteleError(() => probabilityBest(createBandit({ arms: 1000 }), { draws: 1e6 }), "TOO_LARGE");
    const o = { armMeans: [0.1, 0.2], horizon: 1e9 };
    expectClienteleError(() => simulateBandit("thompson", { ...o, repetitions: 1e7 }), "TOO_LARGE");
    expectClienteleError(
      () => simulateBandit("thompson", { armMeans: [0.1], horizon: 1e6, repetitions: 100, checkpoints: Array.from({ length: 200_000 }, (_, i) => i + 1) }),
      "TOO_LARGE",
    );
    expectClienteleError(() => updateBanditBatch(createBandit({ arms: 1 }), [{ arm: 0, count: 2 ** 53, sum: 0 }]), "TOO_LARGE");
  });
});

describe("issue 10: simulateBandit can be stopped in wall-clock time", () => {
  it("simulateBanditAsync: AbortSignal.timeout(50) stops a run that would take minutes, inside a repetition", async () => {
    const run = simulateBanditAsync("thompson", { armMeans: [0.1, 0.2, 0.3], horizon: 1e9, repetitions: 1, signal: AbortSignal.timeout(50) });
    await expectClienteleErrorAsync(() => run, "ABORTED");
  });

  it("simulateBanditAsync gives the same result as simulateBandit; input errors reject with codes", async () => {
    const o = { armMeans: [0.1, 0.2, 0.3], horizon: 20_000, repetitions: 3, seed: 4 };
    expect(await simulateBanditAsync("epsilon-greedy", o)).toEqual(simulateBandit("epsilon-greedy", o));
    await expectClienteleErrorAsync(() => simulateBanditAsync("thompson", { ...o, horizon: 0 }), "INVALID_OPTION");
    await expectClienteleErrorAsync(() => simulateBanditAsync("thompson", { ...o, signal: 5 as never }), "INVALID_OPTION");
  });

  it("the synchronous run checks its signal inside a repetition (every 8,192 steps)", () => {
    const ac = new AbortController();
    let checks = 0;
    const signal = new Proxy(ac.signal, {
      get(target, key) {
        if (key === "aborted") return ++checks > 3; // fires during the first repetition
        const v = Reflect.get(target, key, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    let progress = 0;
    expectClienteleError(
      () => simulateBandit("ucb1", { armMeans: [0.1, 0.2], horizon: 1e6, repetitions: 2, signal: signal as AbortSignal, onProgress: () => progress++ }),
      "ABORTED",
    );
    expect(progress).toBe(0);
  });
});

describe("issue 10: unknown options are rejected by every bandit export", () => {
  const s = createBandit({ arms: ["a", "b"] });
  const f = createFactorialBandit({ factors: { x: ["1", "2"] } });
  const cases: [string, () => unknown, string][] = [
    ["chooseArm", () => chooseArm(s, { rgn: createRng(1) } as never), "rng"],
    ["chooseArmIndex", () => chooseArmIndex(s, { segmnet: "x" } as never), "segment"],
    ["updateBandit", () => updateBandit(s, 0, 1, { segmnet: "x" } as never), "segment"],
    ["updateBanditInPlace", () => updateBanditInPlace(createBandit({ arms: 2 }), 0, 1, { segmnet: "x" } as never), "segment"],
    ["probabilityBest", () => probabilityBest(s, { draw: 10 } as never), "draws"],
    ["expectedLoss", () => expectedLoss(s, { seed: 1 } as never), "rng"],
    ["summarizeBandit", () => summarizeBandit(s, { segments: "x" } as never), "segment"],
    ["shouldStop", () => shouldStop(s, { lossThreshhold: 0.01 } as never), "lossThreshold"],
    ["factorMarginals", () => factorMarginals(f, { drws: 10 } as never), "draws"],
    ["createBandit", () => createBandit({ arms: 2, windw: 3 } as never), "window"],
    ["createFactorialBandit", () => createFactorialBandit({ factors: { x: ["1"] }, polcy: "ucb1" } as never), "policy"],
    ["simulateBandit", () => simulateBandit({ policy: "thompson", discont: 0.9 } as never, { armMeans: [0.1], horizon: 10 }), "discount"],
    ["simulateBandit", () => simulateBandit("thompson", { armMeans: [0.1], horizon: 10, repetition: 3 } as never), "repetitions"],
    ["updateBanditBatch", () => updateBanditBatch(s, [{ arm: 0, reward: 1 }, { arm: 0, reward: 1, segmnet: "x" } as never]), "segment"],
  ];
  it.each(cases)("%s names the unknown key and the nearest valid one", (fn, call, near) => {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    expect(isClienteleError(err)).toBe(true);
    const e = err as ClienteleError;
    expect(["INVALID_OPTION", "INVALID_INPUT"]).toContain(e.code);
    expect(e.message).toMatch(new RegExp(`^${fn}: `));
    expect(e.message).toContain(`"${near}"`);
  });

  it("rng, segment and signal options are validated", () => {
    expectClienteleError(() => chooseArm(s, { rng: Math } as never), "INVALID_OPTION");
    expectClienteleError(() => probabilityBest(s, { rng: {} as never }), "INVALID_OPTION");
    expectClienteleError(() => probabilityBest(s, { segment: null as never }), "INVALID_OPTION");
    expectClienteleError(() => simulateBandit("thompson", { armMeans: [0.1], horizon: 10, signal: 5 as never }), "INVALID_OPTION");
    expectClienteleError(() => simulateBandit("thompson", { armMeans: [0.1], horizon: 10, onProgress: 5 as never }), "INVALID_OPTION");
  });
});

describe("issue 10: fuzzing every bandit export with bad arguments", () => {
  const bad: unknown[] = [
    null,
    undefined,
    NaN,
    Infinity,
    -1,
    0,
    1e308,
    -1e308,
    "",
    "x",
    "__proto__",
    [],
    [NaN],
    {},
    { __proto__: { polluted: 1 } },
    true,
    () => 1,
    Symbol("s"),
    2 ** 53,
  ];

  it("every call returns a finite result or throws a ClienteleError naming the function", () => {
    const make = () => updateBandit(createBandit({ arms: ["a", "b"] }), 0, 1, { segment: "s" });
    const makeG = () => updateBandit(createBandit({ arms: 2, reward: "gaussian" }), 0, 3);
    const fac = () => createFactorialBandit({ factors: { x: ["1", "2"] } });
    const exports: [string, unknown[], (...a: unknown[]) => unknown][] = [
      ["createBandit", [{ arms: 2 }], (a) => createBandit(a as never)],
      [
        "createBandit",
        [
          {
            arms: ["a", "b"],
            policy: { type: "ucb1", scale: 2 },
            reward: "gaussian",
            prior: { mean: 1, kappa: 1, alpha: 2, beta: 3 },
            discount: 0.9,
            minObservations: 5,
            seed: 3,
          },
        ],
        (a) => createBandit(a as never),
      ],
      ["createBandit", [{ arms: 2, policy: { type: "epsilon-greedy", epsilon: 0.2, decay: 1 }, window: 4 }], (a) => createBandit(a as never)],
      ["createFactorialBandit", [{ factors: { x: ["1"] } }], (a) => createFactorialBandit(a as never)],
      ["banditFromJSON", [JSON.parse(JSON.stringify(make()))], (a) => banditFromJSON(a)],
      ["chooseArm", [make(), { rng: createRng(1) }], (a, b) => chooseArm(a as never, b as never)],
      ["chooseArmIndex", [make(), {}], (a, b) => chooseArmIndex(a as never, b as never)],
      ["updateBandit", [make(), 0, 1, {}], (a, b, c, d) => updateBandit(a as never, b as never, c as never, d as never)],
      ["updateBandit", [makeG(), 1, 2, {}], (a, b, c, d) => updateBandit(a as never, b as never, c as never, d as never)],
      ["updateBanditInPlace", [make(), "a", 0, {}], (a, b, c, d) => updateBanditInPlace(a as never, b as never, c as never, d as never)],
      ["updateBanditBatch", [make(), [{ arm: 0, count: 3, sum: 1 }]], (a, b) => updateBanditBatch(a as never, b as never)],
      ["updateBanditBatch", [makeG(), [{ arm: 0, count: 3, sum: 1, sumSq: 1 }]], (a, b) => updateBanditBatch(a as never, b as never)],
      ["addArm", [make(), "c"], (a, b) => addArm(a as never, b as never)],
      ["retireArm", [make(), 1], (a, b) => retireArm(a as never, b as never)],
      ["probabilityBest", [make(), { draws: 20 }], (a, b) => probabilityBest(a as never, b as never)],
      ["expectedLoss", [makeG(), { draws: 20 }], (a, b) => expectedLoss(a as never, b as never)],
      ["summarizeBandit", [make(), { draws: 20, segment: "s" }], (a, b) => summarizeBandit(a as never, b as never)],
      ["shouldStop", [make(), { draws: 20, lossThreshold: 0.1 }], (a, b) => shouldStop(a as never, b as never)],
      ["factorMarginals", [fac(), { draws: 20 }], (a, b) => factorMarginals(a as never, b as never)],
      ["simulateBandit", ["ucb1", { armMeans: [0.1, 0.2], horizon: 50, repetitions: 2 }], (a, b) => simulateBandit(a as never, b as never)],
      [
        "simulateBandit",
        [
          { policy: "thompson", prior: { mean: 0, beta: 2 }, discount: 0.9 },
          {
            armMeans: [1, 2],
            horizon: 40,
            repetitions: 2,
            seed: 1,
            reward: "gaussian",
            rewardSd: 2,
            checkpoints: [10, 40],
            changes: [{ step: 20, armMeans: [2, 1] }],
          },
        ],
        (a, b) => simulateBandit(a as never, b as never),
      ],
    ];
    const rng = createRng(10);
    let calls = 0;
    for (const [name, args, call] of exports) {
      expect(() => call(...args), name).not.toThrow();
      // each argument alone replaced by every bad value, and each option key of an object argument
      for (let i = 0; i < args.length; i++) {
        const variants: unknown[][] = bad.map((b) => args.map((a, j) => (j === i ? b : a)));
        const arg = args[i];
        if (arg !== null && typeof arg === "object" && !Array.isArray(arg) && (arg as { kind?: unknown }).kind !== "bandit") {
          for (const key of Object.keys(arg as object)) {
            for (const b of bad) variants.push(args.map((a, j) => (j === i ? { ...(a as object), [key]: b } : a)));
            const sub = (arg as Record<string, unknown>)[key];
            if (sub !== null && typeof sub === "object" && !Array.isArray(sub)) {
              for (const sk of Object.keys(sub)) {
                for (const b of bad) variants.push(args.map((a, j) => (j === i ? { ...(a as object), [key]: { ...(sub as object), [sk]: b } } : a)));
              }
            }
          }
        }
        for (const v of variants) {
          // fresh states: in-place functions must not leak between variants
          const fresh = v.map((a, j) =>
            j === 0 && a !== null && typeof a === "object" && (a as { kind?: unknown }).kind === "bandit" ? JSON.parse(JSON.stringify(a)) : a,
          );
          if (fresh[0] !== null && typeof fresh[0] === "object" && (fresh[0] as { kind?: unknown }).kind === "bandit" && name !== "banditFromJSON") {
            fresh[0] = banditFromJSON(fresh[0]);
          }
          calls++;
          try {
            const out = call(...fresh);
            expect(finiteDeep(out), `${name}(${i}) result`).toBe(true);
          } catch (e) {
            expect(isClienteleError(e), `${name} arg ${i}: ${String(e)}`).toBe(true);
            expect((e as Error).message.startsWith(`${name}:`), `${name}: ${(e as Error).message}`).toBe(true);
          }
        }
      }
      rng.uniform();
    }
    expect(calls).toBeGreaterThan(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("issue 10: one casing for kind tags and enum values", () => {
  it("kind, policy names and reward models are lowercase kebab-case", () => {
    const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
    for (const policy of ["thompson", "ucb1", "epsilon-greedy"] as const) {
      for (const reward of ["bernoulli", "gaussian"] as const) {
        const b = createBandit({ arms: 2, policy, reward });
        expect(b.kind).toMatch(kebab);
        expect(b.policy.type).toMatch(kebab);
        expect(b.reward).toMatch(kebab);
        expect(simulateBandit(policy, { armMeans: [0.1, 0.2], horizon: 10, repetitions: 1 }).policy).toMatch(kebab);
      }
    }
  });
});
