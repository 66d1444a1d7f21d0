import { describe, expect, it } from "vitest";
import { assignStages, funnelReport, stageTransitions } from "../../src/journey/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const STAGES = [
  { name: "awareness", events: ["visit"] },
  { name: "purchase", events: ["purchase"] },
];

describe("stages", () => {
  it("example: assignStages", () => {
    const s = assignStages(
      [
        { customerId: 1, timestamp: "2024-03-01", event: "visit" },
        { customerId: 1, timestamp: "2024-03-03", event: "purchase" },
        { customerId: 2, timestamp: "2024-03-02", event: "newsletter" },
      ],
      { stages: STAGES, asOf: "2024-03-05" },
    );
    expect(s.stage).toEqual(["purchase"]);
    expect(s.daysInStage).toEqual([2]);
    expect(s.unmatchedEvents).toEqual({ count: 1, values: ["newsletter"] });
    expect(s.unstaged).toBe(1);
  });

  it("latest mode follows the last matching event; channels can define a stage", () => {
    const ev = [
      { customerId: 1, timestamp: "2024-03-01", channel: "display" },
      { customerId: 1, timestamp: "2024-03-02", event: "purchase" },
      { customerId: 1, timestamp: "2024-03-04", event: "visit" },
    ];
    const stages = [{ name: "awareness", events: ["visit"], channels: ["display"] }, STAGES[1]];
    expect(assignStages(ev, { stages }).stage).toEqual(["purchase"]);
    const latest = assignStages(ev, { stages, mode: "latest" });
    expect(latest.stage).toEqual(["awareness"]);
    expect(latest.enteredAt).toEqual(["2024-03-04T00:00:00.000Z"]);
    expectClienteleError(() => assignStages(ev, { stages: [STAGES[0], STAGES[0]] }), "DUPLICATE_SEGMENT");
    expectClienteleError(() => assignStages(ev, { stages: [{ name: "x" }] }), "INVALID_OPTION");
    expectClienteleError(() => assignStages(ev, { stages, asOf: "soon" }), "INVALID_OPTION");
  });

  it("example: stageTransitions", () => {
    const tm = stageTransitions(
      [
        { customerId: 1, timestamp: "2024-03-01", event: "visit" },
        { customerId: 1, timestamp: "2024-03-10", event: "purchase" },
        { customerId: 2, timestamp: "2024-03-02", event: "visit" },
      ],
      { stages: STAGES, from: "2024-03-05", to: "2024-03-31" },
    );
    expect(tm.states).toEqual(["awareness", "purchase", "(new)", "(gone)"]);
    expect(tm.probabilities[0]).toEqual([0.5, 0.5, 0, 0]);
  });

  it("stageTransitions: customers first staged after `from` come from (new); to before from is rejected", () => {
    const ev = [
      { customerId: 1, timestamp: "2024-03-01", event: "visit" },
      { customerId: 2, timestamp: "2024-03-20", event: "purchase" },
    ];
    const tm = stageTransitions(ev, { stages: STAGES, from: "2024-03-05", to: "2024-03-31" });
    expect(tm.counts[tm.states.indexOf("(new)")]).toEqual([0, 1, 0, 0]);
    const none = stageTransitions(ev, { stages: STAGES, from: "2024-02-01", to: "2024-03-31" });
    expect(none.counts[none.states.indexOf("(new)")]).toEqual([1, 1, 0, 0]);
    expectClienteleError(() => stageTransitions(ev, { stages: STAGES, from: "2024-03-05", to: "2024-03-01" }), "INVALID_OPTION");
    expectClienteleError(() => stageTransitions(ev, { stages: STAGES, from: "2024-01-01", to: "2024-01-02" }), "EMPTY_INPUT");
  });

  it("example: funnelReport", () => {
    const rows = funnelReport(
      [
        { customerId: 1, timestamp: "2024-03-01", event: "visit" },
        { customerId: 1, timestamp: "2024-03-02", event: "purchase" },
        { customerId: 2, timestamp: "2024-03-02", event: "visit" },
      ],
      { stages: STAGES },
    );
    expect(rows[1]).toEqual({ segment: "(all)", stage: "purchase", customers: 1, conversionFromPrevious: 0.5, dropOff: 0.5, conversionFromFirst: 0.5 });
  });

  it("funnelReport per segment; counts never grow down the funnel", () => {
    const ev = [
      { customerId: 1, timestamp: "2024-03-01", event: "visit" },
      { customerId: 1, timestamp: "2024-03-02", event: "purchase" },
      { customerId: 2, timestamp: "2024-03-02", event: "visit" },
      { customerId: 3, timestamp: "2024-03-02", event: "purchase" },
    ];
    const rows = funnelReport(ev, {
      stages: STAGES,
      segments: [
        { customerId: 1, segment: "vip" },
        { customerId: "2", segment: "new" },
      ],
    });
    expect(rows.map((r) => [r.segment, r.stage, r.customers])).toEqual([
      ["(all)", "awareness", 3],
      ["(all)", "purchase", 2],
      ["vip", "awareness", 1],
      ["vip", "purchase", 1],
      ["new", "awareness", 1],
      ["new", "purchase", 0],
      ["(none)", "awareness", 1],
      ["(none)", "purchase", 1],
    ]);
    expect(rows[0].conversionFromPrevious).toBeNull();
    expectClienteleError(
      () =>
        funnelReport(ev, {
          stages: STAGES,
          segments: [
            { customerId: 1, segment: "a" },
            { customerId: "1", segment: "b" },
          ],
        }),
      "DUPLICATE_ID",
    );
  });
});
