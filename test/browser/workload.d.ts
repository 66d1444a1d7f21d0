// Types of workload.js (plain JavaScript so the browser page can load it unchanged).
/** The subpath modules the workload uses: { data, rfm, cluster, clv, recommend, bandit, experiment }. */
export type WorkloadLib = Record<string, Record<string, unknown>>;
/** Canonical text of a result: exact numbers ("-0" for negative zero), typed arrays as arrays, keys sorted. */
export function encode(value: unknown): string;
/** Values of the engine-approximated Math functions on fixed seeded arguments. */
export function mathProbe(): Record<string, number[]>;
/** Runs every step once; `mark` is awaited before each step. */
export function runWorkload(
  lib: WorkloadLib,
  mark?: (step: string) => Promise<void>,
): Promise<{ results: Record<string, string>; timings: Record<string, number> }>;
