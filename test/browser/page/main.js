// Imports every subpath's built ESM entry (dist layout, served under /dist/), runs the shared
// workload and writes a JSON report into #out (data-done="1" when finished).
import { runWorkload } from "/workload.js";

const report = { imports: {}, results: null, timings: null, errors: [], userAgent: navigator.userAgent };
try {
  // ?pin=1: the engine-approximated Math functions are replaced by pure-arithmetic ones first
  // (../pinned-math.js), as the Node side of the test does, so both engines compute them alike
  if (new URLSearchParams(location.search).get("pin") === "1") (await import("/pinned-math.js")).pinMath();
  const subs = await (await fetch("/subpaths.json")).json();
  const mods = {};
  for (const s of subs) {
    const t = performance.now();
    try {
      mods[s] = await import(s === "." ? "/dist/index.js" : `/dist/${s}/index.js`);
      report.imports[s] = { ok: true, exports: Object.keys(mods[s]).length, ms: performance.now() - t };
    } catch (e) {
      report.imports[s] = { ok: false, error: String(e) };
    }
  }
  const lib = {
    data: mods.data,
    rfm: mods.rfm,
    cluster: mods.cluster,
    clv: mods.clv,
    recommend: mods.recommend,
    bandit: mods.bandit,
    experiment: mods.experiment,
  };
  // a macrotask between steps lets the CSP violation events of one step be dispatched (and
  // tagged) before the next step starts
  const mark = (name) => new Promise((resolve) => setTimeout(() => (window.__markStep(name), resolve()), 0));
  const t = performance.now();
  const r = await runWorkload(lib, mark);
  await mark("(end)");
  report.results = r.results;
  report.timings = { ...r.timings, total: performance.now() - t };
} catch (e) {
  report.errors.push(String(e?.stack || e));
}
report.wasmLog = window.__wasmLog;
report.violations = window.__violations;
const out = document.getElementById("out");
out.textContent = JSON.stringify(report);
out.dataset.done = "1";
