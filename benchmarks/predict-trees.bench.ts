// Benchmark for clientele/predict gradient boosting. Run: npx tsx benchmarks/predict-trees.bench.ts [--quick]
// 100 trees, 31 leaves, 255 bins, learning rate 0.1, min 20 rows per leaf, no early stopping, on
// 100,000 x 20 and 1,000,000 x 20 rows (5% missing cells; --quick: 100,000 only), against
// scikit-learn's HistGradientBoostingClassifier on one thread (OMP_NUM_THREADS=1) in the same run:
// scripts/ref/predict-trees-bench.py writes the data once (float64 files both sides read) and fits
// scikit-learn; then this process fits fitGradientBoosting on the same rows. Reports fit time, test
// AUC (100,000 held-out rows), peak memory, and prediction rows/s (100 trees). Wall and CPU time both
// sides (CPU: process.cpuUsage here; time.process_time around scikit-learn's fit and predict_proba,
// patched in by a small wrapper), since the machine is shared and CPU time moves less with the load.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rocAuc } from "../src/predict/metrics/binary.js";
import { fitGradientBoosting, predictGradientBoosting } from "../src/predict/trees.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.resolve(here, "../scripts/ref/predict-trees-bench.py");
const quick = process.argv.includes("--quick");
const sizes = quick ? [100_000] : [100_000, 1_000_000];
const D = 20;
const NT = 100_000;
// runs the peer script with scikit-learn's fit / predict_proba wrapped to report their CPU time too
const WRAP = `
import json, runpy, sys, time
from sklearn.ensemble import HistGradientBoostingClassifier as C
cpu = {}
def timed(name, f):
    def g(self, *a, **k):
        t = time.process_time(); r = f(self, *a, **k); cpu[name] = time.process_time() - t; return r
    return g
C.fit = timed("fit_cpu_s", C.fit)
C.predict_proba = timed("predict_cpu_s", C.predict_proba)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
print(json.dumps(cpu))
`;
const dir = path.join(tmpdir(), `clientele-predict-trees-bench-${process.pid}`);

function cpuS(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

function table(X: Float64Array, from: number, n: number): { names: string[]; columns: Float64Array[] } {
  const columns = Array.from({ length: D }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) columns[j]![i] = X[(from + i) * D + j]!;
  return { names: columns.map((_, j) => `x${j}`), columns };
}

const rows: string[] = [];
for (const n of sizes) {
  const load0 = loadavg()[0]!;
  const pyOut = execFileSync("/usr/bin/python3", ["-c", WRAP, SCRIPT, String(n), dir], {
    env: { ...process.env, OMP_NUM_THREADS: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 20,
  })
    .trim()
    .split("\n");
  const py = { ...JSON.parse(pyOut.at(-2)!), ...JSON.parse(pyOut.at(-1)!) };
  const Xb = readFileSync(path.join(dir, `X-${n}.f64`));
  const yb = readFileSync(path.join(dir, `y-${n}.f64`));
  const X = new Float64Array(Xb.buffer, Xb.byteOffset, Xb.byteLength / 8);
  const y = new Float64Array(yb.buffer, yb.byteOffset, yb.byteLength / 8);
  const train = table(X, 0, n);
  const test = table(X, n, NT);
  const ytr = y.subarray(0, n);
  const yte = y.subarray(n, n + NT);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m = fitGradientBoosting(train, ytr, { maxIter: 100, maxLeaves: 31, maxBins: 255, learningRate: 0.1, minSamplesLeaf: 20 });
  const fitS = (performance.now() - t0) / 1000;
  const fitC = cpuS(process.cpuUsage(c0));
  const peakMb = process.resourceUsage().maxRSS / 1024;
  predictGradientBoosting(m, test); // warm-up
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const p = predictGradientBoosting(m, test).values;
  const predS = (performance.now() - t1) / 1000;
  const predC = cpuS(process.cpuUsage(c1));
  const auc = rocAuc(yte, p);
  const dataMb = (n * D * 8) / 2 ** 20;
  const extraMb = peakMb - rssBefore / 2 ** 20;
  const load1 = loadavg()[0]!;
  rows.push(
    `| ${n.toLocaleString("en-US")} x ${D} | ${fitS.toFixed(2)} s | ${py.fit_s.toFixed(2)} s | ${(fitS / py.fit_s).toFixed(2)} | ${fitC.toFixed(2)} s | ${py.fit_cpu_s.toFixed(2)} s | ${(fitC / py.fit_cpu_s).toFixed(2)} | ${auc.toFixed(4)} | ${py.auc.toFixed(4)} | ${extraMb.toFixed(0)} MB (${(extraMb / dataMb).toFixed(2)}x data ${dataMb.toFixed(0)} MB) | ${py.fit_peak_alloc_mb.toFixed(0)} MB | ${(NT / predS / 1e6).toFixed(2)} M/s (CPU ${(NT / predC / 1e6).toFixed(2)}) | ${(py.predict_rows_per_s / 1e6).toFixed(2)} M/s (CPU ${(NT / py.predict_cpu_s / 1e6).toFixed(2)}) | ${load0.toFixed(1)} / ${load1.toFixed(1)} |`,
  );
  console.log(rows.at(-1));
}
rmSync(dir, { recursive: true, force: true });
const sk = "scikit-learn (python3-sklearn 1.2.1, OMP_NUM_THREADS=1)";
console.log(`
## Gradient boosting (fitGradientBoosting) vs ${sk}

Machine: ${cpus().length}-core VM (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Command: \`nice -n 5 npx tsx benchmarks/predict-trees.bench.ts${quick ? " --quick" : ""}\`. Settings both sides: 100 trees, 31 leaves, 255 bins,
learning rate 0.1, min_samples_leaf 20, no L2, no early stopping; 20 features, 5% missing cells; AUC on 100,000 held-out rows.
Time: wall clock and CPU time (user + system) of the fit; CPU time moves less with the load of a shared machine.
Memory: clientele = peak RSS during the fit minus RSS before it (the input columns already loaded); scikit-learn = peak of the memory allocated during the fit (tracemalloc, training data excluded).

| rows | clientele fit | sklearn fit | time ratio | clientele fit CPU | sklearn fit CPU | CPU ratio | clientele AUC | sklearn AUC | clientele fit memory | sklearn fit memory | clientele predict | sklearn predict | load avg (1 min) before / after |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`);
