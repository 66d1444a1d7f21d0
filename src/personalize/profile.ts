import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { parseOptions } from "../core/validate.js";
import { own, plainObject } from "./inputs.js";

/**
 * The parts {@link customerProfile} joins. Each is another capability's result as it comes:
 * rows with an id field (`id`, `customerId` or `userId`), or columns `{ id: [...], field: [...] }`.
 */
export interface ProfileParts {
  /** Customers to profile (default: every id found in the parts, in order of first appearance). */
  ids?: readonly (string | number)[];
  /** RFM segments: `assignSegments` (clientele/rfm) or `segmentRows` rows (`segment`, `action`, `r`, `f`, `m`). */
  rfm?: unknown;
  /** Cluster labels: `{ id, label }` columns or rows with `cluster` / `label`. */
  cluster?: unknown;
  /** CLV: rows or columns with `clv` or `value`. */
  clv?: unknown;
  /** Churn risk: rows or columns with `churn`, `probability`, `risk` or `score` (in [0, 1]). */
  churn?: unknown;
  /** Recommendations: `recommendAll` rows (`userId`, `items`). */
  recommendations?: unknown;
  /** A {@link nextBestAction} plan (or its `customers` rows). */
  nextBestAction?: unknown;
  /** {@link bestSendTimes} rows. */
  sendTime?: unknown;
}

/** One customer's joined profile: each part is its value, or null when the part has no row for the customer. */
export interface CustomerProfile {
  customerId: string;
  rfm: { segment: string; action: string | null; r: number | null; f: number | null; m: number | null } | null;
  cluster: number | string | null;
  clv: number | null;
  churnRisk: number | null;
  recommendations: { itemId: string; score: number }[] | null;
  nextBestAction: { action: string | null; expectedValue: number; runnerUp: string | null } | null;
  sendTime: { day: number | null; hour: number; timeZone: string; probability: number; nextSendAt: string | null } | null;
  /** Parts given but without a row for this customer, and parts not given at all (stated, never invented). */
  missing: string[];
}

/** Options of {@link customerProfile} (none yet; reserved). */
export type CustomerProfileOptions = Record<string, never>;

const PARTS = ["rfm", "cluster", "clv", "churn", "recommendations", "nextBestAction", "sendTime"] as const;
type Part = (typeof PARTS)[number];
const ID_KEYS = ["customerId", "id", "userId"];

/** Rows of a part keyed by id: from rows with an id field or from columns { id: [...] , ...}. */
function rowsOf(v: unknown, part: string, fn: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  let list: unknown = v;
  if (!Array.isArray(v)) {
    const o = plainObject(v, fn, ["parts", part], `parts.${part}`);
    if (part === "nextBestAction" && Array.isArray(own(o, "customers"))) list = own(o, "customers");
    else {
      const idKeyName = ID_KEYS.find((k) => Array.isArray(own(o, k)));
      if (!idKeyName)
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: ["parts", part],
          message: `${fn}: parts.${part} must be rows with an id, or columns with an "id" array.`,
        });
      const ids = own(o, idKeyName) as unknown[];
      // per-customer columns are the arrays as long as the ids; others (e.g. rfm's segment names) are metadata
      const colMap = new Map<string, ArrayLike<unknown>>();
      for (const k of Object.keys(o)) {
        const c = own(o, k);
        if ((Array.isArray(c) || ArrayBuffer.isView(c)) && (c as ArrayLike<unknown>).length === ids.length) colMap.set(k, c as ArrayLike<unknown>);
      }
      const segIdx = own(o, "segmentIndex");
      const acts = own(o, "actions");
      if (part === "rfm" && colMap.has("segmentIndex") && Array.isArray(acts) && !colMap.has("action")) {
        colMap.set(
          "action",
          Array.from(ids, (_, i) => acts[(segIdx as ArrayLike<number>)[i]] ?? null),
        );
      }
      ids.forEach((id, i) => {
        const row: Record<string, unknown> = Object.create(null);
        for (const [k, c] of colMap) row[k] = c[i];
        add(out, idKey(id, fn, ["parts", part, idKeyName, i]), row, part, fn);
      });
      return out;
    }
  }
  if ((list as unknown[]).length === 0)
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["parts", part],
      message: `${fn}: parts.${part} is empty; leave the part out instead of passing no rows.`,
    });
  (list as unknown[]).forEach((r, i) => {
    const row = plainObject(r, fn, ["parts", part, i], `parts.${part}[${i}]`);
    const k = ID_KEYS.find((key) => own(row, key) !== undefined);
    if (!k)
      throw new ClienteleError({
        code: "MISSING_COLUMN",
        path: ["parts", part, i],
        message: `${fn}: parts.${part}[${i}] has no id field (customerId, id or userId).`,
      });
    add(out, idKey(own(row, k), fn, ["parts", part, i, k]), row, part, fn);
  });
  return out;
}

function add(out: Map<string, Record<string, unknown>>, id: string, row: Record<string, unknown>, part: string, fn: string): void {
  if (out.has(id))
    throw new ClienteleError({
      code: "DUPLICATE_ID",
      path: ["parts", part],
      received: id,
      message: `${fn}: parts.${part} has two rows for customer "${id}"; pass one row per customer.`,
    });
  out.set(id, row);
}

function num(row: Record<string, unknown>, keys: readonly string[], part: string, fn: string, lo = -Infinity, hi = Infinity): number | null {
  for (const k of keys) {
    const v = own(row, k);
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
      throw new ClienteleError({
        code: typeof v === "number" && Number.isFinite(v) ? "OUT_OF_RANGE" : "NON_FINITE",
        path: ["parts", part, k],
        received: v,
        message: `${fn}: parts.${part} field "${k}" is ${describeValue(v)}; expected a finite number${lo > -Infinity ? ` in [${lo}, ${hi}]` : ""}.`,
      });
    }
    return v;
  }
  return null;
}
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null);

function extract(part: Part, row: Record<string, unknown>, fn: string): CustomerProfile[Exclude<Part, "churn" | "cluster" | "clv">] | number | string | null {
  switch (part) {
    case "rfm": {
      const seg = str(own(row, "segment"));
      if (seg === null)
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: ["parts", "rfm", "segment"],
          message: `${fn}: parts.rfm rows need a "segment" (assignSegments or segmentRows from clientele/rfm).`,
        });
      return { segment: seg, action: str(own(row, "action")), r: num(row, ["r"], part, fn), f: num(row, ["f"], part, fn), m: num(row, ["m"], part, fn) };
    }
    case "cluster": {
      const v = own(row, "cluster") ?? own(row, "label") ?? own(row, "labels");
      return typeof v === "number" && Number.isFinite(v) ? v : str(v);
    }
    case "clv":
      return num(row, ["clv", "value"], part, fn);
    case "churn":
      return num(row, ["churn", "churnRisk", "probability", "risk", "score"], part, fn, 0, 1);
    case "recommendations": {
      const items = own(row, "items");
      if (!Array.isArray(items))
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: ["parts", "recommendations", "items"],
          message: `${fn}: parts.recommendations rows need "items" (recommendAll from clientele/recommend).`,
        });
      return items.map((it, i) => {
        const o = plainObject(it, fn, ["parts", "recommendations", "items", i], "a recommendation");
        return { itemId: idKey(own(o, "itemId"), fn, ["parts", "recommendations", "items", i, "itemId"]), score: num(o, ["score"], part, fn) ?? 0 };
      });
    }
    case "nextBestAction": {
      const ru = own(row, "runnerUp");
      return {
        action: str(own(row, "action")),
        expectedValue: num(row, ["expectedValue"], part, fn) ?? 0,
        runnerUp: ru && typeof ru === "object" ? str(own(ru as Record<string, unknown>, "action")) : null,
      };
    }
    case "sendTime": {
      const hour = num(row, ["hour"], part, fn, 0, 23);
      if (hour === null)
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: ["parts", "sendTime", "hour"],
          message: `${fn}: parts.sendTime rows need "hour" (bestSendTimes).`,
        });
      return {
        day: num(row, ["day"], part, fn, 0, 6),
        hour,
        timeZone: str(own(row, "timeZone")) ?? "UTC",
        probability: num(row, ["probability"], part, fn, 0, 1) ?? 0,
        nextSendAt: str(own(row, "nextSendAt")),
      };
    }
  }
}

const partsSchema = z.object({
  ids: z.array(z.union([z.string(), z.number()])).optional(),
  rfm: z.unknown().optional(),
  cluster: z.unknown().optional(),
  clv: z.unknown().optional(),
  churn: z.unknown().optional(),
  recommendations: z.unknown().optional(),
  nextBestAction: z.unknown().optional(),
  sendTime: z.unknown().optional(),
});

/**
 * One plain JSON object per customer joining the library's results: RFM segment, cluster, CLV,
 * churn risk, recommendations, next best action and send time, joined on the customer id (7 and
 * "7" are one customer). A part without a row for a customer is null and named in `missing`;
 * nothing is invented. O(total rows).
 *
 * @param parts - {@link ProfileParts}: each capability's result as it comes
 * @param options - none yet
 * @throws ClienteleError `INVALID_INPUT`, `MISSING_COLUMN`, `DUPLICATE_ID`, `LENGTH_MISMATCH`, `OUT_OF_RANGE` (churn outside [0, 1]), `EMPTY_INPUT`
 * @example
 * import { customerProfile } from "clientele/personalize";
 * const p = customerProfile({
 *   rfm: [{ id: "a", segment: "Champions", action: "Reward them" }],
 *   clv: { id: ["a", "b"], clv: [120.5, 30] },
 *   churn: [{ customerId: "b", probability: 0.7 }],
 * });
 * p.map((c) => [c.customerId, c.rfm?.segment ?? null, c.clv, c.churnRisk]); // => [["a", "Champions", 120.5, null], ["b", null, 30, 0.7]]
 * p[1].missing; // => ["rfm", "cluster", "recommendations", "nextBestAction", "sendTime"]
 */
export function customerProfile(parts: ProfileParts, options: CustomerProfileOptions = {}): CustomerProfile[] {
  const fn = "customerProfile";
  parseOptions(z.object({}), options, fn);
  plainObject(parts, fn, ["parts"], "parts");
  const p = parseOptions(partsSchema, parts, fn) as ProfileParts;
  const maps = new Map<Part, Map<string, Record<string, unknown>>>();
  for (const part of PARTS) if (p[part] !== undefined) maps.set(part, rowsOf(p[part], part, fn));
  let ids: string[];
  if (p.ids !== undefined) ids = p.ids.map((id, i) => idKey(id, fn, ["parts", "ids", i]));
  else {
    const seen = new Set<string>();
    for (const m of maps.values()) for (const id of m.keys()) seen.add(id);
    ids = [...seen];
  }
  if (ids.length === 0)
    throw new ClienteleError({ code: "EMPTY_INPUT", path: ["parts"], message: `${fn}: no customers: pass parts.ids or at least one part with rows.` });
  const key: Record<Part, keyof CustomerProfile> = {
    rfm: "rfm",
    cluster: "cluster",
    clv: "clv",
    churn: "churnRisk",
    recommendations: "recommendations",
    nextBestAction: "nextBestAction",
    sendTime: "sendTime",
  };
  return ids.map((id) => {
    const out: Record<string, unknown> = { customerId: id };
    const missing: string[] = [];
    for (const part of PARTS) {
      const row = maps.get(part)?.get(id);
      const v = row ? extract(part, row, fn) : null;
      out[key[part]] = v;
      if (v === null) missing.push(part);
    }
    out.missing = missing;
    return out as unknown as CustomerProfile;
  });
}
