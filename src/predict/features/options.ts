// Internal: option schemas shared by buildFeatures, buildLabels, backtestSplits, baselineScores
// and churnPropensity (as-of dates, windows, horizon, target), read the way clientele/data reads them.
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { seedOption } from "../../core/options.js";
import { isoDay, optionDay } from "../../data/time.js";
import type { TimestampUnit } from "../../data/types.js";
import type { ExtraColumns } from "./extra.js";

/** A date option: a Date, an ISO-8601 string or a number in `timestampUnit`. */
export type DateInput = Date | string | number;

/** What a label measures in `(asOf, asOf + horizon]`. */
export type LabelTarget = "purchase" | "churn" | "spend";

/** Library model outputs that `include` adds as features. */
export type IncludeModel = "bgnbd" | "rfm" | "cluster";

export const dateOption = (): z.ZodType<DateInput> => z.union([z.date(), z.string(), z.number()]);
export const timestampUnitOption = (): z.ZodType<TimestampUnit> => z.enum(["ms", "s", "yyyymmdd"]);
export const targetOption = (): z.ZodType<LabelTarget> => z.enum(["purchase", "churn", "spend"]);
/** Longest window or horizon: 100 years of days. */
export const MAX_DAYS = 36_525;
export const daysOption = (): z.ZodNumber => z.number().int().min(1).max(MAX_DAYS);
export const DEFAULT_WINDOWS: readonly number[] = [30, 90, 365];

/** Feature options (the part buildFeatures, backtestSplits and churnPropensity share). */
export const featureShape = {
  windows: z.array(daysOption()).min(1).max(12).optional(),
  timestampUnit: timestampUnitOption().default("ms"),
  extra: z.custom<ExtraColumns>((v) => v !== null && typeof v === "object" && !Array.isArray(v), "expected { id, numeric?, categorical? }").optional(),
  include: z
    .array(z.enum(["bgnbd", "rfm", "cluster"]))
    .max(3)
    .optional(),
  modelHorizon: daysOption().default(90),
  clusters: z.number().int().min(2).max(20).default(4),
  seed: seedOption().default(0),
};

/** Parsed feature options in day numbers (internal). */
export interface FeatureSettings {
  windows: number[];
  timestampUnit: TimestampUnit;
  extra: ExtraColumns | undefined;
  include: IncludeModel[];
  modelHorizon: number;
  clusters: number;
  seed: number;
}

/** Feature settings from parsed options; windows sorted, duplicates rejected. */
export function featureSettings(o: z.output<z.ZodObject<typeof featureShape>>, fn: string): FeatureSettings {
  const windows = o.windows ? o.windows.slice() : DEFAULT_WINDOWS.slice();
  const sorted = windows.slice().sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "windows"],
        received: o.windows,
        message: `${fn}: options.windows lists ${sorted[i]} days twice. Give each window once, e.g. [30, 90, 365].`,
      });
    }
  }
  const include = o.include ?? [];
  if (new Set(include).size !== include.length) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "include"],
      received: include,
      message: `${fn}: options.include lists a model twice. Give each of "bgnbd", "rfm", "cluster" at most once.`,
    });
  }
  return {
    windows: sorted,
    timestampUnit: o.timestampUnit,
    extra: o.extra,
    include: include as IncludeModel[],
    modelHorizon: o.modelHorizon,
    clusters: o.clusters,
    seed: o.seed,
  };
}

/** Throws INVALID_OPTION when a required date option is absent (before the schema, for a clearer message). */
export function requireOption(options: unknown, key: string, fn: string, what: string): void {
  const o = options as Record<string, unknown> | undefined;
  if (o !== null && typeof o === "object" && !Array.isArray(o) && o[key] === undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", key],
      received: undefined,
      message: `${fn}: options.${key} is required: ${what}.`,
    });
  }
  if (o === undefined) {
    throw new ClienteleError({ code: "INVALID_OPTION", path: ["options"], received: o, message: `${fn}: options are required, at least { ${key} }: ${what}.` });
  }
}

/** UTC day of a date option (INVALID_OPTION when it is not a timestamp). */
export function dayOption(v: DateInput, fn: string, name: string, unit: TimestampUnit): number {
  return optionDay(v, fn, name, unit);
}

/** Throws INVALID_OPTION when the label window (asOf, asOf + horizon] runs past the data's end day. */
export function checkObserved(asOf: number, horizon: number, endDay: number, fn: string, path: (string | number)[] = ["options", "horizon"]): void {
  if (asOf + horizon > endDay) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path,
      received: horizon,
      message:
        `${fn}: the label window (${isoDay(asOf)}, ${isoDay(asOf + horizon)}] runs past the end of the data (${isoDay(endDay)}), ` +
        `so customers who buy after ${isoDay(endDay)} would be counted as not buying. Move asOf to ${isoDay(endDay - horizon)} or earlier, ` +
        `shorten the horizon, or pass observationEnd if the data really runs later.`,
    });
  }
}

export { describeValue, isoDay };
