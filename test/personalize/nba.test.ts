import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nextBestAction, type NbaAction, type NbaCustomer } from "../../src/personalize/index.js";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "no error";
};

describe("TSDoc example", () => {
  it("nextBestAction example", () => {
    const plan = nextBestAction(
      [{ id: "a" }, { id: "b" }],
      [
        { id: "call", value: 100, cost: 5, capacity: 1, propensity: { a: 0.3, b: 0.2 } },
        { id: "mail", value: 100, cost: 1, propensity: 0.1 },
      ],
    );
    expect(plan.customers.map((d) => [d.action, d.expectedValue])).toEqual([
      ["call", 25],
      ["mail", 9],
    ]);
    expect(plan.customers[1].runnerUp).toEqual({ action: "call", expectedValue: 15 });
  });
});

// Brute force: every assignment of {none, action 0..m-1} to every customer, within capacities.
function brute(ev: number[][], cap: number[], assignAll: boolean): number | null {
  const n = ev.length;
  const m = cap.length;
  let best: number | null = null;
  const used = new Array(m).fill(0);
  const rec = (i: number, tot: number) => {
    if (i === n) {
      if (best === null || tot > best) best = tot;
      return;
    }
    if (!assignAll) rec(i + 1, tot);
    for (let a = 0; a < m; a++) {
      const v = ev[i][a];
      if (Number.isNaN(v) || used[a] >= cap[a] || (!assignAll && !(v > 0))) continue;
      used[a]++;
      rec(i + 1, tot + v);
      used[a]--;
    }
  };
  rec(0, 0);
  return best;
}

describe("the plan is optimal: equals brute force on small cases (fast-check)", () => {
  it("total expected value = brute-force optimum; infeasible exactly when brute force finds none", () => {
    let agreed = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 18, maxLength: 18 }),
        fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }),
        fc.boolean(),
        (n, m, props, elig, caps, costs, assignAll) => {
          const customers: NbaCustomer[] = Array.from({ length: n }, (_, i) => ({
            id: i,
            attributes: Object.fromEntries(Array.from({ length: m }, (_, a) => [`ok${a}`, elig[i * 3 + a]])),
          }));
          const actions: NbaAction[] = Array.from({ length: m }, (_, a) => ({
            id: `a${a}`,
            value: 10 + a * 5,
            cost: costs[a],
            capacity: caps[a] === 4 ? undefined : caps[a],
            eligibility: [{ attribute: `ok${a}`, equals: true }],
            propensity: Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), props[i * 3 + a] / 20])),
          }));
          const ev = customers.map((_, i) => actions.map((_, a) => (elig[i * 3 + a] ? (props[i * 3 + a] / 20) * (10 + a * 5) - costs[a] : NaN)));
          const cap = caps.slice(0, m).map((c) => (c === 4 ? Infinity : c));
          const b = brute(ev, cap, assignAll);
          let total: number | null;
          try {
            const plan = nextBestAction(customers, actions, { assignAll });
            total = plan.totalExpectedValue;
            // capacities respected, per-customer values consistent
            plan.actions.forEach((r, a) => expect(r.assigned).toBeLessThanOrEqual(cap[a]));
            expect(plan.customers.reduce((s, d) => s + d.expectedValue, 0)).toBeCloseTo(total, 9);
            expect(plan.unconstrainedValue).toBeGreaterThanOrEqual(total - 1e-9);
          } catch (e) {
            expect((e as { code?: string }).code).toBe("INFEASIBLE_ASSIGNMENT");
            total = null;
          }
          if (b === null) expect(total).toBeNull();
          else expect(total!).toBeCloseTo(b, 9);
          agreed++;
        },
      ),
      { numRuns: 1000 },
    );
    console.log(`nextBestAction: ${agreed} / 1000 random cases equal the brute-force optimum`);
  });
  it("larger plan (2,000 customers, 5 actions) equals a greedy-free check: no single swap improves it", () => {
    const n = 2000;
    const customers = Array.from({ length: n }, (_, i) => ({ id: i }));
    const actions = Array.from({ length: 5 }, (_, a) => ({
      id: `a${a}`,
      value: 20 + 10 * a,
      cost: a,
      capacity: 150 + 100 * a,
      propensity: (c: NbaCustomer) => ((Number(c.id) * (a + 3)) % 97) / 100,
    }));
    const plan = nextBestAction(customers, actions);
    const evOf = (i: number, a: number) => (((i * (a + 3)) % 97) / 100) * (20 + 10 * a) - a;
    const idx = (s: string | null) => (s === null ? -1 : +s.slice(1));
    const asg = plan.customers.map((d) => idx(d.action));
    // two-customer exchanges of actions never improve an optimal plan
    for (let t = 0; t < 3000; t++) {
      const i = (t * 7919) % n;
      const j = (t * 104729 + 13) % n;
      const a = asg[i];
      const b = asg[j];
      if (a === b) continue;
      const cur = (a >= 0 ? evOf(i, a) : 0) + (b >= 0 ? evOf(j, b) : 0);
      const sw = (b >= 0 ? evOf(i, b) : 0) + (a >= 0 ? evOf(j, a) : 0);
      const validSwap = (b < 0 || evOf(i, b) > 0) && (a < 0 || evOf(j, a) > 0);
      if (validSwap) expect(sw).toBeLessThanOrEqual(cur + 1e-9);
    }
  });
});

describe("eligibility, contact policy and reasons", () => {
  const now = "2026-12-04T12:00:00Z";
  const customers = (): NbaCustomer[] => [
    { id: 1, attributes: { segment: "vip" }, consent: { email: true, sms: true } },
    { id: 2, attributes: { segment: "new" }, consent: { email: true } },
    { id: 3, attributes: { segment: "vip" }, consent: { email: true, sms: true }, contacts: [{ at: "2026-12-03T12:00:00Z", channel: "email" }] },
    {
      id: 4,
      attributes: { segment: "vip" },
      consent: { email: true, sms: true },
      contacts: [
        { at: "2026-11-20T00:00:00Z", channel: "sms" },
        { at: "2026-11-28T00:00:00Z", channel: "sms" },
      ],
    },
  ];
  const actions = (): NbaAction[] => [
    { id: "vip-offer", channel: "sms", value: 200, cost: 2, propensity: 0.2, eligibility: [{ attribute: "segment", equals: "vip" }] },
    { id: "newsletter", channel: "email", value: 20, propensity: 0.1 },
  ];
  it("blocked pairs carry the rule, consent, cap or quiet period that blocked them", () => {
    const plan = nextBestAction(customers(), actions(), { now, contactPolicy: { caps: [{ channel: "sms", max: 2, days: 30 }], quietDays: 2 } });
    const byId = Object.fromEntries(plan.customers.map((d) => [d.customerId, d]));
    expect(byId["1"].action).toBe("vip-offer");
    expect(byId["1"].runnerUp).toEqual({ action: "newsletter", expectedValue: 2 });
    expect(byId["2"].action).toBe("newsletter");
    expect(byId["2"].reasons.find((r) => r.action === "vip-offer")!.kind).toBe("eligibility");
    expect(byId["3"].action).toBeNull();
    expect(byId["3"].reasons.map((r) => r.kind)).toEqual(["quiet-period", "quiet-period", "eligibility"]);
    expect(byId["4"].action).toBe("newsletter");
    expect(byId["4"].reasons[0].kind).toBe("frequency-cap");
    const noConsent = nextBestAction([{ id: 9, attributes: { segment: "vip" }, consent: { sms: false } }], actions());
    expect(noConsent.customers[0].reasons.map((r) => r.kind)).toEqual(["consent", "consent", "eligibility"]);
  });
  it("capacity moves a customer to the runner-up and says so", () => {
    const plan = nextBestAction(
      [
        { id: "a", consent: { sms: true, email: true }, attributes: { segment: "vip" } },
        { id: "b", consent: { sms: true, email: true }, attributes: { segment: "vip" } },
      ],
      [{ ...actions()[0], capacity: 1, propensity: { a: 0.5, b: 0.2 } }, actions()[1]],
    );
    expect(plan.customers[1].action).toBe("newsletter");
    expect(plan.customers[1].reasons.some((r) => r.kind === "capacity" && r.action === "vip-offer")).toBe(true);
  });
  it("budget, uplift propensities and a propensity function", () => {
    const plan = nextBestAction([{ id: 1 }, { id: 2 }, { id: 3 }], [{ id: "x", value: 10, cost: 1, budget: 2 }], {
      propensity: (c) => (Number(c.id) === 1 ? -0.1 : 0.5),
      propensityType: "uplift",
    });
    expect(plan.customers.map((d) => d.action)).toEqual([null, "x", "x"]);
    expect(plan.actions[0].capacity).toBe(2);
  });
  it("bad input: codes", () => {
    const acts = actions();
    expect(code(() => nextBestAction([{ id: 1 }, { id: 1 }], acts))).toBe("DUPLICATE_ID");
    expect(code(() => nextBestAction([{ id: 1 }], [{ id: "x" }]))).toBe("MISSING_VALUE");
    expect(code(() => nextBestAction([{ id: 1 }], [{ id: "x", propensity: 1.5 }]))).toBe("OUT_OF_RANGE");
    expect(code(() => nextBestAction([{ id: 1 }], [{ id: "x" }], { propensity: { 1: { y: 0.5 } } }))).toBe("UNKNOWN_ACTION");
    expect(code(() => nextBestAction([{ id: 1 }, { id: 2 }], [{ id: "x", propensity: 0.5, capacity: 1 }], { assignAll: true }))).toBe("INFEASIBLE_ASSIGNMENT");
    expect(code(() => nextBestAction(customers(), acts, { contactPolicy: { quietDays: 1 } }))).toBe("MISSING_VALUE");
    expect(code(() => nextBestAction([{ id: 1 }], [{ id: "x", propensity: 0.5, value: "customer" }]))).toBe("MISSING_VALUE");
    expect(code(() => nextBestAction([], acts))).toBe("EMPTY_INPUT");
    expect(code(() => nextBestAction([{ id: 1, colour: "red" } as never], acts))).toBe("INVALID_INPUT");
  });
});
