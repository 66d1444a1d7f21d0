// Time units, one definition for the whole library.

/**
 * The unit in which recency, T, horizons and rates are measured. `"week"` is 7 days and
 * `"month"` is `DAYS_PER_MONTH` = 365.25 / 12 = 30.4375 days (the mean Gregorian
 * month), everywhere in the library.
 */
export type TimeUnit = "day" | "week" | "month";

/** The time units, for option schemas and messages. */
export const TIME_UNITS: readonly TimeUnit[] = ["day", "week", "month"];

/** Days in the library's month: 365.25 / 12 = 30.4375 (mean Gregorian month). */
export const DAYS_PER_MONTH = 365.25 / 12;

/**
 * lifetimes' month, kept only where a result is compared with lifetimes: 4.345 weeks (and 30
 * days in its daily convention). Not the library's month; see {@link DAYS_PER_MONTH}.
 */
export const LIFETIMES_WEEKS_PER_MONTH = 4.345;

/** Days per unit: day 1, week 7, month 30.4375. */
export function daysPerUnit(unit: TimeUnit): number {
  return unit === "day" ? 1 : unit === "week" ? 7 : DAYS_PER_MONTH;
}

/** How many `to` units one `from` unit is (e.g. unitsPer("month", "week") = 4.348…). */
export function unitsPer(from: TimeUnit, to: TimeUnit): number {
  return daysPerUnit(from) / daysPerUnit(to);
}
