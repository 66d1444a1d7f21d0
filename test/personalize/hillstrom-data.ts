// Loads ../shared/data/hillstrom/hillstrom.csv (MineThatData e-mail test) for the personalize tests,
// through test/helpers/data.ts (it is not redistributable: it stays in ../shared/data).
import { readFileSync } from "node:fs";
import { referenceData } from "../helpers/data.js";

const DATA = referenceData("hillstrom/hillstrom.csv", "the Hillstrom tests (the MineThatData e-mail test; see ../shared/data/hillstrom/README.md)");
export const HILLSTROM = DATA.path;

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
  if (!DATA.available) return null; // referenceData has warned, naming the path
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
    out.X.push([
      rec,
      hist,
      +f[col("mens")],
      +f[col("womens")],
      zip === "Urban" ? 1 : 0,
      zip === "Surburban" ? 1 : 0,
      +f[col("newbie")],
      ch === "Phone" ? 1 : 0,
      ch === "Web" ? 1 : 0,
    ]);
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
