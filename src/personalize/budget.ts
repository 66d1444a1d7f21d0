// Internal: the budgeted assignment behind nextBestAction when costs differ per customer or a
// budget is shared by several actions.
//
// Each customer gets at most one action (exactly one without a "none" option); count constraints
// (capacity of an action) and budget constraints (total cost over a set of actions, costs per
// customer x action pair) must hold; maximize the total value. With budgets this is a
// generalized assignment / multiple-knapsack problem (NP-hard), so it is solved by best-first
// branch and bound over the customers:
//
// - Bound: the Lagrangian relaxation of the capacity and budget constraints. For multipliers
//   lambda >= 0 (one per constraint), bound = lambda . (remaining limits) + sum over the customers
//   not yet fixed of max(0 or forced, max_a (value - lambda . use)), over the actions that still
//   fit. Any lambda >= 0 gives an upper bound; the lambda that minimizes it at the root is the
//   dual of the LP relaxation (the per-customer choice is integral), found by projected
//   subgradient steps (Polyak step sizes, Held, Wolfe & Crowder 1974).
// - Incumbent: a greedy completion by reduced value at every expanded node, and every feasible
//   relaxed solution the subgradient meets.
// - A node is pruned when its bound is not above the incumbent by more than 1e-9 (relative);
//   an empty queue proves the incumbent optimal. At the node limit the search stops with the
//   incumbent and the largest bound among the open nodes (a proven upper bound on the optimum).
import { ClienteleError } from "../core/errors.js";

/** A budget (or count) constraint: the total use of the listed actions is at most `limit`. */
export interface BudgetConstraint {
  /** Action indices the constraint covers. */
  actions: readonly number[];
  /** Largest total use. */
  limit: number;
  /** true: each contact uses 1 (a capacity); false: it uses its cost. */
  count: boolean;
}

/** The problem: value[i * m + a] (NaN = pair not allowed), cost per pair (>= 0), constraints. */
export interface BudgetProblem {
  n: number;
  m: number;
  value: Float64Array;
  cost: Float64Array;
  constraints: readonly BudgetConstraint[];
  /** Customers may be left without an action (value 0). */
  allowNone: boolean;
  /** Largest number of nodes to expand. */
  maxNodes: number;
}

/** The result: action per customer (-1 = none), its total, a proven upper bound, and whether the search finished. */
export interface BudgetSolution {
  assign: Int32Array;
  total: number;
  upperBound: number;
  optimal: boolean;
  nodes: number;
}

/** Slack allowed on a budget (relative 1e-9, as the count capacity floor(budget / cost + 1e-9)). */
export const budgetTolerance = (limit: number): number => 1e-9 * Math.max(1, Math.abs(limit));

interface Node {
  depth: number;
  fixed: number;
  resid: Float64Array;
  bound: number;
  parent: Node | null;
  action: number;
  /** Multipliers of the node's bound. */
  lam: Float64Array;
}

/** Max-heap of nodes by bound (ties: the deeper node first, so incumbents come early). */
class NodeHeap {
  items: Node[] = [];
  private before(a: Node, b: Node): boolean {
    return a.bound > b.bound || (a.bound === b.bound && a.depth > b.depth);
  }
  push(x: Node): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Node {
    const h = this.items;
    const top = h[0];
    const last = h.pop() as Node;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let s = i;
        if (l < h.length && this.before(h[l], h[s])) s = l;
        if (r < h.length && this.before(h[r], h[s])) s = r;
        if (s === i) break;
        [h[i], h[s]] = [h[s], h[i]];
        i = s;
      }
    }
    return top;
  }
}

/**
 * Solves the budgeted assignment. Throws INFEASIBLE_ASSIGNMENT when the search proves that no
 * assignment meets the constraints (only possible without `allowNone`), TOO_LARGE when the node
 * limit is reached before any feasible assignment is found.
 */
export function solveBudgeted(P: BudgetProblem, fn: string): BudgetSolution {
  const { n, m, value, cost, constraints, allowNone, maxNodes } = P;
  const R = constraints.length;
  const limit = new Float64Array(R);
  const tol = new Float64Array(R);
  const isCount = constraints.map((c) => c.count);
  // per action: the constraints it uses
  const byAction: number[][] = Array.from({ length: m }, () => []);
  constraints.forEach((c, r) => {
    limit[r] = c.limit;
    tol[r] = c.count ? 0 : budgetTolerance(c.limit);
    for (const a of c.actions) byAction[a].push(r);
  });
  const fits = (resid: Float64Array, i: number, a: number): boolean => {
    const rs = byAction[a];
    for (let t = 0; t < rs.length; t++) {
      const r = rs[t];
      if ((isCount[r] ? 1 : cost[i * m + a]) > resid[r] + tol[r]) return false;
    }
    return true;
  };
  const useOf = (i: number, a: number, r: number): number => (isCount[r] ? 1 : cost[i * m + a]);

  // customer order: the most valuable first
  const bestRaw = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < n; i++) for (let a = 0; a < m; a++) if (value[i * m + a] > bestRaw[i]) bestRaw[i] = value[i * m + a];
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => bestRaw[y] - bestRaw[x] || x - y);

  let incumbent = -Infinity;
  let best = new Int32Array(n).fill(-1);
  const scratch = new Int32Array(n);
  const tryScratch = (total: number): void => {
    if (total > incumbent) {
      incumbent = total;
      best = scratch.slice();
    }
  };
  /** Writes the actions fixed on the path to `node` into scratch. */
  const fixPath = (node: Node): void => {
    for (let x: Node | null = node; x !== null && x.parent !== null; x = x.parent) scratch[order[x.depth - 1]] = x.action;
  };

  /**
   * The Lagrangian bound of a node for multipliers `lam`: fixed + lam . resid + sum over the free
   * customers of their best reduced value among the actions that still fit (0 for none). Fills
   * scratch with each free customer's choice and g with the subgradient resid - use; returns
   * -Infinity when a customer who must get an action has none that fits.
   */
  const g = new Float64Array(R);
  const lagrangian = (node: Node, lam: Float64Array): number => {
    const resid = node.resid;
    let s = node.fixed;
    for (let r = 0; r < R; r++) s += lam[r] * resid[r];
    g.set(resid);
    for (let t = node.depth; t < n; t++) {
      const i = order[t];
      let bv = allowNone ? 0 : -Infinity;
      let ba = -1;
      for (let a = 0; a < m; a++) {
        if (Number.isNaN(value[i * m + a]) || !fits(resid, i, a)) continue;
        let rv = value[i * m + a];
        const rs = byAction[a];
        for (let q = 0; q < rs.length; q++) rv -= lam[rs[q]] * useOf(i, a, rs[q]);
        if (rv > bv) {
          bv = rv;
          ba = a;
        }
      }
      if (bv === -Infinity) return -Infinity;
      scratch[i] = ba;
      s += bv;
      if (ba >= 0) for (const r of byAction[ba]) g[r] -= useOf(i, ba, r);
    }
    return s;
  };

  /**
   * Tightens node.bound and node.lam by projected subgradient steps on its Lagrangian dual
   * (Polyak steps toward the incumbent). Every relaxed choice that meets the limits is a plan:
   * it becomes the incumbent when better. Greedy completion by reduced value afterwards.
   */
  const tighten = (node: Node, iterations: number): void => {
    const lam = node.lam.slice();
    let theta = 1;
    let stall = 0;
    for (let it = 0; it < iterations; it++) {
      const L = lagrangian(node, lam);
      if (L === -Infinity) {
        node.bound = -Infinity;
        return;
      }
      let feasible = true;
      for (let r = 0; r < R; r++) if (g[r] < -tol[r]) feasible = false;
      if (feasible) {
        fixPath(node);
        let total = node.fixed;
        for (let t = node.depth; t < n; t++) {
          const i = order[t];
          if (scratch[i] >= 0 && value[i * m + scratch[i]] < 0 && allowNone) scratch[i] = -1;
          if (scratch[i] >= 0) total += value[i * m + scratch[i]];
        }
        tryScratch(total);
      }
      if (L < node.bound) {
        node.bound = L;
        node.lam = lam.slice();
        stall = 0;
      } else if (++stall >= 5) {
        theta /= 2;
        stall = 0;
      }
      if (pruned(node.bound)) return;
      let norm = 0;
      for (let r = 0; r < R; r++) if (!(lam[r] === 0 && g[r] > 0)) norm += g[r] * g[r];
      if (norm === 0 || theta < 1e-6) break;
      const target = incumbent > -Infinity ? incumbent : L - 0.1 * (1 + Math.abs(L));
      const step = (theta * (L - target)) / norm;
      for (let r = 0; r < R; r++) lam[r] = Math.max(0, lam[r] - step * g[r]);
    }
    complete(node);
  };

  /** Greedy completion of a node by reduced value under node.lam (a plan, when it fits). */
  const complete = (node: Node): void => {
    const resid = node.resid.slice();
    const lam = node.lam;
    fixPath(node);
    let total = node.fixed;
    for (let t = node.depth; t < n; t++) {
      const i = order[t];
      let bv = allowNone ? 0 : -Infinity;
      let ba = -1;
      for (let a = 0; a < m; a++) {
        if (Number.isNaN(value[i * m + a]) || !fits(resid, i, a)) continue;
        let rv = value[i * m + a];
        for (const r of byAction[a]) rv -= lam[r] * useOf(i, a, r);
        if (rv > bv) {
          bv = rv;
          ba = a;
        }
      }
      if (bv === -Infinity) return;
      if (ba >= 0 && value[i * m + ba] < 0 && allowNone) ba = -1; // none is worth 0 and always fits
      scratch[i] = ba;
      if (ba >= 0) {
        total += value[i * m + ba];
        for (const r of byAction[ba]) resid[r] -= useOf(i, ba, r);
      }
    }
    tryScratch(total);
  };

  const pruned = (b: number): boolean => (incumbent === -Infinity ? b === -Infinity : !(b > incumbent + 1e-9 * (1 + Math.abs(incumbent))));
  const root: Node = { depth: 0, fixed: 0, resid: Float64Array.from(limit), bound: Infinity, parent: null, action: -1, lam: new Float64Array(R) };
  tighten(root, R > 0 ? 300 : 1);
  const heap = new NodeHeap();
  let nodes = 0;
  if (root.bound > -Infinity) heap.push(root);
  while (heap.items.length > 0 && nodes < maxNodes) {
    const node = heap.pop();
    if (pruned(node.bound)) continue;
    nodes++;
    if (node !== root) {
      tighten(node, 10);
      if (pruned(node.bound)) continue;
    }
    const i = order[node.depth];
    for (let a = allowNone ? -1 : 0; a < m; a++) {
      if (a >= 0 && (Number.isNaN(value[i * m + a]) || !fits(node.resid, i, a))) continue;
      const resid = node.resid.slice();
      let fixed = node.fixed;
      if (a >= 0) {
        fixed += value[i * m + a];
        for (const r of byAction[a]) resid[r] -= useOf(i, a, r);
      }
      const child: Node = { depth: node.depth + 1, fixed, resid, bound: Infinity, parent: node, action: a, lam: node.lam };
      if (child.depth === n) {
        if (fixed > incumbent) {
          fixPath(child);
          tryScratch(fixed);
        }
        continue;
      }
      // the parent's multipliers bound the child (any lambda >= 0 does); tightened when popped
      child.bound = lagrangian(child, child.lam);
      if (!pruned(child.bound)) heap.push(child);
    }
  }
  /**
   * Local search on a plan the search could not prove optimal: moves one customer to another
   * action (or none) when the limits allow it and the total rises, then (up to 2,000 customers,
   * O(n^2) per pass) exchanges the actions of two customers when that fits and gains; passes
   * repeat while something improves (at most 5).
   */
  const improve = (asg: Int32Array): void => {
    const resid = Float64Array.from(limit);
    for (let i = 0; i < n; i++) if (asg[i] >= 0) for (const r of byAction[asg[i]]) resid[r] -= useOf(i, asg[i], r);
    const pairValue = (i: number, a: number): number => (a < 0 ? 0 : value[i * m + a]);
    const take = (i: number, a: number, sign: number): void => {
      if (a >= 0) for (const r of byAction[a]) resid[r] -= sign * useOf(i, a, r);
    };
    for (let pass = 0; pass < 5; pass++) {
      let gained = false;
      for (let i = 0; i < n; i++) {
        const cur = asg[i];
        take(i, cur, -1);
        let bestA = cur;
        let bestV = pairValue(i, cur);
        for (let a = allowNone ? -1 : 0; a < m; a++) {
          if (a === cur || (a >= 0 && (Number.isNaN(value[i * m + a]) || !fits(resid, i, a)))) continue;
          const v = pairValue(i, a);
          if (v > bestV + 1e-12 * (1 + Math.abs(bestV))) {
            bestV = v;
            bestA = a;
          }
        }
        take(i, bestA, 1);
        if (bestA !== cur) {
          asg[i] = bestA;
          gained = true;
        }
      }
      for (let i = 0; i < n && n <= 2000; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = asg[i];
          const b = asg[j];
          if (a === b) continue;
          const gain = pairValue(i, b) + pairValue(j, a) - pairValue(i, a) - pairValue(j, b);
          if (!(gain > 1e-12 * (1 + Math.abs(incumbent)))) continue;
          if ((b >= 0 && Number.isNaN(value[i * m + b])) || (a >= 0 && Number.isNaN(value[j * m + a]))) continue;
          // free both, then place i on b and j on a if each fits
          take(i, a, -1);
          take(j, b, -1);
          let ok = b < 0 || fits(resid, i, b);
          if (ok) {
            take(i, b, 1);
            ok = a < 0 || fits(resid, j, a);
            if (!ok) take(i, b, -1);
          }
          if (ok) {
            take(j, a, 1);
            asg[i] = b;
            asg[j] = a;
            gained = true;
          } else {
            take(i, a, 1);
            take(j, b, 1);
          }
        }
      }
      if (!gained) break;
    }
  };

  let open = -Infinity;
  for (const x of heap.items) if (!pruned(x.bound) && x.bound > open) open = x.bound;
  const optimal = open === -Infinity;
  if (incumbent === -Infinity) {
    if (optimal) {
      throw new ClienteleError({
        code: "INFEASIBLE_ASSIGNMENT",
        path: ["options", "assignAll"],
        message: `${fn}: no assignment gives every customer an action within the capacities and budgets (the search over every assignment found none). Raise the capacities or budgets, widen eligibility, or drop assignAll.`,
      });
    }
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "maxNodes"],
      received: maxNodes,
      message: `${fn}: the budgeted assignment search expanded ${nodes} nodes (maxNodes) without finding a plan that gives every customer an action within the budgets. Raise options.maxNodes, loosen the budgets, or drop assignAll.`,
    });
  }
  if (!optimal) improve(best);
  // the total summed in customer order (as the min-cost flow path reports it)
  let total = 0;
  for (let i = 0; i < n; i++) if (best[i] >= 0) total += value[i * m + best[i]];
  return { assign: best, total, upperBound: optimal ? total : Math.max(total, open), optimal, nodes };
}
