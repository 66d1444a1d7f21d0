// Contract cases for the sql exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

export const SQL_CASES: Record<string, Case> = {};
