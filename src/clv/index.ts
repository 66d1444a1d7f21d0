/**
 * `clientele/clv`: buy-till-you-die transaction models (BG/NBD, MBG/NBD, Pareto/NBD), their
 * predictions, and lifetime value.
 *
 * @packageDocumentation
 */
export { fitBgNbd, bgNbdFromJSON } from "./bgnbd.js";
export type { BgNbdModel, BgNbdParams } from "./bgnbd.js";
export { fitMbgNbd, mbgNbdFromJSON } from "./mbgnbd.js";
export type { MbgNbdModel, MbgNbdParams } from "./mbgnbd.js";
export { fitParetoNbd, paretoNbdFromJSON } from "./paretonbd.js";
export type { ParetoNbdModel, ParetoNbdParams } from "./paretonbd.js";
export type { CustomerColumnsRFT, FitTransactionInput, FitTransactionOptions, TransactionFitInfo } from "./fit-common.js";
export {
  expectedPurchases,
  conditionalExpectedPurchases,
  probabilityAlive,
  probabilityOfPurchases,
  transactionModelFromJSON,
  probabilityAliveMatrix,
  expectedPurchasesMatrix,
} from "./transaction.js";
export type {
  TransactionModel,
  TransactionModelKind,
  PredictionMatrix,
  PredictionMatrixOptions,
  ExpectedPurchasesMatrixOptions,
} from "./transaction.js";
export { discountedExpectedResidualTransactions } from "./dert.js";
export type { DertOptions } from "./dert.js";
