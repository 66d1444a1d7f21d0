import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bestSendTimes, createRng, fitSendTime, sendTimeFromJSON, type EngagementEvent } from "../../src/personalize/index.js";
import { expectClienteleError } from "../helpers/errors.js";

import { prob, simulate, small } from "./sendtime-fixtures.js";

describe("TSDoc examples", () => {
  it("fitSendTime example", () => {
    const m = fitSendTime(small(), { slots: "hour-of-day" });
    expect(m.customers.cells[0]).toEqual([
      [9, 1, 1],
      [18, 1, 0],
    ]);
  });

  it("sendTimeFromJSON example", () => {
    const m = fitSendTime([{ customerId: "a", timestamp: "2026-11-02T09:00:00Z", type: "send" }]);
    expect(sendTimeFromJSON(JSON.parse(JSON.stringify(m))).slots).toBe(168);
  });
});

describe("send time on simulated customers with known best hours", () => {
  const sim = simulate(600, 80, 11);

  const model = fitSendTime(sim.events, { slots: "hour-of-day", timeZone: "event", segments: sim.segments, bandwidth: 1 });

  const chosen = bestSendTimes(
    model,
    sim.truth.map((t) => t.id),
  );

  it("recovers each customer's best local hour (within 1 h for most customers)", () => {
    let within1 = 0;
    chosen.forEach((c, i) => {
      const d = Math.min(Math.abs(c.hour - sim.truth[i].peak), 24 - Math.abs(c.hour - sim.truth[i].peak));
      if (d <= 1) within1++;
    });
    console.log(`send time: best hour recovered within 1 h for ${within1} / ${chosen.length} customers`);
    expect(within1 / chosen.length).toBeGreaterThan(0.8);
  });

  it("beats one best hour for all on held-out opens (simulated with another seed), lift reported", () => {
    // the one best hour for all: the population's best local hour
    const pop = model.population;
    let g = 0;
    for (let h = 1; h < 24; h++) if (pop.responses[h] / pop.sends[h] > pop.responses[g] / pop.sends[g]) g = h;
    const rng = createRng(99);
    let opensPersonal = 0;
    let opensGlobal = 0;
    const heldOut = 20;
    sim.truth.forEach((t, i) => {
      for (let k = 0; k < heldOut; k++) {
        if (rng.uniform() < prob(chosen[i].hour, t.peak)) opensPersonal++;
        if (rng.uniform() < prob(g, t.peak)) opensGlobal++;
      }
    });
    const lift = opensPersonal / opensGlobal - 1;
    console.log(
      `send time: held-out opens ${opensPersonal} (per-customer hour) vs ${opensGlobal} (one best hour ${g} h for all), lift ${(100 * lift).toFixed(1)} %`,
    );
    expect(lift).toBeGreaterThan(0.5);
  });

  it("ML concentrations give the same recovery as moments (within a few customers)", () => {
    const ml = fitSendTime(sim.events, { slots: "hour-of-day", timeZone: "event", segments: sim.segments, bandwidth: 1, prior: "ml" });
    const c2 = bestSendTimes(
      ml,
      sim.truth.map((t) => t.id),
    );
    const same = c2.filter((c, i) => Math.abs(c.hour - chosen[i].hour) <= 1).length;
    expect(same / c2.length).toBeGreaterThan(0.9);
  });
});

describe("time zones and bad input", () => {
  it("local hour of week follows the IANA zone (DST included)", () => {
    const ev = (t: string): EngagementEvent[] => [{ customerId: 1, timestamp: t, type: "send" }];
    // 2026-07-06 is a Monday; 13:00Z is 09:00 in New York (EDT, UTC-4); in January (EST) 14:00Z is 09:00
    expect(fitSendTime(ev("2026-07-06T13:00:00Z"), { timeZone: "America/New_York" }).customers.cells[0][0][0]).toBe(9);
    expect(fitSendTime(ev("2026-01-05T14:00:00Z"), { timeZone: "America/New_York" }).customers.cells[0][0][0]).toBe(9);
    expect(fitSendTime(ev("2026-01-05T14:00:00Z"), { timeZone: "Asia/Tokyo" }).customers.cells[0][0][0]).toBe(23);
  });

  it("codes", () => {
    expectClienteleError(() => fitSendTime(small(), { timeZone: "event" }), "MISSING_VALUE");
    expectClienteleError(() => fitSendTime(small(), { timeZone: "Mars/Olympus" }), "INVALID_INPUT");
    expectClienteleError(() => fitSendTime([{ customerId: 1, timestamp: "yesterday", type: "send" }]), "INVALID_TIMESTAMP");
    expectClienteleError(() => fitSendTime([{ customerId: 1, timestamp: "2026-01-01", type: "open" }]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => fitSendTime([]), "EMPTY_INPUT");
    const m = fitSendTime(small());
    expectClienteleError(() => bestSendTimes(m, [1], { windows: [{ from: 9, to: 10 }], quietHours: { from: 8, to: 12 } }), "INVALID_OPTION");
    const bad = JSON.parse(JSON.stringify(m));
    bad.population.sends[0] = -1;
    expectClienteleError(() => sendTimeFromJSON(bad), "INVALID_MODEL");
  });

  it("posterior probabilities stay in (0, 1) (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.boolean()), { minLength: 1, maxLength: 30 }), (rows) => {
        const start = Date.parse("2026-11-02T00:00:00Z");
        const events: EngagementEvent[] = [];
        rows.forEach(([h, open], i) => {
          events.push({ customerId: i % 3, timestamp: start + h * 3_600_000, type: "send" });
          if (open) events.push({ customerId: i % 3, timestamp: start + h * 3_600_000 + 60_000, type: "open" });
        });
        const m = fitSendTime(events);
        for (const c of bestSendTimes(m, [0, 1, 2, 3], { mode: "thompson", seed: 1 })) {
          expect(c.probability).toBeGreaterThan(0);
          expect(c.probability).toBeLessThan(1);
        }
      }),
      { numRuns: 50 },
    );
  });
});
