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

/** The purchase-count models: the continuous-time BG/NBD family, and the discrete-time BG/BB. */
export const TRANSACTION_KINDS: readonly string[] = ["bg-nbd", "mbg-nbd", "pareto-nbd"];

/**
 * `WRONG_MODEL_KIND` for a model of a known kind that `fn` has no quantity for, naming what to use
 * instead. `root` is the argument (`"model"`, `"spendModel"`).
 */
export function wrongKindError(fn: string, received: unknown, needs: string, instead: string, root = "model"): ClienteleError {
  return new ClienteleError({
    code: "WRONG_MODEL_KIND",
    path: [root, "kind"],
    received,
    message: `${fn}: ${root}.kind is ${describeValue(received)}; ${fn} needs ${needs}. ${instead}`,
  });
}

/** What a Gamma-Gamma model given to a purchase prediction should use instead. */
export const SPEND_INSTEAD =
  "A Gamma-Gamma model predicts spend, not purchases: use expectedAverageValue(spendModel, customers), or customerLifetimeValue(transactionModel, spendModel, customers).";

/**
 * Throws `WRONG_MODEL_KIND` when `model` is a clv model of another kind than `accepted` (a model of
 * an unknown kind, or not a model, is left to the caller's own checks). `instead` names, per kind,
 * what to call with such a model.
 */
export function requireKind(
  model: unknown,
  fn: string,
  accepted: readonly string[],
  needs: string,
  instead: Readonly<Record<string, string>>,
  root = "model",
): void {
  const kind = kindOf(model);
  if (typeof kind !== "string" || !(kind in LEGACY_KINDS) || accepted.includes(kind)) return;
  throw wrongKindError(fn, (model as { kind?: unknown }).kind, needs, instead[kind] ?? "", root);
}

/** `instead` for the BG/BB-only functions, by function: the shared function that takes every purchase model. */
const BGBB_SHARED: Readonly<Record<string, string>> = {
  bgbbExpectedTransactions: "expectedPurchases(model, t)",
  bgbbProbabilityOfTransactions: "probabilityOfPurchases(model, t, n)",
  bgbbProbabilityAlive: "probabilityAlive(model, customers)",
  bgbbConditionalExpectedTransactions: "conditionalExpectedPurchases(model, customers, t)",
};

/** Throws `WRONG_MODEL_KIND` for a model of another clv kind given to a BG/BB-only function. */
export function requireBgBb(model: unknown, fn: string): void {
  const shared = BGBB_SHARED[fn];
  const forTransaction = shared
    ? `For a BG/NBD, MBG/NBD or Pareto/NBD model call ${shared}, which takes every purchase model (BG/BB included).`
    : "A BG/NBD, MBG/NBD or Pareto/NBD model carries its log-likelihood from the fit (model.logLikelihood).";
  requireKind(model, fn, ["bg-bb"], "a BG/BB model (fitBgBb)", {
    "bg-nbd": forTransaction,
    "mbg-nbd": forTransaction,
    "pareto-nbd": forTransaction,
    "gamma-gamma": SPEND_INSTEAD,
  });
}

/** Throws `WRONG_MODEL_KIND` for a purchase model given where a Gamma-Gamma spend model belongs. */
export function requireSpendModel(model: unknown, fn: string, root = "model"): void {
  const purchases =
    root === "spendModel"
      ? "Pass the transaction model as the first argument and a Gamma-Gamma model from fitGammaGamma as spendModel."
      : "For the purchases of a transaction model use conditionalExpectedPurchases(model, customers, t) or expectedPurchases(model, t).";
  requireKind(
    model,
    fn,
    ["gamma-gamma"],
    "a Gamma-Gamma spend model (fitGammaGamma)",
    { "bg-nbd": purchases, "mbg-nbd": purchases, "pareto-nbd": purchases, "bg-bb": purchases },
    root,
  );
}
