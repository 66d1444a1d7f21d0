// Worker side of the fuzz harness: runs inputs of each export, from a given one on, of one
// subpath in order (inputsFor(sub, name) inputs each), reporting before each input (so the parent can name an input that hangs and
// restart after it) and after it (its violations).
import { parentPort, workerData } from "node:worker_threads";
import { fuzzOne, fuzzedNames, inputsFor, slowest } from "./harness.js";
import type { Subpath } from "../contract/cases.js";

const { sub, from } = workerData as { sub: Subpath; from: { fn: number; j: number } };
const names = fuzzedNames(sub);
for (let fi = from.fn; fi < names.length; fi++) {
  for (let j = fi === from.fn ? from.j : 0; j < inputsFor(sub, names[fi]); j++) {
    parentPort!.postMessage({ t: "start", fi, j });
    let violations: string[];
    try {
      violations = await fuzzOne(sub, names[fi], j);
    } catch (e) {
      violations = [`${sub}.${names[fi]} input ${j}: the harness itself failed: ${(e as Error).stack}`];
    }
    parentPort!.postMessage({ t: "done", fi, j, violations });
  }
}
parentPort!.postMessage({ t: "end", slowest });
