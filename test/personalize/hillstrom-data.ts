// Loads ../shared/data/hillstrom/hillstrom.csv (MineThatData e-mail test) for the personalize tests.
import { existsSync, readFileSync } from "node:fs";

export const HILLSTROM = "../shared/data/hillstrom/hillstrom.csv";

export interface Hillstrom {
  n: number;
  X: number[][];
  segment: string[];
  visit: number[];
  conversion: number[];
  spend: number[];
  recency: number[];
  history: number[];
}

/** The data, or null (with a loud warning) when the file is absent. */
export function loadHillstrom(): Hillstrom | null {
  if (!existsSync(HILLSTROM)) {
    console.warn(`SKIPPING Hillstrom tests: ${HILLSTROM} is absent (the MineThatData e-mail test; see /work/shared/data/hillstrom/README.md).`);
    return null;
  }
  const lines = readFileSync(HILLSTROM, "utf8").trim().split(/\r?\n/);
  const head = lines[0].split(",");
  const col = (name: string) => head.indexOf(name);
  const out: Hillstrom = { n: 0, X: [], segment: [], visit: [], conversion: [], spend: [], recency: [], history: [] };
  for (const line of lines.slice(1)) {
    // history_segment is quoted when it holds a comma ("6) $750 - $1,000"): drop that quoted field first
    const f = line.replace(/"[^"]*"/g, "q").split(",");
    const rec = +f[col("recency")];
    const hist = +f[col("history")];
    const zip = f[col("zip_code")];
    const ch = f[col("channel")];
    out.X.push([rec, hist, +f[col("mens")], +f[col("womens")], zip === "Urban" ? 1 : 0, zip === "Surburban" ? 1 : 0, +f[col("newbie")], ch === "Phone" ? 1 : 0, ch === "Web" ? 1 : 0]);
    out.segment.push(f[col("segment")]);
    out.visit.push(+f[col("visit")]);
    out.conversion.push(+f[col("conversion")]);
    out.spend.push(+f[col("spend")]);
    out.recency.push(rec);
    out.history.push(hist);
    out.n++;
  }
  return out;
}
