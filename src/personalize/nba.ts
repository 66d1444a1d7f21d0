import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { parseOptions } from "../core/validate.js";
import { solveAssignment } from "./assign.js";
import { type BudgetConstraint, solveBudgeted } from "./budget.js";
import { nonEmptyList, own, plainObject } from "./inputs.js";
import { checkRule, passes, policyBlock, ruleText, type Contact, type ContactPolicy, type EligibilityRule } from "./policy.js";
import { toMs } from "./time.js";

/** A customer for {@link nextBestAction}. */
export interface NbaCustomer {
  /** Customer id (7 and "7" are one customer). */
  id: string | number;
  /** Attributes the eligibility rules read (segment, country, churn risk...). */
  attributes?: Record<string, string | number | boolean | null>;
  /** Consent per channel: `{ email: true, sms: false }`. */
  consent?: Record<string, boolean>;
  /** Past contacts, for frequency caps and quiet periods. */
  contacts?: readonly { at: Date | string | number; channel?: string }[];
  /** The customer's value (e.g. CLV), used by actions whose `value` is "customer". */
  value?: number;
}

/** A number per customer: one for all, a record by customer id, or a function of the customer. */
export type PerCustomer = number | Record<string, number> | ((customer: NbaCustomer) => number);

/** An action (offer, message, call) for {@link nextBestAction}. */
export interface NbaAction {
  /** Action id. */
  id: string | number;
  /** Channel, checked against consent and caps ("email", "sms", "call"...). */
  channel?: string;
  /** All must pass for the customer to be eligible. */
  eligibility?: readonly EligibilityRule[];
  /** P(response | action) in [0, 1] (or an uplift in [-1, 1] with `propensityType: "uplift"`): from a model, a bandit or an uplift model. */
  propensity?: PerCustomer;
  /** Value of a response (margin, CLV gain); "customer" takes the customer's `value`. Default 1. */
  value?: PerCustomer | "customer";
  /**
   * Cost of one contact (>= 0): one number for every customer, or per customer (a record by
   * customer id or a function of the customer, e.g. a call that takes longer for some). Default 0.
   * It is subtracted from the expected value and counts against `budget` and `options.sharedBudgets`.
   */
  cost?: PerCustomer;
  /** At most this many customers (inventory, call-centre slots). Default unlimited. */
  capacity?: number;
  /**
   * At most this total cost over the customers given the action. With one cost for every
   * customer this is the count capacity floor(budget / cost); with costs per customer it is a
   * knapsack constraint (solved by branch and bound, see {@link NbaPlan.method}).
   */
  budget?: number;
}

/** A budget shared by several actions (one marketing budget for calls, mail and vouchers). */
export interface NbaSharedBudget {
  /** Name shown in the reasons and in {@link NbaPlan.sharedBudgets} (default "budget <index>"). */
  name?: string;
  /** Action ids whose contacts spend from it (default: every action). */
  actions?: readonly (string | number)[];
  /** The largest total cost of those contacts (>= 0). */
  amount: number;
}

/** Options of {@link nextBestAction}. */
export interface NextBestActionOptions {
  /** Propensities for pairs whose action has none: `{ [customerId]: { [actionId]: p } }` or `(customer, action) => p`. */
  propensity?: Record<string, Record<string, number>> | ((customer: NbaCustomer, action: NbaAction) => number);
  /** "probability" (default; EV = p value - cost) or "uplift" (p is an incremental probability in [-1, 1]). */
  propensityType?: "probability" | "uplift";
  /** Frequency caps, quiet period, consent. */
  contactPolicy?: ContactPolicy;
  /** The decision time (required when the contact policy reads contact histories). */
  now?: Date | string | number;
  /** Every customer must get an action (no "none"); capacities that cannot allow it throw INFEASIBLE_ASSIGNMENT. Default false. */
  assignAll?: boolean;
  /** Without assignAll, an action is given only when its expected value exceeds this. Default 0. */
  minExpectedValue?: number;
  /** Budgets shared by several actions: the total cost of their contacts is at most `amount`. */
  sharedBudgets?: readonly NbaSharedBudget[];
  /**
   * Branch and bound (budgets with costs per customer, shared budgets): the largest number of
   * search nodes to expand. Each costs about 15 passes over the customer x action pairs, so the
   * default is 1,000,000 / (customers x actions), between 20 and 20,000 (about a second). When
   * it is reached the plan is the best found, `optimal` is false and `upperBound` bounds the
   * optimum.
   */
  maxNodes?: number;
}

/** Which rule or score decided, for one action. */
export interface NbaReason {
  /** The action the reason is about (null: the customer as a whole). */
  action: string | null;
  /** "eligibility", "consent", "frequency-cap", "quiet-period", "score", "capacity" or "threshold". */
  kind: "eligibility" | "consent" | "frequency-cap" | "quiet-period" | "score" | "capacity" | "threshold";
  /** Plain words. */
  detail: string;
}

/** The decision for one customer. */
export interface NbaDecision {
  customerId: string;
  /** The action assigned, or null for none. */
  action: string | null;
  /** Its expected value (propensity x value - cost; 0 for none). */
  expectedValue: number;
  /** The best allowed action other than the assigned one, with its expected value. */
  runnerUp: { action: string; expectedValue: number } | null;
  /** Why: blocked actions (rule, consent, cap, quiet period), the deciding score, capacity. */
  reasons: NbaReason[];
}

/** The plan from {@link nextBestAction}. */
export interface NbaPlan {
  /** One decision per customer, in input order. */
  customers: NbaDecision[];
  /**
   * Per action: customers assigned, count capacity (null = unlimited; with one cost per
   * customer a budget is counted here as floor(budget / cost)), expected value, and the total
   * cost of its contacts.
   */
  actions: { action: string; assigned: number; capacity: number | null; expectedValue: number; cost: number }[];
  /** Per shared budget: its name, amount and the total cost the plan spends from it. */
  sharedBudgets: { name: string; amount: number; spent: number }[];
  /** Total expected value of the plan (the optimum under the capacities and budgets when `optimal`). */
  totalExpectedValue: number;
  /** Total if capacities were unlimited (an upper bound; equal when no capacity binds). */
  unconstrainedValue: number;
  /**
   * The solver. "min-cost-flow" (exact, successive shortest paths) when every constraint is a
   * count: capacities, and budgets of actions whose cost is the same for every customer.
   * "branch-and-bound" when a budget meets costs that differ per customer or a budget is
   * shared: best-first search with a Lagrangian (LP-relaxation) bound, exact unless the node
   * limit is reached.
   */
  method: "min-cost-flow" | "branch-and-bound";
  /** true when the plan is proven optimal (always with "min-cost-flow"). */
  optimal: boolean;
  /** A proven upper bound on the best total under the constraints (= totalExpectedValue when optimal); the gap is upperBound - totalExpectedValue. */
  upperBound: number;
}

const perCustomer = z.union([z.number(), z.record(z.string(), z.number()), z.function()]);
const ruleSchema = z.object({
  attribute: z.string().min(1),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  in: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  notIn: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  name: z.string().optional(),
});
const actionSchema = z.object({
  id: z.union([z.string(), z.number()]),
  channel: z.string().min(1).optional(),
  eligibility: z.array(ruleSchema).optional(),
  propensity: perCustomer.optional(),
  value: z.union([perCustomer, z.literal("customer")]).optional(),
  cost: z.union([z.number().min(0).max(1e12), z.record(z.string(), z.number()), z.function()]).optional(),
  capacity: z.number().int().min(0).optional(),
  budget: z.number().min(0).optional(),
});
const customerSchema = z.object({
  id: z.union([z.string(), z.number()]),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.literal(null)])).optional(),
  consent: z.record(z.string(), z.boolean()).optional(),
  contacts: z.array(z.object({ at: z.union([z.string(), z.number(), z.date()]), channel: z.string().optional() })).optional(),
  value: z.number().min(-1e12).max(1e12).optional(),
});
const optionsSchema = z.object({
  propensity: z.union([z.record(z.string(), z.record(z.string(), z.number())), z.function()]).optional(),
  propensityType: z.enum(["probability", "uplift"]).default("probability"),
  contactPolicy: z
    .object({
      caps: z.array(z.object({ channel: z.string().min(1).optional(), max: z.number().int().min(0), days: z.number().gt(0).max(3650) })).optional(),
      quietDays: z.number().min(0).max(3650).optional(),
      requireConsent: z.boolean().optional(),
    })
    .default({}),
  now: z.union([z.string(), z.number(), z.date()]).optional(),
  assignAll: z.boolean().default(false),
  minExpectedValue: z.number().default(0),
  sharedBudgets: z
    .array(
      z.object({
        name: z.string().min(1).optional(),
        actions: z
          .array(z.union([z.string(), z.number()]))
          .min(1)
          .optional(),
        amount: z.number().min(0).max(1e15),
      }),
    )
    .optional(),
  maxNodes: z.number().int().min(1).max(1e7).optional(),
});

function parseRow<T>(schema: z.ZodType<T>, v: unknown, fn: string, name: string, i: number): T {
  plainObject(v, fn, [name, i], `${name}[${i}]`);
  const r = schema.safeParse(v);
  if (!r.success) {
    const is = r.error.issues[0];
    const path = [name, i, ...is.path];
    const key = is.keys?.[0];
    throw new ClienteleError({
      code: key !== undefined ? "INVALID_INPUT" : is.code === "invalid_type" && /NaN|Infinity/.test(is.message) ? "NON_FINITE" : "INVALID_INPUT",
      path: key !== undefined ? [...path, key] : path,
      message: `${fn}: ${path.join(".")}${key !== undefined ? `: unknown field "${key}"` : ` ${is.message}`}.`,
    });
  }
  return r.data;
}

function fromPer(p: PerCustomer, c: NbaCustomer, id: string, _fn: string, _what: string): number | undefined {
  if (typeof p === "number") return p;
  if (typeof p === "function") return p(c);
  return own(p as Record<string, unknown>, id) as number | undefined;
}

function checkNumber(v: unknown, lo: number, hi: number, fn: string, path: (string | number)[], what: string): number {
  if (v === undefined || v === null) {
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path,
      message: `${fn}: no ${what} for ${path.join(".")}; give it on the action, in options.propensity, or make the action ineligible for that customer.`,
    });
  }
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ClienteleError({
      code: "NON_FINITE",
      path,
      received: v,
      message: `${fn}: ${what} for ${path.join(".")} is ${describeValue(v)}; it must be a finite number.`,
    });
  }
  if (v < lo || v > hi) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path,
      received: v,
      message: `${fn}: ${what} for ${path.join(".")} is ${v}; it must be in [${lo}, ${hi}].`,
    });
  }
  return v;
}

const fmt = (x: number) => String(+x.toPrecision(6));

/**
 * The constraints: count capacities (a budget over one cost for every allowed customer counts as
 * floor(budget / cost), as before), the budgets that meet costs differing per customer (null
 * where none), and the shared budgets with their action indices.
 */
function constraintsOf(
  A: readonly NbaAction[],
  sharedIn: NextBestActionOptions["sharedBudgets"],
  aid: readonly string[],
  allowed: Float64Array,
  pairCost: Float64Array,
  n: number,
  fn: string,
) {
  const m = A.length;
  const budgetOf: (number | null)[] = new Array(m).fill(null);
  const capacity = A.map((a, k) => {
    let c = a.capacity ?? Infinity;
    if (a.budget === undefined) return c;
    let unit = typeof a.cost === "number" ? a.cost : a.cost === undefined ? 0 : Number.NaN;
    if (Number.isNaN(unit)) {
      // costs per customer: one common cost over the allowed pairs is still a count
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(allowed[i * m + k])) continue;
        const ci = pairCost[i * m + k];
        if (Number.isNaN(unit)) unit = ci;
        else if (ci !== unit) {
          budgetOf[k] = a.budget;
          return c;
        }
      }
      if (Number.isNaN(unit)) unit = 0;
    }
    c = Math.min(c, unit > 0 ? Math.floor(a.budget / unit + 1e-9) : Infinity);
    return c;
  });
  const index = new Map(aid.map((a, k) => [a, k]));
  const shared = (sharedIn ?? []).map((g, j) => {
    const actions =
      g.actions === undefined
        ? aid.map((_, k) => k)
        : g.actions.map((a, t) => {
            const k = index.get(idKey(a, fn, ["options", "sharedBudgets", j, "actions", t]));
            if (k === undefined) {
              throw new ClienteleError({
                code: "UNKNOWN_ACTION",
                path: ["options", "sharedBudgets", j, "actions", t],
                received: a,
                message: `${fn}: options.sharedBudgets[${j}] names action "${a}", which is not among the actions (${aid.slice(0, 5).join(", ")}).`,
              });
            }
            return k;
          });
    return { name: g.name ?? `budget ${j}`, amount: g.amount, actions: [...new Set(actions)] };
  });
  return { capacity, budgetOf, shared };
}

/**
 * The next best action for every customer: each action's eligibility rules and the contact
 * policy (consent, frequency caps, quiet period) decide which pairs are allowed; the expected
 * value of an allowed pair is propensity x value - cost; the plan maximizes the total expected
 * value under every action's capacity and budget and the shared budgets. Each decision lists
 * its runner-up and the reasons.
 *
 * Solvers (`plan.method`): when every limit is a count (capacities, and budgets of actions that
 * cost the same for every customer, which allow floor(budget / cost) contacts) the optimum is
 * exact by min-cost flow (successive shortest paths), O(n m (m^2 + log n)) for n customers and
 * m actions. When a budget meets costs that differ per customer, or a budget is shared by
 * several actions (`options.sharedBudgets`), the problem is a generalized assignment (a
 * knapsack per budget): best-first branch and bound with a Lagrangian bound (the LP relaxation's
 * dual with the limits priced by multipliers, tightened by subgradient steps at every node),
 * O(n m) per node. It is exact (`optimal: true`, tested against brute force over every
 * assignment) unless `maxNodes` nodes are expanded first (small problems finish; thousands of
 * customers usually stop at the limit within a fraction of a percent of the bound); then the
 * plan is the best found and `upperBound` a proven bound on the optimum. A budget holds to a
 * relative 1e-9.
 *
 * @param customers - {@link NbaCustomer} rows
 * @param actions - {@link NbaAction} rows
 * @param options - `propensity`, `propensityType`, `contactPolicy`, `now`, `assignAll`, `minExpectedValue`, `sharedBudgets`, `maxNodes`
 * @throws ClienteleError `EMPTY_INPUT`, `INVALID_INPUT`, `INVALID_OPTION`, `DUPLICATE_ID`, `MISSING_VALUE` (no propensity, no cost for a customer, no `now`), `NON_FINITE`, `OUT_OF_RANGE`, `UNKNOWN_ACTION`, `INFEASIBLE_ASSIGNMENT` (capacities and budgets no assignment meets with `assignAll`), `TOO_LARGE` (too many pairs; or `maxNodes` reached before any plan with `assignAll`)
 * @example
 * import { nextBestAction } from "clientele/personalize";
 * const plan = nextBestAction(
 *   [{ id: "a" }, { id: "b" }],
 *   [
 *     { id: "call", value: 100, cost: 5, capacity: 1, propensity: { a: 0.3, b: 0.2 } },
 *     { id: "mail", value: 100, cost: 1, propensity: 0.1 },
 *   ],
 * );
 * plan.customers.map((d) => [d.action, d.expectedValue]); // => [["call", 25], ["mail", 9]]
 * plan.customers[1].runnerUp; // => { action: "call", expectedValue: 15 }
 * @example
 * import { nextBestAction } from "clientele/personalize";
 * // calls cost 6, 5 and 5 (minutes, say) from a budget of 10: the two cheaper calls beat the best one
 * const plan = nextBestAction(
 *   [{ id: "a" }, { id: "b" }, { id: "c" }],
 *   [
 *     { id: "call", value: 100, cost: { a: 6, b: 5, c: 5 }, budget: 10, propensity: { a: 0.3, b: 0.25, c: 0.25 } },
 *     { id: "mail", value: 100, cost: 1, propensity: 0.05 },
 *   ],
 * );
 * plan.customers.map((d) => d.action); // => ["mail", "call", "call"]
 * [plan.totalExpectedValue, plan.method, plan.optimal]; // => [44, "branch-and-bound", true]
 * @example
 * import { nextBestAction } from "clientele/personalize";
 * // one budget of 20 for calls (cost 8) and SMS (cost 1)
 * const plan = nextBestAction(
 *   [{ id: 1 }, { id: 2 }, { id: 3 }],
 *   [
 *     { id: "call", value: 100, cost: 8, propensity: 0.3 },
 *     { id: "sms", value: 100, cost: 1, propensity: 0.05 },
 *   ],
 *   { sharedBudgets: [{ name: "q3", amount: 20 }] },
 * );
 * plan.customers.map((d) => d.action); // => ["call", "call", "sms"]
 * plan.sharedBudgets; // => [{ name: "q3", amount: 20, spent: 17 }]
 */
export function nextBestAction(customers: readonly NbaCustomer[], actions: readonly NbaAction[], options: NextBestActionOptions = {}): NbaPlan {
  const fn = "nextBestAction";
  const opts = parseOptions(optionsSchema, options, fn);
  const cl = nonEmptyList(customers, fn, "customers");
  const al = nonEmptyList(actions, fn, "actions");
  const C = Array.from(cl, (c, i) => parseRow(customerSchema, c, fn, "customers", i) as NbaCustomer);
  const A = Array.from(al, (a, i) => parseRow(actionSchema, a, fn, "actions", i) as NbaAction);
  const n = C.length;
  const m = A.length;
  if (n * m > 2e7) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      message: `${fn}: ${n} customers x ${m} actions = ${n * m} pairs is more than 2e7. Split the customers into batches (by segment or region), each with its share of the capacities.`,
    });
  }
  const cid = C.map((c, i) => idKey(c.id, fn, ["customers", i, "id"]));
  const aid = A.map((a, i) => idKey(a.id, fn, ["actions", i, "id"]));
  for (const [ids, name] of [
    [cid, "customers"],
    [aid, "actions"],
  ] as const) {
    const seen = new Map<string, number>();
    ids.forEach((k, i) => {
      if (seen.has(k))
        throw new ClienteleError({
          code: "DUPLICATE_ID",
          path: [name, i, "id"],
          received: k,
          message: `${fn}: ${name}[${i}].id "${k}" repeats ${name}[${seen.get(k)}]; ids must be unique (7 and "7" are one id).`,
        });
      seen.set(k, i);
    });
  }
  A.forEach((a, k) => (a.eligibility ?? []).forEach((r, j) => checkRule(r, fn, ["actions", k, "eligibility", j])));
  if (opts.propensity !== undefined && typeof opts.propensity !== "function") {
    const known = new Set(aid);
    for (const [c, row] of Object.entries(opts.propensity as Record<string, Record<string, number>>)) {
      for (const a of Object.keys(row)) {
        if (!known.has(a))
          throw new ClienteleError({
            code: "UNKNOWN_ACTION",
            path: ["options", "propensity", c, a],
            received: a,
            message: `${fn}: options.propensity["${c}"] names action "${a}", which is not among the actions (${aid.slice(0, 5).join(", ")}).`,
          });
      }
    }
  }
  const policy = opts.contactPolicy;
  const needsNow = (policy.caps?.length ?? 0) > 0 || (policy.quietDays ?? 0) > 0;
  const now = opts.now === undefined ? undefined : toMs(opts.now, fn, ["options", "now"]);
  const lo = opts.propensityType === "uplift" ? -1 : 0;
  const ev = new Float64Array(n * m).fill(NaN); // allowed pairs only
  const pairCost = new Float64Array(n * m);
  const blocked: NbaReason[][] = C.map(() => []);
  for (let i = 0; i < n; i++) {
    const c = C[i];
    const contacts: Contact[] = (c.contacts ?? []).map((x, j) => ({ at: toMs(x.at, fn, ["customers", i, "contacts", j, "at"]), channel: x.channel }));
    if (needsNow && contacts.length > 0 && now === undefined) {
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: ["options", "now"],
        message: `${fn}: the contact policy has caps or a quiet period and customers have contact histories; pass options.now (the decision time).`,
      });
    }
    for (let k = 0; k < m; k++) {
      const a = A[k];
      const rule = (a.eligibility ?? []).find((r) => !passes(r, c.attributes));
      if (rule) {
        blocked[i].push({ action: aid[k], kind: "eligibility", detail: `not eligible: rule "${ruleText(rule)}" fails` });
        continue;
      }
      const pb = policyBlock(policy, a.channel, c.consent, contacts, now);
      if (pb) {
        blocked[i].push({ action: aid[k], ...pb });
        continue;
      }
      const path = ["customers", i, "actions", aid[k]];
      let p = a.propensity !== undefined ? fromPer(a.propensity, c, cid[i], fn, "propensity") : undefined;
      if (p === undefined && opts.propensity !== undefined) {
        p =
          typeof opts.propensity === "function"
            ? opts.propensity(c, a)
            : (own((own(opts.propensity, cid[i]) as Record<string, unknown>) ?? {}, aid[k]) as number | undefined);
      }
      const pv = checkNumber(p, lo, 1, fn, path, "propensity");
      const vRaw = a.value === undefined ? 1 : a.value === "customer" ? c.value : fromPer(a.value, c, cid[i], fn, "value");
      const v = checkNumber(vRaw, -1e12, 1e12, fn, path, a.value === "customer" ? "customer value" : "value");
      const cv =
        a.cost === undefined ? 0 : typeof a.cost === "number" ? a.cost : checkNumber(fromPer(a.cost, c, cid[i], fn, "cost"), 0, 1e12, fn, path, "cost");
      pairCost[i * m + k] = cv;
      ev[i * m + k] = pv * v - cv;
    }
  }
  const allowed = ev.slice();
  if (!opts.assignAll) for (let j = 0; j < allowed.length; j++) if (!(allowed[j] > opts.minExpectedValue)) allowed[j] = NaN;
  const { capacity, budgetOf, shared } = constraintsOf(A, opts.sharedBudgets, aid, allowed, pairCost, n, fn);
  const flow = budgetOf.every((b) => b === null) && shared.length === 0;
  let sol: { assign: Int32Array; total: number; upperBound: number; optimal: boolean };
  if (flow) {
    const r = solveAssignment({ n, m, value: allowed, capacity, allowNone: !opts.assignAll }, fn, cid);
    sol = { ...r, upperBound: r.total, optimal: true };
  } else {
    if (opts.assignAll) {
      // the same error as the min-cost flow path for a customer with no allowed action at all
      for (let i = 0; i < n; i++) {
        let any = false;
        for (let k = 0; k < m && !any; k++) any = !Number.isNaN(allowed[i * m + k]) && capacity[k] > 0;
        if (!any) {
          throw new ClienteleError({
            code: "INFEASIBLE_ASSIGNMENT",
            path: ["customers", i],
            received: cid[i],
            message: `${fn}: no assignment gives every customer an action within the capacities: customer "${cid[i]}" cannot be placed (it has no allowed action with room). Raise the capacities, widen eligibility, or drop assignAll.`,
          });
        }
      }
    }
    const constraints: BudgetConstraint[] = [];
    capacity.forEach((c, k) => {
      if (Number.isFinite(c)) constraints.push({ actions: [k], limit: c, count: true });
    });
    budgetOf.forEach((b, k) => {
      if (b !== null) constraints.push({ actions: [k], limit: b, count: false });
    });
    for (const g of shared) constraints.push({ actions: g.actions, limit: g.amount, count: false });
    sol = solveBudgeted(
      {
        n,
        m,
        value: allowed,
        cost: pairCost,
        constraints,
        allowNone: !opts.assignAll,
        maxNodes: opts.maxNodes ?? Math.min(20_000, Math.max(20, Math.floor(1e6 / (n * m)))),
      },
      fn,
    );
  }
  const { assign, total } = sol;
  const limitsOf = (k: number): string => {
    if (flow) return `its capacity (${capacity[k]})`;
    const parts: string[] = [];
    if (Number.isFinite(capacity[k])) parts.push(`its capacity (${capacity[k]})`);
    if (budgetOf[k] !== null) parts.push(`its budget (${fmt(budgetOf[k] as number)})`);
    for (const g of shared) if (g.actions.includes(k)) parts.push(`the shared budget "${g.name}" (${fmt(g.amount)})`);
    return parts.join(" and ") || "the budgets";
  };
  let unconstrained = 0;
  const counts = new Array<number>(m).fill(0);
  const values = new Array<number>(m).fill(0);
  const spent = new Array<number>(m).fill(0);
  const out: NbaDecision[] = C.map((_, i) => {
    const order = Array.from({ length: m }, (_, k) => k)
      .filter((k) => !Number.isNaN(ev[i * m + k]))
      .sort((x, y) => ev[i * m + y] - ev[i * m + x] || x - y);
    const bestAllowed = order.find((k) => !Number.isNaN(allowed[i * m + k]));
    if (bestAllowed !== undefined) unconstrained += allowed[i * m + bestAllowed];
    const k = assign[i];
    const reasons = blocked[i].slice();
    let e = 0;
    if (k >= 0) {
      e = ev[i * m + k];
      counts[k]++;
      values[k] += e;
      spent[k] += pairCost[i * m + k];
      reasons.push({ action: aid[k], kind: "score", detail: `expected value ${fmt(e)}` + (bestAllowed === k ? ", the highest allowed" : "") });
      if (bestAllowed !== undefined && bestAllowed !== k) {
        reasons.push({
          action: aid[bestAllowed],
          kind: "capacity",
          detail: `higher expected value ${fmt(ev[i * m + bestAllowed])}, but ${limitsOf(bestAllowed)} went where it adds more in total`,
        });
      }
    } else if (bestAllowed !== undefined) {
      reasons.push({
        action: aid[bestAllowed],
        kind: "capacity",
        detail: `expected value ${fmt(ev[i * m + bestAllowed])}, but ${limitsOf(bestAllowed)} went where it adds more in total`,
      });
    } else {
      reasons.push({
        action: null,
        kind: order.length ? "threshold" : "eligibility",
        detail: order.length ? `no allowed action has expected value above ${opts.minExpectedValue}` : "no action is allowed",
      });
    }
    const ru = order.find((x) => x !== k);
    return {
      customerId: cid[i],
      action: k >= 0 ? aid[k] : null,
      expectedValue: e,
      runnerUp: ru === undefined ? null : { action: aid[ru], expectedValue: ev[i * m + ru] },
      reasons,
    };
  });
  return {
    customers: out,
    actions: aid.map((a, k) => ({
      action: a,
      assigned: counts[k],
      capacity: Number.isFinite(capacity[k]) ? capacity[k] : null,
      expectedValue: values[k],
      cost: spent[k],
    })),
    sharedBudgets: shared.map((g) => ({ name: g.name, amount: g.amount, spent: g.actions.reduce((t, k) => t + spent[k], 0) })),
    totalExpectedValue: total,
    unconstrainedValue: unconstrained,
    method: flow ? "min-cost-flow" : "branch-and-bound",
    optimal: sol.optimal,
    upperBound: sol.upperBound,
  };
}
