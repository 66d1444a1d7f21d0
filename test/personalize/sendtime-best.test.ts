import { describe, expect, it } from "vitest";
import { bestSendTimes, fitSendTime, sendTimeFromJSON } from "../../src/personalize/index.js";

import { simulate, small } from "./sendtime-fixtures.js";

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
