// Off-policy evaluation (issue 13): estimatePolicyValue against independent formulas, the Open
// Bandit Dataset reference (scripts/ref/bandit-ope-obd.py -> test/fixtures/bandit-ope/obd-men.json),
// a simulated log where the true value is known, and bad input.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  actionProbabilities,
  chooseContextualArm,
  createContextualBandit,
  createRng,
  estimatePolicyValue,
  isClienteleError,
  updateContextualBanditInPlace,
  type LoggedDecision,
} from "../../src/bandit/index.js";
import { expectClienteleError } from "../helpers/errors.js";
import { referenceData } from "../helpers/data.js";

const estimateOf = (rep: ReturnType<typeof estimatePolicyValue>, e: string) => rep.estimates.find((x) => x.estimator === e)!.value as number;

function randomLog(seed: number, n: number, A: number) {
  const rng = createRng(seed);
  const log: LoggedDecision[] = [];
  const target: number[][] = [];
  const q: number[][] = [];
  for (let i = 0; i < n; i++) {
    const mu = Array.from({ length: A }, () => 0.2 + rng.uniform());
    const sm = mu.reduce((a, b) => a + b, 0);
    const p = mu.map((v) => v / sm);
    let u = rng.uniform();
    let a = A - 1;
    for (let j = 0; j < A; j++)
      if ((u -= p[j]) < 0) {
        a = j;
        break;
      }
    const t = Array.from({ length: A }, () => rng.uniform());
    const st = t.reduce((x, y) => x + y, 0);
    target.push(t.map((v) => v / st));
    q.push(Array.from({ length: A }, () => rng.uniform()));
    log.push({ action: a, reward: rng.uniform() < 0.3 + 0.1 * a ? 1 : 0, propensity: p[a], context: [rng.normal()] });
  }
  return { log, target, q };
}

describe("estimators equal their formulas computed independently (fixed reward model)", () => {
  it("IPS, SNIPS, DM, DR, SNDR, switch-DR and the diagnostics, to 1e-12", () => {
    const { log, target, q } = randomLog(3, 500, 4);
    const rep = estimatePolicyValue(log, target, { rewardModel: { predictions: q }, switchThreshold: 1.2, resamples: 0 });
    const n = log.length;
    const w = log.map((l, i) => target[i][l.action as number] / l.propensity);
    const dmRow = target.map((t, i) => t.reduce((s, p, a) => s + p * q[i][a], 0));
    const res = log.map((l, i) => l.reward - q[i][l.action as number]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sw = w.reduce((a, b) => a + b, 0);
    const want = {
      ips: mean(w.map((x, i) => x * log[i].reward)),
      snips: w.reduce((s, x, i) => s + x * log[i].reward, 0) / sw,
      dm: mean(dmRow),
      dr: mean(dmRow.map((d, i) => d + w[i] * res[i])),
      sndr: mean(dmRow.map((d, i) => d + (w[i] / (sw / n)) * res[i])),
      "switch-dr": mean(dmRow.map((d, i) => d + (w[i] <= 1.2 ? w[i] * res[i] : 0))),
    };
    for (const [e, v] of Object.entries(want)) expect(Math.abs(estimateOf(rep, e) - v), e).toBeLessThan(1e-12);
    expect(rep.diagnostics.effectiveSampleSize).toBeCloseTo(sw ** 2 / w.reduce((s, x) => s + x * x, 0), 9);
    expect(rep.diagnostics.switchedRows).toBe(w.filter((x) => x > 1.2).length);
    expect(rep.diagnostics.maxWeights[0].weight).toBe(Math.max(...w));
  });

  it("the ridge reward model is the library's per-action ridge on [1, context]: DM with one action and ridge tiny is the mean reward", () => {
    const log = [1, 0, 1, 1].map((r, i) => ({ action: 0, reward: r, propensity: 1, context: [i] }));
    const rep = estimatePolicyValue(log, [[1], [1], [1], [1]], { ridge: 1e-9, resamples: 0 });
    // least squares on [1, i]: fitted values average to the mean reward 0.75
    expect(estimateOf(rep, "dm")).toBeCloseTo(0.75, 6);
    expect(estimateOf(rep, "ips")).toBe(0.75);
  });
});

describe("bootstrap intervals (seeded)", () => {
  it("repeat with the seed, cover the estimate, and widen with the confidence level", () => {
    const { log, target } = randomLog(5, 300, 3);
    const a = estimatePolicyValue(log, target, { seed: 1, resamples: 300 });
    expect(estimatePolicyValue(log, target, { seed: 1, resamples: 300 })).toEqual(a);
    expect(estimatePolicyValue(log, target, { seed: 2, resamples: 300 })).not.toEqual(a);
    const wide = estimatePolicyValue(log, target, { seed: 1, resamples: 300, confidence: 0.99 });
    a.estimates.forEach((e, j) => {
      expect(e.lower!).toBeLessThanOrEqual(e.value!);
      expect(e.upper!).toBeGreaterThanOrEqual(e.value!);
      expect(wide.estimates[j].upper! - wide.estimates[j].lower!).toBeGreaterThanOrEqual(e.upper! - e.lower!);
    });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("property: SNIPS lies within the logged rewards' range; ESS in [1, n]; weights are non-negative (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 2, max: 5 }), (seed, n, A) => {
        const { log, target } = randomLog(seed, n, A);
        let rep: ReturnType<typeof estimatePolicyValue>;
        try {
          rep = estimatePolicyValue(log, target, { resamples: 20, seed });
        } catch (e) {
          expect(isClienteleError(e) && e.code).toBe("DEGENERATE_INPUT");
          return;
        }
        const rs = log.map((l) => l.reward);
        const sn = estimateOf(rep, "snips");
        expect(sn).toBeGreaterThanOrEqual(Math.min(...rs) - 1e-12);
        expect(sn).toBeLessThanOrEqual(Math.max(...rs) + 1e-12);
        expect(rep.diagnostics.effectiveSampleSize).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(rep.diagnostics.effectiveSampleSize).toBeLessThanOrEqual(n + 1e-9);
        for (const m of rep.diagnostics.maxWeights) expect(m.weight).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100, seed: 21 },
    );
  });
});

describe("a simulated log with a known target value", () => {
  it("LinUCB-with-exploration log evaluated for a greedy policy: IPS, SNIPS, DR cover the true value; DR has the smallest interval", () => {
    // 3 actions, reward = Bernoulli(sigmoid-free linear mean) with known means per context
    const rng = createRng(9);
    const theta = [
      [0.2, 0.1],
      [0.4, -0.15],
      [0.3, 0.2],
    ];
    const meanOf = (x: number[], a: number) => theta[a][0] + theta[a][1] * x[1];
    const logger = createContextualBandit({ arms: 3, dimension: 2, policy: { type: "epsilon-greedy", epsilon: 0.3 }, seed: 4 });
    const log: LoggedDecision[] = [];
    const target: number[][] = [];
    let truth = 0;
    for (let i = 0; i < 6000; i++) {
      const x = [1, rng.normal()];
      const c = chooseContextualArm(logger, x);
      const r = rng.uniform() < meanOf(x, c.index) ? 1 : 0;
      log.push({ action: c.index, reward: r, propensity: c.probability, context: x });
      updateContextualBanditInPlace(logger, x, c.index, r);
      // target: the best arm of the true model for this context
      const best = [0, 1, 2].reduce((b, a) => (meanOf(x, a) > meanOf(x, b) ? a : b), 0);
      target.push([0, 1, 2].map((a) => (a === best ? 1 : 0)));
      truth += meanOf(x, best);
    }
    truth /= log.length;
    const rep = estimatePolicyValue(log, target, { seed: 3 });
    for (const e of ["ips", "snips", "dr", "sndr"]) {
      const est = rep.estimates.find((x) => x.estimator === e)!;
      expect(est.lower!, e).toBeLessThan(truth);
      expect(est.upper!, e).toBeGreaterThan(truth);
    }
    const width = (e: string) => {
      const x = rep.estimates.find((y) => y.estimator === e)!;
      return x.upper! - x.lower!;
    };
    expect(width("dr")).toBeLessThan(width("ips"));
    // the same target as a deterministic policy: replay over matching rows agrees within its interval
    const det = estimatePolicyValue(log, { actions: target.map((t) => t.indexOf(1)) }, { actions: ["0", "1", "2"], estimators: ["ips", "replay"], seed: 3 });
    expect(det.estimates[0].value).toBeCloseTo(estimateOf(rep, "ips"), 12);
    expect(det.diagnostics.replayMatches).toBeGreaterThan(1000);
    expect(Math.abs(det.estimates[1].value! - truth)).toBeLessThan(0.03);
  });
});

const OBD_RANDOM = referenceData("obd/random/men.csv", "the Open Bandit Dataset reference tests (see ../shared/data/obd/README.md)");
const OBD_BTS = referenceData("obd/bts/men.csv", "the Open Bandit Dataset reference tests (see ../shared/data/obd/README.md)");
const OBD = path.dirname(path.dirname(OBD_RANDOM.path));
const haveObd = OBD_RANDOM.available && OBD_BTS.available;

function readObd(file: string) {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const col = (name: string) => head.indexOf(name);
  const [ci, cp, cc, cs] = ["item_id", "position", "click", "propensity_score"].map(col);
  return lines.slice(1).map((l) => {
    const f = l.split(",");
    return { item: Number(f[ci]), position: Number(f[cp]), click: Number(f[cc]), propensity: Number(f[cs]) };
  });
}

describe("Open Bandit Dataset, men campaign (Saito et al. 2021): Bernoulli TS evaluated on the uniform-random log", () => {
  (haveObd ? it : it.skip)("IPS and SNIPS equal scripts/ref/bandit-ope-obd.py to 1e-12; the estimate is reported beside the on-policy click rate", () => {
    const ref = JSON.parse(readFileSync("test/fixtures/bandit-ope/obd-men.json", "utf8"));
    const rnd = readObd(`${OBD}/random/men.csv`);
    const bts = readObd(`${OBD}/bts/men.csv`);
    // target (README protocol): pi(item | position) = share of the item among the bts log's impressions at that position
    const pi: number[][] = [];
    for (const p of [1, 2, 3]) {
      const counts = new Array(34).fill(0);
      let tot = 0;
      for (const b of bts)
        if (b.position === p) {
          counts[b.item]++;
          tot++;
        }
      pi[p] = counts.map((c) => c / tot);
    }
    const log = rnd.map((x) => ({ action: x.item, reward: x.click, propensity: x.propensity }));
    const target = rnd.map((x) => pi[x.position]);
    const rep = estimatePolicyValue(log, target, { estimators: ["ips", "snips"], seed: 1, resamples: 500 });
    // reference (numpy, scripts/ref/bandit-ope-obd.py): IPS 0.0056562667, SNIPS 0.0057398647, ESS 2869.28
    expect(Math.abs(estimateOf(rep, "ips") - ref.ips)).toBeLessThan(1e-12);
    expect(Math.abs(estimateOf(rep, "snips") - ref.snips)).toBeLessThan(1e-12);
    expect(rep.diagnostics.effectiveSampleSize).toBeCloseTo(ref.effectiveSampleSize, 8);
    expect(rep.diagnostics.meanWeight).toBeCloseTo(ref.meanWeight, 12);
    expect(rep.diagnostics.maxWeights.map((m) => m.row)).toEqual(ref.maxWeights.map((m: { row: number }) => m.row));
    // README: IPS 0.005656, SNIPS 0.005740, ESS ~ 2,869; bts on-policy click rate 0.0069, random 0.0046
    expect(estimateOf(rep, "ips")).toBeCloseTo(0.005656, 6);
    expect(estimateOf(rep, "snips")).toBeCloseTo(0.00574, 6);
    expect(rep.loggedValue).toBe(0.0046);
    const onPolicy = bts.reduce((s, b) => s + b.click, 0) / bts.length;
    expect(onPolicy).toBe(ref.btsOnPolicyClickRate); // 0.0069 (69 clicks in 10,000)
    const ips = rep.estimates[0];
    console.log(
      `OBD men: Bernoulli TS click rate estimated from the random log: IPS ${ips.value!.toFixed(6)} (95% bootstrap ${ips.lower!.toFixed(4)}-${ips.upper!.toFixed(4)}), ` +
        `SNIPS ${estimateOf(rep, "snips").toFixed(6)}; on-policy (bts log) ${onPolicy}; random log ${rep.loggedValue}; ESS ${rep.diagnostics.effectiveSampleSize.toFixed(0)}`,
    );
    // the on-policy rate lies inside the (wide: 46 clicks) interval
    expect(ips.lower!).toBeLessThan(onPolicy);
    expect(ips.upper!).toBeGreaterThan(onPolicy);
  });

  (haveObd ? it : it.skip)("DM, DR, SNDR, switch-DR with the script's fixed reward model equal it to 1e-12", () => {
    const ref = JSON.parse(readFileSync("test/fixtures/bandit-ope/obd-men.json", "utf8"));
    const rnd = readObd(`${OBD}/random/men.csv`);
    const bts = readObd(`${OBD}/bts/men.csv`);
    const pi: number[][] = [];
    const q: number[][] = [];
    for (const p of [1, 2, 3]) {
      const counts = new Array(34).fill(0);
      for (const b of bts) if (b.position === p) counts[b.item]++;
      const tot = counts.reduce((a, b) => a + b, 0);
      pi[p] = counts.map((c) => c / tot);
      const clicks = new Array(34).fill(0);
      const shows = new Array(34).fill(0);
      for (const x of rnd)
        if (x.position === p) {
          clicks[x.item] += x.click;
          shows[x.item]++;
        }
      q[p] = clicks.map((c, a) => (c + 0.5) / (shows[a] + 1));
    }
    const rep = estimatePolicyValue(
      rnd.map((x) => ({ action: x.item, reward: x.click, propensity: x.propensity })),
      rnd.map((x) => pi[x.position]),
      { rewardModel: { predictions: rnd.map((x) => q[x.position]) }, switchThreshold: ref.fixedModel.switchThreshold, resamples: 0 },
    );
    expect(Math.abs(estimateOf(rep, "dm") - ref.fixedModel.dm)).toBeLessThan(1e-12);
    expect(Math.abs(estimateOf(rep, "dr") - ref.fixedModel.dr)).toBeLessThan(1e-12);
    expect(Math.abs(estimateOf(rep, "sndr") - ref.fixedModel.sndr)).toBeLessThan(1e-12);
    expect(Math.abs(estimateOf(rep, "switch-dr") - ref.fixedModel.switchDr)).toBeLessThan(1e-12);
    expect(rep.diagnostics.switchedRows).toBe(ref.fixedModel.switchedRows);
  });
});

describe("bad input", () => {
  const log = () => [
    { action: 0, reward: 1, propensity: 0.5 },
    { action: 1, reward: 0, propensity: 0.5 },
  ];
  const t = () => [
    [0.5, 0.5],
    [0.2, 0.8],
  ];
  it("propensity 0 or above 1 is OUT_OF_RANGE naming the row", () => {
    const l = log();
    l[1].propensity = 0;
    const e = expectClienteleError(() => estimatePolicyValue(l, t()), "OUT_OF_RANGE");
    expect(e.path).toEqual(["log", 1, "propensity"]);
    expect(e.message).toMatch(/^estimatePolicyValue: log\[1\]\.propensity is 0/);
    l[1].propensity = 1.5;
    expectClienteleError(() => estimatePolicyValue(l, t()), "OUT_OF_RANGE");
  });
  it("target probabilities that do not sum to 1 are OUT_OF_RANGE; wrong widths SHAPE_MISMATCH; wrong row counts LENGTH_MISMATCH", () => {
    const e = expectClienteleError(
      () =>
        estimatePolicyValue(log(), [
          [0.5, 0.5],
          [0.5, 0.6],
        ]),
      "OUT_OF_RANGE",
    );
    expect(e.path).toEqual(["target", 1]);
    expect(e.message).toContain("sum to 1.1");
    expectClienteleError(() => estimatePolicyValue(log(), [[0.5, 0.5], [1]]), "SHAPE_MISMATCH");
    expectClienteleError(() => estimatePolicyValue(log(), [[0.5, 0.5]]), "LENGTH_MISMATCH");
    expectClienteleError(
      () =>
        estimatePolicyValue(log(), [
          [1.5, -0.5],
          [0.5, 0.5],
        ]),
      "OUT_OF_RANGE",
    );
  });
  it("a target that never takes a logged action is DEGENERATE_INPUT; unknown actions UNKNOWN_ACTION; unsupported actions are reported", () => {
    expectClienteleError(
      () =>
        estimatePolicyValue(
          log(),
          [
            [0, 0, 1],
            [0, 0, 1],
          ],
          { actions: ["a", "b", "c"] },
        ),
      "DEGENERATE_INPUT",
    );
    expectClienteleError(() => estimatePolicyValue([{ action: "z", reward: 1, propensity: 1 }], [[1, 0]], { actions: ["a", "b"] }), "UNKNOWN_ACTION");
    expectClienteleError(() => estimatePolicyValue(log(), { actions: [0, 5] }, { actions: ["a", "b"] }), "UNKNOWN_ACTION");
    const rep = estimatePolicyValue(
      log(),
      [
        [0.5, 0.25, 0.25],
        [0.2, 0.6, 0.2],
      ],
      { actions: ["a", "b", "c"], resamples: 0 },
    );
    expect(rep.diagnostics.unsupportedActions).toEqual(["c"]);
  });
  it("replay needs a deterministic target; no match at all is DEGENERATE_INPUT; other bad input has codes", () => {
    expectClienteleError(() => estimatePolicyValue(log(), t(), { estimators: ["replay"] }), "INVALID_OPTION");
    // a deterministic target that matches no logged action: nothing to replay or weight
    expectClienteleError(
      () =>
        estimatePolicyValue([{ action: 0, reward: 1, propensity: 0.5 }], { actions: [1] }, { actions: ["a", "b"], estimators: ["replay", "dm"], resamples: 0 }),
      "DEGENERATE_INPUT",
    );
    const r = estimatePolicyValue(
      [
        { action: 0, reward: 1, propensity: 0.5 },
        { action: 1, reward: 0, propensity: 0.5 },
      ],
      { actions: [1, 1] },
      { actions: ["a", "b"], estimators: ["replay", "dm"], resamples: 0 },
    );
    expect(r.estimates.map((e) => [e.estimator, e.value === null])).toEqual([
      ["dm", false],
      ["replay", false],
    ]);
    expect(r.diagnostics.replayMatches).toBe(1);
    expectClienteleError(() => estimatePolicyValue([], []), "EMPTY_INPUT");
    expectClienteleError(() => estimatePolicyValue([{ action: 0, reward: NaN, propensity: 1 }], [[1]]), "NON_FINITE");
    expectClienteleError(() => estimatePolicyValue(log(), t(), { bootstrap: 5 } as never), "INVALID_OPTION");
    expectClienteleError(
      () =>
        estimatePolicyValue(
          [
            { action: 0, reward: 1, propensity: 1, context: [1] },
            { action: 0, reward: 1, propensity: 1 },
          ],
          [[1], [1]],
        ),
      "MISSING_VALUE",
    );
  });
});

describe("TSDoc example", () => {
  it("estimatePolicyValue", () => {
    const log = [
      { action: "a", reward: 1, propensity: 0.5 },
      { action: "b", reward: 0, propensity: 0.5 },
      { action: "a", reward: 1, propensity: 0.5 },
      { action: "b", reward: 1, propensity: 0.5 },
    ];
    const always = { actions: ["a", "a", "a", "a"] };
    const v = estimatePolicyValue(log, always, { actions: ["a", "b"], estimators: ["ips", "replay"], resamples: 0 });
    expect(v.estimates.map((e) => e.value)).toEqual([1, 1]);
    expect(v.diagnostics.effectiveSampleSize).toBe(2);
  });
  it("actionProbabilities feed the target", () => {
    const b = createContextualBandit({ arms: 2, dimension: 1, policy: { type: "epsilon-greedy", epsilon: 0.2 } });
    expect(actionProbabilities(b, [1])).toEqual([0.5, 0.5]);
  });
});
