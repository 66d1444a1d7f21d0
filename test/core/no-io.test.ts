import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The library must run in browsers and edge runtimes: nothing in src may import Node
// built-ins, touch the file system or network, or use Math.random.
const SRC = join(__dirname, "..", "..", "src");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "node: import"],
  [/require\(\s*["']node:/, "node: require"],
  [/from\s+["'](fs|path|os|http|https|net|child_process|worker_threads|crypto)["']/, "Node built-in import"],
  [/\bfetch\s*\(/, "fetch()"],
  [/\bXMLHttpRequest\b/, "XMLHttpRequest"],
  [/\bprocess\.(env|argv|exit|stdout|stderr)\b/, "process access"],
  [/\bMath\.random\s*\(/, "Math.random (use createRng)"],
  [/\bconsole\.(log|info|debug)\s*\(/, "console output"],
  // `import { z } from "zod"` drags every zod locale into a host's bundle (~93 kB gzipped);
  // the namespace import tree-shakes to ~22 kB.
  [/import\s*\{\s*z\s*\}\s*from\s*["']zod["']/, 'import { z } from "zod" (use import * as z from "zod")'],
];

describe("src has no I/O", () => {
  const all = files(SRC);
  it("scans a non-empty source tree", () => {
    expect(all.length).toBeGreaterThan(3);
  });
  it.each(all.map((f) => [f.slice(SRC.length + 1), f]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/(^|[^:])\/\/.*$/gm, "$1");
    for (const [re, what] of FORBIDDEN) {
      expect(re.test(text), `${what} in ${file}`).toBe(false);
    }
  });
});
