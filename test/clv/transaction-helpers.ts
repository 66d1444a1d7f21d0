// Shared helpers for the transaction-model tests (not a test file itself).
import type { Rng } from "../../src/core/rng.js";
import { referenceData } from "../helpers/data.js";

// test/fixtures/cdnow/cdnow_customers_summary.csv (or ../shared/data); see test/helpers/data.ts.
const CDNOW = referenceData("cdnow/cdnow_customers_summary.csv", "the CDNOW reference tests of test/clv");
export const CDNOW_FILE = CDNOW.path;
export const hasCdnow = CDNOW.available;

export function loadCdnow(): { frequency: number[]; recency: number[]; T: number[] } {
  const lines = CDNOW.read().trim().split(/\r?\n/).slice(1);
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  for (const l of lines) {
    const p = l.split(",");
    frequency.push(Number(p[1]));
    recency.push(Number(p[2]));
    T.push(Number(p[3]));
  }
  return { frequency, recency, T };
}

export interface SimulatedPanel {
  frequency: number[];
  recency: number[];
  T: number[];
  holdout: number[];
  alive: boolean[];
}

/**
 * Simulates customers from the generative process of a model (not from its formulas):
 * calibration (0, T] and holdout (T, T + t].
 */
export function simulateProcess(
  kind: "bg-nbd" | "mbg-nbd" | "pareto-nbd",
  params: Record<string, number>,
  n: number,
  T: number,
  t: number,
  rng: Rng,
): SimulatedPanel {
  const out: SimulatedPanel = { frequency: [], recency: [], T: [], holdout: [], alive: [] };
  for (let i = 0; i < n; i++) {
    const lambda = rng.gamma(params.r, 1 / params.alpha);
    let death = Infinity; // Pareto/NBD lifetime
    let p = 0;
    if (kind === "pareto-nbd") death = rng.exponential(rng.gamma(params.s, 1 / params.beta));
    else p = rng.beta(params.a, params.b);
    let dead = kind === "mbg-nbd" && rng.uniform() < p; // MBG: may drop out right after the first purchase
    let time = 0;
    let x = 0;
    let tx = 0;
    let y = 0;
    let deathTime = dead ? 0 : death;
    while (!dead) {
      time += rng.exponential(lambda);
      if (time > T + t || time > death) break;
      if (time <= T) {
        x++;
        tx = time;
      } else y++;
      if (kind !== "pareto-nbd" && rng.uniform() < p) {
        dead = true;
        deathTime = time;
      }
    }
    out.frequency.push(x);
    out.recency.push(tx);
    out.T.push(T);
    out.holdout.push(y);
    out.alive.push(deathTime > T);
  }
  return out;
}
