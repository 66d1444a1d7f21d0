// Types of pinned-math.js (plain JavaScript so the browser page can load it unchanged).
/** Replaces Math.exp, log, log1p, expm1, log2, pow, tanh, sinh, cosh, atanh, sin with pure-arithmetic versions; returns a function that restores them. */
export function pinMath(M?: Math): () => void;
export function exp(x: number): number;
export function log(x: number): number;
export function log1p(x: number): number;
export function expm1(x: number): number;
export function log2(x: number): number;
export function pow(x: number, y: number): number;
export function tanh(x: number): number;
export function sinh(x: number): number;
export function cosh(x: number): number;
export function atanh(x: number): number;
export function sin(x: number): number;
