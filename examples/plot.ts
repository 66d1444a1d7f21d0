// clientele/plot: a few chart specs from small results, summarized (npx tsx examples/plot.ts).
// Each spec is plain JSON: pass it to vegaEmbed("#el", spec) in a page, or save it as .vl.json.
import { fitHierarchical } from "clientele/cluster";
import { clvTiers } from "clientele/clv";
import * as plot from "clientele/plot";

const summary = (name: string, spec: any): void => {
  const rows = (s: any): number =>
    (s?.data?.values?.length ?? 0) + ["layer", "hconcat", "vconcat"].reduce((n, k) => n + (s?.[k] ?? []).reduce((m: number, c: any) => m + rows(c), 0), 0);
  console.log(
    `${name.padEnd(20)} ${spec.title.text} | ${[].concat(spec.title.subtitle ?? []).join("; ")} | ${rows(spec)} data rows, ${JSON.stringify(spec).length} bytes`,
  );
};

const bg = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as any;
summary("plotElbow", plot.plotElbow({ ks: [1, 2, 3, 4, 5], inertias: [100, 40, 30, 26, 24], knee: 2 }));
summary("plotDendrogram", plot.plotDendrogram(fitHierarchical([[0], [1], [3], [7], [8]], { linkage: "average" }), { k: 2 }));
summary("plotHeterogeneity", plot.plotHeterogeneity(bg, { theme: "dark" }));
summary("plotAliveHistory", plot.plotAliveHistory(bg, { times: [0, 3, 5, 12], T: 30 }, { customer: "c42" }));
const clv = Array.from({ length: 2000 }, (_, i) => Math.round(1000 * Math.exp(-i / 300)));
summary("plotClvDistribution", plot.plotClvDistribution(clv, clvTiers(clv), { currency: "USD" }));
const rng = plot.createRng(1);
const n = 50_000;
const y = Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 1 : 0));
const s = y.map((v) => Math.min(1, Math.max(0, 0.3 * v + 0.7 * rng.uniform())));
summary("plotRoc", plot.plotRoc(y, s));
summary(
  "plotClusterScatter",
  plot.plotClusterScatter(
    Array.from({ length: n }, () => [rng.uniform(), rng.uniform()]),
    y,
    { seed: 3 },
  ),
);
