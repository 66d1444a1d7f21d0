// One loader for the reference data the tests read (not a test file itself).
//
// A name is the file's path inside ../shared/data (e.g. "cdnow/CDNOW_sample.txt"). The loader looks
// first in test/fixtures/ (the files whose licence lets a clone carry them: the CDNOW sample, its
// summaries and the donations file, see test/fixtures/cdnow/README.md), then in ../shared/data
// (everything, including the data that cannot be redistributed: groceries, journey, ...).
// When neither holds the file, the test that needs it is skipped LOUDLY: console.warn names
// every place looked in and what is skipped.
//
// Environment (for checking the two paths by hand):
//   CLIENTELE_SHARED_DATA=<dir>  reads the shared data from <dir> instead of ../shared/data
//                                (a non-existent dir simulates a user's clone without it);
//   CLIENTELE_NO_FIXTURES=1      ignores test/fixtures copies (simulates a clone without them).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";

/** test/fixtures, where the redistributable reference files live. */
export const FIXTURES_DIR = path.resolve(__dirname, "../fixtures");

/** ../shared/data beside the checkout (or $CLIENTELE_SHARED_DATA). */
export const SHARED_DATA_DIR = process.env.CLIENTELE_SHARED_DATA
  ? path.resolve(process.env.CLIENTELE_SHARED_DATA)
  : path.resolve(__dirname, "../../../shared/data");

/**
 * The copies in test/fixtures of files of ../shared/data, by shared name. Only files whose
 * licence allows redistribution are here (MIT, published with the Python package lifetimes).
 */
const FIXTURE_COPIES: Readonly<Record<string, string>> = {
  "cdnow/CDNOW_sample.txt": "cdnow/CDNOW_sample.txt",
  "cdnow/cdnow_customers_summary.csv": "cdnow/cdnow_customers_summary.csv",
  "cdnow/cdnow_customers_summary_with_transactions.csv": "cdnow/cdnow_customers_summary_with_transactions.csv",
  "cdnow/donations.csv": "donations/donations.csv",
};

/** Every place `name` is looked for, in order. */
export function referenceCandidates(name: string): string[] {
  const out: string[] = [];
  const copy = FIXTURE_COPIES[name];
  if (copy !== undefined && process.env.CLIENTELE_NO_FIXTURES !== "1") out.push(path.join(FIXTURES_DIR, copy));
  out.push(path.join(SHARED_DATA_DIR, name));
  return out;
}

/** Absolute path of the reference file `name` (fixture first, then shared data), or undefined. */
export function referenceFile(name: string): string | undefined {
  return referenceCandidates(name).find((p) => existsSync(p));
}

/** A reference file found (or not) for a test; `path` is the first candidate when absent. */
export interface ReferenceData {
  readonly name: string;
  /** where the file was found (or, when absent, where it would be read from first) */
  readonly path: string;
  readonly available: boolean;
  /** the file's text (throws when absent; call it only in a test that is skipped otherwise) */
  read(): string;
}

const warned = new Set<string>();

function warnMissing(names: readonly string[], skipping: string): void {
  const key = `${names.join("|")}:${skipping}`;
  if (warned.has(key)) return;
  warned.add(key);
  const where = names.map((n) => `${n} (looked in ${referenceCandidates(n).join(", ")})`).join("; ");
  console.warn(`\n*** reference data not found: ${where}.\n*** SKIPPED: ${skipping}\n`);
}

/**
 * Looks up the reference file `name`; when it is absent, warns loudly that `skipping` is skipped.
 * Use `it.skipIf(!data.available)` on the tests that read it.
 */
export function referenceData(name: string, skipping: string): ReferenceData {
  const found = referenceFile(name);
  if (found === undefined) warnMissing([name], skipping);
  const p = found ?? referenceCandidates(name)[0];
  return {
    name,
    path: p,
    available: found !== undefined,
    read: () => {
      if (found === undefined) throw new Error(`reference data ${name} is absent (looked in ${referenceCandidates(name).join(", ")})`);
      return readFileSync(found, "utf8");
    },
  };
}

/**
 * `describe(title, fn)` when every file of `names` is present (fn gets their paths, by name);
 * otherwise warns loudly and registers one skipped test naming the missing files, so the
 * report shows the skip. `fn` is not called then, so it may read the files while collecting.
 */
export function describeWithData(names: string | readonly string[], title: string, fn: (files: Readonly<Record<string, string>>) => void): void {
  const list = typeof names === "string" ? [names] : names;
  const files: Record<string, string> = {};
  const missing: string[] = [];
  for (const n of list) {
    const p = referenceFile(n);
    if (p === undefined) missing.push(n);
    else files[n] = p;
  }
  if (missing.length === 0) {
    describe(title, () => fn(files));
    return;
  }
  warnMissing(missing, title);
  describe(title, () => {
    it.skip(`SKIPPED: reference data absent (${missing.join(", ")})`, () => undefined);
  });
}
