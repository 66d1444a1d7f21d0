// A small local fuzz loop (issue 10 case 4): every export gets, per argument and per field of
// an object argument, a list of bad values; each call must either succeed or throw a
// ClienteleError whose message names the public function; never a TypeError / RangeError.
import { expect } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";

export const BAD_VALUES: unknown[] = [
  null,
  undefined,
  NaN,
  Infinity,
  -1,
  0,
  1e308,
  "x",
  "",
  true,
  [],
  [null],
  [undefined],
  [NaN],
  ["x"],
  [{}],
  {},
  { length: 3 },
  new Float64Array(0),
  new Float64Array([NaN]),
  () => 0,
  Symbol("s"),
  10n,
  Object.create(null),
];

function mutations(args: readonly unknown[]): unknown[][] {
  const out: unknown[][] = [];
  args.forEach((arg, k) => {
    for (const bad of BAD_VALUES) out.push(args.map((a, j) => (j === k ? bad : a)));
    if (arg !== null && typeof arg === "object" && !ArrayBuffer.isView(arg)) {
      if (Array.isArray(arg)) {
        if (arg.length > 0) for (const bad of BAD_VALUES) out.push(args.map((a, j) => (j === k ? [bad, ...arg.slice(1)] : a)));
        if (arg.length > 0 && arg[0] !== null && typeof arg[0] === "object") {
          for (const key of Object.keys(arg[0])) {
            for (const bad of BAD_VALUES) out.push(args.map((a, j) => (j === k ? [{ ...(arg[0] as object), [key]: bad }, ...arg.slice(1)] : a)));
          }
        }
      } else {
        for (const key of Object.keys(arg)) {
          for (const bad of BAD_VALUES) out.push(args.map((a, j) => (j === k ? { ...(arg as object), [key]: bad } : a)));
        }
      }
    }
  });
  return out;
}

/** Path of the first NaN / ±Infinity in a result (numbers, arrays, typed arrays, plain objects), or undefined. */
export function nonFinite(v: unknown, path = "result", depth = 0): string | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? undefined : path;
  if (depth > 4 || v === null || typeof v !== "object") return undefined;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === "number" && !Number.isFinite(a[i])) return `${path}[${i}]`;
    return undefined;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === "scores") continue; // assignSegments carries its input through unread
    const p = nonFinite(x, `${path}.${k}`, depth + 1);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** Runs every mutation of `valid` through `f`; returns how many calls threw a ClienteleError. */
export function fuzz(name: string, f: (...args: any[]) => unknown, valid: readonly unknown[]): number {
  let rejected = 0;
  for (const args of mutations(valid)) {
    try {
      const out = f(...args);
      const bad = nonFinite(out);
      if (bad !== undefined) {
        const shown = args.map((a) => (typeof a === "symbol" || typeof a === "bigint" ? String(a) : a));
        throw new Error(`${name} returned a non-finite number at ${bad} for ${JSON.stringify(shown)?.slice(0, 300)}`);
      }
    } catch (e) {
      if (e instanceof Error && e.message.includes("returned a non-finite number")) throw e;
      if (!(e instanceof ClienteleError)) {
        const shown = args.map((a) => (typeof a === "symbol" || typeof a === "bigint" ? String(a) : a));
        throw new Error(`${name} threw ${(e as Error)?.name}: ${(e as Error)?.message} for ${JSON.stringify(shown)?.slice(0, 300)}`);
      }
      expect(e.message.startsWith(name + ":") || e.message.startsWith(name + "Async:"), `${name}: ${e.message}`).toBe(true);
      rejected++;
    }
  }
  return rejected;
}
