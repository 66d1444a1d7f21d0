// Contract cases for the bandit-contextual exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

export const BANDIT_CONTEXTUAL_CASES: Record<string, Case> = {};
