import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { rngOption, seedOption } from "../core/options.js";
import { createRng, type Rng } from "../core/rng.js";
import { checkModelHeader, checkRowFields, parseOptions } from "../core/validate.js";

/**
 * A user or item identifier as the host passes it: a non-empty string or a finite number. The
 * library's one id rule (as in `clientele/data` and `clientele/rfm`): ids are compared by their
 * string form, so 7 and "7" are the same user or item, and every result returns ids as strings.
 */
export type RecommendId = string | number;

/**
 * A sparse user × item interaction matrix in compressed sparse row (CSR) form, with the
 * host's ids. Row `u` (user `userIds[u]`) holds the items `indices[indptr[u] .. indptr[u+1])`
 * with weights `values[...]`, item indices sorted ascending within a row. Plain arrays, so
 * `JSON.stringify` round-trips it (`interactionsFromJSON` checks it on the way back).
 * Memory: about 16 bytes per stored interaction plus the id maps (24 with timestamps).
 */
export interface Interactions {
  kind: "interactions";
  version: 1;
  /** Number of users (rows). */
  nUsers: number;
  /** Number of items (columns). */
  nItems: number;
  /** User id of each row (string form, see {@link RecommendId}). */
  userIds: string[];
  /** Item id of each column (string form). */
  itemIds: string[];
  /** Row pointers, length `nUsers + 1`. */
  indptr: number[];
  /** Column (item) index of each stored interaction, sorted within each row. */
  indices: number[];
  /** Aggregated weight of each stored interaction (> 0). */
  values: number[];
  /** Latest timestamp (ms since epoch, or any number) of each stored pair, when timestamps were given. */
  timestamps?: number[];
}

/** One interaction row: who did what, how strongly, and when. */
export interface InteractionRow {
  userId: RecommendId;
  itemId: RecommendId;
  /** Strength of the interaction (default 1): a purchase count, a view weight, a rating. Must be finite and >= 0. */
  weight?: number;
  /** When it happened: a Date or a number (e.g. ms since epoch). Needed for time decay and leave-last-out. */
  timestamp?: number | Date;
}

/** Interactions as parallel columns (one entry per event). */
export interface InteractionColumns {
  userId: ArrayLike<RecommendId>;
  itemId: ArrayLike<RecommendId>;
  weight?: ArrayLike<number>;
  timestamp?: ArrayLike<number | Date>;
}

/** Options of {@link buildInteractions}. */
export interface BuildInteractionsOptions {
  /**
   * How duplicate (user, item) events are combined: `"sum"` (default) adds weights,
   * `"max"` keeps the largest, `"last"` keeps the latest by timestamp (input order on ties),
   * `"binary"` stores 1 for any event with positive weight.
   */
  aggregate?: "sum" | "max" | "last" | "binary";
  /**
   * Multiplies each event's weight by `0.5 ^ ((now - timestamp) / halfLife)` before
   * aggregation. `halfLife` and `now` are in the timestamps' unit (ms for Dates).
   */
  timeDecay?: { halfLife: number; now: number | Date };
  /** Weight of events whose row has none (default 1). */
  defaultWeight?: number;
  /**
   * Names of the fields (rows) or columns to read, when the data uses other names:
   * e.g. `{ weight: "rating", userId: "user_id" }`. Defaults are the names of {@link InteractionRow}.
   */
  fields?: { userId?: string; itemId?: string; weight?: string; timestamp?: string };
}

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
function checkFields(row: Record<string, unknown>, F: Record<"userId" | "itemId" | "weight" | "timestamp", string>, renamed: boolean, fn: string, where: (string | number)[]): void {
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
          message: `${fn}: options.fields.${k} is "${F[k]}" but ${where.length ? "rows[0]" : "the columns object"} has no such field (it has ${Object.keys(row).map((x) => `"${x}"`).join(", ") || "none"}).`,
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
export function buildInteractions(
  data: readonly InteractionRow[] | InteractionColumns,
  options: BuildInteractionsOptions = {},
): Interactions {
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

const idSchema = z.union([z.string().min(1), z.number()]);
const interactionsSchema = z.object({
  kind: z.literal("interactions"),
  version: z.literal(1),
  nUsers: z.number().int().nonnegative(),
  nItems: z.number().int().nonnegative(),
  userIds: z.array(idSchema),
  itemIds: z.array(idSchema),
  indptr: z.array(z.number()),
  indices: z.array(z.number()),
  values: z.array(z.number()),
  timestamps: z.array(z.number()).optional(),
});

/**
 * Checks a parsed interaction matrix (e.g. from `JSON.parse`) and returns it typed:
 * shapes, sorted in-range indices, finite positive weights, ids unique by the id rule. Matrices
 * saved by earlier versions with numeric ids load with their ids as strings. O(nnz).
 *
 * @throws ClienteleError `INVALID_MODEL` (malformed or tampered, e.g. a bad `indptr` or a `__proto__` key),
 *   `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `DUPLICATE_ID`
 * @example
 * import { buildInteractions, interactionsFromJSON } from "clientele/recommend";
 * const m = buildInteractions([{ userId: 1, itemId: 2 }]);
 * interactionsFromJSON(JSON.parse(JSON.stringify(m))).userIds; // => ["1"]
 */
export function interactionsFromJSON(value: unknown): Interactions {
  const fn = "interactionsFromJSON";
  // A saved matrix is checked like a saved model: WRONG_MODEL_KIND, UNSUPPORTED_MODEL_VERSION, INVALID_MODEL.
  checkModelHeader(value, "interactions", 1, fn);
  let m: Interactions;
  try {
    m = checkInteractions(value, fn, true);
  } catch (e) {
    if (e instanceof ClienteleError && e.code === "INVALID_INPUT") {
      throw new ClienteleError({ code: "INVALID_MODEL", path: e.path, received: e.received, message: e.message });
    }
    throw e;
  }
  if (m.userIds.every((x) => typeof x === "string") && m.itemIds.every((x) => typeof x === "string")) return m;
  const out: Interactions = { ...m, userIds: m.userIds.map(String), itemIds: m.itemIds.map(String) };
  checked.add(out);
  return out;
}

/**
 * The rows of an interaction matrix: one `{ userId, itemId, weight, timestamp? }` per stored
 * (user, item) pair, users in row order and items ascending within a user (the row view of the
 * CSR columns). `buildInteractions(interactionsToRows(m))` rebuilds the same matrix. O(nnz).
 *
 * @throws ClienteleError `INVALID_INPUT`
 * @example
 * import { buildInteractions, interactionsToRows } from "clientele/recommend";
 * interactionsToRows(buildInteractions([{ userId: "ann", itemId: "tea", weight: 2 }]));
 * // => [{ userId: "ann", itemId: "tea", weight: 2 }]
 */
export function interactionsToRows(interactions: Interactions): { userId: string; itemId: string; weight: number; timestamp?: number }[] {
  const m = checkInteractions(interactions, "interactionsToRows");
  const out: { userId: string; itemId: string; weight: number; timestamp?: number }[] = [];
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
      const r: { userId: string; itemId: string; weight: number; timestamp?: number } = { userId: String(m.userIds[u]), itemId: String(m.itemIds[m.indices[p]]), weight: m.values[p] };
      if (m.timestamps) r.timestamp = m.timestamps[p];
      out.push(r);
    }
  }
  return out;
}

/** Internal: validates (deeply when `deep`) and returns the interactions. Cached per object. */
const checked = new WeakSet<object>();
export function checkInteractions(value: unknown, fn: string, deep = true): Interactions {
  if (value !== null && typeof value === "object" && checked.has(value)) return value as Interactions;
  const bad = (message: string, path: (string | number)[] = ["interactions"]): never => {
    throw new ClienteleError({ code: "INVALID_INPUT", path, message: `${fn}: ${message}` });
  };
  if (value === null || typeof value !== "object" || (value as { kind?: unknown }).kind !== "interactions") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["interactions"],
      received: value,
      message: `${fn}: expected interactions from buildInteractions (kind "interactions"). Got ${describeValue(value)}.`,
    });
  }
  const res = interactionsSchema.safeParse(value);
  if (!res.success) {
    const iss = res.error.issues[0];
    bad(`interactions.${iss.path.join(".")} is invalid: ${iss.message}. Rebuild it with buildInteractions.`);
  }
  const m = value as Interactions;
  if (m.userIds.length !== m.nUsers || m.itemIds.length !== m.nItems) bad("userIds/itemIds lengths differ from nUsers/nItems.");
  if (m.indptr.length !== m.nUsers + 1 || m.indptr[0] !== 0) bad("indptr must have nUsers + 1 entries starting at 0.");
  const nnz = m.indices.length;
  if (m.values.length !== nnz || m.indptr[m.nUsers] !== nnz) bad("indices, values and indptr[nUsers] must agree on the number of stored interactions.");
  if (m.timestamps && m.timestamps.length !== nnz) bad("timestamps must have one entry per stored interaction.");
  if (deep) {
    for (let u = 0; u < m.nUsers; u++) {
      const s = m.indptr[u];
      const e = m.indptr[u + 1];
      if (!(e >= s)) bad(`indptr must be non-decreasing (row ${u}).`, ["interactions", "indptr", u]);
      for (let p = s; p < e; p++) {
        const j = m.indices[p];
        if (!Number.isInteger(j) || j < 0 || j >= m.nItems || (p > s && j <= m.indices[p - 1])) {
          bad(`indices[${p}] = ${j} is out of range or not sorted within row ${u}.`, ["interactions", "indices", p]);
        }
        const w = m.values[p];
        if (!Number.isFinite(w) || w < 0) bad(`values[${p}] = ${w} must be a finite weight >= 0.`, ["interactions", "values", p]);
      }
    }
    if (m.timestamps) for (let p = 0; p < nnz; p++) if (!Number.isFinite(m.timestamps[p])) bad(`timestamps[${p}] must be finite.`, ["interactions", "timestamps", p]);
    for (const [name, ids] of [["userIds", m.userIds], ["itemIds", m.itemIds]] as const) {
      const seen = new Set<string>();
      ids.forEach((x, i) => {
        const key = String(x);
        if (seen.has(key)) {
          throw new ClienteleError({
            code: "DUPLICATE_ID",
            path: ["interactions", name, i],
            received: x,
            message: `${fn}: interactions.${name}[${i}] is ${describeValue(x)}, which repeats an earlier id (7 and "7" are the same id). Rebuild the matrix with buildInteractions.`,
          });
        }
        seen.add(key);
      });
    }
  }
  checked.add(m);
  return m;
}

/** Options of {@link simulateInteractions}. */
export interface SimulateInteractionsOptions {
  /** Number of users. */
  nUsers: number;
  /** Number of items. */
  nItems: number;
  /** Target total number of distinct (user, item) interactions (default 20 per user, capped at half the matrix). */
  nInteractions?: number;
  /** Latent taste dimensions (default 8). */
  factors?: number;
  /** Zipf exponent of item popularity (default 0.8; 0 means uniform). */
  popularitySkew?: number;
  /** Weight of taste versus popularity in the choice logits (default 6). */
  tasteStrength?: number;
  /** Seed (default 0) or generator. */
  seed?: number | Rng;
  /** Also return a timestamp per interaction, in days from 0 (default true). */
  timestamps?: boolean;
}

/** What {@link simulateInteractions} returns: the matrix plus the generating truth. */
export interface SimulatedInteractions {
  interactions: Interactions;
  /** Item category (the dominant latent taste) of each item, aligned with `interactions.itemIds`. */
  itemCategory: number[];
  /** Price of each item, aligned with `interactions.itemIds`. */
  itemPrice: number[];
}

const simulateSchema = z.object({
  nUsers: z.number().int().min(1).max(50_000_000),
  nItems: z.number().int().min(2).max(10_000_000),
  nInteractions: z.number().int().min(1).optional(),
  factors: z.number().int().min(1).max(256).default(8),
  popularitySkew: z.number().min(0).max(5).default(0.8),
  tasteStrength: z.number().min(0).max(50).default(6),
  seed: z.union([seedOption(), rngOption()]).default(0),
  timestamps: z.boolean().default(true),
});

/**
 * Generates seeded synthetic purchases: users and items get latent taste vectors, items
 * a Zipf popularity; each user draws a Poisson number of distinct items by sampling a
 * candidate pool weighted by popularity and accepting by taste affinity. Weights are
 * purchase counts (1 + Poisson), timestamps in days. Runs in O(nInteractions · factors).
 *
 * @param options - `nUsers`, `nItems`, `nInteractions` (default 20 per user), `factors` (8), `popularitySkew` (0.8), `tasteStrength` (6), `seed` (0), `timestamps` (true)
 * @throws ClienteleError `INVALID_OPTION`, `TOO_LARGE` (over 1e8 interactions or item-factor values)
 * @example
 * import { simulateInteractions } from "clientele/recommend";
 * const { interactions } = simulateInteractions({ nUsers: 100, nItems: 50, seed: 1 });
 * interactions.nUsers; // => 100 (users with at least one purchase)
 * interactions.userIds[0]; // => "0" (ids are strings)
 */
export function simulateInteractions(options: SimulateInteractionsOptions): SimulatedInteractions {
  const fn = "simulateInteractions";
  const o = parseOptions(simulateSchema, options, fn);
  const rng = typeof o.seed === "number" ? createRng(o.seed) : o.seed;
  const { nUsers, nItems, factors: f } = o;
  const target = Math.min(o.nInteractions ?? nUsers * 20, Math.floor((nUsers * nItems) / 2));
  if (target > 1e8 || nItems * f > 1e8) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options"],
      received: { nInteractions: target, itemFactors: nItems * f },
      message: `${fn}: ${target} interactions over ${nItems} items × ${f} factors is more than this generator handles in memory (1e8 interactions, 1e8 item-factor values). Simulate fewer users, items or factors, or several seeded batches.`,
    });
  }
  // Items: a dominant category plus small noise; Zipf popularity on a shuffled order.
  const itemF = new Float32Array(nItems * f);
  const itemCategory: number[] = new Array(nItems);
  const itemPrice: number[] = new Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const c = rng.int(f);
    itemCategory[i] = c;
    for (let d = 0; d < f; d++) itemF[i * f + d] = (d === c ? 1 : 0) + 0.3 * rng.normal();
    itemPrice[i] = Math.round(Math.exp(rng.normal(2 + 0.2 * c, 0.6)) * 100) / 100;
  }
  const rank = Array.from({ length: nItems }, (_, i) => i);
  rng.shuffle(rank);
  const pop = new Float64Array(nItems);
  for (let r = 0; r < nItems; r++) pop[rank[r]] = 1 / Math.pow(r + 1, o.popularitySkew);
  // Alias table for O(1) popularity draws.
  const alias = buildAlias(pop);
  const perUser = target / nUsers;
  const userF = new Float64Array(f);
  const cu: number[] = [];
  const ci: number[] = [];
  const cw: number[] = [];
  const ct: number[] = [];
  const seen = new Set<number>();
  const maxPer = Math.max(1, Math.floor(nItems / 2));
  for (let u = 0; u < nUsers; u++) {
    // Each user likes one or two categories strongly.
    userF.fill(0);
    const a = rng.int(f);
    userF[a] = 1;
    if (rng.uniform() < 0.5) userF[rng.int(f)] += 0.6;
    for (let d = 0; d < f; d++) userF[d] += 0.2 * rng.normal();
    let m = 1 + rng.poisson(Math.max(0, perUser - 1));
    if (m > maxPer) m = maxPer;
    seen.clear();
    const day0 = rng.uniform() * 300;
    let tries = 0;
    while (seen.size < m && tries < m * 60) {
      tries++;
      const i = drawAlias(alias, rng);
      if (seen.has(i)) continue;
      let dot = 0;
      for (let d = 0; d < f; d++) dot += userF[d] * itemF[i * f + d];
      const pAccept = 1 / (1 + Math.exp(-o.tasteStrength * (dot - 0.6)));
      if (rng.uniform() > pAccept) continue;
      seen.add(i);
      cu.push(u);
      ci.push(i);
      cw.push(1 + rng.poisson(0.5));
      ct.push(Math.round((day0 + rng.uniform() * 60) * 1000) / 1000);
    }
  }
  const interactions = buildInteractions(
    o.timestamps ? { userId: cu, itemId: ci, weight: cw, timestamp: ct } : { userId: cu, itemId: ci, weight: cw },
  );
  // Align item truths with first-appearance order.
  const cat: number[] = interactions.itemIds.map((id) => itemCategory[Number(id)]);
  const price: number[] = interactions.itemIds.map((id) => itemPrice[Number(id)]);
  return { interactions, itemCategory: cat, itemPrice: price };
}

interface Alias {
  prob: Float64Array;
  alias: Int32Array;
}

function buildAlias(w: Float64Array): Alias {
  const n = w.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = (w[i] * n) / total;
    (scaled[i] < 1 ? small : large).push(i);
  }
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return { prob, alias };
}

function drawAlias(a: Alias, rng: Rng): number {
  const i = rng.int(a.prob.length);
  return rng.uniform() < a.prob[i] ? i : a.alias[i];
}

/** Weights above this overflow the fits' products and sums (similarities, confidences). */
const MAX_FIT_WEIGHT = 1e100;

/**
 * Internal: throws `EMPTY_INPUT` when the matrix stores no interaction (nothing to fit), and
 * `OUT_OF_RANGE` when a weight is so large that the fit's products would overflow.
 */
export function requireInteractions(m: Interactions, fn: string): void {
  if (m.indices.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["interactions"],
      message: `${fn}: the interactions are empty (no stored user-item pair), so there is nothing to fit. Pass at least one interaction.`,
    });
  }
  for (let p = 0; p < m.values.length; p++) {
    if (m.values[p] > MAX_FIT_WEIGHT) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["interactions", "values", p],
        received: m.values[p],
        message: `${fn}: interaction weight ${m.values[p]} is above ${MAX_FIT_WEIGHT}; the fit's products would overflow. Rescale the weights (divide by their maximum or take log1p) before buildInteractions.`,
      });
    }
  }
}
