// The `// =>` value grammar of the TSDoc examples, and how a printed value is compared with the
// value the example computes (test/examples/tsdoc.test.ts applies them to every @example in src):
//
//   expr; // => <value> [free text]
//
// <value> is a JavaScript literal: number, "string" / 'string', true, false, null, undefined,
// NaN, Infinity, [array], { object } (identifier, string or number keys), optionally
// - prefixed by a typed-array name: `Float64Array [1, 2]` (the result must be that typed array);
// - prefixed by `about`: `about 0.5` (a Monte Carlo or otherwise rough figure, see below);
// - or `throws [ClienteleError] CODE`: evaluating expr throws a ClienteleError with that code.
// `<value> or <value>` accepts either (a seeded draw that the example does not pin down).
// Anything after the value is commentary and is not checked ("[0.5] (a tie, split evenly)").
// A value may continue on the following lines when each starts with `//`.
//
// Numbers: a number printed with k decimals stands for every value that rounds to it,
// |actual - printed| <= 0.5 * 10^-k (an integer, k = 0, is exact up to 1e-9 relative: counts and
// indices are exact; print the decimals of a value that is not whole). `0.8997...` (digits then an
// ellipsis) is a truncated value: |actual - printed| < 10^-k. `about x` allows one unit of the last
// printed digit, |actual - x| <= 10^-k (k = 0: 1). The exponent counts: `1.5e-7` has k = 8.
// Arrays, objects: deep equality with those number rules for every entry; an array printed
// without a typed-array prefix must be a plain Array. `...` as the last array element means "and
// more elements" (the printed ones are a prefix); `...` as an object entry means "and other
// keys" (the printed keys must match, others are free). `...` inside a string matches any text.

export type Expected =
  | { readonly t: "num"; readonly v: number; readonly tol: number; readonly text: string }
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "lit"; readonly v: boolean | null | undefined }
  | { readonly t: "arr"; readonly items: readonly Expected[]; readonly open: boolean; readonly typed: string | null }
  | { readonly t: "obj"; readonly props: readonly (readonly [string, Expected])[]; readonly open: boolean }
  | { readonly t: "throws"; readonly code: string }
  | { readonly t: "oneOf"; readonly options: readonly Expected[] };

export class IncompleteValue extends Error {}

const TYPED = [
  "Float64Array",
  "Float32Array",
  "Int32Array",
  "Uint32Array",
  "Int16Array",
  "Uint16Array",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "BigInt64Array",
];

/** Parses the value at the start of `text`; returns it and the unparsed rest (commentary). Throws IncompleteValue at end of input. */
export function parseExpected(text: string): { value: Expected; rest: string } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    if (i >= text.length) throw new IncompleteValue(`unfinished value: ${text}`);
    throw new SyntaxError(`cannot read a value in "// => ${text}" at column ${i}: expected ${what}`);
  };
  const word = (): string => {
    const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i));
    return m ? m[0] : "";
  };
  const value = (loose: boolean): Expected => {
    ws();
    const c = text[i];
    if (c === undefined) return fail("a value");
    if (c === "[") return array(loose, null);
    if (c === "{") return object(loose);
    if (c === '"' || c === "'") return { t: "str", v: str() };
    if (/[-+\d.]/.test(c)) return num(loose);
    const w = word();
    if (w === "about") {
      i += w.length;
      return value(true);
    }
    if (w === "throws") {
      i += w.length;
      ws();
      if (word() === "ClienteleError") i += "ClienteleError".length;
      ws();
      const code = /^[A-Z][A-Z0-9_]+/.exec(text.slice(i));
      if (!code) return fail("an error code after throws");
      i += code[0].length;
      return { t: "throws", code: code[0] };
    }
    if (TYPED.includes(w)) {
      i += w.length;
      ws();
      if (text[i] !== "[") return fail(`[ after ${w}`);
      return array(loose, w);
    }
    const lits: Record<string, Expected> = {
      true: { t: "lit", v: true },
      false: { t: "lit", v: false },
      null: { t: "lit", v: null },
      undefined: { t: "lit", v: undefined },
      NaN: { t: "num", v: Number.NaN, tol: 0, text: "NaN" },
      Infinity: { t: "num", v: Number.POSITIVE_INFINITY, tol: 0, text: "Infinity" },
    };
    if (w in lits) {
      i += w.length;
      return lits[w];
    }
    return fail("a literal");
  };
  const num = (loose: boolean): Expected => {
    const m = /^([-+]?)(Infinity|(\d[\d_]*)?(?:\.(\d+))?(?:[eE]([-+]?\d+))?)(\.\.\.|…)?/.exec(text.slice(i));
    if (!m || m[2] === "" || m[2] === ".") return fail("a number");
    i += m[0].length;
    const body = m[1] + m[2];
    const v = Number(body.replace(/_/g, ""));
    if (m[2] === "Infinity") return { t: "num", v, tol: 0, text: body };
    const k = (m[4]?.length ?? 0) - Number(m[5] ?? 0);
    const unit = 10 ** -k;
    const truncated = m[6] !== undefined;
    const tol = loose || truncated ? unit : k <= 0 && !loose ? 0 : 0.5 * unit;
    return { t: "num", v, tol, text: body + (m[6] ?? "") };
  };
  const str = (): string => {
    const q = text[i];
    let j = i + 1;
    let out = "";
    while (j < text.length && text[j] !== q) {
      if (text[j] === "\\") {
        const e = text[j + 1];
        const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };
        if (e === "u") {
          out += String.fromCharCode(Number.parseInt(text.slice(j + 2, j + 6), 16));
          j += 6;
          continue;
        }
        out += map[e] ?? e;
        j += 2;
        continue;
      }
      out += text[j++];
    }
    if (j >= text.length) {
      i = text.length;
      return fail("the closing quote");
    }
    i = j + 1;
    return out;
  };
  const dots = (): boolean => {
    ws();
    if (text.startsWith("...", i)) {
      i += 3;
      return true;
    }
    if (text[i] === "…") {
      i += 1;
      return true;
    }
    return false;
  };
  const array = (loose: boolean, typed: string | null): Expected => {
    i++; // [
    const items: Expected[] = [];
    let open = false;
    for (;;) {
      ws();
      if (text[i] === "]") break;
      if (dots()) open = true;
      else {
        if (open) return fail("] after ... (an ellipsis ends the array)");
        items.push(value(loose));
      }
      ws();
      if (text[i] === ",") i++;
      else if (text[i] !== "]") return fail(", or ]");
    }
    i++;
    return { t: "arr", items, open, typed };
  };
  const object = (loose: boolean): Expected => {
    i++; // {
    const props: [string, Expected][] = [];
    let open = false;
    for (;;) {
      ws();
      if (text[i] === "}") break;
      if (dots()) open = true;
      else {
        let key: string;
        if (text[i] === '"' || text[i] === "'") key = str();
        else {
          const m = /^[\w$]+/.exec(text.slice(i));
          if (!m) return fail("a key");
          key = m[0];
          i += key.length;
        }
        ws();
        if (text[i] !== ":") return fail(`: after key ${key}`);
        i++;
        props.push([key, value(loose)]);
      }
      ws();
      if (text[i] === ",") i++;
      else if (text[i] !== "}") return fail(", or }");
    }
    i++;
    return { t: "obj", props, open };
  };
  const options = [value(false)];
  // `"red" or "blue"`: one of several values
  for (;;) {
    const m = /^\s*or\s+/.exec(text.slice(i));
    if (!m) break;
    const save = i;
    i += m[0].length;
    try {
      options.push(value(false));
    } catch (err) {
      if (err instanceof IncompleteValue) throw err;
      i = save; // "or" starts the commentary
      break;
    }
  }
  return { value: options.length === 1 ? options[0] : { t: "oneOf", options }, rest: text.slice(i).trim() };
}

const show = (x: unknown): string => {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "number" || typeof x === "bigint" || typeof x === "boolean" || x == null) return String(x);
  try {
    const s = JSON.stringify(x, (_k, v) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : typeof v === "bigint" ? `${v}n` : v,
    );
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return Object.prototype.toString.call(x);
  }
};

/** Compares `actual` with the printed value; returns null on a match, else where and how they differ. */
export function mismatch(actual: unknown, e: Expected, path = "value"): string | null {
  switch (e.t) {
    case "num": {
      const a = typeof actual === "bigint" ? Number(actual) : actual;
      if (typeof a !== "number") return `${path}: expected the number ${e.text}, got ${show(actual)}`;
      if (Number.isNaN(e.v)) return Number.isNaN(a) ? null : `${path}: expected NaN, got ${a}`;
      if (!Number.isFinite(e.v)) return a === e.v ? null : `${path}: expected ${e.text}, got ${a}`;
      const tol = e.tol + 1e-9 * Math.max(1, Math.abs(e.v));
      return Math.abs(a - e.v) <= tol ? null : `${path}: expected ${e.text} (±${e.tol}), got ${a}`;
    }
    case "str": {
      if (typeof actual !== "string") return `${path}: expected the string ${show(e.v)}, got ${show(actual)}`;
      if (!/\.\.\.|…/.test(e.v)) return actual === e.v ? null : `${path}: expected ${show(e.v)}, got ${show(actual)}`;
      const re = new RegExp(
        `^${e.v
          .split(/\s*(?:\.\.\.|…)\s*/)
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("[\\s\\S]*")}$`,
      );
      return re.test(actual) ? null : `${path}: expected ${show(e.v)} (... = any text), got ${show(actual)}`;
    }
    case "lit":
      return Object.is(actual, e.v) ? null : `${path}: expected ${String(e.v)}, got ${show(actual)}`;
    case "arr": {
      let items: ArrayLike<unknown>;
      if (e.typed) {
        if (!ArrayBuffer.isView(actual) || (actual as object).constructor.name !== e.typed) return `${path}: expected a ${e.typed}, got ${show(actual)}`;
        items = actual as unknown as ArrayLike<unknown>;
      } else {
        if (!Array.isArray(actual)) {
          const kind = ArrayBuffer.isView(actual) ? (actual as object).constructor.name : typeof actual;
          return `${path}: expected an Array, got a ${kind} ${show(actual)}${ArrayBuffer.isView(actual) ? ` (print it as ${kind} [...])` : ""}`;
        }
        items = actual;
      }
      if (e.open ? items.length < e.items.length : items.length !== e.items.length)
        return `${path}: expected ${e.open ? "at least " : ""}${e.items.length} elements, got ${items.length}: ${show(actual)}`;
      for (let k = 0; k < e.items.length; k++) {
        const m = mismatch(items[k], e.items[k], `${path}[${k}]`);
        if (m) return m;
      }
      return null;
    }
    case "obj": {
      if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
      const rec = actual as Record<string, unknown>;
      for (const [k, v] of e.props) {
        if (!(k in rec)) return `${path}: expected a key "${k}", got keys ${show(Object.keys(rec))}`;
        const m = mismatch(rec[k], v, `${path}.${k}`);
        if (m) return m;
      }
      if (!e.open) {
        const extra = Object.keys(rec).filter((k) => !e.props.some(([p]) => p === k));
        if (extra.length) return `${path}: unexpected keys ${show(extra)} (print them, or end the object with ...)`;
      }
      return null;
    }
    case "oneOf": {
      const all = e.options.map((o) => mismatch(actual, o, path));
      return all.includes(null) ? null : `${path}: expected one of the printed values, got ${show(actual)} (${all.join("; ")})`;
    }
    case "throws":
      return `${path}: expected to throw ${e.code}, returned ${show(actual)}`;
  }
}
