import { ClienteleError, describeValue, formatPath, type ErrorPath } from "../core/errors.js";
import { checkRowFields } from "../core/validate.js";

/**
 * One aggregated customer path: the channels touched in order, how many customers took it and
 * converted, their conversion value and how many took it without converting. The form of
 * ChannelAttribution's input (`path`, `total_conversions`, `total_conversion_value`, `total_null`).
 */
export interface PathRow {
  /** Channels in order: an array of names, or one string split on `separator` (default `">"`), e.g. `"seo > email > ads"`. */
  path: string | readonly string[];
  /** Conversions on this path (>= 0; usually a whole count). */
  conversions: number;
  /** Total conversion value on this path (>= 0). Default 0. */
  value?: number;
  /** Paths that ended without a conversion (>= 0). Default 0. */
  nulls?: number;
}

/** Aggregated paths as columns, e.g. the result of `buildPaths`. */
export interface PathColumns {
  /** Channels per path (arrays of names, or strings split on `separator`). */
  path: ArrayLike<string | readonly string[]>;
  /** Conversions per path. */
  conversions: ArrayLike<number>;
  /** Conversion value per path (default all 0). */
  value?: ArrayLike<number>;
  /** Non-converting paths per path (default all 0). */
  nulls?: ArrayLike<number>;
}

/** Paths as rows or columns. */
export type PathsInput = readonly PathRow[] | PathColumns;

/** Paths encoded for the attribution kernels (internal). */
export interface EncodedPaths {
  n: number;
  /** Channel names in order of first appearance. */
  channels: string[];
  /** touches[offsets[i] .. offsets[i + 1]) are path i's channel indices. */
  offsets: Int32Array;
  touches: Int32Array;
  conv: Float64Array;
  value: Float64Array;
  nulls: Float64Array;
  hasValue: boolean;
  hasNulls: boolean;
}

/** Most touchpoints (summed over paths) the attribution functions take. */
export const MAX_TOUCHES = 50_000_000;

function pathError(fn: string, path: ErrorPath, code: "EMPTY_INPUT" | "INVALID_INPUT" | "MISSING_VALUE", v: unknown, what: string): ClienteleError {
  return new ClienteleError({ code, path, received: v, message: `${fn}: ${formatPath(path)} ${what}` });
}

function numberAt(v: unknown, fn: string, path: ErrorPath, def: number | undefined): number {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ClienteleError({
      code: v === null || v === undefined ? "MISSING_VALUE" : "NON_FINITE",
      path,
      received: v,
      message: `${fn}: ${formatPath(path)} is ${describeValue(v)}; it must be a finite number >= 0. Fill or drop the path first.`,
    });
  }
  if (v < 0) {
    throw new ClienteleError({
      code: "NEGATIVE_VALUE",
      path,
      received: v,
      message: `${fn}: ${formatPath(path)} is ${v}; counts and values must be >= 0.`,
    });
  }
  return v;
}

/**
 * Reads paths (rows or columns) into channel indices and Float64 columns, checking every value.
 * Channels are trimmed; an empty path is EMPTY_INPUT with the fix.
 */
export function encodePaths(input: PathsInput, fn: string, separator: string): EncodedPaths {
  if (input === null || typeof input !== "object") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["paths"],
      received: input,
      message: `${fn}: paths must be an array of { path, conversions, value?, nulls? } rows or columns { path, conversions, value?, nulls? }; got ${describeValue(input)}.`,
    });
  }
  const isRows = Array.isArray(input);
  let n: number;
  let cols: PathColumns | undefined;
  if (isRows) {
    n = input.length;
  } else {
    cols = input as PathColumns;
    for (const key of ["path", "conversions"] as const) {
      const c = cols[key] as unknown;
      if (c === null || typeof c !== "object" || typeof (c as ArrayLike<unknown>).length !== "number") {
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: ["paths", key],
          received: c,
          message: `${fn}: paths.${key} is missing or not an array; columns need path and conversions (value and nulls optional).`,
        });
      }
    }
    n = cols.path.length;
    for (const key of ["conversions", "value", "nulls"] as const) {
      const c = cols[key] as ArrayLike<unknown> | undefined;
      if (c === undefined) continue;
      if (c === null || typeof c !== "object" || typeof c.length !== "number") {
        throw new ClienteleError({ code: "INVALID_INPUT", path: ["paths", key], received: c, message: `${fn}: paths.${key} must be an array of numbers.` });
      }
      if (c.length !== n) {
        throw new ClienteleError({
          code: "LENGTH_MISMATCH",
          path: ["paths", key],
          received: c.length,
          message: `${fn}: paths.${key} has ${c.length} values but paths.path has ${n}; give one value per path.`,
        });
      }
    }
  }
  if (n === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["paths"],
      message: `${fn}: paths is empty. Pass at least one path (buildPaths turns events into paths).`,
    });
  }
  const channels: string[] = [];
  const index = new Map<string, number>();
  const offsets = new Int32Array(n + 1);
  let touches = new Int32Array(Math.max(16, n * 4));
  let nt = 0;
  const conv = new Float64Array(n);
  const value = new Float64Array(n);
  const nulls = new Float64Array(n);
  let hasValue = false;
  let hasNulls = false;
  const push = (name: string, i: number, where: ErrorPath): void => {
    if (name.length === 0)
      throw pathError(fn, where, "EMPTY_INPUT", name, `has an empty channel name (two separators in a row?); remove it or name the channel.`);
    let k = index.get(name);
    if (k === undefined) {
      k = channels.length;
      index.set(name, k);
      channels.push(name);
    }
    if (nt === touches.length) {
      if (nt >= MAX_TOUCHES) {
        throw new ClienteleError({
          code: "TOO_LARGE",
          path: ["paths", i],
          message: `${fn}: the paths hold more than ${MAX_TOUCHES} touchpoints; aggregate identical paths (sum their counts) or cap path length first.`,
        });
      }
      const t = new Int32Array(Math.min(MAX_TOUCHES, nt * 2));
      t.set(touches);
      touches = t;
    }
    touches[nt++] = k;
  };
  for (let i = 0; i < n; i++) {
    let p: unknown;
    let c: unknown;
    let v: unknown;
    let u: unknown;
    if (isRows) {
      const row = (input as readonly PathRow[])[i] as unknown;
      if (row === null || typeof row !== "object" || Array.isArray(row)) {
        throw pathError(
          fn,
          ["paths", i],
          row === null || row === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
          row,
          `is ${describeValue(row)}; each path is an object { path, conversions, value?, nulls? }.`,
        );
      }
      if (i === 0)
        checkRowFields(row as Record<string, unknown>, ["path", "conversions"], fn, ["paths", 0], {
          conversions: ["total_conversions", "conversion"],
          nulls: ["total_null"],
        });
      const r = row as Record<string, unknown>;
      p = r.path;
      c = r.conversions;
      v = r.value;
      u = r.nulls;
    } else {
      p = cols!.path[i];
      c = cols!.conversions[i];
      v = cols!.value?.[i];
      u = cols!.nulls?.[i];
    }
    const where: ErrorPath = isRows ? ["paths", i, "path"] : ["paths", "path", i];
    const start = nt;
    if (typeof p === "string") {
      let from = 0;
      for (;;) {
        const at = p.indexOf(separator, from);
        const piece = (at < 0 ? p.slice(from) : p.slice(from, at)).trim();
        if (piece.length > 0 || at >= 0 || nt > start) push(piece, i, where);
        if (at < 0) break;
        from = at + separator.length;
      }
    } else if (Array.isArray(p)) {
      for (let j = 0; j < p.length; j++) {
        const name = p[j] as unknown;
        if (typeof name !== "string") throw pathError(fn, [...where, j], "INVALID_INPUT", name, `is ${describeValue(name)}; channel names are strings.`);
        push(name.trim(), i, [...where, j]);
      }
    } else {
      throw pathError(
        fn,
        where,
        p === null || p === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
        p,
        `is ${describeValue(p)}; give the channels as an array of names or a "a > b > c" string.`,
      );
    }
    if (nt === start) {
      throw pathError(
        fn,
        where,
        "EMPTY_INPUT",
        p,
        `is an empty path (no channels). Every path needs at least one touchpoint: drop conversions without a touchpoint, or give them a channel such as "(direct)".`,
      );
    }
    offsets[i + 1] = nt;
    const base: ErrorPath = isRows ? ["paths", i] : ["paths"];
    conv[i] = numberAt(c, fn, isRows ? [...base, "conversions"] : ["paths", "conversions", i], undefined);
    value[i] = numberAt(v, fn, isRows ? [...base, "value"] : ["paths", "value", i], 0);
    nulls[i] = numberAt(u, fn, isRows ? [...base, "nulls"] : ["paths", "nulls", i], 0);
    if (value[i] > 0) hasValue = true;
    if (nulls[i] > 0) hasNulls = true;
  }
  return { n, channels, offsets, touches: touches.subarray(0, nt), conv, value, nulls, hasValue, hasNulls };
}
