// The hot path (chooseArm / chooseArmIndex / updateBanditInPlace) checks the state with
// comparison-only predicates and remembers checked arm-name lists per array (src/bandit/fastcheck.ts).
// These tests corrupt states IN PLACE after the hot path has seen (and remembered) them, and
// compare the hot path with the fully checked path on randomly corrupted states.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  chooseArm,
  chooseArmIndex,
  createBandit,
  createRng,
  isClienteleError,
  updateBandit,
  updateBanditInPlace,
  type BanditState,
} from "../../src/bandit/index.js";
import { chooseIndexChecked, updateInPlaceChecked } from "../../src/bandit/policy.js";

type Mut = (s: BanditState) => void;
const set =
  (get: (s: BanditState) => unknown, key: string | number, value: unknown): Mut =>
  (s) => {
    (get(s) as Record<string | number, unknown>)[key] = value;
  };

/** In-place corruptions a host could make between calls (every one is INVALID_MODEL for the full checks). */
const IN_PLACE: [string, Mut][] = [
  ["kind", set((s) => s, "kind", "bandits")],
  ["reward", set((s) => s, "reward", "poisson")],
  ["policy type", set((s) => s.policy, "type", "greedy")],
  ["prior alpha NaN", set((s) => s.prior, "alpha", NaN)],
  ["prior beta string", set((s) => s.prior, "beta", "1")],
  ["discount 2", set((s) => s, "discount", 2)],
  ["window 1.5", set((s) => s, "window", 1.5)],
  ["minObservations -1", set((s) => s, "minObservations", -1)],
  ["arms pushed (length no longer matches)", (s) => s.arms.push("extra")],
  ["arms emptied", (s) => (s.arms.length = 0)],
  ["retired flag 1", set((s) => s.retired, 0, 1)],
  ["every arm retired in place", (s) => s.retired.fill(true)],
  ["stream word 1.5", set((s) => s.stream, 0, 1.5)],
  ["stream word string", set((s) => s.stream, 1, "7")],
  ["stream all zero", (s) => s.stream.fill(0)],
  ["n negative", set((s) => s.pooled.n, 0, -1)],
  ["sum NaN", set((s) => s.pooled.sum, 0, NaN)],
  ["sum above n", set((s) => s.pooled.sum, 0, 1e6)],
  ["sumSq Infinity", set((s) => s.pooled.sumSq, 0, Infinity)],
  ["plays fractional", set((s) => s.pooled.plays, 0, 2.5)],
  ["plays string", set((s) => s.pooled.plays, 0, "3")],
  ["n array shortened", (s) => s.pooled.n.pop()],
  ["recent not null without window", set((s) => s.pooled, "recent", [])],
  ["segments null", set((s) => s, "segments", null)],
  ["factors a number", set((s) => s, "factors", 3)],
];

function warm(seed = 1): BanditState {
  const s = createBandit({ arms: ["a", "b", "c"], seed });
  const rng = createRng(seed);
  for (let i = 0; i < 200; i++) {
    const k = chooseArmIndex(s);
    chooseArmIndex(s, { rng });
    updateBanditInPlace(s, k, (i * 7) % 3 === 0 ? 1 : 0);
  }
  return s;
}

function errorOf(f: () => unknown): { code: string; message: string } | undefined {
  try {
    f();
  } catch (e) {
    if (!isClienteleError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  return undefined;
}

describe("hot path: states corrupted in place after the hot path has seen them", () => {
  it("every in-place corruption is INVALID_MODEL (or the header codes) for choose, choose with rng and update", () => {
    for (const [what, corrupt] of IN_PLACE) {
      for (const call of [
        (s: BanditState) => chooseArmIndex(s),
        (s: BanditState) => chooseArm(s, { rng: createRng(3) }),
        (s: BanditState) => updateBanditInPlace(s, 0, 1),
      ]) {
        const s = warm();
        corrupt(s);
        const err = errorOf(() => call(s));
        expect(err, what).toBeDefined();
        expect(["INVALID_MODEL", "WRONG_MODEL_KIND"], what).toContain(err?.code);
      }
    }
  });

  it("a corruption leaves nothing changed: no stream advance, no partial update", () => {
    const s = warm();
    s.pooled.sum[2] = NaN;
    const before = JSON.stringify(s);
    expect(() => chooseArmIndex(s)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    expect(() => updateBanditInPlace(s, 2, 1)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    expect(JSON.stringify(s)).toBe(before);
  });

  it("an arm name changed in place in a remembered list: chooseArm never returns it, updates by name never match it", () => {
    const s = createBandit({ arms: ["a", "b"], policy: { type: "epsilon-greedy", epsilon: 0 } });
    for (let i = 0; i < 50; i++) updateBanditInPlace(s, chooseArm(s), 1);
    (s.arms as unknown[])[0] = 42;
    (s.arms as unknown[])[1] = "";
    expect(() => chooseArm(s)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    expect(() => updateBanditInPlace(s, "", 1)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    // a replaced list is checked again in full, also by chooseArmIndex
    s.arms = ["a", 7 as unknown as string];
    expect(() => chooseArmIndex(s)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
  });

  it("a retired list replaced (or grown) between updates is checked again", () => {
    const s = warm();
    s.retired = [true, true, true];
    expect(() => updateBanditInPlace(s, 0, 1)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    const t = warm();
    t.retired.push(false);
    expect(() => updateBanditInPlace(t, 0, 1)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
  });

  it("corrupted window buffers and segment blocks are caught on the hot path", () => {
    const s = createBandit({ arms: 2, window: 5, minObservations: 0 });
    for (let i = 0; i < 20; i++) updateBanditInPlace(s, chooseArmIndex(s, { segment: "m" }), 1, { segment: "m" });
    s.pooled.recent?.[0].push(1); // one more buffered reward than n[0]
    expect(() => chooseArmIndex(s)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    expect(() => updateBanditInPlace(s, 0, 1)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    const t = updateBandit(createBandit({ arms: 2, minObservations: 0 }), 0, 1, { segment: "m" });
    chooseArmIndex(t, { segment: "m" });
    t.segments.m.n[1] = -3;
    expect(() => chooseArmIndex(t, { segment: "m" })).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    expect(() => updateBanditInPlace(t, 1, 1, { segment: "m" })).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
  });
});

describe("hot path: same answer as the fully checked path", () => {
  const fields: ((s: BanditState) => [object, string | number])[] = [
    (s) => [s, "kind"],
    (s) => [s, "version"],
    (s) => [s, "reward"],
    (s) => [s, "discount"],
    (s) => [s, "window"],
    (s) => [s, "minObservations"],
    (s) => [s.policy, "type"],
    (s) => [s.policy, "scale"],
    (s) => [s.policy, "epsilon"],
    (s) => [s.policy, "decay"],
    (s) => [s.prior, "alpha"],
    (s) => [s.prior, "beta"],
    (s) => [s.prior, "mean"],
    (s) => [s.prior, "kappa"],
    (s) => [s.retired, 1],
    (s) => [s.stream, 2],
    (s) => [s.pooled.n, 1],
    (s) => [s.pooled.sum, 1],
    (s) => [s.pooled.sumSq, 0],
    (s) => [s.pooled.plays, 1],
    (s) => [s.pooled, "recent"],
    (s) => [s, "segments"],
    (s) => [s, "factors"],
  ];
  const values = fc.constantFrom<unknown>(
    NaN,
    Infinity,
    -Infinity,
    -1,
    -0,
    0,
    0.5,
    1,
    2,
    1.5,
    1e101,
    1e300,
    2 ** 32,
    2 ** 53,
    "1",
    "",
    null,
    undefined,
    true,
    false,
    [],
    {},
    "thompson",
    "ucb1",
    "epsilon-greedy",
    "gaussian",
    "bernoulli",
    "bandit",
  );

  it("for a random in-place change of any field: the same decision and state, or the same error (code and message)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("thompson", "ucb1", "epsilon-greedy"),
        fc.constantFrom("bernoulli", "gaussian"),
        fc.integer({ min: 0, max: fields.length - 1 }),
        values,
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (policy, reward, field, value, withRng, seed) => {
          const make = () => {
            const s = createBandit({ arms: 3, policy: policy as "thompson", reward: reward as "bernoulli", seed });
            for (let i = 0; i < 30; i++) updateBanditInPlace(s, chooseArmIndex(s), i % 4 === 0 ? 1 : 0);
            const [obj, key] = fields[field](s);
            (obj as Record<string | number, unknown>)[key] = value;
            return s;
          };
          const fast = make();
          const slow = make();
          const opts = (): { rng: ReturnType<typeof createRng> } | undefined => (withRng ? { rng: createRng(seed) } : undefined);
          let a: unknown;
          let b: unknown;
          const ea = errorOf(() => (a = chooseArmIndex(fast, opts())));
          const eb = errorOf(() => (b = chooseIndexChecked(slow, opts(), "chooseArmIndex")));
          expect(ea).toEqual(eb);
          expect(a).toEqual(b);
          const ua = errorOf(() => updateBanditInPlace(fast, 1, 1));
          const ub = errorOf(() => updateInPlaceChecked(slow, 1, 1, undefined));
          expect(ua).toEqual(ub);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
        },
      ),
      { numRuns: 600 },
    );
  });
});
