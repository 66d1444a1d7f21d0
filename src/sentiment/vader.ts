// The VADER rules (Hutto & Gilbert 2014) with the semantics of the reference Python
// implementation (vaderSentiment 3.3.2, repository HEAD), rewritten for this library: same
// tokens, same rule order, same floating-point operations in the same order, so compound scores
// equal the reference's. Internal: the public functions are in ./score.ts and ./segments.ts.
import { EMOJI_DATA, LEXICON_INDEX, LEXICON_TOKENS, LEXICON_VALENCES } from "./lexicon.generated.js";

/** Mean rating increase for a booster word (B_INCR); dampeners use its negative. */
export const BOOSTER_INCREMENT = 0.293;
/** Rating increase for a word in ALL CAPS when the text mixes case (C_INCR). */
export const CAPS_INCREMENT = 0.733;
/** Factor applied to a negated valence (N_SCALAR). */
export const NEGATION_SCALAR = -0.74;
/** Normalization constant of the compound score: x / sqrt(x² + 15). */
export const NORMALIZATION_ALPHA = 15;

// Degree adverbs: + boosters, − dampeners (the reference's booster dictionary, HEAD version).
const UP = [
  "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
  "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
  "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
  "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
  "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
  "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
  "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very",
];
const DOWN = [
  "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
  "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly",
  "somewhat", "sort of", "sorta", "sortof", "sort-of",
];
// Words that negate the valence of a following lexicon word (any token containing "n't" does too).
const NEGATIONS = [
  "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't",
  "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt",
  "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't",
  "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt",
  "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt",
  "won't", "wouldn't", "rarely", "seldom", "despite",
];
// Idioms and phrases that replace the valence of the lexicon word they contain.
const SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ["the shit", 3], ["the bomb", 3], ["bad ass", 1.5], ["badass", 1.5], ["bus stop", 0],
  ["yeah right", -2], ["kiss of death", -1.5], ["to die for", 3], ["beating heart", 3.1], ["broken heart", -2.9],
];

interface Tables {
  lexicon: Map<string, number>;
  emoji: Map<number, string>;
  booster: Map<string, number>;
  negations: Set<string>;
  special: Map<string, number>;
  /** Words that occur in a multi-word special case or booster: n-grams are built only from these. */
  phraseWords: Set<string>;
}

let TABLES: Tables | null = null;

/** Decodes the generated lexicon module (once, on first use). */
export function tables(): Tables {
  if (TABLES !== null) return TABLES;
  const lexicon = new Map<string, number>();
  const coded = LEXICON_TOKENS.split("\t");
  let prev = "";
  for (let i = 0; i < coded.length; i++) {
    const c = coded[i];
    const w = prev.slice(0, c.charCodeAt(0) - 48) + c.slice(1);
    let k = LEXICON_INDEX.charCodeAt(i) - 40;
    if (k > 52) k--; // 92 ("\") is skipped
    lexicon.set(w, LEXICON_VALENCES[k]);
    prev = w;
  }
  const emoji = new Map<number, string>();
  let cp = 0;
  for (const entry of EMOJI_DATA.split("|")) {
    const k = entry.indexOf(";");
    cp += parseInt(entry.slice(0, k), 36);
    emoji.set(cp, entry.slice(k + 1));
  }
  const booster = new Map<string, number>();
  for (const w of UP) booster.set(w, BOOSTER_INCREMENT);
  for (const w of DOWN) booster.set(w, -BOOSTER_INCREMENT);
  const special = new Map<string, number>(SPECIAL);
  const phraseWords = new Set<string>();
  for (const k of [...special.keys(), ...booster.keys()]) if (k.includes(" ")) for (const w of k.split(" ")) phraseWords.add(w);
  TABLES = { lexicon, emoji, booster, negations: new Set(NEGATIONS), special, phraseWords };
  return TABLES;
}

/** Valence lookup: the overrides first (null removes a token), then VADER's lexicon. */
export interface Lexicon {
  base: Map<string, number>;
  overrides: Map<string, number | null> | null;
}

/** One rule applied to a token's valence, in the order the rules ran. */
export interface Adjustment {
  rule: AdjustmentRule;
  /** The word (or phrase) that triggered the rule, when there is one. */
  word?: string;
  before: number;
  after: number;
}

/** Names of the VADER rules that can change a token's valence. */
export type AdjustmentRule =
  | "no-before"
  | "no-as-modifier"
  | "caps"
  | "booster"
  | "negation"
  | "never-so"
  | "without-doubt"
  | "idiom"
  | "idiom-booster"
  | "least"
  | "but";

/** Trace of one token, filled when an explanation is asked for. */
export interface TokenTrace {
  token: string;
  role: "sentiment" | "neutral" | "modifier";
  lexicon: number | null;
  valence: number;
  adjustments: Adjustment[];
}

/** Raw scores of one text (not rounded). */
export interface RawScore {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
  sum: number;
  punctuation: number;
}

// Python's str.isspace() characters (str.split() / str.strip() with no argument).
function isPySpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000
  );
}

// Python's string.punctuation (ASCII).
function isPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

const LOWER_RE = /[\p{Lowercase}\p{Lt}]/u;
const UPPER_RE = /\p{Uppercase}/u;

/** Python's str.isupper(): at least one uppercase character and no lowercase or titlecase one. */
export function isUpper(s: string): boolean {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (c >= 97 && c <= 122) return false;
      if (c >= 65 && c <= 90) upper = true;
    } else {
      const rest = s.slice(i);
      if (LOWER_RE.test(rest)) return false;
      return upper || UPPER_RE.test(rest);
    }
  }
  return upper;
}

function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (c >= 65 && c <= 90)) return s.toLowerCase();
  }
  return s;
}

/** Number of code points in s, capped at 3 (Python's len() as used by the punctuation strip). */
function lenAtMost3(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length && n < 3; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Replaces each single-code-point emoji by its description, as the reference does; then strips. */
export function substituteEmoji(text: string, emoji: Map<number, string>): string {
  let i = 0;
  const n = text.length;
  for (; i < n; i++) if (text.charCodeAt(i) >= 0xa9) break;
  let out = text;
  if (i < n) {
    out = "";
    let prevSpace = true;
    let start = 0;
    for (let j = 0; j < n; j++) {
      let cp = text.charCodeAt(j);
      let w = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && j + 1 < n) {
        const d = text.charCodeAt(j + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
          w = 2;
        }
      }
      const desc = cp >= 0xa9 ? emoji.get(cp) : undefined;
      if (desc !== undefined) {
        out += text.slice(start, j);
        if (!prevSpace) out += " ";
        out += desc;
        prevSpace = false;
        start = j + w;
      } else {
        prevSpace = cp === 32;
      }
      j += w - 1;
    }
    out += text.slice(start);
  }
  // Python str.strip()
  let a = 0;
  let b = out.length;
  while (a < b && isPySpace(out.charCodeAt(a))) a++;
  while (b > a && isPySpace(out.charCodeAt(b - 1))) b--;
  return a === 0 && b === out.length ? out : out.slice(a, b);
}

/** Splits on Python whitespace and strips leading/trailing punctuation from tokens longer than 2 after stripping. */
export function tokenize(text: string, out: string[]): void {
  out.length = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isPySpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isPySpace(text.charCodeAt(i))) i++;
    let a = s;
    let b = i;
    while (a < b && isPunct(text.charCodeAt(a))) a++;
    while (b > a && isPunct(text.charCodeAt(b - 1))) b--;
    if ((a === s && b === i) || lenAtMost3(text.slice(a, b)) <= 2) out.push(text.slice(s, i));
    else out.push(text.slice(a, b));
  }
}

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

/** Python's round(x, digits) for the scores: correctly rounded, ties to even; -0 becomes 0. */
export function pyRound(x: number, digits: number): number {
  const a = Math.abs(x);
  const scale = digits === 3 ? 1000 : 10000;
  const y = a * scale;
  const f = y - Math.floor(y);
  let r: number;
  if (Math.abs(f - 0.5) > 1e-6) {
    r = Math.round(y) / scale;
  } else {
    // near a tie: decide on the exact decimal expansion of the double
    const s = a.toFixed(digits + 30);
    const dot = s.indexOf(".");
    const tail = s.slice(dot + 1 + digits);
    const head = s.slice(0, dot + 1 + digits);
    if (/^50*$/.test(tail)) {
      const last = head.charCodeAt(head.length - 1) - 48;
      r = last % 2 === 0 ? Number(head) : Number(a.toFixed(digits));
    } else {
      r = Number(a.toFixed(digits));
    }
  }
  return x < 0 && r !== 0 ? -r : r;
}
