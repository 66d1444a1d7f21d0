import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import { assignSegments, scoreRfm, segmentReport } from "../../src/rfm/index.js";

const SUMMARY_DATA = referenceData("cdnow/cdnow_customers_summary_with_transactions.csv", "the rfm CDNOW reference test");
const SUMMARY = SUMMARY_DATA.path;
const exists = SUMMARY_DATA.available;

function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const keys = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, j) => [keys[j], v])));
}

describe("scoreRfm on CDNOW (2,357 customers)", () => {
  it.skipIf(!exists)("matches scipy.stats.rankdata quintile scores (test/fixtures/rfm/cdnow_scores.py)", () => {
    const rows = readCsv(SUMMARY);
    const ref = readCsv(path.resolve(__dirname, "../fixtures/rfm/cdnow_scores.csv"));
    const cols = {
      id: rows.map((r) => r.ID),
      frequency: rows.map((r) => Number(r.x)),
      recency: rows.map((r) => Number(r.t_x)), // BTYD recency, weeks
      T: rows.map((r) => Number(r.T)),
      monetary: rows.map((r) => Number(r.zbar)),
    };
    expect(ref.length).toBe(2357);
    for (const [ties, suffix] of [
      ["average", ""],
      ["min", "_min"],
    ] as const) {
      // the fixture scores zbar (the BTYD repeat mean) as M: monetary "btyd-mean"
      const s = scoreRfm(cols, { ties, monetary: "btyd-mean" });
      // reference: scipy rankdata, score = 1 + floor(5 * p) (see the fixture script)
      expect(Array.from(s.r)).toEqual(ref.map((r) => Number(r["r" + suffix])));
      expect(Array.from(s.f)).toEqual(ref.map((r) => Number(r["f" + suffix])));
      expect(Array.from(s.m)).toEqual(ref.map((r) => Number(r["m" + suffix])));
    }
    // the 1,411 one-time buyers (frequency 0, 59.9%) share one F score: 2 with mid-rank, 1 with "min"
    const avg = scoreRfm(cols, { monetary: "btyd-mean" });
    const zeroF = new Set(cols.frequency.flatMap((f, i) => (f === 0 ? [avg.f[i]] : [])));
    expect([...zeroF]).toEqual([2]);
    const rep = segmentReport(assignSegments(scoreRfm(cols, { ties: "min", monetary: "btyd-mean" })));
    expect(rep.reduce((a, r) => a + r.customers, 0)).toBe(2357);
  });
});
