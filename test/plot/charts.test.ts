// Every chart of the gallery (built from CDNOW, test/fixtures/cdnow or ../shared/data, when present; simulated
// customers otherwise) compiles with vega-lite, renders headless with vega and stays under the mark cap.
// The drawn values of each chart are checked in the test file of its module (rfm, cluster, clv, ...).
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
  for (const c of charts)
    clean.set(c.name, JSON.stringify(JSON.parse(JSON.stringify(c.spec))) === JSON.stringify(c.spec) && !/NaN|Infinity/.test(JSON.stringify(c.spec)));
  for (const c of charts) rendered.set(c.name, await render(structuredClone(c.spec)));
}, 120_000);

const byName = (name: string) => rendered.get(name)!;

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
