import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { checkRowFields, parseOptions, requireNonEmpty } from "../core/validate.js";

/**
 * Pseudo-state of customers present only in the later snapshot (they entered).
 *
 * @example
 * import { NEW_STATE, transitionMatrix } from "clientele/rfm";
 * const tm = transitionMatrix([{ id: 1, segment: "A" }], [{ id: 1, segment: "A" }, { id: 2, segment: "A" }]);
 * tm.counts[tm.states.indexOf(NEW_STATE)]; // => [1, 0, 0] (one entrant into A)
 */
export const NEW_STATE = "(new)";
/**
 * Pseudo-state of customers present only in the earlier snapshot (they left); absorbing.
 *
 * @example
 * import { GONE_STATE, transitionMatrix } from "clientele/rfm";
 * const tm = transitionMatrix([{ id: 1, segment: "A" }, { id: 2, segment: "A" }], [{ id: 1, segment: "A" }]);
 * tm.probabilities[0][tm.states.indexOf(GONE_STATE)]; // => 0.5
 */
export const GONE_STATE = "(gone)";

/** One customer's segment in a snapshot. */
export interface SegmentSnapshotRow {
  /** Customer id. */
  id: string | number;
  /** Segment name. */
  segment: string;
}

/** A snapshot as columns, e.g. the result of `assignSegments` (`{ id, segment }`). */
export interface SegmentSnapshotColumns {
  /** Customer ids. */
  id: ArrayLike<string | number>;
  /** Segment per customer. */
  segment: ArrayLike<string>;
}

/** A snapshot of segment per customer, as rows or columns. */
export type SegmentSnapshot = readonly SegmentSnapshotRow[] | SegmentSnapshotColumns;

/** Options of {@link transitionMatrix}. */
export interface TransitionMatrixOptions {
  /**
   * Order of the real segments in the matrix (names not listed are appended in order of
   * first appearance). Default: order of first appearance in `before`, then `after`.
   */
  states?: string[];
}

/**
 * Segment transition counts and probabilities between two snapshots (plain data).
 * `states` lists the real segments, then `"(new)"` and `"(gone)"`; `counts[i][j]` is the
 * number of customers in state i before and state j after, and `probabilities` is
 * `counts` normalized per row.
 */
export interface TransitionMatrix {
  /** Segment names, then `"(new)"` and `"(gone)"`. */
  states: string[];
  /** counts[i][j]: customers moving from states[i] to states[j]. */
  counts: number[][];
  /** Row-normalized counts; a row with no customers stays in its own state with probability 1. */
  probabilities: number[][];
}

/** The segment mix after some Markov steps, as returned by {@link projectSegments}. */
export interface SegmentProjection {
  /** State names (as in the matrix). */
  states: string[];
  /** Mix after the last step. */
  distribution: number[];
  /** Mix at step 0 (the input), 1, ..., steps. */
  path: number[][];
}

function toPairs(s: SegmentSnapshot, name: string, fn: string): { id: string[]; segment: string[] } {
  if (s === null || typeof s !== "object") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: s,
      message: `${fn}: ${name} must be an array of { id, segment } rows or columns { id, segment }. Got ${describeValue(s)}.`,
    });
  }
  let ids: ArrayLike<unknown>;
  let segs: ArrayLike<unknown>;
  if (Array.isArray(s)) {
    const rows = s as readonly SegmentSnapshotRow[];
    const first = rows[0] as unknown;
    if (first !== null && typeof first === "object") {
      checkRowFields(first as Record<string, unknown>, ["id", "segment"], fn, [name, 0], {
        id: ["customerId", "customer_id"],
        segment: ["segments", "label", "state"],
      });
    }
    ids = rows.map((r) => (r === null || typeof r !== "object" ? undefined : r.id));
    segs = rows.map((r) => (r === null || typeof r !== "object" ? undefined : r.segment));
  } else {
    const c = s as SegmentSnapshotColumns;
    checkRowFields(c as unknown as Record<string, unknown>, ["id", "segment"], fn, [name], {
      id: ["customerId", "customer_id"],
      segment: ["segments", "label", "state"],
    });
    if (!c.id || !c.segment || typeof c.id.length !== "number" || typeof c.segment.length !== "number") {
      throw new ClienteleError({
        code: "MISSING_COLUMN",
        path: [name],
        message: `${fn}: ${name} needs columns "id" and "segment" of equal length.`,
      });
    }
    if (c.id.length !== c.segment.length) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: [name, "segment"],
        received: c.segment.length,
        message: `${fn}: ${name}.segment has ${c.segment.length} values but ${name}.id has ${c.id.length}; give one segment per id.`,
      });
    }
    ids = c.id;
    segs = c.segment;
  }
  const n = ids.length;
  requireNonEmpty(n, fn, name, [name]);
  const id = new Array<string>(n);
  const segment = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    if (typeof v === "string" && v.length > 0 && v.trim().length === 0) {
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: [name, i, "id"],
        received: v,
        message: `${fn}: ${name}[${i}].id is a blank string; every customer needs an id (a non-empty string or a finite number).`,
      });
    }
    const key = idKey(v, fn, [name, i, "id"]);
    const g = segs[i];
    if (typeof g !== "string" || g === "" || g === NEW_STATE || g === GONE_STATE) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [name, i, "segment"],
        received: g,
        message: `${fn}: ${name}[${i}].segment is ${describeValue(g)}; segments must be non-empty strings other than "${NEW_STATE}" and "${GONE_STATE}".`,
      });
    }
    id[i] = key;
    segment[i] = g;
  }
  return { id, segment };
}

const tmOptions = z.object({ states: z.array(z.string().min(1)).optional() });

/** Most real segments a transition matrix takes (TOO_LARGE beyond). */
const MAX_STATES = 1000;

/**
 * Counts how customers moved between segments from one snapshot to the next and
 * normalizes each row into transition probabilities. Customers only in `after` come
 * from the pseudo-state `"(new)"`, customers only in `before` go to `"(gone)"`;
 * `"(gone)"` is absorbing, and any state with no observed customers keeps them
 * (probability 1 on itself), so every row sums to 1. O(n + states^2).
 *
 * @param before - earlier snapshot: `{ id, segment }[]`, or columns such as `assignSegments` output
 * @param after - later snapshot, same forms
 * @param options - `states` (order of the segments; default first appearance)
 * Ids follow the library's one rule (non-empty string or finite number; 7 and "7" are one
 * customer); segment names are plain data (`constructor`, `__proto__` ... work like any other).
 *
 * @throws ClienteleError `EMPTY_INPUT`, `DUPLICATE_ID`, `INVALID_ID`, `MISSING_VALUE` (null / blank id), `INVALID_INPUT` (a segment that is not a non-empty string), `LENGTH_MISMATCH`, `MISSING_COLUMN`, `INVALID_OPTION`
 * @example
 * import { transitionMatrix } from "clientele/rfm";
 * const tm = transitionMatrix(
 *   [{ id: 1, segment: "A" }, { id: 2, segment: "A" }, { id: 3, segment: "B" }],
 *   [{ id: 1, segment: "A" }, { id: 2, segment: "B" }, { id: 4, segment: "B" }],
 * );
 * tm.states; // => ["A", "B", "(new)", "(gone)"]
 * tm.probabilities[0]; // => [0.5, 0.5, 0, 0]
 */
export function transitionMatrix(before: SegmentSnapshot, after: SegmentSnapshot, options: TransitionMatrixOptions = {}): TransitionMatrix {
  const fn = "transitionMatrix";
  const opts = parseOptions(tmOptions, options, fn);
  const a = toPairs(before, "before", fn);
  const b = toPairs(after, "after", fn);
  const states: string[] = [];
  const index = new Map<string, number>();
  const add = (s: string): number => {
    let k = index.get(s);
    if (k === undefined) {
      k = states.length;
      index.set(s, k);
      states.push(s);
    }
    return k;
  };
  for (const s of opts.states ?? []) {
    if (s === NEW_STATE || s === GONE_STATE) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "states"],
        received: s,
        message: `${fn}: options.states must list real segments only; "${s}" is added automatically.`,
      });
    }
    add(s);
  }
  for (const s of a.segment) add(s);
  for (const s of b.segment) add(s);
  const K = states.length;
  if (K > MAX_STATES) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["before"],
      received: K,
      message: `${fn}: the snapshots hold ${K} distinct segments; a transition matrix over more than ${MAX_STATES} states (${K + 2}^2 cells) is not a segment analysis. Pass segment names (e.g. assignSegments output), not ids or raw scores, or group rare segments first.`,
    });
  }
  const NEW = K;
  const GONE = K + 1;
  const S = K + 2;
  const counts: number[][] = Array.from({ length: S }, () => new Array<number>(S).fill(0));

  const beforeOf = new Map<string, number>();
  for (let i = 0; i < a.id.length; i++) {
    if (beforeOf.has(a.id[i])) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["before", i, "id"],
        received: a.id[i],
        message: `${fn}: id ${describeValue(a.id[i])} appears more than once in before (again at row ${i}); a snapshot holds one segment per customer.`,
      });
    }
    beforeOf.set(a.id[i], index.get(a.segment[i]) as number);
  }
  const seenAfter = new Set<string>();
  for (let i = 0; i < b.id.length; i++) {
    const key = b.id[i];
    if (seenAfter.has(key)) {
      throw new ClienteleError({
        code: "DUPLICATE_ID",
        path: ["after", i, "id"],
        received: key,
        message: `${fn}: id ${describeValue(key)} appears more than once in after (again at row ${i}); a snapshot holds one segment per customer.`,
      });
    }
    seenAfter.add(key);
    const to = index.get(b.segment[i]) as number;
    const from = beforeOf.get(key);
    counts[from === undefined ? NEW : from][to]++;
  }
  for (const [key, from] of beforeOf) if (!seenAfter.has(key)) counts[from][GONE]++;

  const probabilities = counts.map((row, i) => {
    const total = row.reduce((x, y) => x + y, 0);
    if (total === 0 || i === GONE) return row.map((_, j) => (j === i ? 1 : 0));
    return row.map((c) => c / total);
  });
  return { states: [...states, NEW_STATE, GONE_STATE], counts, probabilities };
}

/**
 * Projects a segment mix forward by repeated multiplication with the transition
 * probabilities (a Markov chain): `x_{t+1}[j] = sum_i x_t[i] * P[i][j]`. Counts or shares
 * both work and are preserved in total. Mass in `"(new)"` moves into segments in one
 * step and nothing re-enters it; put entrants there yourself to model inflow.
 * O(steps * states^2).
 *
 * @param matrix - the result of {@link transitionMatrix} (only `states` and `probabilities` are used)
 * @param distribution - mix per state: an array in `matrix.states` order, or a record segment -> amount (missing states are 0)
 * @param steps - number of steps, an integer in [0, 10000]
 * @throws ClienteleError `INVALID_INPUT` (bad steps, a matrix that is not transitionMatrix output), `TOO_LARGE`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `UNKNOWN_STATE`, `INVALID_INPUT`, `EMPTY_INPUT` (no customers: an empty record or all amounts 0)
 * @example
 * import { transitionMatrix, projectSegments } from "clientele/rfm";
 * const tm = transitionMatrix(
 *   [{ id: 1, segment: "A" }, { id: 2, segment: "A" }],
 *   [{ id: 1, segment: "A" }, { id: 2, segment: "B" }],
 * );
 * projectSegments(tm, { A: 100 }, 2).distribution; // => [25, 75, 0, 0]
 */
export function projectSegments(
  matrix: Pick<TransitionMatrix, "states" | "probabilities">,
  distribution: readonly number[] | Readonly<Record<string, number>>,
  steps: number,
): SegmentProjection {
  const fn = "projectSegments";
  if (typeof steps !== "number" || !Number.isInteger(steps) || steps < 0 || steps > 10_000) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["steps"],
      received: steps,
      message: `${fn}: steps must be a whole number of Markov steps in [0, 10000]. Got ${describeValue(steps)}.`,
    });
  }
  const nSteps = steps;
  if (matrix === null || typeof matrix !== "object" || !Array.isArray(matrix.states) || !Array.isArray(matrix.probabilities)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["matrix"],
      received: matrix,
      message: `${fn}: matrix must be the result of transitionMatrix ({ states, probabilities }). Got ${describeValue(matrix)}.`,
    });
  }
  const { states, probabilities: P } = matrix;
  const S = states.length;
  if (S > MAX_STATES + 2 || P.length !== S || !states.every((x) => typeof x === "string")) {
    throw new ClienteleError({
      code: S > MAX_STATES + 2 ? "TOO_LARGE" : "INVALID_INPUT",
      path: ["matrix", "states"],
      received: S,
      message: `${fn}: matrix must be the result of transitionMatrix: states (strings, at most ${MAX_STATES + 2}) and one probability row per state. Got ${S} states and ${P.length} rows.`,
    });
  }
  for (let i = 0; i < S; i++) {
    const row = P[i];
    if (!Array.isArray(row) || row.length !== S) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["matrix", "probabilities", i],
        received: row,
        message: `${fn}: matrix.probabilities must be ${S} x ${S} (one row and column per state); row ${i} is ${describeValue(row)}.`,
      });
    }
    let sum = 0;
    for (let j = 0; j < S; j++) {
      const p = row[j];
      if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["matrix", "probabilities", i, j],
          received: p,
          message: `${fn}: matrix.probabilities[${i}][${j}] is ${describeValue(p)}; probabilities must be numbers in [0, 1].`,
        });
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["matrix", "probabilities", i],
        received: sum,
        message: `${fn}: row ${i} (${states[i]}) of matrix.probabilities sums to ${sum}; each row must sum to 1.`,
      });
    }
  }
  let x = new Array<number>(S).fill(0);
  if (Array.isArray(distribution)) {
    if (distribution.length !== S) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["distribution"],
        received: distribution.length,
        message: `${fn}: distribution has ${distribution.length} values but the matrix has ${S} states (${states.join(", ")}); give one amount per state or pass a record.`,
      });
    }
    x = [...(distribution as readonly number[])];
  } else if (distribution !== null && typeof distribution === "object") {
    for (const [key, v] of Object.entries(distribution)) {
      const k = states.indexOf(key);
      if (k < 0) {
        throw new ClienteleError({
          code: "UNKNOWN_STATE",
          path: ["distribution", key],
          received: key,
          message: `${fn}: distribution names "${key}", which is not a state of the matrix (${states.join(", ")}).`,
        });
      }
      x[k] = v;
    }
  } else {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["distribution"],
      received: distribution,
      message: `${fn}: distribution must be an array in matrix.states order or a record of state -> amount. Got ${describeValue(distribution)}.`,
    });
  }
  for (let i = 0; i < S; i++) {
    const v = x[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: ["distribution", states[i]],
        received: v,
        message: `${fn}: the amount for state "${states[i]}" is ${describeValue(v)}; amounts must be finite numbers.`,
      });
    }
    if (v < 0) {
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: ["distribution", states[i]],
        received: v,
        message: `${fn}: the amount for state "${states[i]}" is ${v}; amounts must be >= 0.`,
      });
    }
  }
  let total = 0;
  for (let i = 0; i < S; i++) total += x[i];
  if (!(total > 0)) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["distribution"],
      received: distribution,
      message:
        `${fn}: the distribution holds no customers (${Array.isArray(distribution) ? "all amounts are 0" : "no state has a positive amount"}), so there is nothing to project. ` +
        `Pass the current count (or share) of customers per state, e.g. { "${states[0] ?? "A"}": 120 }.`,
    });
  }
  const path: number[][] = [x];
  for (let t = 0; t < nSteps; t++) {
    const y = new Array<number>(S).fill(0);
    for (let i = 0; i < S; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = P[i];
      for (let j = 0; j < S; j++) y[j] += xi * row[j];
    }
    x = y;
    path.push(x);
  }
  return { states: [...states], distribution: [...x], path };
}
