import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../src/core/codes.js";

// The error-code catalogue is the contract users branch on (issue 10): every code thrown in src
// is in it, every entry is pinned by a test, and docs/errors.md lists it.
const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");
const TEST = join(ROOT, "test");
const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
    });
}
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

/**
 * String literals in `code:` initializers: `code: "X"`, `code: cond ? "X" : "Y"` (also across
 * lines), `code: opts.code ?? "X"`. The initializer ends at the first `,` or `}`.
 */
function thrownCodes(text: string): string[] {
  const out: string[] = [];
  for (const m of stripComments(text).matchAll(/\bcode\s*:\s*([^,}]+)/g)) {
    for (const s of m[1].matchAll(/["'`]([A-Z][A-Z0-9_]*)["'`]/g)) out.push(s[1]);
  }
  return out;
}

describe("error-code catalogue (src/core/codes.ts)", () => {
  it("is non-empty, UPPER_SNAKE_CASE, one line of meaning per code", () => {
    expect(CODES.length).toBeGreaterThan(20);
    for (const code of CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      const meaning = ERROR_CODES[code];
      expect(meaning.length, code).toBeGreaterThan(10);
      expect(meaning, code).not.toContain("\n");
    }
  });

  it("the scanner finds plain and conditional code literals (control)", () => {
    const sample = [
      'throw new ClienteleError({ code: "EMPTY_INPUT", message: "x" });',
      "throw new ClienteleError({",
      "  code: n > 0",
      '    ? "NEGATIVE_VALUE"',
      "    : 'NON_FINITE',",
      "});",
      '// code: "IN_A_COMMENT"',
      'parseWith(s, v, fn, { code: opts.code ?? "INVALID_MODEL", root: "model" });',
    ].join("\n");
    expect(thrownCodes(sample)).toEqual(["EMPTY_INPUT", "NEGATIVE_VALUE", "NON_FINITE", "INVALID_MODEL"]);
  });

  it("every code literal in src is in the catalogue", () => {
    const known = new Set<string>(CODES);
    const unknown: string[] = [];
    let seen = 0;
    for (const file of files(SRC)) {
      if (file.endsWith(join("core", "codes.ts"))) continue;
      for (const code of thrownCodes(readFileSync(file, "utf8"))) {
        seen++;
        if (!known.has(code)) unknown.push(`${code} (${relative(ROOT, file)})`);
      }
    }
    expect(seen, "the scan found no code literal at all: is the regex still right?").toBeGreaterThan(50);
    expect(unknown, `codes thrown in src but missing from src/core/codes.ts:\n  ${unknown.join("\n  ")}`).toEqual([]);
  });

  it("every catalogue entry is asserted by some test", () => {
    // A test pins a code when its quoted name sits in an expectation: toBe("X"), toThrow(...),
    // expect(...), `code: "X"` in toMatchObject / objectContaining, or a helper named expect*/throws*.
    const expectation = /\bexpect|\.to[A-Z]\w*\(|\brejects\b|\bthrows?\w*\(|\bcode\s*:/;
    const covered = new Set<string>();
    const self = join(TEST, "core", "codes.test.ts");
    for (const file of files(TEST)) {
      if (file === self || file.includes(`${join("test", "fixtures")}`)) continue;
      for (const line of stripComments(readFileSync(file, "utf8")).split("\n")) {
        if (!expectation.test(line)) continue;
        for (const m of line.matchAll(/["'`]([A-Z][A-Z0-9_]*)["'`]/g)) covered.add(m[1]);
      }
    }
    const uncovered = CODES.filter((c) => !covered.has(c));
    expect(uncovered, `catalogue codes that no test asserts (add a test that throws each):\n  ${uncovered.join("\n  ")}`).toEqual([]);
  });

  it("docs/errors.md lists every code, and no other (regenerate with npm run docs:errors)", () => {
    const doc = readFileSync(join(ROOT, "docs", "errors.md"), "utf8");
    const rows = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(CODES);
  });
});
