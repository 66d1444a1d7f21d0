// Internal input checks shared by the personalize functions (public boundaries name their function).
import { ClienteleError, describeValue, formatPath } from "../core/errors.js";
import { idKey } from "../core/ids.js";

/** A plain (non-array) object, or throws INVALID_INPUT naming `what`. */
export function plainObject(v: unknown, fn: string, path: (string | number)[], what: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path,
      received: v,
      message: `${fn}: ${what} must be an object. Got ${describeValue(v)}.`,
    });
  }
  return v as Record<string, unknown>;
}

/** An own property (never one inherited from Object.prototype). */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** An array (or typed array) with at least one element, or throws INVALID_INPUT / EMPTY_INPUT. */
export function nonEmptyList(v: unknown, fn: string, name: string): ArrayLike<unknown> {
  const ok = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!ok) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: v,
      message: `${fn}: ${name} must be an array. Got ${describeValue(v)}.`,
    });
  }
  const a = v as ArrayLike<unknown>;
  if (a.length === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: [name], message: `${fn}: ${name} is empty. Pass at least one row.` });
  return a;
}

/** Largest magnitude accepted for a value that is summed or squared (so sums stay finite). */
export const MAX_MAGNITUDE = 1e100;

function tooBig(fn: string, path: (string | number)[], x: number): ClienteleError {
  return new ClienteleError({
    code: "OUT_OF_RANGE",
    path,
    received: x,
    message: `${fn}: ${formatPath(path)} is ${x}; values must be within ±1e100 so that sums and squares stay finite. Rescale the column.`,
  });
}

/** Throws OUT_OF_RANGE when a matrix entry exceeds MAX_MAGNITUDE. */
export function checkMagnitude(data: ArrayLike<number>, d: number, fn: string, name: string): void {
  for (let i = 0; i < data.length; i++) if (Math.abs(data[i]) > MAX_MAGNITUDE) throw tooBig(fn, [name, Math.floor(i / d), i % d], data[i]);
}

/** Copies a numeric column (booleans as 0/1 when `booleans`), checking finiteness and length. */
export function numberColumn(v: unknown, fn: string, name: string, n?: number, booleans = false): Float64Array {
  const a = nonEmptyList(v, fn, name);
  if (n !== undefined && a.length !== n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: [name],
      received: a.length,
      message: `${fn}: ${name} has ${a.length} values but there are ${n} rows. Pass one value per row.`,
    });
  }
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (booleans && typeof x === "boolean") out[i] = x ? 1 : 0;
    else if (typeof x === "number" && Number.isFinite(x)) {
      if (Math.abs(x) > MAX_MAGNITUDE) throw tooBig(fn, [name, i], x);
      out[i] = x;
    } else {
      throw new ClienteleError({
        code: typeof x === "number" ? "NON_FINITE" : "INVALID_INPUT",
        path: [name, i],
        received: x,
        message: `${fn}: ${name}[${i}] is ${describeValue(x)}; every value must be a finite number${booleans ? " (or a boolean)" : ""}.`,
      });
    }
  }
  return out;
}

/** Labels (strings or finite numbers, compared by string form) of every row. */
export function labelColumn(v: unknown, fn: string, name: string, n?: number): string[] {
  const a = nonEmptyList(v, fn, name);
  if (n !== undefined && a.length !== n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: [name],
      received: a.length,
      message: `${fn}: ${name} has ${a.length} labels but there are ${n} rows. Pass one label per row.`,
    });
  }
  const out: string[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = idKey(a[i], fn, [name, i]);
  return out;
}

/** Own-property record built from entries (safe for "__proto__" keys). */
export function ownRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
