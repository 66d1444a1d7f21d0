// The short workload that test/browser/browser.test.ts runs in Node and in Chromium (plain ESM
// JavaScript, so the page can load it as is). `lib` holds the subpath modules
// ({ data, rfm, cluster, clv, recommend, bandit, experiment }), imported from the built ESM files
// in the browser and from the same built files (and from src) in Node. Every step is seeded; its
// result is encoded by `encode` into a string in which every number is written exactly (shortest
// round-trip form, "-0" for negative zero), so two equal strings mean equal results bit for bit.

/** Canonical text of a result: exact numbers, typed arrays as arrays, object keys sorted. */
export function encode(value) {
  const out = [];
  const walk = (v) => {
    if (v === null || v === undefined) return void out.push("null");
    switch (typeof v) {
      case "number":
        if (Number.isNaN(v)) return void out.push("NaN");
        return void out.push(Object.is(v, -0) ? "-0" : String(v));
      case "string":
        return void out.push(JSON.stringify(v));
      case "boolean":
        return void out.push(String(v));
      case "bigint":
        return void out.push(`${v}n`);
      case "function":
        return void out.push('"(function)"');
      default:
        break;
    }
    if (ArrayBuffer.isView(v)) {
      out.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out.push(",");
        walk(v[i]);
      }
      return void out.push("]");
    }
    if (Array.isArray(v)) {
      out.push("[");
      v.forEach((x, i) => {
        if (i > 0) out.push(",");
        walk(x);
      });
      return void out.push("]");
    }
    if (v instanceof Date) return void out.push(JSON.stringify(v.toISOString()));
    const keys = Object.keys(v).sort();
    out.push("{");
    keys.forEach((k, i) => {
      if (i > 0) out.push(",");
      out.push(JSON.stringify(k), ":");
      walk(v[k]);
    });
    out.push("}");
  };
  walk(value);
  return out.join("");
}

/**
 * Seeded points in `d` dimensions around `centers` centers (for K-Means). Arithmetic only (a
 * sum of uniforms, not rng.normal, whose Math.log and Math.sqrt results may differ in the last
 * bit between JavaScript engines), so the points are identical everywhere and the step tests
 * K-Means itself.
 */
function blobs(createRng, n, d, centers, seed) {
  const rng = createRng(seed);
  const bell = () => rng.uniform() + rng.uniform() + rng.uniform() + rng.uniform() - 2;
  const mu = Array.from({ length: centers }, () => Array.from({ length: d }, () => 6 * bell()));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = mu[rng.int(centers)];
    for (let j = 0; j < d; j++) x[i * d + j] = c[j] + bell();
  }
  return { data: x, n, d };
}

/**
 * Values of the Math functions the library calls whose results ECMAScript leaves to the engine
 * ("implementation-approximated"): exp, log, pow, ... on fixed seeded arguments. Two engines
 * whose probes are equal compute those functions identically on these arguments.
 */
export function mathProbe() {
  let s = 12345;
  const u = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const out = {};
  const one = {
    exp: [-30, 30],
    log: [0, 1000],
    log1p: [-0.9, 10],
    expm1: [-5, 5],
    log2: [0, 1e6],
    tanh: [-5, 5],
    sinh: [-5, 5],
    cosh: [-5, 5],
    atanh: [-0.99, 0.99],
    sin: [-10, 10],
  };
  for (const [f, [lo, hi]] of Object.entries(one)) {
    const a = [];
    for (let i = 0; i < 2000; i++) a.push(Math[f](lo + (hi - lo) * u()));
    out[f] = a;
  }
  const pow = [];
  for (let i = 0; i < 2000; i++) pow.push(Math.pow(10 * u(), 10 * u() - 5));
  out.pow = pow;
  return out;
}

/**
 * Runs every step once; `await mark(step)` runs before each step (the page tags its WebAssembly
 * log with it). Returns { results: { step: encoded string }, timings: { step: ms } }.
 */
export async function runWorkload(lib, mark = async () => {}) {
  const { data, rfm, cluster, clv, recommend, bandit, experiment } = lib;
  const results = {};
  const timings = {};
  const step = async (name, f) => {
    await mark(name);
    const t = performance.now();
    const value = f();
    timings[name] = performance.now() - t;
    results[name] = encode(value);
    return value;
  };

  // 1. transactions -> per-customer summary (clientele/data)
  const summary = await step("summary", () => {
    const sim = data.simulateCustomers({ n: 2000, seed: 1 });
    return data.summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
  });

  // 2. RFM scores, segments and the segment report (clientele/rfm)
  await step("rfm", () => {
    const scores = rfm.scoreRfm(summary, { ties: "min", thresholds: { recency: [4, 13, 26, 52] } });
    const segments = rfm.assignSegments(scores);
    return { scores, segments, report: rfm.segmentReport(segments) };
  });

  // 3. K-Means on 20,000 points (the WebAssembly assignment kernel where it can compile)
  await step("kmeans", () => {
    const { data: x, n, d } = blobs(cluster.createRng, 20_000, 5, 8, 3);
    const points = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, (i + 1) * d)));
    const model = cluster.fitKMeans(points, { k: 8, nInit: 2, rng: cluster.createRng(4) });
    return { model, predicted: cluster.predictKMeans(model, points.slice(0, 500)) };
  });

  // 4. BG/NBD fit and two predictions (clientele/clv)
  await step("bgnbd", () => {
    const model = clv.fitBgNbd(summary);
    return {
      model,
      alive: clv.probabilityAlive(model, summary),
      expected: clv.conditionalExpectedPurchases(model, summary, 26),
    };
  });

  // 5. recommendations: implicit ALS (WebAssembly kernels where they compile) and item kNN
  await step("recommend", () => {
    const sim = recommend.simulateInteractions({ nUsers: 600, nItems: 150, nInteractions: 12_000, factors: 6, seed: 5 });
    const train = sim.interactions;
    const als = recommend.fitAls(train, { factors: 12, regularization: 20, alpha: 10, iterations: 6, rng: recommend.createRng(6) });
    const knn = recommend.fitItemKnn(train, { similarity: "cosine", neighbors: 50 });
    const users = train.userIds.slice(0, 25);
    return {
      als,
      alsTop: users.map((u) => recommend.recommend(als, train, u, { k: 5 })),
      knnTop: users.map((u) => recommend.recommend(knn, train, u, { k: 5 })),
    };
  });

  // 6. a Thompson-sampling bandit over 5,000 seeded rounds (clientele/bandit)
  await step("bandit", () => {
    const rng = bandit.createRng(7);
    const rates = [0.05, 0.07, 0.04];
    const arms = ["a", "b", "c"];
    const b = bandit.createBandit({ arms, policy: "thompson" });
    for (let i = 0; i < 5000; i++) {
      const arm = bandit.chooseArm(b, { rng });
      bandit.updateBanditInPlace(b, arm, rng.uniform() < rates[arms.indexOf(arm)] ? 1 : 0);
    }
    return { state: b, summary: bandit.summarizeBandit(b, { rng, draws: 5000 }) };
  });

  // 7. a finished A/B test with segments and a verdict (clientele/experiment)
  await step("experiment", () => {
    const segments = [
      { segment: "desktop", control: { conversions: 1080, visitors: 9000 }, treatment: { conversions: 1121, visitors: 9000 } },
      { segment: "mobile", control: { conversions: 561, visitors: 7000 }, treatment: { conversions: 668, visitors: 7000 } },
      { segment: "tablet", control: { conversions: 199, visitors: 2000 }, treatment: { conversions: 204, visitors: 2000 } },
    ];
    const total = (g) => ({ conversions: segments.reduce((a, s) => a + s[g].conversions, 0), visitors: segments.reduce((a, s) => a + s[g].visitors, 0) });
    return {
      report: experiment.analyzeExperiment(
        { metricName: "checkout conversion", control: total("control"), treatment: total("treatment"), segments, mde: 0.01 },
        { correction: "holm" },
      ),
      bayes: experiment.bayesianProportions(total("control"), total("treatment")),
      welch: experiment.welchTTest({ mean: 41.2, sd: 19.5, n: 4000 }, { mean: 42.6, sd: 20.1, n: 4100 }),
    };
  });

  return { results, timings };
}
