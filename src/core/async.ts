// Cooperative fits: one implementation, run synchronously or yielding to the event loop.
//
// A long fit is written once as a generator that `yield`s at checkpoints (after an iteration,
// after a chunk of rows). `runSync` drives it to completion in one go (the plain `fitX`);
// `runAsync` drives it and, whenever about `sliceMs` of work has passed since the last break,
// awaits a macrotask so timers, I/O and `AbortSignal.timeout(...)` can fire, then checks the
// signal (the `fitXAsync` variant). Both run the same operations in the same order, so the
// two give bit-identical results.

import { ClienteleError } from "./errors.js";

/** A fit written as a generator: yields at checkpoints, returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Throws `ABORTED` naming the public function when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, fn: string): void {
  if (signal?.aborted) {
    throw new ClienteleError({
      code: "ABORTED",
      message: `${fn}: aborted by the caller's AbortSignal${signal.reason instanceof Error ? ` (${signal.reason.message})` : ""}.`,
    });
  }
}

/** Runs a generator fit to completion without yielding to the event loop. */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A macrotask break that works in Node, browsers and workers (no node: imports). */
function breakTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const now: () => number = typeof performance !== "undefined" && typeof performance.now === "function" ? () => performance.now() : () => Date.now();

/**
 * Runs a generator fit, yielding to the event loop every `sliceMs` milliseconds of work (default
 * 10) and throwing `ABORTED` (naming `fn`) as soon as `signal` fires after a break.
 */
export async function runAsync<T>(steps: Steps<T>, fn: string, signal?: AbortSignal, sliceMs = 10): Promise<T> {
  throwIfAborted(signal, fn);
  let last = now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (now() - last >= sliceMs) {
      await breakTask();
      throwIfAborted(signal, fn);
      last = now();
    }
  }
}
