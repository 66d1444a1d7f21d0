// `npm pack` from a fresh clone must ship `dist`: copies the files git knows (tracked and
// untracked-but-not-ignored, so no `dist/`) into a temporary directory, links node_modules,
// runs `npm pack --dry-run --json` there (the `prepack` script builds), and checks that the
// tarball lists dist/<sub>/index.{js,cjs,d.ts,d.cts} for every subpath, every file that
// package.json points at, and no sources or tests. Then packs for real, installs the tarball
// into an empty consumer project (no other package: clientele has no runtime dependencies) and
// loads every subpath with `require` and with `import`: same export names from both builds,
// and an error thrown by the CommonJS build is `instanceof` the ESM `ClienteleError`.
// Run: `npm run test:pack` (about one build's time). Exits 1 on any failure.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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
  // The real tarball (dist is built now, so skip prepack) in an empty consumer project.
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  )[0];
  const consumer = join(dir, "consumer");
  const installed = join(consumer, "node_modules", pkg.name);
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", join(dir, packed.filename), "-C", installed, "--strip-components=1"]);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "commonjs" }));
  const specs = Object.keys(pkg.exports)
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  const smoke = `
    const specs = ${JSON.stringify(specs)};
    (async () => {
      const problems = [];
      for (const s of specs) {
        const cjs = require(s);
        const esm = await import(s);
        const a = Object.keys(cjs).sort().join(","), b = Object.keys(esm).filter((k) => k !== "default").sort().join(",");
        if (!a) problems.push(s + ": require() gave no exports");
        if (a !== b) problems.push(s + ": require() and import() export different names");
      }
      const cjsRoot = require(specs[0]);
      const esmRoot = await import(specs[0]);
      let thrown;
      try { cjsRoot.createRng(0.5); } catch (e) { thrown = e; }
      if (!(thrown instanceof esmRoot.ClienteleError)) problems.push("an error thrown by the CJS build is not instanceof the ESM ClienteleError");
      if (!esmRoot.isClienteleError(thrown)) problems.push("isClienteleError (ESM) does not recognise a CJS ClienteleError");
      if (problems.length) { console.error(problems.join("\\n")); process.exit(1); }
      console.log("check-pack: installed tarball loads " + specs.length + " entry points with require and import; CJS errors are instanceof the ESM ClienteleError");
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  try {
    execFileSync(process.execPath, ["-e", smoke], { cwd: consumer, stdio: ["ignore", "inherit", "inherit"] });
  } catch {
    fail("the installed tarball does not load as expected (see above)");
  }
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
