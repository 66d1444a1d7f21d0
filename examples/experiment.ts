// Experiments end to end: (1) an email subject-line test run as a per-segment Thompson
// sampling bandit that learns which subject works for which kind of customer while
// sending; (2) a finished A/B test analyzed with a segment breakdown and a verdict.
// Run: npx tsx examples/experiment.ts
import { createRng, chooseArm, createBandit, summarizeBandit, updateBanditInPlace } from "clientele/bandit";
import { analyzeExperiment, sampleSizeProportions } from "clientele/experiment";

const rng = createRng(2026);
const pct = (x: number, d = 1) => `${(100 * x).toFixed(d)}%`;

// ---------------------------------------------------------------------------------------
// 1. Subject-line bandit. True open rates (unknown to the bandit) differ by segment: the
//    discount subject wins with lapsed customers, the "new arrivals" subject with regulars.
const subjects = ["Our new arrivals are here", "20% off, this week only", "We miss you"];
const segmentsMix = { new: 0.3, regular: 0.5, lapsed: 0.2 };
const trueOpen: Record<string, number[]> = {
  new: [0.22, 0.25, 0.12],
  regular: [0.3, 0.24, 0.14],
  lapsed: [0.08, 0.15, 0.13],
};
const bandit = createBandit({ arms: subjects, policy: "thompson", minObservations: 200 });
const names = Object.keys(segmentsMix) as (keyof typeof segmentsMix)[];
const sends = 30_000;
let opens = 0;
let bestPossible = 0;
for (let i = 0; i < sends; i++) {
  const segment = names[rng.categorical(names.map((s) => segmentsMix[s]))];
  const subject = chooseArm(bandit, { rng, segment });
  const k = subjects.indexOf(subject);
  const opened = rng.uniform() < trueOpen[segment][k] ? 1 : 0;
  opens += opened;
  bestPossible += Math.max(...trueOpen[segment]);
  updateBanditInPlace(bandit, subject, opened, { segment });
}
console.log(`1. Subject-line test as a per-segment bandit: ${sends.toLocaleString("en-US")} sends`);
console.log(
  `   opens ${opens.toLocaleString("en-US")} (${pct(opens / sends)}); an oracle that knew the best subject per segment: ${pct(bestPossible / sends)}\n`,
);
for (const segment of names) {
  const s = summarizeBandit(bandit, { segment, rng, draws: 20_000 });
  console.log(`   ${segment.padEnd(8)} best so far: "${s.bestArm}"`);
  for (const a of s.arms) {
    console.log(
      `     ${a.arm.padEnd(28)} sends ${String(bandit.segments[segment].plays[a.index]).padStart(6)}  ` +
        `open rate ${pct(a.posteriorMean)}  (true ${pct(trueOpen[segment][a.index])})  P(best) ${pct(a.probabilityBest)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// 2. A finished A/B test: new checkout page vs the old one, 50/50 split, planned for a
//    1-point lift on a 10% baseline.
const plan = sampleSizeProportions({ baseline: 0.1, mde: 0.01, power: 0.8 });
console.log(`\n2. Checkout A/B test (planned ${plan.nPerGroupRounded.toLocaleString("en-US")} visitors per group for +1 point at 80% power)`);
const segmentTruth: Record<string, [number, number, number]> = {
  // [visitors per group, control rate, treatment rate]
  desktop: [9000, 0.12, 0.121],
  mobile: [7000, 0.08, 0.095],
  tablet: [2000, 0.1, 0.1],
};
const segData = Object.entries(segmentTruth).map(([segment, [n, pc, pt]]) => {
  let xc = 0;
  let xt = 0;
  for (let i = 0; i < n; i++) {
    if (rng.uniform() < pc) xc++;
    if (rng.uniform() < pt) xt++;
  }
  return { segment, control: { conversions: xc, visitors: n }, treatment: { conversions: xt, visitors: n } };
});
const total = (g: "control" | "treatment") => ({
  conversions: segData.reduce((a, s) => a + s[g].conversions, 0),
  visitors: segData.reduce((a, s) => a + s[g].visitors, 0),
});
const report = analyzeExperiment(
  { metricName: "checkout conversion", control: total("control"), treatment: total("treatment"), segments: segData, mde: 0.01 },
  { correction: "holm" },
);
console.log(`   ${report.srm.message}`);
console.log(`   Verdict (${report.verdict.decision}): ${report.verdict.headline}`);
for (const d of report.verdict.details) console.log(`   - ${d}`);
console.log("\n   segment   control   treatment   lift         p (raw)   p (Holm)");
for (const s of report.segments?.segments ?? []) {
  const d = segData.find((x) => x.segment === s.segment)!;
  console.log(
    `   ${s.segment.padEnd(9)} ${pct(d.control.conversions / d.control.visitors).padStart(7)}   ${pct(d.treatment.conversions / d.treatment.visitors).padStart(9)}   ` +
      `${((s.effect >= 0 ? "+" : "") + (100 * s.effect).toFixed(2) + " pts").padEnd(11)}  ${s.pValue.toFixed(4).padStart(8)}  ${s.adjustedPValue.toFixed(4).padStart(8)}`,
  );
}
