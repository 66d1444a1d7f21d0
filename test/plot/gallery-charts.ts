// The gallery charts for the per-module plot tests (not a test file itself): scripts/gallery.ts
// builds every chart once per test file (from CDNOW when test/fixtures/cdnow or ../shared/data
// has it, simulated customers otherwise), and each chart is rendered headless on first use.
import { expect } from "vitest";
import { buildGallery, type GalleryChart } from "../../scripts/gallery.js";
import { render, type Rendered } from "./render.js";

let charts: GalleryChart[] | undefined;
const rendered = new Map<string, Promise<Rendered>>();

/** Every chart of the gallery (built on first call). */
export function galleryCharts(): GalleryChart[] {
  charts ??= buildGallery().charts;
  return charts;
}

/** The Vega-Lite spec of the chart `name`. */
export const spec = (name: string): any => galleryCharts().find((c) => c.name === name)!.spec;

/** The rendered scene graph of the chart `name` (rendered once). */
export function renderChart(name: string): Promise<Rendered> {
  let r = rendered.get(name);
  if (r === undefined) {
    r = render(structuredClone(spec(name)));
    rendered.set(name, r);
  }
  return r;
}

/** |a − b| <= tol · max(1, |b|). */
export const close = (a: number, b: number, tol = 1e-6): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
