// Opens docs/gallery.html (regenerated first) in headless Chromium, screenshots every chart into
// docs/gallery/<name>.png, and fails on a console error, a chart that errored, or a blank chart
// (no drawn marks in its SVG, or no pixels other than the background on its canvas rendering).
// Skips LOUDLY when /usr/bin/chromium is absent. Screenshot command:
//   npx vitest run test/plot/gallery.test.ts
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGallery, galleryHtml } from "../../scripts/gallery.js";

const CHROMIUM = "/usr/bin/chromium";
const root = join(import.meta.dirname, "..", "..");
const have = existsSync(CHROMIUM);
if (!have) console.warn(`\n*** test/plot/gallery.test.ts SKIPPED: ${CHROMIUM} not found (install Debian's chromium: scripts/system-deps.sh) ***\n`);

describe.skipIf(!have)("plot gallery in headless Chromium", () => {
  let browser: any;
  let page: any;
  let names: string[] = [];
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    const { source, charts } = buildGallery();
    names = charts.map((c) => c.name);
    writeFileSync(join(root, "docs", "gallery.html"), galleryHtml(source, charts));
    mkdirSync(join(root, "docs", "gallery"), { recursive: true });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("console", (m: any) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e: Error) => consoleErrors.push(e.message));
    await page.goto(pathToFileURL(join(root, "docs", "gallery.html")).href);
    await page.evaluate(() => (window as any).galleryDone);
  }, 60_000);
  afterAll(async () => browser?.close());

  it("renders every chart without errors", async () => {
    expect(consoleErrors).toEqual([]);
    expect(await page.evaluate(() => (window as any).galleryErrors)).toEqual([]);
    expect(await page.evaluate(() => Object.keys((window as any).galleryViews).length)).toBe(names.length);
  });

  it("draws marks and non-background pixels in every chart, and screenshots it", async () => {
    const blank: string[] = [];
    for (const name of names) {
      const stats = await page.evaluate(async (n: string) => {
        const el = document.getElementById("chart-" + n)!;
        const marks = el.querySelectorAll(
          "svg g[class^='mark-'] path, svg g[class^='mark-'] rect, svg g[class^='mark-'] line, svg g[class^='mark-'] text",
        ).length;
        const canvas = await (window as any).galleryViews[n].toCanvas();
        const ctx = canvas.getContext("2d");
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < img.length; i += 4) if (img[i + 3] > 0 && !(img[i] > 250 && img[i + 1] > 250 && img[i + 2] > 250)) ink++;
        return { marks, ink, w: canvas.width, h: canvas.height };
      }, name);
      if (stats.marks === 0 || stats.ink < 500) blank.push(`${name}: ${JSON.stringify(stats)}`);
      await page.locator(`#card-${name}`).screenshot({ path: join(root, "docs", "gallery", `${name}.png`) });
    }
    expect(blank).toEqual([]);
  }, 60_000);
});
