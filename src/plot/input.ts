// Input checks shared by the charts (results of the other capabilities, read defensively) and
// seeded sampling. Internal to clientele/plot.
import { ClienteleError, describeValue } from "../core/errors.js";
import type { ErrorPath } from "../core/errors.js";
import { createRng } from "../core/rng.js";

type Path = (string | number)[];

function fail(
  code: "INVALID_INPUT" | "EMPTY_INPUT" | "NON_FINITE" | "LENGTH_MISMATCH" | "OUT_OF_RANGE" | "TOO_LARGE",
  fn: string,
  path: Path,
  message: string,
  received?: unknown,
): never {
  throw new ClienteleError({ code, path: path as ErrorPath, received, message: `${fn}: ${message}` });
}

const where = (path: Path): string => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

/** A plain object (a result of another capability); `what` names what was expected. */
export function readObject(v: unknown, fn: string, path: Path, what: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    fail("INVALID_INPUT", fn, path, `${where(path)} must be ${what}. Got ${describeValue(v)}.`, v);
  }
  return v as Record<string, unknown>;
}

const isList = (v: unknown): v is ArrayLike<unknown> =>
  v !== null && typeof v === "object" && typeof (v as { length?: unknown }).length === "number" && !(typeof v === "string");

/** A list (array or typed array) of at most `max` entries. */
export function readList(v: unknown, fn: string, path: Path, what: string, opts: { nonEmpty?: boolean; max?: number } = {}): ArrayLike<unknown> {
  if (!isList(v)) fail("INVALID_INPUT", fn, path, `${where(path)} must be an array of ${what}. Got ${describeValue(v)}.`, v);
  const n = v.length;
  if (!Number.isSafeInteger(n) || n < 0) fail("INVALID_INPUT", fn, path, `${where(path)} must be an array of ${what}.`, v);
  if (opts.nonEmpty !== false && n === 0) fail("EMPTY_INPUT", fn, path, `${where(path)} is empty; pass at least one ${what.replace(/s$/, "")}.`);
  if (opts.max !== undefined && n > opts.max) {
    fail("TOO_LARGE", fn, path, `${where(path)} has ${n} entries, more than the ${opts.max} this chart accepts. Aggregate or sample the input first.`);
  }
  return v;
}

/** A finite number, optionally within [min, max]. */
export function readNumber(v: unknown, fn: string, path: Path, range: { min?: number; max?: number } = {}): number {
  if (typeof v !== "number") fail("INVALID_INPUT", fn, path, `${where(path)} must be a number. Got ${describeValue(v)}.`, v);
  if (!Number.isFinite(v)) fail("NON_FINITE", fn, path, `${where(path)} must be finite. Got ${v}.`, v);
  if ((range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max)) {
    fail("OUT_OF_RANGE", fn, path, `${where(path)} must be in [${range.min ?? "-inf"}, ${range.max ?? "inf"}]. Got ${v}.`, v);
  }
  return v;
}

/** A finite number or null (a result field that may be undefined, e.g. a predicted value). */
export function readNullableNumber(v: unknown, fn: string, path: Path): number | null {
  return v === null ? null : readNumber(v, fn, path);
}

/** A list of finite numbers copied into a Float64Array. */
export function readNumbers(
  v: unknown,
  fn: string,
  path: Path,
  opts: { nonEmpty?: boolean; max?: number; min?: number; maxValue?: number; length?: number } = {},
): Float64Array {
  const list = readList(v, fn, path, "numbers", opts);
  if (opts.length !== undefined && list.length !== opts.length) {
    fail("LENGTH_MISMATCH", fn, path, `${where(path)} has ${list.length} entries but ${opts.length} were expected (one per entry of the other input).`);
  }
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = readNumber(list[i], fn, [...path, i], { min: opts.min, max: opts.maxValue });
  return out;
}

/** A string, or a number turned into one (segment names, arm names, ids). */
export function readLabel(v: unknown, fn: string, path: Path): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return fail("INVALID_INPUT", fn, path, `${where(path)} must be a string. Got ${describeValue(v)}.`, v);
}

/** A list of labels. */
export function readLabels(v: unknown, fn: string, path: Path, opts: { length?: number; max?: number } = {}): string[] {
  const list = readList(v, fn, path, "strings", { max: opts.max });
  if (opts.length !== undefined && list.length !== opts.length) {
    fail("LENGTH_MISMATCH", fn, path, `${where(path)} has ${list.length} entries but ${opts.length} were expected.`);
  }
  return Array.from({ length: list.length }, (_, i) => readLabel(list[i], fn, [...path, i]));
}

/** Throws LENGTH_MISMATCH unless two lists have the same length. */
export function sameLength(fn: string, a: { length: number }, b: { length: number }, nameA: string, nameB: string): void {
  if (a.length !== b.length) {
    fail("LENGTH_MISMATCH", fn, [nameB], `${nameA} has ${a.length} entries but ${nameB} has ${b.length}; pass one per entry.`);
  }
}

/** Input rejected with a given code and message (for checks specific to one chart). */
export function invalid(fn: string, path: Path, message: string, received?: unknown): never {
  return fail("INVALID_INPUT", fn, path, message, received);
}

/**
 * Indices of a seeded uniform sample of `cap` of `n` items (all of them when n ≤ cap), in
 * increasing order. Partial Fisher–Yates over createRng(seed): the same seed, the same sample.
 */
export function sampleIndices(n: number, cap: number, seed: number): Int32Array {
  if (n <= cap) return Int32Array.from({ length: n }, (_, i) => i);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = 0; i < cap; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, cap).sort();
}

/** Evenly spaced indices 0..n-1 keeping the first and last (for decimating curves). */
export function evenIndices(n: number, cap: number): number[] {
  if (n <= cap) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < cap; i++) out.push(Math.round((i * (n - 1)) / (cap - 1)));
  return out;
}

/**
 * Runs a call into another capability and renames its errors after the chart the user called
 * ("dendrogram: ..." becomes "plotDendrogram: ..."), code, path and received kept.
 */
export function asChart<T>(fn: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof ClienteleError && !e.message.startsWith(`${fn}:`)) {
      const msg = e.message.replace(/^[A-Za-z0-9]+: /, "");
      throw new ClienteleError({ code: e.code, path: e.path, received: (e as { received?: unknown }).received, message: `${fn}: ${msg}` });
    }
    throw e;
  }
}
