// clientele/personalize, end to end on a simulated customer base (runs in a few seconds):
//  1. a contextual subject-line test (LinUCB from clientele/bandit) that logs its propensities;
//  2. an off-line evaluation of a new targeting rule on those logs before shipping it
//     (estimatePolicyValue from clientele/bandit), compared with its true value in the simulation;
//  3. uplift of the e-mail per customer (T-learner), its Qini AUC on fresh customers;
//  4. a next-best-action plan under consent, a frequency cap and a call-centre capacity, with
//     each customer's send time (empirical-Bayes hour of day in their time zone), and one profile;
//  5. the same plan with call costs that differ per customer and one budget shared by calls and
//     e-mails (branch and bound: the plan's method, whether it is proven optimal, its bound).
// Run: npx tsx examples/personalize.ts
import { actionProbabilities, chooseContextualArm, createContextualBandit, estimatePolicyValue, updateContextualBanditInPlace } from "clientele/bandit";
import {
  bestSendTimes,
  createRng,
  customerProfile,
  fitSendTime,
  fitUplift,
  nextBestAction,
  predictUplift,
  qiniCurve,
  type EngagementEvent,
  type NbaCustomer,
} from "clientele/personalize";

const rng = createRng(2026);
const SUBJECTS = ["Your weekly picks", "20% off today only", "We saved your basket"];
// context: [1, young, loyal, basket]; true click rate of each subject line
const clickRate = (x: number[], a: number) => [0.05 + 0.03 * x[2], 0.04 + 0.08 * x[1], 0.03 + 0.12 * x[3]][a];
const context = () => [1, rng.uniform() < 0.4 ? 1 : 0, rng.uniform() < 0.3 ? 1 : 0, rng.uniform() < 0.25 ? 1 : 0];

// 1. contextual subject-line test: epsilon-greedy over ridge estimates logs exact propensities
const bandit = createContextualBandit({ arms: SUBJECTS, dimension: 4, policy: { type: "epsilon-greedy", epsilon: 0.2 }, seed: 1 });
const log: { action: string; reward: number; propensity: number; context: number[] }[] = [];
let clicks = 0;
for (let t = 0; t < 20_000; t++) {
  const x = context();
  const c = chooseContextualArm(bandit, x, { rng });
  const r = rng.uniform() < clickRate(x, c.index) ? 1 : 0;
  clicks += r;
  updateContextualBanditInPlace(bandit, x, c.arm, r);
  log.push({ action: c.arm, reward: r, propensity: c.probability, context: x });
}
console.log(`1. subject-line test: 20,000 sends, click rate ${(clicks / 20_000).toFixed(4)}`);
console.log(
  `   P(subject | young shopper with a basket) = ${actionProbabilities(bandit, [1, 1, 0, 1])
    .map((p) => p.toFixed(2))
    .join(" / ")}`,
);

// 2. off-line evaluation of a rule before shipping: basket -> "saved your basket", young -> "20% off", else "weekly picks"
const rule = (x: number[]) => (x[3] ? 2 : x[1] ? 1 : 0);
const target = { actions: log.map((r) => SUBJECTS[rule(r.context)]) };
const ope = estimatePolicyValue(log, target, { actions: SUBJECTS, estimators: ["ips", "snips", "dr"], resamples: 100, seed: 3 });
let truth = 0;
for (let i = 0; i < 50_000; i++) {
  const x = context();
  truth += clickRate(x, rule(x));
}
console.log(`2. the rule, evaluated on the logs (true click rate ${(truth / 50_000).toFixed(4)}; logged ${ope.loggedValue.toFixed(4)}):`);
for (const e of ope.estimates) console.log(`   ${e.estimator.padEnd(6)} ${e.value!.toFixed(4)}  [${e.lower!.toFixed(4)}, ${e.upper!.toFixed(4)}]`);
console.log(`   effective sample size ${ope.diagnostics.effectiveSampleSize.toFixed(0)} of ${ope.n}`);

// 3. uplift of an e-mail on purchases: randomized 50/50, the e-mail helps loyal customers most
const N = 3000;
const customers: { id: string; x: number[]; zone: string; segment: string }[] = [];
const ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo"];
for (let i = 0; i < N; i++) {
  const x = context().slice(1);
  customers.push({ id: `c${i}`, x, zone: ZONES[rng.int(3)], segment: x[1] ? "loyal" : "casual" });
}
const buy = (x: number[], mail: boolean) => 0.05 + 0.05 * x[1] + (mail ? 0.02 + 0.1 * x[1] - 0.03 * x[0] : 0);
const exp = customers.map((c) => {
  const mail = rng.uniform() < 0.5;
  return { mail, y: rng.uniform() < buy(c.x, mail) ? 1 : 0 };
});
const uplift = fitUplift(
  customers.slice(0, 2000).map((c) => c.x),
  exp.slice(0, 2000).map((e) => (e.mail ? "email" : "control")),
  exp.slice(0, 2000).map((e) => e.y),
);
const held = customers.slice(2000);
const pred = predictUplift(
  uplift,
  held.map((c) => c.x),
);
const q = qiniCurve(
  exp.slice(2000).map((e) => e.y),
  pred.uplift[0],
  exp.slice(2000).map((e) => (e.mail ? 1 : 0)),
);
console.log(`3. e-mail uplift (T-learner): Qini AUC on 1,000 fresh customers ${q.auc!.toFixed(3)} (> 0 beats random targeting)`);

// 4. next best action + send time for the held-out customers
const events: EngagementEvent[] = [];
const start = Date.parse("2026-10-05T00:00:00Z");
const peak = (c: (typeof customers)[number]) => (c.segment === "loyal" ? 19 : 8) + (Number(c.id.slice(1)) % 3) - 1;
const hourFormats = new Map(ZONES.map((zone) => [zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" })]));
const localHour = (t: number, zone: string) => +hourFormats.get(zone)!.format(t) % 24;
for (const c of held.slice(0, 300)) {
  for (let k = 0; k < 40; k++) {
    const t = start + rng.int(50) * 86_400_000 + rng.int(24) * 3_600_000;
    events.push({ customerId: c.id, timestamp: t, type: "send" });
    const d = Math.abs(localHour(t, c.zone) - peak(c));
    if (rng.uniform() < 0.05 + 0.3 * Math.exp(-(d * d) / 2)) events.push({ customerId: c.id, timestamp: t + 900_000, type: "open" });
  }
}
const timeZones = Object.fromEntries(held.map((c) => [c.id, c.zone]));
const segments = Object.fromEntries(held.map((c) => [c.id, c.segment]));
const sendModel = fitSendTime(events, { slots: "hour-of-day", timeZones, segments, bandwidth: 1 });
const base: NbaCustomer[] = held.map((c, i) => ({
  id: c.id,
  attributes: { segment: c.segment, basket: c.x[2] === 1 },
  consent: { email: i % 10 !== 0, phone: i % 4 === 0 },
  contacts:
    i % 7 === 0
      ? [
          { at: "2026-12-03T10:00:00Z", channel: "email" },
          { at: "2026-12-01T10:00:00Z", channel: "email" },
        ]
      : [],
  value: 80 + 40 * c.x[1],
}));
const plan = nextBestAction(
  base,
  [
    {
      id: "email-offer",
      channel: "email",
      value: "customer",
      cost: 0.1,
      propensity: Object.fromEntries(held.map((c, i) => [c.id, Math.max(0, pred.uplift[0][i])])),
    },
    { id: "basket-call", channel: "phone", value: "customer", cost: 4, capacity: 40, eligibility: [{ attribute: "basket", equals: true }], propensity: 0.12 },
  ],
  { now: "2026-12-04T08:00:00Z", contactPolicy: { caps: [{ channel: "email", max: 2, days: 7 }] } },
);
const times = bestSendTimes(
  sendModel,
  held.map((c) => ({ id: c.id, timeZone: c.zone, segment: c.segment })),
  { windows: [{ from: 7, to: 22 }], from: "2026-12-04T08:00:00Z" },
);
console.log(
  `4. next best action for ${held.length} customers: total expected value ${plan.totalExpectedValue.toFixed(1)} (unconstrained bound ${plan.unconstrainedValue.toFixed(1)})`,
);
for (const a of plan.actions)
  console.log(
    `   ${a.action.padEnd(12)} ${String(a.assigned).padStart(4)} customers${a.capacity !== null ? ` (capacity ${a.capacity})` : ""}, expected value ${a.expectedValue.toFixed(1)}`,
  );
const timeOf = new Map(times.map((t) => [t.customerId, t]));
for (const d of plan.customers.slice(0, 8)) {
  const t = timeOf.get(d.customerId)!;
  const why = d.reasons.map((r) => `${r.kind}${r.action ? `(${r.action})` : ""}`).join(", ");
  console.log(
    `   ${d.customerId.padEnd(6)} ${String(d.action).padEnd(12)} EV ${d.expectedValue.toFixed(2).padStart(6)}  send ${String(t.hour).padStart(2)}:00 ${t.timeZone.padEnd(17)} (${t.source}) next ${t.nextSendAt}  ${why}`,
  );
}
const profile = customerProfile({ nextBestAction: plan, sendTime: times, clv: held.map((c, i) => ({ id: c.id, clv: base[i].value! })) });
console.log("   profile of the first customer:", JSON.stringify(profile[0]));

// 5. the same decision with budgets in money: a call costs more for loyal customers (longer
//    calls), and one December budget pays for both calls and e-mails. Costs that differ per
//    customer and a shared budget make it a knapsack: branch and bound with a proven bound.
const callCost = Object.fromEntries(held.map((c) => [c.id, c.segment === "loyal" ? 6 : 3]));
const budgeted = nextBestAction(
  base,
  [
    {
      id: "email-offer",
      channel: "email",
      value: "customer",
      cost: 0.1,
      propensity: Object.fromEntries(held.map((c, i) => [c.id, Math.max(0, pred.uplift[0][i])])),
    },
    { id: "basket-call", channel: "phone", value: "customer", cost: callCost, eligibility: [{ attribute: "basket", equals: true }], propensity: 0.12 },
  ],
  { now: "2026-12-04T08:00:00Z", contactPolicy: { caps: [{ channel: "email", max: 2, days: 7 }] }, sharedBudgets: [{ name: "december", amount: 150 }] },
);
console.log(`5. with per-customer call costs and one shared budget of 150: method ${budgeted.method}, optimal ${budgeted.optimal}`);
console.log(
  `   total expected value ${budgeted.totalExpectedValue.toFixed(1)} (proven upper bound ${budgeted.upperBound.toFixed(1)}); spent ${budgeted.sharedBudgets[0].spent.toFixed(1)} of ${budgeted.sharedBudgets[0].amount}`,
);
for (const a of budgeted.actions)
  console.log(`   ${a.action.padEnd(12)} ${String(a.assigned).padStart(4)} customers, cost ${a.cost.toFixed(1)}, expected value ${a.expectedValue.toFixed(1)}`);
