// Internal: a small dense network (row-major weights, one layer after another) with forward
// and backward passes for mean-squared reconstruction error, and Adam. Plain loops on
// Float64Array; no allocation inside the per-batch loops.

/** Activation of a layer. */
export type Activation = "linear" | "relu" | "tanh" | "sigmoid";

/** One dense layer: out = act(W in + b), W is out x in row-major. */
export interface Layer {
  nIn: number;
  nOut: number;
  w: Float64Array;
  b: Float64Array;
  act: Activation;
}

export function activate(act: Activation, v: Float64Array, from: number, to: number): void {
  if (act === "linear") return;
  for (let i = from; i < to; i++) {
    const x = v[i];
    v[i] = act === "relu" ? (x > 0 ? x : 0) : act === "tanh" ? Math.tanh(x) : 1 / (1 + Math.exp(-x));
  }
}

/** Derivative of the activation given its OUTPUT value y. */
function dAct(act: Activation, y: number): number {
  return act === "linear" ? 1 : act === "relu" ? (y > 0 ? 1 : 0) : act === "tanh" ? 1 - y * y : y * (1 - y);
}

/** Forward pass of rows [0, m) of x (m x layers[0].nIn): fills acts[l] (m x nOut of layer l). */
export function forward(layers: readonly Layer[], x: Float64Array, m: number, acts: Float64Array[]): void {
  let input = x;
  for (let l = 0; l < layers.length; l++) {
    const { nIn, nOut, w, b, act } = layers[l];
    const out = acts[l];
    for (let r = 0; r < m; r++) {
      const io = r * nIn;
      const oo = r * nOut;
      for (let o = 0; o < nOut; o++) {
        let s = b[o];
        const wo = o * nIn;
        for (let i = 0; i < nIn; i++) s += w[wo + i] * input[io + i];
        out[oo + o] = s;
      }
    }
    activate(act, out, 0, m * nOut);
    input = out;
  }
}

/** Sum of squared differences of the output (acts[last]) from x over m rows. */
export function squaredError(x: Float64Array, out: Float64Array, m: number, d: number): number {
  let s = 0;
  for (let i = 0; i < m * d; i++) {
    const g = out[i] - x[i];
    s += g * g;
  }
  return s;
}

/**
 * Gradients of the mean (over m rows and d outputs) squared error into gw/gb (overwritten).
 * `acts` from `forward`; `delta` scratch arrays shaped like acts.
 */
export function backward(
  layers: readonly Layer[],
  x: Float64Array,
  m: number,
  acts: Float64Array[],
  delta: Float64Array[],
  gw: Float64Array[],
  gb: Float64Array[],
): void {
  const L = layers.length;
  const d = layers[L - 1].nOut;
  const scale = 2 / (m * d);
  const outA = acts[L - 1];
  const dl = delta[L - 1];
  for (let i = 0; i < m * d; i++) dl[i] = scale * (outA[i] - x[i]) * dAct(layers[L - 1].act, outA[i]);
  for (let l = L - 1; l >= 0; l--) {
    const { nIn, nOut, w } = layers[l];
    const input = l === 0 ? x : acts[l - 1];
    const dcur = delta[l];
    const gwl = gw[l];
    const gbl = gb[l];
    gwl.fill(0);
    gbl.fill(0);
    for (let r = 0; r < m; r++) {
      const io = r * nIn;
      const oo = r * nOut;
      for (let o = 0; o < nOut; o++) {
        const g = dcur[oo + o];
        if (g === 0) continue;
        gbl[o] += g;
        const wo = o * nIn;
        for (let i = 0; i < nIn; i++) gwl[wo + i] += g * input[io + i];
      }
    }
    if (l > 0) {
      const dprev = delta[l - 1];
      const actPrev = layers[l - 1].act;
      for (let r = 0; r < m; r++) {
        const io = r * nIn;
        const oo = r * nOut;
        for (let i = 0; i < nIn; i++) {
          let s = 0;
          for (let o = 0; o < nOut; o++) s += w[o * nIn + i] * dcur[oo + o];
          dprev[io + i] = s * dAct(actPrev, input[io + i]);
        }
      }
    }
  }
}

/** Adam state for one parameter array. */
export interface AdamSlot {
  m: Float64Array;
  v: Float64Array;
}

/** One Adam step (Kingma & Ba 2015; beta1 0.9, beta2 0.999, eps 1e-8) on p with gradient g at step t (1-based). */
export function adamStep(p: Float64Array, g: Float64Array, s: AdamSlot, lr: number, t: number, l2: number): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + l2 * p[i];
    s.m[i] = b1 * s.m[i] + (1 - b1) * gi;
    s.v[i] = b2 * s.v[i] + (1 - b2) * gi * gi;
    p[i] -= (lr * (s.m[i] / c1)) / (Math.sqrt(s.v[i] / c2) + 1e-8);
  }
}
