import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { defaultSimulationSegments, simulateCustomers, summarizeTransactions, type SimulationSegment } from "../../src/data/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const DAY = 86_400_000;
// Fader, Hardie & Lee (2005), CDNOW: BG/NBD r 0.243, alpha 4.414, a 0.793, b 2.426;
// Fader, Hardie & Lee (2005, JMR): Gamma-Gamma p 6.25, q 3.74, gamma 15.44.
const CDNOW: SimulationSegment = { name: "cdnow", weight: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 15.44 };
/** Gauss hypergeometric 2F1(a, b; c; z) by its power series (|z| < 1). */
function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) break;
  }
  return sum;
}
/** BG/NBD E[X(t)], Fader, Hardie & Lee (2005), eq. (9). */
function expectedRepeat(s: SimulationSegment, t: number): number {
  const { r, alpha, a, b } = s;
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}
/** BG/NBD P(X(t) = 0) = (alpha / (alpha + t))^r (same paper, eq. 8 with x = 0). */
function probNoRepeat(s: SimulationSegment, t: number): number {
  return Math.pow(s.alpha / (s.alpha + t), s.r);
}
/** Mean of f(weeks - u) for u uniform on [0, cohortWeeks] (Simpson's rule, 400 panels). */
function overCohort(f: (t: number) => number, weeks: number, cohortWeeks: number): number {
  const m = 400;
  const h = cohortWeeks / m;
  let acc = 0;
  for (let k = 0; k <= m; k++) acc += (k === 0 || k === m ? 1 : k % 2 ? 4 : 2) * f(weeks - k * h);
  return (acc * h) / 3 / cohortWeeks;
}
function repeatCounts(sim: ReturnType<typeof simulateCustomers>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of sim.transactions.customerId) counts.set(id, (counts.get(id) ?? -1) + 1);
  return counts;
}
describe("simulateCustomers", () => {
  it("is seeded: same seed same output, another seed another output", () => {
    const a = simulateCustomers({ n: 300, seed: 5 });
    const b = simulateCustomers({ n: 300, seed: 5 });
    const c = simulateCustomers({ n: 300, seed: 6 });
    expect(b).toEqual(a);
    expect(c.transactions.timestamp).not.toEqual(a.transactions.timestamp);
  });

  it("accepts an rng: same generator state same output, and the stream continues", () => {
    const a = simulateCustomers({ n: 300, rng: createRng(5) });
    const b = simulateCustomers({ n: 300, rng: createRng(5) });
    expect(b).toEqual(a);
    // createRng(s) as rng draws the same stream as seed s
    expect(simulateCustomers({ n: 300, seed: 5 })).toEqual(a);
    // a shared generator is advanced: the second call continues the stream
    const shared = createRng(9);
    const first = simulateCustomers({ n: 200, rng: shared });
    const second = simulateCustomers({ n: 200, rng: shared });
    expect(second.transactions.timestamp).not.toEqual(first.transactions.timestamp);
    // the same generator state reached by replaying the first call gives the same output
    const replay = createRng(9);
    simulateCustomers({ n: 200, rng: replay });
    expect(simulateCustomers({ n: 200, rng: replay })).toEqual(second);
  });

  it("rejects seed and rng together, and an rng not from createRng, with INVALID_OPTION", () => {
    for (const options of [{ seed: 1, rng: createRng(1) }, { rng: { uniform: () => 0.5 } }]) {
      expectClienteleError(() => simulateCustomers(options as never), "INVALID_OPTION");
    }
  });

  it("matches the TSDoc example (the contract's typical pipeline)", () => {
    const sim = simulateCustomers({ n: 5000, seed: 1 });
    const s = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
    expect(s.n).toBe(5000);
    expect(s.excluded).toEqual({ noPurchase: [], firstPurchaseAfterCalibration: [] });
    // T <= 78 weeks and >= 78 - 12 weeks - 1 day for everyone (cohort spread over 12 weeks)
    for (let i = 0; i < s.n; i++) {
      expect(s.T[i]).toBeLessThanOrEqual(78);
      expect(s.T[i]).toBeGreaterThanOrEqual(66 - 1 / 7);
    }
  });

  it("returns the contract shape, sorted by time, inside the window", () => {
    const sim = simulateCustomers({ n: 2000, seed: 3 });
    const { customerId, timestamp, amount } = sim.transactions;
    expect(sim.start).toBe(Date.UTC(1997, 0, 1));
    expect(sim.observationEnd).toBe(Date.UTC(1998, 5, 30)); // 78 weeks = 546 days: last day 1998-06-30
    expect(customerId.length).toBe(timestamp.length);
    expect(amount.length).toBe(timestamp.length);
    expect(sim.customers.id.length).toBe(2000);
    expect(new Set(sim.customers.id).size).toBe(2000);
    expect(sim.customers.id[0]).toBe("C0001");
    for (let k = 0; k < timestamp.length; k++) {
      if (k > 0) expect(timestamp[k]).toBeGreaterThanOrEqual(timestamp[k - 1]);
      expect(timestamp[k]).toBeGreaterThanOrEqual(sim.start);
      expect(timestamp[k]).toBeLessThan(sim.observationEnd + DAY);
      expect(amount[k]).toBeGreaterThan(0);
      expect(Math.abs(amount[k] * 100 - Math.round(amount[k] * 100))).toBeLessThan(1e-6);
    }
    // first purchases fall in the first 12 weeks; every customer appears
    const first = new Map<string, number>();
    for (let k = 0; k < timestamp.length; k++) if (!first.has(customerId[k])) first.set(customerId[k], timestamp[k]);
    expect(first.size).toBe(2000);
    for (const t of first.values()) expect(t).toBeLessThan(sim.start + 12 * 7 * DAY);
    // the typical pipeline from the contract
    const s = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
    expect(s.n).toBe(2000);
    const segs = new Set(sim.customers.segment);
    expect([...segs].sort()).toEqual(defaultSimulationSegments.map((x) => x.name).sort());
  });

  it("follows BG/NBD: mean repeat purchases and the no-repeat share match E[X(t)] and P(X(t)=0) (CDNOW parameters)", () => {
    const n = 20_000;
    const sim = simulateCustomers({ n, seed: 11, segments: [CDNOW] });
    const counts = [...repeatCounts(sim).values()];
    const mean = counts.reduce((x, y) => x + y, 0) / n;
    const sd = Math.sqrt(counts.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1));
    const expected = overCohort((t) => expectedRepeat(CDNOW, t), 78, 12);
    // sanity of the formula: E[X(t)] ~ r t / alpha for small t (the mean purchase rate of the alive)
    expect(expectedRepeat(CDNOW, 1e-3) / 1e-3).toBeCloseTo(0.243 / 4.414, 3);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * (sd / Math.sqrt(n)));
    const zeroShare = counts.filter((x) => x === 0).length / n;
    const p0 = overCohort((t) => probNoRepeat(CDNOW, t), 78, 12);
    expect(Math.abs(zeroShare - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / n));
  });

  it("default segments: shares follow the weights and the mean follows the BG/NBD mixture", () => {
    const n = 20_000;
    const sim = simulateCustomers({ n, seed: 12 });
    const total = defaultSimulationSegments.reduce((x, s) => x + s.weight, 0);
    for (const seg of defaultSimulationSegments) {
      const share = sim.customers.segment.filter((x) => x === seg.name).length / n;
      const w = seg.weight / total;
      expect(Math.abs(share - w)).toBeLessThan(4 * Math.sqrt((w * (1 - w)) / n));
    }
    const counts = [...repeatCounts(sim).values()];
    const mean = counts.reduce((x, y) => x + y, 0) / n;
    const sd = Math.sqrt(counts.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1));
    const expected = defaultSimulationSegments.reduce((acc, s) => acc + (s.weight / total) * overCohort((t) => expectedRepeat(s, t), 78, 12), 0);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * (sd / Math.sqrt(n)));
    // mean spend per purchase near the Gamma-Gamma mixture mean E[p / nu] = p gamma / (q - 1)
    const spendMean = sim.transactions.amount.reduce((x, y) => x + y, 0) / sim.transactions.amount.length;
    expect(spendMean).toBeGreaterThan(15);
    expect(spendMean).toBeLessThan(70);
  });

  it("Gamma-Gamma spend: mean spend matches p gamma / (q - 1) for one segment", () => {
    const sim = simulateCustomers({ n: 20_000, seed: 13, segments: [CDNOW], weeks: 4, cohortWeeks: 0 });
    // first purchases only (one per customer): mean of Gamma(p, nu), nu ~ Gamma(q, gamma) = p gamma / (q - 1) = 35.22
    const seen = new Set<string>();
    const firsts: number[] = [];
    sim.transactions.customerId.forEach((id, k) => {
      if (!seen.has(id)) {
        seen.add(id);
        firsts.push(sim.transactions.amount[k]);
      }
    });
    const mean = firsts.reduce((x, y) => x + y, 0) / firsts.length;
    const expected = (6.25 * 15.44) / (3.74 - 1);
    // Var(z) = E[p / nu^2] + Var(p / nu) with E[1/nu^2] = gamma^2 / ((q-1)(q-2))
    const e2 = ((6.25 + 6.25 ** 2) * 15.44 ** 2) / ((3.74 - 1) * (3.74 - 2));
    const se = Math.sqrt((e2 - expected ** 2) / firsts.length);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
  });

  it("rejects bad options with INVALID_OPTION", () => {
    const bad = [
      { n: 0 },
      { n: 2.5 },
      { seed: 1.5 },
      { weeks: -1 },
      { cohortWeeks: 100 },
      { start: "someday" },
      { segments: [] },
      { segments: [{ ...CDNOW, weight: 0 }] },
      { segments: [{ ...CDNOW, r: -1 }] },
      { nn: 5 },
    ];
    for (const options of bad) {
      expectClienteleError(() => simulateCustomers(options as never), "INVALID_OPTION");
    }
  });
});

describe("contract: simulateCustomers fails fast on logs that cannot fit in memory", () => {
  it("TOO_LARGE from the options, before allocating", () => {
    const seg = { name: "x", weight: 1, r: 1e6, alpha: 1e-3, a: 1, b: 1e6, p: 1, q: 2, gamma: 1 };
    const e = expectClienteleError(() => simulateCustomers({ n: 1000, seed: 1, segments: [seg] }), "TOO_LARGE");
    expect(e.message).toMatch(/fewer customers or weeks/);
  });
});
