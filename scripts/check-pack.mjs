// `npm pack` from a fresh clone must ship `dist`: copies the files git knows (tracked and
// untracked-but-not-ignored, so no `dist/`) into a temporary directory, links node_modules,
// runs `npm pack --dry-run --json` there (the `prepack` script builds), and checks that the
// tarball lists dist/<sub>/index.{js,cjs,d.ts,d.cts} for every subpath, every file that
// package.json points at, and no sources or tests.
// Run: `npm run test:pack` (about one build's time). Exits 1 on any failure.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const fail = (msg) => {
  console.error(`check-pack: FAILED, ${msg}`);
  process.exit(1);
};

const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && existsSync(join(root, f)));
if (tracked.some((f) => f.startsWith("dist/"))) fail("git tracks files under dist/; the build output must not be committed");

const dir = mkdtempSync(join(tmpdir(), "clientele-pack-"));
let listing;
try {
  for (const f of tracked) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const started = Date.now();
  // Lifecycle scripts print to stdout too: the JSON report is the last top-level array.
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--no-audit", "--no-fund"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const at = out.lastIndexOf("\n[\n") >= 0 ? out.lastIndexOf("\n[\n") + 1 : out.indexOf("[");
  listing = JSON.parse(out.slice(at))[0];
  console.log(`check-pack: npm pack --dry-run in a fresh copy (prepack build included) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const files = new Set(listing.files.map((f) => f.path));
const problems = [];
const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
for (const sub of subpaths) {
  const base = sub === "." ? "dist/index" : `dist/${sub.slice(2)}/index`;
  for (const ext of [".js", ".cjs", ".d.ts", ".d.cts"]) if (!files.has(base + ext)) problems.push(`missing ${base}${ext} (${sub})`);
}
// Every path package.json points at is in the tarball.
const pointed = [];
const walk = (v) => {
  if (typeof v === "string") pointed.push(v);
  else if (Array.isArray(v)) v.forEach(walk);
  else if (v && typeof v === "object") Object.values(v).forEach(walk);
};
walk([pkg.main, pkg.module, pkg.types, pkg.exports, pkg.typesVersions]);
for (const p of pointed) {
  const rel = p.replace(/^\.\//, "");
  if (!files.has(rel)) problems.push(`package.json points at ${p}, which is not in the tarball`);
}
for (const f of files) {
  if (/^(src|test|benchmarks|examples|scripts|docs|\.ci|\.changeset)\//.test(f)) problems.push(`ships ${f}`);
}
for (const f of ["README.md", "LICENSE", "package.json"]) if (!files.has(f)) problems.push(`missing ${f}`);

const dist = [...files].filter((f) => f.startsWith("dist/"));
console.log(
  `check-pack: ${listing.filename}: ${listing.entryCount} files (${dist.length} in dist), ${(listing.size / 1024).toFixed(1)} kB packed, ${(listing.unpackedSize / 1024).toFixed(1)} kB unpacked`,
);
if (problems.length > 0) fail(`\n  ${problems.join("\n  ")}`);
console.log(`check-pack: ok (every subpath ships index.js, index.cjs, index.d.ts and index.d.cts)`);
