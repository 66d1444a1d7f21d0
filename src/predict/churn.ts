// Public exports of this part of clientele/predict: the guided churn path (re-exports only).
export { churnPropensity } from "./churn/propensity.js";
export type { ChurnCustomer, ChurnPropensity, ChurnPropensityOptions, ChurnReason, ChurnValidation } from "./churn/propensity.js";
