import { describe, expect, it } from "vitest";
import { bestSendTimes, createRng, fitSendTime, sendTimeFromJSON, type EngagementEvent } from "../../src/personalize/index.js";

const small = (): EngagementEvent[] => [
  { customerId: 1, timestamp: "2026-11-02T09:00:00Z", type: "send" },
  { customerId: 1, timestamp: "2026-11-02T09:20:00Z", type: "open" },
  { customerId: 1, timestamp: "2026-11-03T18:00:00Z", type: "send" },
];

// Simulated customers with known best local hours: three segments (peaks at 8, 13 and 20 h local),
// each customer's peak the segment's +-2 h; P(open | hour) = 0.04 + 0.36 exp(-d^2 / 2), d the circular
// hour distance to the peak. Customers live in three time zones; training sends at random hours.
const ZONES = ["America/New_York", "Europe/Paris", "Asia/Tokyo"];
function simulate(nCustomers: number, sendsEach: number, seed: number) {
  const rng = createRng(seed);
  const events: EngagementEvent[] = [];
  const truth: { id: string; zone: string; segment: string; peak: number }[] = [];
  const segments: Record<string, string> = {};
  const start = Date.parse("2026-09-07T00:00:00Z");
  for (let c = 0; c < nCustomers; c++) {
    const seg = rng.int(3);
    const peak = ([8, 13, 20][seg] + rng.int(5) - 2 + 24) % 24;
    const zone = ZONES[rng.int(3)];
    const id = `c${c}`;
    truth.push({ id, zone, segment: `s${seg}`, peak });
    segments[id] = `s${seg}`;
    for (let k = 0; k < sendsEach; k++) {
      const t = start + rng.int(60) * 86_400_000 + rng.int(24) * 3_600_000;
      const local = localHour(t, zone);
      events.push({ customerId: id, timestamp: t, type: "send", timeZone: zone });
      if (rng.uniform() < prob(local, peak)) events.push({ customerId: id, timestamp: t + 600_000 + rng.int(3_000_000), type: "open", timeZone: zone });
    }
  }
  return { events, truth, segments };
}
const fmt = new Map<string, Intl.DateTimeFormat>();
function localHour(t: number, zone: string): number {
  if (!fmt.has(zone)) fmt.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }));
  return +fmt.get(zone)!.format(t) % 24;
}
function prob(h: number, peak: number): number {
  const d = Math.min(Math.abs(h - peak), 24 - Math.abs(h - peak));
  return 0.04 + 0.36 * Math.exp(-(d * d) / 2);
}

describe("TSDoc examples", () => {
  it("bestSendTimes example", () => {
    const m = fitSendTime(small(), { slots: "hour-of-day" });
    const [c] = bestSendTimes(m, [1], { windows: [{ from: 8, to: 20 }], from: "2026-12-04T00:00:00Z" });
    expect([c.hour, c.source, c.nextSendAt]).toEqual([9, "customer", "2026-12-04T09:00:00.000Z"]);
  });
});

describe("send time on simulated customers with known best hours", () => {
  const sim = simulate(600, 80, 11);

  const model = fitSendTime(sim.events, { slots: "hour-of-day", timeZone: "event", segments: sim.segments, bandwidth: 1 });

  it("Thompson mode is seeded, keeps exploring (not always the mean-best slot) and respects windows and quiet hours", () => {
    const ids = sim.truth.slice(0, 100).map((t) => t.id);
    const a = bestSendTimes(model, ids, { mode: "thompson", seed: 5, windows: [{ from: 7, to: 22 }], quietHours: { from: 21, to: 8 } });
    const b = bestSendTimes(model, ids, { mode: "thompson", seed: 5, windows: [{ from: 7, to: 22 }], quietHours: { from: 21, to: 8 } });
    expect(a).toEqual(b);
    for (const c of a) expect(c.hour >= 8 && c.hour < 21).toBe(true);
    const mean = bestSendTimes(model, ids, { windows: [{ from: 7, to: 22 }], quietHours: { from: 21, to: 8 } });
    expect(a.filter((c, i) => c.hour !== mean[i].hour).length).toBeGreaterThan(0);
  });

  it("JSON round trip gives identical choices; unseen customers fall back to their segment", () => {
    const again = sendTimeFromJSON(JSON.parse(JSON.stringify(model)));
    expect(bestSendTimes(again, ["c1", "c2"])).toEqual(bestSendTimes(model, ["c1", "c2"]));
    const [u] = bestSendTimes(model, [{ id: "new", segment: "s0", timeZone: "Asia/Tokyo" }]);
    expect(u.source).toBe("segment");
    expect(Math.abs(u.hour - 8)).toBeLessThanOrEqual(2);
  });
});
