import { describe, expect, it } from "vitest";
import { assignSegments, scoreRfm } from "../../src/rfm/index.js";
import { bestSendTimes, customerProfile, fitSendTime, nextBestAction } from "../../src/personalize/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("customerProfile", () => {
  it("TSDoc example", () => {
    const p = customerProfile({
      rfm: [{ id: "a", segment: "Champions", action: "Reward them" }],
      clv: { id: ["a", "b"], clv: [120.5, 30] },
      churn: [{ customerId: "b", probability: 0.7 }],
    });
    expect(p.map((c) => [c.customerId, c.rfm?.segment ?? null, c.clv, c.churnRisk])).toEqual([
      ["a", "Champions", 120.5, null],
      ["b", null, 30, 0.7],
    ]);
    expect(p[1].missing).toEqual(["rfm", "cluster", "recommendations", "nextBestAction", "sendTime"]);
  });

  it('joins the library\'s own result objects on idKey (7 and "7" are one customer)', () => {
    const segs = assignSegments(
      scoreRfm({ id: [7, "b"], recency: [2, 30], frequency: [5, 0], monetary: [40, 0], totalSpend: [200, 10], purchaseDays: [6, 1], T: [40, 40] }),
    );
    const plan = nextBestAction([{ id: "7" }, { id: "b" }], [{ id: "mail", propensity: 0.2, value: 50, cost: 1 }]);
    const st = fitSendTime([
      { customerId: 7, timestamp: "2026-11-02T09:00:00Z", type: "send" },
      { customerId: 7, timestamp: "2026-11-02T09:05:00Z", type: "open" },
    ]);
    const times = bestSendTimes(st, [7]);
    const p = customerProfile({
      ids: [7, "b", "zz"],
      rfm: segs,
      cluster: { id: [7, "b"], label: [1, 0] },
      recommendations: [{ userId: 7, items: [{ itemId: "x", score: 0.9, rank: 1 }] }],
      nextBestAction: plan,
      sendTime: times,
    });
    expect(p[0].customerId).toBe("7");
    expect(p[0].rfm!.segment).toBe(segs.segment[0]);
    expect(p[0].rfm!.action).toBe(segs.actions[segs.segmentIndex[0]]);
    expect(p[0].cluster).toBe(1);
    expect(p[0].recommendations).toEqual([{ itemId: "x", score: 0.9 }]);
    expect(p[0].nextBestAction).toEqual({ action: "mail", expectedValue: 9, runnerUp: null });
    expect(p[0].sendTime!.hour).toBe(9);
    expect(p[1].sendTime).toBeNull();
    expect(p[2].missing).toEqual(["rfm", "cluster", "clv", "churn", "recommendations", "nextBestAction", "sendTime"]);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it("bad input: codes", () => {
    expectClienteleError(() => customerProfile({}), "EMPTY_INPUT");
    expectClienteleError(() => customerProfile({ churn: [{ id: 1, probability: 2 }] }), "OUT_OF_RANGE");
    expectClienteleError(
      () =>
        customerProfile({
          clv: [
            { id: 1, clv: 1 },
            { id: "1", clv: 2 },
          ],
        }),
      "DUPLICATE_ID",
    );
    expectClienteleError(() => customerProfile({ clv: [{ value: 3 }] }), "MISSING_COLUMN");
    expectClienteleError(() => customerProfile({ rfm: [{ id: 1 }] }), "MISSING_COLUMN");
    expectClienteleError(() => customerProfile({ clv: [{ id: 1, clv: 1 }], colour: 1 } as never), "INVALID_OPTION");
  });
});
