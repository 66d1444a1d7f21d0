// Internal: the time unit of clv models and the data given with them. A fitted model records the
// unit its recency and T were measured in; every function that mixes a model with data, a horizon
// or a discount step reads it, and refuses to guess.
import { ClienteleError, describeValue } from "../core/errors.js";
import { TIME_UNITS, type TimeUnit } from "../core/time.js";
import * as z from "../core/schema.js";

const isUnit = (v: unknown): v is TimeUnit => typeof v === "string" && (TIME_UNITS as readonly string[]).includes(v);

/** `timeUnit` field of saved models: optional (models saved before units were recorded have none). */
export const savedUnitSchema = z.enum(TIME_UNITS as readonly TimeUnit[]).optional();

/** The `timeUnit` a data object (a summary from `summarizeTransactions`) carries, checked; undefined when absent. */
export function dataUnitOf(data: unknown, fn: string, root = "customers"): TimeUnit | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const u = (data as { timeUnit?: unknown }).timeUnit;
  if (u === undefined) return undefined;
  if (!isUnit(u)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [root, "timeUnit"],
      received: u,
      message: `${fn}: ${root}.timeUnit is ${describeValue(u)}; expected "day", "week" or "month" (the unit of recency and T).`,
    });
  }
  return u;
}

function mismatch(fn: string, path: (string | number)[], a: string, aUnit: TimeUnit, b: string, bUnit: TimeUnit): ClienteleError {
  return new ClienteleError({
    code: "UNIT_MISMATCH",
    path,
    received: bUnit,
    message:
      `${fn}: ${a} is in ${aUnit}s but ${b} is in ${bUnit}s. ` +
      `Summarize the data in the model's unit (summarizeTransactions(..., { timeUnit: "${aUnit}" })) or refit the model on data in ${bUnit}s.`,
  });
}

/**
 * The unit of a fit: the option, else the summary's; both given and different → UNIT_MISMATCH;
 * neither → INVALID_OPTION asking for `timeUnit` (bare columns carry no unit, and no unit is assumed).
 */
export function fitUnit(customers: unknown, option: TimeUnit | undefined, fn: string): TimeUnit {
  const data = dataUnitOf(customers, fn);
  if (option !== undefined && data !== undefined && option !== data) {
    throw mismatch(fn, ["options", "timeUnit"], "customers (summary)", data, "options.timeUnit", option);
  }
  const unit = option ?? data;
  if (unit === undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "timeUnit"],
      message:
        `${fn}: the time unit of recency and T is unknown; pass options.timeUnit ("day", "week" or "month"), ` +
        "or fit on the output of summarizeTransactions, which carries its timeUnit. No unit is assumed.",
    });
  }
  return unit;
}

/** Throws UNIT_MISMATCH when the data carry a unit other than the model's (both known). */
export function checkDataUnit(modelUnit: TimeUnit | undefined, data: unknown, fn: string, root = "customers"): void {
  const u = dataUnitOf(data, fn, root);
  if (u !== undefined && modelUnit !== undefined && u !== modelUnit) {
    throw mismatch(fn, [root, "timeUnit"], "the model", modelUnit, root, u);
  }
}

/**
 * The unit a computation needs (CLV's discount steps): the model's; `option` must agree with it;
 * a model saved without a unit needs the option (never assumed) and the data must agree with it.
 */
export function requireModelUnit(modelUnit: TimeUnit | undefined, option: TimeUnit | undefined, data: unknown, fn: string): TimeUnit {
  if (modelUnit !== undefined && option !== undefined && modelUnit !== option) {
    throw mismatch(fn, ["options", "timeUnit"], "the model", modelUnit, "options.timeUnit", option);
  }
  const unit = modelUnit ?? option;
  if (unit === undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "timeUnit"],
      message:
        `${fn}: the model records no timeUnit (it was saved before models carried one), so its time scale is unknown. ` +
        'Pass options.timeUnit ("day", "week" or "month": the unit of the recency and T it was fitted on), or refit it.',
    });
  }
  checkDataUnit(unit, data, fn);
  return unit;
}

/** Throws UNIT_MISMATCH when two models record different units (both known). */
export function checkModelsAgree(a: TimeUnit | undefined, b: TimeUnit | undefined, fn: string, aName: string, bName: string): void {
  if (a !== undefined && b !== undefined && a !== b) throw mismatch(fn, [bName, "timeUnit"], aName, a, bName, b);
}

/** Like {@link fitUnit} for models without a time scale of their own (Gamma-Gamma): undefined when neither is given. */
export function fitUnitOptional(customers: unknown, option: TimeUnit | undefined, fn: string): TimeUnit | undefined {
  const data = dataUnitOf(customers, fn);
  if (option !== undefined && data !== undefined && option !== data) {
    throw mismatch(fn, ["options", "timeUnit"], "customers (summary)", data, "options.timeUnit", option);
  }
  return option ?? data;
}
