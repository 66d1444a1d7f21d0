/**
 * Saved-model validation, built the same way for every clv model kind: the header check
 * (kind with its legacy tags, version), then one schema made by {@link savedModelSchema} from the
 * shared field catalogue, in the order the kind lists its fields (the order of the clean copy).
 */
import * as z from "../core/schema.js";
import { checkModelHeader, parseWith } from "../core/validate.js";
import { LEGACY_KINDS } from "./kinds.js";
import { savedUnitSchema } from "./units.js";

/**
 * Largest parameter of a saved (or hand-built) clv model: every parameter is finite, > 0 and at
 * most 1e10. The BG/NBD-family fits search |log θ| ≤ 20 (θ ≤ 4.9e8) and the BG/BB and Gamma-Gamma
 * fits throw `FIT_FAILED` rather than return a parameter above it, so a larger value was not
 * produced by a fit (a tampered or corrupted file). Tiny positive values are legitimate limits
 * (e.g. BG/BB γ → 0: no dropout) and are accepted.
 */
export const PARAM_MAX = 1e10;
/** Schema of one model parameter. */
export const paramSchema = (): z.ZodNumber => z.number().gt(0).max(PARAM_MAX);

/** Schema of a model's `params`: one positive parameter per name. */
export function paramsSchema(names: readonly string[]): z.ZodType<Record<string, number>> {
  return perParam(names, paramSchema) as z.ZodType<Record<string, number>>;
}

/** Schema of an object with one field per parameter name. */
function perParam(names: readonly string[], field: () => z.ZodType): z.ZodType {
  return z.object(Object.fromEntries(names.map((n) => [n, field()])));
}

/** The schema of every field a saved clv model may carry (numbers are always finite in core/schema). */
const FIELDS = {
  params: (names: readonly string[]) => paramsSchema(names),
  logLikelihood: () => z.number(),
  standardErrors: (names: readonly string[]) => perParam(names, () => z.number().min(0).nullable()),
  confidenceIntervals: (names: readonly string[]) => perParam(names, () => z.tuple([z.number(), z.number()]).nullable()),
  nCustomers: () => z.number().int().min(0),
  nPatterns: () => z.number().int().min(0),
  nSkipped: () => z.number().int().min(0),
  totalWeight: () => z.number().min(0),
  penalty: () => z.number().min(0),
  nIter: () => z.number().int().min(0),
  converged: () => z.boolean(),
  boundary: (names: readonly string[]) => z.array(z.enum(names as unknown as [string, ...string[]])).default(() => []),
  timeUnit: () => savedUnitSchema,
} satisfies Record<string, (names: readonly string[]) => z.ZodType>;

/** A field of a saved model. */
export type SavedField = keyof typeof FIELDS;

/** How one kind is saved: its tag, parameter names, fields in order, and per-kind field schemas. */
export interface SavedModelSpec {
  kind: string;
  names: readonly string[];
  /** The fields after `kind` and `version`, in the order of the clean copy (and of the checks). */
  fields: readonly SavedField[];
  /** Field schemas that differ from the catalogue for this kind (e.g. BG/BB's `timeUnit: "period"`). */
  override?: Partial<Record<SavedField, z.ZodType>>;
}

/** The schema of a saved model of one kind. */
export function savedModelSchema(spec: SavedModelSpec): z.ZodType {
  const shape: Record<string, z.ZodType> = { kind: z.literal(spec.kind), version: z.literal(1) };
  for (const f of spec.fields) shape[f] = spec.override?.[f] ?? FIELDS[f](spec.names);
  return z.object(shape);
}

/**
 * Validates a saved model: header (`WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`; an old tag
 * loads under the new one), then the fields (`INVALID_MODEL`). Returns a clean copy.
 */
export function loadSavedModel(json: unknown, spec: SavedModelSpec, schema: z.ZodType, fn: string): unknown {
  checkModelHeader(json, spec.kind, 1, fn, LEGACY_KINDS[spec.kind] ?? []);
  return parseWith(schema, { ...(json as object), kind: spec.kind }, fn, { code: "INVALID_MODEL", root: "model" });
}

/** Fields of the BG/NBD, MBG/NBD and Pareto/NBD models. */
const TRANSACTION_FIELDS: readonly SavedField[] = [
  "params",
  "logLikelihood",
  "standardErrors",
  "confidenceIntervals",
  "nCustomers",
  "nPatterns",
  "totalWeight",
  "penalty",
  "nIter",
  "converged",
  "boundary",
  "timeUnit",
];

/** The spec of a BG/NBD-family model kind. */
export function transactionModelSpec(kind: string, names: readonly string[]): SavedModelSpec {
  return { kind, names, fields: TRANSACTION_FIELDS };
}

const transactionSchemas = new Map<string, z.ZodType>();

/** Validates a saved BG/NBD-family model (header, then parameter fields) and returns a clean copy. */
export function validateSavedModel(json: unknown, kind: string, names: readonly string[], fn: string): unknown {
  const spec = transactionModelSpec(kind, names);
  let schema = transactionSchemas.get(kind);
  if (schema === undefined) {
    schema = savedModelSchema(spec);
    transactionSchemas.set(kind, schema);
  }
  return loadSavedModel(json, spec, schema, fn);
}
