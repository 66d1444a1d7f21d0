import { describe, expect, it } from "vitest";
import { scoreSentiment, scoreSentimentBatch, sentimentScoreRows, sentimentSegments, sentimentSegmentRows } from "../../src/sentiment/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const DAY = 86_400_000;
const t0 = Date.UTC(2024, 0, 1);
const at = (d: number) => new Date(t0 + d * DAY).toISOString();
const msgs = () => [
  { customerId: "a", timestamp: "2024-01-01", text: "great" },
  { customerId: "a", timestamp: "2024-02-01", text: "awful" },
  { customerId: 7, timestamp: new Date("2024-01-01T00:00:00Z"), compound: 0.2 },
];

describe("sentimentSegments", () => {
  it("mean, share negative, last negative, count, last contact, per customer in order of first appearance", () => {
    const seg = sentimentSegments([
      { customerId: "b", timestamp: at(10), compound: -0.6 },
      { customerId: "a", timestamp: at(0), compound: 0.8 },
      { customerId: "b", timestamp: at(0), compound: 0.4 },
      { customerId: "a", timestamp: at(5), compound: 0.6 },
      { customerId: "b", timestamp: at(20), compound: 0 },
    ]);
    expect(seg.customerId).toEqual(["b", "a"]);
    expect(Array.from(seg.count)).toEqual([3, 2]);
    expect(seg.mean[0]).toBeCloseTo((-0.6 + 0.4 + 0) / 3, 12);
    expect(seg.mean[1]).toBeCloseTo(0.7, 12);
    expect(Array.from(seg.shareNegative)).toEqual([1 / 3, 0]);
    expect(seg.lastNegativeAt).toEqual([t0 + 10 * DAY, null]);
    expect(Array.from(seg.lastContactAt)).toEqual([t0 + 20 * DAY, t0 + 5 * DAY]);
    // b: 1 negative of 3 recent (not > 0.5), mean -0.0667 <= -0.05 → detractor; a: mean 0.7 >= 0.5 → promoter
    expect(seg.segment).toEqual(["detractor", "promoter"]);
  });

  it("trend: least-squares slope per time unit, or recent window minus earlier messages", () => {
    // compound rises 0.1 per 30 days: slope per day 0.1 / 30, per month 0.1 * 30.4375 / 30
    const rows = [0, 30, 60, 90].map((d, i) => ({ customerId: 1, timestamp: at(d), compound: -0.2 + 0.1 * i }));
    expect(sentimentSegments(rows, { timeUnit: "day" }).trend[0]).toBeCloseTo(0.1 / 30, 12);
    expect(sentimentSegments(rows).trend[0]).toBeCloseTo((0.1 / 30) * (365.25 / 12), 12);
    // recent-vs-previous with recent 2: mean(0, 0.1) - mean(-0.2, -0.1) = 0.2
    expect(sentimentSegments(rows, { trend: "recent-vs-previous", recent: 2 }).trend[0]).toBeCloseTo(0.2, 12);
    // undefined trends are null, never NaN: one message; all at one time; no earlier messages
    expect(sentimentSegments([rows[0]]).trend).toEqual([null]);
    expect(sentimentSegments(rows.map((r) => ({ ...r, timestamp: at(0) }))).trend).toEqual([null]);
    expect(sentimentSegments(rows, { trend: "recent-vs-previous", recent: 4 }).trend).toEqual([null]);
  });

  it('"detractor-at-risk" when recent negatives dominate, even after a good history', () => {
    const hist = [0.9, 0.9, 0.9, 0.9, 0.9, -0.5, -0.4].map((c, i) => ({ customerId: "x", timestamp: at(i), compound: c }));
    // mean 0.5143 (a promoter on average), but 2 of the last 3 are negative → at risk
    const s = sentimentSegments(hist);
    expect(s.segment).toEqual(["detractor-at-risk"]);
    expect(s.recentShareNegative[0]).toBeCloseTo(2 / 3, 12);
    // thresholds are configurable: with atRiskShare 0.7 the customer stays a promoter
    expect(sentimentSegments(hist, { atRiskShare: 0.7 }).segment).toEqual(["promoter"]);
    expect(sentimentSegments(hist, { atRiskShare: 0.7, promoterMin: 0.6 }).segment).toEqual(["passive"]);
    expect(sentimentSegments(hist, { recent: 1 }).segment).toEqual(["detractor-at-risk"]);
    expect(sentimentSegments(hist, { negativeThreshold: -0.45 }).segment).toEqual(["promoter"]);
    expect(sentimentSegments(hist).rules).toEqual({
      negativeThreshold: -0.05,
      promoterMin: 0.5,
      detractorMax: -0.05,
      recent: 3,
      atRiskShare: 0.5,
      trend: "slope",
      timeUnit: "month",
    });
  });

  it('texts are scored like scoreSentiment; ids follow the library\'s rule (7 and "7" are one customer, as strings)', () => {
    const s = sentimentSegments([
      { customerId: 7, timestamp: t0, text: "The book was good." },
      { customerId: "7", timestamp: new Date(t0 + DAY), text: "Today SUX!" },
    ]);
    expect(s.customerId).toEqual(["7"]);
    expect(s.mean[0]).toBeCloseTo((scoreSentiment("The book was good.").compound + scoreSentiment("Today SUX!").compound) / 2, 12);
    // messages out of time order are ordered: the last contact is the latest, the recent window the latest
    const r = sentimentSegments([
      { customerId: 1, timestamp: at(9), compound: -0.9 },
      { customerId: 1, timestamp: at(1), compound: 0.9 },
    ]);
    expect(r.lastContactAt[0]).toBe(t0 + 9 * DAY);
    expect(sentimentSegments([{ customerId: 1, timestamp: "2024-01-01T10:00:00+02:00", compound: 0 }]).lastContactAt[0]).toBe(Date.UTC(2024, 0, 1, 8));
  });

  it("rows join RFM / churn tables on customerId", () => {
    const rows = sentimentSegmentRows(sentimentSegments([{ customerId: 42, timestamp: at(0), compound: -0.7 }]));
    expect(rows).toEqual([
      {
        customerId: "42",
        count: 1,
        mean: -0.7,
        trend: null,
        shareNegative: 1,
        recentShareNegative: 1,
        lastNegativeAt: t0,
        lastContactAt: t0,
        segment: "detractor-at-risk",
      },
    ]);
  });
});

describe("TSDoc examples", () => {
  it("scoreSentiment", () => {
    const s = scoreSentiment("VADER is smart, handsome, and funny.");
    expect([s.neg, s.neu, s.pos, s.compound]).toEqual([0, 0.254, 0.746, 0.8316]);
    expect(s.tokens[2]).toEqual({ token: "smart", role: "sentiment", lexicon: 1.7, valence: 1.7, adjustments: [] });
    expect(scoreSentiment("The food was cheap.", { lexicon: { cheap: 1.5 } }).compound).toBe(0.3612);
  });
  it("scoreSentimentBatch / sentimentScoreRows", () => {
    const b = scoreSentimentBatch(["The book was good.", "Today SUX!"]);
    expect(Array.from(b.compound)).toEqual([0.4404, -0.5461]);
    expect(sentimentScoreRows(b)[1]).toEqual({ neg: 0.779, neu: 0.221, pos: 0, compound: -0.5461 });
    expect(sentimentScoreRows(scoreSentimentBatch(["The book was good."]))).toEqual([{ neg: 0, neu: 0.508, pos: 0.492, compound: 0.4404 }]);
  });
  it("sentimentSegments / sentimentSegmentRows", () => {
    const seg = sentimentSegments([
      { customerId: 1, timestamp: "2024-01-05", text: "Love it, great service!" },
      { customerId: 1, timestamp: "2024-02-01", text: "Fast delivery, thanks" },
      { customerId: 2, timestamp: "2024-01-10", text: "Works fine." },
      { customerId: 2, timestamp: "2024-02-11", text: "The app keeps crashing. Terrible." },
      { customerId: 2, timestamp: "2024-03-02", text: "Still broken, I want a refund" },
    ]);
    expect(seg.segment).toEqual(["promoter", "detractor-at-risk"]);
    expect(sentimentSegmentRows(seg)[1].lastNegativeAt).toBe(1709337600000);
    expect(sentimentSegmentRows(sentimentSegments([{ customerId: "c1", timestamp: "2024-01-05", text: "Great, thanks!" }]))).toEqual([
      {
        customerId: "c1",
        count: 1,
        mean: 0.807,
        trend: null,
        shareNegative: 0,
        recentShareNegative: 0,
        lastNegativeAt: null,
        lastContactAt: 1704412800000,
        segment: "promoter",
      },
    ]);
  });
});

describe("sentiment: bad input is a ClienteleError naming the public function", () => {
  it("message rows: near-miss fields, missing values, bad ids, timestamps and compounds", () => {
    expect(expectClienteleError(() => sentimentSegments([{ customer_id: "a", timestamp: "2024-01-01", text: "x" } as never]), "MISSING_COLUMN")).toMatchObject({
      code: "MISSING_COLUMN",
      path: ["messages", 0, "customerId"],
    });
    expectClienteleError(() => sentimentSegments([{ customerId: "a", date: "2024-01-01", text: "x" } as never]), "MISSING_COLUMN");
    expectClienteleError(() => sentimentSegments([{ customerId: "a", timestamp: "2024-01-01", body: "x" } as never]), "MISSING_COLUMN");
    expectClienteleError(() => sentimentSegments([{ customerId: "a", timestamp: "2024-01-01" } as never]), "MISSING_COLUMN");
    const rows = (patch: object) => [msgs()[0], { ...msgs()[1], ...patch }];
    expect(expectClienteleError(() => sentimentSegments(rows({ text: 5 })), "INVALID_INPUT")).toMatchObject({
      code: "INVALID_INPUT",
      path: ["messages", 1, "text"],
    });
    expectClienteleError(() => sentimentSegments(rows({ text: null })), "MISSING_VALUE");
    expectClienteleError(() => sentimentSegments(rows({ customerId: null })), "MISSING_VALUE");
    expectClienteleError(() => sentimentSegments(rows({ customerId: {} })), "INVALID_ID");
    expectClienteleError(() => sentimentSegments(rows({ timestamp: "yesterday" })), "INVALID_TIMESTAMP");
    expect(expectClienteleError(() => sentimentSegments(rows({ timestamp: 1_700_000_000 })), "INVALID_TIMESTAMP").message).toContain("epoch seconds");
    expectClienteleError(() => sentimentSegments(rows({ timestamp: "2024-02-30" })), "INVALID_TIMESTAMP");
    expectClienteleError(() => sentimentSegments(rows({ timestamp: null })), "MISSING_VALUE");
    expectClienteleError(() => sentimentSegments(rows({ compound: 3 })), "OUT_OF_RANGE");
    expectClienteleError(() => sentimentSegments(rows({ compound: NaN })), "NON_FINITE");
    expectClienteleError(() => sentimentSegments(rows({ compound: "0.3" })), "INVALID_INPUT");
    expectClienteleError(() => sentimentSegments([null as never]), "INVALID_INPUT");
  });
});
