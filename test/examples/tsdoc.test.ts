// Every TSDoc `@example` in src runs here as a test, extracted with the TypeScript compiler API
// (test/examples/extract.ts), with each `expr; // => value` asserted by the rules written at the
// top of test/examples/expected.ts (numbers at their printed precision, `...` for "and more").
// Examples that fail in files being rewritten by others are listed, with the reason, in
// test/examples/known-failures.json: they run as `it.fails` (so a fixed one turns red until it
// leaves the list) and their count is printed as a warning.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { countExampleTags, extractExamples, instrument, ROOT } from "./extract.js";
import { mismatch } from "./expected.js";

const KNOWN: Record<string, string> = JSON.parse(readFileSync(join(ROOT, "test/examples/known-failures.json"), "utf8"));
const examples = extractExamples();
const dir = mkdtempSync(join(tmpdir(), "clientele-tsdoc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const known = examples.filter((e) => e.id in KNOWN);
if (known.length)
  console.warn(
    `TSDoc examples: ${known.length} of ${examples.length} are KNOWN FAILURES (test/examples/known-failures.json), run as it.fails:\n${known.map((e) => `  ${e.id}: ${KNOWN[e.id]}`).join("\n")}`,
  );

describe("the extractor", () => {
  it("finds every @example tag in src", () => {
    expect(examples.length).toBe(countExampleTags());
    expect(new Set(examples.map((e) => e.id)).size).toBe(examples.length);
  });
  it("known-failures.json names only examples that exist", () => {
    const ids = new Set(examples.map((e) => e.id));
    expect(Object.keys(KNOWN).filter((id) => !ids.has(id))).toEqual([]);
  });
});

const byFile = new Map<string, typeof examples>();
for (const e of examples) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);

for (const [file, list] of byFile) {
  describe(`src/${file}`, () => {
    for (const ex of list) {
      const run = async () => {
        const { module, assertions, problems } = instrument(ex.code);
        const path = join(dir, `${ex.id.replace(/[^\w.-]+/g, "_")}.ts`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path, module);
        const failures = [...problems];
        if (assertions.length === 0 && problems.length === 0)
          failures.push("no `expr; // => value` line: every example shows (and so checks) a result it computes");
        const ran = new Set<number>();
        const check = async (i: number, thunk: () => Promise<unknown>): Promise<void> => {
          ran.add(i);
          const a = assertions[i];
          const where = `line ${a.line}: ${a.expr} // => ${a.text}`;
          if (a.expected.t === "throws") {
            try {
              const v = await thunk();
              failures.push(`${where}\n  returned ${String(v)} instead of throwing`);
            } catch (err) {
              const code = (err as { code?: unknown }).code;
              if ((err as Error).name !== "ClienteleError" || code !== a.expected.code)
                failures.push(`${where}\n  threw ${(err as Error).name} ${String(code)}: ${(err as Error).message}`);
            }
            return;
          }
          let v: unknown;
          try {
            v = await thunk();
          } catch (err) {
            failures.push(`${where}\n  threw ${(err as Error).name} ${String((err as { code?: unknown }).code ?? "")}: ${(err as Error).message}`);
            return;
          }
          const m = mismatch(v, a.expected);
          if (m) failures.push(`${where}\n  ${m}`);
        };
        const mod = await import(/* @vite-ignore */ pathToFileURL(path).href);
        try {
          await mod.default(check);
        } catch (err) {
          failures.push(`the example threw ${(err as Error).name} ${String((err as { code?: unknown }).code ?? "")}: ${(err as Error).message}`);
        }
        for (let i = 0; i < assertions.length; i++)
          if (!ran.has(i)) failures.push(`line ${assertions[i].line}: the // => of ${assertions[i].expr} was never reached`);
        if (failures.length) throw new Error(`${ex.id} (src/${ex.file}:${ex.line}):\n${failures.join("\n")}\n--- the example:\n${ex.code}`);
      };
      if (ex.id in KNOWN) it.fails(`${ex.id} [known failure: ${KNOWN[ex.id]}]`, run);
      else it(ex.id, run);
    }
  });
}
