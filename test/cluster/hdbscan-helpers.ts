// Shared by the hdbscan*.test.ts files: seeded 2-D points, the hand-checkable squares, and the
// label comparison up to renumbering.
import { createRng } from "../../src/core/rng.js";

/** Points whose labels differ after the best one-to-one renumbering (noise must match noise). */
export function labelMismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const map = new Map<number, Map<number, number>>();
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    const m = map.get(a[i]) ?? new Map<number, number>();
    m.set(b[i], (m.get(b[i]) ?? 0) + 1);
    map.set(a[i], m);
  }
  const to = new Map<number, number>();
  for (const [x, m] of map) to.set(x, [...m.entries()].sort((p, q) => q[1] - p[1])[0][0]);
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 !== b[i] < 0) bad++;
    else if (a[i] >= 0 && to.get(a[i]) !== b[i]) bad++;
  }
  return bad;
}

export function randomPoints(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    if (c === 3) pts.push([rng.uniform() * 30 - 10, rng.uniform() * 30 - 10]);
    else pts.push([c * 8 + rng.normal() * (0.5 + c * 0.4), (c % 2) * 6 + rng.normal() * 0.7]);
  }
  return pts;
}

export const SQUARES = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [10, 10],
  [10, 11],
  [11, 10],
  [11, 11],
  [50, 50],
];
