// scoreText: the VADER rules over one text, in the reference's order (booster and caps
// adjustments, negation, special cases, idioms, "but", punctuation emphasis), with optional
// traces of every adjustment.
import { CAPS_INCREMENT, NEGATION_SCALAR, NORMALIZATION_ALPHA, type Tables, tables } from "./tables.js";
import { isUpper, lower, substituteEmoji, tokenize } from "./text.js";
import type { Adjustment, AdjustmentRule, Lexicon, RawScore, TokenTrace } from "./types.js";

// Scratch buffers reused across calls (grown on demand; the scorer is synchronous).
const WORDS: string[] = [];
const LOWERS: string[] = [];
let IN_LEX = new Uint8Array(64);
let LEX_VAL = new Float64Array(64);
let SENT = new Float64Array(64);
let NONZERO = new Int32Array(64);

function ensure(n: number): void {
  if (IN_LEX.length >= n) return;
  let cap = IN_LEX.length;
  while (cap < n) cap *= 2;
  IN_LEX = new Uint8Array(cap);
  LEX_VAL = new Float64Array(cap);
  SENT = new Float64Array(cap);
  NONZERO = new Int32Array(cap);
}

function isNegation(t: Tables, w: string): boolean {
  return t.negations.has(w) || w.includes("n't");
}

function phrase2(t: Tables, a: string, b: string): string | null {
  return t.phraseWords.has(a) && t.phraseWords.has(b) ? a + " " + b : null;
}
function phrase3(t: Tables, a: string, b: string, c: string): string | null {
  return t.phraseWords.has(a) && t.phraseWords.has(b) && t.phraseWords.has(c) ? a + " " + b + " " + c : null;
}

function note(trace: TokenTrace | null, rule: AdjustmentRule, word: string | undefined, before: number, after: number): void {
  if (trace === null) return;
  const adj: Adjustment = word === undefined ? { rule, before, after } : { rule, word, before, after };
  trace.adjustments.push(adj);
}

/**
 * Scores one text. `traces`, when given, receives one entry per token. Runs in O(tokens) plus
 * O(k²) for the "but" rule over the k tokens with a non-zero valence.
 */
export function scoreText(text: string, lex: Lexicon, traces: TokenTrace[] | null): RawScore {
  const t = tables();
  const clean = substituteEmoji(text, t.emoji);
  const words = WORDS;
  tokenize(clean, words);
  const n = words.length;
  ensure(n);
  const lw = LOWERS;
  lw.length = n;
  const inLex = IN_LEX;
  const lexVal = LEX_VAL;
  const over = lex.overrides;
  let upperCount = 0;
  for (let i = 0; i < n; i++) {
    const w = lower(words[i]);
    lw[i] = w;
    let v: number | null | undefined;
    if (over !== null) v = over.get(w);
    if (v === undefined) v = lex.base.get(w);
    if (v === undefined || v === null) {
      inLex[i] = 0;
      lexVal[i] = 0;
    } else {
      inLex[i] = 1;
      lexVal[i] = v;
    }
    if (isUpper(words[i])) upperCount++;
  }
  // some but not all tokens in ALL CAPS
  const capDiff = upperCount > 0 && upperCount < n;
  const sent = SENT;
  if (traces !== null) traces.length = 0;

  for (let i = 0; i < n; i++) {
    const w = lw[i];
    const tr: TokenTrace | null =
      traces === null ? null : { token: words[i], role: "neutral", lexicon: inLex[i] ? lexVal[i] : null, valence: 0, adjustments: [] };
    if (tr !== null) traces!.push(tr);
    if (t.booster.has(w) || (i < n - 1 && w === "kind" && lw[i + 1] === "of")) {
      sent[i] = 0;
      if (tr !== null) tr.role = "modifier";
      continue;
    }
    if (!inLex[i]) {
      sent[i] = 0;
      continue;
    }
    if (tr !== null) tr.role = "sentiment";
    let v = lexVal[i];
    let b: number;
    if (w === "no" && i !== n - 1 && inLex[i + 1]) {
      note(tr, "no-as-modifier", undefined, v, 0);
      v = 0;
    }
    if ((i > 0 && lw[i - 1] === "no") || (i > 1 && lw[i - 2] === "no") || (i > 2 && lw[i - 3] === "no" && (lw[i - 1] === "or" || lw[i - 1] === "nor"))) {
      b = v;
      v = lexVal[i] * NEGATION_SCALAR;
      note(tr, "no-before", "no", b, v);
    }
    if (capDiff && isUpper(words[i])) {
      b = v;
      if (v > 0) v += CAPS_INCREMENT;
      else v -= CAPS_INCREMENT;
      note(tr, "caps", undefined, b, v);
    }
    for (let d = 0; d < 3; d++) {
      if (i <= d) break;
      const j = i - d - 1;
      if (inLex[j]) continue;
      // booster / dampener at distance d + 1, scaled down with distance
      const pw = lw[j];
      const inc = t.booster.get(pw);
      if (inc !== undefined) {
        let s = v < 0 ? -inc : inc;
        if (capDiff && isUpper(words[j])) {
          if (v > 0) s += CAPS_INCREMENT;
          else s -= CAPS_INCREMENT;
        }
        if (d === 1) s = s * 0.95;
        else if (d === 2) s = s * 0.9;
        b = v;
        v = v + s;
        note(tr, "booster", words[j], b, v);
      }
      // negation
      b = v;
      if (d === 0) {
        if (isNegation(t, pw)) {
          v = v * NEGATION_SCALAR;
          note(tr, "negation", words[j], b, v);
        }
      } else if (d === 1) {
        if (lw[i - 2] === "never" && (lw[i - 1] === "so" || lw[i - 1] === "this")) {
          v = v * 1.25;
          note(tr, "never-so", lw[i - 2] + " " + lw[i - 1], b, v);
        } else if (lw[i - 2] === "without" && lw[i - 1] === "doubt") {
          note(tr, "without-doubt", "without doubt", b, v);
        } else if (isNegation(t, pw)) {
          v = v * NEGATION_SCALAR;
          note(tr, "negation", words[j], b, v);
        }
      } else {
        // as in the reference: (never and (so or this) two back) or (so or this) right before
        if ((lw[i - 3] === "never" && (lw[i - 2] === "so" || lw[i - 2] === "this")) || lw[i - 1] === "so" || lw[i - 1] === "this") {
          v = v * 1.25;
          note(tr, "never-so", lw[i - 3] + " " + lw[i - 2] + " " + lw[i - 1], b, v);
        } else if (lw[i - 3] === "without" && (lw[i - 2] === "doubt" || lw[i - 1] === "doubt")) {
          note(tr, "without-doubt", "without doubt", b, v);
        } else if (isNegation(t, pw)) {
          v = v * NEGATION_SCALAR;
          note(tr, "negation", words[j], b, v);
        }
        v = idioms(t, v, lw, i, n, tr);
      }
    }
    // "least" as a negation, except in "at least" / "very least"
    if (i > 1 && !inLex[i - 1] && lw[i - 1] === "least") {
      if (lw[i - 2] !== "at" && lw[i - 2] !== "very") {
        b = v;
        v = v * NEGATION_SCALAR;
        note(tr, "least", "least", b, v);
      }
    } else if (i > 0 && !inLex[i - 1] && lw[i - 1] === "least") {
      b = v;
      v = v * NEGATION_SCALAR;
      note(tr, "least", "least", b, v);
    }
    sent[i] = v;
  }

  // "but": valences before the first "but" are halved, after it × 1.5. Like the reference, each
  // value is looked up by its first occurrence in the (partly updated) list, so with repeated
  // values the factor can land on an earlier token: reproduced as is.
  let bi = -1;
  for (let i = 0; i < n; i++) {
    if (lw[i] === "but") {
      bi = i;
      break;
    }
  }
  if (bi >= 0) {
    const nz = NONZERO;
    let k = 0;
    for (let p = 0; p < n; p++) {
      const v = sent[p];
      if (v === 0) continue; // a zero stays zero wherever the factor lands
      nz[k++] = p;
      let si = p;
      for (let q = 0; q < k; q++) {
        if (sent[nz[q]] === v) {
          si = nz[q];
          break;
        }
      }
      if (si !== bi) {
        const f = si < bi ? 0.5 : 1.5;
        const after = v * f;
        sent[si] = after;
        if (traces !== null) note(traces[si], "but", "but", v, after);
      }
    }
  }

  if (traces !== null) for (let i = 0; i < n; i++) traces[i].valence = sent[i];
  if (n === 0) return { neg: 0, neu: 0, pos: 0, compound: 0, sum: 0, punctuation: 0 };

  let sum = 0;
  for (let i = 0; i < n; i++) sum += sent[i];
  let ep = 0;
  let qm = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    if (c === 33) ep++;
    else if (c === 63) qm++;
  }
  if (ep > 4) ep = 4;
  const epAmp = ep * 0.292;
  const qmAmp = qm > 1 ? (qm <= 3 ? qm * 0.18 : 0.96) : 0;
  const punct = epAmp + qmAmp;
  let total = sum;
  if (total > 0) total += punct;
  else if (total < 0) total -= punct;
  let compound = total / Math.sqrt(total * total + NORMALIZATION_ALPHA);
  if (compound < -1) compound = -1;
  else if (compound > 1) compound = 1;

  let posSum = 0;
  let negSum = 0;
  let neuCount = 0;
  for (let i = 0; i < n; i++) {
    const s = sent[i];
    if (s > 0) posSum += s + 1;
    if (s < 0) negSum += s - 1;
    if (s === 0) neuCount += 1;
  }
  if (posSum > Math.abs(negSum)) posSum += punct;
  else if (posSum < Math.abs(negSum)) negSum -= punct;
  const all = posSum + Math.abs(negSum) + neuCount;
  return {
    neg: Math.abs(negSum / all),
    neu: Math.abs(neuCount / all),
    pos: Math.abs(posSum / all),
    compound,
    sum,
    punctuation: punct,
  };
}

function idioms(t: Tables, v: number, lw: string[], i: number, n: number, tr: TokenTrace | null): number {
  const w0 = lw[i];
  const w1 = lw[i - 1];
  const w2 = lw[i - 2];
  const w3 = lw[i - 3];
  const before = v;
  let hit: string | null = null;
  const seqs = [phrase2(t, w1, w0), phrase3(t, w2, w1, w0), phrase2(t, w2, w1), phrase3(t, w3, w2, w1), phrase2(t, w3, w2)];
  for (const s of seqs) {
    if (s !== null) {
      const x = t.special.get(s);
      if (x !== undefined) {
        v = x;
        hit = s;
        break;
      }
    }
  }
  if (n - 1 > i) {
    const s = phrase2(t, w0, lw[i + 1]);
    const x = s === null ? undefined : t.special.get(s);
    if (x !== undefined) {
      v = x;
      hit = s;
    }
  }
  if (n - 1 > i + 1) {
    const s = phrase3(t, w0, lw[i + 1], lw[i + 2]);
    const x = s === null ? undefined : t.special.get(s);
    if (x !== undefined) {
      v = x;
      hit = s;
    }
  }
  if (hit !== null) note(tr, "idiom", hit, before, v);
  for (const s of [seqs[3], seqs[4], seqs[2]]) {
    if (s === null) continue;
    const x = t.booster.get(s);
    if (x !== undefined) {
      const b = v;
      v = v + x;
      note(tr, "idiom-booster", s, b, v);
    }
  }
  return v;
}
