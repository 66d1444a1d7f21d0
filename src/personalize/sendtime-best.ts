import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { createRng } from "../core/rng.js";
import { rngOption, seedOption } from "../core/options.js";
import type { Rng } from "../core/rng.js";
import { parseOptions } from "../core/validate.js";
import { nonEmptyList, own } from "./inputs.js";
import { checkSendTime, posterior, type SendTimeModel } from "./sendtime.js";
import { checkZone, hourOfWeek, MS_PER_HOUR, toMs } from "./time.js";

/** A window of allowed local send hours: [from, to) on the given weekdays (0 = Monday ... 6 = Sunday; default all). */
export interface SendWindow {
  days?: readonly number[];
  /** First allowed local hour (0-23). */
  from: number;
  /** End hour, exclusive (1-24). */
  to: number;
}

/** Options of {@link bestSendTimes}. */
export interface BestSendTimesOptions {
  /** Allowed local windows (default: every hour). */
  windows?: readonly SendWindow[];
  /** Local hours never used, [from, to) wrapping midnight (e.g. { from: 21, to: 8 }). */
  quietHours?: { from: number; to: number };
  /** "mean" (default: highest posterior mean) or "thompson" (a draw from each slot's posterior: keeps exploring). */
  mode?: "mean" | "thompson";
  /** Seed of the Thompson draws (default 0). */
  seed?: number;
  /** Generator for the Thompson draws (overrides seed; continues its stream). */
  rng?: Rng;
  /** When given, each result carries the next UTC instant at or after this time that falls in the chosen local slot. */
  from?: Date | string | number;
}

/** A customer to schedule: an id, or an id with a time zone and segment for customers the model has not seen. */
export type SendTimeCustomer = string | number | { id: string | number; timeZone?: string; segment?: string };

/** The send time chosen for one customer. */
export interface SendTimeChoice {
  customerId: string;
  /** Slot index (hour of week 0-167 from Monday 00:00, or hour of day). */
  slot: number;
  /** Local weekday (0 = Monday), or null for hour-of-day models. */
  day: number | null;
  /** Local hour (0-23). */
  hour: number;
  /** Posterior mean response probability of the slot. */
  probability: number;
  /** The Thompson draw that chose the slot (null in "mean" mode). */
  sampled: number | null;
  /** Where the estimate comes from: the customer's own history, their segment, or the population. */
  source: "customer" | "segment" | "population";
  timeZone: string;
  /** Next UTC send instant in the slot (ISO-8601), when `from` was given. */
  nextSendAt: string | null;
}

const hour = z.number().int().min(0).max(24);
const schema = z.object({
  windows: z.array(z.object({ days: z.array(z.number().int().min(0).max(6)).optional(), from: hour, to: hour })).optional(),
  quietHours: z.object({ from: hour, to: hour }).optional(),
  mode: z.enum(["mean", "thompson"]).default("mean"),
  seed: seedOption().optional(),
  rng: rngOption().optional(),
  from: z.union([z.string(), z.number(), z.date()]).optional(),
});

/**
 * The best send slot per customer from a {@link fitSendTime} model, within allowed windows and
 * outside quiet hours (both in the customer's local time): the slot with the highest posterior
 * mean, or in "thompson" mode a draw from every allowed slot's Beta posterior (seeded), so sends
 * keep exploring slots that might be better. Customers the model has not seen get their
 * segment's (or the population's) slots. O(customers x slots).
 *
 * @param model - from {@link fitSendTime} (or {@link sendTimeFromJSON})
 * @param customers - ids, or `{ id, timeZone, segment }`
 * @param options - {@link BestSendTimesOptions}
 * @throws ClienteleError `INVALID_MODEL`, `EMPTY_INPUT`, `INVALID_OPTION` (no allowed slot), `INVALID_INPUT` (unknown time zone)
 * @example
 * import { bestSendTimes, fitSendTime } from "clientele/personalize";
 * const m = fitSendTime([
 *   { customerId: 1, timestamp: "2026-11-02T09:00:00Z", type: "send" },
 *   { customerId: 1, timestamp: "2026-11-02T09:20:00Z", type: "open" },
 *   { customerId: 1, timestamp: "2026-11-03T18:00:00Z", type: "send" },
 * ], { slots: "hour-of-day" });
 * const [c] = bestSendTimes(m, [1], { windows: [{ from: 8, to: 20 }], from: "2026-12-04T00:00:00Z" });
 * [c.hour, c.source, c.nextSendAt]; // => [9, "customer", "2026-12-04T09:00:00.000Z"]
 */
export function bestSendTimes(model: SendTimeModel, customers: readonly SendTimeCustomer[], options: BestSendTimesOptions = {}): SendTimeChoice[] {
  const fn = "bestSendTimes";
  const m = checkSendTime(model, fn);
  const opts = parseOptions(schema, options, fn);
  const list = nonEmptyList(customers, fn, "customers");
  const S = m.slots;
  const allowed = new Array<boolean>(S).fill(false);
  for (let s = 0; s < S; s++) {
    const day = S === 168 ? Math.floor(s / 24) : -1;
    const h = s % 24;
    let ok = opts.windows === undefined || opts.windows.some((w) => (w.days === undefined || day < 0 || w.days.includes(day)) && h >= w.from && h < w.to);
    if (ok && opts.quietHours) {
      const q = opts.quietHours;
      const quiet = q.from <= q.to ? h >= q.from && h < q.to : h >= q.from || h < q.to;
      if (quiet) ok = false;
    }
    allowed[s] = ok;
  }
  if (!allowed.some(Boolean))
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "windows"],
      message: `${fn}: no slot is allowed by the windows outside the quiet hours; widen a window or shorten the quiet hours.`,
    });
  const rng = opts.mode === "thompson" ? (opts.rng ?? createRng(opts.seed ?? 0)) : undefined;
  const from = opts.from === undefined ? undefined : toMs(opts.from, fn, ["options", "from"]);
  const index = new Map(m.customers.id.map((id, i) => [id, i]));
  return Array.from(list, (c, j) => {
    const obj = c !== null && typeof c === "object" ? (c as Record<string, unknown>) : null;
    const id = idKey(obj ? own(obj, "id") : c, fn, obj ? ["customers", j, "id"] : ["customers", j]);
    const i = index.get(id) ?? -1;
    const seg = i >= 0 ? m.customers.segment[i] : obj && typeof own(obj, "segment") === "string" ? (own(obj, "segment") as string) : null;
    const tzIn = obj ? own(obj, "timeZone") : undefined;
    const zone = tzIn !== undefined ? checkZone(tzIn, fn, ["customers", j, "timeZone"]) : i >= 0 ? checkZone(m.customers.timeZone[i], fn, ["model"]) : "UTC";
    const post = posterior(m, i, seg);
    let best = -1;
    let bestScore = -Infinity;
    let sampled: number | null = null;
    for (let s = 0; s < S; s++) {
      if (!allowed[s]) continue;
      const a = post.alpha[s];
      const b = post.beta[s];
      const score = rng ? rng.beta(a, b) : a / (a + b);
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    if (rng) sampled = bestScore;
    let next: string | null = null;
    if (from !== undefined) {
      const start = Math.ceil(from / MS_PER_HOUR) * MS_PER_HOUR;
      for (let h = 0; h < 24 * 8; h++) {
        const t = start + h * MS_PER_HOUR;
        if (hourOfWeek(t, zone) % S === best) {
          next = new Date(t).toISOString();
          break;
        }
      }
    }
    const source = i >= 0 ? "customer" : seg !== null && own(m.segments, seg) !== undefined ? "segment" : "population";
    return {
      customerId: id,
      slot: best,
      day: S === 168 ? Math.floor(best / 24) : null,
      hour: best % 24,
      probability: post.alpha[best] / (post.alpha[best] + post.beta[best]),
      sampled,
      source,
      timeZone: zone,
      nextSendAt: next,
    };
  });
}
