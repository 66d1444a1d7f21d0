// Internal: per-customer columns from the host (numeric, and categorical fields such as plan,
// channel, region), checked once and joined onto the feature rows by customer id.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";

/**
 * Per-customer columns supplied by the host, joined onto the feature rows by id (7 and "7" are
 * one customer). They must describe customers as of `asOf` (the library cannot check that).
 * Customers missing from `id` get missing values (NaN); ids with no feature row are ignored.
 */
export interface ExtraColumns {
  /** Customer id of each row of the columns below (unique). */
  id: ArrayLike<string | number>;
  /** Numeric columns by name, one value per id (null or NaN = missing). */
  numeric?: Record<string, ArrayLike<number | null>>;
  /**
   * Categorical columns by name, one value per id (strings or numbers, by string form; null,
   * undefined or "" = missing). Encoded as integer codes 0..L-1 into the sorted list of levels.
   */
  categorical?: Record<string, ArrayLike<string | number | null | undefined>>;
}

/** The host columns, checked (internal). */
export interface ReadExtra {
  row: Map<string, number>;
  numeric: { name: string; values: Float64Array }[];
  categorical: { name: string; codes: Float64Array; levels: string[] }[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function columnsOf(v: unknown, fn: string, key: string): [string, ArrayLike<unknown>][] {
  if (v === undefined) return [];
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "extra", key],
      received: v,
      message: `${fn}: options.extra.${key} must be an object of columns by name, e.g. { plan: ["basic", "pro"] }. Got ${describeValue(v)}.`,
    });
  }
  return Object.keys(v).map((name) => [name, (v as Record<string, unknown>)[name] as ArrayLike<unknown>]);
}

/** Reads options.extra; throws INVALID_OPTION, LENGTH_MISMATCH, DUPLICATE_ID, NON_FINITE, INVALID_ID. */
export function readExtra(extra: ExtraColumns, fn: string, reserved: ReadonlySet<string>): ReadExtra {
  for (const k of Object.keys(extra)) {
    if (k !== "id" && k !== "numeric" && k !== "categorical") {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "extra", k],
        received: k,
        message: `${fn}: unknown field "${k}" in options.extra; it takes { id, numeric, categorical }.`,
      });
    }
  }
  const ids = extra.id;
  if (ids === null || typeof ids !== "object" || typeof (ids as ArrayLike<unknown>).length !== "number") {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "extra", "id"],
      received: ids,
      message: `${fn}: options.extra.id must be an array of customer ids (one per row of the extra columns). Got ${describeValue(ids)}.`,
    });
  }
  const n = ids.length;
  const row = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = idKey(ids[i], fn, ["options", "extra", "id", i]);
    if (row.has(k)) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["options", "extra", "id", i],
        received: ids[i],
        message: `${fn}: options.extra.id[${i}] (${JSON.stringify(k)}) repeats options.extra.id[${row.get(k)}]; give one row per customer (7 and "7" are the same id).`,
      });
    }
    row.set(k, i);
  }
  const seen = new Set<string>();
  const check = (kind: string, name: string, col: ArrayLike<unknown>): void => {
    if (!NAME.test(name) || reserved.has(name) || seen.has(name)) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "extra", kind, name],
        received: name,
        message: `${fn}: options.extra.${kind} column name ${JSON.stringify(name)} ${reserved.has(name) || seen.has(name) ? "is already a feature name" : "is not a plain name (letters, digits, _ . -)"}; rename it.`,
      });
    }
    seen.add(name);
    if (col === null || typeof col !== "object" || typeof col.length !== "number") {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "extra", kind, name],
        received: col,
        message: `${fn}: options.extra.${kind}.${name} must be an array with one value per id. Got ${describeValue(col)}.`,
      });
    }
    if (col.length !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["options", "extra", kind, name],
        received: col.length,
        message: `${fn}: options.extra.${kind}.${name} has ${col.length} values but options.extra.id has ${n}. Give one value per id (null for missing).`,
      });
    }
  };
  const numeric: ReadExtra["numeric"] = [];
  for (const [name, col] of columnsOf(extra.numeric, fn, "numeric")) {
    check("numeric", name, col);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) values[i] = NaN;
      else if (typeof v === "number" && Number.isFinite(v)) values[i] = v;
      else {
        throw new ClienteleError({
          code: typeof v === "number" ? "NON_FINITE" : "INVALID_OPTION",
          path: ["options", "extra", "numeric", name, i],
          received: v,
          message: `${fn}: options.extra.numeric.${name}[${i}] is ${describeValue(v)}; numeric columns hold finite numbers (null or NaN for missing). Put text fields in options.extra.categorical.`,
        });
      }
    }
    numeric.push({ name, values });
  }
  const categorical: ReadExtra["categorical"] = [];
  for (const [name, col] of columnsOf(extra.categorical, fn, "categorical")) {
    check("categorical", name, col);
    const keys: (string | undefined)[] = new Array(n);
    const levelSet = new Set<string>();
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v))) keys[i] = undefined;
      else if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) {
        const s = String(v);
        keys[i] = s;
        levelSet.add(s);
      } else {
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", "extra", "categorical", name, i],
          received: v,
          message: `${fn}: options.extra.categorical.${name}[${i}] is ${describeValue(v)}; categorical values are strings or numbers (null for missing).`,
        });
      }
    }
    const levels = [...levelSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const code = new Map(levels.map((l, j) => [l, j]));
    const codes = new Float64Array(n);
    for (let i = 0; i < n; i++) codes[i] = keys[i] === undefined ? NaN : code.get(keys[i]!)!;
    categorical.push({ name, codes, levels });
  }
  return { row, numeric, categorical };
}
