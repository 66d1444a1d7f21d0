/**
 * Where in the input a problem was found: keys and indices from the argument down,
 * e.g. `["customers", 17, "recency"]`.
 */
export type ErrorPath = ReadonlyArray<string | number>;

import type { ErrorCode } from "./codes.js";

/** What a {@link ClienteleError} is constructed from. */
export interface ClienteleErrorInit {
  /** Stable machine-readable code from the catalogue, e.g. `"NON_FINITE"`. Codes never change meaning. */
  code: ErrorCode;
  /** Full message: what was wrong, what was received, and how to fix it. */
  message: string;
  /** Location of the offending value inside the input, if there is one. */
  path?: ErrorPath;
  /** The offending value, when it is small enough to carry. */
  received?: unknown;
}

// One brand shared by every copy of this class (the ESM and the CommonJS build, two bundled
// copies), so `instanceof` works across them: Symbol.for is one registry per realm.
const BRAND = Symbol.for("clientele.ClienteleError");

/**
 * The one error type the library throws for bad input, bad options, malformed saved
 * models and fits that cannot be trusted. Branch on `code`, which is stable; show
 * `message` to people.
 *
 * @example
 * import { ClienteleError, scoreRfm } from "clientele";
 * let code = "";
 * try {
 *   scoreRfm([]);
 * } catch (e) {
 *   if (e instanceof ClienteleError) code = e.code; // and show e.message to people
 * }
 * code; // => "EMPTY_INPUT"
 */
export class ClienteleError extends Error {
  /** Stable machine-readable code from the catalogue (`docs/errors.md`). */
  readonly code: ErrorCode;
  /** Location of the offending value inside the input (empty when not applicable). */
  readonly path: ReadonlyArray<string | number>;
  /** The offending value, when it was small enough to carry. */
  readonly received?: unknown;

  constructor(init: ClienteleErrorInit) {
    super(init.message);
    this.name = "ClienteleError";
    this.code = init.code;
    this.path = init.path ? [...init.path] : [];
    if ("received" in init) this.received = init.received;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * True for any ClienteleError, also one thrown by another copy of the library (its
   * CommonJS build in a mixed app, a second bundled copy).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/**
 * True when `value` is a {@link ClienteleError} from any copy of the library (ESM or CommonJS).
 * Same as `value instanceof ClienteleError`, for code that prefers a function.
 *
 * @example
 * import { isClienteleError, createRng } from "clientele";
 * let caught: unknown;
 * try { createRng(0.5); } catch (e) { caught = e; }
 * isClienteleError(caught); // => true (code "INVALID_INPUT": the seed must be a safe integer)
 */
export function isClienteleError(value: unknown): value is ClienteleError {
  return value instanceof ClienteleError;
}

/** Short, safe rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === "object" ? "an object" : typeof value;
}

/** Renders a path as `customers[17].recency`. */
export function formatPath(path: ErrorPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out;
}
