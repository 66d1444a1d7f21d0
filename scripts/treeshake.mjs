// Bundle-weight and tree-shaking check over EVERY subpath and EVERY exported function.
//
// For each subpath in package.json `exports` (and the root entry) and each function it
// exports, bundles `import { f } from "clientele/<sub>"` from the built ESM dist with esbuild
// (minify, platform neutral), gzips it and checks the ceilings below. A second, unminified
// bundle of the same import is searched for declarations of any other capability's exports
// ("no other capability's code inside"), with a positive control per subpath that really
// imports a foreign function and must be caught.
//
// Run after `npm run build`: `npm run test:treeshake`. `--write` also records the table in
// benchmarks/notes/bundle.md (machine, date, command). Exits 1 on any failure.
import { build, version as esbuildVersion } from "esbuild";
import { gzipSync } from "node:zlib";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const WRITE = process.argv.includes("--write");

/** min+gzip ceilings in bytes. */
const SCORE_RFM_CEILING = 8192; // issue 10: `import { scoreRfm } from "clientele/rfm"` <= 8 kB
const FUNCTION_CEILING = 15360; // issue 10: any single function <= 15 kB
/**
 * Stated exceptions: functions whose designated dependency does real work at run time and
 * so may exceed FUNCTION_CEILING, each with its own ceiling and the reason.
 * Shape: { "./sub": { fnName: { ceiling: bytes, reason: "..." } } }
 */
const EXCEPTIONS = {
  // measured 2026-12-04: buildFeatures 39,808 B, baselineScores 39,825 B, backtestSplits 40,774 B
  "./predict": {
    permutationImportance: {
      ceiling: 17408,
      reason:
        "scores any model of clientele/predict through predictProba, so it carries both scorers: the logistic regression and the gradient-boosted trees' branch-free walk with its WebAssembly kernel (about 1.2 kB of base64)",
    },
    buildFeatures: {
      ceiling: 43008,
      reason:
        "buildFeatures' `include` option computes the library's own model outputs as features (fitBgNbd + probabilityAlive + conditionalExpectedPurchases from clientele/clv, scoreRfm, fitScaler + fitKMeans from clientele/cluster); the option is chosen at run time, so a bundler keeps all of them",
    },
    baselineScores: {
      ceiling: 43008,
      reason:
        "buildFeatures' `include` option computes the library's own model outputs as features (fitBgNbd + probabilityAlive + conditionalExpectedPurchases from clientele/clv, scoreRfm, fitScaler + fitKMeans from clientele/cluster); the option is chosen at run time, so a bundler keeps all of them",
    },
    backtestSplits: {
      ceiling: 43008,
      reason:
        "buildFeatures' `include` option computes the library's own model outputs as features (fitBgNbd + probabilityAlive + conditionalExpectedPurchases from clientele/clv, scoreRfm, fitScaler + fitKMeans from clientele/cluster); the option is chosen at run time, so a bundler keeps all of them",
    },
    // measured 2026-12-04: churnPropensity 50,323 B
    churnPropensity: {
      ceiling: 55296,
      reason:
        "the guided churn path runs buildFeatures (its `include` models from clientele/clv, rfm and cluster) on three snapshots, the BG/NBD and RFM baselines, the logistic-regression fit, the metrics, compareModels and costThreshold in one call",
    },
  },
  // measured 2026-12-04: selectK 16,749 B, selectKAsync 16,866 B
  "./cluster": {
    selectK: {
      ceiling: 18432,
      reason:
        "fits K-Means (k-means++, the bounded Lloyd scan and its WebAssembly assignment kernel) for every candidate k and scores each with three validity indices (silhouette, Calinski-Harabasz, Davies-Bouldin): fitKMeans alone is 11 kB of it",
    },
    selectKAsync: { ceiling: 18432, reason: "selectK's code plus the cooperative async driver" },
  },
  // measured 2026-12-03: scoreSentiment 35,722 B, scoreSentimentBatch 36,024 B, sentimentSegments 38,546 B
  "./personalize": {
    logisticRegressionLearner: {
      ceiling: 20480,
      reason:
        "fits clientele/predict's logistic regression (with its WebAssembly gradient kernel, about 1.5 kB of base64) and scores it through predict's generic predictProba, which also carries the gradient-boosted trees' scorer and its WebAssembly walk kernel (a linear-only scoring entry in clientele/predict would cut about 3 kB: planned)",
    },
  },
  "./sentiment": {
    scoreSentiment: {
      ceiling: 40960,
      reason:
        "carries VADER's lexicon (7,506 tokens) and emoji lexicon (1,212 emojis), MIT, as one compact generated module (about 27 kB min+gzip of data; src/sentiment/lexicon.generated.ts)",
    },
    scoreSentimentBatch: {
      ceiling: 40960,
      reason:
        "carries VADER's lexicon (7,506 tokens) and emoji lexicon (1,212 emojis), MIT, as one compact generated module (about 27 kB min+gzip of data; src/sentiment/lexicon.generated.ts)",
    },
    sentimentSegments: {
      ceiling: 40960,
      reason:
        "carries VADER's lexicon (7,506 tokens) and emoji lexicon (1,212 emojis), MIT, as one compact generated module (about 27 kB min+gzip of data; src/sentiment/lexicon.generated.ts)",
    },
  },
};
/**
 * Capabilities that may legitimately bundle another capability's code, because they call
 * its public entry (DESIGN.md: "where one capability uses another, it goes through that
 * capability's public entry"). None today: src has only type imports across capabilities.
 * Shape: { "./sub": ["./other", ...] }
 */
const ALLOWED_USES = {
  // kpiReport (src/data/kpi-report.ts) calls clientele/rfm's transitionMatrix through src/rfm/index.ts
  // (rfm imports only core: no cycle). summarizeTransactions' bundle is byte-identical with and without it.
  "./data": ["./rfm"],
  // stageTransitions (src/journey/stages.ts) is rfm's transitionMatrix over funnel stages, through src/rfm/index.ts
  "./journey": ["./rfm"],
  // buildFeatures' `include` option adds BG/NBD expected purchases and P(alive), RFM scores and a
  // K-Means cluster per customer, through the public entries of clv, rfm and cluster (issue 12)
  "./predict": ["./clv", "./rfm", "./cluster"],
  // clientele/plot computes what a chart needs through the public entries: plotDendrogram calls
  // cluster's dendrogram; plotPeriodTransactions and plotAliveHistory call clv's
  // probabilityOfPurchases and probabilityAlive (issue 16). Other plot functions import types only.
  "./plot": ["./cluster", "./clv"],
  // logisticRegressionLearner (src/personalize/predict-learner.ts) wraps clientele/predict's
  // fitLogisticRegression / predictProba as an uplift outcome model, through src/predict/index.ts (issue 13)
  "./personalize": ["./predict"],
  // rfmSql writes rfm's default segment rules (RFM_SEGMENTS) into SQL, and scoreSql converts the
  // CLV horizon with clv's stepLength, both through those public entries (issue 14)
  "./sql": ["./rfm", "./clv"],
};

const importPath = (entry) => (typeof entry === "string" ? entry : (entry.import?.default ?? entry.import));
const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
const specifier = (sub) => (sub === "." ? "clientele" : `clientele/${sub.slice(2)}`);

const resolvePlugin = {
  name: "clientele-self",
  setup(b) {
    b.onResolve({ filter: /^clientele(\/.*)?$/ }, (args) => {
      const sub = args.path === "clientele" ? "." : "./" + args.path.slice("clientele/".length);
      const entry = pkg.exports[sub];
      if (!entry) return { errors: [{ text: `no export ${sub}` }] };
      return { path: join(root, importPath(entry)) };
    });
  },
};

// Many independent bundles in one esbuild call: each entry point is a virtual module whose
// text is the import under test; without `splitting`, every entry is bundled on its own.
const virtualPlugin = (contents) => ({
  name: "virtual-entries",
  setup(b) {
    b.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path.slice("virtual:".length), namespace: "virtual" }));
    b.onLoad({ filter: /.*/, namespace: "virtual" }, (args) => ({ contents: contents.get(args.path), resolveDir: root, loader: "js" }));
  },
});
/** Bundles each `{ id, contents }` on its own; returns Map id -> output text. */
async function bundleMany(entries, minify) {
  const contents = new Map(entries.map((e) => [e.id, e.contents]));
  const res = await build({
    entryPoints: entries.map((e) => ({ in: `virtual:${e.id}`, out: e.id })),
    outdir: join(root, ".treeshake", "out"),
    bundle: true,
    write: false,
    splitting: false,
    format: "esm",
    platform: "neutral",
    minify,
    treeShaking: true,
    plugins: [virtualPlugin(contents), resolvePlugin],
    logLevel: "silent",
  });
  const out = new Map();
  for (const f of res.outputFiles) out.set(f.path.slice(join(root, ".treeshake", "out").length + 1).replace(/\.js$/, ""), f.text);
  return out;
}
const source = (imports) =>
  imports.map(([sub, name], i) => `import { ${name} as f${i} } from "${specifier(sub)}";\n`).join("") +
  `export const used = [${imports.map((_, i) => `f${i}`).join(", ")}];\n`;
const bundle = async (contents, minify) => (await bundleMany([{ id: "one", contents }], minify)).get("one");

// ---- what each subpath exports (from the built dist, so the check sees what users get)
const started = Date.now();
const exportsOf = new Map(); // sub -> { all: string[], functions: string[] }
for (const sub of subpaths) {
  const file = join(root, importPath(pkg.exports[sub]));
  if (!existsSync(file)) {
    console.error(`treeshake: ${file} missing; run npm run build first`);
    process.exit(1);
  }
  const mod = await import(pathToFileURL(file).href);
  const all = Object.keys(mod).sort();
  exportsOf.set(sub, { all, functions: all.filter((n) => typeof mod[n] === "function") });
}
const capabilities = subpaths.filter((s) => s !== ".");

// Identifiers that must not be declared in a bundle of `sub`: every export of every other
// capability that `sub` does not export itself (shared core exports such as ClienteleError and
// createRng are re-exported by every subpath, so they drop out), unless ALLOWED_USES says so.
function forbiddenFor(sub) {
  const own = new Set(exportsOf.get(sub).all);
  const allowed = new Set(ALLOWED_USES[sub] ?? []);
  const out = new Map(); // name -> owning subpath
  if (sub === ".") return out; // the root re-exports everything: see the root job below
  for (const other of capabilities) {
    if (other === sub || allowed.has(other)) continue;
    for (const name of exportsOf.get(other).all) if (!own.has(name)) out.set(name, other);
  }
  return out;
}
function ownerOf(name) {
  return capabilities.filter((s) => exportsOf.get(s).all.includes(name));
}
// Look for declarations, not words: a message may say "recommend" in a sentence.
const declaredIn = (text, name) =>
  new RegExp(`(function\\*?\\s+${name}\\b|\\b(var|let|const|class)\\s+${name}\\b|\\b${name}\\s*=\\s*(function|\\(|class))`).test(text);

// ---- the jobs: every function of every capability, plus scoreRfm through the root entry
const jobs = [];
for (const sub of capabilities) for (const name of exportsOf.get(sub).functions) jobs.push({ sub, name });
if (exportsOf.get(".")?.functions.includes("scoreRfm")) jobs.push({ sub: ".", name: "scoreRfm" });

const failures = [];
const jobId = ({ sub, name }) => `${sub === "." ? "root" : sub.slice(2)}__${name}`;
const entries = jobs.map((j) => ({ id: jobId(j), contents: source([[j.sub, j.name]]) }));
const [minified, plainText] = await Promise.all([bundleMany(entries, true), bundleMany(entries, false)]);
const results = jobs.map(({ sub, name }) => {
  const min = minified.get(jobId({ sub, name }));
  const plain = plainText.get(jobId({ sub, name }));
  const gz = gzipSync(Buffer.from(min)).length;
  const forbidden = forbiddenFor(sub);
  if (sub === ".") {
    // Through the root: nothing of a capability that does not export `name`.
    const home = new Set(ownerOf(name));
    const homeNames = new Set([...home].flatMap((s) => exportsOf.get(s).all));
    for (const other of capabilities) {
      if (home.has(other)) continue;
      for (const n of exportsOf.get(other).all) if (!homeNames.has(n)) forbidden.set(n, other);
    }
  }
  const foreign = [...forbidden.keys()].filter((n) => declaredIn(plain, n)).map((n) => `${n} (${forbidden.get(n)})`);
  return { sub, name, min: min.length, gz, foreign, checked: forbidden.size };
});

for (const r of results) {
  const exception = EXCEPTIONS[r.sub]?.[r.name];
  const ceiling = r.name === "scoreRfm" ? SCORE_RFM_CEILING : exception ? exception.ceiling : FUNCTION_CEILING;
  r.ceiling = ceiling;
  if (r.gz > ceiling) {
    failures.push(`${specifier(r.sub)} ${r.name}: ${r.gz} B min+gzip > ceiling ${ceiling} B`);
  }
  if (r.foreign.length > 0) {
    failures.push(`${specifier(r.sub)} ${r.name}: bundle contains other capabilities' code: ${r.foreign.join(", ")}`);
  }
}
for (const [sub, fns] of Object.entries(EXCEPTIONS)) {
  for (const fn of Object.keys(fns)) {
    if (!results.some((r) => r.sub === sub && r.name === fn)) failures.push(`EXCEPTIONS lists ${sub} ${fn}, which is not exported`);
  }
}

// ---- positive controls: one per subpath, importing a foreign function that must be caught
const controls = await Promise.all(
  capabilities.map(async (sub) => {
    const other = capabilities.find((s) => s !== sub && !(ALLOWED_USES[sub] ?? []).includes(s));
    const forbidden = forbiddenFor(sub);
    const foreignFn = exportsOf.get(other).functions.find((n) => forbidden.has(n));
    const ownFn = exportsOf.get(sub).functions.find((n) => !["ClienteleError", "isClienteleError", "createRng", "isRng"].includes(n));
    if (!foreignFn || !ownFn) return { sub, ok: false, why: `no function to build the control from (${other})` };
    const plain = await bundle(
      source([
        [sub, ownFn],
        [other, foreignFn],
      ]),
      false,
    );
    const ok = declaredIn(plain, foreignFn);
    return { sub, ok, why: ok ? "" : `importing ${foreignFn} from ${specifier(other)} next to ${ownFn} was not detected` };
  }),
);
for (const c of controls) if (!c.ok) failures.push(`control for ${specifier(c.sub)} failed: ${c.why}`);

// ---- the table
const kb = (b) => `${(b / 1024).toFixed(1)} kB`;
const rows = [];
for (const sub of [...capabilities, "."]) {
  const mine = results.filter((r) => r.sub === sub);
  if (mine.length === 0) continue;
  const largest = mine.reduce((a, b) => (b.gz > a.gz ? b : a));
  const sizes = mine.map((r) => r.gz).sort((a, b) => a - b);
  const median = sizes[Math.floor((sizes.length - 1) / 2)];
  rows.push(
    `| \`${specifier(sub)}\` | ${sub === "." ? "scoreRfm only" : mine.length} | \`${largest.name}\` | ${largest.gz} B (${kb(largest.gz)}) | ${median} B |`,
  );
}
const rfm = results.find((r) => r.sub === "./rfm" && r.name === "scoreRfm");
const rootRfm = results.find((r) => r.sub === "." && r.name === "scoreRfm");
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const table = ["| subpath | functions bundled | largest function | its min+gzip | median function |", "| --- | ---: | --- | ---: | ---: |", ...rows].join("\n");
console.log(table);
console.log(
  `\ntreeshake: scoreRfm from clientele/rfm ${rfm ? `${rfm.gz} B min+gzip (${rfm.min} B minified), ceiling ${SCORE_RFM_CEILING} B` : "NOT FOUND"}` +
    (rootRfm ? `; from the root entry ${rootRfm.gz} B` : "") +
    `; every other function ceiling ${FUNCTION_CEILING} B; ${results.length} functions, ${controls.length} controls, ${seconds} s`,
);
if (!rfm) failures.push("clientele/rfm does not export scoreRfm");

if (WRITE) {
  const cpu = cpus();
  const date = new Date().toISOString().slice(0, 10);
  const all = results
    .filter((r) => r.sub !== ".")
    .map((r) => `| \`${specifier(r.sub)}\` | \`${r.name}\` | ${r.min} | ${r.gz} | ${r.ceiling} |`)
    .join("\n");
  const md = `## Bundle weight per function (min+gzip)

- Command: \`npm run build && node scripts/treeshake.mjs --write\` (CI runs it without \`--write\`)
- Machine: ${cpu.length} cores (${cpu[0]?.model ?? "unknown"}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}; date ${date} (UTC)
- How: for each function export of each subpath, esbuild ${esbuildVersion} bundles
  \`import { f } from "clientele/<sub>"\` from \`dist\` (ESM, \`platform: "neutral"\`, minify), then
  gzip (zlib default level). Ceilings: \`scoreRfm\` ${SCORE_RFM_CEILING} B, every other function
  ${FUNCTION_CEILING} B; stated exceptions: ${Object.keys(EXCEPTIONS).length === 0 ? "none" : JSON.stringify(EXCEPTIONS)}.
  Each bundle is also checked to declare no export of another capability (with a positive
  control per subpath).

**\`scoreRfm\`: ${rfm?.gz ?? "?"} B min+gzip** from \`clientele/rfm\`${rootRfm ? ` (${rootRfm.gz} B through the root entry \`clientele\`)` : ""}; it was 32.7 kB before the library's own validator replaced zod.

${table}

<details><summary>Every function (${results.length - (rootRfm ? 1 : 0)})</summary>

| subpath | function | minified B | min+gzip B | ceiling B |
| --- | --- | ---: | ---: | ---: |
${all}

</details>
`;
  writeFileSync(join(root, "benchmarks", "notes", "bundle.md"), md);
  console.log("treeshake: wrote benchmarks/notes/bundle.md");
}

if (failures.length > 0) {
  console.error(`treeshake: FAILED\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("treeshake: ok");
