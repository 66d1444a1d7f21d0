// Seeded bad-input generator and outcome checks of the fuzz harness (issue 10). For call j of
// export `name`, `generate` derives every random choice from createRng(seedOf(name) + j), so the
// same j always builds the same (fresh) arguments: the harness calls each input twice to check
// determinism, and a worker restarted after a hang resumes at j + 1.
//
// Allowed outcomes of a call: a JSON-clean return value (no NaN/±Infinity, no typed array that
// serializes as {"0": ...}), or a ClienteleError whose code is in src/core/codes.ts and whose
// message starts with a public function name and ":". Never another error, never a mutated input,
// never Object.prototype pollution, never a different outcome for the same input.
import { createRng, type Rng } from "../../src/core/rng.js";
import { isClienteleError } from "../../src/core/errors.js";
import { CASES, SUBPATHS, type Case, type Subpath } from "../contract/cases.js";
import { CODES, deepFreeze, describeError, jsonProblems, paramNames, polluted, render, snap } from "../contract/helpers.js";

/** Seeded random inputs per function export, after the systematic ones (each input is called twice). */
export const RANDOM_PER_FUNCTION = 100;

/**
 * Inputs of one export: first every argument position (and one past the end) replaced by every
 * bad value in turn (systematic), then RANDOM_PER_FUNCTION seeded random mutations (inside
 * arguments, prototype-named keys, typed arrays, long arrays, frozen inputs).
 */
export function inputsFor(sub: Subpath, name: string): number {
  return systematicFor(sub, name) + RANDOM_PER_FUNCTION;
}
const systematicFor = (sub: Subpath, name: string) => (CASES[sub][name].args().length + 1) * BAD.length;
export const FUZZ_SEED = 20261203;

const protoJSON = () => JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}');

/** Bad values; factories so every call gets fresh objects. */
const BAD: [string, () => unknown][] = [
  ["null", () => null],
  ["undefined", () => undefined],
  ["NaN", () => NaN],
  ["Infinity", () => Infinity],
  ["-Infinity", () => -Infinity],
  ["-1", () => -1],
  ["0", () => 0],
  ["-0", () => -0],
  ["1.5", () => 1.5],
  ["1e308", () => 1e308],
  ["-1e308", () => -1e308],
  ["2**53", () => 2 ** 53],
  ["5e-324", () => 5e-324],
  ['""', () => ""],
  ['"7"', () => "7"],
  ['"x"', () => "x"],
  ['"constructor"', () => "constructor"],
  ['"__proto__"', () => "__proto__"],
  ['"toString"', () => "toString"],
  ["true", () => true],
  ["[]", () => []],
  ["[NaN]", () => [NaN]],
  ["[null]", () => [null]],
  ["[[]]", () => [[]]],
  ["[{}]", () => [{}]],
  ["[1e308, -1e308]", () => [1e308, -1e308]],
  ["{}", () => ({})],
  ['{"__proto__": {...}} (JSON.parse)', protoJSON],
  ["{ constructor: 1, toString: 1 }", () => ({ constructor: 1, toString: 1 })],
  ["Object.create(null)", () => Object.create(null)],
  ["frozen {a: 1}", () => Object.freeze({ a: 1 })],
  ["frozen [1, 2]", () => Object.freeze([1, 2])],
  ["Float64Array [1, NaN]", () => new Float64Array([1, NaN])],
  ["Float64Array(0)", () => new Float64Array(0)],
  ["Int32Array [3, -1]", () => new Int32Array([3, -1])],
  ["() => 1", () => () => 1],
  ["Symbol()", () => Symbol("s")],
  ["10n", () => 10n],
  ["Date(NaN)", () => new Date(NaN)],
  ["{ length: 3 }", () => ({ length: 3 })],
];
const PROTO_KEYS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

export function seedOf(s: string): number {
  let h = FUZZ_SEED;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0) % 1_000_000_007;
  return h * 1000;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v);
const numeric = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number");

export interface Generated {
  args: unknown[];
  /** Rendering of each argument for reports: the mutated one in full, the others by name. */
  desc: string;
}

/** The j-th bad input of `name` (deterministic, fresh objects each time). */
export function generate(sub: Subpath, name: string, c: Case, j: number): Generated {
  const rng = createRng(seedOf(`${sub}.${name}`) + j);
  const args = c.args().slice();
  const f = (SUBPATHS[sub] as Record<string, unknown>)[name] as Function;
  const names = paramNames(f);
  const label = (i: number) => names[i] ?? `arg${i}`;
  const shown: string[] = args.map((_, i) => label(i));
  const sys = systematicFor(sub, name);
  if (j < sys) {
    const p = Math.floor(j / BAD.length);
    const [badName, badMake] = BAD[j % BAD.length];
    args[p] = badMake();
    shown[p] = badName;
    return { args, desc: shown.join(", ") };
  }
  const r = rng.uniform();
  const p = Math.floor(rng.uniform() * (args.length + (rng.uniform() < 0.1 ? 1 : 0)));
  const [badName, badMake] = pick(rng, BAD);
  const bad = badMake();
  const target = args[p];
  if (r < 0.35 || target === undefined || target === null || typeof target !== "object") {
    args[p] = bad;
    shown[p] = badName;
  } else if (r < 0.55) {
    // a leaf deep inside the argument (a model's params, a state's statistics): walk down at random
    const path: (string | number)[] = [];
    let node: unknown = target;
    let parent: Record<string | number, unknown> | undefined;
    let key: string | number | undefined;
    for (let depth = 0; depth < 5 && node !== null && typeof node === "object" && !ArrayBuffer.isView(node); depth++) {
      const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (keys.length === 0) break;
      parent = node as Record<string | number, unknown>;
      key = pick(rng, keys);
      path.push(key);
      node = parent[key];
      if (rng.uniform() < 0.2) break;
    }
    if (parent !== undefined && key !== undefined) {
      parent[key] = bad;
      shown[p] = `${label(p)}${path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("")} = ${badName}`;
    } else {
      args[p] = bad;
      shown[p] = badName;
    }
  } else if (r < 0.75) {
    // one element or field inside the argument
    if (Array.isArray(target) && target.length > 0) {
      const k = rng.uniform() < 0.5 ? 0 : Math.floor(rng.uniform() * target.length);
      const el = target[k];
      if (isPlain(el) && rng.uniform() < 0.7) {
        const key = pick(rng, Object.keys(el).length ? Object.keys(el) : ["x"]);
        target[k] = { ...el, [key]: bad };
        shown[p] = `${label(p)}[${k}].${key} = ${badName}`;
      } else {
        target[k] = bad;
        shown[p] = `${label(p)}[${k}] = ${badName}`;
      }
    } else if (isPlain(target)) {
      const keys = Object.keys(target);
      const key = keys.length ? pick(rng, keys) : "x";
      const inner = target[key];
      if (Array.isArray(inner) && inner.length > 0 && rng.uniform() < 0.5) {
        const k = rng.uniform() < 0.5 ? 0 : Math.floor(rng.uniform() * inner.length);
        const copy = inner.slice();
        copy[k] = bad;
        args[p] = { ...target, [key]: copy };
        shown[p] = `${label(p)}.${key}[${k}] = ${badName}`;
      } else if (isPlain(inner) && rng.uniform() < 0.5) {
        const ik = Object.keys(inner);
        const k2 = ik.length ? pick(rng, ik) : "x";
        args[p] = { ...target, [key]: { ...inner, [k2]: bad } };
        shown[p] = `${label(p)}.${key}.${k2} = ${badName}`;
      } else {
        args[p] = { ...target, [key]: bad };
        shown[p] = `${label(p)}.${key} = ${badName}`;
      }
    } else {
      args[p] = bad;
      shown[p] = badName;
    }
  } else if (r < 0.85) {
    // an Object.prototype name as a key (own property, as JSON.parse makes it)
    const key = pick(rng, PROTO_KEYS);
    const value = rng.uniform() < 0.5 ? bad : 1;
    const host = isPlain(target) ? { ...target } : Array.isArray(target) && isPlain(target[0]) ? { ...(target[0] as object) } : {};
    Object.defineProperty(host, key, { value, enumerable: true, writable: true, configurable: true });
    if (Array.isArray(target) && isPlain(target[0])) {
      target[0] = host;
      shown[p] = `${label(p)}[0] with own key "${key}" = ${render(value)}`;
    } else {
      args[p] = host;
      shown[p] = `${label(p)} with own key "${key}" = ${render(value)}`;
    }
  } else if (r < 0.93) {
    // numeric arrays as typed arrays (top level or one level down)
    const T = rng.uniform() < 0.7 ? Float64Array : Int32Array;
    if (numeric(target)) {
      args[p] = T.from(target);
      shown[p] = `${T.name}.from(${label(p)})`;
    } else if (isPlain(target)) {
      const cols = Object.keys(target).filter((k) => numeric(target[k]));
      if (cols.length) {
        const k = pick(rng, cols);
        args[p] = { ...target, [k]: T.from(target[k] as number[]) };
        shown[p] = `${label(p)}.${k} as ${T.name}`;
      } else {
        args[p] = bad;
        shown[p] = badName;
      }
    } else {
      args[p] = bad;
      shown[p] = badName;
    }
  } else {
    // a long array where it is cheap: one numeric column repeated to 5,000 entries
    const cols = isPlain(target) ? Object.keys(target).filter((k) => numeric(target[k])) : [];
    if (numeric(target) || cols.length) {
      const k = cols.length ? pick(rng, cols) : undefined;
      const src = (k === undefined ? target : (target as Record<string, unknown>)[k]) as number[];
      const long = Array.from({ length: 5000 }, (_, i) => src[i % src.length]);
      if (k === undefined) args[p] = long;
      else args[p] = { ...(target as object), [k]: long };
      shown[p] = `${k === undefined ? label(p) : `${label(p)}.${k}`} repeated to 5000 entries`;
    } else {
      args[p] = bad;
      shown[p] = badName;
    }
  }
  if (rng.uniform() < 0.3) {
    args.forEach((a, i) => (c.mutates?.includes(i) ? a : deepFreeze(a)));
    return { args, desc: `${shown.join(", ")} (all deep-frozen)` };
  }
  return { args, desc: shown.join(", ") };
}

/** Every public function name (a message must start with one of them). */
export const PUBLIC_NAMES = new Set(Object.values(SUBPATHS).flatMap((m) => Object.keys(m)));

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

async function call(name: string, f: Function, args: unknown[], c: Case): Promise<{ r: Result; ms: number }> {
  const t = performance.now();
  let r: Result;
  try {
    let v = name === "ClienteleError" ? new (f as new (...a: unknown[]) => unknown)(...args) : f(...args);
    if (c.async || (v && typeof (v as Promise<unknown>).then === "function")) v = await v;
    r = { ok: true, value: v };
  } catch (error) {
    r = { ok: false, error };
  }
  return { r, ms: performance.now() - t };
}

function signature(r: Result): string {
  if (r.ok) {
    try {
      return `ok ${snap(r.value)}`;
    } catch {
      return "ok (unsnapshottable)";
    }
  }
  const e = r.error;
  return isClienteleError(e) ? `${e.code} ${e.message}` : describeError(e);
}

/** Slowest single call of this thread so far (for the report: margin under the time guard). */
export const slowest = { ms: 0, where: "" };

/** Runs input j of `name` twice; returns the violations (empty when the contract holds). */
export async function fuzzOne(sub: Subpath, name: string, j: number): Promise<string[]> {
  const c = CASES[sub][name];
  const f = (SUBPATHS[sub] as Record<string, unknown>)[name] as Function;
  const g = generate(sub, name, c, j);
  const where = `${sub}.${name}(${g.desc})`;
  const out: string[] = [];
  const before = g.args.map((a, i) => (c.mutates?.includes(i) ? "" : safeSnap(a)));
  const a = await call(name, f, g.args, c);
  const limit = c.slowMs ?? 2000;
  if (a.ms > slowest.ms) Object.assign(slowest, { ms: a.ms, where });
  if (a.ms > limit) out.push(`${where} → hangs: took ${Math.round(a.ms)} ms (limit ${limit})`);
  g.args.forEach((x, i) => {
    if (!c.mutates?.includes(i) && safeSnap(x) !== before[i]) out.push(`${where} → mutated argument ${i}`);
  });
  const p = polluted();
  if (p) out.push(`${where} → ${p}`);
  if (a.r.ok) {
    const probs = jsonProblems(a.r.value);
    if (probs.length) out.push(`${where} → returned a result that is not JSON-clean: ${probs.join("; ")}`);
  } else {
    const e = a.r.error;
    if (!isClienteleError(e)) out.push(`${where} → ${describeError(e)}`);
    else {
      if (!CODES.has(e.code)) out.push(`${where} → code ${e.code} is not in the catalogue`);
      const m = /^([A-Za-z0-9_]+)(:| \()/.exec(e.message);
      if (!m || !PUBLIC_NAMES.has(m[1])) out.push(`${where} → message does not start with a public function name: ${JSON.stringify(e.message.slice(0, 100))}`);
    }
  }
  const g2 = generate(sub, name, c, j);
  const b = await call(name, f, g2.args, c);
  if (signature(a.r) !== signature(b.r)) out.push(`${where} → nondeterministic: ${signature(a.r).slice(0, 80)} vs ${signature(b.r).slice(0, 80)}`);
  return out;
}

function safeSnap(x: unknown): string {
  try {
    return snap(x);
  } catch {
    return "(unsnapshottable)";
  }
}

/** The function exports of a subpath that the fuzz covers (all of them but the error class). */
export function fuzzedNames(sub: Subpath): string[] {
  return Object.entries(SUBPATHS[sub])
    .filter(([n, v]) => typeof v === "function" && n !== "ClienteleError" && CASES[sub][n] !== undefined)
    .map(([n]) => n);
}
