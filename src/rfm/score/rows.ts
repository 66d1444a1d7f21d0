// Checking a scores object, and reading it as rows (rfmScoreRows, rfmScoreAt).
import { ClienteleError, describeValue } from "../../core/errors.js";
import type { RfmScoreRow, RfmScores } from "./types.js";

/** Throws INVALID_INPUT unless `scores` looks like the result of scoreRfm (internal). */
export function checkScores(scores: unknown, fn: string, name = "scores"): RfmScores {
  const s = scores as Partial<RfmScores> | null;
  const bad = (why: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: scores,
      message: `${fn}: ${name} must be the result of scoreRfm or scoreRfmtc; ${why}. Got ${describeValue(scores)}.`,
    });
  };
  if (s === null || typeof s !== "object" || Array.isArray(s)) return bad("it is not an object");
  const n = s.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return bad("its n is not a count");
  if (!Number.isInteger(s.bins) || (s.bins as number) < 2 || (s.bins as number) > 100) return bad("its bins is not an integer in [2, 100]");
  if (!Array.isArray(s.id) || s.id.length !== n) return bad("its id column does not hold n ids");
  for (const k of ["r", "f", "m"] as const) if (!(s[k] instanceof Uint8Array) || s[k].length !== n) bad(`its ${k} column is not n scores`);
  return s as RfmScores;
}

/**
 * Turns columnar scores into rows `{ id, r, f, m, code }`: the row view of `scoreRfm`'s
 * columnar result, for joining by row. O(n).
 *
 * @param scores - the result of {@link scoreRfm}
 * @throws ClienteleError `INVALID_INPUT` (not scores)
 * @example
 * import { scoreRfm, rfmScoreRows } from "clientele/rfm";
 * const scores = scoreRfm(
 *   { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], totalSpend: [540, 20, 120] },
 *   { recencyConvention: "since-last" },
 * );
 * rfmScoreRows(scores).map((row) => row.code); // => ["555", "111", "333"]
 */
export function rfmScoreRows(scores: RfmScores): RfmScoreRow[] {
  const s = checkScores(scores, "rfmScoreRows");
  const out = new Array<RfmScoreRow>(s.n);
  for (let i = 0; i < s.n; i++) out[i] = scoreRow(s, i);
  return out;
}

function scoreRow(scores: RfmScores, index: number): RfmScoreRow {
  const r = scores.r[index];
  const f = scores.f[index];
  const m = scores.m[index];
  const code = scores.bins > 9 ? `${r}-${f}-${m}` : `${r}${f}${m}`;
  return { id: scores.id[index], r, f, m, code };
}

/**
 * One customer's scores as a row `{ id, r, f, m, code }`. O(1).
 *
 * @param scores - the result of {@link scoreRfm}
 * @param index - 0-based customer index
 * @throws ClienteleError `OUT_OF_RANGE` when index is not in [0, n), `INVALID_INPUT` (not scores)
 * @example
 * import { scoreRfm, rfmScoreAt } from "clientele/rfm";
 * const scores = scoreRfm(
 *   { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], totalSpend: [540, 20, 120] },
 *   { recencyConvention: "since-last" },
 * );
 * rfmScoreAt(scores, 1); // => { id: "b", r: 1, f: 1, m: 1, code: "111" }
 */
export function rfmScoreAt(scores: RfmScores, index: number): RfmScoreRow {
  const s = checkScores(scores, "rfmScoreAt");
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= s.n) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["index"],
      received: index,
      message: `rfmScoreAt: index must be an integer in [0, ${s.n - 1}]. Got ${describeValue(index)}.`,
    });
  }
  return scoreRow(s, index);
}
