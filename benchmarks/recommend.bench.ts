// Benchmarks for clientele/recommend.
//   npx tsx benchmarks/recommend.bench.ts           MovieLens-100K-sized data + a 1/10-scale ALS run
//   npx tsx benchmarks/recommend.bench.ts --quick   MovieLens-100K-sized data only
//   npx tsx benchmarks/recommend.bench.ts --full    MovieLens-sized + the full 1,000,000 × 50,000 × 20,000,000 ALS run (2 iterations)
//   add --wasm-only to skip the JavaScript-kernel runs at scale
// fitAls runs with both kernel backends on the same data in the same process (WebAssembly SIMD,
// and the JavaScript fallback that gives bit-identical factors), interleaved to share the noise.
// No maintained JavaScript recommender exists to run side by side (issue 5); the peer figure is
// Python implicit's published ~1.4 s per ALS iteration (64 factors, last.fm 360K, 8-core desktop).
import { createRng } from "../src/core/rng.js";
import type { KernelBackend } from "../src/core/wasm.js";
import { fitAlsWith } from "../src/recommend/als.js";
import { fitAls, fitItemKnn, recommendAll, simulateInteractions, type Interactions } from "../src/recommend/index.js";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const full = args.has("--full");
const backends: ("wasm" | "js")[] = args.has("--wasm-only") ? ["wasm"] : ["wasm", "js"];

function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

const rows: string[] = [];
function row(what: string, size: string, r: { wall: number; cpu: number }, target: string): void {
  const line = `| ${what} | ${size} | ${r.wall.toFixed(3)} | ${r.cpu.toFixed(3)} | ${target} |`;
  rows.push(line);
  console.error(line);
}

function mb(x: number): string {
  return `${(x / 1024 / 1024).toFixed(0)} MB`;
}

// MovieLens-100K-sized: 943 users, 1,682 items, 100,000 interactions.
const gen = timed(() => simulateInteractions({ nUsers: 943, nItems: 1682, nInteractions: 100_000, seed: 1, factors: 16 }).interactions);
const ml: Interactions = gen.value;
const size = `${ml.nUsers} × ${ml.nItems}, ${ml.indices.length} nnz`;
row("simulate + buildInteractions", size, gen, "-");
// Warm up the JIT once on a small problem (the numbers below are then steady-state).
fitItemKnn(simulateInteractions({ nUsers: 100, nItems: 100, seed: 2 }).interactions);
for (const b of ["wasm", "js"] as const) fitAlsWith(simulateInteractions({ nUsers: 100, nItems: 100, seed: 2 }).interactions, { factors: 8, iterations: 2 }, b);
for (const similarity of ["cosine", "bm25"] as const) {
  const knn = timed(() => fitItemKnn(ml, { similarity, neighbors: 100 }));
  row(`fitItemKnn (${similarity}, 100 neighbors)`, size, knn, similarity === "cosine" ? "< 0.3 s" : "-");
  if (similarity === "cosine") {
    const rec = timed(() => recommendAll(knn.value, ml, { k: 10 }));
    row("recommendAll top-10, item kNN", `${ml.nUsers} users`, rec, "< 0.5 s");
  }
}
const alsOpts = { factors: 64, iterations: 15, regularization: 0.1, alpha: 40 };
const fitted: Record<string, string> = {};
for (const rep of [1, 2]) {
  for (const b of ["js", "wasm"] as const) {
    const r = timed(() => fitAlsWith(ml, { ...alsOpts, rng: createRng(1) }, b));
    if (r.value.backend !== b) throw new Error(`asked for ${b}, got ${r.value.backend}`);
    row(`fitAls (64 factors, 15 iterations, 3 CG steps), ${b === "wasm" ? "WebAssembly SIMD" : "JavaScript"} kernels, run ${rep}`, size, r, "< 2 s");
    fitted[b] = r.value.model.userFactors + r.value.model.itemFactors;
  }
}
if (fitted.js !== fitted.wasm) throw new Error("the wasm and JavaScript ALS models differ");
console.error("wasm and JavaScript models are identical");
const als = timed(() => fitAls(ml, { ...alsOpts, rng: createRng(1) }));
row("fitAls (auto backend: wasm when available)", size, als, "< 2 s");
const recAls = timed(() => recommendAll(als.value, ml, { k: 10 }));
row("recommendAll top-10, ALS", `${ml.nUsers} users`, recAls, "< 0.5 s");

function scaleRun(nUsers: number, nItems: number, nnz: number, iterations: number): void {
  const g = timed(() => simulateInteractions({ nUsers, nItems, nInteractions: nnz, seed: 3, factors: 16, timestamps: false }).interactions);
  const m = g.value;
  const sz = `${m.nUsers} × ${m.nItems}, ${m.indices.length} nnz`;
  row("simulate + buildInteractions", sz, g, "-");
  for (const b of backends) scaleFit(m, sz, iterations, b);
}

function scaleFit(m: Interactions, sz: string, iterations: number, backend: KernelBackend): void {
  const before = process.memoryUsage();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const fit = timed(() =>
    fitAlsWith(
      m,
      {
        factors: 64,
        iterations,
        rng: createRng(1),
        onProgress: () => {
          const now = performance.now();
          times.push((now - last) / 1000);
          const c = process.cpuUsage(lastCpu);
          cpuTimes.push((c.user + c.system) / 1e6);
          last = now;
          lastCpu = process.cpuUsage();
        },
      },
      backend,
    ),
  );
  const after = process.memoryUsage();
  row(`fitAls 64 factors, ${iterations} iteration(s), ${fit.value.backend} kernels: whole fit incl. encoding`, sz, fit, "-");
  const per = times.reduce((s, x) => s + x, 0) / times.length;
  const perCpu = cpuTimes.reduce((s, x) => s + x, 0) / cpuTimes.length;
  // The first iteration's time also includes the random initialization of the factors.
  rows.push(
    `| ALS time per iteration (mean over ${times.length}), ${fit.value.backend} kernels | ${sz} | ${per.toFixed(2)} | ${perCpu.toFixed(2)} | < 30 s at 1M × 50K × 20M |`,
  );
  if (times.length > 1) {
    // Iterations after the first: steady state (the first also copies the interactions into the
    // kernels' memory and draws the random initial factors).
    const k = times.length - 1;
    const w = times.slice(1).reduce((s, x) => s + x, 0) / k;
    const c = cpuTimes.slice(1).reduce((s, x) => s + x, 0) / k;
    rows.push(
      `| ALS time per iteration after the first (mean over ${k}), ${fit.value.backend} kernels | ${sz} | ${w.toFixed(2)} | ${c.toFixed(2)} | < 30 s at 1M × 50K × 20M |`,
    );
  }
  rows.push(
    `| memory after fit: rss ${mb(after.rss)}, heap ${mb(after.heapUsed)}, arrayBuffers ${mb(after.arrayBuffers)} (before fit: rss ${mb(before.rss)}) | ${sz} | - | - | - |`,
  );
  console.error(rows.slice(times.length > 1 ? -3 : -2).join("\n"));
}

if (!quick && !full) scaleRun(100_000, 50_000, 2_000_000, 2);
if (full) scaleRun(1_000_000, 50_000, 20_000_000, 2);

console.log(`\nclientele/recommend benchmark — node ${process.version}, ${new Date().toISOString()}\n`);
console.log("| step | data | wall s | CPU s | target |\n| --- | --- | --- | --- | --- |");
console.log(rows.join("\n"));
