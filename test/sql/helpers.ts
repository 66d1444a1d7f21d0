// Test helpers: CDNOW in memory (test/fixtures/cdnow or ../shared/data, skipped loudly when absent).
import { referenceData } from "../helpers/data.js";

const CDNOW_DATA = referenceData("cdnow/CDNOW_sample.txt", "the CDNOW SQL tests");
export const CDNOW = CDNOW_DATA.path;
export const hasCdnow = CDNOW_DATA.available;

/** CDNOW transactions as columns: master id, YYYYMMDD number, amount. */
export function cdnow(): { customerId: string[]; ymd: number[]; amount: number[] } {
  const lines = CDNOW_DATA.read().trim().split("\n");
  const parts = lines.map((l) => l.trim().split(/\s+/));
  return { customerId: parts.map((p) => p[0]), ymd: parts.map((p) => Number(p[2])), amount: parts.map((p) => Number(p[4])) };
}
