import { ClienteleError } from "../core/errors.js";
import type { EncodedPaths } from "./paths-input.js";

/**
 * The order-k absorbing chain of a set of paths, built as ChannelAttribution builds it:
 * a state is a window of k consecutive channels (a whole path when it is shorter than k),
 * consecutive identical states are collapsed (so order 1 drops repeats "a > a"), every path
 * adds its conversions + nulls to each of its transitions, its conversions to last → conversion
 * and its nulls to last → null. State 0 is "(start)". Internal.
 */
export interface Chain {
  order: number;
  /** Transient states including start (0). */
  nStates: number;
  /** CSR rows over transient targets. */
  rowStart: Int32Array;
  col: Int32Array;
  prob: Float64Array;
  /** Probability of moving to conversion / null from each state. */
  pConv: Float64Array;
  pNull: Float64Array;
  /** Mean value per conversion reached from each state (0 when none). */
  meanValue: Float64Array;
  /** Per-state conversion values and their cumulative conversion weights (for the simulation). */
  valueStart: Int32Array;
  values: Float64Array;
  valueCum: Float64Array;
  /** Channels in each state: stateChannels[chStart[s] .. chStart[s + 1]). */
  chStart: Int32Array;
  stateChannels: Int32Array;
  /** State labels ("(start)", "a", "a,b"). */
  labels: string[];
}

/** Most transient states a chain may have (TOO_LARGE beyond). */
export const MAX_STATES = 2_000_000;
/** Dense counting is used up to this many state pairs. */
const DENSE_CELLS = 4_000_000;

export function buildChain(p: EncodedPaths, order: number, fn: string): Chain {
  const C = p.channels.length;
  const base = C + 1;
  if (Math.pow(base, order) >= 2 ** 52) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "order"],
      received: order,
      message: `${fn}: order ${order} with ${C} channels gives too many possible states; lower the order (1 to 3 is usual) or merge rare channels.`,
    });
  }
  // pass 1: state sequence per path (collapsed), state keys -> ids
  const keyToState = new Map<number, number>();
  const stateKeys: number[] = [0];
  const seqStart = new Int32Array(p.n + 1);
  let seq = new Int32Array(Math.max(16, p.touches.length + p.n));
  let ns = 0;
  const { offsets, touches } = p;
  for (let i = 0; i < p.n; i++) {
    seqStart[i] = ns;
    if (p.conv[i] + p.nulls[i] <= 0) continue;
    const a = offsets[i];
    const b = offsets[i + 1];
    const len = b - a;
    const windows = len <= order ? 1 : len - order + 1;
    const w = len <= order ? len : order;
    let prev = -1;
    for (let s = 0; s < windows; s++) {
      let key = 0;
      let mul = 1;
      for (let j = 0; j < w; j++) {
        key += (touches[a + s + j] + 1) * mul;
        mul *= base;
      }
      let id = keyToState.get(key);
      if (id === undefined) {
        id = stateKeys.length;
        if (id > MAX_STATES) {
          throw new ClienteleError({
            code: "TOO_LARGE",
            path: ["paths"],
            message: `${fn}: the order-${order} chain has more than ${MAX_STATES} states; lower the order or merge rare channels.`,
          });
        }
        keyToState.set(key, id);
        stateKeys.push(key);
      }
      if (id !== prev) {
        seq[ns++] = id;
        prev = id;
      }
    }
  }
  seqStart[p.n] = ns;
  seq = seq.subarray(0, ns);
  const S = stateKeys.length;
  // state channels and labels
  const chStart = new Int32Array(S + 1);
  const chList: number[] = [];
  const labels: string[] = ["(start)"];
  for (let s = 1; s < S; s++) {
    chStart[s] = chList.length;
    let key = stateKeys[s];
    const names: string[] = [];
    while (key > 0) {
      const c = (key % base) - 1;
      chList.push(c);
      names.push(p.channels[c]);
      key = Math.floor(key / base);
    }
    labels.push(names.join(","));
  }
  chStart[0] = 0;
  chStart[S] = chList.length;
  // pass 2: transition weights
  const conv = new Float64Array(S);
  const nul = new Float64Array(S);
  const endValue = new Float64Array(S);
  const outW = new Float64Array(S);
  const dense = S * S <= DENSE_CELLS ? new Float64Array(S * S) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  const add = (from: number, to: number, w: number): void => {
    if (dense !== null) dense[from * S + to] += w;
    else {
      const k = from * S + to;
      sparse!.set(k, (sparse!.get(k) ?? 0) + w);
    }
  };
  for (let i = 0; i < p.n; i++) {
    const a = seqStart[i];
    const b = seqStart[i + 1];
    if (a === b) continue;
    const w = p.conv[i] + p.nulls[i];
    let from = 0;
    for (let j = a; j < b; j++) {
      add(from, seq[j], w);
      outW[from] += w;
      from = seq[j];
    }
    conv[from] += p.conv[i];
    nul[from] += p.nulls[i];
    outW[from] += w;
    if (p.conv[i] > 0) endValue[from] += p.value[i];
  }
  // CSR
  const rowStart = new Int32Array(S + 1);
  let cols: Int32Array;
  let probs: Float64Array;
  if (dense !== null) {
    let nnz = 0;
    for (let k = 0; k < S * S; k++) if (dense[k] > 0) nnz++;
    cols = new Int32Array(nnz);
    probs = new Float64Array(nnz);
    let q = 0;
    for (let s = 0; s < S; s++) {
      rowStart[s] = q;
      const o = s * S;
      for (let t = 0; t < S; t++) {
        const v = dense[o + t];
        if (v > 0) {
          cols[q] = t;
          probs[q++] = v / outW[s];
        }
      }
    }
    rowStart[S] = q;
  } else {
    const keys = Array.from(sparse!.keys()).sort((x, y) => x - y);
    cols = new Int32Array(keys.length);
    probs = new Float64Array(keys.length);
    let s = 0;
    for (let q = 0; q < keys.length; q++) {
      const from = Math.floor(keys[q] / S);
      while (s <= from) rowStart[s++] = q;
      cols[q] = keys[q] - from * S;
      probs[q] = sparse!.get(keys[q])! / outW[from];
    }
    while (s <= S) rowStart[s++] = keys.length;
  }
  const pConv = new Float64Array(S);
  const pNull = new Float64Array(S);
  const meanValue = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (outW[s] > 0) {
      pConv[s] = conv[s] / outW[s];
      pNull[s] = nul[s] / outW[s];
    }
    if (conv[s] > 0) meanValue[s] = endValue[s] / conv[s];
  }
  // per-state value distribution (ChannelAttribution draws a conversion's value from the
  // per-conversion values of the paths that converted from that state, weighted by conversions)
  const vCount = new Int32Array(S + 1);
  for (let i = 0; i < p.n; i++) {
    const b = seqStart[i + 1];
    if (b > seqStart[i] && p.conv[i] > 0) vCount[seq[b - 1] + 1]++;
  }
  for (let s = 0; s < S; s++) vCount[s + 1] += vCount[s];
  const valueStart = vCount.slice();
  const values = new Float64Array(vCount[S]);
  const valueCum = new Float64Array(vCount[S]);
  const fill = vCount.slice(0, S);
  for (let i = 0; i < p.n; i++) {
    const b = seqStart[i + 1];
    if (b > seqStart[i] && p.conv[i] > 0) {
      const s = seq[b - 1];
      const q = fill[s]++;
      values[q] = p.value[i] / p.conv[i];
      valueCum[q] = p.conv[i];
    }
  }
  for (let s = 0; s < S; s++) for (let q = valueStart[s] + 1; q < valueStart[s + 1]; q++) valueCum[q] += valueCum[q - 1];
  return {
    order,
    nStates: S,
    rowStart,
    col: cols,
    prob: probs,
    pConv,
    pNull,
    meanValue,
    valueStart,
    values,
    valueCum,
    chStart,
    stateChannels: Int32Array.from(chList),
    labels,
  };
}

/** removed[s] = 1 when state s contains channel c (the states ChannelAttribution's removal sends to null). */
export function statesWith(chain: Chain, c: number, out: Uint8Array): Uint8Array {
  out.fill(0);
  for (let s = 1; s < chain.nStates; s++) {
    for (let q = chain.chStart[s]; q < chain.chStart[s + 1]; q++) {
      if (chain.stateChannels[q] === c) {
        out[s] = 1;
        break;
      }
    }
  }
  return out;
}
