// Contract cases for the cluster-learned exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

export const CLUSTER_LEARNED_CASES: Record<string, Case> = {};
