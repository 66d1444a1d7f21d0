// Reading a context at the public boundary: the user features x (d) and, for shared and hybrid
// models, one action-feature row z_a (k) per arm, checked in the pass that copies them into
// reusable typed buffers. Internal.

import { ClienteleError, describeValue } from "../../core/errors.js";
import { MAX_FEATURE, type ContextualBanditState } from "./state.js";

/**
 * A context for one decision.
 * - disjoint model: the user feature vector x (d numbers), or `{ user: x }`;
 * - shared model: one action-feature row per arm (`arms[a]`, k numbers each), given as that
 *   array of rows or `{ arms }`;
 * - hybrid model: `{ user: x, arms }`.
 */
export type ContextInput = ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | { user?: ArrayLike<number>; arms?: ReadonlyArray<ArrayLike<number>> };

/**
 * Reusable buffers: user features, action features (arms x k). Calls never nest. `src` is the
 * disjoint context array last read in full (and `d` its length), so that the update that follows
 * a decision on the same array only confirms its values instead of checking them again.
 */
export const CTX = { x: new Float64Array(16), z: new Float64Array(64), src: null as unknown, d: -1 };

/**
 * True (and CTX.x refreshed) when `v` is the array read last and still holds, entry by entry,
 * the same numbers (strict equality: a value equal to a checked finite number is one).
 */
function sameAsLast(v: unknown, d: number): boolean {
  if (v !== CTX.src || CTX.d !== d || !isArrayLike(v) || v.length !== d) return false;
  const x = CTX.x;
  for (let i = 0; i < d; i++) {
    const e = v[i];
    if (e !== x[i]) return false;
    x[i] = e as number;
  }
  return true;
}

function bad(
  fn: string,
  path: ReadonlyArray<string | number>,
  code: "INVALID_INPUT" | "SHAPE_MISMATCH" | "NON_FINITE" | "OUT_OF_RANGE" | "MISSING_VALUE",
  received: unknown,
  message: string,
): ClienteleError {
  return new ClienteleError({ code, path, received, message: `${fn}: ${message}` });
}

const isArrayLike = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

function copyVector(v: unknown, len: number, out: Float64Array, offset: number, fn: string, path: ReadonlyArray<string | number>, what: string): void {
  if (!isArrayLike(v))
    throw bad(
      fn,
      path,
      v === undefined || v === null ? "MISSING_VALUE" : "INVALID_INPUT",
      v,
      `${what} must be an array of ${len} numbers. Got ${describeValue(v)}.`,
    );
  if (v.length !== len) {
    throw bad(
      fn,
      path,
      "SHAPE_MISMATCH",
      v.length,
      `${what} has ${v.length} features but the bandit was created with ${len}. Pass the features in the order and number used at creation (createContextualBandit's ${what.startsWith("the user") ? "dimension" : "sharedDimension"}).`,
    );
  }
  for (let i = 0; i < len; i++) {
    const x = v[i];
    if (typeof x !== "number" || !(x >= -MAX_FEATURE && x <= MAX_FEATURE)) {
      if (typeof x === "number" && !Number.isFinite(x))
        throw bad(
          fn,
          [...path, i],
          "NON_FINITE",
          x,
          `${what}[${i}] is ${x}; features must be finite numbers. Impute or drop missing features before choosing.`,
        );
      if (typeof x === "number")
        throw bad(fn, [...path, i], "OUT_OF_RANGE", x, `${what}[${i}] is ${x}; features must lie in [-1e50, 1e50]. Standardize the features.`);
      throw bad(
        fn,
        [...path, i],
        x === null || x === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
        x,
        `${what}[${i}] must be a finite number. Got ${describeValue(x)}.`,
      );
    }
    out[offset + i] = x;
  }
}

const CONTEXT_PATH: ReadonlyArray<string | number> = ["context"];

/** Checks a context for `state` and copies it into CTX.x (d) and CTX.z (arms x k). */
export function readContext(state: ContextualBanditState, context: unknown, fn: string, path: ReadonlyArray<string | number> = CONTEXT_PATH): void {
  const d = state.dimension;
  const k = state.sharedDimension;
  const K = state.arms.length;
  if (state.model === "disjoint" && sameAsLast(context, d)) return;
  CTX.src = null;
  if (CTX.x.length < d) CTX.x = new Float64Array(d);
  if (CTX.z.length < K * k) CTX.z = new Float64Array(K * k);
  let user: unknown;
  let arms: unknown;
  if (isArrayLike(context)) {
    if (state.model === "disjoint") user = context;
    else if (state.model === "shared") arms = context;
    else
      throw bad(
        fn,
        path,
        "INVALID_INPUT",
        context,
        `the hybrid model takes { user, arms }: the user features (${d}) and one row of ${k} action features per arm.`,
      );
  } else if (typeof context === "object" && context !== null) {
    const c = context as Record<string, unknown>;
    for (const key of Object.keys(c)) {
      if (key !== "user" && key !== "arms")
        throw bad(fn, [...path, key], "INVALID_INPUT", key, `unknown context field ${JSON.stringify(key)}; a context is { user, arms }.`);
    }
    user = c.user;
    arms = c.arms;
  } else {
    throw bad(
      fn,
      path,
      context === undefined || context === null ? "MISSING_VALUE" : "INVALID_INPUT",
      context,
      `the context must be ${state.model === "disjoint" ? `an array of ${d} features` : state.model === "shared" ? `one row of ${k} action features per arm` : "{ user, arms }"}. Got ${describeValue(context)}.`,
    );
  }
  if (d > 0) copyVector(user, d, CTX.x, 0, fn, state.model === "disjoint" && isArrayLike(context) ? path : [...path, "user"], "the user context");
  else if (user !== undefined)
    throw bad(fn, [...path, "user"], "INVALID_INPUT", user, "the shared model has no user features; put every feature into the per-arm rows (arms).");
  if (k > 0) {
    const ap = state.model === "shared" && isArrayLike(context) ? path : [...path, "arms"];
    if (!isArrayLike(arms))
      throw bad(
        fn,
        ap,
        arms === undefined || arms === null ? "MISSING_VALUE" : "INVALID_INPUT",
        arms,
        `the ${state.model} model needs one row of ${k} action features per arm (arms). Got ${describeValue(arms)}.`,
      );
    if (arms.length !== K)
      throw bad(
        fn,
        ap,
        "SHAPE_MISMATCH",
        arms.length,
        `arms has ${arms.length} rows but the bandit has ${K} arms; give one action-feature row per arm, in the order of state.arms.`,
      );
    for (let a = 0; a < K; a++) copyVector(arms[a], k, CTX.z, a * k, fn, [...ap, a], `the action features of arm ${a}`);
  } else if (arms !== undefined) {
    throw bad(fn, [...path, "arms"], "INVALID_INPUT", arms, "the disjoint model has no action features; pass only the user features.");
  }
  if (state.model === "disjoint" && user === context) {
    CTX.src = context;
    CTX.d = d;
  }
}
