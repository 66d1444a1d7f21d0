/**
 * `clientele/personalize`: what to do for each customer now: uplift models, the next best
 * action under contact policies and capacities, send-time optimization, and one profile per
 * customer that joins the library's segments, values, risks and decisions.
 *
 * @packageDocumentation
 * @module clientele/personalize
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export type { FlatMatrix, PointsInput } from "../core/matrix.js";
export type { UpliftLearner, LinearLearnerModel } from "./learner.js";
export { fitUplift, predictUplift, upliftFromJSON } from "./uplift.js";
export type { FitUpliftOptions, UpliftModel, UpliftPrediction, PredictUpliftOptions } from "./uplift.js";
export { qiniCurve, upliftCurve } from "./qini.js";
export type { UpliftCurve, QiniCurveOptions } from "./qini.js";
export { averageTreatmentEffects } from "./effects.js";
export type { AverageTreatmentEffectsOptions, ArmEffect } from "./effects.js";
export { nextBestAction } from "./nba.js";
export type { NbaCustomer, NbaAction, PerCustomer, NbaSharedBudget, NextBestActionOptions, NbaReason, NbaDecision, NbaPlan } from "./nba.js";
export type { EligibilityRule, FrequencyCap, ContactPolicy } from "./policy.js";
export { fitSendTime, sendTimeFromJSON } from "./sendtime.js";
export type { EngagementEvent, FitSendTimeOptions, SendTimeModel } from "./sendtime.js";
export { bestSendTimes } from "./sendtime-best.js";
export type { SendWindow, BestSendTimesOptions, SendTimeCustomer, SendTimeChoice } from "./sendtime-best.js";
export { customerProfile } from "./profile.js";
export type { ProfileParts, CustomerProfile, CustomerProfileOptions } from "./profile.js";
export { logisticRegressionLearner } from "./predict-learner.js";
export type { LogisticRegressionOptions } from "../predict/index.js";
