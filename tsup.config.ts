import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

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

export default defineConfig({
  entry,
  format: ["esm", "cjs"],
  dts: true,
  splitting: true,
  treeshake: true,
  sourcemap: false,
  clean: true,
  target: "es2022",
  platform: "neutral",
  outExtension({ format }) {
    return format === "cjs" ? { js: ".cjs", dts: ".d.cts" } : { js: ".js", dts: ".d.ts" };
  },
});
