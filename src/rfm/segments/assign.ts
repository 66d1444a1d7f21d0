// assignSegments and segmentRows: the first matching rule per customer.
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { jsonColumns } from "../../core/json.js";
import { checkRowFields, parseOptions, parseWith, requireNonEmpty } from "../../core/validate.js";
import { checkScores, type RfmScores } from "../score.js";
import { carriedScores, checkSegments } from "./check.js";
import { RFM_SEGMENTS, type ScoreRange, type SegmentRule } from "./rules.js";
import type { AssignSegmentsOptions, RfmScoreInputRow, RfmSegmentRow, RfmSegments } from "./types.js";

const range = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, "a range is [low, high] with low <= high");

const ruleSchema = z
  .object({
    segment: z.string().min(1),
    action: z.string(),
    description: z.string().optional(),
    r: range.optional(),
    f: range.optional(),
    m: range.optional(),
    fm: range.optional(),
  })
  .strict();

const rulesSchema = z.array(ruleSchema).min(1).max(254);

const assignOptionsSchema = z
  .object({
    fallback: z
      .object({ segment: z.string().min(1), action: z.string() })
      .strict()
      .optional(),
  })
  .strict();

function inRange(v: number, rg: ScoreRange | undefined): boolean {
  return rg === undefined || (v >= rg[0] && v <= rg[1]);
}

function scoreColumn(rows: readonly RfmScoreInputRow[], key: "r" | "f" | "m"): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const v = row === null || typeof row !== "object" ? undefined : row[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 100) {
      throw new ClienteleError({
        code: typeof v === "number" && Number.isFinite(v) ? "OUT_OF_RANGE" : "NON_FINITE",
        path: ["scores", i, key],
        received: v,
        message: `assignSegments: scores[${i}].${key} is ${describeValue(v)}; scores must be integers in [1, 100] (as scoreRfm returns).`,
      });
    }
    out[i] = v;
  }
  return out;
}

/**
 * Puts every customer into exactly one named segment by checking score-range rules in
 * order (first match wins); customers no rule matches get the fallback segment
 * (default `"Other"`). The default table is {@link RFM_SEGMENTS}: the 11-segment map
 * (Champions ... Lost) on 1-5 scores, each segment with a recommended action. Runs in
 * O(n + bins^3 * rules) via a lookup table over all score triples.
 *
 * @param scores - the result of `scoreRfm` / `scoreRfmtc`, or rows `{ id?, r, f, m }`
 * @param rules - rule table (default {@link RFM_SEGMENTS}, which needs 5 bins; at most 254 rules)
 * @param options - `fallback` (default `{ segment: "Other", ... }`)
 * Segment names are plain data: names such as `constructor`, `toString` or `__proto__`
 * are segments like any other. Ids follow the library's one rule (a non-empty string or a
 * finite number, 7 and "7" the same; missing ids in rows default to the row index).
 *
 * @returns columnar segments (serialize with `JSON.stringify`); {@link segmentRows} gives rows
 * @throws ClienteleError `INVALID_INPUT` (malformed rule table, scores that are not scoreRfm output), `SHAPE_MISMATCH` (default table with bins other than 5), `EMPTY_INPUT`, `OUT_OF_RANGE`, `NON_FINITE`, `INVALID_ID`, `MISSING_COLUMN` (a near-miss field in score rows), `INVALID_OPTION`
 * @see Putler, "RFM Analysis For Successful Customer Segmentation" (R/FM segment table).
 * @example
 * import { scoreRfm, assignSegments } from "clientele/rfm";
 * const seg = assignSegments([{ id: "a", r: 5, f: 5, m: 4 }, { id: "b", r: 1, f: 1, m: 1 }]);
 * seg.segment; // => ["Champions", "Lost"]
 */
export function assignSegments(
  scores: RfmScores | readonly RfmScoreInputRow[],
  rules: readonly SegmentRule[] = RFM_SEGMENTS,
  options: AssignSegmentsOptions = {},
): RfmSegments {
  const fn = "assignSegments";
  const opts = parseOptions(assignOptionsSchema, options, fn);
  const table = rules === RFM_SEGMENTS ? RFM_SEGMENTS : parseWith(rulesSchema, rules, fn, { code: "INVALID_INPUT", root: "rules" });
  const fallback = opts.fallback ?? { segment: "Other", action: "Review: no segment rule matched these scores." };

  let r: Uint8Array;
  let f: Uint8Array;
  let m: Uint8Array;
  let id: string[];
  let maxScore: number;
  let source: RfmScores | undefined;
  if (Array.isArray(scores)) {
    const rows = scores as readonly RfmScoreInputRow[];
    requireNonEmpty(rows.length, fn, "scores");
    const first = rows[0];
    if (first !== null && typeof first === "object") {
      checkRowFields(first as unknown as Record<string, unknown>, ["r", "f", "m"], fn, ["scores", 0], { r: ["R"], f: ["F"], m: ["M"] });
    }
    r = scoreColumn(rows, "r");
    f = scoreColumn(rows, "f");
    m = scoreColumn(rows, "m");
    id = rows.map((row, i) => (row.id === undefined ? String(i) : idKey(row.id, fn, ["scores", i, "id"])));
    maxScore = 1;
    for (let i = 0; i < rows.length; i++) maxScore = Math.max(maxScore, r[i], f[i], m[i]);
    if (rules === RFM_SEGMENTS && maxScore > 5) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["scores"],
        received: maxScore,
        message: `${fn}: the default segment table is defined on 1-5 scores but a score of ${maxScore} was found. Score with bins: 5 or pass your own rules.`,
      });
    }
  } else {
    const s = checkScores(scores, fn);
    requireNonEmpty(s.n, fn, "scores");
    for (const k of ["r", "f", "m"] as const) {
      const col = s[k];
      for (let i = 0; i < s.n; i++) {
        if (col[i] < 1 || col[i] > s.bins) {
          throw new ClienteleError({
            code: "OUT_OF_RANGE",
            path: ["scores", k, i],
            received: col[i],
            message: `${fn}: scores.${k}[${i}] is ${col[i]} but scores hold 1..bins (${s.bins}); pass scoreRfm output unmodified.`,
          });
        }
      }
    }
    if (rules === RFM_SEGMENTS && s.bins !== 5) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["scores", "bins"],
        received: s.bins,
        message: `${fn}: the default segment table is defined on 1-5 scores but the scores have bins = ${s.bins}. Score with bins: 5 or pass your own rules.`,
      });
    }
    r = s.r;
    f = s.f;
    m = s.m;
    id = s.id;
    maxScore = s.bins;
    source = s;
  }

  // unique segment names in rule order, fallback last
  const segments: string[] = [];
  const actions: string[] = [];
  const ruleSeg = new Uint8Array(table.length);
  for (let k = 0; k < table.length; k++) {
    let j = segments.indexOf(table[k].segment);
    if (j < 0) {
      j = segments.length;
      segments.push(table[k].segment);
      actions.push(table[k].action);
    }
    ruleSeg[k] = j;
  }
  let fallbackIndex = segments.indexOf(fallback.segment);
  if (fallbackIndex < 0) {
    fallbackIndex = segments.length;
    segments.push(fallback.segment);
    actions.push(fallback.action);
  }

  // lookup table over all score triples 1..maxScore
  const B = maxScore;
  const lut = new Uint8Array(B * B * B);
  for (let a = 1; a <= B; a++) {
    for (let b = 1; b <= B; b++) {
      for (let c = 1; c <= B; c++) {
        const fm = (b + c) / 2;
        let seg = fallbackIndex;
        for (let k = 0; k < table.length; k++) {
          const rule = table[k];
          if (inRange(a, rule.r) && inRange(b, rule.f) && inRange(c, rule.m) && inRange(fm, rule.fm)) {
            seg = ruleSeg[k];
            break;
          }
        }
        lut[((a - 1) * B + (b - 1)) * B + (c - 1)] = seg;
      }
    }
  }

  const n = r.length;
  const segmentIndex = new Uint8Array(n);
  const segment = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const s = lut[((r[i] - 1) * B + (f[i] - 1)) * B + (m[i] - 1)];
    segmentIndex[i] = s;
    segment[i] = segments[s];
  }
  const warnings = source && Array.isArray(source.warnings) ? source.warnings.filter((w): w is string => typeof w === "string") : [];
  const out: RfmSegments = { n, id, segment, segmentIndex, segments, actions, fallbackIndex, r, f, m, warnings };
  if (source) out.scores = carriedScores(source, fn);
  return jsonColumns(out);
}

/**
 * The row view of {@link assignSegments}' columnar result: one `{ id, segment, action, r, f, m }`
 * per customer, for joining by row. O(n).
 *
 * @param segments - the result of `assignSegments`
 * @throws ClienteleError `INVALID_INPUT` (not assignSegments output)
 * @example
 * import { assignSegments, segmentRows } from "clientele/rfm";
 * segmentRows(assignSegments([{ id: 7, r: 5, f: 5, m: 4 }]))[0];
 * // => { id: "7", segment: "Champions", action: "Reward them: loyalty programs, VIP experiences, early access; ask for reviews and referrals.", r: 5, f: 5, m: 4 }
 */
export function segmentRows(segments: RfmSegments): RfmSegmentRow[] {
  const s = checkSegments(segments, "segmentRows");
  const out = new Array<RfmSegmentRow>(s.n);
  for (let i = 0; i < s.n; i++) {
    const k = s.segmentIndex[i];
    out[i] = { id: s.id[i], segment: s.segments[k], action: s.actions[k], r: s.r[i], f: s.f[i], m: s.m[i] };
  }
  return out;
}
