// Shared checks of the contract and fuzz tests: snapshots that see through typed arrays, deep
// freezing, JSON-cleanliness of results, outcome classification and short renderings of values.
import { ERROR_CODES } from "../../src/core/codes.js";
import { isClienteleError } from "../../src/core/errors.js";
import { isRng } from "../../src/core/rng.js";

/** A comparable, JSON-able picture of a value: typed arrays tagged, functions and symbols named, cycles cut. */
export function snapshot(v: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof v === "number") return Number.isNaN(v) ? "§NaN" : v === Infinity ? "§Inf" : v === -Infinity ? "§-Inf" : Object.is(v, -0) ? "§-0" : v;
  if (typeof v === "bigint") return `§${v}n`;
  if (typeof v === "function") return "§function";
  if (typeof v === "symbol") return `§${String(v)}`;
  if (v === undefined) return "§undefined";
  if (v === null || typeof v !== "object") return v;
  if (seen.has(v)) return "§cycle";
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    return { "§typed": v.constructor.name, values: Array.from({ length: a.length }, (_, i) => snapshot(a[i])) };
  }
  if (v instanceof Date) return { "§date": String(v.getTime()) };
  if (v instanceof Map) return { "§map": [...v.entries()].map(([k, x]) => [snapshot(k, seen), snapshot(x, seen)]) };
  if (v instanceof Set) return { "§set": [...v].map((x) => snapshot(x, seen)) };
  if (Array.isArray(v)) return v.map((x) => snapshot(x, seen));
  const out: Record<string, unknown> = {};
  for (const k of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k);
    if (!d?.enumerable) continue;
    out[typeof k === "symbol" ? `§${String(k)}` : `${k}`] = "value" in d ? snapshot(d.value, seen) : "§getter";
  }
  if (Object.getPrototypeOf(v) === null) out["§proto"] = "null";
  return out;
}

export const snap = (v: unknown): string => JSON.stringify(snapshot(v));

/** Deep-freezes plain objects and arrays (not typed arrays, generators, signals). */
export function deepFreeze<T>(x: T, skip: ReadonlySet<unknown> = new Set()): T {
  if (x && typeof x === "object" && !ArrayBuffer.isView(x) && !isRng(x) && !skip.has(x) && !(x instanceof AbortSignal) && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const k of Reflect.ownKeys(x as object)) deepFreeze((x as Record<PropertyKey, unknown>)[k], skip);
  }
  return x;
}

/**
 * What makes a result not JSON-clean: a NaN or ±Infinity anywhere (JSON turns them into null),
 * a typed array, Map or Set that JSON.stringify turns into `{"0": ...}` / `{}`, or a result that
 * JSON.stringify cannot handle at all. Returns the first few problems with their paths.
 */
export function jsonProblems(result: unknown): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: string, seen: WeakSet<object>) => {
    if (problems.length > 3) return;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) problems.push(`${path} = ${v}`);
      return;
    }
    if (typeof v === "bigint") problems.push(`${path} is a bigint`);
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) {
        if (typeof a[i] === "number" && !Number.isFinite(a[i])) {
          problems.push(`${path}[${i}] = ${a[i]}`);
          break;
        }
      }
      return;
    }
    if (v instanceof Map || v instanceof Set) {
      problems.push(`${path} is a ${v.constructor.name} (JSON gives {})`);
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`, seen);
  };
  walk(result, "result", new WeakSet());
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch (e) {
    problems.push(`JSON.stringify throws ${(e as Error).message}`);
    return problems;
  }
  if (text === undefined) return problems;
  const parsed = JSON.parse(text);
  const walkParsed = (v: unknown, path: string) => {
    if (problems.length > 3 || v === null || typeof v !== "object") return;
    if (!Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length > 0 && keys.every((k, i) => k === String(i))) {
        problems.push(`${path} serializes as {"0": ...} (a typed array without jsonColumns?)`);
        return;
      }
    }
    for (const [k, x] of Object.entries(v)) walkParsed(x, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`);
  };
  walkParsed(parsed, "result");
  return problems;
}

export const CODES = new Set(Object.keys(ERROR_CODES));

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export function outcomeOf(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function outcomeOfAsync(f: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** "TypeError: Cannot read ..." / "ClienteleError INVALID_INPUT: fn: ..." */
export function describeError(e: unknown): string {
  if (isClienteleError(e)) return `ClienteleError ${e.code}: ${short(e.message, 160)}`;
  if (e instanceof Error) return `${e.constructor.name}: ${short(e.message, 160)}`;
  return `threw a non-Error ${render(e)}`;
}

export function short(s: string, n = 60): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

/** A short rendering of a value for violation reports. */
export function render(v: unknown, depth = 0): string {
  if (typeof v === "string") return JSON.stringify(short(v, 30));
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return "Symbol()";
  if (typeof v === "function") return "() => 1";
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (v instanceof Map) return "Map";
  const frozen = Object.isFrozen(v) ? "frozen " : "";
  if (Array.isArray(v)) {
    if (v.length > 6) return `${frozen}[${v.length} items]`;
    return depth > 1 ? `${frozen}[…]` : `${frozen}[${v.map((x) => render(x, depth + 1)).join(", ")}]`;
  }
  const proto = Object.getPrototypeOf(v);
  const own = Object.getOwnPropertyNames(v);
  if (own.length === 0) return proto === null ? "Object.create(null)" : `${frozen}{}`;
  if (depth > 1 || own.length > 4) return `${frozen}{${own.slice(0, 4).join(", ")}${own.length > 4 ? ", …" : ""}}`;
  return `${frozen}{ ${own.map((k) => `${k}: ${render((v as Record<string, unknown>)[k], depth + 1)}`).join(", ")} }`;
}

/** Parameter names of a function, read from its source (for readable reports). */
export function paramNames(f: Function): string[] {
  const src = Function.prototype.toString.call(f);
  const m = /^[^(]*\(([^)]*)\)/.exec(src);
  if (!m) return [];
  return m[1]
    .split(",")
    .map((p) =>
      p
        .replace(/=.*$/s, "")
        .replace(/[{}[\]\s.]/g, "")
        .trim(),
    )
    .filter((p) => p.length > 0);
}

export function polluted(): string | undefined {
  const o = {} as Record<string, unknown>;
  if (o.polluted !== undefined) return "Object.prototype.polluted is set";
  const names = Object.getOwnPropertyNames(Object.prototype);
  if (names.length !== PROTO_NAMES) return `Object.prototype now has ${names.join(", ")}`;
  if (Object.getOwnPropertyNames(Array.prototype).includes("polluted")) return "Array.prototype.polluted is set";
  return undefined;
}
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).length;
