import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { normalQuantile } from "../core/numeric.js";
import { parseOptions } from "../core/validate.js";
import { labelColumn, numberColumn } from "./inputs.js";

/** Options of {@link averageTreatmentEffects}. */
export interface AverageTreatmentEffectsOptions {
  /** The control arm's label. Default "control". */
  control?: string | number;
  /** Two-sided confidence level of the intervals. Default 0.95. */
  confidence?: number;
}

/** One arm's mean outcome and its average effect against control (difference of means). */
export interface ArmEffect {
  /** Arm label (string form). */
  arm: string;
  /** True for the control arm (its effect is 0). */
  control: boolean;
  /** Rows in the arm. */
  n: number;
  /** Mean outcome. */
  mean: number;
  /** Mean minus the control mean. */
  effect: number;
  /** Welch standard error of the difference (0 for control). */
  standardError: number;
  /** Normal-approximation interval of the effect. */
  lower: number;
  /** Upper end of that interval. */
  upper: number;
}

const schema = z.object({
  control: z.union([z.string(), z.number()]).default("control"),
  confidence: z.number().gt(0).lt(1).default(0.95),
});

/**
 * The average treatment effect of every arm in a randomized experiment: the difference between
 * its mean outcome and the control's, with a Welch standard error and a normal interval. Arms are
 * listed control first, then in order of first appearance. Sums are compensated (Neumaier), so the
 * means equal an independent computation to about 1e-15. O(n).
 *
 * @param treatment - arm label per row
 * @param y - outcome per row (numbers or booleans)
 * @param options - `control` (default "control"), `confidence` (default 0.95)
 * @throws ClienteleError `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_OPTION` (control not present), `TOO_FEW_OBSERVATIONS`
 * @example
 * import { averageTreatmentEffects } from "clientele/personalize";
 * const e = averageTreatmentEffects(["control", "control", "a", "a"], [0, 1, 1, 1]);
 * e.map((r) => [r.arm, r.effect]); // => [["control", 0], ["a", 0.5]]
 */
export function averageTreatmentEffects(
  treatment: ArrayLike<string | number>,
  y: ArrayLike<number | boolean>,
  options: AverageTreatmentEffectsOptions = {},
): ArmEffect[] {
  const fn = "averageTreatmentEffects";
  const opts = parseOptions(schema, options, fn);
  const arms = labelColumn(treatment, fn, "treatment");
  const yy = numberColumn(y, fn, "y", arms.length, true);
  const control = String(opts.control);
  const acc = new Map<string, { n: number; s: number; c: number; rows: number[] }>();
  arms.forEach((a, i) => {
    let e = acc.get(a);
    if (!e) acc.set(a, (e = { n: 0, s: 0, c: 0, rows: [] }));
    e.n++;
    const t = e.s + yy[i];
    e.c += Math.abs(e.s) >= Math.abs(yy[i]) ? e.s - t + yy[i] : yy[i] - t + e.s;
    e.s = t;
    e.rows.push(i);
  });
  if (!acc.has(control)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "control"],
      received: opts.control,
      message: `${fn}: the control arm "${control}" is not among the treatment labels. Pass options.control.`,
    });
  }
  const stats = [...acc.entries()].map(([arm, e]) => {
    const mean = (e.s + e.c) / e.n;
    let ss = 0;
    for (const i of e.rows) ss += (yy[i] - mean) ** 2;
    return { arm, n: e.n, mean, v: e.n > 1 ? ss / (e.n - 1) : 0 };
  });
  const c = stats.find((s) => s.arm === control)!;
  if (c.n < 2)
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["treatment"],
      message: `${fn}: the control arm has ${c.n} row; it needs at least 2 for a standard error.`,
    });
  const zq = normalQuantile(1 - (1 - opts.confidence) / 2);
  const ordered = [c, ...stats.filter((s) => s.arm !== control)];
  return ordered.map((s) => {
    const isC = s.arm === control;
    const effect = isC ? 0 : s.mean - c.mean;
    const se = isC ? 0 : Math.sqrt(s.v / s.n + c.v / c.n);
    return { arm: s.arm, control: isC, n: s.n, mean: s.mean, effect, standardError: se, lower: effect - zq * se, upper: effect + zq * se };
  });
}
