// fromLightGbm: reads the JSON of LightGBM's `Booster.dump_model()` (format "v3"/"v4": tree_info
// with nested tree_structure) into a gradient-boosting model.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { checkModel, type GradientBoostingModel, type TreeJSON, type TreeObjective } from "./model.js";
import { readJsonArg } from "./xgboost.js";

const FN = "fromLightGbm";
/** Deepest tree read (nodes are walked iteratively; this bounds tampered input). */
const MAX_NODES = 1 << 22;

function bad(path: (string | number)[], message: string): ClienteleError {
  return new ClienteleError({ code: "INVALID_MODEL", path: ["json", ...path], message: `${FN}: ${message}` });
}

function finite(v: unknown, path: (string | number)[], what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(path, `${path.join(".")} (${what}) is ${describeValue(v)}; expected a finite number.`);
  return v;
}

function objectiveOf(v: unknown): TreeObjective {
  if (typeof v !== "string") throw bad(["objective"], `objective is ${describeValue(v)}; expected LightGBM's objective string such as "binary sigmoid:1".`);
  const [name, ...params] = v.trim().split(/\s+/);
  if (name === "binary" || name === "cross_entropy" || name === "xentropy") {
    const sig = params.find((p) => p.startsWith("sigmoid:"));
    if (sig && Number(sig.slice(8)) !== 1) throw bad(["objective"], `objective "${v}": only sigmoid:1 is supported (the margin would be scaled).`);
    return "binary";
  }
  if (name === "regression" || name === "regression_l2" || name === "l2" || name === "mean_squared_error" || name === "mse") return "squared-error";
  if (name === "poisson") return "poisson";
  throw bad(["objective"], `objective "${v}" is not supported; supported: binary, cross_entropy, regression (L2), poisson.`);
}

const MISSING: Record<string, number> = { NaN: 0, None: 1, Zero: 2 };

/** Categories of a categorical split: dump_model writes them as "1||3||5" (numbers also accepted). */
function categoriesOf(v: unknown, path: (string | number)[]): number[] {
  const parts = typeof v === "string" ? v.split("||").map(Number) : typeof v === "number" ? [v] : Array.isArray(v) ? v : null;
  if (!parts || parts.some((c) => typeof c !== "number" || !Number.isInteger(c) || c < 0 || c >= 2 ** 31)) {
    throw bad(path, `${path.join(".")} must list the categories that go left, as "1||3||5" (non-negative integers). Got ${describeValue(v)}.`);
  }
  return parts as number[];
}

function tree(info: Record<string, unknown>, at: (string | number)[], d: number): TreeJSON {
  const out: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [], defaultLeft: [], cover: [], missingType: [] };
  const categories: (number[] | null)[] = [];
  let anyCat = false;
  const stack: [unknown, number, "left" | "right" | null, (string | number)[]][] = [[info.tree_structure, -1, null, [...at, "tree_structure"]]];
  while (stack.length > 0) {
    const [nd, parent, side, path] = stack.pop()!;
    if (!nd || typeof nd !== "object" || Array.isArray(nd)) throw bad(path, `${path.join(".")} is not a node object.`);
    if (out.feature.length >= MAX_NODES) throw bad(at, `${at.join(".")} has more than ${MAX_NODES} nodes.`);
    const node = nd as Record<string, unknown>;
    const id = out.feature.length;
    if (parent >= 0) out[side!][parent] = id;
    if (!("split_feature" in node)) {
      out.feature.push(-1);
      out.threshold.push(0);
      out.value.push(finite(node.leaf_value, [...path, "leaf_value"], "leaf value"));
      out.left.push(-1);
      out.right.push(-1);
      out.defaultLeft.push(0);
      out.missingType!.push(0);
      // cover: rows in the leaf (leaf_count), else the hessian sum (leaf_weight), else 1
      out.cover.push(typeof node.leaf_count === "number" ? node.leaf_count : typeof node.leaf_weight === "number" ? node.leaf_weight : 1);
      categories.push(null);
      continue;
    }
    const f = node.split_feature;
    if (typeof f !== "number" || !Number.isInteger(f) || f < 0 || f >= d)
      throw bad([...path, "split_feature"], `${path.join(".")}.split_feature is ${describeValue(f)} but the model has ${d} features.`);
    out.feature.push(f);
    out.value.push(0);
    out.left.push(-1);
    out.right.push(-1);
    out.cover.push(0); // filled from the children below
    const dt = node.decision_type;
    if (dt === "==") {
      anyCat = true;
      categories.push(categoriesOf(node.threshold, [...path, "threshold"]));
      out.threshold.push(0);
      out.defaultLeft.push(0); // LightGBM sends a missing or negative category right
      out.missingType!.push(0);
    } else if (dt === "<=" || dt === undefined) {
      categories.push(null);
      out.threshold.push(finite(node.threshold, [...path, "threshold"], "threshold"));
      out.defaultLeft.push(node.default_left === true ? 1 : 0);
      const mt = node.missing_type ?? "None";
      if (typeof mt !== "string" || !(mt in MISSING))
        throw bad([...path, "missing_type"], `${path.join(".")}.missing_type is ${describeValue(mt)}; expected "None", "Zero" or "NaN".`);
      out.missingType!.push(MISSING[mt]!);
    } else throw bad([...path, "decision_type"], `${path.join(".")}.decision_type is ${describeValue(dt)}; expected "<=" or "==".`);
    stack.push([node.right_child, id, "right", [...path, "right_child"]], [node.left_child, id, "left", [...path, "left_child"]]);
  }
  // internal covers = sum of the children's (consistent whatever internal_count says)
  for (let k = out.feature.length - 1; k >= 0; k--) if (out.feature[k]! >= 0) out.cover[k] = out.cover[out.left[k]!]! + out.cover[out.right[k]!]!;
  if (anyCat) out.categories = categories;
  if (out.missingType!.every((v) => v === 0)) delete out.missingType;
  return out;
}

/**
 * Reads a LightGBM model from the JSON of `booster.dump_model()` (or the `model_to_json` C API):
 * objectives binary (sigmoid 1), cross_entropy, regression (L2) and poisson; numeric splits with
 * LightGBM's missing-value rules (missing_type "NaN": NaN goes to the default side; "None": NaN is
 * read as 0; "Zero": 0 and NaN go to the default side) and categorical splits (the listed
 * categories go left; missing, negative or unlisted ones go right). The result predicts LightGBM's
 * raw scores (`predict(raw_score=True)`) and works with predictGradientBoosting, predictProba and
 * explainGradientBoosting (covers: the leaves' row counts).
 *
 * @param json - the dump's text, or its JSON.parse result
 * @returns a gradient-boosting model with `source: "lightgbm"`
 * @throws ClienteleError `INVALID_MODEL` (not a dump, damaged, multiclass, linear trees, random-forest mode, or an unsupported objective)
 * @example
 * import { fromLightGbm, predictGradientBoosting } from "clientele/predict";
 * const m = fromLightGbm({
 *   objective: "regression", max_feature_idx: 0, feature_names: ["age"],
 *   tree_info: [{ tree_structure: { split_feature: 0, threshold: 30, decision_type: "<=", default_left: true, missing_type: "NaN",
 *     left_child: { leaf_value: 1, leaf_count: 5 }, right_child: { leaf_value: 2, leaf_count: 5 } } }],
 * });
 * Array.from(predictGradientBoosting(m, [[25], [40], [null]]).values); // => [1, 2, 1]
 */
export function fromLightGbm(json: unknown): GradientBoostingModel {
  const root = readJsonArg(json, FN, "the JSON of LightGBM's booster.dump_model()");
  if (!Array.isArray(root.tree_info)) throw bad(["tree_info"], "tree_info is missing; pass the result of booster.dump_model() (not the text model file).");
  const nc = root.num_class ?? 1;
  const ntpi = root.num_tree_per_iteration ?? 1;
  if (nc !== 1 || ntpi !== 1)
    throw bad(["num_class"], `multiclass models (num_class ${describeValue(nc)}) are not supported; train one binary model per class.`);
  if (root.average_output === true) throw bad(["average_output"], "random-forest mode (average_output) is not supported.");
  if (root.tree_info.length === 0) throw bad(["tree_info"], "tree_info is empty; the dump has no trees to score with.");
  const objective = objectiveOf(root.objective);
  const mfi = root.max_feature_idx;
  if (typeof mfi !== "number" || !Number.isInteger(mfi) || mfi < 0)
    throw bad(["max_feature_idx"], `max_feature_idx is ${describeValue(mfi)}; expected a non-negative integer.`);
  const d = mfi + 1;
  const trees = root.tree_info.map((t, i) => {
    if (!t || typeof t !== "object") throw bad(["tree_info", i], `tree_info[${i}] is not an object.`);
    if ((t as Record<string, unknown>).is_linear === true) throw bad(["tree_info", i, "is_linear"], "linear trees (linear_tree=true) are not supported.");
    return tree(t as Record<string, unknown>, ["tree_info", i], d);
  });
  const names = Array.isArray(root.feature_names) && root.feature_names.length === d ? (root.feature_names as unknown[]) : null;
  const out: GradientBoostingModel = {
    kind: "gradient-boosting",
    version: 1,
    source: "lightgbm",
    objective,
    splitRule: "le",
    baseScore: 0, // LightGBM folds its starting score (boost_from_average) into the first tree
    nFeatures: d,
    featureNames: Array.from({ length: d }, (_, j) => (names && typeof names[j] === "string" ? (names[j] as string) : `x${j}`)),
    categorical: [],
    trees,
    fit: { nIter: trees.length, trainLoss: [], validationLoss: [], stoppedEarly: false },
  };
  return checkModel(out, FN);
}
