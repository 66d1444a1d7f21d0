// Prints every fuzz violation, grouped by subpath and export, with the number of calls and the
// time taken: `npx tsx test/fuzz/report.ts [subpath ...]` (the tests assert the same lists).
import { runFuzz } from "./run.js";
import { SUBPATHS, type Subpath } from "../contract/cases.js";

const subs = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SUBPATHS)) as Subpath[];
let calls = 0;
const t0 = performance.now();
const runs = await Promise.all(subs.map(async (s) => ({ s, r: await runFuzz(s) })));
for (const { s, r } of runs) {
  calls += r.calls;
  console.log(
    `## ${s} (${r.names.length} exports, ${r.inputs} inputs, ${r.calls} calls; slowest call ${Math.round(r.slowest.ms)} ms: ${r.slowest.where.slice(0, 120)})`,
  );
  for (const [, v] of r.violations) for (const line of v) console.log(`- ${line}`);
}
console.log(`total: ${calls} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s wall`);
