// Python's round(x, digits), as the reference rounds the scores.

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
