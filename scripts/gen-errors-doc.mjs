// Generates docs/errors.md from the error-code catalogue in src/core/codes.ts.
//
// One table: code, meaning (the catalogue's line) and the public functions that can throw it.
// "Can throw" is found statically: every `code: "X"` (or `code: cond ? "X" : "Y"`) property in
// a function's body, followed through the functions it references (same file or imported),
// from each export of each subpath's index.ts. It over-approximates (a referenced helper may
// throw X only on paths this function never takes) and misses codes passed in variables.
//
// Run: `npm run docs:errors` (writes) or `node scripts/gen-errors-doc.mjs --check` (exits 1
// when docs/errors.md is not what this script would write).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(root, "src");
const OUT = join(root, "docs", "errors.md");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

// ---- the catalogue, read as text: `  CODE: "meaning",` lines under `// --- group` comments
function stringLiteral(lit) {
  if (lit.startsWith('"')) return JSON.parse(lit);
  return JSON.parse(`"${lit.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
}

export function readCatalogue(text = readFileSync(join(SRC, "core", "codes.ts"), "utf8")) {
  const body = text.slice(text.indexOf("ERROR_CODES = {"), text.indexOf("} as const"));
  const entries = [];
  let group = "";
  // an entry may be wrapped by the formatter (`CODE:` on one line, its string on the next) and its
  // string may be single-quoted (when it contains double quotes)
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const g = /^\s*\/\/\s*---\s*(.+?)\s*$/.exec(line);
    if (g) group = g[1];
    if (/^\s*[A-Z][A-Z0-9_]*\s*:\s*$/.test(line) && i + 1 < lines.length) line += ` ${lines[++i].trim()}`;
    const m = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*,?\s*$/.exec(line);
    if (m) entries.push({ code: m[1], meaning: stringLiteral(m[2]), group });
  }
  const keys = lines.filter((l) => /^\s*[A-Z][A-Z0-9_]*\s*:/.test(l)).length;
  if (keys !== entries.length) throw new Error(`gen-errors-doc: read ${entries.length} of the ${keys} codes in src/core/codes.ts; fix readCatalogue`);
  return entries;
}

// ---- a small static call graph of src
function tsFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
    });
}
const resolveModule = (from, spec) => {
  if (!spec.startsWith(".")) return null;
  const p = resolve(dirname(from), spec).replace(/\.js$/, ".ts");
  if (existsSync(p)) return p;
  if (existsSync(p + ".ts")) return p + ".ts";
  if (existsSync(join(p, "index.ts"))) return join(p, "index.ts");
  return null;
};
/** String codes in a `code:` initializer: "X", cond ? "X" : "Y", ("X"), a ?? "X". */
function literalCodes(node, out) {
  if (ts.isStringLiteralLike(node)) out.push(node.text);
  else if (ts.isConditionalExpression(node)) {
    literalCodes(node.whenTrue, out);
    literalCodes(node.whenFalse, out);
  } else if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression?.(node)) literalCodes(node.expression, out);
  else if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) {
    literalCodes(node.left, out);
    literalCodes(node.right, out);
  }
  return out;
}

export function analyzeSource() {
  const files = new Map(); // path -> { decls: Map name -> {codes, refs, isFunction}, imports: Map local -> {file, name}, reexports: [...] , exported: Map exportName -> localName }
  const throwSites = []; // { code, file, line }
  for (const file of tsFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const info = { decls: new Map(), imports: new Map(), star: [], named: new Map(), exported: new Map() };
    files.set(file, info);
    const collect = (node, codes, refs) => {
      const visit = (n) => {
        if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && n.name.text === "code") {
          for (const c of literalCodes(n.initializer, [])) {
            codes.add(c);
            throwSites.push({ code: c, file: relative(root, file), line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
          }
        }
        if (ts.isIdentifier(n)) refs.add(n.text);
        ts.forEachChild(n, visit);
      };
      visit(node);
    };
    for (const st of sf.statements) {
      const exported = !!st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (ts.isImportDeclaration(st) && st.importClause && !st.importClause.isTypeOnly) {
        const target = resolveModule(file, st.moduleSpecifier.text);
        const nb = st.importClause.namedBindings;
        if (target && nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) if (!el.isTypeOnly) info.imports.set(el.name.text, { file: target, name: (el.propertyName ?? el.name).text });
        }
      } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
        const target = st.moduleSpecifier ? resolveModule(file, st.moduleSpecifier.text) : file;
        if (!st.exportClause) {
          if (target) info.star.push(target);
        } else if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            if (el.isTypeOnly) continue;
            const local = (el.propertyName ?? el.name).text;
            if (st.moduleSpecifier) info.named.set(el.name.text, { file: target, name: local });
            else info.exported.set(el.name.text, local);
          }
        }
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
        const d = { codes: new Set(), refs: new Set(), isFunction: ts.isFunctionDeclaration(st) };
        collect(st, d.codes, d.refs);
        info.decls.set(st.name.text, d);
        if (exported) info.exported.set(st.name.text, st.name.text);
      } else if (ts.isVariableStatement(st)) {
        for (const v of st.declarationList.declarations) {
          if (!ts.isIdentifier(v.name)) continue;
          const init = v.initializer;
          const d = {
            codes: new Set(),
            refs: new Set(),
            isFunction: !!init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)),
          };
          if (init) collect(init, d.codes, d.refs);
          info.decls.set(v.name.text, d);
          if (exported) info.exported.set(v.name.text, v.name.text);
        }
      }
    }
  }

  // Resolve an exported name of a module to the declaring [file, name].
  const resolveExport = (file, name, seen = new Set()) => {
    const key = `${file}#${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const info = files.get(file);
    if (!info) return null;
    if (info.exported.has(name)) return resolveLocal(file, info.exported.get(name), seen);
    if (info.named.has(name)) {
      const t = info.named.get(name);
      return t.file ? resolveExport(t.file, t.name, seen) : null;
    }
    for (const s of info.star) {
      const r = resolveExport(s, name, seen);
      if (r) return r;
    }
    return null;
  };
  const resolveLocal = (file, name, seen = new Set()) => {
    const info = files.get(file);
    if (info.decls.has(name)) return `${file}#${name}`;
    if (info.imports.has(name)) {
      const t = info.imports.get(name);
      return resolveExport(t.file, t.name, seen);
    }
    return null;
  };

  // Transitive codes per declaration (fixpoint over the reference graph).
  const edges = new Map();
  const own = new Map();
  for (const [file, info] of files) {
    for (const [name, d] of info.decls) {
      const key = `${file}#${name}`;
      own.set(key, d);
      const out = new Set();
      for (const r of d.refs) {
        if (r === name) continue;
        const k = resolveLocal(file, r);
        if (k && k !== key) out.add(k);
      }
      edges.set(key, out);
    }
  }
  const memo = new Map();
  const reach = (key) => {
    if (memo.has(key)) return memo.get(key);
    const codes = new Set();
    const stack = [key];
    const seen = new Set([key]);
    while (stack.length) {
      const k = stack.pop();
      for (const c of own.get(k)?.codes ?? []) codes.add(c);
      for (const e of edges.get(k) ?? []) if (!seen.has(e)) seen.add(e), stack.push(e);
    }
    memo.set(key, codes);
    return codes;
  };

  // Public functions: the exports of each capability's index.ts.
  const publicFns = new Map(); // name -> { subpaths: Set, codes: Set }
  for (const sub of Object.keys(pkg.exports)) {
    if (sub === "." || sub === "./package.json") continue;
    const index = join(SRC, sub.slice(2), "index.ts");
    if (!files.has(index)) continue;
    const names = new Set();
    const gather = (file, seen = new Set()) => {
      if (seen.has(file)) return;
      seen.add(file);
      const info = files.get(file);
      if (!info) return;
      for (const n of [...info.exported.keys(), ...info.named.keys()]) names.add(n);
      for (const s of info.star) gather(s, seen);
    };
    gather(index);
    for (const name of names) {
      const key = resolveExport(index, name);
      if (!key || !own.get(key)?.isFunction) continue;
      const e = publicFns.get(name) ?? { subpaths: new Set(), codes: reach(key) };
      e.subpaths.add(`clientele/${sub.slice(2)}`);
      publicFns.set(name, e);
    }
  }
  return { throwSites, publicFns };
}

export function render(entries, publicFns) {
  const by = new Map(entries.map((e) => [e.code, []]));
  for (const [name, { subpaths, codes }] of [...publicFns].sort(([a], [b]) => a.localeCompare(b))) {
    for (const c of codes) by.get(c)?.push({ name, where: subpaths.size > 1 ? "every subpath" : [...subpaths][0] });
  }
  const cell = (list) => {
    if (list.length === 0) return "—";
    if (list.length <= 12) return list.map((f) => `\`${f.name}\` (${f.where.replace("clientele/", "")})`).join(", ");
    const counts = new Map();
    for (const f of list) counts.set(f.where, (counts.get(f.where) ?? 0) + 1);
    return (
      `${list.length} functions: ` +
      [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([w, n]) => `${n} in ${w === "every subpath" ? w : `\`${w}\``}`)
        .join(", ")
    );
  };
  const esc = (s) => s.replace(/\|/g, "\\|");
  const rows = [];
  let group = null;
  for (const e of entries) {
    if (e.group !== group) {
      group = e.group;
      rows.push(`| **${esc(group)}** | | |`);
    }
    rows.push(`| \`${e.code}\` | ${esc(e.meaning)} | ${cell(by.get(e.code))} |`);
  }
  return `# Error codes

<!-- Generated from src/core/codes.ts by \`npm run docs:errors\` (scripts/gen-errors-doc.mjs). Do not edit by hand: CI fails when this file is stale. -->

Every error the library throws on purpose is a \`ClienteleError\` with a stable \`code\` from the
table below, a \`path\` to the offending value (for example \`["customers", 17, "recency"]\` or
\`["options", "lambda"]\`) and a \`message\` that names the public function, says what was
received and how to fix it. Branch on \`code\`, never on the message text. A code keeps its
meaning once released; new codes are only added.

\`\`\`ts
import { isClienteleError } from "clientele";

try {
  fitBgNbd(summary, { maxIter: 0 });
} catch (err) {
  if (isClienteleError(err) && err.code === "INVALID_OPTION") console.error(err.path, err.message);
  else throw err;
}
\`\`\`

\`isClienteleError\` (and \`instanceof ClienteleError\`) work across the ESM and CommonJS builds.
The catalogue is also exported as \`ERROR_CODES\` (code → meaning) with the \`ErrorCode\` type.

"Thrown by" is found by scanning the source: the public functions whose code, or a helper they
call, throws the code. It can list a function for a code it raises only through a helper's
branch that function never takes.

| code | meaning | thrown by |
| --- | --- | --- |
${rows.join("\n")}
`;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const entries = readCatalogue();
  if (entries.length === 0) {
    console.error("gen-errors-doc: no entries read from src/core/codes.ts");
    process.exit(1);
  }
  const { publicFns } = analyzeSource();
  const text = render(entries, publicFns);
  if (process.argv.includes("--check")) {
    const current = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
    if (current !== text) {
      console.error("gen-errors-doc: docs/errors.md is stale (src/core/codes.ts or the throw sites changed); run `npm run docs:errors` and commit it.");
      process.exit(1);
    }
    console.log(`gen-errors-doc: docs/errors.md is up to date (${entries.length} codes)`);
  } else {
    writeFileSync(OUT, text);
    console.log(`gen-errors-doc: wrote docs/errors.md (${entries.length} codes, ${publicFns.size} public functions scanned)`);
  }
}
