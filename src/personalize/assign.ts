// Internal: the exact capacitated assignment behind nextBestAction.
//
// Customers (rows) each get at most one action (column) -- exactly one when there is no "none"
// column -- and action a at most cap[a] customers; maximize the total value of the chosen pairs.
// This is a min-cost flow (source -> customer -> action -> sink). It is solved exactly by
// successive shortest paths, one customer at a time (as the Hungarian method adds rows): the
// residual graph is compressed to the action nodes, where the edge a -> b ("move some customer j
// now on a to b") costs min_j (v[j][a] - v[j][b]), kept in one lazy min-heap per ordered pair
// (a, b). Each step is a Bellman-Ford over the m + 1 action nodes from the new customer's edges
// to the cheapest node with spare capacity; the flow stays optimal after every step (no negative
// cycle), so the final assignment is optimal. O(n (m^3 + m log n)).
import { ClienteleError } from "../core/errors.js";

class MinHeap {
  key: number[] = [];
  item: number[] = [];
  stamp: number[] = [];
  push(k: number, it: number, st: number): void {
    const K = this.key;
    const I = this.item;
    const S = this.stamp;
    let i = K.length;
    K.push(k);
    I.push(it);
    S.push(st);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (K[p] < K[i] || (K[p] === K[i] && I[p] <= I[i])) break;
      [K[p], K[i]] = [K[i], K[p]];
      [I[p], I[i]] = [I[i], I[p]];
      [S[p], S[i]] = [S[i], S[p]];
      i = p;
    }
  }
  pop(): void {
    const K = this.key;
    const I = this.item;
    const S = this.stamp;
    const last = K.length - 1;
    K[0] = K[last];
    I[0] = I[last];
    S[0] = S[last];
    K.pop();
    I.pop();
    S.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < K.length && (K[l] < K[s] || (K[l] === K[s] && I[l] < I[s]))) s = l;
      if (r < K.length && (K[r] < K[s] || (K[r] === K[s] && I[r] < I[s]))) s = r;
      if (s === i) break;
      [K[s], K[i]] = [K[i], K[s]];
      [I[s], I[i]] = [I[i], I[s]];
      [S[s], S[i]] = [S[i], S[s]];
      i = s;
    }
  }
}

/** The assignment problem: value[i * m + a] (NaN = pair not allowed), capacities (Infinity = none). */
export interface AssignProblem {
  n: number;
  m: number;
  value: Float64Array;
  capacity: number[];
  /** Customers may be left without an action (value 0). */
  allowNone: boolean;
}

/**
 * Optimal assignment: action index per customer (-1 = none) and the total value. Throws
 * INFEASIBLE_ASSIGNMENT (naming `fn` and the first customer that cannot be placed) when
 * `allowNone` is false and no assignment respects the capacities.
 */
export function solveAssignment(P: AssignProblem, fn: string, customerIds: readonly string[]): { assign: Int32Array; total: number } {
  const { n, m, value, capacity, allowNone } = P;
  const M = allowNone ? m + 1 : m; // node m = "none"
  const val = (j: number, a: number) => (a === m ? 0 : value[j * m + a]);
  const ok = (j: number, a: number) => a === m || !Number.isNaN(value[j * m + a]);
  const cap = capacity.slice();
  if (allowNone) cap.push(Infinity);
  const used = new Array<number>(M).fill(0);
  const assign = new Int32Array(n).fill(-2); // -2: not yet placed
  const stamp = new Int32Array(n);
  const heaps: MinHeap[] = Array.from({ length: M * M }, () => new MinHeap());
  const place = (j: number, a: number) => {
    assign[j] = a;
    const st = ++stamp[j];
    for (let b = 0; b < M; b++) if (b !== a && ok(j, b)) heaps[a * M + b].push(val(j, a) - val(j, b), j, st);
  };
  const top = (a: number, b: number): number => {
    const h = heaps[a * M + b];
    while (h.key.length > 0) {
      const j = h.item[0];
      if (assign[j] === a && stamp[j] === h.stamp[0]) return j;
      h.pop();
    }
    return -1;
  };
  const dist = new Float64Array(M);
  const pred = new Int32Array(M);
  const mover = new Int32Array(M);
  const w = new Float64Array(M * M);
  const wj = new Int32Array(M * M);
  for (let i = 0; i < n; i++) {
    dist.fill(Infinity);
    pred.fill(-1);
    for (let b = 0; b < M; b++) if (ok(i, b)) dist[b] = -val(i, b);
    for (let a = 0; a < M; a++) {
      for (let b = 0; b < M; b++) {
        if (a === b) continue;
        const j = used[a] > 0 ? top(a, b) : -1;
        wj[a * M + b] = j;
        w[a * M + b] = j < 0 ? Infinity : val(j, a) - val(j, b);
      }
    }
    for (let pass = 0; pass < M; pass++) {
      let changed = false;
      for (let a = 0; a < M; a++) {
        if (dist[a] === Infinity) continue;
        for (let b = 0; b < M; b++) {
          if (a === b || wj[a * M + b] < 0) continue;
          const d = dist[a] + w[a * M + b];
          if (dist[b] === Infinity ? d < Infinity : d < dist[b] - 1e-12 * (1 + Math.abs(dist[b]))) {
            dist[b] = d;
            pred[b] = a;
            mover[b] = wj[a * M + b];
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    let target = -1;
    for (let b = 0; b < M; b++) if (used[b] < cap[b] && dist[b] < Infinity && (target < 0 || dist[b] < dist[target])) target = b;
    if (target < 0) {
      throw new ClienteleError({
        code: "INFEASIBLE_ASSIGNMENT",
        path: ["customers", i],
        received: customerIds[i],
        message: `${fn}: no assignment gives every customer an action within the capacities: customer "${customerIds[i]}" cannot be placed (its eligible actions are full and nobody can move). Raise the capacities, widen eligibility, or drop assignAll.`,
      });
    }
    // path: i enters node b0, then a mover goes b0 -> b1, ..., b(k-1) -> target; only target gains a slot
    let b = target;
    const moves: [number, number][] = [];
    while (pred[b] >= 0) {
      moves.push([mover[b], b]);
      b = pred[b];
      if (moves.length > M)
        throw new ClienteleError({
          code: "FIT_FAILED",
          message: `${fn}: the assignment solver found a cycle (numerical trouble with values near ${dist[target]}). Round the values and retry.`,
        });
    }
    for (const [j, to] of moves) {
      used[assign[j]]--;
      used[to]++;
      place(j, to);
    }
    used[b]++;
    place(i, b);
  }
  let total = 0;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = assign[i] === m && allowNone ? -1 : assign[i];
    if (out[i] >= 0) total += value[i * m + out[i]];
  }
  return { assign: out, total };
}
