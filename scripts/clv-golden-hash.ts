// Golden hash of clv fits and predictions for every model kind (CDNOW and donations from
// ../shared/data/cdnow, and seeded simulated data): proves a refactor of src/clv is bit-identical.
// Run: npx tsx scripts/clv-golden-hash.ts  (issue 11 before and after: TOTAL 3e6bd9278c786bc0500cf0d2cd7a153f7bec87f8d6773836b56a3c052e4373cf)
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as clv from "../src/clv/index.js";
import { churnRisk } from "../src/clv/tiers.js";

const D = new URL("../../shared/data/cdnow/", import.meta.url).pathname;
function csv(f: string): Record<string, number[]> {
  const [head, ...rows] = readFileSync(D + f, "utf8")
    .trim()
    .split(/\r?\n/);
  const cols = head.split(",");
  const out: Record<string, number[]> = Object.fromEntries(cols.map((c) => [c, []]));
  for (const r of rows) r.split(",").forEach((v, i) => out[cols[i]].push(Number(v)));
  return out;
}
let s = 0x12345678;
const rnd = () => {
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const norm = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
function gamma(k: number): number {
  if (k < 1) return gamma(k + 1) * Math.pow(rnd(), 1 / k);
  const d = k - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = norm();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rnd();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
const beta = (a: number, b: number) => {
  const x = gamma(a);
  return x / (x + gamma(b));
};

const parts: [string, unknown][] = [];
const H = createHash("sha256");
function add(name: string, v: unknown) {
  const j = JSON.stringify(v, (_k, x) => (x instanceof Float64Array ? Array.from(x) : typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
  H.update(name + "\0" + j + "\0");
  parts.push([name, createHash("sha256").update(j).digest("hex").slice(0, 12)]);
}
function modelPart(m: any) {
  const { params, logLikelihood, standardErrors, confidenceIntervals, nIter, boundary } = m;
  return { params, logLikelihood, standardErrors, confidenceIntervals, nIter, boundary };
}

const cal = csv("cdnow_customers_summary.csv");
const cdn = { frequency: cal.frequency, recency: cal.recency, T: cal.T };
const wt = csv("cdnow_customers_summary_with_transactions.csv");
const spend = { frequency: wt.x, monetary: wt.zbar };
const don = csv("donations.csv");
// simulated BG/NBD-like customers (weeks), 20,000
const N = 20000;
const sim = { frequency: [] as number[], recency: [] as number[], T: [] as number[], monetary: [] as number[] };
for (let i = 0; i < N; i++) {
  const T = Math.round((39 + 12 * rnd()) * 7) / 7;
  const lam = gamma(0.243) / 4.414;
  const p = beta(0.793, 2.426);
  let t = 0,
    x = 0,
    last = 0;
  for (;;) {
    t += -Math.log(1 - rnd()) / Math.max(lam, 1e-12);
    if (t > T) break;
    x++;
    last = t;
    if (rnd() < p) break;
  }
  const rec = x === 0 ? 0 : Math.round(last * 7) / 7;
  sim.frequency.push(x);
  sim.recency.push(Math.min(rec, T));
  sim.T.push(T);
  const nu = gamma(3.74) / 15.44;
  let sum = 0;
  for (let k = 0; k < x; k++) sum += gamma(6.25) / nu;
  sim.monetary.push(x === 0 ? 0 : Math.round((sum / x) * 100) / 100);
}
const simSpend = { frequency: sim.frequency, monetary: sim.monetary };
// simulated BG/BB (discrete, 8 opportunities), 5,000
const bb = { frequency: [] as number[], recency: [] as number[], periods: [] as number[] };
for (let i = 0; i < 5000; i++) {
  const p = beta(1.2, 0.75),
    th = beta(0.66, 2.78);
  const n = 8;
  let x = 0,
    tx = 0;
  for (let k = 1; k <= n; k++) {
    if (rnd() < th) break;
    if (rnd() < p) {
      x++;
      tx = k;
    }
  }
  bb.frequency.push(x);
  bb.recency.push(tx);
  bb.periods.push(n);
}

for (const [dname, data] of [
  ["cdnow", cdn],
  ["sim", sim],
] as const) {
  const cols = { frequency: data.frequency, recency: data.recency, T: data.T };
  const models = [
    clv.fitBgNbd(cols, { timeUnit: "week" }),
    clv.fitMbgNbd(cols, { timeUnit: "week" }),
    clv.fitParetoNbd(cols, { timeUnit: "week" }),
    clv.fitBgNbd(cols, { timeUnit: "week", penalty: 0.01 }),
    clv.fitParetoNbd(cols, { timeUnit: "week", penalty: 0.001 }),
  ];
  const gg = clv.fitGammaGamma(dname === "cdnow" ? spend : simSpend);
  const ggp = clv.fitGammaGamma(dname === "cdnow" ? spend : simSpend, { penalty: 0.01 });
  add(`${dname}/gg`, { ...modelPart(gg), nSkipped: gg.nSkipped });
  add(`${dname}/ggpen`, modelPart(ggp));
  add(`${dname}/gg/eav`, clv.expectedAverageValue(gg, dname === "cdnow" ? spend : simSpend));
  add(`${dname}/gg/corr`, clv.spendFrequencyCorrelation(dname === "cdnow" ? spend : simSpend));
  add(`${dname}/gg/ll`, clv.gammaGammaLogLikelihood(gg, dname === "cdnow" ? spend : simSpend));
  add(`${dname}/gg/json`, clv.gammaGammaFromJSON(JSON.parse(JSON.stringify(gg))));
  models.forEach((m, k) => {
    const tag = `${dname}/${m.kind}#${k}`;
    add(tag, modelPart(m));
    add(`${tag}/json`, clv.transactionModelFromJSON(JSON.parse(JSON.stringify(m))));
    add(`${tag}/alive`, clv.probabilityAlive(m, cols));
    add(`${tag}/cond39`, clv.conditionalExpectedPurchases(m, cols, 39));
    add(`${tag}/cond5`, clv.conditionalExpectedPurchases(m, cols, 5.5));
    add(`${tag}/exp`, clv.expectedPurchases(m, [0, 1, 10, 39, 100]));
    add(
      `${tag}/pmf`,
      [0, 1, 2, 5, 10].map((n) => clv.probabilityOfPurchases(m, 39, n)),
    );
    add(
      `${tag}/dert`,
      clv.discountedExpectedResidualTransactions(
        m,
        { frequency: cols.frequency.slice(0, 400), recency: cols.recency.slice(0, 400), T: cols.T.slice(0, 400) },
        { discountRate: 0.0027 },
      ),
    );
    add(`${tag}/clv`, clv.customerLifetimeValue(m, gg, { ...cols, monetary: dname === "cdnow" ? wt.zbar : sim.monetary }));
    add(`${tag}/churn`, churnRisk(m, cols));
    add(`${tag}/amat`, clv.probabilityAliveMatrix(m, { maxFrequency: 12, T: 39 }));
    add(`${tag}/emat`, clv.expectedPurchasesMatrix(m, { maxFrequency: 6, T: 39, t: 10, recencyPoints: 9 }));
  });
}
for (const [dname, data] of [
  ["donations", { frequency: don.frequency, recency: don.recency, periods: don.periods, weights: don.weights }],
  ["simbb", bb],
] as const) {
  for (const pen of [0, 0.01]) {
    const m = clv.fitBgBb(data as any, { penalty: pen });
    const tag = `${dname}/bgbb/pen${pen}`;
    add(tag, modelPart(m));
    add(`${tag}/json`, clv.bgbbFromJSON(JSON.parse(JSON.stringify(m))));
    const c = { frequency: data.frequency, recency: data.recency, periods: data.periods };
    add(`${tag}/ll`, clv.bgbbLogLikelihood(m, c));
    add(`${tag}/alive`, clv.bgbbProbabilityAlive(m, c));
    add(`${tag}/alive0`, clv.probabilityAlive(m, c));
    add(`${tag}/cond`, clv.bgbbConditionalExpectedTransactions(m, c, 5));
    add(`${tag}/cond2`, clv.conditionalExpectedPurchases(m, c, 3));
    add(
      `${tag}/exp`,
      [0, 1, 6, 10, 100, 1000].map((n) => clv.bgbbExpectedTransactions(m, n)),
    );
    add(`${tag}/exp2`, clv.expectedPurchases(m, [1, 6, 11]));
    add(
      `${tag}/pmf`,
      [0, 1, 3, 6].map((x) => clv.bgbbProbabilityOfTransactions(m, 6, x)),
    );
    add(`${tag}/pmf2`, clv.probabilityOfPurchases(m, 6, 2));
    add(`${tag}/churn`, churnRisk(m, c));
  }
}
for (const [k, v] of parts) console.log(k.padEnd(34), v);
console.log("TOTAL", H.digest("hex"));
