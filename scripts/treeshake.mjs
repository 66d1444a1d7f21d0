// Tree-shaking check: bundles, from the built dist, a file that imports one function
// from `clientele/rfm`, then asserts that no export of the simulator or of any other
// capability is inside, and prints the minified+gzipped size.
// Run after `npm run build`: `npm run test:treeshake`.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const target = { subpath: "./rfm", name: "scoreRfm" };

if (!pkg.exports[target.subpath]) {
  console.error(`treeshake: package.json has no export ${target.subpath}`);
  process.exit(1);
}

const resolvePlugin = {
  name: "clientele-self",
  setup(b) {
    b.onResolve({ filter: /^clientele(\/.*)?$/ }, (args) => {
      const sub = args.path === "clientele" ? "." : "./" + args.path.slice("clientele/".length);
      const entry = pkg.exports[sub];
      if (!entry) return { errors: [{ text: `no export ${sub}` }] };
      return { path: join(root, entry.import) };
    });
  },
};

async function bundle(minify, extra = "") {
  const res = await build({
    stdin: { contents: `import { ${target.name} } from "clientele/rfm";\n${extra}export const used = ${target.name};\n`, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    minify,
    treeShaking: true,
    plugins: [resolvePlugin],
    logLevel: "silent",
  });
  return res.outputFiles[0].text;
}

const plain = await bundle(false);
const min = await bundle(true);

// Identifiers that must not be in an rfm-only bundle: every export of every other
// capability, and the synthetic-data simulator.
const forbidden = new Set(["simulateCustomers"]);
for (const [sub, entry] of Object.entries(pkg.exports)) {
  if (sub === "." || sub === "./package.json" || sub === target.subpath) continue;
  const file = join(root, entry.import);
  if (!existsSync(file)) {
    console.error(`treeshake: ${file} missing; run npm run build first`);
    process.exit(1);
  }
  const mod = await import(pathToFileURL(file).href);
  for (const name of Object.keys(mod)) forbidden.add(name);
}
// Exports shared through the root that rfm legitimately uses are not capability code.
const rfmMod = await import(pathToFileURL(join(root, pkg.exports[target.subpath].import)).href);
for (const name of Object.keys(rfmMod)) forbidden.delete(name);
forbidden.delete("ClienteleError");
forbidden.delete("createRng");
forbidden.delete("isRng");

// Look for declarations, not words: rfm's own text may say "recommend" in a sentence.
const declared = (name) =>
  new RegExp(`(function\\*?\\s+${name}\\b|\\b(var|let|const|class)\\s+${name}\\b|\\b${name}\\s*=\\s*(function|\\(|class))`).test(plain);
const found = [...forbidden].filter(declared);
const gz = gzipSync(Buffer.from(min)).length;
console.log(
  `treeshake: import { ${target.name} } from "clientele/rfm" -> ${plain.length} B bundled, ${min.length} B minified, ${gz} B minified+gzipped; checked ${forbidden.size} foreign identifiers`,
);
// Control: the check must catch a capability that really is imported.
const control = await bundle(false, `import { summarizeTransactions } from "clientele/data";\nexport const other = summarizeTransactions;\n`);
if (!new RegExp(`function\\s+summarizeTransactions\\b`).test(control)) {
  console.error("treeshake: FAILED, the control bundle that imports clientele/data was not detected");
  process.exit(1);
}
if (found.length > 0) {
  console.error(`treeshake: FAILED, bundle contains: ${found.join(", ")}`);
  process.exit(1);
}
console.log("treeshake: ok");
