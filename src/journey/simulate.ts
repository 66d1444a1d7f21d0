import { createRng } from "../core/rng.js";
import type { Chain } from "./chain.js";

/** Settings of the simulation mode (see `MarkovAttributionOptions.simulate`). Internal, resolved. */
export interface SimulationSettings {
  seed: number;
  simulations: number;
  folds: number;
  convergence: number;
  growth: number;
  maxSteps: number | undefined;
  maxSimulations: number;
}

/** What the simulation returns (the fold with the smallest residual, as ChannelAttribution keeps). */
export interface SimulationOutcome {
  /** Fraction of simulated conversions that visited each channel (the removal effect). */
  removal: Float64Array;
  /** The same, weighted by the drawn conversion values. */
  valueRemoval: Float64Array;
  /** Attributed conversions / value of the kept fold. */
  conversions: Float64Array;
  value: Float64Array;
  /** Simulated conversion rate of the kept fold. */
  conversionRate: number;
  /** Total walks per fold at the end, number of rounds, final max residual. */
  walksPerFold: number;
  rounds: number;
  residual: number;
  converged: boolean;
}

/**
 * ChannelAttribution's method (2.0.x `markov_model`): `folds` independent runs (run r seeded
 * with seed + r) of random walks from start until conversion or null (or `maxSteps`, default
 * 10 x states, counted as null); a conversion credits every channel the walk visited and draws a
 * value from the converting state's per-conversion values. After each round the attributed
 * conversions of each fold are compared with their median (sum of |differences| / total
 * conversions); while the largest residual exceeds `convergence`, every fold walks
 * `growth` times more (counts accumulate). Internal.
 */
export function simulateChain(chain: Chain, nChannels: number, totalConv: number, totalValue: number, st: SimulationSettings): SimulationOutcome {
  const S = chain.nStates;
  // cumulative rows over [transient targets..., conversion, null]
  const rowStart = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) rowStart[s + 1] = rowStart[s] + (chain.rowStart[s + 1] - chain.rowStart[s]) + 2;
  const target = new Int32Array(rowStart[S]);
  const cum = new Float64Array(rowStart[S]);
  const CONV = -1;
  const NULL = -2;
  for (let s = 0; s < S; s++) {
    let q = rowStart[s];
    let acc = 0;
    for (let k = chain.rowStart[s]; k < chain.rowStart[s + 1]; k++) {
      acc += chain.prob[k];
      target[q] = chain.col[k];
      cum[q++] = acc;
    }
    acc += chain.pConv[s];
    target[q] = CONV;
    cum[q++] = acc;
    target[q] = NULL;
    cum[q] = Infinity; // whatever is left (rounding) goes to null
  }
  const maxSteps = st.maxSteps ?? S * 10;
  const F = st.folds;
  const T = Array.from({ length: F }, () => new Float64Array(nChannels));
  const V = Array.from({ length: F }, () => new Float64Array(nChannels));
  const nconv = new Float64Array(F);
  const walks = new Float64Array(F);
  const ssval = new Float64Array(F);
  const rngs = Array.from({ length: F }, (_, r) => createRng(st.seed + r));
  const stamp = new Int32Array(nChannels).fill(-1);
  let perFold = Math.max(1, Math.floor(st.simulations / F));
  let done = 0;
  let rounds = 0;
  let residual = Infinity;
  let best = 0;
  const TV = Array.from({ length: F }, () => new Float64Array(nChannels));
  const VV = Array.from({ length: F }, () => new Float64Array(nChannels));
  let walkId = 0;
  for (;;) {
    rounds++;
    for (let r = 0; r < F; r++) {
      const rng = rngs[r];
      const Tr = T[r];
      const Vr = V[r];
      for (let w = done; w < perFold; w++) {
        walkId = (walkId + 1) | 0;
        let c = 0;
        let last = 0;
        let steps = 0;
        let end = NULL;
        while (steps <= maxSteps) {
          const u = rng.uniform();
          let q = rowStart[c];
          while (cum[q] < u) q++;
          const t = target[q];
          if (t < 0) {
            end = t;
            break;
          }
          for (let k = chain.chStart[t]; k < chain.chStart[t + 1]; k++) stamp[chain.stateChannels[k]] = walkId;
          c = t;
          last = t;
          steps++;
        }
        if (end !== CONV) continue;
        nconv[r]++;
        let val = 0;
        const a = chain.valueStart[last];
        const b = chain.valueStart[last + 1];
        if (b > a) {
          const u = rng.uniform() * chain.valueCum[b - 1];
          let q = a;
          while (q < b - 1 && chain.valueCum[q] < u) q++;
          val = chain.values[q];
        }
        ssval[r] += val;
        for (let k = 0; k < nChannels; k++) {
          if (stamp[k] === walkId) {
            Tr[k]++;
            Vr[k] += val;
          }
        }
      }
      walks[r] = perFold;
    }
    done = perFold;
    // attributed per fold, median, residuals
    for (let r = 0; r < F; r++) {
      let sm = 0;
      let sv = 0;
      for (let k = 0; k < nChannels; k++) {
        sm += T[r][k];
        sv += V[r][k];
      }
      for (let k = 0; k < nChannels; k++) {
        TV[r][k] = sm > 0 ? (T[r][k] / sm) * totalConv : 0;
        VV[r][k] = sv > 0 ? (V[r][k] / sv) * totalValue : 0;
      }
    }
    const med = new Float64Array(nChannels);
    const tmp = new Float64Array(F);
    for (let k = 0; k < nChannels; k++) {
      for (let r = 0; r < F; r++) tmp[r] = TV[r][k];
      tmp.sort();
      med[k] = F % 2 === 0 ? (tmp[F / 2 - 1] + tmp[F / 2]) / 2 : tmp[(F - 1) / 2];
    }
    residual = 0;
    let minRes = Infinity;
    for (let r = 0; r < F; r++) {
      let res = 0;
      for (let k = 0; k < nChannels; k++) res += Math.abs(TV[r][k] - med[k]);
      res = totalConv > 0 ? res / totalConv : 0;
      if (res > residual) residual = res;
      if (res < minRes) {
        minRes = res;
        best = r;
      }
    }
    if (residual <= st.convergence) break;
    const next = Math.floor(perFold * st.growth);
    if (next * F > st.maxSimulations) break;
    perFold = Math.max(next, perFold + 1);
  }
  const removal = new Float64Array(nChannels);
  const valueRemoval = new Float64Array(nChannels);
  for (let k = 0; k < nChannels; k++) {
    removal[k] = nconv[best] > 0 ? T[best][k] / nconv[best] : 0;
    valueRemoval[k] = ssval[best] > 0 ? V[best][k] / ssval[best] : 0;
  }
  return {
    removal,
    valueRemoval,
    conversions: TV[best],
    value: VV[best],
    conversionRate: walks[best] > 0 ? nconv[best] / walks[best] : 0,
    walksPerFold: perFold,
    rounds,
    residual,
    converged: residual <= st.convergence,
  };
}
