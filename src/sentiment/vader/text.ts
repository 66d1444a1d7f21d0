// Text handling with Python's semantics: str.isspace, punctuation, str.isupper / str.lower,
// emoji substitution and whitespace tokenizing as the reference does them.

// Python's str.isspace() characters (str.split() / str.strip() with no argument).
function isPySpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
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

export function lower(s: string): string {
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
