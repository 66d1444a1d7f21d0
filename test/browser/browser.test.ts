// The library in a real browser (issue 16): Chromium loads a page that imports every subpath's
// built ESM entry and runs a short workload of each capability (summary, RFM, K-Means with its
// WebAssembly kernel, a BG/NBD fit, recommendations, a bandit, an A/B analysis), once normally
// and once under a Content-Security-Policy that forbids WebAssembly (no 'wasm-unsafe-eval').
// Both must equal Node's results bit for bit (test/browser/workload.js encodes every number
// exactly). The page counts WebAssembly compilations per step (page/instrument.js), so the test
// checks that the K-Means kernel compiled and ran on the normal page and was refused under the
// CSP, where the JavaScript fallback produced the same numbers. Timings are printed, never
// asserted. Node 20's V8 and current Chromium's V8 compute Math.exp/log/pow/... differently in the
// last bit (ECMAScript allows it), so the steps that go through them (BG/NBD, Bayesian A/B) are
// compared within 1e-8 when a probe shows the engines differ, and are required to be bit for bit
// in a third run where both sides use the same pure-arithmetic Math (pinned-math.js).
//
// The ESM modules are built into a temporary directory first (build-esm.ts: the project's tsup
// ESM settings), because CI runs `npm test` before `npm run build` and dist/ may be rebuilt by
// another process meanwhile. Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH; Debian's
// `chromium` package, installed in CI by scripts/system-deps.sh): without it the test is
// skipped with a warning.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEsm, subpaths } from "./build-esm.js";
import { pinMath } from "./pinned-math.js";
import { mathProbe, runWorkload } from "./workload.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE = existsSync(CHROMIUM);
const SKIP_REASON = `Chromium not found at ${CHROMIUM} (install Debian's chromium, e.g. scripts/system-deps.sh, or set CHROMIUM_PATH)`;
if (!HAVE) console.warn(`test/browser SKIPPED: ${SKIP_REASON}`);
const bIt = HAVE ? it : it.skip;
const name = (s: string): string => (HAVE ? s : `${s} [SKIPPED: ${SKIP_REASON}]`);

const HERE = fileURLToPath(new URL(".", import.meta.url));
/** The CSP of the strict page: scripts from this origin only, no eval, no WebAssembly compilation. */
const STRICT_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";
const STEPS = ["summary", "rfm", "kmeans", "bgnbd", "recommend", "bandit", "experiment"] as const;
/**
 * Steps whose results go through Math.exp / Math.log / Math.pow (BG/NBD likelihood and standard
 * errors; Beta integrals of the Bayesian A/B analysis). ECMAScript lets each engine approximate
 * those functions, and Node 20's V8 and a current Chromium's V8 differ in the last bit on a few
 * per cent of arguments: when the page's mathProbe differs from Node's, these steps are compared
 * to Node within MATH_TOLERANCE (relative) instead of bit for bit, and the test says so.
 * Every other step, and every step between the normal and the CSP page, stays bit for bit.
 */
const MATH_STEPS = new Set<string>(["bgnbd", "experiment"]);
const MATH_TOLERANCE = 1e-8;

interface WasmEntry {
  step: string;
  what: "compile" | "instantiate";
  ok: boolean;
  bytes?: number;
  error?: string;
}
interface PageReport {
  imports: Record<string, { ok: boolean; exports?: number; ms?: number; error?: string }>;
  results: Record<string, string> | null;
  timings: Record<string, number> | null;
  errors: string[];
  wasmLog: WasmEntry[];
  violations: { step: string; blockedURI: string; directive: string }[];
  userAgent: string;
  mathProbe?: Record<string, number[]>;
}

const CONTENT_TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json" };

function serve(distDir: string, subs: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let file: string | null = null;
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (url.pathname === "/" || url.pathname === "/index.html") {
      file = path.join(HERE, "page", "index.html");
      if (url.searchParams.get("csp") === "1") headers["Content-Security-Policy"] = STRICT_CSP;
    } else if (url.pathname === "/instrument.js" || url.pathname === "/main.js") {
      file = path.join(HERE, "page", url.pathname.slice(1));
    } else if (url.pathname === "/workload.js" || url.pathname === "/pinned-math.js") {
      file = path.join(HERE, url.pathname.slice(1));
    } else if (url.pathname === "/subpaths.json") {
      res.writeHead(200, { ...headers, "Content-Type": CONTENT_TYPES[".json"] });
      res.end(JSON.stringify(subs));
      return;
    } else if (url.pathname.startsWith("/dist/")) {
      const p = path.normalize(path.join(distDir, url.pathname.slice("/dist/".length)));
      if (p.startsWith(distDir + path.sep)) file = p;
    }
    if (file === null || !existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end(`not found: ${url.pathname}`);
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

async function nodeLib(dir: string | null): Promise<Parameters<typeof runWorkload>[0]> {
  const load = (sub: string): Promise<Record<string, unknown>> =>
    dir === null ? import(`../../src/${sub}/index.ts`) : import(pathToFileURL(path.join(dir, sub, "index.js")).href);
  const [data, rfm, cluster, clv, recommend, bandit, experiment] = await Promise.all(
    ["data", "rfm", "cluster", "clv", "recommend", "bandit", "experiment"].map(load),
  );
  return { data, rfm, cluster, clv, recommend, bandit, experiment };
}

/** Largest relative difference between two decoded results of the same shape (shape differences are reported). */
function worstRelativeDifference(a: unknown, b: unknown, where: string): { relative: number; at: string; count: number; numbers: number; structure: string } {
  const acc = { relative: 0, at: "", count: 0, numbers: 0, structure: "same" };
  const walk = (x: unknown, y: unknown, p: string): void => {
    if (typeof x === "number" && typeof y === "number") {
      acc.numbers++;
      if (Object.is(x, y)) return;
      acc.count++;
      const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), Number.MIN_VALUE);
      if (!(rel <= acc.relative)) {
        acc.relative = Number.isNaN(rel) ? Infinity : rel;
        acc.at = `${p} (${x} vs ${y})`;
      }
      return;
    }
    if (x !== null && y !== null && typeof x === "object" && typeof y === "object") {
      const kx = Object.keys(x);
      const ky = Object.keys(y);
      if (kx.join() !== ky.join()) {
        acc.structure = `keys differ at ${p}`;
        acc.relative = Infinity;
        return;
      }
      for (const k of kx) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${p}.${k}`);
      return;
    }
    if (!Object.is(x, y)) {
      acc.structure = `values differ at ${p}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
      acc.relative = Infinity;
    }
  };
  walk(a, b, where);
  return acc;
}

/** The first place two encoded results differ, for a readable failure. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at character ${i}: node …${a.slice(Math.max(0, i - 60), i + 60)}… vs browser …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

describe("the built library in Chromium (normal page and a CSP that forbids WebAssembly)", () => {
  let dist = "";
  let server: Server | null = null;
  let browser: Browser | null = null;
  let subs: string[] = [];
  let node: Awaited<ReturnType<typeof runWorkload>> | null = null;
  let nodeSrc: Awaited<ReturnType<typeof runWorkload>> | null = null;
  const pages: Record<"normal" | "csp" | "pinned", PageReport | null> = { normal: null, csp: null, pinned: null };
  let nodePinned: Awaited<ReturnType<typeof runWorkload>> | null = null;
  const seconds: Record<string, number> = {};
  const mathDiffers: string[] = [];

  beforeAll(async () => {
    if (!HAVE) return;
    let t = performance.now();
    subs = subpaths();
    dist = mkdtempSync(path.join(tmpdir(), "clientele-browser-"));
    const modules = await buildEsm(dist, subs);
    seconds.build = (performance.now() - t) / 1000;
    t = performance.now();
    node = await runWorkload(await nodeLib(dist));
    nodeSrc = await runWorkload(await nodeLib(null));
    const restore = pinMath();
    try {
      nodePinned = await runWorkload(await nodeLib(dist));
    } finally {
      restore();
    }
    seconds.node = (performance.now() - t) / 1000;
    server = await serve(dist, subs);
    const port = (server.address() as AddressInfo).port;
    t = performance.now();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
    seconds.launch = (performance.now() - t) / 1000;
    for (const kind of ["normal", "csp", "pinned"] as const) {
      t = performance.now();
      const page = await browser.newPage();
      const consoleLines: string[] = [];
      page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
      await page.goto(`http://127.0.0.1:${port}/?csp=${kind === "csp" ? 1 : 0}&pin=${kind === "pinned" ? 1 : 0}`);
      await page.waitForSelector("#out[data-done='1']", { state: "attached", timeout: 90_000 });
      pages[kind] = JSON.parse((await page.textContent("#out")) ?? "null") as PageReport;
      if (kind === "normal")
        pages[kind]!.mathProbe = JSON.parse(await page.evaluate(`JSON.stringify((${mathProbe.toString()})())`)) as Record<string, number[]>;
      if (pages[kind]!.errors.length > 0) console.warn(`test/browser ${kind} page: ${pages[kind]!.errors.join("\n")}\n${consoleLines.join("\n")}`);
      await page.close();
      seconds[kind] = (performance.now() - t) / 1000;
    }
    const ms = (r: Record<string, number> | null | undefined): string =>
      r
        ? Object.entries(r)
            .map(([k, v]) => `${k} ${v.toFixed(0)}`)
            .join(", ")
        : "-";
    const probe = mathProbe() as Record<string, number[]>;
    for (const [f, values] of Object.entries(probe)) {
      const theirs = pages.normal?.mathProbe?.[f] ?? [];
      const n = values.filter((v, i) => !Object.is(v, theirs[i])).length;
      if (n > 0) mathDiffers.push(`Math.${f} (${n} of ${values.length} probe values)`);
    }
    if (mathDiffers.length > 0) {
      console.warn(
        `test/browser: this Chromium's Math differs from Node ${process.version}'s in the last bit: ${mathDiffers.join(", ")}; ` +
          `steps ${[...MATH_STEPS].join(", ")} are compared to Node within ${MATH_TOLERANCE} relative, all others bit for bit`,
      );
    }
    if (process.env.CLIENTELE_BROWSER_DUMP) {
      writeFileSync(process.env.CLIENTELE_BROWSER_DUMP, JSON.stringify({ node, nodeSrc, pages }));
    }
    console.log(
      `test/browser (${pages.normal?.userAgent ?? "?"}): built ${modules} ESM modules in ${seconds.build.toFixed(1)} s; ` +
        `Chromium launch ${seconds.launch.toFixed(1)} s; page runs ${seconds.normal.toFixed(1)} s (normal), ${seconds.csp.toFixed(1)} s (CSP)\n` +
        `  workload ms, Node (built):  ${ms(node.timings)}\n  workload ms, Chromium:      ${ms(pages.normal?.timings)}\n  workload ms, Chromium+CSP:  ${ms(pages.csp?.timings)}`,
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dist !== "") rmSync(dist, { recursive: true, force: true });
  });

  bIt(name("Node: the built ESM modules give the same results as the TypeScript sources"), () => {
    for (const s of STEPS) expect(node!.results[s] === nodeSrc!.results[s], `${s}: ${firstDifference(nodeSrc!.results[s], node!.results[s])}`).toBe(true);
  });

  for (const kind of ["normal", "csp"] as const) {
    bIt(name(`${kind} page: every subpath's built ESM entry imports`), () => {
      const r = pages[kind]!;
      expect(r.errors).toEqual([]);
      expect(Object.keys(r.imports).sort()).toEqual([...subs].sort());
      for (const s of subs) expect(r.imports[s], `${s}: ${r.imports[s]?.error}`).toMatchObject({ ok: true });
    });
    bIt(
      name(`${kind} page: every workload step equals Node's result (bit for bit; engine-Math steps within ${MATH_TOLERANCE} when the engines' Math differ)`),
      () => {
        const r = pages[kind]!;
        expect(r.results).not.toBeNull();
        const differing: string[] = [];
        for (const s of STEPS) {
          const mine = node!.results[s];
          const theirs = r.results![s] ?? "(missing)";
          if (mine === theirs) continue;
          if (MATH_STEPS.has(s) && mathDiffers.length > 0) {
            const worst = worstRelativeDifference(JSON.parse(mine), JSON.parse(theirs), s);
            if (worst.relative <= MATH_TOLERANCE) {
              console.warn(
                `test/browser ${kind} page: ${s} differs from Node in the last bits (engine Math): ${worst.count} of ${worst.numbers} numbers, worst ${worst.relative.toExponential(2)} relative at ${worst.at}`,
              );
              continue;
            }
            differing.push(`${s}: ${worst.relative.toExponential(2)} relative at ${worst.at} (structure: ${worst.structure})`);
            continue;
          }
          differing.push(`${s}: ${firstDifference(mine, theirs)}`);
        }
        expect(differing, differing.join("\n")).toEqual([]);
      },
    );
  }

  bIt(name("the CSP page (JavaScript fallback) equals the normal page (WebAssembly) bit for bit, every step"), () => {
    const differing = STEPS.filter((s) => pages.csp!.results![s] !== pages.normal!.results![s]);
    expect(differing.map((s) => `${s}: ${firstDifference(pages.normal!.results![s], pages.csp!.results![s])}`).join("\n")).toBe("");
  });

  // The steps compared within MATH_TOLERANCE above become bit for bit when both engines use the
  // same (pinned, pure-arithmetic) Math: their differences come from the engines' Math only.
  // (The other steps are already asserted bit for bit unpinned; under pinning they are only
  // reported: the bandit's expectedLossSe was seen to differ by 1 ulp there, not explained yet.)
  bIt(name(`with Math.exp/log/pow/... pinned to pure arithmetic on both sides, ${[...MATH_STEPS].join(" and ")} equal Node's bit for bit`), () => {
    const r = pages.pinned!;
    expect(r.errors).toEqual([]);
    for (const s of STEPS.filter((x) => !MATH_STEPS.has(x) && r.results![x] !== nodePinned!.results[x])) {
      console.warn(
        `test/browser pinned page: ${s} differs from pinned Node (not asserted): ${firstDifference(nodePinned!.results[s], r.results![s] ?? "(missing)")}`,
      );
    }
    const differing = [...MATH_STEPS]
      .filter((s) => r.results![s] !== nodePinned!.results[s])
      .map((s) => `${s}: ${firstDifference(nodePinned!.results[s], r.results![s] ?? "(missing)")}`);
    expect(differing, differing.join("\n")).toEqual([]);
  });

  bIt(name("normal page: the K-Means (and ALS) WebAssembly kernels compiled and were instantiated"), () => {
    const log = pages.normal!.wasmLog;
    const at = (step: string, what: string, ok: boolean): number => log.filter((e) => e.step === step && e.what === what && e.ok === ok).length;
    expect(at("kmeans", "compile", true)).toBeGreaterThanOrEqual(1);
    expect(at("kmeans", "instantiate", true)).toBeGreaterThanOrEqual(1);
    expect(at("recommend", "instantiate", true)).toBeGreaterThanOrEqual(1);
    expect(log.filter((e) => !e.ok)).toEqual([]);
    expect(pages.normal!.violations).toEqual([]);
  });

  bIt(name("CSP page: WebAssembly compilation was refused (CSP violation) and the JavaScript fallback ran"), () => {
    const r = pages.csp!;
    const failed = r.wasmLog.filter((e) => e.what === "compile" && !e.ok);
    expect(failed.filter((e) => e.step === "kmeans").length).toBeGreaterThanOrEqual(1);
    expect(failed[0].error).toMatch(/disallowed|Content Security Policy|CompileError/i);
    // nothing compiled, nothing instantiated: every step ran in JavaScript
    expect(r.wasmLog.filter((e) => e.ok)).toEqual([]);
    expect(r.violations.some((v) => v.step === "kmeans" && /wasm-eval/.test(v.blockedURI))).toBe(true);
  });
});
