// Test helpers: CDNOW in memory (from ../shared/data, skipped loudly when absent).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const CDNOW = path.resolve(__dirname, "../../../shared/data/cdnow/CDNOW_sample.txt");
export const hasCdnow = existsSync(CDNOW);
if (!hasCdnow) console.warn(`\n*** CDNOW not found at ${CDNOW}: the CDNOW SQL tests are SKIPPED ***\n`);

/** CDNOW transactions as columns: master id, YYYYMMDD number, amount. */
export function cdnow(): { customerId: string[]; ymd: number[]; amount: number[] } {
  const lines = readFileSync(CDNOW, "utf8").trim().split("\n");
  const parts = lines.map((l) => l.trim().split(/\s+/));
  return { customerId: parts.map((p) => p[0]), ymd: parts.map((p) => Number(p[2])), amount: parts.map((p) => Number(p[4])) };
}
