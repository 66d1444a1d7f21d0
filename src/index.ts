/**
 * clientele: embeddable customer analytics. Every capability is also importable from
 * its own subpath (`clientele/rfm`, `clientele/cluster`, ...) so an app ships only what
 * it uses; this root entry re-exports all of them plus the shared error type and the
 * seeded random generator.
 *
 * @packageDocumentation
 * @module clientele
 */
export { ClienteleError } from "./core/errors.js";
export { isClienteleError } from "./core/errors.js";
export { ERROR_CODES } from "./core/codes.js";
export type { ErrorCode } from "./core/codes.js";
export type { TimeUnit } from "./core/time.js";
export type { ClienteleErrorInit, ErrorPath } from "./core/errors.js";
export { createRng, isRng } from "./core/rng.js";
export type { Rng } from "./core/rng.js";
export type { FlatMatrix, PointsInput } from "./core/matrix.js";
// capability re-exports (one line per capability, added as each lands):
export * from "./cluster/index.js";
export * from "./clv/index.js";
export * from "./data/index.js";
export * from "./rfm/index.js";
export * from "./experiment/index.js";
export * from "./recommend/index.js";
export * from "./bandit/index.js";
export * from "./sentiment/index.js";
export * from "./journey/index.js";
export * from "./predict/index.js";
export * from "./sql/index.js";
export * from "./plot/index.js";
export * from "./personalize/index.js";
