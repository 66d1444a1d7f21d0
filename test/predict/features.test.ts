// buildFeatures / buildLabels / backtestSplits / baselineScores: TSDoc examples, hand-computed
// features, the no-leak property (fast-check), host columns, included models, bad input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { backtestSplits, baselineScores, buildFeatures, buildLabels } from "../../src/predict/features.js";
import { isClienteleError } from "../../src/core/errors.js";
import { summarizeTransactions } from "../../src/data/index.js";

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isClienteleError(e)) return e.code;
    throw e;
  }
  return "none";
};
const col = (f: { names: string[]; columns: ArrayLike<number | null>[] }, name: string) => Array.from(f.columns[f.names.indexOf(name)]);
const DAY = 86_400_000;

describe("TSDoc examples", () => {
  it("buildFeatures example", () => {
    const f = buildFeatures(
      [
        { customerId: "a", timestamp: "2024-01-01", amount: 20 },
        { customerId: "a", timestamp: "2024-01-21", amount: 30 },
        { customerId: "b", timestamp: "2024-01-11", amount: 15 },
        { customerId: "a", timestamp: "2024-03-01", amount: 99 },
      ],
      { asOf: "2024-01-31", windows: [30] },
    );
    expect(f.ids).toEqual(["a", "b"]);
    expect(f.columns[f.names.indexOf("recency_days")]).toEqual(new Float64Array([10, 20]));
    expect(f.columns[f.names.indexOf("spend_30d")]).toEqual(new Float64Array([30, 15]));
    expect(f.columns[f.names.indexOf("ipt_mean_days")]).toEqual([20, null]);
  });
  it("buildLabels example", () => {
    const tx = [
      { customerId: "a", timestamp: "2024-01-01", amount: 20 },
      { customerId: "b", timestamp: "2024-01-11", amount: 15 },
      { customerId: "a", timestamp: "2024-02-10", amount: 30 },
      { customerId: "b", timestamp: "2024-04-01", amount: 10 },
    ];
    const y = buildLabels(tx, { asOf: "2024-01-31", horizon: 30, target: "churn" });
    expect(y.ids).toEqual(["a", "b"]);
    expect(y.label).toEqual(new Float64Array([0, 1]));
    expect(y.windowEnd).toBe("2024-03-01");
  });
  it("backtestSplits example", () => {
    const tx = [
      { customerId: "a", timestamp: "2024-01-05", amount: 20 },
      { customerId: "a", timestamp: "2024-02-10", amount: 25 },
      { customerId: "b", timestamp: "2024-01-20", amount: 15 },
      { customerId: "b", timestamp: "2024-03-20", amount: 10 },
      { customerId: "c", timestamp: "2024-02-25", amount: 40 },
      { customerId: "a", timestamp: "2024-04-25", amount: 30 },
    ];
    const { splits } = backtestSplits(tx, { horizon: 30, target: "purchase", asOf: ["2024-01-31", "2024-03-31"], windows: [30], observationEnd: "2024-04-30" });
    expect([splits[0].train.asOf, splits[0].validation.asOf]).toEqual(["2024-01-31", "2024-03-31"]);
    expect(splits[0].train.labels.label).toEqual(new Float64Array([1, 0]));
    expect(splits[0].validation.features.ids).toEqual(["a", "b", "c"]);
    expect(splits[0].validation.labels.label).toEqual(new Float64Array([1, 0, 0]));
  });
  it("baselineScores example", () => {
    const tx = [
      { customerId: "a", timestamp: "2024-01-01", amount: 20 },
      { customerId: "a", timestamp: "2024-01-25", amount: 30 },
      { customerId: "b", timestamp: "2024-01-05", amount: 15 },
      { customerId: "c", timestamp: "2024-01-10", amount: 5 },
      { customerId: "c", timestamp: "2024-01-12", amount: 5 },
    ];
    const b = baselineScores(tx, { asOf: "2024-01-31" });
    expect(b.ids).toEqual(["a", "b", "c"]);
    expect(b.scores.recency).toEqual(new Float64Array([-6, -26, -19]));
    expect(JSON.parse(JSON.stringify(b)).scores.rfm.length).toBe(3);
  });
});

describe("buildFeatures: definitions (hand-computed)", () => {
  // customer x: purchases on Jan 1, Jan 11, Feb 10 (two lines, one a refund), a full refund day Feb 20
  const tx = [
    { customerId: "x", timestamp: "2024-01-01T09:00:00Z", amount: 10 },
    { customerId: "x", timestamp: "2024-01-11", amount: 20 },
    { customerId: "x", timestamp: "2024-02-10T10:00:00Z", amount: 50 },
    { customerId: "x", timestamp: "2024-02-10T18:00:00Z", amount: -5 },
    { customerId: "x", timestamp: "2024-02-20", amount: 7 },
    { customerId: "x", timestamp: "2024-02-20", amount: -7 },
    { customerId: 7, timestamp: "2024-02-28", amount: 12 },
    { customerId: "r", timestamp: "2024-01-05", amount: -3 }, // refunds only: excluded
  ];
  const f = buildFeatures(tx, { asOf: "2024-02-29", windows: [30, 60] });
  it("rows, recency, tenure, frequency, spend, aov", () => {
    expect(f.ids).toEqual(["x", "7"]);
    expect(f.excluded.noPurchase).toEqual(["r"]);
    expect(col(f, "recency_days")).toEqual([19, 1]); // Feb 29 - Feb 10; Feb 29 - Feb 28
    expect(col(f, "tenure_days")).toEqual([59, 1]);
    expect(col(f, "frequency")).toEqual([3, 1]); // Feb 20 nets to 0: not a purchase
    expect(col(f, "transactions")).toEqual([6, 1]);
    expect(col(f, "spend_total")).toEqual([75, 12]);
    expect(col(f, "aov")).toEqual([25, 12]); // (10 + 20 + 45) / 3
  });
  it("windows and trends", () => {
    // last 30 days = Jan 31 .. Feb 29: Feb 10 (45) and Feb 20 (0); the 30 before = Jan 1 .. Jan 30: Jan 1, Jan 11
    expect(col(f, "frequency_30d")).toEqual([1, 1]);
    expect(col(f, "spend_30d")).toEqual([45, 12]);
    expect(col(f, "frequency_trend_30d")).toEqual([-1, 1]);
    expect(col(f, "spend_trend_30d")).toEqual([15, 12]);
    expect(col(f, "frequency_60d")).toEqual([3, 1]);
  });
  it("inter-purchase times, overdue ratio, refunds", () => {
    // gaps 10, 30: mean 20, sample sd sqrt(200), last 30
    expect(col(f, "ipt_mean_days")).toEqual([20, null]);
    expect(col(f, "ipt_std_days")[0]).toBeCloseTo(Math.sqrt(200), 12);
    expect(col(f, "ipt_last_days")).toEqual([30, null]);
    expect(col(f, "overdue_ratio")).toEqual([19 / 20, null]);
    expect(col(f, "refund_count")).toEqual([2, 0]);
    expect(col(f, "refund_amount")).toEqual([12, 0]);
    expect(col(f, "refund_share")[0]).toBeCloseTo(12 / 87, 12);
    expect(f.missing).toEqual({ ipt_mean_days: 1, ipt_std_days: 1, ipt_last_days: 1, overdue_ratio: 1 });
  });
  it("agrees with summarizeTransactions on frequency, spend and first/last purchase", () => {
    const s = summarizeTransactions(
      tx.filter((t) => t.customerId !== "r"),
      { observationEnd: "2024-02-29", timeUnit: "day" },
    );
    expect(col(f, "frequency")).toEqual(Array.from(s.purchaseDays));
    expect(col(f, "spend_total")).toEqual(Array.from(s.totalSpend));
    expect(col(f, "recency_days")).toEqual(Array.from(s.lastPurchase, (l) => (Date.UTC(2024, 1, 29) - l) / DAY));
  });
  it("reads columns, epoch ms, yyyymmdd like clientele/data", () => {
    const a = buildFeatures({ customerId: [1, 1], timestamp: [19970101, 19970115], amount: [10, 20] }, { asOf: 19970131, timestampUnit: "yyyymmdd" });
    const b = buildFeatures(
      { customerId: ["1", "1"], timestamp: new Float64Array([Date.UTC(1997, 0, 1), Date.UTC(1997, 0, 15)]), amount: new Float64Array([10, 20]) },
      { asOf: new Date(Date.UTC(1997, 0, 31, 23)) },
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it("is JSON-clean and deterministic; input untouched", () => {
    const frozen = Object.freeze(tx.map((t) => Object.freeze({ ...t })));
    const g = buildFeatures(frozen, { asOf: "2024-02-29", windows: [30, 60] });
    expect(JSON.stringify(g)).toBe(JSON.stringify(f));
    expect(JSON.stringify(g)).not.toMatch(/NaN|Infinity/);
  });
});

describe("no feature reads a transaction after asOf (property)", () => {
  const start = Date.UTC(2024, 0, 1);
  const asOf = "2024-03-31";
  const asOfDay = Math.floor(Date.UTC(2024, 2, 31) / DAY);
  const txArb = fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", 4, "5"),
      day: fc.integer({ min: 0, max: 180 }),
      hour: fc.integer({ min: 0, max: 23 }),
      amount: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: -50, max: -1 })),
    }),
    { minLength: 1, maxLength: 40 },
  );
  const toRows = (xs: { customerId: string | number; day: number; hour: number; amount: number }[]) =>
    xs.map((x) => ({ customerId: x.customerId, timestamp: start + x.day * DAY + x.hour * 3_600_000, amount: x.amount }));
  const key = (f: ReturnType<typeof buildFeatures>) =>
    JSON.stringify({ ids: f.ids, names: f.names, columns: f.columns, categorical: f.categorical, excluded: f.excluded });
  const build = (rows: ReturnType<typeof toRows>) => {
    try {
      return key(buildFeatures(rows, { asOf, windows: [7, 30, 90], include: ["rfm"] }));
    } catch (e) {
      if (isClienteleError(e) && e.code === "EMPTY_INPUT") return "EMPTY";
      throw e;
    }
  };
  it("adding, changing or removing rows after asOf never changes ids, order or any feature", () => {
    fc.assert(
      fc.property(txArb, txArb, fc.integer({ min: 0, max: 1000 }), (before, after, seed) => {
        const pre = toRows(before);
        const post = toRows(after.map((x) => ({ ...x, day: asOfDay - Math.floor(start / DAY) + 1 + (x.day % 90) })));
        const base = build(pre);
        // interleave the later rows anywhere (also before the earlier rows)
        const mixed = pre.slice();
        post.forEach((r, k) => mixed.splice((seed + k * 7) % (mixed.length + 1), 0, r));
        expect(build(mixed)).toBe(base);
        // change the later rows (amounts, customers)
        const changed = mixed.map((r) => (r.timestamp >= (asOfDay + 1) * DAY ? { ...r, amount: -r.amount * 3, customerId: "z" } : r));
        expect(build(changed)).toBe(base);
      }),
      { numRuns: 150, seed: 42 },
    );
  });
  it("labels only read (asOf, asOf + horizon]", () => {
    fc.assert(
      fc.property(txArb, (xs) => {
        const rows = toRows(xs);
        const obs = "2024-06-30";
        let y: ReturnType<typeof buildLabels>;
        try {
          y = buildLabels(rows, { asOf, horizon: 30, observationEnd: obs });
        } catch (e) {
          if (isClienteleError(e) && e.code === "EMPTY_INPUT") return;
          throw e;
        }
        // rows after the window, or changes of amounts in it that keep purchase days, do not matter
        const later = rows.filter((r) => r.timestamp < (asOfDay + 31) * DAY);
        expect(buildLabels(later, { asOf, horizon: 30, observationEnd: obs }).label).toEqual(y.label);
        const f = buildFeatures(rows, { asOf });
        expect(y.ids).toEqual(f.ids);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe("host columns and included models", () => {
  const tx = Array.from({ length: 60 }, (_, i) => ({
    customerId: `c${i % 12}`,
    timestamp: Date.UTC(2024, 0, 1) + ((i * 37) % 150) * DAY,
    amount: 10 + (i % 7),
  }));
  it("joins numeric and categorical columns by id (sorted levels, null = missing)", () => {
    const f = buildFeatures(tx, {
      asOf: "2024-05-01",
      extra: { id: ["c1", "c0", 99], numeric: { age: [30, null, 50] }, categorical: { plan: ["pro", "basic", "pro"] } },
    });
    expect(f.categorical.plan).toEqual(["basic", "pro"]);
    const i0 = f.ids.indexOf("c0");
    const i1 = f.ids.indexOf("c1");
    const i2 = f.ids.indexOf("c2");
    expect([col(f, "plan")[i0], col(f, "plan")[i1], col(f, "plan")[i2]]).toEqual([0, 1, null]);
    expect([col(f, "age")[i0], col(f, "age")[i1]]).toEqual([null, 30]);
  });
  it("mismatched or clashing extra columns are errors", () => {
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", extra: { id: ["c1", "c0"], numeric: { age: [1] } } }))).toBe("LENGTH_MISMATCH");
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", extra: { id: ["c1", "c0"], categorical: { plan: ["a"] } } }))).toBe("LENGTH_MISMATCH");
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", extra: { id: ["c1", "c1"], numeric: { age: [1, 2] } } }))).toBe("DUPLICATE_ID");
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", extra: { id: ["c1"], numeric: { frequency: [1] } } }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", extra: { id: ["c1"], numeric: { age: [Infinity] } } }))).toBe("NON_FINITE");
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", extra: { id: ["c1"], colums: {} } as never }))).toBe("INVALID_OPTION");
  });
  it("include: bgnbd, rfm, cluster through the capabilities' public entries", () => {
    const f = buildFeatures(tx, { asOf: "2024-05-01", include: ["bgnbd", "rfm", "cluster"], clusters: 3, seed: 1 });
    for (const n of ["bgnbd_expected_purchases", "bgnbd_p_alive", "rfm_r", "rfm_f", "rfm_m", "rfm_score", "cluster"]) expect(f.names).toContain(n);
    for (const p of col(f, "bgnbd_p_alive")) expect(p! >= 0 && p! <= 1).toBe(true);
    for (const s of col(f, "rfm_score")) expect(s! >= 3 && s! <= 15).toBe(true);
    expect(f.categorical.cluster).toEqual(["0", "1", "2"]);
    expect(f.models.bgnbd?.kind).toBe("bg-nbd");
    expect(code(() => buildFeatures(tx, { asOf: "2024-05-01", include: ["cluster"], clusters: 20 }))).toBe("TOO_FEW_OBSERVATIONS");
  });
});

describe("bad input: ClienteleError with catalogue codes", () => {
  const tx = [
    { customerId: "a", timestamp: "2024-01-01", amount: 10 },
    { customerId: "a", timestamp: "2024-03-01", amount: 10 },
  ];
  it("asOf missing or not a date; windows not positive; unknown options", () => {
    expect(code(() => buildFeatures(tx, {} as never))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, undefined as never))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "yesterday" }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: 19970101 }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-02-01", windows: [0] }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-02-01", windows: [-30] }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-02-01", windows: [30, 30] }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-02-01", windows: [] }))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-02-01", window: [30] } as never))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2024-02-01", include: ["pareto"] } as never))).toBe("INVALID_OPTION");
    expect(code(() => buildFeatures(tx, { asOf: "2023-12-01" }))).toBe("EMPTY_INPUT");
    expect(code(() => buildFeatures([], { asOf: "2024-02-01" }))).toBe("EMPTY_INPUT");
    expect(code(() => buildFeatures([{ customerId: "a", timestamp: "2024-01-01", amount: NaN }], { asOf: "2024-02-01" }))).toBe("NON_FINITE");
  });
  it("messages name the function", () => {
    try {
      buildFeatures(tx, { asOf: "2024-02-01", windows: [0] });
    } catch (e) {
      expect((e as Error).message.startsWith("buildFeatures:")).toBe(true);
    }
  });
  it("horizon <= 0, unknown target, a window past the data", () => {
    expect(code(() => buildLabels(tx, { asOf: "2024-01-15" } as never))).toBe("INVALID_OPTION");
    expect(code(() => buildLabels(tx, { asOf: "2024-01-15", horizon: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => buildLabels(tx, { asOf: "2024-01-15", horizon: -5 }))).toBe("INVALID_OPTION");
    expect(code(() => buildLabels(tx, { asOf: "2024-01-15", horizon: 30, target: "revenue" } as never))).toBe("INVALID_OPTION");
    expect(code(() => buildLabels(tx, { asOf: "2024-02-15", horizon: 30 }))).toBe("INVALID_OPTION");
    expect(code(() => buildLabels(tx, { asOf: "2024-01-15", horizon: 30, observationEnd: "2024-02-01" }))).toBe("AFTER_OBSERVATION_END");
    expect(code(() => buildLabels(tx, { asOf: "2024-01-15", horizon: 30, ids: ["a", "a"] }))).toBe("DUPLICATE_ID");
    expect(buildLabels(tx, { asOf: "2024-01-15", horizon: 46, ids: ["a", "zz"], target: "spend" }).label).toEqual(new Float64Array([10, 0]));
  });
  it("backtestSplits: dates closer than the horizon, step below it", () => {
    expect(code(() => backtestSplits(tx, { horizon: 30, asOf: ["2024-01-10", "2024-01-20"] }))).toBe("INVALID_OPTION");
    expect(code(() => backtestSplits(tx, { horizon: 20, step: 10 }))).toBe("INVALID_OPTION");
    expect(code(() => backtestSplits(tx, { horizon: 0 }))).toBe("INVALID_OPTION");
    const s = backtestSplits(tx, { horizon: 20, step: 25 });
    expect([s.splits[0].train.asOf, s.splits[0].validation.asOf]).toEqual(["2024-01-16", "2024-02-10"]);
  });
});
