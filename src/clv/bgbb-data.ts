/**
 * BG/BB input: the discrete-time customer columns (frequency, recency, periods), their checks,
 * the work limits, and identical rows grouped into patterns.
 */
import { ClienteleError, describeValue } from "../core/errors.js";
import { checkRowFields, toFloat64Column } from "../core/validate.js";
import { compressRft } from "./compress.js";

/**
 * Work limits of BG/BB, whose likelihood sums over the opportunities between a customer's last
 * transaction and the end (n − t_x + 1 terms per pattern): the fit accepts at most
 * BGBB_FIT_MAX_TERMS such terms over its distinct patterns (each is evaluated with its gradient
 * on every optimizer step), a prediction at most BGBB_PREDICT_MAX_TERMS over its rows, and
 * `periods` above BGBB_MAX_PERIODS is refused: BG/BB models a few discrete opportunities (years,
 * campaigns); for daily data use BG/NBD or Pareto/NBD in continuous time.
 */
export const BGBB_FIT_MAX_TERMS = 2e5;
/** See {@link BGBB_FIT_MAX_TERMS}. */
export const BGBB_PREDICT_MAX_TERMS = 1e7;
/** See {@link BGBB_FIT_MAX_TERMS}. */
export const BGBB_MAX_PERIODS = 1e6;

export function tooLarge(fn: string, what: string): ClienteleError {
  return new ClienteleError({
    code: "TOO_LARGE",
    path: ["periods"],
    message:
      `${fn}: ${what}. BG/BB sums over every transaction opportunity, so periods should count a few discrete ` +
      "opportunities (years, campaigns), not days: aggregate the periods, or use BG/NBD / Pareto/NBD (fitBgNbd, fitParetoNbd) for continuous time.",
  });
}

/**
 * Discrete-time customers for BG/BB: out of `periods` transaction opportunities, a customer
 * transacted at `frequency` of them, the last at opportunity `recency` (0 when never).
 */
export interface BgBbCustomers {
  /** Number of opportunities with a transaction, x (integer, 0 ≤ x ≤ recency). */
  frequency: ArrayLike<number>;
  /** Opportunity of the last transaction, t_x (integer, 0 when x = 0, x ≤ t_x ≤ periods). */
  recency: ArrayLike<number>;
  /** Number of opportunities observed, n (integer ≥ 1). */
  periods: ArrayLike<number>;
}

/** BG/BB fitting data: {@link BgBbCustomers} plus optional `weights` (a count per row). */
export interface BgBbData extends BgBbCustomers {
  /** Non-negative weight per row, e.g. the number of customers sharing the pattern (default 1). */
  weights?: ArrayLike<number>;
}

/** @internal */
export interface Patterns {
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
  w: Float64Array;
  m: number;
}

/** @internal */
export interface Rows {
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
}

/** @internal */
export function readRows(customers: BgBbCustomers, fn: string): Rows {
  if (customers === null || typeof customers !== "object") {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an object with "frequency", "recency" and "periods" columns. Got ${describeValue(customers)}.`,
    });
  }
  checkRowFields(customers as unknown as Record<string, unknown>, ["frequency", "recency", "periods"], fn, ["customers"], {
    frequency: ["x"],
    recency: ["t_x", "tx"],
    periods: ["n", "n_periods", "T"],
  });
  const x = toFloat64Column(customers.frequency, fn, "frequency", { min: 0, integer: true });
  const len = x.length;
  const tx = toFloat64Column(customers.recency, fn, "recency", { min: 0, integer: true }, len);
  const n = toFloat64Column(customers.periods, fn, "periods", { min: 1, integer: true }, len);
  let terms = 0;
  for (let i = 0; i < len; i++) {
    if (n[i] > BGBB_MAX_PERIODS) throw tooLarge(fn, `periods[${i}] is ${n[i]}, above the limit of ${BGBB_MAX_PERIODS}`);
    terms += n[i] - tx[i] + 1;
    if (tx[i] > n[i]) {
      throw new ClienteleError({
        code: "RECENCY_AFTER_T",
        path: ["recency", i],
        received: tx[i],
        message: `${fn}: recency[${i}] is ${tx[i]} but periods is ${n[i]}; the last transaction opportunity must be <= the number of opportunities.`,
      });
    }
    if (x[i] === 0 ? tx[i] !== 0 : x[i] > tx[i]) {
      throw new ClienteleError({
        code: x[i] === 0 ? "RECENCY_WITHOUT_REPEAT" : "OUT_OF_RANGE",
        path: ["recency", i],
        received: tx[i],
        message:
          x[i] === 0
            ? `${fn}: row ${i} has frequency 0 but recency ${tx[i]}; a customer with no transactions has recency 0.`
            : `${fn}: row ${i} has frequency ${x[i]} but recency ${tx[i]}; x transactions at distinct opportunities need recency >= x.`,
      });
    }
  }
  if (terms > BGBB_PREDICT_MAX_TERMS) {
    throw tooLarge(fn, `the rows span ${terms} opportunities after their last transaction (limit ${BGBB_PREDICT_MAX_TERMS}); pass fewer rows at once`);
  }
  return { x, tx, n };
}

/** Merges identical (x, t_x, n) rows, summing weights (hashing the exact values, no key arithmetic). @internal */
export function compress(rows: Rows, w: Float64Array | null): Patterns {
  const c = compressRft(rows.x, rows.tx, rows.n, w ?? undefined);
  return { x: c.frequency, tx: c.recency, n: c.T, w: c.weight, m: c.n };
}
