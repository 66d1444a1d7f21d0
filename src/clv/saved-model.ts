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
export function paramsSchema<P extends string>(names: readonly P[]): z.ZodType<Record<P, number>> {
  return perParam(names, paramSchema) as z.ZodType<Record<P, number>>;
}

/** Schema of an object with one field per parameter name. */
function perParam(names: readonly string[], field: () => z.ZodType): z.ZodType {
  return z.object(Object.fromEntries(names.map((n) => [n, field()])));
}

/** The schema of one field of a saved model, given the model's parameter names. */
export type SavedField = (names: readonly string[]) => z.ZodType;

// The fields the saved clv models share (numbers are always finite in core/schema); each kind lists
// the ones it carries. Separate constants, so a bundle keeps only the fields its kinds use.
/** `params`: one positive parameter per name. */
export const paramsField: SavedField = (names) => paramsSchema(names);
/** `standardErrors`: ≥ 0 or null per parameter. */
export const seField: SavedField = (names) => perParam(names, () => z.number().min(0).nullable());
/** `confidenceIntervals`: a [lo, hi] pair or null per parameter. */
export const ciField: SavedField = (names) => perParam(names, () => z.tuple([z.number(), z.number()]).nullable());
/** A count (`nCustomers`, `nPatterns`, `nSkipped`, `nIter`): a whole number ≥ 0. */
export const countField: SavedField = () => z.number().int().min(0);
/** A non-negative number (`totalWeight`, `penalty`). */
export const nonNegativeField: SavedField = () => z.number().min(0);
/** `logLikelihood`: a finite number. */
export const numberField: SavedField = () => z.number();
/** `converged`. */
export const booleanField: SavedField = () => z.boolean();
/** `timeUnit`: optional (models saved before units were recorded have none). */
export const timeUnitField: SavedField = () => savedUnitSchema;

/** How one kind is saved: its tag, parameter names, and its fields in order with their schemas. */
export interface SavedModelSpec {
  kind: string;
  names: readonly string[];
  /** The fields after `kind` and `version`, in the order of the clean copy (and of the checks). */
  fields: Readonly<Record<string, SavedField>>;
}

/** The schema of a saved model of one kind. */
export function savedModelSchema(spec: SavedModelSpec): z.ZodType {
  const shape: Record<string, z.ZodType> = { kind: z.literal(spec.kind), version: z.literal(1) };
  for (const [name, field] of Object.entries(spec.fields)) shape[name] = field(spec.names);
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

/**
 * Fields of the models fitted by `fitOnLogScale` (BG/BB, Gamma-Gamma), in their saved order; they
 * differ in the unit, the log-likelihood's range and the count after `totalWeight` (`nPatterns` of
 * BG/BB, `nSkipped` of Gamma-Gamma).
 */
export function logScaleFitFields(timeUnit: SavedField, logLikelihood: SavedField, count: "nPatterns" | "nSkipped"): Record<string, SavedField> {
  return {
    timeUnit,
    params: paramsField,
    standardErrors: seField,
    confidenceIntervals: ciField,
    logLikelihood,
    nCustomers: countField,
    totalWeight: nonNegativeField,
    [count]: countField,
    penalty: nonNegativeField,
    nIter: countField,
    converged: booleanField,
  };
}

/** Fields of the BG/NBD, MBG/NBD and Pareto/NBD models. */
const TRANSACTION_FIELDS: Readonly<Record<string, SavedField>> = {
  params: paramsField,
  logLikelihood: numberField,
  standardErrors: seField,
  confidenceIntervals: ciField,
  nCustomers: countField,
  nPatterns: countField,
  totalWeight: nonNegativeField,
  penalty: nonNegativeField,
  nIter: countField,
  converged: booleanField,
  boundary: (names) => z.array(z.enum(names as unknown as [string, ...string[]])).default(() => []),
  timeUnit: timeUnitField,
};

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
