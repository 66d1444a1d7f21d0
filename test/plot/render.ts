// Test helper: compile a Vega-Lite spec with vega-lite, render it headless with vega, and
// collect the scene graph's mark items (so tests check drawn values, not just that it renders).
import * as vl from "vega-lite";
import * as vega from "vega";

export interface Item {
  markType: string;
  markName: string;
  datum: Record<string, any>;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  x2?: number;
  y2?: number;
  fill?: string;
  text?: string;
}

export interface Rendered {
  view: vega.View;
  svg: string;
  items: Item[];
  /** Items of mark type `type` (rect, symbol, line, area, rule, text) that carry data (not axes/legends). */
  marks: (type: string) => Item[];
}

export async function render(spec: object): Promise<Rendered> {
  const compiled = vl.compile(spec as any);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  const svg = await view.toSVG();
  const items: Item[] = [];
  const walk = (node: any, markType: string, markName: string, role: string): void => {
    if (!node) return;
    if (node.marktype !== undefined) {
      for (const it of node.items ?? []) walk(it, node.marktype, node.name ?? "", node.role ?? "");
      return;
    }
    if (node.datum !== undefined && role === "mark" && markType !== "group") {
      items.push({
        markType,
        markName,
        datum: node.datum,
        x: node.x,
        y: node.y,
        width: node.width,
        height: node.height,
        x2: node.x2,
        y2: node.y2,
        fill: node.fill,
        text: node.text,
      });
    }
    for (const child of node.items ?? []) walk(child, markType, markName, role);
  };
  walk((view.scenegraph() as any).root, "", "", "");
  return { view, svg, items, marks: (type) => items.filter((i) => i.markType === type) };
}

/** Number of data-carrying mark items in a rendered spec. */
export function markCount(r: Rendered): number {
  return r.items.length;
}
