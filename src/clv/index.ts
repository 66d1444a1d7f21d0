/**
 * `clientele/clv`: buy-till-you-die transaction models (BG/NBD, MBG/NBD, Pareto/NBD), their
 * predictions, and lifetime value.
 *
 * @packageDocumentation
 */
export { fitBgNbd, bgNbdFromJSON } from "./bgnbd.js";
export type { BgNbdModel, BgNbdParams } from "./bgnbd.js";
export type { CustomerColumnsRFT, FitTransactionInput, FitTransactionOptions, TransactionFitInfo } from "./fit-common.js";
