// nextBestAction (exact min-cost flow) vs a plain greedy assignment (sort pairs by value, take while
// capacity lasts: not optimal) on the same seeded data, and fitSendTime on simulated events.
// Also nextBestAction with budgets over costs per customer (branch and bound, default node limit)
// vs a greedy by value per unit of cost. Run: npx tsx benchmarks/personalize.bench.ts
import { createRng, fitSendTime, nextBestAction, type EngagementEvent } from "../src/personalize/index.js";

function data(n: number, m: number) {
  const rng = createRng(1);
  const p = Array.from({ length: n * m }, () => rng.uniform() * 0.3);
  const customers = Array.from({ length: n }, (_, i) => ({ id: i }));
  const actions = Array.from({ length: m }, (_, a) => ({
    id: `a${a}`,
    value: 20 + 10 * a,
    cost: a,
    capacity: Math.floor(n / (2 * m)),
    propensity: (c: { id: string | number }) => p[Number(c.id) * m + a],
  }));
  return { customers, actions, p };
}
function greedy(n: number, m: number, p: number[], cap: number) {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let a = 0; a < m; a++) {
      const v = p[i * m + a] * (20 + 10 * a) - a;
      if (v > 0) pairs.push([v, i, a]);
    }
  pairs.sort((x, y) => y[0] - x[0]);
  const used = new Array(m).fill(0);
  const done = new Uint8Array(n);
  let total = 0;
  for (const [v, i, a] of pairs) if (!done[i] && used[a] < cap) (done[i] = 1), used[a]++, (total += v);
  return total;
}
const time = (f: () => unknown) => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r] as const;
};
for (const n of [10_000, 100_000]) {
  const m = 5;
  const d = data(n, m);
  const [te, plan] = time(() => nextBestAction(d.customers, d.actions));
  const [tg, g] = time(() => greedy(n, m, d.p, Math.floor(n / (2 * m))));
  console.log(
    `nextBestAction n=${n} m=${m}: ${te.toFixed(0)} ms, total ${(plan as { totalExpectedValue: number }).totalExpectedValue.toFixed(1)}; greedy ${tg.toFixed(0)} ms, total ${(g as number).toFixed(1)}`,
  );
}
// budgets over costs per customer (branch and bound) vs a greedy by value per unit of cost
function budgetData(n: number, m: number) {
  const rng = createRng(3);
  const p = Array.from({ length: n * m }, () => rng.uniform() * 0.3);
  const c = Array.from({ length: n * m }, () => 1 + rng.int(10));
  const customers = Array.from({ length: n }, (_, i) => ({ id: i }));
  const actions = Array.from({ length: m }, (_, a) => ({
    id: `a${a}`,
    value: 40 + 20 * a,
    cost: (cu: { id: string | number }) => c[Number(cu.id) * m + a],
    budget: (n * 5) / (2 * m),
    propensity: (cu: { id: string | number }) => p[Number(cu.id) * m + a],
  }));
  return { customers, actions, p, c };
}
function budgetGreedy(n: number, m: number, p: number[], c: number[], budget: number) {
  const pairs: [number, number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let a = 0; a < m; a++) {
      const v = p[i * m + a] * (40 + 20 * a) - c[i * m + a];
      if (v > 0) pairs.push([v / c[i * m + a], v, i, a]);
    }
  pairs.sort((x, y) => y[0] - x[0]);
  const spent = new Array(m).fill(0);
  const done = new Uint8Array(n);
  let total = 0;
  for (const [, v, i, a] of pairs) if (!done[i] && spent[a] + c[i * m + a] <= budget) (done[i] = 1), (spent[a] += c[i * m + a]), (total += v);
  return total;
}
for (const n of [40, 200, 1_000, 5_000]) {
  const m = 3;
  const d = budgetData(n, m);
  const [te, plan] = time(() => nextBestAction(d.customers, d.actions));
  const pl = plan as { totalExpectedValue: number; upperBound: number; optimal: boolean };
  const [tg, g] = time(() => budgetGreedy(n, m, d.p, d.c, (n * 5) / (2 * m)));
  console.log(
    `nextBestAction budgets, costs per customer, n=${n} m=${m}: ${te.toFixed(0)} ms, total ${pl.totalExpectedValue.toFixed(2)}, bound ${pl.upperBound.toFixed(2)}, optimal ${pl.optimal}; greedy by value/cost ${tg.toFixed(0)} ms, total ${(g as number).toFixed(2)}`,
  );
}
const rng = createRng(2);
const events: EngagementEvent[] = [];
const start = Date.parse("2026-09-07T00:00:00Z");
for (let c = 0; c < 20_000; c++)
  for (let k = 0; k < 10; k++) {
    const t = start + rng.int(60) * 86_400_000 + rng.int(24) * 3_600_000;
    events.push({ customerId: c, timestamp: t, type: "send" });
    if (rng.uniform() < 0.2) events.push({ customerId: c, timestamp: t + 600_000, type: "open" });
  }
for (const zone of ["UTC", "Europe/Paris"]) {
  const [ts] = time(() => fitSendTime(events, { timeZone: zone }));
  console.log(`fitSendTime ${events.length} events, 20,000 customers, zone ${zone}: ${ts.toFixed(0)} ms`);
}
