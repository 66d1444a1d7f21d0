// Benchmark for clientele/sentiment. Run: npx tsx benchmarks/sentiment.bench.ts [--quick]
// Scores the 4,200 human-rated tweets of ../shared/data/sentiment (repeated to 100,000 texts)
// with scoreSentimentBatch and scoreSentiment (with the per-token explanation), and with the npm
// package vader-sentiment 1.1.3 in the same process; reports texts per second (target: >= 50,000)
// and each implementation's agreement with the reference Python compound scores.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scoreSentiment, scoreSentimentBatch } from "../src/sentiment/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const REF = path.resolve(here, "../../shared/data/sentiment/tweets_reference_scores.json");
if (!existsSync(REF)) {
  console.warn(`sentiment.bench: ${REF} not found; skipping.`);
  process.exit(0);
}
const quick = process.argv.includes("--quick");
const ref: { text: string; compound: number }[] = JSON.parse(readFileSync(REF, "utf8"));
const N = quick ? 20_000 : 100_000;
const texts = Array.from({ length: N }, (_, i) => ref[i % ref.length].text);
const meanChars = texts.reduce((s, t) => s + t.length, 0) / N;

function best(f: () => void, reps: number): number {
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

const require = createRequire(import.meta.url);
let peer: ((t: string) => { compound: number }) | null = null;
let peerVersion = "";
try {
  const v = require("vader-sentiment");
  peer = (t: string) => v.SentimentIntensityAnalyzer.polarity_scores(t);
  peerVersion = require("vader-sentiment/package.json").version;
} catch (e) {
  console.warn(`vader-sentiment not installed: ${String(e)}`);
}

// agreement with the reference
function agreement(compound: (t: string) => number) {
  let e4 = 0;
  let e2 = 0;
  for (const r of ref) {
    const d = Math.abs(compound(r.text) - r.compound);
    if (d <= 1e-4) e4++;
    if (d <= 0.01) e2++;
  }
  return { within1e4: e4 / ref.length, over001: 1 - e2 / ref.length };
}

scoreSentimentBatch(texts.slice(0, 5000)); // warm-up
const tBatch = best(() => scoreSentimentBatch(texts), 5);
const tSingle = best(() => {
  for (const t of texts) scoreSentiment(t);
}, 3);
let tPeer = NaN;
if (peer !== null) {
  for (let i = 0; i < 2000; i++) peer(texts[i]);
  tPeer = best(() => {
    for (const t of texts) peer!(t);
  }, 3);
}
const ours = agreement((t) => scoreSentiment(t).compound);
const theirs = peer === null ? null : agreement((t) => peer!(t).compound);
const rate = (ms: number) => Math.round(N / (ms / 1000)).toLocaleString("en-US");
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}; ${N.toLocaleString("en-US")} texts, mean ${meanChars.toFixed(1)} chars`,
);
console.log(`| implementation | time for ${N.toLocaleString("en-US")} texts | texts / s | |Δcompound| <= 1e-4 vs Python | |Δ| > 0.01 |`);
console.log(`| --- | ---: | ---: | ---: | ---: |`);
console.log(
  `| scoreSentimentBatch | ${tBatch.toFixed(1)} ms | **${rate(tBatch)}** | ${(ours.within1e4 * 100).toFixed(2)} % | ${(ours.over001 * 100).toFixed(2)} % |`,
);
console.log(
  `| scoreSentiment (one call per text, with per-token explanation) | ${tSingle.toFixed(1)} ms | ${rate(tSingle)} | ${(ours.within1e4 * 100).toFixed(2)} % | ${(ours.over001 * 100).toFixed(2)} % |`,
);
if (theirs !== null)
  console.log(
    `| vader-sentiment ${peerVersion} (npm) | ${tPeer.toFixed(1)} ms | ${rate(tPeer)} | ${(theirs.within1e4 * 100).toFixed(2)} % | ${(theirs.over001 * 100).toFixed(2)} % |`,
  );
