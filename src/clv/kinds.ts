/**
 * The model kinds of `clientele/clv` and their vocabulary: the current tags, the tags models were
 * saved with before 0.2 (which still load), and the error thrown when a function is given a model
 * of a kind it has no quantity for (naming the function that does).
 */
import { ClienteleError, describeValue } from "../core/errors.js";

/** Model kind tags (lowercase kebab-case) and the tags models were saved with before 0.2, which still load. */
export const LEGACY_KINDS: Readonly<Record<string, readonly string[]>> = {
  "bg-nbd": ["bgnbd"],
  "mbg-nbd": ["mbgnbd"],
  "pareto-nbd": ["paretonbd"],
  "bg-bb": ["bgbb"],
  "gamma-gamma": ["gammagamma"],
};

/** The current tag of a kind, old tags mapped to their new names; other values are returned as they are. */
export function canonicalKind(kind: unknown): unknown {
  for (const k in LEGACY_KINDS) if (kind === k || LEGACY_KINDS[k].includes(kind as string)) return k;
  return kind;
}

/** The canonical kind of a model object (undefined for a non-object). */
export function kindOf(model: unknown): unknown {
  return model !== null && typeof model === "object" ? canonicalKind((model as { kind?: unknown }).kind) : undefined;
}

/**
 * `WRONG_MODEL_KIND` for a model of a known kind that `fn` has no quantity for, naming what to use
 * instead (`instead`: e.g. "expectedAverageValue (a Gamma-Gamma model predicts spend per transaction, not purchases)").
 */
export function wrongKindError(fn: string, received: unknown, expected: string, instead: string): ClienteleError {
  return new ClienteleError({
    code: "WRONG_MODEL_KIND",
    path: ["model", "kind"],
    received,
    message: `${fn}: model.kind is ${describeValue(received)}; ${fn} needs ${expected}. ${instead}`,
  });
}
