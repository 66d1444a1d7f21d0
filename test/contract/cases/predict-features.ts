// Contract cases for the predict-features exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

export const PREDICT_FEATURES_CASES: Record<string, Case> = {};
