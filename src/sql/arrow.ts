// Apache Arrow tables, duck-typed (no dependency on apache-arrow): numeric columns are read
// from their buffers (a Float64 column without nulls in one chunk is returned as a view, no
// copy); other columns fall back to the vector's own get(i).
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";

/** The parts of an Apache Arrow `Data` chunk that are read. */
export interface ArrowDataLike {
  /** Values buffer (typed array). */
  values: ArrayLike<unknown> & { subarray?: (a: number, b: number) => ArrayLike<unknown> };
  /** Offset of the chunk in its parent (apache-arrow slices `values` with the chunk, so it is not used for values). */
  offset: number;
  /** Number of values in the chunk. */
  length: number;
  /** Number of nulls in the chunk. */
  nullCount: number;
  /** The chunk's type (`typeId` as in apache-arrow's `Type` enum; `unit` for dates and timestamps). */
  type: { typeId: number; unit?: number; scale?: number };
}

/** The parts of an Apache Arrow `Vector` that are read. */
export interface ArrowVectorLike {
  /** Number of values. */
  length: number;
  /** The chunks. */
  data: readonly ArrowDataLike[];
  /** Value at index i (the fallback for strings, dictionaries and nulls). */
  get(i: number): unknown;
}

/** An Apache Arrow `Table` as read here (apache-arrow's `Table`, or anything with this shape). */
export interface ArrowTableLike {
  /** Number of rows. */
  numRows: number;
  /** Schema with the column names. */
  schema: { fields: readonly { name: string }[] };
  /** The column named `name`. */
  getChild(name: string): ArrowVectorLike | null;
}

/** True for an object with the shape of an Apache Arrow table (internal). */
export function isArrowTable(v: unknown): v is ArrowTableLike {
  const t = v as ArrowTableLike | null;
  return t !== null && typeof t === "object" && typeof t.numRows === "number" && typeof t.getChild === "function" && Array.isArray(t.schema?.fields);
}

const INT = 2;
const FLOAT = 3;
const DATE = 8;
const TIMESTAMP = 10;

/**
 * One column of an Arrow table as an array-like (internal). Float64 in one chunk without
 * nulls: a view of the buffer. Other numeric, date and timestamp chunks without nulls: one
 * typed-array pass into a Float64Array (dates as day numbers, timestamps as epoch ms).
 * Anything else: the vector's values via get(i).
 */
export function arrowColumn(t: ArrowTableLike, name: string, fn: string): ArrayLike<unknown> {
  const v = t.getChild(name);
  if (v === null || v === undefined || !Array.isArray(v.data)) {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["rows", name],
      received: v,
      message: `${fn}: the Arrow table has no readable column "${name}".`,
    });
  }
  const chunks = v.data;
  const numeric = chunks.every(
    (c) =>
      c.nullCount === 0 &&
      (c.type.typeId === INT || c.type.typeId === FLOAT || c.type.typeId === DATE || c.type.typeId === TIMESTAMP) &&
      c.values !== undefined,
  );
  if (!numeric) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v.get(i);
    return out;
  }
  if (chunks.length === 1 && chunks[0].type.typeId === FLOAT && chunks[0].values instanceof Float64Array) {
    // apache-arrow slices value buffers with the chunk (offset only shifts the null bitmap)
    const c = chunks[0];
    return (c.values as Float64Array).subarray(0, c.length);
  }
  const out = new Float64Array(v.length);
  let at = 0;
  for (const c of chunks) {
    const vals = c.values as ArrayLike<number | bigint>;
    // timestamps: unit 0 s, 1 ms, 2 us, 3 ns -> ms; date: unit 0 days, 1 ms -> days
    const tid = c.type.typeId;
    const unit = c.type.unit ?? 1;
    const scale = tid === TIMESTAMP ? [1000, 1, 1e-3, 1e-6][unit] : tid === DATE && unit === 1 ? 1 / 86_400_000 : 1;
    for (let i = 0; i < c.length; i++) {
      const x = vals[i];
      out[at++] = (typeof x === "bigint" ? Number(x) : (x as number)) * scale;
    }
  }
  return out;
}

/**
 * The columns of an Apache Arrow table (apache-arrow's `Table`, or any object with its shape:
 * `numRows`, `schema.fields`, `getChild`) as plain columns: a Float64 column without nulls in
 * one chunk is a view of its buffer (no copy); other integer, float, date (as day numbers)
 * and timestamp (as epoch milliseconds) columns are converted in one typed-array pass;
 * strings and columns with nulls are read value by value. Use it to pass a table from an
 * engine to `fromRows`, or transactions to `summarizeTransactions` of `clientele/data`.
 *
 * @param table - an Apache Arrow table
 * @returns one array per column, keyed by column name
 * @throws ClienteleError `INVALID_INPUT` (not an Arrow table)
 * @example
 * import { arrowToColumns } from "clientele/sql";
 * const table = { numRows: 2, schema: { fields: [{ name: "x" }] }, getChild: () => ({ length: 2, get: (i: number) => i,
 *   data: [{ values: new Float64Array([1.5, 2.5]), offset: 0, length: 2, nullCount: 0, type: { typeId: 3 } }] }) };
 * arrowToColumns(table).x; // => Float64Array [1.5, 2.5]
 */
export function arrowToColumns(table: ArrowTableLike): Record<string, ArrayLike<unknown>> {
  const fn = "arrowToColumns";
  if (!isArrowTable(table)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["table"],
      received: table,
      message: `${fn}: table must be an Apache Arrow table (numRows, schema.fields, getChild). Got ${describeValue(table)}.`,
    });
  }
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const f of table.schema.fields)
    Object.defineProperty(out, f.name, { value: arrowColumn(table, f.name, fn), enumerable: true, writable: true, configurable: true });
  return jsonColumns(out);
}
