// "Events out of time order are sorted" (issue 15, bad input): a shuffled export gives the same
// sessions, paths, stages, funnel and attribution as the sorted one, and says how many events
// were out of order. Customers and paths are listed in order of first appearance, so the
// comparisons below are by customer / by path, not by position.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assignStages, buildPaths, funnelReport, markovAttribution, sessionize, type JourneyEventRow } from "../../src/journey/index.js";

const STAGES = [
  { name: "awareness", events: ["visit"] },
  { name: "intent", events: ["add_to_cart"] },
  { name: "purchase", events: ["purchase"] },
];
const T0 = Date.parse("2024-03-01T00:00:00Z");

const eventArb = fc.record({
  customerId: fc.integer({ min: 1, max: 5 }),
  // minutes over 20 days; made distinct per customer below (ties keep input order, by design)
  minute: fc.integer({ min: 0, max: 20 * 24 * 60 }),
  channel: fc.option(fc.constantFrom("seo", "email", "ads"), { nil: null }),
  event: fc.option(fc.constantFrom("visit", "add_to_cart", "purchase"), { nil: null }),
});

function toEvents(raw: { customerId: number; minute: number; channel: string | null; event: string | null }[]): JourneyEventRow[] {
  const seen = new Set<string>();
  const out: JourneyEventRow[] = [];
  for (const r of raw) {
    const key = `${r.customerId}:${r.minute}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ customerId: r.customerId, timestamp: T0 + r.minute * 60_000, channel: r.channel, event: r.event, value: r.event === "purchase" ? 10 : 0 });
  }
  return out;
}

function sortedEvents(ev: JourneyEventRow[]): JourneyEventRow[] {
  return [...ev].sort((a, b) => Number(a.customerId) - Number(b.customerId) || Number(a.timestamp) - Number(b.timestamp));
}

function pathTable(p: ReturnType<typeof buildPaths>): string[] {
  return p.path.map((x, i) => `${x.join(">")}|${p.conversions[i]}|${p.value[i]}|${p.nulls[i]}`).sort();
}

describe("events out of time order are sorted, not rejected", () => {
  it("a shuffled log gives the sorted log's sessions, paths, stages and funnel; outOfOrder counts the displaced events (property)", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (raw, seed) => {
        const ev = toEvents(raw);
        const sorted = sortedEvents(ev);
        // a seeded Fisher-Yates shuffle of the sorted log
        const shuffled = [...sorted];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const opts = { conversionEvents: ["purchase"], sessionGapMinutes: 30 };
        const a = sessionize(sorted, opts);
        const b = sessionize(shuffled, opts);
        expect(a.outOfOrder).toBe(0);
        const byCustomer = (x: typeof a) =>
          x.customerId.map((id, i) => `${id}|${x.session[i]}|${x.start[i]}|${x.end[i]}|${x.events[i]}|${x.channel[i]}|${x.conversions[i]}`).sort();
        expect(byCustomer(b)).toEqual(byCustomer(a));
        // displaced events: those earlier than an event of the same customer listed before them
        const last = new Map<number, number>();
        let displaced = 0;
        for (const e of shuffled) {
          const c = Number(e.customerId);
          const t = Number(e.timestamp);
          if (t < (last.get(c) ?? -Infinity)) displaced++;
          else last.set(c, t);
        }
        expect(b.outOfOrder).toBe(displaced);

        const pa = buildPaths(sorted, opts);
        const pb = buildPaths(shuffled, opts);
        expect(pathTable(pb)).toEqual(pathTable(pa));
        expect([pb.touchpoints, pb.outsideWindow, pb.conversionsWithoutTouch, pb.sessions]).toEqual([
          pa.touchpoints,
          pa.outsideWindow,
          pa.conversionsWithoutTouch,
          pa.sessions,
        ]);

        const sa = assignStages(sorted, { stages: STAGES });
        const sb = assignStages(shuffled, { stages: STAGES });
        const stageOf = (x: typeof sa) => x.customerId.map((id, i) => `${id}|${x.stage[i]}|${x.enteredAt[i]}|${x.daysInStage[i]}`).sort();
        expect(stageOf(sb)).toEqual(stageOf(sa));
        expect(sb.unmatchedEvents.count).toBe(sa.unmatchedEvents.count);
        expect(funnelReport(shuffled, { stages: STAGES }).filter((r) => r.segment === "(all)")).toEqual(
          funnelReport(sorted, { stages: STAGES }).filter((r) => r.segment === "(all)"),
        );
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it("attribution of the paths of a shuffled log equals the sorted log's, channel by channel", () => {
    const raw: JourneyEventRow[] = [];
    const channels = ["seo", "email", "ads", "social"];
    let s = 7;
    const next = (n: number): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s % n;
    };
    for (let c = 1; c <= 300; c++) {
      let t = T0 + next(10 * 86_400) * 1000;
      const visits = 1 + next(4);
      for (let v = 0; v < visits; v++) {
        raw.push({ customerId: c, timestamp: t, channel: channels[next(4)], event: "visit" });
        if (next(3) === 0) raw.push({ customerId: c, timestamp: t + 120_000, event: "purchase", value: 5 + next(50) });
        t += (1 + next(5)) * 86_400_000;
      }
    }
    const shuffled = [...raw];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const pa = buildPaths(raw);
    const pb = buildPaths(shuffled);
    expect(pa.outOfOrder).toBe(0);
    // out of order = events earlier than a previous event of the same customer, counted in input order
    const latest = new Map<string | number, number>();
    let expected = 0;
    for (const e of shuffled) {
      const ts = e.timestamp as number; // this log's timestamps are epoch ms
      const last = latest.get(e.customerId) ?? -Infinity;
      if (ts < last) expected++;
      else latest.set(e.customerId, ts);
    }
    expect(expected).toBeGreaterThan(0);
    expect(pb.outOfOrder).toBe(expected);
    for (const order of [1, 2]) {
      const ma = markovAttribution(pa, { order });
      const mb = markovAttribution(pb, { order });
      expect(mb.conversionProbability).toBeCloseTo(ma.conversionProbability, 12);
      for (const ch of ma.channels) {
        const i = ma.channels.indexOf(ch);
        const j = mb.channels.indexOf(ch);
        expect(Math.abs(mb.removalEffects[j] - ma.removalEffects[i])).toBeLessThan(1e-12);
        expect(Math.abs(mb.value![j] - ma.value![i])).toBeLessThan(1e-9);
      }
    }
  });
});
