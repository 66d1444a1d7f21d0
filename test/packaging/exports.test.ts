import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The exports map is the list of public entry points (tsup builds one entry per key). Each
// subpath gives `import` the ESM file with .d.ts and `require` the CJS file with .d.cts, and
// node10 (no `exports`) finds the subpath's types through `typesVersions`. attw checks the
// built package in CI; this test keeps package.json itself consistent without a build.
const ROOT = join(__dirname, "..", "..");
type Conditions = { types: string; default: string };
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  type: string;
  sideEffects: boolean;
  main: string;
  module: string;
  types: string;
  files: string[];
  scripts: Record<string, string>;
  typesVersions: Record<string, Record<string, string[]>>;
  exports: Record<string, { import: Conditions; require: Conditions } | string>;
};
const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
const base = (sub: string) => (sub === "." ? "./dist/index" : `./dist/${sub.slice(2)}/index`);

describe("package.json exports", () => {
  it("is an ESM package without side effects that ships dist and builds it before packing", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.files).toContain("dist");
    expect(pkg.scripts.prepack).toMatch(/\bbuild\b/);
  });

  it("has one subpath per capability folder with an index.ts, and nothing else", () => {
    const caps = readdirSync(join(ROOT, "src"))
      .filter((d) => d !== "core" && statSync(join(ROOT, "src", d)).isDirectory() && existsSync(join(ROOT, "src", d, "index.ts")))
      .sort();
    expect(
      subpaths
        .filter((s) => s !== ".")
        .map((s) => s.slice(2))
        .sort(),
    ).toEqual(caps);
    expect(existsSync(join(ROOT, "src", "index.ts"))).toBe(true);
  });

  it.each(subpaths)("%s: import -> .js + .d.ts, require -> .cjs + .d.cts, types first", (sub) => {
    const entry = pkg.exports[sub];
    expect(typeof entry).toBe("object");
    const e = entry as { import: Conditions; require: Conditions };
    expect(Object.keys(e)).toEqual(["import", "require"]);
    expect(e.import).toEqual({ types: `${base(sub)}.d.ts`, default: `${base(sub)}.js` });
    expect(e.require).toEqual({ types: `${base(sub)}.d.cts`, default: `${base(sub)}.cjs` });
    // `types` must come first inside each condition, or TypeScript resolves `default` to JS.
    expect(Object.keys(e.import)[0]).toBe("types");
    expect(Object.keys(e.require)[0]).toBe("types");
  });

  it("node10 fallbacks: main/module/types for the root, typesVersions for every subpath", () => {
    expect(pkg.main).toBe("./dist/index.cjs");
    expect(pkg.module).toBe("./dist/index.js");
    expect(pkg.types).toBe("./dist/index.d.cts");
    const tv = pkg.typesVersions["*"];
    const expected = Object.fromEntries(subpaths.filter((s) => s !== ".").map((s) => [s.slice(2), [`${base(s)}.d.cts`]]));
    expect(tv).toEqual(expected);
  });
});
