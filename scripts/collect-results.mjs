// Checks benchmarks/RESULTS.md, the user-facing summary (one table per capability), against the
// lab notes in benchmarks/notes/*.md (one file per benchmark: every run, load, profile, change):
// every notes file must be linked from RESULTS.md, and every notes link must exist.
// Run: node scripts/collect-results.mjs   (npm run bench runs it after the benchmarks)
// After a benchmark run, copy its headline figures from its notes file into RESULTS.md by hand:
// the summary keeps one row per task, with peer, ratio, load and command.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const notesDir = join(root, "benchmarks", "notes");
const summary = readFileSync(join(root, "benchmarks", "RESULTS.md"), "utf8");
const notes = readdirSync(notesDir).filter((f) => f.endsWith(".md"));
const linked = new Set([...summary.matchAll(/\]\(notes\/([^)#]+\.md)/g)].map((m) => m[1]));
const problems = [];
for (const f of notes) if (!linked.has(f)) problems.push(`benchmarks/notes/${f} is not linked from benchmarks/RESULTS.md`);
for (const f of linked) if (!existsSync(join(notesDir, f))) problems.push(`benchmarks/RESULTS.md links notes/${f}, which does not exist`);
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`benchmarks/RESULTS.md links all ${notes.length} notes files`);
