import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logBeta } from "../../src/core/numeric.js";
import { numericGradient } from "../../src/core/optimize.js";
import { createRng } from "../../src/core/rng.js";
import {
  bgbbConditionalExpectedTransactions,
  bgbbExpectedTransactions,
  bgbbFromJSON,
  bgbbLogLikelihood,
  bgbbNegLogLik,
  bgbbProbabilityAlive,
  compress,
  fitBgBb,
  readRows,
  type BgBbModel,
} from "../../src/clv/bgbb.js";
import { referenceData } from "../helpers/data.js";
import { expectClienteleError } from "../helpers/errors.js";

const DONATIONS = referenceData("cdnow/donations.csv", "the BG/BB donations reference tests");
const hasData = DONATIONS.available;
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/clv-value/reference.json"), "utf8"));

function readDonations() {
  const rows = DONATIONS.read()
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number));
  return {
    frequency: rows.map((r) => r[0]),
    recency: rows.map((r) => r[1]),
    periods: rows.map((r) => r[2]),
    weights: rows.map((r) => r[3]),
  };
}

// Published estimates, used as a fixed model where a fit is not the point of the test.
// Fader, Hardie & Shang (2010), Marketing Science 29(6), donations data: α 1.204, β 0.750, γ 0.657, δ 2.783
const published: BgBbModel = bgbbFromJSON({
  kind: "bg-bb",
  version: 1,
  params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
  standardErrors: { alpha: null, beta: null, gamma: null, delta: null },
  confidenceIntervals: { alpha: null, beta: null, gamma: null, delta: null },
  logLikelihood: -33225.6,
  nCustomers: 22,
  totalWeight: 11104,
  nPatterns: 22,
  penalty: 0,
  nIter: 0,
  converged: true,
});

/** All (x, t_x) patterns possible in n opportunities. */
function allPatterns(n: number) {
  const frequency: number[] = [];
  const recency: number[] = [];
  const periods: number[] = [];
  frequency.push(0);
  recency.push(0);
  periods.push(n);
  for (let tx = 1; tx <= n; tx++) {
    for (let x = 1; x <= tx; x++) {
      frequency.push(x);
      recency.push(tx);
      periods.push(n);
    }
  }
  return { frequency, recency, periods };
}

describe("fitBgBb on the donations data", () => {
  it.skipIf(!hasData)("matches the published estimates and log-likelihood", () => {
    const m = fitBgBb(readDonations());
    // Fader, Hardie & Shang (2010), Marketing Science 29(6): α 1.204, β 0.750, γ 0.657, δ 2.783, LL −33225.6
    expect(m.params.alpha).toBeCloseTo(1.204, 2);
    expect(m.params.beta).toBeCloseTo(0.75, 2);
    expect(m.params.gamma).toBeCloseTo(0.657, 2);
    expect(m.params.delta).toBeCloseTo(2.783, 2);
    expect(m.logLikelihood).toBeCloseTo(-33225.6, 1);
    expect(m.totalWeight).toBe(11104); // 11,104 donors of the 1995 cohort
    expect(m.converged).toBe(true);
  });

  it.skipIf(!hasData)("agrees with scipy's optimum and Hessian standard errors", () => {
    const m = fitBgBb(readDonations());
    const r = ref.bgbb_donations; // test/fixtures/clv-value/reference.py
    for (const k of ["alpha", "beta", "gamma", "delta"] as const) {
      expect(Math.abs(m.params[k] - r.params[k]) / r.params[k]).toBeLessThan(1e-5);
      expect(Math.abs(m.standardErrors[k]! - r.standardErrors[k]) / r.standardErrors[k]).toBeLessThan(1e-3);
    }
    expect(m.logLikelihood).toBeCloseTo(r.logLikelihood, 5);
  });

  it.skipIf(!hasData)("fits the same on uncompressed rows as on weighted patterns", () => {
    const d = readDonations();
    const rows = { frequency: [] as number[], recency: [] as number[], periods: [] as number[] };
    d.weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        rows.frequency.push(d.frequency[i]);
        rows.recency.push(d.recency[i]);
        rows.periods.push(d.periods[i]);
      }
    });
    const a = fitBgBb(rows);
    const b = fitBgBb(d);
    expect(a.nPatterns).toBe(22);
    expect(a.nCustomers).toBe(11104);
    expect(a.params.alpha).toBeCloseTo(b.params.alpha, 8);
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 6);
  });
});

describe("BG/BB likelihood", () => {
  it("equals brute-force enumeration of transaction sequences and death times", () => {
    // Enumerate every death time τ (alive for opportunities 1..τ) and every 0/1 sequence of
    // length τ, integrate p and θ over their Beta mixing distributions (Beta moments), and
    // accumulate P(x, t_x) per pattern. Independent of the paper's summed formula.
    const n = 6;
    const { alpha: a, beta: b, gamma: g, delta: d } = published.params;
    const joint = new Map<string, number>();
    for (let tau = 0; tau <= n; tau++) {
      const pDeath = tau < n ? Math.exp(logBeta(g + 1, d + tau) - logBeta(g, d)) : Math.exp(logBeta(g, d + n) - logBeta(g, d));
      for (let mask = 0; mask < 1 << tau; mask++) {
        let x = 0;
        let tx = 0;
        for (let t = 1; t <= tau; t++) {
          if (mask & (1 << (t - 1))) {
            x++;
            tx = t;
          }
        }
        // every opportunity of the n is either a transaction, a non-transaction while alive, or dead
        const pSeq = Math.exp(logBeta(a + x, b + tau - x) - logBeta(a, b));
        const key = `${x},${tx}`;
        joint.set(key, (joint.get(key) ?? 0) + pSeq * pDeath);
      }
    }
    const pats = allPatterns(n);
    const ll = bgbbLogLikelihood(published, pats);
    const choose = (m: number, k: number): number => (k === 0 ? 1 : (choose(m - 1, k - 1) * m) / k);
    let total = 0;
    pats.frequency.forEach((x, i) => {
      const tx = pats.recency[i];
      // L is the probability of one particular sequence; C(t_x − 1, x − 1) sequences share (x, t_x)
      const nSeq = x === 0 ? 1 : choose(tx - 1, x - 1);
      const want = joint.get(`${x},${tx}`)!;
      expect(nSeq * Math.exp(ll[i])).toBeCloseTo(want, 13);
      total += nSeq * Math.exp(ll[i]);
    });
    expect(total).toBeCloseTo(1, 12); // the patterns exhaust the outcomes
  });

  it("has an analytic gradient equal to the numerical one", () => {
    const pts = compress(
      readRows(allPatterns(7), "t"),
      Float64Array.from({ length: 29 }, (_, i) => 1 + (i % 5)),
    );
    const scratch = new Float64Array(16);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2.5, max: 2.5, noNaN: true }), { minLength: 4, maxLength: 4 }), (th) => {
        const x = Float64Array.from(th);
        const gr = new Float64Array(4);
        bgbbNegLogLik(pts, x, gr, scratch);
        const num = numericGradient((t) => bgbbNegLogLik(pts, t, null, scratch), x);
        for (let k = 0; k < 4; k++) expect(Math.abs(gr[k] - num[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(num[k])));
      }),
      { numRuns: 60 },
    );
  });
});

describe("BG/BB predictions against simulation", () => {
  // Simulate the individual-level process from the published parameters: at the start of each
  // opportunity an alive customer dies with probability θ; if still alive, transacts with p.
  const n = 6;
  const nStar = 5;
  const N = 200_000;
  const rng = createRng(2010);
  const { alpha, beta, gamma, delta } = published.params;
  const groups = new Map<string, { count: number; future: number; future2: number; alive: number }>();
  let sumX = 0;
  for (let i = 0; i < N; i++) {
    const p = rng.beta(alpha, beta);
    const theta = rng.beta(gamma, delta);
    let alive = true;
    let x = 0;
    let tx = 0;
    let future = 0;
    let aliveAt7 = false;
    for (let t = 1; t <= n + nStar; t++) {
      if (alive && rng.uniform() < theta) alive = false;
      if (t === n + 1) aliveAt7 = alive;
      if (alive && rng.uniform() < p) {
        if (t <= n) {
          x++;
          tx = t;
        } else future++;
      }
    }
    sumX += x;
    const key = `${x},${tx}`;
    const gq = groups.get(key) ?? { count: 0, future: 0, future2: 0, alive: 0 };
    gq.count++;
    gq.future += future;
    gq.future2 += future * future;
    gq.alive += aliveAt7 ? 1 : 0;
    groups.set(key, gq);
  }

  it("E[X(n)] of a new customer matches the simulated mean", () => {
    const want = sumX / N;
    expect(Math.abs(bgbbExpectedTransactions(published, n) - want)).toBeLessThan(0.02);
  });

  it("conditional expected transactions and P(alive) match simulation per pattern", () => {
    let checked = 0;
    for (const [key, gq] of groups) {
      if (gq.count < 3000) continue;
      const [x, tx] = key.split(",").map(Number);
      const cust = { frequency: [x], recency: [tx], periods: [n] };
      const mean = gq.future / gq.count;
      const sd = Math.sqrt(gq.future2 / gq.count - mean * mean);
      const pred = bgbbConditionalExpectedTransactions(published, cust, nStar)[0];
      expect(Math.abs(pred - mean)).toBeLessThan(4.5 * (sd / Math.sqrt(gq.count)) + 1e-3);
      const pa = bgbbProbabilityAlive(published, cust)[0];
      const frac = gq.alive / gq.count;
      expect(Math.abs(pa - frac)).toBeLessThan(4.5 * Math.sqrt((frac * (1 - frac)) / gq.count) + 1e-3);
      checked++;
    }
    expect(checked).toBeGreaterThan(8);
  });
});

describe("BG/BB prediction identities", () => {
  it.skipIf(!hasData)("gives the values quoted in the TSDoc examples", () => {
    const m = fitBgBb(readDonations());
    const c = { frequency: [6, 1], recency: [6, 1], periods: [6, 6] };
    expect(bgbbExpectedTransactions(m, 6)).toBeCloseTo(2.22, 2);
    const pa = bgbbProbabilityAlive(m, c);
    expect(pa[0]).toBeCloseTo(0.93, 2);
    expect(pa[1]).toBeCloseTo(0.07, 2);
    expect(bgbbConditionalExpectedTransactions(m, { frequency: [6], recency: [6], periods: [6] }, 5)[0]).toBeCloseTo(3.75, 2);
  });

  it("closed-form and summed E[X(n)] agree, including γ near 1", () => {
    for (const gamma of [0.657, 1 + 1e-9, 1.5, 3]) {
      const m = { ...published, params: { ...published.params, gamma } };
      const { alpha, beta, delta } = m.params;
      let direct = 0;
      for (let t = 1; t <= 300; t++) direct += Math.exp(logBeta(gamma, delta + t) - logBeta(gamma, delta));
      direct *= alpha / (alpha + beta);
      expect(bgbbExpectedTransactions(m, 300)).toBeCloseTo(direct, 8); // n > 64 uses the closed form
    }
  });

  it("conditional expectation over n* is the sum of one-period expectations times P(alive) chain", () => {
    // E[X(n, n+n*)] with n* = 0 is 0, and it grows with n*.
    const c = { frequency: [3, 0, 1], recency: [5, 0, 2], periods: [6, 6, 6] };
    expect(Array.from(bgbbConditionalExpectedTransactions(published, c, 0))).toEqual([0, 0, 0]);
    const e1 = bgbbConditionalExpectedTransactions(published, c, 1);
    const e100 = bgbbConditionalExpectedTransactions(published, c, 100);
    for (let i = 0; i < 3; i++) expect(e100[i]).toBeGreaterThan(e1[i]);
    // one period ahead: E[X] = E[p | data, alive at n+1] · P(alive at n+1), Beta-posterior mean of p
    const pa = bgbbProbabilityAlive(published, c);
    const { alpha, beta } = published.params;
    const pMean = (alpha + 3) / (alpha + beta + 6);
    expect(e1[0]).toBeCloseTo(pa[0] * pMean, 12);
  });

  it("P(alive) is in [0, 1] and predictions are finite (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (n, a, b) => {
        const tx = Math.min(a, n);
        const x = tx === 0 ? 0 : 1 + (b % tx);
        const c = { frequency: [x], recency: [tx], periods: [n] };
        const pa = bgbbProbabilityAlive(published, c)[0];
        expect(pa).toBeGreaterThanOrEqual(0);
        expect(pa).toBeLessThanOrEqual(1);
        expect(Number.isFinite(bgbbConditionalExpectedTransactions(published, c, 50)[0])).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("BG/BB contract", () => {
  const d = { frequency: [0, 1, 2, 6, 3], recency: [0, 3, 5, 6, 4], periods: [6, 6, 6, 6, 6], weights: [3464, 129, 173, 1203, 181] };
  it("is deterministic and leaves frozen input untouched", () => {
    const frozen = Object.freeze({
      frequency: Object.freeze([...d.frequency]),
      recency: Object.freeze([...d.recency]),
      periods: Object.freeze([...d.periods]),
      weights: Object.freeze([...d.weights]),
    });
    const a = fitBgBb(frozen);
    expect(fitBgBb(d)).toEqual(a);
    expect(frozen.weights).toEqual(d.weights);
  });
  it("round-trips through JSON", () => {
    const m = fitBgBb(d);
    const back = bgbbFromJSON(JSON.parse(JSON.stringify(m)));
    expect(back).toEqual(m);
    expect(bgbbProbabilityAlive(back, d)).toEqual(bgbbProbabilityAlive(m, d));
  });
  it("rejects bad input with codes", () => {
    expectClienteleError(() => fitBgBb({ frequency: [1], recency: [7], periods: [6] }), "RECENCY_AFTER_T");
    expectClienteleError(() => fitBgBb({ frequency: [3], recency: [2], periods: [6] }), "OUT_OF_RANGE");
    expectClienteleError(() => fitBgBb({ frequency: [0], recency: [2], periods: [6] }), "RECENCY_WITHOUT_REPEAT");
    expectClienteleError(() => fitBgBb({ frequency: [NaN], recency: [2], periods: [6] }), "NON_FINITE");
    expectClienteleError(() => fitBgBb({ frequency: [1.5], recency: [2], periods: [6] }), "NOT_INTEGER");
    expectClienteleError(() => fitBgBb({ frequency: [1], recency: [2], periods: [0] }), "OUT_OF_RANGE");
    expectClienteleError(() => fitBgBb({ frequency: [], recency: [], periods: [] }), "EMPTY_INPUT");
    expectClienteleError(() => fitBgBb({ ...d, weights: [0, 0, 0, 0, 0] }), "EMPTY_INPUT");
    expectClienteleError(() => fitBgBb(d, { maxIter: 0 }), "INVALID_OPTION");
    expectClienteleError(() => bgbbExpectedTransactions(published, -1), "INVALID_INPUT");
    expectClienteleError(() => bgbbConditionalExpectedTransactions(published, d, 1.5), "INVALID_INPUT");
    expectClienteleError(() => bgbbProbabilityAlive({ ...published, kind: "bg-nbd" } as never, d), "WRONG_MODEL_KIND");
    expectClienteleError(() => bgbbFromJSON({ ...published, version: 3 }), "UNSUPPORTED_MODEL_VERSION");
    expectClienteleError(() => bgbbFromJSON({ ...published, params: { alpha: 1 } }), "INVALID_MODEL");
  });
});
