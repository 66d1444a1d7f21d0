// Parent side of the fuzz harness: runs one subpath's inputs in a worker thread (TypeScript via
// tsx) with a watchdog, so a call that never returns is reported as "hangs" instead of stalling
// the test run; the worker is then restarted after that input.
import { Worker } from "node:worker_threads";
import { generate, fuzzedNames, inputsFor } from "./harness.js";
import { CASES, type Subpath } from "../contract/cases.js";

export interface FuzzRun {
  names: string[];
  /** Violations per export (deduplicated by what happened, with a count). */
  violations: Map<string, string[]>;
  /** Inputs tried (each called twice). */
  inputs: number;
  calls: number;
  /** Slowest single call seen (in the last worker, if one was restarted). */
  slowest: { ms: number; where: string };
}

export function runFuzz(sub: Subpath): Promise<FuzzRun> {
  const names = fuzzedNames(sub);
  const raw = new Map<string, string[]>(names.map((n) => [n, []]));
  let inputs = 0;
  let slowest = { ms: 0, where: "" };
  return new Promise((resolve, reject) => {
    const spawn = (from: { fn: number; j: number }) => {
      const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { sub, from } });
      let timer: NodeJS.Timeout | undefined;
      let current = from;
      w.on("message", (m: { t: string; fi: number; j: number; violations?: string[]; slowest?: { ms: number; where: string } }) => {
        if (m.t === "start") {
          current = { fn: m.fi, j: m.j };
          clearTimeout(timer);
          const limit = 2 * (CASES[sub][names[m.fi]].slowMs ?? 2000) + 4000;
          timer = setTimeout(() => {
            const name = names[m.fi];
            const g = generate(sub, name, CASES[sub][name], m.j);
            raw.get(name)!.push(`${sub}.${name}(${g.desc}) → hangs: no outcome after ${limit} ms (worker stopped)`);
            inputs++;
            void w.terminate();
            const next = m.j + 1 < inputsFor(sub, name) ? { fn: m.fi, j: m.j + 1 } : { fn: m.fi + 1, j: 0 };
            if (next.fn < names.length) spawn(next);
            else finish();
          }, limit);
        } else if (m.t === "done") {
          clearTimeout(timer);
          inputs++;
          raw.get(names[m.fi])!.push(...(m.violations ?? []));
        } else if (m.t === "end") {
          clearTimeout(timer);
          if (m.slowest && m.slowest.ms > slowest.ms) slowest = m.slowest;
          void w.terminate();
          finish();
        }
      });
      w.on("error", (e) => {
        clearTimeout(timer);
        reject(new Error(`fuzz worker for ${sub} failed at ${names[current.fn]} input ${current.j}: ${e.stack ?? e}`));
      });
    };
    const finish = () => {
      const violations = new Map<string, string[]>();
      for (const [n, list] of raw) {
        // group by what happened (the text after the arrow), keep the first input of each group
        const groups = new Map<string, { first: string; count: number }>();
        for (const v of list) {
          const what = v
            .slice(v.lastIndexOf(" → ") + 3)
            .replace(/\d+ ms/g, "N ms")
            .slice(0, 140);
          const g = groups.get(what);
          if (g) g.count++;
          else groups.set(what, { first: v, count: 1 });
        }
        violations.set(
          n,
          [...groups.values()].map((g) => (g.count > 1 ? `${g.first}  [×${g.count}]` : g.first)),
        );
      }
      resolve({ names, violations, inputs, calls: inputs * 2, slowest });
    };
    spawn({ fn: 0, j: 0 });
  });
}
