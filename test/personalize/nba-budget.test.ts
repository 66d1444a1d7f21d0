// nextBestAction with budgets that meet costs per customer, and budgets shared by several
// actions (issue 13: "a capacity per action ... solved as an assignment that maximizes total
// expected value under the capacities (exact, or with a proven bound; tested against brute
// force on small cases)"): branch and bound against brute force over every assignment, the case
// the old count capacity floor(budget / cost) gets wrong, the node limit and its bound, errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextBestAction, type NbaAction, type NbaCustomer } from "../../src/personalize/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const tol = (limit: number) => 1e-9 * Math.max(1, Math.abs(limit));

interface Case {
  ev: number[][]; // NaN = not allowed
  cost: number[][];
  cap: number[]; // Infinity = none
  budget: (number | null)[];
  shared: { actions: number[]; amount: number }[];
  assignAll: boolean;
}

/** Best total over every assignment of {none, action 0..m-1} to every customer (null: none feasible). */
function brute(c: Case): number | null {
  const n = c.ev.length;
  const m = c.cap.length;
  const used = new Array<number>(m).fill(0);
  const spent = new Array<number>(m).fill(0);
  let best: number | null = null;
  const rec = (i: number, tot: number) => {
    if (i === n) {
      for (let a = 0; a < m; a++) if (c.budget[a] !== null && spent[a] > (c.budget[a] as number) + tol(c.budget[a] as number)) return;
      for (const g of c.shared) if (g.actions.reduce((s, a) => s + spent[a], 0) > g.amount + tol(g.amount)) return;
      if (best === null || tot > best) best = tot;
      return;
    }
    if (!c.assignAll) rec(i + 1, tot);
    for (let a = 0; a < m; a++) {
      const v = c.ev[i][a];
      if (Number.isNaN(v) || used[a] >= c.cap[a] || (!c.assignAll && !(v > 0))) continue;
      used[a]++;
      spent[a] += c.cost[i][a];
      rec(i + 1, tot + v);
      used[a]--;
      spent[a] -= c.cost[i][a];
    }
  };
  rec(0, 0);
  return best;
}

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  m: fc.integer({ min: 1, max: 3 }),
  props: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 18, maxLength: 18 }),
  elig: fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
  costs: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 18, maxLength: 18 }),
  half: fc.boolean(), // costs in halves (fractions) or whole numbers
  caps: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }), // 4 = none
  budgets: fc.array(fc.integer({ min: -1, max: 25 }), { minLength: 3, maxLength: 3 }), // -1 = none
  shared: fc.option(fc.record({ mask: fc.integer({ min: 1, max: 7 }), amount: fc.integer({ min: 0, max: 30 }) }), { nil: undefined }),
  assignAll: fc.boolean(),
});

function build(r: typeof caseArb extends fc.Arbitrary<infer T> ? T : never) {
  const { n, m } = r;
  const unit = r.half ? 0.5 : 1;
  const customers: NbaCustomer[] = Array.from({ length: n }, (_, i) => ({
    id: i,
    attributes: Object.fromEntries(Array.from({ length: m }, (_, a) => [`ok${a}`, r.elig[i * 3 + a]])),
  }));
  const costOf = (i: number, a: number) => r.costs[i * 3 + a] * unit;
  const actions: NbaAction[] = Array.from({ length: m }, (_, a) => ({
    id: `a${a}`,
    value: 10 + a * 5,
    cost: Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), costOf(i, a)])),
    capacity: r.caps[a] === 4 ? undefined : r.caps[a],
    budget: r.budgets[a] < 0 ? undefined : r.budgets[a],
    eligibility: [{ attribute: `ok${a}`, equals: true }],
    propensity: Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), r.props[i * 3 + a] / 20])),
  }));
  const sharedActions = r.shared === undefined ? [] : Array.from({ length: m }, (_, a) => a).filter((a) => (r.shared!.mask >> a) & 1);
  const shared = r.shared === undefined || sharedActions.length === 0 ? [] : [{ actions: sharedActions, amount: r.shared.amount }];
  const c: Case = {
    ev: customers.map((_, i) => actions.map((_, a) => (r.elig[i * 3 + a] ? (r.props[i * 3 + a] / 20) * (10 + a * 5) - costOf(i, a) : Number.NaN))),
    cost: customers.map((_, i) => actions.map((_, a) => costOf(i, a))),
    cap: Array.from({ length: m }, (_, a) => (r.caps[a] === 4 ? Infinity : r.caps[a])),
    budget: Array.from({ length: m }, (_, a) => (r.budgets[a] < 0 ? null : r.budgets[a])),
    shared,
    assignAll: r.assignAll,
  };
  const options = { assignAll: r.assignAll, sharedBudgets: shared.map((g) => ({ actions: g.actions.map((a) => `a${a}`), amount: g.amount })) };
  return { customers, actions, options, c };
}

describe("budgets with costs per customer and shared budgets: exact (brute force, fast-check)", () => {
  it("total expected value = the brute-force optimum over every assignment; infeasible exactly when brute force finds none", () => {
    let bnb = 0;
    let infeasible = 0;
    fc.assert(
      fc.property(caseArb, (r) => {
        const { customers, actions, options, c } = build(r);
        const b = brute(c);
        let total: number | null;
        try {
          const plan = nextBestAction(customers, actions, options);
          total = plan.totalExpectedValue;
          if (plan.method === "branch-and-bound") bnb++;
          expect(plan.optimal).toBe(true);
          expect(plan.upperBound).toBe(total);
          // the plan meets every capacity and budget, and its rows add up
          const idx = plan.customers.map((d) => (d.action === null ? -1 : Number(d.action.slice(1))));
          for (let a = 0; a < c.cap.length; a++) {
            const spent = idx.reduce((s, k, i) => s + (k === a ? c.cost[i][a] : 0), 0);
            expect(plan.actions[a].assigned).toBeLessThanOrEqual(c.cap[a]);
            expect(plan.actions[a].cost).toBeCloseTo(spent, 12);
            if (c.budget[a] !== null) expect(spent).toBeLessThanOrEqual((c.budget[a] as number) + tol(c.budget[a] as number));
          }
          for (const [j, g] of c.shared.entries()) expect(plan.sharedBudgets[j].spent).toBeLessThanOrEqual(g.amount + tol(g.amount));
          expect(plan.customers.reduce((s, d) => s + d.expectedValue, 0)).toBeCloseTo(total, 9);
        } catch (e) {
          expect((e as { code?: string }).code).toBe("INFEASIBLE_ASSIGNMENT");
          total = null;
          infeasible++;
        }
        if (b === null) expect(total).toBeNull();
        else expect(total as number).toBeCloseTo(b, 9);
        // stopped after one node: a plan that meets every limit, at most the optimum, under its bound
        if (b !== null) {
          try {
            const cut = nextBestAction(customers, actions, { ...options, maxNodes: 1 });
            const idx = cut.customers.map((d) => (d.action === null ? -1 : Number(d.action.slice(1))));
            for (let a = 0; a < c.cap.length; a++) {
              const spent = idx.reduce((s, k, i) => s + (k === a ? c.cost[i][a] : 0), 0);
              expect(idx.filter((k) => k === a).length).toBeLessThanOrEqual(c.cap[a]);
              if (c.budget[a] !== null) expect(spent).toBeLessThanOrEqual((c.budget[a] as number) + tol(c.budget[a] as number));
            }
            for (const [j, g] of c.shared.entries()) expect(cut.sharedBudgets[j].spent).toBeLessThanOrEqual(g.amount + tol(g.amount));
            expect(cut.totalExpectedValue).toBeLessThanOrEqual(b + 1e-9);
            expect(cut.upperBound).toBeGreaterThanOrEqual(b - 1e-9);
            if (cut.optimal) expect(cut.totalExpectedValue).toBeCloseTo(b, 9);
          } catch (e) {
            expect((e as { code?: string }).code).toBe("TOO_LARGE"); // assignAll, no plan found in one node
          }
        }
      }),
      { numRuns: 1500, seed: 1313 },
    );
    // the property exercised the branch and bound and the infeasible case, not only the flow path
    expect(bnb).toBeGreaterThan(500);
    expect(infeasible).toBeGreaterThan(20);
  });
});

describe("what the count capacity floor(budget / cost) got wrong", () => {
  const customers = [{ id: "a" }, { id: "b" }, { id: "c" }];
  const call = { id: "call", value: 100, budget: 10, propensity: { a: 0.3, b: 0.25, c: 0.25 } };
  const mail = { id: "mail", value: 100, cost: 1, propensity: 0.05 };
  it("calls cost 6, 5 and 5 with a budget of 10: both cheap calls (44), not the best single call (32), and never over budget", () => {
    const plan = nextBestAction(customers, [{ ...call, cost: { a: 6, b: 5, c: 5 } }, mail]);
    expect(plan.method).toBe("branch-and-bound");
    expect(plan.customers.map((d) => d.action)).toEqual(["mail", "call", "call"]);
    expect(plan.totalExpectedValue).toBe(44); // b, c: 0.25 * 100 - 5 = 20 each; a: 0.05 * 100 - 1 = 4
    expect(plan.actions[0].cost).toBe(10);
    expect(plan.customers[0].reasons[1].detail).toBe("higher expected value 24, but its budget (10) went where it adds more in total");
    // the count capacities a single cost per action allowed: the mean cost floor(10 / 5.33) = 1 call
    const byMean = nextBestAction(customers, [{ ...call, cost: 16 / 3 }, mail]);
    expect(byMean.totalExpectedValue).toBeLessThan(plan.totalExpectedValue);
    // the cheapest cost floor(10 / 5) = 2 calls: the two best calls, a and b, cost 11 > 10
    const byMin = nextBestAction(customers, [{ ...call, cost: 5, budget: 10 }, mail]);
    expect(byMin.customers.map((d) => d.action)).toEqual(["call", "call", "mail"]);
    expect(6 + 5).toBeGreaterThan(10);
  });
  it("a budget shared by two actions beats splitting it between them", () => {
    const cs = Array.from({ length: 6 }, (_, i) => ({ id: i }));
    const acts: NbaAction[] = [
      { id: "call", value: 100, cost: 8, propensity: (c) => 0.3 - 0.02 * Number(c.id) },
      { id: "sms", value: 100, cost: 1, propensity: (c) => 0.04 + 0.01 * Number(c.id) },
    ];
    const shared = nextBestAction(cs, acts, { sharedBudgets: [{ name: "q3", amount: 20 }] });
    expect(shared.method).toBe("branch-and-bound");
    expect(shared.sharedBudgets).toEqual([{ name: "q3", amount: 20, spent: 20 }]);
    let bestSplit = -Infinity;
    for (let x = 0; x <= 20; x++) {
      const split = nextBestAction(cs, [
        { ...acts[0], budget: x },
        { ...acts[1], budget: 20 - x },
      ]);
      expect(split.method).toBe("min-cost-flow"); // one cost per action: counts
      bestSplit = Math.max(bestSplit, split.totalExpectedValue);
    }
    // the shared budget is the best of every split (here equal to the best split, found without trying them)
    expect(shared.totalExpectedValue).toBeCloseTo(bestSplit, 9);
    const fifty = nextBestAction(cs, [
      { ...acts[0], budget: 10 },
      { ...acts[1], budget: 10 },
    ]);
    expect(fifty.totalExpectedValue).toBeLessThan(shared.totalExpectedValue);
  });
  it("one cost for every customer keeps the count capacity and the min-cost flow (as before)", () => {
    const plan = nextBestAction([{ id: 1 }, { id: 2 }, { id: 3 }], [{ id: "x", value: 10, cost: { 1: 1, 2: 1, 3: 1 }, budget: 2, propensity: 0.5 }]);
    expect(plan.method).toBe("min-cost-flow");
    expect(plan.actions[0].capacity).toBe(2);
    expect([plan.optimal, plan.upperBound]).toEqual([true, plan.totalExpectedValue]);
  });
});

describe("node limit: the best plan found and a proven bound", () => {
  const n = 40;
  const cs = Array.from({ length: n }, (_, i) => ({ id: i }));
  const acts = (): NbaAction[] =>
    Array.from({ length: 3 }, (_, a) => ({
      id: `a${a}`,
      value: 50 + 25 * a,
      cost: (c: NbaCustomer) => 1 + ((Number(c.id) * (7 + 3 * a)) % 11),
      budget: 40 + 10 * a,
      propensity: (c: NbaCustomer) => ((Number(c.id) * (a + 5)) % 23) / 40,
    }));
  it("stops at maxNodes with optimal false and upperBound >= the optimum >= the plan", () => {
    const exact = nextBestAction(cs, acts(), { maxNodes: 1_000_000 });
    expect(exact.optimal).toBe(true);
    const cut = nextBestAction(cs, acts(), { maxNodes: 3 });
    expect(cut.optimal).toBe(false);
    expect(cut.totalExpectedValue).toBeLessThanOrEqual(exact.totalExpectedValue + 1e-9);
    expect(cut.upperBound).toBeGreaterThanOrEqual(exact.totalExpectedValue - 1e-9);
    expect(cut.upperBound).toBeGreaterThan(cut.totalExpectedValue);
    // budgets hold in the cut plan too
    cut.actions.forEach((r, a) => expect(r.cost).toBeLessThanOrEqual(40 + 10 * a + 1e-9));
  });
});

describe("bad input", () => {
  const cs = [{ id: 1 }, { id: 2 }];
  it("a budget no assignment can meet with assignAll: INFEASIBLE_ASSIGNMENT", () => {
    expectClienteleError(
      () => nextBestAction(cs, [{ id: "x", propensity: 0.5, cost: { 1: 3, 2: 4 }, budget: 6 }], { assignAll: true }),
      "INFEASIBLE_ASSIGNMENT",
    );
    expectClienteleError(
      () =>
        nextBestAction(
          cs,
          [
            { id: "x", propensity: 0.5, cost: 2 },
            { id: "y", propensity: 0.5, cost: 3 },
          ],
          { assignAll: true, sharedBudgets: [{ amount: 3 }] },
        ),
      "INFEASIBLE_ASSIGNMENT",
    );
    // a customer with no allowed action names that customer, as the count path does
    const e = expectClienteleError(
      () => nextBestAction(cs, [{ id: "x", propensity: 0.5, cost: 1, capacity: 0 }], { assignAll: true, sharedBudgets: [{ amount: 9 }] }),
      "INFEASIBLE_ASSIGNMENT",
    );
    expect(e.path).toEqual(["customers", 0]);
    // the same budget without assignAll: one customer gets the action
    const plan = nextBestAction(cs, [{ id: "x", value: 10, propensity: 0.5, cost: { 1: 3, 2: 4 }, budget: 6 }]);
    expect(plan.customers.map((d) => d.action)).toEqual(["x", null]); // 5 - 3 = 2 beats 5 - 4 = 1
    expect(plan.customers[1].reasons[0].detail).toBe("expected value 1, but its budget (6) went where it adds more in total");
  });
  it("the node limit reached before any plan that gives everyone an action: TOO_LARGE (raise maxNodes)", () => {
    const costs = [
      [8, 6],
      [3, 5],
      [7, 8],
      [2, 8],
      [1, 4],
      [5, 2],
      [6, 6],
      [2, 9],
    ]; // found by a seeded search
    const acts = (budgets: number[]): NbaAction[] =>
      [0, 1].map((a) => ({ id: `a${a}`, value: 10, propensity: 0.5, cost: (c: NbaCustomer) => costs[Number(c.id)][a], budget: budgets[a] }));
    const cs8 = costs.map((_, i) => ({ id: i }));
    expectClienteleError(() => nextBestAction(cs8, acts([10, 18]), { assignAll: true, maxNodes: 1 }), "TOO_LARGE");
    // with room to search, the answer: no plan exists (the cheapest action of each customer costs
    // 29 in all, the budgets 28; brute force agrees)
    const c: Case = { ev: costs.map((r) => r.map((x) => 5 - x)), cost: costs, cap: [Infinity, Infinity], budget: [10, 18], shared: [], assignAll: true };
    expect(brute(c)).toBeNull();
    expectClienteleError(() => nextBestAction(cs8, acts([10, 18]), { assignAll: true }), "INFEASIBLE_ASSIGNMENT");
    // more budget: a plan, equal to brute force
    const c2: Case = { ...c, budget: [12, 20] };
    expect(brute(c2)).not.toBeNull();
    expect(nextBestAction(cs8, acts([12, 20]), { assignAll: true }).totalExpectedValue).toBeCloseTo(brute(c2) as number, 9);
  });
  it("costs per customer and shared budgets are checked", () => {
    expectClienteleError(() => nextBestAction(cs, [{ id: "x", propensity: 0.5, cost: { 1: 1 } }]), "MISSING_VALUE");
    expectClienteleError(() => nextBestAction(cs, [{ id: "x", propensity: 0.5, cost: () => -1 }]), "OUT_OF_RANGE");
    expectClienteleError(() => nextBestAction(cs, [{ id: "x", propensity: 0.5, cost: () => Number.NaN }]), "NON_FINITE");
    expectClienteleError(() => nextBestAction(cs, [{ id: "x", propensity: 0.5 }], { sharedBudgets: [{ actions: ["y"], amount: 1 }] }), "UNKNOWN_ACTION");
    expectClienteleError(() => nextBestAction(cs, [{ id: "x", propensity: 0.5 }], { sharedBudgets: [{ amount: -1 }] }), "INVALID_OPTION");
    expectClienteleError(() => nextBestAction(cs, [{ id: "x", propensity: 0.5 }], { maxNodes: 0 }), "INVALID_OPTION");
  });
});
