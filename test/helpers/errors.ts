// Shared assertions for the library's error contract: one helper instead of a local copy per
// test file. `expectClienteleError(fn, code)` runs `fn`, requires it to throw a ClienteleError
// (checked with isClienteleError, so CJS/ESM copies count) with that stable code, and returns
// the error so a test can go on to check its `path` or message.
import { expect } from "vitest";
import { type ClienteleError, isClienteleError } from "../../src/core/errors.js";
import type { ErrorCode } from "../../src/core/codes.js";

/** Runs `fn` and asserts it throws a `ClienteleError` with `code`; returns the error. */
export function expectClienteleError(fn: () => unknown, code: ErrorCode | string): ClienteleError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`expected a ClienteleError with code ${code}, but nothing was thrown`);
  if (!isClienteleError(thrown)) {
    throw new Error(`expected a ClienteleError with code ${code}, got ${String(thrown)}`);
  }
  expect(thrown.code).toBe(code);
  expect(thrown.message.length).toBeGreaterThan(0);
  return thrown;
}

/** Async form: awaits `fn()` and asserts it rejects with a `ClienteleError` with `code`. */
export async function expectClienteleErrorAsync(fn: () => Promise<unknown>, code: ErrorCode | string): Promise<ClienteleError> {
  let thrown: unknown;
  try {
    await fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`expected a rejection with code ${code}, but the promise resolved`);
  if (!isClienteleError(thrown)) {
    throw new Error(`expected a ClienteleError with code ${code}, got ${String(thrown)}`);
  }
  expect(thrown.code).toBe(code);
  return thrown;
}

/** The code of the ClienteleError `fn` throws, or undefined when it does not throw one. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isClienteleError(e) ? e.code : `not a ClienteleError: ${String(e)}`;
  }
  return undefined;
}
