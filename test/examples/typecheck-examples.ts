// Type-checks every TSDoc @example of src as a user's TypeScript would see it (not yet in CI:
// see the list it prints). Run: npx tsx test/examples/typecheck-examples.ts [id prefix, e.g. plot#]
// Exit status 1 when an example has a type error. About 1 to 2 minutes (a program over all of src).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { extractExamples, instrument, ROOT } from "./extract.js";

const prefix = process.argv[2] ?? "";
const dir = mkdtempSync(join(tmpdir(), "clientele-tsdoc-types-"));
try {
  mkdirSync(dir, { recursive: true });
  const idOf = new Map<string, string>();
  for (const e of extractExamples()) {
    if (!e.id.startsWith(prefix)) continue;
    const file = join(dir, `${e.id.replace(/[^\w.-]+/g, "_")}.ts`);
    writeFileSync(file, instrument(e.code).module);
    idOf.set(file, e.id);
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error("cannot read tsconfig.json");
  // the generated modules import src/<sub>/index.ts by path, and may leave names unused
  const options = { ...config.options, noEmit: true, allowImportingTsExtensions: true, noUnusedLocals: false, noUnusedParameters: false };
  const program = ts.createProgram([...idOf.keys()], options);
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const id = d.file && idOf.get(d.file.fileName);
    if (!id) continue;
    errors.set(id, [...(errors.get(id) ?? []), ts.flattenDiagnosticMessageText(d.messageText, " ").slice(0, 200)]);
  }
  for (const [id, messages] of [...errors].sort()) console.log(`${id}: ${messages.join(" | ")}`);
  console.log(`${errors.size} of ${idOf.size} examples have type errors`);
  process.exitCode = errors.size ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
