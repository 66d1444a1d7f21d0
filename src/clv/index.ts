/**
 * `clientele/clv`: buy-till-you-die transaction models (BG/NBD, MBG/NBD, Pareto/NBD in continuous
 * time, BG/BB in discrete time), the Gamma-Gamma spend model, their predictions, and lifetime value.
 *
 * One prediction vocabulary serves every purchase model: `probabilityAlive`,
 * `conditionalExpectedPurchases`, `expectedPurchases` and `probabilityOfPurchases` dispatch on
 * `model.kind` (BG/BB included). A model of a kind a function has no quantity for (a Gamma-Gamma
 * model to a purchase prediction, BG/BB to a continuous-time-only function) is `WRONG_MODEL_KIND`,
 * naming the function to use instead.
 *
 * @packageDocumentation
 * @module clientele/clv
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng } from "../core/rng.js";
export type { Rng } from "../core/rng.js";
export type { TimeUnit } from "../core/time.js";
export { fitBgNbd, fitBgNbdAsync, bgNbdFromJSON } from "./bgnbd.js";
export type { BgNbdModel, BgNbdParams } from "./bgnbd.js";
export { fitMbgNbd, fitMbgNbdAsync, mbgNbdFromJSON } from "./mbgnbd.js";
export type { MbgNbdModel, MbgNbdParams } from "./mbgnbd.js";
export { fitParetoNbd, fitParetoNbdAsync, paretoNbdFromJSON } from "./paretonbd.js";
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
  PurchaseModel,
  PredictionMatrix,
  PredictionMatrixOptions,
  ExpectedPurchasesMatrixOptions,
} from "./transaction.js";
export { discountedExpectedResidualTransactions } from "./dert.js";
export type { DertOptions } from "./dert.js";
export {
  fitGammaGamma,
  fitGammaGammaAsync,
  gammaGammaLogLikelihood,
  expectedAverageValue,
  spendFrequencyCorrelation,
  gammaGammaFromJSON,
} from "./gammagamma.js";
export type {
  SpendColumns,
  GammaGammaParams,
  GammaGammaModel,
  FitGammaGammaOptions,
  SpendFrequencyCorrelation,
} from "./gammagamma.js";
export {
  fitBgBb,
  fitBgBbAsync,
  bgbbLogLikelihood,
  bgbbExpectedTransactions,
  bgbbProbabilityOfTransactions,
  bgbbProbabilityAlive,
  bgbbConditionalExpectedTransactions,
  bgbbFromJSON,
} from "./bgbb.js";
export type { BgBbCustomers, BgBbData, BgBbParams, BgBbModel, FitBgBbOptions } from "./bgbb.js";
export { customerLifetimeValue, stepLength } from "./value.js";
export type { CustomerValueColumns, DiscountStep, MonthConvention, CustomerLifetimeValueOptions } from "./value.js";
export { churnRisk, clvTiers, clvToCac, CLV_TIER_GUIDANCE } from "./tiers.js";
export type {
  ChurnTier,
  ChurnRiskOptions,
  ChurnRisk,
  ClvTier,
  ClvTierGuidance,
  ClvTiersOptions,
  ClvTierSummary,
  ClvTiers,
  ClvCacGuidance,
  ClvToCac,
} from "./tiers.js";
export { calibrationHoldout, cumulativeTracking } from "./diagnostics.js";
export type {
  CalibrationHoldoutData,
  CalibrationHoldoutOptions,
  CalibrationHoldout,
  CumulativeTrackingData,
  CumulativeTrackingOptions,
  CumulativeTracking,
} from "./diagnostics.js";
