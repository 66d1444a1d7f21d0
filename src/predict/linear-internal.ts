// Everything of the linear part for the tests, public or not (the public entry is ./linear.js and ./metrics.js).
export * from "./metrics.js";
export * from "./linear.js";
export { LOG_LOSS_EPS } from "./metrics/binary.js";
