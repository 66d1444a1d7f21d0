import { builtinModules } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Issue 10: a runtime dependency is something shipped code imports; test oracles and benchmark
// peers are dev dependencies. Every consumer installs `dependencies`, so nothing unused may sit there.
const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
const dev = new Set(Object.keys(pkg.devDependencies ?? {}));
const builtins = new Set(builtinModules);

function files(dir: string, exts: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (f === "node_modules" || f === "dist") return [];
      return statSync(p).isDirectory() ? files(p, exts) : exts.test(f) && !f.endsWith(".d.ts") ? [p] : [];
    });
}
/** The package a bare specifier names ("@scope/pkg/sub" -> "@scope/pkg"), or null for relative, built-in and self imports. */
function packageOf(spec: string): string | null {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) return null;
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  if (builtins.has(name) || name === pkg.name) return null;
  return name;
}
/** Module specifiers in a source text: import/export from, import(), require(), createRequire(...)(); comments ignored. */
function specifiers(text: string, fileName = "x.ts"): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.arguments.length >= 1 && ts.isStringLiteral(n.arguments[0])) {
      const callee = n.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isCreated = ts.isCallExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "createRequire";
      if (isImport || isRequire || isCreated) out.push(n.arguments[0].text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push(n.argument.literal.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}
/** Packages a file imports (static, dynamic, require, type-only). */
function importsOf(file: string): string[] {
  return specifiers(readFileSync(file, "utf8"), file)
    .map(packageOf)
    .filter((p): p is string => p !== null);
}
function usage(dirs: string[], exts: RegExp): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const d of dirs) {
    for (const f of files(join(ROOT, d), exts)) {
      for (const p of importsOf(f)) by.set(p, [...(by.get(p) ?? []), relative(ROOT, f)]);
    }
  }
  return by;
}

describe("dependencies", () => {
  const src = usage(["src"], /\.ts$/);

  it("the import scanner sees imports and ignores comments (control)", () => {
    const text = [
      '// import x from "commented";',
      'import a from "pkg-a";',
      'import type { B } from "@s/b/sub";',
      'const re = /from "not-an-import"/;',
      'const c = await import("c");',
      'const d = createRequire(import.meta.url)("d");',
      'import "./local.js";',
      'import { readFileSync } from "node:fs";',
    ].join("\n");
    expect(specifiers(text).map(packageOf)).toEqual(["pkg-a", "@s/b", "c", "d", null, null]);
  });

  it("every runtime dependency is imported by some file in src", () => {
    const unused = [...runtime].filter((d) => !src.has(d));
    expect(unused, `in "dependencies" but not imported by src (make it a devDependency if tests or benchmarks use it): ${unused.join(", ")}`).toEqual([]);
  });

  it("src imports nothing that is not in dependencies", () => {
    const missing = [...src].filter(([p]) => !runtime.has(p)).map(([p, where]) => `${p} (${where.join(", ")})`);
    expect(missing, `src imports packages missing from "dependencies":\n  ${missing.join("\n  ")}`).toEqual([]);
  });

  it("tests, benchmarks, examples and scripts import only declared packages", () => {
    const rest = usage(["test", "benchmarks", "examples", "scripts"], /\.(ts|mjs|js)$/);
    for (const f of ["tsup.config.ts", "vitest.config.ts"]) {
      if (existsSync(join(ROOT, f))) for (const p of importsOf(join(ROOT, f))) rest.set(p, [...(rest.get(p) ?? []), f]);
    }
    const undeclared = [...rest].filter(([p]) => !runtime.has(p) && !dev.has(p)).map(([p, where]) => `${p} (${where.slice(0, 3).join(", ")})`);
    expect(undeclared, `imported but not declared in package.json:\n  ${undeclared.join("\n  ")}`).toEqual([]);
  });

  it("no package is both a runtime and a dev dependency", () => {
    expect([...runtime].filter((d) => dev.has(d))).toEqual([]);
  });
});
