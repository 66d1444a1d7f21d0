/**
 * `clientele/sql`: (being built; see its guide in docs/sql.md when it lands).
 *
 * @packageDocumentation
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
