import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { logBeta } from "../core/numeric.js";
import { checkModelHeader, parseOptions } from "../core/validate.js";
import { nonEmptyList, own, ownRecord, plainObject } from "./inputs.js";
import { checkZone, hourOfWeek, MS_PER_HOUR, toMs } from "./time.js";

/** One engagement event: a send, or an open / click that follows a send. */
export interface EngagementEvent {
  customerId: string | number;
  /** When it happened (Date, ISO-8601 string, epoch ms). */
  timestamp: Date | string | number;
  /** "send", "open" or "click". */
  type: "send" | "open" | "click";
  /** The customer's IANA time zone (needed with `timeZone: "event"`). */
  timeZone?: string;
}

/** Options of {@link fitSendTime}. */
export interface FitSendTimeOptions {
  /** Which response counts: "open" (default) or "click". */
  outcome?: "open" | "click";
  /** "hour-of-week" (168 slots, default) or "hour-of-day" (24). */
  slots?: "hour-of-week" | "hour-of-day";
  /** An IANA zone for every customer (default "UTC"), or "event": each send carries `timeZone` (missing -> MISSING_VALUE). */
  timeZone?: string;
  /** Time zone per customer id (overrides `timeZone`). */
  timeZones?: Record<string, string>;
  /** Segment per customer id (shrinkage goes customer -> segment -> population). */
  segments?: Record<string, string>;
  /** A response counts for the latest send before it within this many hours. Default 48. */
  attributionHours?: number;
  /** Empirical-Bayes concentrations by the beta-binomial method of moments ("moments", default) or maximum likelihood ("ml"). */
  prior?: "moments" | "ml";
  /** Pool a customer's counts from slots within this many hours, with weights 1 - d / (bandwidth + 1). Default 0. */
  bandwidth?: number;
}

/** A fitted send-time model (plain JSON). */
export interface SendTimeModel {
  kind: "send-time";
  version: 1;
  outcome: "open" | "click";
  slots: 24 | 168;
  bandwidth: number;
  /** Population sends and responses per slot. */
  population: { sends: number[]; responses: number[] };
  /** Per segment: sends and responses per slot. */
  segments: Record<string, { sends: number[]; responses: number[] }>;
  /** Prior concentrations (beta pseudo-counts): segment rates around the population, customers around their segment. */
  concentration: { segment: number; customer: number };
  /** Customers: id, segment (or null), time zone, and their [slot, sends, responses] cells. */
  customers: { id: string[]; segment: (string | null)[]; timeZone: string[]; cells: [number, number, number][][] };
}

const fitSchema = z.object({
  outcome: z.enum(["open", "click"]).default("open"),
  slots: z.enum(["hour-of-week", "hour-of-day"]).default("hour-of-week"),
  timeZone: z.string().min(1).default("UTC"),
  timeZones: z.record(z.string(), z.string()).optional(),
  segments: z.record(z.string(), z.string()).optional(),
  attributionHours: z
    .number()
    .gt(0)
    .max(24 * 30)
    .default(48),
  prior: z.enum(["moments", "ml"]).default("moments"),
  bandwidth: z.number().int().min(0).max(12).default(0),
});

/** Beta-binomial concentration kappa of cells (k of n) around prior means mu: moments (weighted by n) or ML. Internal. */
export function concentration(k: number[], n: number[], mu: number[], method: "moments" | "ml"): number {
  if (method === "moments") {
    let num = 0;
    let den = 0;
    for (let i = 0; i < k.length; i++) {
      if (n[i] < 2) continue;
      const v = mu[i] * (1 - mu[i]);
      num += n[i] * ((k[i] / n[i] - mu[i]) ** 2 - v / n[i]);
      den += n[i] * v * (1 - 1 / n[i]);
    }
    const rho = den > 0 ? Math.min(Math.max(num / den, 1e-4), 1 - 1e-4) : 1e-4;
    return 1 / rho - 1;
  }
  const ll = (lk: number) => {
    const K = Math.exp(lk);
    let s = 0;
    for (let i = 0; i < k.length; i++) s += logBeta(k[i] + K * mu[i], n[i] - k[i] + K * (1 - mu[i])) - logBeta(K * mu[i], K * (1 - mu[i]));
    return s;
  };
  let a = Math.log(0.1);
  let b = Math.log(1e4);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (ll(c) > ll(d)) b = d;
    else a = c;
  }
  return Math.exp((a + b) / 2);
}

const clampP = (p: number) => Math.min(Math.max(p, 1e-6), 1 - 1e-6);

/**
 * Learns each customer's response propensity (open or click) by local hour of week (or of day)
 * from sends and the responses that follow them, shrunk toward the customer's segment and the
 * population by empirical Bayes (beta-binomial; concentrations by moments or maximum likelihood).
 * Local hours use IANA time zones through Intl. O(events log events).
 *
 * @param events - {@link EngagementEvent} rows (sends plus opens/clicks)
 * @param options - {@link FitSendTimeOptions}
 * @throws ClienteleError `EMPTY_INPUT`, `INVALID_INPUT` (unknown time zone), `MISSING_VALUE` (no time zone with `timeZone: "event"`), `INVALID_TIMESTAMP`, `TOO_FEW_OBSERVATIONS` (no sends)
 * @see Efron & Morris (1975), Data analysis using Stein's estimator and its generalizations; Kleinman (1973) beta-binomial moments.
 * @example
 * import { fitSendTime } from "clientele/personalize";
 * const m = fitSendTime([
 *   { customerId: 1, timestamp: "2026-11-02T09:00:00Z", type: "send" },
 *   { customerId: 1, timestamp: "2026-11-02T09:20:00Z", type: "open" },
 *   { customerId: 1, timestamp: "2026-11-03T18:00:00Z", type: "send" },
 * ], { slots: "hour-of-day" });
 * m.customers.cells[0]; // => [[9, 1, 1], [18, 1, 0]]
 */
export function fitSendTime(events: readonly EngagementEvent[], options: FitSendTimeOptions = {}): SendTimeModel {
  const fn = "fitSendTime";
  const opts = parseOptions(fitSchema, options, fn);
  const list = nonEmptyList(events, fn, "events");
  if (list.length > 2e7)
    throw new ClienteleError({ code: "TOO_LARGE", message: `${fn}: ${list.length} events is more than 2e7; fit per region or on a sample of customers.` });
  const S = opts.slots === "hour-of-week" ? 168 : 24;
  if (opts.timeZone !== "event") checkZone(opts.timeZone, fn, ["options", "timeZone"]);
  for (const [c, zn] of Object.entries(opts.timeZones ?? {})) checkZone(zn, fn, ["options", "timeZones", c]);
  const per = new Map<string, { t: number; send: boolean; zone: string | undefined }[]>();
  for (let i = 0; i < list.length; i++) {
    const e = plainObject(list[i], fn, ["events", i], `events[${i}]`);
    const id = idKey(own(e, "customerId"), fn, ["events", i, "customerId"]);
    const type = own(e, "type");
    if (type !== "send" && type !== "open" && type !== "click") {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["events", i, "type"],
        received: type,
        message: `${fn}: events[${i}].type must be "send", "open" or "click".`,
      });
    }
    const t = toMs(own(e, "timestamp"), fn, ["events", i, "timestamp"]);
    const tz = own(e, "timeZone");
    if (tz !== undefined) checkZone(tz, fn, ["events", i, "timeZone"]);
    if (type !== "send" && type !== opts.outcome) continue;
    let rows = per.get(id);
    if (!rows) per.set(id, (rows = []));
    rows.push({ t, send: type === "send", zone: tz as string | undefined });
  }
  const segOf = (id: string) => (opts.segments ? ((own(opts.segments, id) as string | undefined) ?? null) : null);
  const pop = { sends: new Array<number>(S).fill(0), responses: new Array<number>(S).fill(0) };
  const segs = new Map<string, { sends: number[]; responses: number[] }>();
  const cust: SendTimeModel["customers"] = { id: [], segment: [], timeZone: [], cells: [] };
  for (const [id, rows] of [...per.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    rows.sort((a, b) => a.t - b.t || (a.send === b.send ? 0 : a.send ? -1 : 1));
    const sends = rows.filter((r) => r.send);
    if (sends.length === 0) continue;
    let zone = opts.timeZones ? (own(opts.timeZones, id) as string | undefined) : undefined;
    if (zone === undefined) zone = opts.timeZone === "event" ? sends.find((s) => s.zone !== undefined)?.zone : opts.timeZone;
    if (zone === undefined) {
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: ["events"],
        received: id,
        message: `${fn}: customer "${id}" has no time zone: with timeZone: "event" every customer's sends need a timeZone field (or pass options.timeZones).`,
      });
    }
    const n = new Map<number, number>();
    const k = new Map<number, number>();
    let last = -1;
    let lastSlot = -1;
    let hit = false;
    const close = () => {
      if (last < 0) return;
      n.set(lastSlot, (n.get(lastSlot) ?? 0) + 1);
      if (hit) k.set(lastSlot, (k.get(lastSlot) ?? 0) + 1);
    };
    for (const r of rows) {
      if (r.send) {
        close();
        last = r.t;
        lastSlot = hourOfWeek(r.t, zone) % S;
        hit = false;
      } else if (last >= 0 && r.t - last <= opts.attributionHours * MS_PER_HOUR) hit = true;
    }
    close();
    const seg = segOf(id);
    let sg = seg === null ? undefined : segs.get(seg);
    if (seg !== null && !sg) segs.set(seg, (sg = { sends: new Array<number>(S).fill(0), responses: new Array<number>(S).fill(0) }));
    const cells: [number, number, number][] = [...n.keys()].sort((a, b) => a - b).map((s) => [s, n.get(s)!, k.get(s) ?? 0]);
    for (const [s, ns, ks] of cells) {
      pop.sends[s] += ns;
      pop.responses[s] += ks;
      if (sg) {
        sg.sends[s] += ns;
        sg.responses[s] += ks;
      }
    }
    cust.id.push(id);
    cust.segment.push(seg);
    cust.timeZone.push(zone);
    cust.cells.push(cells);
  }
  if (cust.id.length === 0)
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["events"],
      message: `${fn}: there are no "send" events; responses are attributed to sends, so pass the sends too.`,
    });
  const popRate = pop.sends.map((ns, s) => (pop.responses[s] + 1) / (ns + 2));
  const sk: number[] = [];
  const sn: number[] = [];
  const smu: number[] = [];
  for (const g of segs.values()) for (let s = 0; s < S; s++) if (g.sends[s] > 0) sk.push(g.responses[s]), sn.push(g.sends[s]), smu.push(clampP(popRate[s]));
  const kSeg = sk.length > 1 ? concentration(sk, sn, smu, opts.prior) : 100;
  const model: SendTimeModel = {
    kind: "send-time",
    version: 1,
    outcome: opts.outcome,
    slots: S as 24 | 168,
    bandwidth: opts.bandwidth,
    population: pop,
    segments: ownRecord([...segs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    concentration: { segment: kSeg, customer: 1 },
    customers: cust,
  };
  const ck: number[] = [];
  const cn: number[] = [];
  const cmu: number[] = [];
  cust.cells.forEach((cells, i) => {
    const prior = priorMeans(model, cust.segment[i]);
    for (const [s, ns, ks] of cells) ck.push(ks), cn.push(ns), cmu.push(prior[s]);
  });
  model.concentration.customer = concentration(ck, cn, cmu, opts.prior);
  return model;
}

/** Prior mean per slot for a customer of `segment` (population, shrunk segment). Internal. */
export function priorMeans(m: SendTimeModel, segment: string | null): number[] {
  const S = m.slots;
  const g = segment === null ? undefined : (own(m.segments, segment) as { sends: number[]; responses: number[] } | undefined);
  const out = new Array<number>(S);
  for (let s = 0; s < S; s++) {
    const p = clampP((m.population.responses[s] + 1) / (m.population.sends[s] + 2));
    out[s] = g ? clampP((g.responses[s] + m.concentration.segment * p) / (g.sends[s] + m.concentration.segment)) : p;
  }
  return out;
}

/** Posterior Beta(alpha, beta) per slot of customer index `i` (or of a new customer in `segment`). Internal. */
export function posterior(m: SendTimeModel, i: number, segment: string | null): { alpha: number[]; beta: number[] } {
  const S = m.slots;
  const mu = priorMeans(m, segment);
  const n = new Array<number>(S).fill(0);
  const k = new Array<number>(S).fill(0);
  if (i >= 0) {
    const b = m.bandwidth;
    for (const [s, ns, ks] of m.customers.cells[i]) {
      for (let d = -b; d <= b; d++) {
        const w = 1 - Math.abs(d) / (b + 1);
        const t = (((s + d) % S) + S) % S;
        n[t] += w * ns;
        k[t] += w * ks;
      }
    }
  }
  const K = m.concentration.customer;
  return { alpha: mu.map((p, s) => K * p + k[s]), beta: mu.map((p, s) => K * (1 - p) + n[s] - k[s]) };
}

const countArray = (S: number) => z.array(z.number().min(0)).refine((a) => a.length === S, `must have one entry per slot`);
/**
 * Loads a saved send-time model (after `JSON.parse`), validating kind, version, counts and shapes.
 *
 * @param json - a model from {@link fitSendTime}, serialized and parsed
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitSendTime, sendTimeFromJSON } from "clientele/personalize";
 * const m = fitSendTime([{ customerId: "a", timestamp: "2026-11-02T09:00:00Z", type: "send" }]);
 * sendTimeFromJSON(JSON.parse(JSON.stringify(m))).slots; // => 168
 */
export function sendTimeFromJSON(json: unknown): SendTimeModel {
  return checkSendTime(json, "sendTimeFromJSON");
}

/** Validates a send-time model. Internal. */
export function checkSendTime(json: unknown, fn: string): SendTimeModel {
  checkModelHeader(json, "send-time", 1, fn);
  const S = (json as { slots?: unknown }).slots;
  const bad = (what: string) =>
    new ClienteleError({ code: "INVALID_MODEL", path: ["model"], message: `${fn}: the saved send-time model is malformed: ${what}. Refit with fitSendTime.` });
  if (S !== 24 && S !== 168) throw bad("slots must be 24 or 168");
  const counts = z.object({ sends: countArray(S), responses: countArray(S) });
  const schema = z.object({
    kind: z.literal("send-time"),
    version: z.literal(1),
    outcome: z.enum(["open", "click"]),
    slots: z.literal(S),
    bandwidth: z.number().int().min(0).max(12),
    population: counts,
    segments: z.record(z.string(), counts),
    concentration: z.object({ segment: z.number().gt(0), customer: z.number().gt(0) }),
    customers: z.object({
      id: z.array(z.string().min(1)),
      segment: z.array(z.string().nullable()),
      timeZone: z.array(z.string().min(1)),
      cells: z.array(
        z.array(
          z.tuple([
            z
              .number()
              .int()
              .min(0)
              .max(S - 1),
            z.number().int().min(1),
            z.number().int().min(0),
          ]),
        ),
      ),
    }),
  });
  const r = schema.safeParse(json);
  if (!r.success) throw bad(`${r.error.issues[0].path.join(".") || "model"} ${r.error.issues[0].message}`);
  const m = r.data as SendTimeModel;
  const c = m.customers;
  if (c.segment.length !== c.id.length || c.timeZone.length !== c.id.length || c.cells.length !== c.id.length) throw bad("customer columns differ in length");
  for (let s = 0; s < S; s++) if (m.population.responses[s] > m.population.sends[s]) throw bad("more responses than sends");
  for (const cells of c.cells) for (const [, n, k] of cells) if (k > n) throw bad("a customer cell has more responses than sends");
  for (const zn of new Set(c.timeZone)) {
    try {
      checkZone(zn, fn, ["model", "customers", "timeZone"]);
    } catch {
      throw bad(`unknown time zone "${zn}"`);
    }
  }
  return m;
}
