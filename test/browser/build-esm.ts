// Builds the library's ESM output into a temporary directory with the project's own tsup
// settings (the ESM half of tsup.config.ts: one .js file per source module, es2022, neutral
// platform), for test/browser/browser.test.ts. CI runs `npm test` before `npm run build`, and
// other processes may be rebuilding dist/ at the same time, so the test never reads dist/: it
// builds the modules every subpath entry reaches (followed through their relative imports,
// so a half-written file elsewhere in src cannot break it) into its own directory. No .d.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Options } from "tsup";
import tsupConfig from "../../tsup.config.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The subpath names of package.json's exports ("." for the root entry). */
export function subpaths(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? "." : k.slice(2)));
}

/** Every src/**.ts module reachable from the subpath entries through relative imports. */
export function entryClosure(subs: string[]): string[] {
  const seen = new Set<string>();
  const todo = subs.map((s) => path.join(ROOT, "src", s === "." ? "index.ts" : `${s}/index.ts`));
  const spec = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(spec)) {
      const target = path.resolve(path.dirname(file), m[1].replace(/\.js$/, ".ts"));
      if (!seen.has(target)) todo.push(target);
    }
  }
  return [...seen].map((f) => path.relative(ROOT, f)).sort();
}

/** Builds the ESM modules of `subs` into `outDir` (dist's layout: outDir/<sub>/index.js). Returns the module count. */
export async function buildEsm(outDir: string, subs: string[]): Promise<number> {
  const configs = (Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]) as Options[];
  const esm = configs.find((c) => c.format === "esm" || (Array.isArray(c.format) && c.format.includes("esm")));
  if (esm === undefined) throw new Error("tsup.config.ts has no ESM build");
  const entry = entryClosure(subs);
  await build({
    ...esm,
    entry,
    dts: false,
    outDir,
    clean: false,
    silent: true,
    config: false,
    esbuildOptions(options) {
      options.outbase = path.join(ROOT, "src");
    },
  });
  return entry.length;
}
