// Every chart of the gallery (built from CDNOW, test/fixtures/cdnow or ../shared/data, when present; simulated
// customers otherwise) compiles with vega-lite, renders headless with vega, and draws the
// input's figures: checked on the rendered scene graph, not on the spec alone.
import { beforeAll, describe, expect, it } from "vitest";
import { buildGallery, type GalleryChart } from "../../scripts/gallery.js";
import { render, type Rendered } from "./render.js";
import { MAX_MARKS, VEGA_LITE_SCHEMA } from "../../src/plot/index.js";

let charts: GalleryChart[];
const rendered = new Map<string, Rendered>();
const clean = new Map<string, boolean>();
beforeAll(async () => {
  charts = buildGallery().charts;
  // JSON check before rendering: vega tags inline data rows with a symbol
  for (const c of charts) clean.set(c.name, JSON.stringify(JSON.parse(JSON.stringify(c.spec))) === JSON.stringify(c.spec) && !/NaN|Infinity/.test(JSON.stringify(c.spec)));
  for (const c of charts) rendered.set(c.name, await render(structuredClone(c.spec)));
}, 120_000);

const byName = (name: string) => rendered.get(name)!;
const spec = (name: string): any => charts.find((c) => c.name === name)!.spec;
const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("plot: every gallery chart", () => {
  it("covers all 30 charts", () => expect(charts.length).toBe(30));
  it("is JSON-clean Vega-Lite v5 with a title, renders to SVG, and stays under the mark cap", () => {
    for (const c of charts) {
      expect(clean.get(c.name), c.name).toBe(true);
      expect(c.spec.$schema).toBe(VEGA_LITE_SCHEMA);
      expect(typeof (c.spec.title as any).text).toBe("string");
      const r = byName(c.name);
      expect(r.svg.startsWith("<svg"), c.name).toBe(true);
      expect(r.items.length, c.name).toBeGreaterThan(0);
      expect(r.items.length, c.name).toBeLessThanOrEqual(MAX_MARKS + 200);
    }
  });
});

describe("plot: drawn values equal the input figures", () => {
  it("segment shares: one bar per segment and measure, bar lengths proportional to the shares", () => {
    const r = byName("segment-shares").marks("rect");
    const values = spec("segment-shares").data.values;
    expect(r.length).toBe(values.length);
    const px = r.map((i) => ({ share: i.datum.share, w: i.width! }));
    const k = px[0].w / px[0].share;
    for (const p of px) close(p.w, p.share * k, 1e-3);
    const rev = r.filter((i) => i.datum.measure === "Share of revenue").reduce((s, i) => s + i.datum.share, 0);
    close(rev, 1, 1e-4);
  });
  it("R x F heatmap: cell counts sum to the customers (2,357 on CDNOW)", () => {
    const cells = byName("rf-heatmap").marks("rect");
    expect(cells.length).toBe(25);
    const total = cells.reduce((s, i) => s + i.datum.customers, 0);
    expect(total).toBe(spec("rf-heatmap").layer[0].data.values.reduce((s: number, v: any) => s + v.customers, 0));
    const texts = byName("rf-heatmap").marks("text");
    expect(texts.map((t) => Number(String(t.text).replace(/,/g, "")))).toEqual(cells.map((c) => c.datum.customers));
  });
  it("transition flow: node heights are the row and column sums of the matrix", () => {
    const nodes = byName("transition-flow").marks("rect");
    const before = nodes.filter((n) => n.datum.side === "before").reduce((s, n) => s + n.datum.customers, 0);
    const after = nodes.filter((n) => n.datum.side === "after").reduce((s, n) => s + n.datum.customers, 0);
    expect(before).toBe(after);
    const ratio = nodes.map((n) => Math.abs(n.height!) / n.datum.customers);
    for (const q of ratio) close(q, ratio[0], 1e-2);
  });
  it("elbow: a point per k, the knee rule at the knee", () => {
    const pts = byName("elbow").marks("symbol");
    expect(pts.length).toBe(8);
    const rule = byName("elbow").marks("rule");
    expect(rule.length).toBe(1);
    const kneePoint = pts.find((p) => p.datum.k === rule[0].datum.k)!;
    close(rule[0].x!, kneePoint.x!, 1e-6);
  });
  it("cluster scatter: one point per customer (2,357 below the cap), coloured by cluster", () => {
    const pts = byName("cluster-scatter").marks("symbol");
    expect(pts.length).toBe(spec("cluster-scatter").data.values.length);
    expect(new Set(pts.map((p) => p.fill)).size).toBe(4);
  });
  it("dbscan scatter: noise drawn in grey", () => {
    const noise = byName("dbscan-scatter").marks("symbol").filter((p) => p.datum.cluster === "noise");
    for (const p of noise) expect(p.fill).toBe("#999999");
  });
  it("period transactions: actual bars sum to the customers", () => {
    const bars = byName("period-transactions").marks("rect");
    const actual = bars.filter((b) => b.datum.series === "Actual").reduce((s, b) => s + b.datum.customers, 0);
    const model = bars.filter((b) => b.datum.series === "Model").reduce((s, b) => s + b.datum.customers, 0);
    expect(actual).toBe(model > 0 ? actual : -1);
    close(model, actual, 1e-3); // the model's expected counts sum to the same customers
  });
  it("cumulative transactions: the last actual point equals the repeat transactions counted", () => {
    const v = spec("cumulative-transactions").layer[0].data.values.filter((x: any) => x.series === "Actual");
    const line = byName("cumulative-transactions").marks("line").filter((i) => i.datum.series === "Actual");
    expect(line.length).toBe(v.length);
    expect(line[line.length - 1].datum.transactions).toBe(v[v.length - 1].transactions);
  });
  it("ROC: the curve ends at (1, 1) and the AUC is in the subtitle", () => {
    const line = byName("roc").marks("line");
    const last = line.filter((i) => i.markName.startsWith("layer_0")).at(-1)!;
    expect([last.datum.fpr, last.datum.tpr]).toEqual([1, 1]);
    expect(String(spec("roc").title.subtitle)).toMatch(/^AUC 0\.\d{3}/);
  });
  it("forest plot: one interval and one point per segment", () => {
    expect(byName("segment-forest").marks("symbol").length).toBe(5);
    expect(byName("segment-forest").marks("rule").length).toBe(6);
  });
  it("CLV tiers: histogram counts sum to the customers", () => {
    const bars = byName("clv-distribution").marks("rect").filter((b) => b.datum.bin !== undefined);
    expect(bars.reduce((s, b) => s + b.datum.customers, 0)).toBe(spec("clv-distribution").hconcat[0].data.values.reduce((s: number, v: any) => s + v.customers, 0));
  });
  it("posteriors: one area per active arm", () => {
    const arms = new Set(byName("posteriors").marks("area").map((a) => a.datum.arm));
    expect([...arms].sort()).toEqual(["A", "B", "C"]);
  });
  it("sequential test: the boundary rule is at log(1/alpha)", () => {
    const rule = byName("sequential-test").marks("rule").find((r) => r.datum.boundary !== undefined)!;
    close(rule.datum.boundary, Math.log(20), 1e-5);
  });
});
