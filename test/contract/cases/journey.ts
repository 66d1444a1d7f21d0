// Contract cases for the journey exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

export const JOURNEY_CASES: Record<string, Case> = {};
