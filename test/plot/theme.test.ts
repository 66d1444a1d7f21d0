// Spec skeleton, themes and number formatting shared by the charts (src/plot/theme.ts).
import { describe, expect, it } from "vitest";
import { MAX_MARKS, NEUTRAL, OKABE_ITO, VEGA_LITE_SCHEMA, badOption, fmt, makeSpec, r6, refColor, textColor, themeConfig } from "../../src/plot/theme.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("formatting", () => {
  it("fmt: rounded, with thousands separators", () => {
    expect(fmt(5000)).toBe("5,000");
    expect(fmt(1_000_000)).toBe("1,000,000");
    expect(fmt(999.6)).toBe("1,000");
    expect(fmt(12)).toBe("12");
    expect(fmt(-1234567)).toBe("-1,234,567");
  });
  it("r6: 6 significant digits; 0 stays 0; non-finite becomes null", () => {
    expect(r6(Math.PI)).toBe(3.14159);
    expect(r6(123456789)).toBe(123457000);
    expect(r6(0.000123456789)).toBe(0.000123457);
    expect(r6(0)).toBe(0);
    expect(r6(Infinity)).toBeNull();
    expect(r6(Number.NaN)).toBeNull();
  });
});

describe("themes and the spec skeleton", () => {
  it("light (default) uses the Okabe-Ito palette; dark changes background and text colours only", () => {
    const light = themeConfig(undefined);
    expect(themeConfig("light")).toEqual(light);
    expect(light.background).toBe("#ffffff");
    expect((light.range as { category: string[] }).category).toEqual([...OKABE_ITO]);
    const dark = themeConfig("dark");
    expect(dark.background).toBe("#1e1e1e");
    expect(dark.range as object).toEqual(light.range);
    expect(textColor("dark")).toBe("#e8e8e8");
    expect(textColor(undefined)).toBe("#333333");
    expect(refColor("dark")).toBe("#bbbbbb");
    expect(refColor("light")).toBe("#555555");
    expect(NEUTRAL).toBe("#999999");
  });
  it("a partial config is merged into the light theme, deeply, without touching it", () => {
    const merged = themeConfig({ background: "#fafafa", axis: { labelFontSize: 14 } } as never);
    expect(merged.background).toBe("#fafafa");
    expect(merged.axis).toEqual({ ...(themeConfig(undefined).axis as object), labelFontSize: 14 });
    expect(themeConfig(undefined).background).toBe("#ffffff");
  });
  it("makeSpec: schema, title with the notes as subtitle, default size 480 x 300, theme config", () => {
    const s = makeSpec({}, { title: "Elbow" }, ["5,000 of 10,000 points drawn"], { mark: "line" });
    expect(s.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(s.title).toEqual({ text: "Elbow", subtitle: "5,000 of 10,000 points drawn" });
    expect(s.width).toBe(480);
    expect(s.height).toBe(300);
    expect(s.mark).toBe("line");
    expect(s.config).toEqual(themeConfig(undefined));
    const t = makeSpec({ title: "Mine", width: 600, theme: "dark" }, { title: "Elbow", height: 200 }, ["a", "b"], {}, true);
    expect(t.title).toEqual({ text: "Mine", subtitle: ["a", "b"] });
    expect([t.width, t.height]).toEqual([600, 200]);
    expect(makeSpec({}, { title: "x" }, [], {}, false).width).toBeUndefined();
    expect(MAX_MARKS).toBe(5000);
  });
  it("badOption throws INVALID_OPTION on the option's path", () => {
    expect(expectClienteleError(() => badOption("plotElbow", "k", "k must be one of the fitted ks", 7), "INVALID_OPTION").path).toEqual(["options", "k"]);
  });
});
