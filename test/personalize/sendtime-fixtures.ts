// Shared by the send-time tests: a tiny engagement log and simulated customers with known best hours.
import { createRng, type EngagementEvent } from "../../src/personalize/index.js";

export const small = (): EngagementEvent[] => [
  { customerId: 1, timestamp: "2026-11-02T09:00:00Z", type: "send" },
  { customerId: 1, timestamp: "2026-11-02T09:20:00Z", type: "open" },
  { customerId: 1, timestamp: "2026-11-03T18:00:00Z", type: "send" },
];

// Simulated customers with known best local hours: three segments (peaks at 8, 13 and 20 h local),
// each customer's peak the segment's +-2 h; P(open | hour) = 0.04 + 0.36 exp(-d^2 / 2), d the circular
// hour distance to the peak. Customers live in three time zones; training sends at random hours.
export const ZONES = ["America/New_York", "Europe/Paris", "Asia/Tokyo"];
export function simulate(nCustomers: number, sendsEach: number, seed: number) {
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
export function localHour(t: number, zone: string): number {
  if (!fmt.has(zone)) fmt.set(zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }));
  return +fmt.get(zone)!.format(t) % 24;
}
export function prob(h: number, peak: number): number {
  const d = Math.min(Math.abs(h - peak), 24 - Math.abs(h - peak));
  return 0.04 + 0.36 * Math.exp(-(d * d) / 2);
}
