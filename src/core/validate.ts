import * as z from "zod";
import { ClienteleError, describeValue, formatPath, type ErrorPath } from "./errors.js";

/**
 * Parses `value` with a zod schema and turns the first issue into a ClienteleError
 * (`INVALID_OPTION` by default) naming the field, what was received and what is expected.
 * Internal helper for public boundaries.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  fn: string,
  opts: { code?: string; root?: string } = {},
): z.output<S> {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  throw zodToClienteleError(res.error, fn, value, opts);
}

/** Parses an options object (undefined is treated as `{}`). */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, fn: string): z.output<S> {
  return parseWith(schema, options ?? {}, fn, { code: "INVALID_OPTION", root: "options" });
}

/** Converts a zod error into a ClienteleError. */
export function zodToClienteleError(
  error: z.ZodError,
  fn: string,
  input: unknown,
  opts: { code?: string; root?: string } = {},
): ClienteleError {
  const issue = error.issues[0];
  const root = opts.root ?? "options";
  const path: (string | number)[] = [root, ...(issue.path as (string | number)[]).filter((p) => typeof p !== "symbol")];
  let received: unknown = input;
  for (const key of issue.path) {
    if (received !== null && typeof received === "object") received = (received as Record<PropertyKey, unknown>)[key];
    else {
      received = undefined;
      break;
    }
  }
  const where = formatPath(path);
  const extra = error.issues.length > 1 ? ` (${error.issues.length - 1} more problem(s) after this one)` : "";
  return new ClienteleError({
    code: opts.code ?? "INVALID_OPTION",
    path,
    received,
    message: `${fn}: ${where} is invalid: ${issue.message}. Got ${describeValue(received)}.${extra}`,
  });
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
        code: min === 0 ? "NEGATIVE_VALUE" : "OUT_OF_RANGE",
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
export function checkModelHeader(model: unknown, kind: string, version: number, fn: string): void {
  if (model === null || typeof model !== "object") {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model"],
      received: model,
      message: `${fn}: expected a saved "${kind}" model object. Got ${describeValue(model)}.`,
    });
  }
  const m = model as { kind?: unknown; version?: unknown };
  if (m.kind !== kind) {
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
