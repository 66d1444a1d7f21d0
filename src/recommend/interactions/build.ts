// buildInteractions: rows or columns of events into one CSR matrix (ids by the one id rule,
// aggregation, time decay).
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { checkRowFields, parseOptions } from "../../core/validate.js";
import type { BuildInteractionsOptions, InteractionColumns, InteractionRow, Interactions } from "./types.js";

/** Field names users bring from other tools, reported as near misses (MISSING_COLUMN). */
const FIELD_ALIASES: Record<string, readonly string[]> = {
  userId: ["user_id", "user", "userID", "customerId", "customer_id", "customer", "uid"],
  itemId: ["item_id", "item", "itemID", "productId", "product_id", "product", "sku", "iid"],
  weight: ["rating", "ratings", "score", "count", "quantity", "qty", "value", "weights"],
  timestamp: ["time", "date", "ts", "timestamps", "datetime", "eventTime"],
};

const buildOptionsSchema = z.object({
  aggregate: z.enum(["sum", "max", "last", "binary"]).default("sum"),
  timeDecay: z
    .object({
      halfLife: z.number().positive().finite(),
      now: z.union([z.number().finite(), z.date()]),
    })
    .optional(),
  defaultWeight: z.number().finite().nonnegative().default(1),
  fields: z
    .object({
      userId: z.string().min(1).optional(),
      itemId: z.string().min(1).optional(),
      weight: z.string().min(1).optional(),
      timestamp: z.string().min(1).optional(),
    })
    .optional(),
});

function toTime(v: number | Date | undefined, fn: string, i: number): number {
  if (v === undefined || v === null) {
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path: ["timestamp", i],
      received: v,
      message: `${fn}: timestamp[${i}] is ${v === null ? "null" : "missing"} while other events have one; give every event a timestamp or none.`,
    });
  }
  const t = v instanceof Date ? v.getTime() : v;
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new ClienteleError({
      code: "NON_FINITE",
      path: ["timestamp", i],
      received: v,
      message: `${fn}: timestamp[${i}] is ${describeValue(v)}; timestamps must be finite numbers or valid Dates. Fix or drop the row.`,
    });
  }
  return t;
}

/** More events than this are TOO_LARGE for buildInteractions (≈ 40 bytes per event while building). */
const MAX_EVENTS = 200_000_000;

/** MISSING_COLUMN when a field looks like one of the read fields under another name (first row / column object). */
function checkFields(
  row: Record<string, unknown>,
  F: Record<"userId" | "itemId" | "weight" | "timestamp", string>,
  renamed: boolean,
  fn: string,
  where: (string | number)[],
): void {
  const aliases: Record<string, readonly string[]> = {};
  for (const k of ["userId", "itemId", "weight", "timestamp"] as const) if (F[k] === k) aliases[k] = FIELD_ALIASES[k];
  try {
    checkRowFields(row, [F.userId, F.itemId, F.weight, F.timestamp], fn, where, aliases);
  } catch (e) {
    if (!(e instanceof ClienteleError) || e.code !== "MISSING_COLUMN") throw e;
    const field = e.path[e.path.length - 1] as string;
    const key = (Object.keys(F) as (keyof typeof F)[]).find((k) => F[k] === field) ?? field;
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: e.path,
      received: e.received,
      message: `${fn}: ${where.length ? "rows[0]" : "the columns object"} has ${JSON.stringify(e.received)} but no "${field}", which this function reads${key === "weight" ? " (without it every weight would be 1)" : ""}. Pass { fields: { ${key}: ${JSON.stringify(e.received)} } } to read it under its own name, or rename the ${where.length ? "field" : "column"}.`,
    });
  }
  if (renamed) {
    for (const k of ["userId", "itemId"] as const) {
      if (!Object.hasOwn(row, F[k])) {
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: [...where, F[k]],
          message: `${fn}: options.fields.${k} is "${F[k]}" but ${where.length ? "rows[0]" : "the columns object"} has no such field (it has ${
            Object.keys(row)
              .map((x) => `"${x}"`)
              .join(", ") || "none"
          }).`,
        });
      }
    }
  }
}

/** Internal: every id of `ids` in string form (the one id rule), checked. */
export function idKeys(ids: ArrayLike<unknown>, fn: string, path: (string | number)[]): string[] {
  const out = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = idKey(ids[i], fn, [...path, i]);
  return out;
}

/**
 * Builds a sparse user × item matrix (CSR) from interaction rows or columns, aggregating
 * duplicate (user, item) pairs and optionally decaying old events. Users and items are
 * indexed in order of first appearance. Runs in O(n log d) for n events and d items per user.
 *
 * @param data - rows `{ userId, itemId, weight?, timestamp? }` or the same as columns
 * Ids follow the library's id rule: 7 and "7" are one user (or item), and the matrix stores ids
 * as strings. A row field the function does not read but that looks like one it does (`rating`
 * or `score` for `weight`, `user_id` for `userId`) is `MISSING_COLUMN` naming the expected
 * field; pass `fields: { weight: "rating" }` to read it under its own name.
 *
 * @param options - `aggregate` (default `"sum"`), `timeDecay: { halfLife, now }`, `defaultWeight` (1), `fields` (names to read)
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `NEGATIVE_VALUE`, `INVALID_ID`, `MISSING_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`, `INVALID_INPUT`, `INVALID_OPTION`, `TOO_LARGE` (over 2e8 events)
 * @example
 * import { buildInteractions } from "clientele/recommend";
 * const m = buildInteractions([
 *   { userId: "ann", itemId: "tea" },
 *   { userId: "ann", itemId: "tea", weight: 2 },
 *   { userId: "bob", itemId: "milk" },
 * ]);
 * // => { nUsers: 2, nItems: 2, userIds: ["ann", "bob"], itemIds: ["tea", "milk"],
 * //      indptr: [0, 1, 2], indices: [0, 1], values: [3, 1], ... }
 * buildInteractions([{ user_id: 7, sku: "tea", rating: 4 }], { fields: { userId: "user_id", itemId: "sku", weight: "rating" } }).userIds;
 * // => ["7"]
 */
export function buildInteractions(data: readonly InteractionRow[] | InteractionColumns, options: BuildInteractionsOptions = {}): Interactions {
  const fn = "buildInteractions";
  const opts = parseOptions(buildOptionsSchema, options, fn);
  const F = {
    userId: opts.fields?.userId ?? "userId",
    itemId: opts.fields?.itemId ?? "itemId",
    weight: opts.fields?.weight ?? "weight",
    timestamp: opts.fields?.timestamp ?? "timestamp",
  };
  const renamed = opts.fields !== undefined;
  let n: number;
  let getUser: (i: number) => unknown;
  let getItem: (i: number) => unknown;
  let getWeight: (i: number) => unknown;
  let getTime: ((i: number) => number | Date | undefined) | undefined;
  if (Array.isArray(data)) {
    const rows = data as readonly Record<string, unknown>[];
    n = rows.length;
    for (let i = 0; i < n; i++) {
      if (rows[i] === null || typeof rows[i] !== "object" || Array.isArray(rows[i])) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["rows", i],
          received: rows[i],
          message: `${fn}: rows[${i}] is ${describeValue(rows[i])}; each row must be an object { userId, itemId, weight?, timestamp? }.`,
        });
      }
    }
    if (n > 0) checkFields(rows[0], F, renamed, fn, ["rows", 0]);
    getUser = (i) => rows[i][F.userId];
    getItem = (i) => rows[i][F.itemId];
    getWeight = (i) => rows[i][F.weight];
    const anyTime = n > 0 && rows.some((r) => r[F.timestamp] !== undefined);
    getTime = anyTime ? (i) => rows[i][F.timestamp] as number | Date | undefined : undefined;
  } else if (data !== null && typeof data === "object") {
    const raw = data as unknown as Record<string, ArrayLike<unknown> | undefined>;
    checkFields(raw, F, renamed, fn, []);
    const cols = { userId: raw[F.userId], itemId: raw[F.itemId], weight: raw[F.weight], timestamp: raw[F.timestamp] } as InteractionColumns;
    for (const name of ["userId", "itemId"] as const) {
      const c = cols[name] as unknown;
      if (c === null || c === undefined || typeof c !== "object" || typeof (c as ArrayLike<unknown>).length !== "number") {
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: [F[name]],
          received: c,
          message: `${fn}: column "${F[name]}" is missing or not an array. Pass { userId: [...], itemId: [...] } or an array of rows.`,
        });
      }
    }
    for (const name of ["weight", "timestamp"] as const) {
      const c = cols[name] as unknown;
      if (c !== undefined && (c === null || typeof c !== "object" || typeof (c as ArrayLike<unknown>).length !== "number")) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [F[name]],
          received: c,
          message: `${fn}: column "${F[name]}" must be an array with one value per event. Got ${describeValue(c)}.`,
        });
      }
    }
    n = cols.userId.length;
    for (const name of ["itemId", "weight", "timestamp"] as const) {
      const c = cols[name];
      if (c !== undefined && c.length !== n) {
        throw new ClienteleError({
          code: "LENGTH_MISMATCH",
          path: [name],
          received: c.length,
          message: `${fn}: column "${name}" has ${c.length} values but userId has ${n}. All columns need one value per event.`,
        });
      }
    }
    getUser = (i) => cols.userId[i];
    getItem = (i) => cols.itemId[i];
    const w = cols.weight;
    getWeight = w ? (i) => w[i] : () => undefined;
    const t = cols.timestamp;
    getTime = t ? (i) => t[i] : undefined;
  } else {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["data"],
      received: data,
      message: `${fn}: expected an array of rows or an object of columns. Got ${describeValue(data)}.`,
    });
  }
  if (n === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["data"],
      message: `${fn}: no interactions were given. Pass at least one { userId, itemId } event.`,
    });
  }
  if (opts.timeDecay && !getTime) {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["timestamp"],
      message: `${fn}: timeDecay needs a timestamp on every event, but none was given.`,
    });
  }
  if (n > MAX_EVENTS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["data"],
      received: n,
      message: `${fn}: ${n} events is more than ${MAX_EVENTS} (the matrix would need > 8 GB while building). Aggregate duplicate (user, item) events upstream (e.g. in SQL) or sample users.`,
    });
  }
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const eu = new Int32Array(n);
  const ei = new Int32Array(n);
  const ew = new Float64Array(n);
  const et = getTime ? new Float64Array(n) : undefined;
  const decay = opts.timeDecay;
  const now = decay ? (decay.now instanceof Date ? decay.now.getTime() : decay.now) : 0;
  for (let i = 0; i < n; i++) {
    const u = idKey(getUser(i), fn, [F.userId, i]);
    const it = idKey(getItem(i), fn, [F.itemId, i]);
    let ui = userIndex.get(u);
    if (ui === undefined) {
      ui = userIds.length;
      userIndex.set(u, ui);
      userIds.push(u);
    }
    let ii = itemIndex.get(it);
    if (ii === undefined) {
      ii = itemIds.length;
      itemIndex.set(it, ii);
      itemIds.push(it);
    }
    const raw = getWeight(i);
    const w = raw === undefined ? opts.defaultWeight : raw;
    if (typeof w !== "number" || !Number.isFinite(w)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [F.weight, i],
        received: w,
        message: `${fn}: ${F.weight}[${i}] is ${describeValue(w)}; weights must be finite numbers >= 0. Fix or drop the event.`,
      });
    }
    if (w < 0) {
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: [F.weight, i],
        received: w,
        message: `${fn}: ${F.weight}[${i}] is ${w}; weights must be >= 0 (implicit feedback). Shift ratings to be non-negative or drop dislikes.`,
      });
    }
    eu[i] = ui;
    ei[i] = ii;
    let wt = w;
    if (et) {
      const t = toTime(getTime!(i), fn, i);
      et[i] = t;
      if (decay) wt = w * Math.pow(0.5, (now - t) / decay.halfLife);
    }
    ew[i] = wt;
  }
  const nUsers = userIds.length;
  // Counting sort by user, then sort each row by item (stable on input order).
  const counts = new Int32Array(nUsers + 1);
  for (let i = 0; i < n; i++) counts[eu[i] + 1]++;
  for (let u = 0; u < nUsers; u++) counts[u + 1] += counts[u];
  const order = new Int32Array(n);
  const fill = counts.slice(0, nUsers);
  for (let i = 0; i < n; i++) order[fill[eu[i]]++] = i;
  const indptr: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const timestamps: number[] | undefined = et ? [] : undefined;
  const agg = opts.aggregate;
  for (let u = 0; u < nUsers; u++) {
    const start = counts[u];
    const end = counts[u + 1];
    const seg = Array.from(order.subarray(start, end));
    seg.sort((a, b) => ei[a] - ei[b] || a - b);
    let k = 0;
    while (k < seg.length) {
      const item = ei[seg[k]];
      let w = 0;
      let tLast = -Infinity;
      let wLast = 0;
      let any = false;
      while (k < seg.length && ei[seg[k]] === item) {
        const e = seg[k];
        const we = ew[e];
        if (agg === "sum") w += we;
        else if (agg === "max") w = any ? Math.max(w, we) : we;
        else if (agg === "binary") w = w > 0 || we > 0 ? 1 : 0;
        if (et) {
          if (et[e] >= tLast) {
            tLast = et[e];
            wLast = we;
          }
        } else wLast = we;
        any = true;
        k++;
      }
      if (agg === "last") w = wLast;
      if (!Number.isFinite(w)) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path: [F.weight],
          received: w,
          message: `${fn}: the weight of user "${userIds[u]}" and item "${itemIds[item]}" overflows to ${w} (${opts.timeDecay ? "time decay of events after options.timeDecay.now, or " : ""}summing very large weights). Rescale the weights (e.g. divide by their maximum or take log1p)${opts.timeDecay ? " or set now to the latest timestamp" : ""}.`,
        });
      }
      if (w > 0) {
        indices.push(item);
        values.push(w);
        if (timestamps) timestamps.push(tLast);
      }
    }
    indptr.push(indices.length);
  }
  if (indices.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["weight"],
      message: `${fn}: every interaction has weight 0, so the matrix is empty. Pass positive weights.`,
    });
  }
  const out: Interactions = {
    kind: "interactions",
    version: 1,
    nUsers,
    nItems: itemIds.length,
    userIds,
    itemIds,
    indptr,
    indices,
    values,
  };
  if (timestamps) out.timestamps = timestamps;
  return out;
}
