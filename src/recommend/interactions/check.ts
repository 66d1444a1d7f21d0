// The saved-matrix schema and the checks every fit and scorer runs on an interaction matrix
// (cached per object).
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import type { Interactions } from "./types.js";

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

/** Internal: validates (deeply when `deep`) and returns the interactions. Cached per object. */
export const checked = new WeakSet<object>();
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
    if (m.timestamps)
      for (let p = 0; p < nnz; p++) if (!Number.isFinite(m.timestamps[p])) bad(`timestamps[${p}] must be finite.`, ["interactions", "timestamps", p]);
    for (const [name, ids] of [
      ["userIds", m.userIds],
      ["itemIds", m.itemIds],
    ] as const) {
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
