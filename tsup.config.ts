import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// One entry per subpath export in package.json, so the exports map is the single
// list of public entry points: "./rfm" -> src/rfm/index.ts -> dist/rfm/index.{js,cjs,d.ts,d.cts}
// (`import` reads index.js with index.d.ts, `require` reads index.cjs with index.d.cts, so each
// consumer gets declarations in its own module format; `attw` checks this in CI).
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  exports: Record<string, unknown>;
};
const entry: Record<string, string> = {};
for (const key of Object.keys(pkg.exports)) {
  if (key === "./package.json") continue;
  const name = key === "." ? "index" : `${key.slice(2)}/index`;
  entry[name] = `src/${name}.ts`;
}

const common: Options = {
  target: "es2022",
  platform: "neutral",
  sourcemap: false,
  // dist is emptied by the build script before both configs run (they run in parallel).
  clean: false,
};

export default defineConfig([
  // ESM: one output file per source module (not bundled), so a consumer's bundler, with
  // `"sideEffects": false`, drops every module a function does not reach. Bundled chunks kept
  // the module-level option schemas of every sibling function in the chunk (scoreRfm carried
  // assignSegments' and scoreRfmtc's schemas: 9.2 kB instead of 7.7 kB min+gzip).
  {
    ...common,
    entry: ["src/**/*.ts"],
    format: ["esm"],
    bundle: false,
    dts: { entry },
    outExtension: () => ({ js: ".js", dts: ".d.ts" }),
  },
  // CJS: bundled per entry with shared chunks (require() users do not tree-shake).
  {
    ...common,
    entry,
    format: ["cjs"],
    splitting: true,
    treeshake: true,
    dts: true,
    outExtension: () => ({ js: ".cjs", dts: ".d.cts" }),
  },
]);
