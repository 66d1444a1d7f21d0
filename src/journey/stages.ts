import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { parseOptions } from "../core/validate.js";
import type { TimestampUnit } from "../data/index.js";
import { transitionMatrix, type TransitionMatrix } from "../rfm/index.js";
import { isoMs, optionMs, readEvents, type JourneyEventRow, type SortedEvents } from "./events.js";
import type { Unknowns } from "./sessions.js";

/** A funnel stage and the events that put a customer in it (an event matches when its `event` or its `channel` is listed). */
export interface StageRule {
  /** Stage name ("awareness", "consideration", ...). */
  name: string;
  /** Event names that mean this stage. */
  events?: string[];
  /** Channels that mean this stage (e.g. "display" for awareness). */
  channels?: string[];
}

/** Options of {@link assignStages}. */
export interface AssignStagesOptions {
  /** Funnel stages in order, first to last (e.g. awareness → consideration → intent → purchase → retention → advocacy). */
  stages: StageRule[];
  /** Stage as of this time (Date, ISO string or number in `timestampUnit`); later events are ignored. Default: the last event. */
  asOf?: Date | string | number;
  /** `"furthest"` (default): the furthest stage reached. `"latest"`: the stage of the latest matching event. */
  mode?: "furthest" | "latest";
  /** How numeric timestamps are read. Default `"ms"`. */
  timestampUnit?: TimestampUnit;
}

/** Each staged customer's current stage (customers in order of first appearance) and the events no rule matched. */
export interface CustomerStages {
  n: number;
  customerId: string[];
  stage: string[];
  /** Position of the stage in `options.stages`. */
  stageIndex: number[];
  /** When the customer entered the current stage (ISO-8601 UTC). */
  enteredAt: string[];
  /** Days from `enteredAt` to `asOf`. */
  daysInStage: number[];
  asOf: string;
  /** Customers with events but none matching a rule by `asOf` (not in the columns). */
  unstaged: number;
  /** Events no stage rule matches (by event name, or channel when the event has no name). */
  unmatchedEvents: Unknowns;
}

/** Options of {@link stageTransitions}. */
export interface StageTransitionsOptions extends Omit<AssignStagesOptions, "asOf"> {
  /** The earlier date. */
  from: Date | string | number;
  /** The later date. */
  to: Date | string | number;
}

/** Options of {@link funnelReport}. */
export interface FunnelReportOptions extends AssignStagesOptions {
  /** Segment per customer (`{ customerId, segment }` rows); customers not listed are in "(none)". Default: no segments. */
  segments?: { customerId: string | number; segment: string }[];
}

/** One stage of the funnel for one segment ("(all)" for everyone). */
export interface FunnelRow {
  segment: string;
  stage: string;
  /** Customers who reached this stage or a later one. */
  customers: number;
  /** customers / customers of the previous stage (null for the first stage or an empty previous stage). */
  conversionFromPrevious: number | null;
  /** 1 - conversionFromPrevious. */
  dropOff: number | null;
  /** customers / customers of the first stage (null when that is 0). */
  conversionFromFirst: number | null;
}

const rule = z.object({ name: z.string().min(1), events: z.array(z.string().min(1)).optional(), channels: z.array(z.string().min(1)).optional() });
const dateOpt = z.union([z.date(), z.string(), z.number()]);
const baseShape = {
  stages: z.array(rule).min(1).max(1000),
  mode: z.enum(["furthest", "latest"]).default("furthest"),
  timestampUnit: z.enum(["ms", "s", "yyyymmdd"]).default("ms"),
};
const stageOptions = z.object({ ...baseShape, asOf: dateOpt.optional() });
const transitionOptions = z.object({ ...baseShape, from: dateOpt, to: dateOpt });
const funnelOptions = z.object({
  ...baseShape,
  asOf: dateOpt.optional(),
  segments: z.array(z.object({ customerId: z.union([z.string(), z.number()]), segment: z.string().min(1) })).optional(),
});

type Rules = z.output<typeof stageOptions>["stages"];

function ruleIndex(rules: Rules, fn: string): { byEvent: Map<string, number>; byChannel: Map<string, number> } {
  const byEvent = new Map<string, number>();
  const byChannel = new Map<string, number>();
  const names = new Set<string>();
  rules.forEach((r, i) => {
    if (names.has(r.name)) {
      throw new ClienteleError({
        code: "DUPLICATE_SEGMENT",
        path: ["options", "stages", i, "name"],
        received: r.name,
        message: `${fn}: stage "${r.name}" is defined twice; give each stage one rule with all its events.`,
      });
    }
    names.add(r.name);
    if ((r.events ?? []).length === 0 && (r.channels ?? []).length === 0) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "stages", i],
        message: `${fn}: stage "${r.name}" has no events and no channels; list what puts a customer in it.`,
      });
    }
    // an event listed under two stages counts for the later (further) one
    for (const e of r.events ?? []) byEvent.set(e, i);
    for (const c of r.channels ?? []) byChannel.set(c, i);
  });
  return { byEvent, byChannel };
}

function stagesAt(ev: SortedEvents, rules: Rules, asOfMs: number, mode: "furthest" | "latest", fn: string): CustomerStages {
  const { byEvent, byChannel } = ruleIndex(rules, fn);
  const out: CustomerStages = {
    n: 0,
    customerId: [],
    stage: [],
    stageIndex: [],
    enteredAt: [],
    daysInStage: [],
    asOf: isoMs(asOfMs),
    unstaged: 0,
    unmatchedEvents: { count: 0, values: [] },
  };
  const seen = new Set<string>();
  let k = 0;
  while (k < ev.n) {
    const c = ev.customer[k];
    let cur = -1;
    let entered = 0;
    for (; k < ev.n && ev.customer[k] === c; k++) {
      if (ev.ms[k] > asOfMs) continue;
      const e = ev.event[k];
      const ch = ev.channel[k];
      let s = e === null ? undefined : byEvent.get(e);
      if (s === undefined && ch !== null) s = byChannel.get(ch);
      if (s === undefined) {
        out.unmatchedEvents.count++;
        const label = e ?? ch ?? "(no event or channel)";
        if (!seen.has(label) && seen.size < 100) {
          seen.add(label);
          out.unmatchedEvents.values.push(label);
        }
        continue;
      }
      if (mode === "furthest" ? s > cur : s !== cur) {
        cur = s;
        entered = ev.ms[k];
      }
    }
    if (cur < 0) {
      out.unstaged++;
      continue;
    }
    out.n++;
    out.customerId.push(ev.customers[c]);
    out.stage.push(rules[cur].name);
    out.stageIndex.push(cur);
    out.enteredAt.push(isoMs(entered));
    out.daysInStage.push((asOfMs - entered) / 86_400_000);
  }
  return out;
}

function lastMs(ev: SortedEvents): number {
  let m = -Infinity;
  for (let k = 0; k < ev.n; k++) if (ev.ms[k] > m) m = ev.ms[k];
  return m;
}

/**
 * Each customer's current funnel stage and time in it, from raw events and stage rules.
 * `"furthest"` mode (default) keeps the furthest stage reached by `asOf` and the time it was
 * first reached; `"latest"` keeps the stage of the latest matching event and when that run of
 * it began. Events out of time order are sorted first. Events no rule matches are counted and
 * listed in `unmatchedEvents`. O(n log n).
 *
 * @param events - `{ customerId, timestamp, channel?, event?, value? }` rows
 * @param options - `stages` (required, in funnel order), `asOf` (last event), `mode` (`"furthest"`), `timestampUnit` (`"ms"`)
 * @throws ClienteleError `EMPTY_INPUT`, `INVALID_INPUT`, `MISSING_VALUE`, `INVALID_ID`, `INVALID_TIMESTAMP`, `MISSING_COLUMN`, `NON_FINITE`, `NEGATIVE_VALUE`, `INVALID_OPTION`, `DUPLICATE_SEGMENT`, `TOO_LARGE`
 * @example
 * import { assignStages } from "clientele/journey";
 * const s = assignStages(
 *   [
 *     { customerId: 1, timestamp: "2024-03-01", event: "visit" },
 *     { customerId: 1, timestamp: "2024-03-03", event: "purchase" },
 *     { customerId: 2, timestamp: "2024-03-02", event: "newsletter" },
 *   ],
 *   { stages: [{ name: "awareness", events: ["visit"] }, { name: "purchase", events: ["purchase"] }], asOf: "2024-03-05" },
 * );
 * s.stage; // => ["purchase"]
 * s.daysInStage; // => [2]
 * s.unmatchedEvents; // => { count: 1, values: ["newsletter"] }
 */
export function assignStages(events: readonly JourneyEventRow[], options: AssignStagesOptions): CustomerStages {
  const fn = "assignStages";
  const opts = parseOptions(stageOptions, options, fn);
  const ev = readEvents(events, fn, opts.timestampUnit);
  const asOf = opts.asOf === undefined ? lastMs(ev) : optionMs(opts.asOf, fn, "asOf", opts.timestampUnit);
  return stagesAt(ev, opts.stages, asOf, opts.mode, fn);
}

/**
 * Stage transition counts and probabilities between two dates: each customer's stage at
 * `from` and at `to` (as {@link assignStages}), passed to `transitionMatrix` of
 * `clientele/rfm`, so customers first staged after `from` come from `"(new)"` and the matrix
 * works with `projectSegments`. O(n log n + stages^2).
 *
 * @param events - `{ customerId, timestamp, channel?, event?, value? }` rows
 * @param options - `stages`, `from`, `to` (required), `mode` (`"furthest"`), `timestampUnit` (`"ms"`)
 * @throws ClienteleError as {@link assignStages}, and `INVALID_OPTION` when `to` is before `from`, `EMPTY_INPUT` when nobody is staged at `to`
 * @example
 * import { stageTransitions } from "clientele/journey";
 * const tm = stageTransitions(
 *   [
 *     { customerId: 1, timestamp: "2024-03-01", event: "visit" },
 *     { customerId: 1, timestamp: "2024-03-10", event: "purchase" },
 *     { customerId: 2, timestamp: "2024-03-02", event: "visit" },
 *   ],
 *   { stages: [{ name: "awareness", events: ["visit"] }, { name: "purchase", events: ["purchase"] }], from: "2024-03-05", to: "2024-03-31" },
 * );
 * tm.states; // => ["awareness", "purchase", "(new)", "(gone)"]
 * tm.probabilities[0]; // => [0.5, 0.5, 0, 0]
 */
export function stageTransitions(events: readonly JourneyEventRow[], options: StageTransitionsOptions): TransitionMatrix {
  const fn = "stageTransitions";
  const opts = parseOptions(transitionOptions, options, fn);
  const ev = readEvents(events, fn, opts.timestampUnit);
  const from = optionMs(opts.from, fn, "from", opts.timestampUnit);
  const to = optionMs(opts.to, fn, "to", opts.timestampUnit);
  if (to < from) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "to"],
      received: opts.to,
      message: `${fn}: options.to (${isoMs(to)}) is before options.from (${isoMs(from)}); swap them.`,
    });
  }
  const a = stagesAt(ev, opts.stages, from, opts.mode, fn);
  const b = stagesAt(ev, opts.stages, to, opts.mode, fn);
  if (b.n === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["events"],
      message: `${fn}: no customer has a stage by options.to; check the stage rules against the event names.`,
    });
  }
  const states = opts.stages.map((s) => s.name);
  // a customer staged at `from` stays staged at `to` (stages only move on), so "(gone)" stays empty
  const before = a.n === 0 ? [] : a.customerId.map((id, i) => ({ id, segment: a.stage[i] }));
  const after = b.customerId.map((id, i) => ({ id, segment: b.stage[i] }));
  if (before.length === 0) {
    // transitionMatrix needs a non-empty snapshot on both sides: everyone is new
    const tm = transitionMatrix(after, after, { states });
    const S = tm.states.length;
    const counts = tm.states.map(() => new Array<number>(S).fill(0));
    const newRow = tm.states.indexOf("(new)");
    for (const r of after) counts[newRow][tm.states.indexOf(r.segment)]++;
    const probabilities = counts.map((row, i) => {
      const t = row.reduce((x, y) => x + y, 0);
      return t > 0 ? row.map((c) => c / t) : row.map((_, j) => (j === i ? 1 : 0));
    });
    return { states: tm.states, counts, probabilities };
  }
  return transitionMatrix(before, after, { states });
}

/**
 * Funnel conversion and drop-off per stage, overall ("(all)") and per segment: the customers
 * who reached each stage or a later one by `asOf` (furthest stage, as {@link assignStages}),
 * the share of the previous stage that got there (`conversionFromPrevious`), its complement
 * (`dropOff`) and the share of the first stage. Customers with no stage are not in the funnel.
 * O(n log n + segments x stages).
 *
 * @param events - `{ customerId, timestamp, channel?, event?, value? }` rows
 * @param options - `stages` (required), `segments` (none), `asOf` (last event), `timestampUnit` (`"ms"`)
 * @throws ClienteleError as {@link assignStages}
 * @example
 * import { funnelReport } from "clientele/journey";
 * const rows = funnelReport(
 *   [
 *     { customerId: 1, timestamp: "2024-03-01", event: "visit" },
 *     { customerId: 1, timestamp: "2024-03-02", event: "purchase" },
 *     { customerId: 2, timestamp: "2024-03-02", event: "visit" },
 *   ],
 *   { stages: [{ name: "awareness", events: ["visit"] }, { name: "purchase", events: ["purchase"] }] },
 * );
 * rows[1]; // => { segment: "(all)", stage: "purchase", customers: 1, conversionFromPrevious: 0.5, dropOff: 0.5, conversionFromFirst: 0.5 }
 */
export function funnelReport(events: readonly JourneyEventRow[], options: FunnelReportOptions): FunnelRow[] {
  const fn = "funnelReport";
  const opts = parseOptions(funnelOptions, options, fn);
  const ev = readEvents(events, fn, opts.timestampUnit);
  const asOf = opts.asOf === undefined ? lastMs(ev) : optionMs(opts.asOf, fn, "asOf", opts.timestampUnit);
  const st = stagesAt(ev, opts.stages, asOf, "furthest", fn);
  const segOf = new Map<string, string>();
  const segNames: string[] = [];
  (opts.segments ?? []).forEach((r, i) => {
    const id = idKey(r.customerId, fn, ["options", "segments", i, "customerId"]);
    if (segOf.has(id))
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["options", "segments", i, "customerId"],
        received: r.customerId,
        message: `${fn}: customer ${id} is listed twice in options.segments; give one segment per customer.`,
      });
    segOf.set(id, r.segment);
    if (!segNames.includes(r.segment)) segNames.push(r.segment);
  });
  const S = opts.stages.length;
  const groups = new Map<string, number[]>([["(all)", new Array<number>(S).fill(0)]]);
  if (opts.segments !== undefined) for (const s of [...segNames, "(none)"]) groups.set(s, new Array<number>(S).fill(0));
  for (let i = 0; i < st.n; i++) {
    const targets = [groups.get("(all)")!];
    if (opts.segments !== undefined) targets.push(groups.get(segOf.get(st.customerId[i]) ?? "(none)")!);
    for (const g of targets) for (let s = 0; s <= st.stageIndex[i]; s++) g[s]++;
  }
  const rows: FunnelRow[] = [];
  for (const [segment, counts] of groups) {
    if (segment === "(none)" && counts[0] === 0) continue;
    for (let s = 0; s < S; s++) {
      const prev = s === 0 ? 0 : counts[s - 1];
      const cfp = s === 0 || prev === 0 ? null : counts[s] / prev;
      rows.push({
        segment,
        stage: opts.stages[s].name,
        customers: counts[s],
        conversionFromPrevious: cfp,
        dropOff: cfp === null ? null : 1 - cfp,
        conversionFromFirst: counts[0] === 0 ? null : counts[s] / counts[0],
      });
    }
  }
  return rows;
}
