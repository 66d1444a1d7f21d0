import type * as z from "./schema.js";
import type { ErrorCode } from "./codes.js";
import { ClienteleError, describeValue, formatPath, type ErrorPath } from "./errors.js";

// Names users bring from other libraries (scikit-learn, lifetimes, implicit, R), mapped to
// ours. Used only as a hint, when the suggested name is an option of the function called.
const SYNONYMS: Record<string, readonly string[]> = {
  lambda: ["regularization", "penalty", "lambda_"],
  penalizer_coef: ["penalty"],
  penalizer: ["penalty"],
  l2: ["regularization", "penalty"],
  min_samples: ["minPts", "minSamples"],
  minSamples: ["minPts"],
  n_clusters: ["k"],
  n_components: ["factors", "k"],
  n: ["k", "n"],
  topN: ["k"],
  top_k: ["k"],
  count: ["k"],
  n_init: ["nInit"],
  max_iter: ["maxIter"],
  maxIterations: ["maxIter", "iterations"],
  iterations: ["maxIter"],
  tolerance: ["tol"],
  random_state: ["rng", "seed"],
  seed: ["rng"],
  random: ["rng"],
  abortSignal: ["signal"],
  progress: ["onProgress"],
  callback: ["onProgress"],
  time_unit: ["timeUnit"],
  unit: ["timeUnit"],
  freq: ["timeUnit"],
  discount_rate: ["discountRate"],
  discount: ["discountRate"],
  factors: ["factors"],
  n_factors: ["factors"],
  regularization: ["penalty"],
  penalty: ["regularization"],
  eps: ["eps"],
  epsilon: ["eps"],
};

function normalizeKey(k: string): string {
  return k.replace(/[_\-\s]/g, "").toLowerCase();
}

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

/**
 * The valid name closest to `key` among `known`, or undefined when nothing is close:
 * known synonyms first (`lambda` → `regularization`), then same letters ignoring case and
 * underscores (`max_iter` → `maxIter`), then the smallest edit distance within a third of
 * the length. Internal.
 */
export function nearestName(key: string, known: readonly string[]): string | undefined {
  const syn = Object.hasOwn(SYNONYMS, key) ? SYNONYMS[key] : [];
  for (const s of syn) if (s !== key && known.includes(s)) return s;
  const nk = normalizeKey(key);
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(nk, normalizeKey(k));
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(nk.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

/** "did you mean "x"?" or "valid ones are a, b, c" for an unknown name. */
export function suggestName(key: string, known: readonly string[], what = "options"): string {
  const near = nearestName(key, known);
  if (near !== undefined) return `did you mean "${near}"?`;
  if (known.length === 0) return `this function takes no ${what}.`;
  return `valid ${what} are ${known.map((k) => `"${k}"`).join(", ")}.`;
}

/**
 * Parses `value` with a schema and turns the first issue into a ClienteleError
 * (`INVALID_OPTION` by default) naming the field, what was received and what is expected;
 * an unknown key names the nearest valid one. Internal helper for public boundaries.
 */
export function parseWith<S extends z.ZodType<any>>(schema: S, value: unknown, fn: string, opts: { code?: ErrorCode; root?: string } = {}): z.output<S> {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  throw schemaToClienteleError(res.error, fn, value, opts);
}

/**
 * Parses an options object (`undefined` is treated as `{}`; anything else that is not a
 * plain object is rejected). Unknown keys are rejected with `INVALID_OPTION`, the key in
 * `path`, and the nearest valid name.
 */
// Named keys only: index signatures (`Record<string, never>`) name no option.
type KeysOf<T> = T extends object ? keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] } : never;

/**
 * Compile-time check that an options interface and its schema name the same keys: at every
 * `parseOptions(schema, options, fn)` call whose `options` parameter is typed with the public
 * interface, a key present in one and not the other is a type error naming it. `unknown`
 * options (internal callers) are not checked. Internal.
 */
export type OptionsMatchSchema<S, O> = unknown extends O
  ? unknown // options typed unknown/any: nothing to compare
  : [NonNullable<O>] extends [never]
    ? unknown // undefined or null: no options passed
    : [NonNullable<O>] extends [object]
      ? 0 extends 1 & z.output<S>
        ? unknown // a schema typed any
        : [OnlyIn<NonNullable<O>, z.output<S>>, OnlyIn<z.output<S>, NonNullable<O>>] extends [never, never]
          ? unknown
          : {
              "the options interface and its schema name different keys (interface only, schema only)": [
                OnlyIn<NonNullable<O>, z.output<S>>,
                OnlyIn<z.output<S>, NonNullable<O>>,
              ];
            }
      : unknown; // a primitive: rejected at run time

type OnlyIn<A, B> = Exclude<KeysOf<A>, KeysOf<B>>;

export function parseOptions<S extends z.ZodType<any>, O = unknown>(schema: S & OptionsMatchSchema<S, O>, options: O, fn: string): z.output<S> {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options"],
      received: options,
      message: `${fn}: options must be an object such as { k: 3 }. Got ${describeValue(options)}.`,
    });
  }
  return parseWith(schema, options ?? {}, fn, { code: "INVALID_OPTION", root: "options" });
}

/** Converts a schema failure into a ClienteleError. */
export function schemaToClienteleError(error: z.SchemaError, fn: string, input: unknown, opts: { code?: ErrorCode; root?: string } = {}): ClienteleError {
  const issue = error.issues[0];
  const root = opts.root ?? "options";
  const code = opts.code ?? "INVALID_OPTION";
  if (issue.code === "unrecognized_keys" && issue.keys) {
    const key = issue.keys[0];
    const path: (string | number)[] = [root, ...issue.path, key];
    const what = root === "options" ? "option" : "field";
    const parent = issue.path.length > 0 ? ` in ${formatPath([root, ...issue.path])}` : "";
    return new ClienteleError({
      code,
      path,
      received: key,
      message: `${fn}: unknown ${what} "${key}"${parent}; ${suggestName(key, issue.known ?? [], what + "s")}`,
    });
  }
  const path: (string | number)[] = [root, ...issue.path];
  let received: unknown = input;
  for (const key of issue.path) {
    if (received !== null && typeof received === "object" && Object.hasOwn(received, key)) {
      received = (received as Record<PropertyKey, unknown>)[key];
    } else {
      received = undefined;
      break;
    }
  }
  const where = formatPath(path);
  const extra = error.issues.length > 1 ? ` (${error.issues.length - 1} more problem(s) after this one)` : "";
  return new ClienteleError({
    code,
    path,
    received,
    message: `${fn}: ${where} is invalid: ${issue.message}. Got ${describeValue(received)}.${extra}`,
  });
}

/**
 * Throws `INVALID_OPTION` when `options` (a plain object) has a key outside `known`. For
 * functions whose options are checked by hand rather than by a schema.
 */
export function rejectUnknownKeys(options: unknown, known: readonly string[], fn: string, root = "options"): void {
  if (options === undefined || options === null || typeof options !== "object") return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const what = root === "options" ? "option" : "field";
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: [root, key],
        received: key,
        message: `${fn}: unknown ${what} "${key}"; ${suggestName(key, known, what + "s")}`,
      });
    }
  }
}

/**
 * For row objects: when the field a function reads is absent from `row`, but a near miss is
 * present (`customer_id` for `customerId`, `rating` for `weight`), throws `MISSING_COLUMN`
 * naming both. Call it on the first row only (rows are checked for shape, not each scanned).
 */
export function checkRowFields(
  row: Record<string, unknown>,
  expected: readonly string[],
  fn: string,
  where: ErrorPath,
  aliases: Record<string, readonly string[]> = {},
): void {
  const present = Object.keys(row);
  for (const field of expected) {
    if (Object.hasOwn(row, field)) continue;
    const candidates = present.filter((p) => !expected.includes(p));
    let near = (Object.hasOwn(aliases, field) ? aliases[field] : []).find((a) => present.includes(a));
    if (near === undefined) {
      const n = nearestName(field, candidates);
      if (n !== undefined) near = n;
    }
    if (near !== undefined) {
      throw new ClienteleError({
        code: "MISSING_COLUMN",
        path: [...where, field],
        received: near,
        message: `${fn}: ${formatPath(where)} has a field "${near}" but no "${field}"; this function reads "${field}". Rename the field (e.g. rows.map(r => ({ ...r, ${field}: r.${/^[A-Za-z_$][\w$]*$/.test(near) ? near : `["${near}"]`} })) ).`,
      });
    }
  }
}

/** Throws `EMPTY_INPUT` when `n` is 0. */
export function requireNonEmpty(n: number, fn: string, what: string, path: ErrorPath = [what]): void {
  if (n === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path,
      message: `${fn}: ${what} is empty. Pass at least one ${what === "points" ? "point" : "row"}.`,
    });
  }
}

export interface ColumnCheck {
  /** Minimum allowed value (inclusive). */
  min?: number;
  /** Values must be > this. */
  gt?: number;
  /** Values must be integers. */
  integer?: boolean;
}

/**
 * Copies a numeric column (array or typed array) into a new Float64Array, checking each
 * value in the same pass: finite (`NON_FINITE`), `min` (`NEGATIVE_VALUE` when min is 0,
 * otherwise `OUT_OF_RANGE`), `gt` (`OUT_OF_RANGE`), integer (`NOT_INTEGER`).
 */
export function toFloat64Column(
  values: ArrayLike<number> | undefined,
  fn: string,
  name: string,
  check: ColumnCheck = {},
  expectedLength?: number,
): Float64Array {
  if (values === undefined || values === null || typeof (values as ArrayLike<number>).length !== "number") {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: [name],
      received: values,
      message: `${fn}: column "${name}" is missing. Pass it as an array or Float64Array of numbers.`,
    });
  }
  const n = values.length;
  if (expectedLength !== undefined && n !== expectedLength) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: [name],
      received: n,
      message: `${fn}: column "${name}" has ${n} values but the other columns have ${expectedLength}. All columns must have one value per row.`,
    });
  }
  const out = new Float64Array(n);
  const { min, gt, integer } = check;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${describeValue(v)}; every value must be a finite number. Remove or impute the row.`,
      });
    }
    if (min !== undefined && v < min) {
      throw new ClienteleError({
        code: min === 0 ? ("NEGATIVE_VALUE" as const) : ("OUT_OF_RANGE" as const),
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${v}; it must be >= ${min}.`,
      });
    }
    if (gt !== undefined && !(v > gt)) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${v}; it must be > ${gt}.`,
      });
    }
    if (integer && !Number.isInteger(v)) {
      throw new ClienteleError({
        code: "NOT_INTEGER",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${v}; it must be a whole number (a count).`,
      });
    }
    out[i] = v;
  }
  return out;
}

/** Throws `INVALID_MODEL` unless `model.kind === kind` and `model.version === version`. */
export function checkModelHeader(model: unknown, kind: string, version: number, fn: string, legacyKinds: readonly string[] = []): void {
  if (model === null || typeof model !== "object") {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model"],
      received: model,
      message: `${fn}: expected a saved "${kind}" model object. Got ${describeValue(model)}.`,
    });
  }
  const m = model as { kind?: unknown; version?: unknown };
  if (m.kind !== kind && !legacyKinds.includes(m.kind as string)) {
    throw new ClienteleError({
      code: "WRONG_MODEL_KIND",
      path: ["model", "kind"],
      received: m.kind,
      message: `${fn}: expected a model of kind "${kind}" but got kind ${describeValue(m.kind)}. Pass a model fitted by the matching fit function.`,
    });
  }
  if (m.version !== version) {
    throw new ClienteleError({
      code: "UNSUPPORTED_MODEL_VERSION",
      path: ["model", "version"],
      received: m.version,
      message: `${fn}: "${kind}" model version ${describeValue(m.version)} is not supported by this release (expects ${version}). Refit the model with this version of clientele.`,
    });
  }
}
