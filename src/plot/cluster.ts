// Cluster charts: elbow with the knee, silhouette per cluster, profiles in original units,
// dendrogram with the cut, and a 2-D scatter coloured by cluster (noise in grey).
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { toFlatMatrix, type PointsInput } from "../core/matrix.js";
import { dendrogram, type ElbowResult, type ClusterProfiles, type HierarchicalModel } from "../cluster/index.js";
import {
  makeSpec,
  plotOptionShape,
  sampleOptionShape,
  r6,
  fmt,
  OKABE_ITO,
  NEUTRAL,
  refColor,
  badOption,
  MAX_MARKS,
  type PlotOptions,
  type VegaLiteSpec,
  type SpecValues,
  type LayeredSpec,
} from "./theme.js";
import { readList, readObject, readNumber, readNumbers, readLabels, sameLength, invalid, sampleIndices, asChart } from "./input.js";

/** A spec whose layers carry inline data (the shape the charts of this file return). */

/** Options of {@link plotElbow}. */
export type PlotElbowOptions = PlotOptions;

/**
 * Elbow chart: within-cluster sum of squares (inertia) against k, with the knee found by
 * `elbow` marked by a dashed rule and a label. Takes `elbow`'s result from `clientele/cluster`.
 * O(ks).
 *
 * @param result - `elbow(points, { kMax })`: `{ ks, inertias, knee }`
 * @param options - `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotElbow } from "clientele/plot";
 * const spec = plotElbow({ ks: [1, 2, 3, 4], inertias: [100, 40, 30, 25], knee: 2 });
 * spec.layer[0].data.values[1]; // => { k: 2, inertia: 40 }
 * spec.layer[1].data.values; // => [{ k: 2, inertia: 40, label: "knee: k = 2" }]
 */
export function plotElbow(result: ElbowResult, options: PlotElbowOptions = {}): LayeredSpec {
  const fn = "plotElbow";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const e = readObject(result, fn, ["result"], "the result of elbow ({ ks, inertias, knee })");
  const ks = readNumbers(e.ks, fn, ["result", "ks"], { min: 1, max: MAX_MARKS / 2 });
  const inertias = readNumbers(e.inertias, fn, ["result", "inertias"], { min: 0, length: ks.length });
  const knee = e.knee === null || e.knee === undefined ? null : readNumber(e.knee, fn, ["result", "knee"], { min: 1 });
  const values = Array.from(ks, (k, i) => ({ k, inertia: r6(inertias[i]) }));
  const at = knee === null ? -1 : values.findIndex((v) => v.k === knee);
  if (knee !== null && at < 0) invalid(fn, ["result", "knee"], `result.knee is ${knee} but it is not one of result.ks.`, knee);
  const kneeRow = at >= 0 ? [{ ...values[at], label: `knee: k = ${knee}` }] : [];
  const x = { field: "k", type: "quantitative", title: "Number of clusters k", axis: { tickMinStep: 1, format: "d" }, scale: { zero: false } };
  return makeSpec(opts, { title: "Elbow: within-cluster sum of squares by k" }, [knee === null ? "no clear knee found" : `knee at k = ${knee} (dashed)`], {
    layer: [
      {
        data: { values },
        mark: { type: "line", point: true, tooltip: true },
        encoding: { x, y: { field: "inertia", type: "quantitative", title: "Inertia (sum of squared distances, squared input units)" } },
      },
      {
        data: { values: kneeRow },
        layer: [
          { mark: { type: "rule", strokeDash: [6, 4], color: OKABE_ITO[5] }, encoding: { x: { field: "k", type: "quantitative" } } },
          {
            mark: { type: "text", align: "left", dx: 6, dy: -8, color: OKABE_ITO[5], fontSize: 12 },
            encoding: { x: { field: "k", type: "quantitative" }, y: { field: "inertia", type: "quantitative" }, text: { field: "label" } },
          },
        ],
      },
    ],
  }) as LayeredSpec;
}

/** Options of {@link plotSilhouette}. */
export interface PlotSilhouetteOptions extends PlotOptions {
  /** Most bars drawn (default and maximum 5000); larger inputs are sampled per cluster. */
  maxMarks?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
}

const clusterName = (l: number): string => (l < 0 ? "noise" : `cluster ${l}`);

/**
 * Silhouette plot: one horizontal bar per point, grouped by cluster and sorted within it, with
 * the mean silhouette as a dashed rule. SpecValues near 1 sit well inside their cluster, below 0
 * closer to another. Noise points (label < 0) are left out. Above `maxMarks` points a seeded
 * sample is drawn and the chart says so. O(n log n).
 *
 * @param silhouettes - `silhouetteSamples(points, labels)` from `clientele/cluster`
 * @param labels - the cluster label per point (the same labels)
 * @param options - `maxMarks` (5000), `seed` (0), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotSilhouette } from "clientele/plot";
 * const spec = plotSilhouette([0.8, 0.6, 0.7, -0.1], [0, 0, 1, 1]);
 * spec.layer[0].data.values.map((v) => [v.cluster, v.silhouette]); // => [["cluster 0", 0.8], ["cluster 0", 0.6], ["cluster 1", 0.7], ["cluster 1", -0.1]]
 * spec.layer[1].data.values[0].mean; // => 0.5
 */
export function plotSilhouette(silhouettes: ArrayLike<number>, labels: ArrayLike<number>, options: PlotSilhouetteOptions = {}): LayeredSpec {
  const fn = "plotSilhouette";
  const opts = parseOptions(z.object({ ...plotOptionShape, ...sampleOptionShape }), options, fn);
  const s = readNumbers(silhouettes, fn, ["silhouettes"], { min: -1, maxValue: 1 });
  const lab = readNumbers(labels, fn, ["labels"], { length: s.length });
  const keep: number[] = [];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    if (!Number.isInteger(lab[i])) invalid(fn, ["labels", i], `labels[${i}] must be an integer cluster label. Got ${lab[i]}.`, lab[i]);
    if (lab[i] >= 0) {
      keep.push(i);
      sum += s[i];
    }
  }
  if (keep.length === 0) invalid(fn, ["labels"], "every point is noise (label < 0); there is no cluster to draw.");
  const cap = opts.maxMarks ?? MAX_MARKS;
  const pick = sampleIndices(keep.length, cap, opts.seed ?? 0);
  const rows = Array.from(pick, (p) => keep[p]);
  rows.sort((a, b) => lab[a] - lab[b] || s[b] - s[a] || a - b);
  const values = rows.map((i, rank) => ({ cluster: clusterName(lab[i]), point: i, rank, silhouette: r6(s[i]) }));
  const mean = sum / keep.length;
  const notes = [`mean silhouette ${mean.toFixed(3)} over ${fmt(keep.length)} clustered points (dashed)`];
  if (rows.length < keep.length) notes.push(`bars: random sample of ${fmt(rows.length)} of ${fmt(keep.length)} points (seed ${opts.seed ?? 0})`);
  const clusters = [...new Set(values.map((v) => v.cluster))];
  return makeSpec(opts, { title: "Silhouette of each point by cluster", width: 420, height: 360 }, notes, {
    layer: [
      {
        data: { values },
        mark: { type: "bar", tooltip: true, ...(rows.length > 300 ? { binSpacing: 0 } : {}) },
        encoding: {
          y: { field: "rank", type: "ordinal", axis: null, title: null },
          x: {
            field: "silhouette",
            type: "quantitative",
            title: "Silhouette coefficient (−1 to 1, unitless)",
            scale: { domain: [Math.min(0, ...values.map((v) => v.silhouette ?? 0)), 1] },
          },
          color: { field: "cluster", type: "nominal", title: "Cluster", sort: clusters },
          tooltip: [{ field: "cluster" }, { field: "point", title: "Point index" }, { field: "silhouette", format: ".3f" }],
        },
      },
      {
        data: { values: [{ mean: r6(mean) }] },
        mark: { type: "rule", strokeDash: [6, 4], color: refColor(opts.theme) },
        encoding: { x: { field: "mean", type: "quantitative" } },
      },
    ],
  }) as LayeredSpec;
}

/** Options of {@link plotClusterProfiles}. */
export interface PlotClusterProfilesOptions extends PlotOptions {
  /** Draw the centroids in original units (default) or as z-scores against the overall mean. */
  scale?: "original" | "z";
}

/**
 * Cluster profiles as small multiples: one panel per feature, one bar per cluster at its
 * centroid in the features' original units (own y scale per panel), with the overall mean as a
 * dashed rule. `scale: "z"` draws standardized differences instead, all on one axis. Takes
 * `profileClusters`' result. O(clusters x features).
 *
 * @param profiles - `profileClusters(points, labels, { featureNames })` from `clientele/cluster`
 * @param options - `scale` ("original" | "z"), `title`, `width` (per panel), `height` (per panel), `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotClusterProfiles } from "clientele/plot";
 * const spec = plotClusterProfiles({ featureNames: ["spend"], overallMean: [50], clusters: [
 *   { label: 0, size: 3, share: 0.75, centroid: [30], centroidScaled: [-1], z: [-1], distinguishing: [] },
 *   { label: 1, size: 1, share: 0.25, centroid: [110], centroidScaled: [3], z: [3], distinguishing: [] },
 * ] });
 * spec.data.values.map((v) => [v.cluster, v.feature, v.value]); // => [["cluster 0", "spend", 30], ["cluster 1", "spend", 110]]
 */
export function plotClusterProfiles(profiles: ClusterProfiles, options: PlotClusterProfilesOptions = {}): VegaLiteSpec & { data: { values: SpecValues } } {
  const fn = "plotClusterProfiles";
  const opts = parseOptions(z.object({ ...plotOptionShape, scale: z.enum(["original", "z"]).optional() }), options, fn);
  const p = readObject(profiles, fn, ["profiles"], "the result of profileClusters");
  const names = readLabels(p.featureNames, fn, ["profiles", "featureNames"], { max: 60 });
  const overall = readNumbers(p.overallMean, fn, ["profiles", "overallMean"], { length: names.length });
  const list = readList(p.clusters, fn, ["profiles", "clusters"], "cluster profiles", { max: 60 });
  const useZ = opts.scale === "z";
  const values: SpecValues = [];
  for (let c = 0; c < list.length; c++) {
    const cl = readObject(list[c], fn, ["profiles", "clusters", c], "a cluster profile");
    const label = readNumber(cl.label, fn, ["profiles", "clusters", c, "label"]);
    const size = readNumber(cl.size, fn, ["profiles", "clusters", c, "size"], { min: 0 });
    const centroid = readNumbers(cl.centroid, fn, ["profiles", "clusters", c, "centroid"], { length: names.length });
    const zs = useZ ? readNumbers(cl.z, fn, ["profiles", "clusters", c, "z"], { length: names.length }) : null;
    names.forEach((feature, j) =>
      values.push({ cluster: clusterName(label), size, feature, value: r6(zs ? zs[j] : centroid[j]), overall: useZ ? 0 : r6(overall[j]) }),
    );
  }
  const clusters = [...new Set(values.map((v) => v.cluster as string))];
  const w = opts.width ?? Math.max(120, 28 * clusters.length);
  const h = opts.height ?? 160;
  const color = { field: "cluster", type: "nominal", title: "Cluster", sort: clusters };
  const inner = {
    layer: [
      {
        mark: { type: "bar", tooltip: true },
        encoding: {
          x: { field: "cluster", type: "nominal", sort: clusters, title: null, axis: { labelAngle: -45 } },
          y: { field: "value", type: "quantitative", title: useZ ? "Standardized difference from the mean (z)" : "Cluster mean (feature's own units)" },
          color,
          tooltip: [
            { field: "cluster" },
            { field: "feature" },
            { field: "value", format: ",.3~f" },
            { field: "overall", title: "Overall mean", format: ",.3~f" },
            { field: "size", title: "Points" },
          ],
        },
      },
      {
        mark: { type: "rule", strokeDash: [6, 4], color: refColor(opts.theme) },
        encoding: { y: { field: "overall", type: "quantitative", aggregate: "mean" } },
      },
    ],
  };
  const spec = makeSpec(
    { ...opts, width: undefined, height: undefined },
    { title: useZ ? "Cluster profiles (z-scores)" : "Cluster profiles in original units" },
    [useZ ? "bars: standardized difference from the overall mean" : "bars: cluster mean; dashed: overall mean"],
    {
      data: { values },
      facet: { field: "feature", type: "nominal", sort: names, title: null },
      columns: Math.min(4, names.length),
      spec: { width: w, height: h, ...inner },
      resolve: { scale: { y: useZ ? "shared" : "independent" } },
    },
    false,
  );
  return spec as VegaLiteSpec & { data: { values: SpecValues } };
}

/** Options of {@link plotDendrogram}. */
export interface PlotDendrogramOptions extends PlotOptions {
  /** Draw the cut that gives `k` clusters (a dashed rule). */
  k?: number;
  /** Draw the cut at this merge height instead. */
  cutHeight?: number;
  /** Leaf labels (one per point, shown when there are at most 60 points). */
  leafLabels?: readonly string[];
}

const MAX_LINKS = Math.floor(MAX_MARKS / 3);

/**
 * Dendrogram of a hierarchical clustering (SciPy's layout, from `dendrogram`), with the cut
 * for `k` clusters or at `cutHeight` as a dashed rule. Above 1,666 merges only the highest ones are
 * drawn (lower merges shown as stubs) and the chart says so. O(n).
 *
 * @param model - `fitHierarchical(points)` from `clientele/cluster`
 * @param options - `k` or `cutHeight` (the cut), `leafLabels`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `INVALID_OPTION`, `LENGTH_MISMATCH`
 * @example
 * import { fitHierarchical } from "clientele/cluster";
 * import { plotDendrogram } from "clientele/plot";
 * const spec = plotDendrogram(fitHierarchical([[0], [1], [3]], { linkage: "single" }), { k: 2 });
 * spec.layer[0].data.values.length; // => 6
 * spec.layer[1].data.values; // => [{ height: 1.5, label: "cut: 2 clusters" }]
 */
export function plotDendrogram(model: HierarchicalModel, options: PlotDendrogramOptions = {}): LayeredSpec {
  const fn = "plotDendrogram";
  const opts = parseOptions(
    z.object({ ...plotOptionShape, cutHeight: z.number().nonnegative().optional(), k: z.int().min(1).optional(), leafLabels: z.array(z.string()).optional() }),
    options,
    fn,
  );
  if (opts.k !== undefined && opts.cutHeight !== undefined) badOption(fn, "k", "pass either k or height, not both.");
  const tree = asChart(fn, () => dendrogram(model));
  const merges = (model as HierarchicalModel).merges;
  const n = (model as HierarchicalModel).n;
  if (opts.leafLabels !== undefined && opts.leafLabels.length !== n) {
    badOption(fn, "leafLabels", `leafLabels has ${opts.leafLabels.length} entries but the model has ${n} points.`);
  }
  let cut: number | null = null;
  if (opts.k !== undefined) {
    if (opts.k > n) badOption(fn, "k", `k must be at most the number of points (${n}). Got ${opts.k}.`, opts.k);
    const hi = opts.k === 1 ? merges[n - 2][2] * 1.05 : merges[n - opts.k][2];
    const lo = opts.k === n ? 0 : merges[n - opts.k - 1][2];
    cut = opts.k === 1 ? hi : (lo + hi) / 2;
  } else if (opts.cutHeight !== undefined) cut = opts.cutHeight;
  const links = tree.icoord.map((ic, s) => ({ ic, dc: tree.dcoord[s] }));
  const shown = links.length > MAX_LINKS ? [...links].sort((a, b) => b.dc[1] - a.dc[1]).slice(0, MAX_LINKS) : links;
  const values: SpecValues = [];
  shown.forEach(({ ic, dc }, s) => {
    values.push({ link: s, x: r6(ic[0]), x2: r6(ic[0]), y: r6(dc[0]), y2: r6(dc[1]) });
    values.push({ link: s, x: r6(ic[0]), x2: r6(ic[3]), y: r6(dc[1]), y2: r6(dc[2]) });
    values.push({ link: s, x: r6(ic[3]), x2: r6(ic[3]), y: r6(dc[3]), y2: r6(dc[2]) });
  });
  const notes = [`${fmt(n)} points, ${(model as HierarchicalModel).linkage} linkage`];
  if (shown.length < links.length) notes.push(`highest ${fmt(shown.length)} of ${fmt(links.length)} merges drawn; lower merges shown as stubs`);
  const cutRows = cut === null ? [] : [{ height: r6(cut), label: opts.k !== undefined ? `cut: ${opts.k} clusters` : `cut at height ${r6(cut)}` }];
  const leafAxis =
    n <= 60
      ? {
          title: "Points (leaves)",
          values: tree.leaves.map((_, p) => 5 + 10 * p),
          labelExpr: `${JSON.stringify(tree.leaves.map((l) => (opts.leafLabels ? opts.leafLabels[l] : String(l))))}[(datum.value - 5) / 10]`,
          grid: false,
        }
      : { title: `Points (${fmt(n)} leaves, labels omitted)`, labels: false, ticks: false, grid: false };
  const xs = { type: "quantitative", scale: { domain: [0, 10 * n], nice: false }, axis: leafAxis };
  return makeSpec(opts, { title: "Dendrogram", width: 560, height: 320 }, notes, {
    layer: [
      {
        data: { values },
        mark: { type: "rule", color: OKABE_ITO[4] },
        encoding: {
          x: { field: "x", ...xs },
          x2: { field: "x2" },
          y: { field: "y", type: "quantitative", title: "Merge height (linkage distance, input units)" },
          y2: { field: "y2" },
        },
      },
      {
        data: { values: cutRows },
        layer: [
          { mark: { type: "rule", strokeDash: [6, 4], color: OKABE_ITO[5] }, encoding: { y: { field: "height", type: "quantitative" } } },
          {
            mark: { type: "text", align: "right", dy: -6, x: "width", color: OKABE_ITO[5], fontSize: 12 },
            encoding: { y: { field: "height", type: "quantitative" }, text: { field: "label" } },
          },
        ],
      },
    ],
  }) as LayeredSpec;
}

/** Options of {@link plotClusterScatter}. */
export interface PlotClusterScatterOptions extends PlotOptions {
  /** Column drawn on the x axis (default 0). */
  x?: number;
  /** Column drawn on the y axis (default 1). */
  y?: number;
  /** Axis titles per column (e.g. `["PC 1", "PC 2"]` or feature names with units). */
  featureNames?: readonly string[];
  /** Most points drawn (default and maximum 5000); larger inputs are sampled. */
  maxMarks?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
}

/**
 * Scatter of points in two dimensions (two columns, or a 2-D projection such as PCA scores)
 * coloured by cluster; noise points (label -1 from `dbscan` or `fitHdbscan`) are drawn as small
 * grey crosses. Above `maxMarks` points a seeded sample is drawn and the chart says so. O(n).
 *
 * @param points - the points (rows, or `{ data, n, d }`)
 * @param labels - a label per point: `fitKMeans(...).labels`, `dbscan(...).labels`, `fitHdbscan(...).labels`
 * @param options - `x` (0), `y` (1), `featureNames`, `maxMarks` (5000), `seed` (0), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotClusterScatter } from "clientele/plot";
 * const spec = plotClusterScatter([[0, 0], [1, 1], [9, 9]], [0, 0, -1]);
 * spec.data.values.map((v) => v.cluster); // => ["cluster 0", "cluster 0", "noise"]
 */
export function plotClusterScatter(
  points: PointsInput,
  labels: ArrayLike<number>,
  options: PlotClusterScatterOptions = {},
): VegaLiteSpec & { data: { values: SpecValues } } {
  const fn = "plotClusterScatter";
  const opts = parseOptions(
    z.object({
      ...plotOptionShape,
      ...sampleOptionShape,
      x: z.int().min(0).optional(),
      y: z.int().min(0).optional(),
      featureNames: z.array(z.string()).optional(),
    }),
    options,
    fn,
  );
  const m = toFlatMatrix(points, fn, "points");
  const lab = readNumbers(labels, fn, ["labels"], { length: m.n });
  sameLength(fn, { length: m.n }, lab, "points", "labels");
  const cx = opts.x ?? 0;
  const cy = opts.y ?? (m.d > 1 ? 1 : 0);
  if (cx >= m.d) badOption(fn, "x", `x must be a column of the points (0..${m.d - 1}). Got ${cx}.`, cx);
  if (cy >= m.d) badOption(fn, "y", `y must be a column of the points (0..${m.d - 1}). Got ${cy}.`, cy);
  if (opts.featureNames !== undefined && opts.featureNames.length !== m.d)
    badOption(fn, "featureNames", `featureNames has ${opts.featureNames.length} entries but the points have ${m.d} columns.`);
  for (let i = 0; i < m.n; i++)
    if (!Number.isInteger(lab[i])) invalid(fn, ["labels", i], `labels[${i}] must be an integer cluster label (-1 for noise). Got ${lab[i]}.`, lab[i]);
  const cap = opts.maxMarks ?? MAX_MARKS;
  const pick = sampleIndices(m.n, cap, opts.seed ?? 0);
  const values: SpecValues = Array.from(pick, (i) => ({ point: i, x: r6(m.data[i * m.d + cx]), y: r6(m.data[i * m.d + cy]), cluster: clusterName(lab[i]) }));
  let noise = 0;
  for (let i = 0; i < m.n; i++) if (lab[i] < 0) noise++;
  const clusterIds = [...new Set(Array.from(lab).filter((l) => l >= 0))].sort((a, b) => a - b);
  const domain = [...clusterIds.map(clusterName), ...(noise > 0 ? ["noise"] : [])];
  const range = [...clusterIds.map((_, i) => OKABE_ITO[i % 7]), ...(noise > 0 ? [NEUTRAL] : [])];
  const notes = [`${fmt(m.n)} points, ${clusterIds.length} clusters${noise > 0 ? `, ${fmt(noise)} noise points (grey crosses)` : ""}`];
  if (pick.length < m.n) notes.push(`random sample of ${fmt(pick.length)} of ${fmt(m.n)} points drawn (seed ${opts.seed ?? 0})`);
  const name = (c: number): string => opts.featureNames?.[c] ?? `Column ${c}`;
  return makeSpec(opts, { title: "Points coloured by cluster", width: 440, height: 360 }, notes, {
    data: { values },
    mark: { type: "point", filled: true, tooltip: true, opacity: 0.75 },
    encoding: {
      x: { field: "x", type: "quantitative", title: name(cx), scale: { zero: false } },
      y: { field: "y", type: "quantitative", title: name(cy), scale: { zero: false } },
      color: { field: "cluster", type: "nominal", title: "Cluster", scale: { domain, range } },
      shape: { field: "cluster", type: "nominal", scale: { domain, range: domain.map((d) => (d === "noise" ? "cross" : "circle")) }, legend: null },
      size: { condition: { test: "datum.cluster === 'noise'", value: 18 }, value: pick.length > 2000 ? 14 : 36 },
      tooltip: [{ field: "point", title: "Point index" }, { field: "cluster" }, { field: "x", title: name(cx) }, { field: "y", title: name(cy) }],
    },
  }) as VegaLiteSpec & { data: { values: SpecValues } };
}
