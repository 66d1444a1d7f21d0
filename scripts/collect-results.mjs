// Rebuilds benchmarks/RESULTS.md from benchmarks/results/*.md (one file per capability).
// Run: node scripts/collect-results.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "benchmarks", "results");
const order = ["data", "rfm", "cluster", "cluster-hier", "clv", "clv-value", "recommend", "bandit", "experiment"];
const files = readdirSync(dir).filter((f) => f.endsWith(".md"));
files.sort((a, b) => {
  const ia = order.indexOf(a.replace(/\.md$/, ""));
  const ib = order.indexOf(b.replace(/\.md$/, ""));
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
});
let out = `# Benchmark results

Every figure below was measured on the project's development machine: 2 cores, 24 GiB,
Linux, ${process.version}. Each section names its command, date and the peer versions it ran
beside in the same process. Regenerate a section with its command, then rebuild this file
with \`node scripts/collect-results.mjs\`.

Caveat that applies to the first recording (2026-11-23): several benchmark runs shared the
two cores with other work, so absolute times are inflated; ratios against a peer measured
in the same run are the meaningful figure.

`;
for (const f of files) {
  // Shift every heading one level down so each capability is a section of this file.
  const raw = readFileSync(join(dir, f), "utf8").trim();
  const levels = [...raw.matchAll(/^(#+) /gm)].map((m) => m[1].length);
  const shift = 2 - Math.min(...levels, 2);
  const text = raw.replace(/^(#+) /gm, (_, h) => "#".repeat(h.length + shift) + " ");
  out += `\n${text}\n`;
}
writeFileSync(join(root, "benchmarks", "RESULTS.md"), out);
console.log(`wrote benchmarks/RESULTS.md from ${files.length} files`);
