// Contract cases for the personalize exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

export const PERSONALIZE_CASES: Record<string, Case> = {};
