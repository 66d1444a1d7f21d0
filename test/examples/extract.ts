// Extracts every TSDoc `@example` of src (with the TypeScript compiler API) and instruments it
// for test/examples/tsdoc.test.ts: `clientele/<sub>` imports point at src/<sub>/index.ts, and
// every `expr; // => value` statement becomes a check of expr against the printed value
// (test/examples/expected.ts has the value grammar and the comparison rules).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { IncompleteValue, parseExpected, type Expected } from "./expected.js";

export interface TsdocExample {
  /**
   * `<subpath>#<declaration>` (`clv#fitBgNbd`; `root#...` for src/index.ts), plus `#<n>` when the
   * name has several examples: stable when a capability's files are split or renamed.
   */
  readonly id: string;
  readonly file: string;
  /** 1-based line of the `@example` tag in the file */
  readonly line: number;
  readonly code: string;
}

export interface Assertion {
  /** 1-based line in the example code */
  readonly line: number;
  readonly expr: string;
  readonly text: string;
  readonly expected: Expected;
}

export interface Instrumented {
  /** a TypeScript module: imports, then `export default async function (__check) { ... }` */
  readonly module: string;
  readonly assertions: readonly Assertion[];
  /** `// =>` comments that could not be turned into a check (each one fails the test) */
  readonly problems: readonly string[];
}

export const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

const declName = (node: ts.Node): string => {
  const named = node as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name))) {
    const parent =
      node.parent && (ts.isClassDeclaration(node.parent) || ts.isInterfaceDeclaration(node.parent)) && node.parent.name ? `${node.parent.name.text}.` : "";
    return parent + named.name.text;
  }
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText()).join(",");
  return ts.SyntaxKind[node.kind];
};

/** The text of a JSDoc tag with the ` * ` margins removed, without the `@example` word. */
const tagText = (sf: ts.SourceFile, tag: ts.JSDocTag): string => {
  const raw = sf.text.slice(tag.tagName.end, tag.end);
  const lines = raw.split("\n").map((l) => l.replace(/^\s*\*(?: |$)/, "").replace(/\s*\*\/\s*$/, ""));
  // the first line is what follows `@example` on the tag's own line (a title, or empty)
  const body = lines.slice(1).join("\n");
  const fence = /```(?:ts|typescript|js)?\n([\s\S]*?)```/.exec(body);
  return (fence ? fence[1] : body).replace(/\s+$/, "");
};

/** Every `@example` of every declaration in src that has JSDoc (exported or a member of an exported one). */
export function extractExamples(srcDir = SRC): TsdocExample[] {
  const out: TsdocExample[] = [];
  const seen = new Map<string, number>();
  for (const file of walk(srcDir)) {
    const text = readFileSync(file, "utf8");
    if (!text.includes("@example")) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const rel = relative(srcDir, file).replaceAll("\\", "/");
    const subpath = rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : "root";
    const visit = (node: ts.Node) => {
      const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
      if (docs)
        for (const doc of docs)
          for (const tag of doc.tags ?? []) {
            if (tag.tagName.text !== "example") continue;
            const name = `${subpath}#${declName(node)}`;
            const n = (seen.get(name) ?? 0) + 1;
            seen.set(name, n);
            out.push({
              id: `${name}${n > 1 ? `#${n}` : ""}`,
              file: rel,
              line: sf.getLineAndCharacterOfPosition(tag.getStart(sf)).line + 1,
              code: tagText(sf, tag),
            });
          }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Counts the `@example` tags in src by plain text search, to prove the extractor misses none. */
export function countExampleTags(srcDir = SRC): number {
  let n = 0;
  for (const file of walk(srcDir)) n += (readFileSync(file, "utf8").match(/^\s*\*\s*@example\b/gm) ?? []).length;
  return n;
}

const importTarget = (spec: string): string | null => {
  if (spec === "clientele") return join(SRC, "index.ts");
  const m = /^clientele\/([a-z-]+)$/.exec(spec);
  return m ? join(SRC, m[1], "index.ts") : null;
};

/** Turns an example into a module whose default export runs it, calling `__check(i, thunk)` for the i-th assertion. */
export function instrument(code: string): Instrumented {
  const sf = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const problems: string[] = [];
  const assertions: Assertion[] = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;

  // statements that can carry an assertion: expression and variable statements outside functions
  const statements: ts.Statement[] = [];
  const visit = (node: ts.Node, inFunction: boolean) => {
    if (!inFunction && (ts.isExpressionStatement(node) || ts.isVariableStatement(node))) statements.push(node);
    const fn = inFunction || ts.isFunctionLike(node) || ts.isClassLike(node);
    ts.forEachChild(node, (c) => visit(c, fn));
  };
  visit(sf, false);

  // `// =>` comments, with the continuation lines of a value that spans several lines
  const lines = code.split("\n");
  const lineStart: number[] = [];
  for (let k = 0, p = 0; k < lines.length; k++) {
    lineStart.push(p);
    p += lines[k].length + 1;
  }
  const edits: { start: number; end: number; text: string }[] = [];
  for (let k = 0; k < lines.length; k++) {
    const col = lines[k].indexOf("// =>");
    if (col < 0) continue;
    const pos = lineStart[k] + col;
    let text = lines[k].slice(col + 5).trim();
    let parsed: ReturnType<typeof parseExpected> | null = null;
    let last = k;
    for (;;) {
      try {
        parsed = parseExpected(text);
        break;
      } catch (err) {
        const cont = last + 1 < lines.length ? /^\s*\/\/(?!\s*=>)\s?(.*)$/.exec(lines[last + 1]) : null;
        if (err instanceof IncompleteValue && cont) {
          text += ` ${cont[1].trim()}`;
          last++;
          continue;
        }
        problems.push(`line ${k + 1}: ${(err as Error).message}`);
        break;
      }
    }
    k = last;
    if (!parsed) continue;
    // the statement that ends right before the comment (only whitespace between)
    let target: ts.Statement | undefined;
    for (const s of statements) if (s.end <= pos && /^\s*$/.test(code.slice(s.end, pos)) && (!target || s.end >= target.end)) target = s;
    if (!target) {
      problems.push(`line ${k + 1}: "// => ${text}" follows no expression or variable statement`);
      continue;
    }
    const i = assertions.length;
    if (ts.isExpressionStatement(target)) {
      const expr = target.expression.getText(sf);
      assertions.push({ line: lineOf(pos), expr, text, expected: parsed.value });
      edits.push({ start: target.getStart(sf), end: target.end, text: `await __check(${i}, async () => (${expr}));` });
    } else {
      const decls = (target as ts.VariableStatement).declarationList.declarations;
      const d = decls[decls.length - 1];
      if (!ts.isIdentifier(d.name)) {
        problems.push(`line ${k + 1}: "// =>" after a destructuring declaration (assert a named value instead)`);
        continue;
      }
      assertions.push({ line: lineOf(pos), expr: d.name.text, text, expected: parsed.value });
      if (parsed.value.t === "throws") {
        problems.push(`line ${k + 1}: "// => throws" after a declaration (write the throwing call as an expression statement)`);
        continue;
      }
      edits.push({ start: target.end, end: target.end, text: ` await __check(${i}, async () => ${d.name.text});` });
    }
  }

  // imports stay at the top (rewritten to src), the rest runs inside the exported function
  const imports: string[] = [];
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s)) continue;
    const spec = (s.moduleSpecifier as ts.StringLiteral).text;
    const target = importTarget(spec);
    if (!target) problems.push(`line ${lineOf(s.getStart(sf))}: import from "${spec}" (examples import clientele subpaths only)`);
    const clause = s.importClause ? `${s.importClause.getText(sf)} from ` : "";
    imports.push(`import ${clause}${JSON.stringify(target ?? spec)};`);
    edits.push({ start: s.getStart(sf), end: s.end, text: "" });
  }
  edits.sort((a, b) => b.start - a.start);
  let body = code;
  for (const e of edits) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  const module = `${imports.join("\n")}\nexport default async function (__check: (i: number, thunk: () => Promise<unknown>) => Promise<void>): Promise<void> {\n${body}\n}\n`;
  return { module, assertions, problems };
}
