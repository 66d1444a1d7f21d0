import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

// One entry per subpath export in package.json, so the exports map is the single
// list of public entry points: "./rfm" -> src/rfm/index.ts -> dist/rfm/index.{js,cjs,d.ts}.
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
    return { js: format === "cjs" ? ".cjs" : ".js" };
  },
});
