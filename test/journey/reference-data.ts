// Shared by the journey attribution tests: ChannelAttribution's reference data and the exact
// Markov removal effects.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { PathRow } from "../../src/journey/index.js";
import { referenceData } from "../helpers/data.js";

// ChannelAttribution's PathData and outputs (GPL: they stay in ../shared/data/journey, see its README).
const PATHS = referenceData("journey/paths.csv", "the journey reference tests (ChannelAttribution PathData)");
const DIR = path.dirname(PATHS.path);
export const HAVE = PATHS.available;

export function pathData(): PathRow[] {
  return readFileSync(`${DIR}/paths.csv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [path, c, v, n] = l.split(";");
      return { path, conversions: +c, value: +v, nulls: +n };
    });
}
export function csv(name: string): string[][] {
  return readFileSync(`${DIR}/${name}`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map((x) => (x.startsWith('"') ? JSON.parse(x) : x)));
}
// scripts/ref/journey_markov.py (numpy/scipy sparse LU on the absorbing chain) wrote this
export const exact = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/journey/markov_exact.json"), "utf8"));
