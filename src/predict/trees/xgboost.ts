// fromXgboost: reads the JSON that XGBoost's `Booster.save_model("model.json")` writes (format of
// XGBoost 1.0 and later; checked against 1.7.4) into a gradient-boosting model.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { checkModel, type GradientBoostingModel, type TreeJSON, type TreeObjective } from "./model.js";

const FN = "fromXgboost";

function bad(path: (string | number)[], message: string): ClienteleError {
  return new ClienteleError({ code: "INVALID_MODEL", path: ["json", ...path], message: `${FN}: ${message}` });
}

/** Parses a string, or returns the object. Internal (shared with fromLightGbm). */
export function readJsonArg(json: unknown, fn: string, what: string): Record<string, unknown> {
  let v = json;
  if (typeof json === "string") {
    try {
      // XGBoost writes NaN (not JSON) as the split condition of categorical nodes: read it as null
      v = JSON.parse(json.replace(/([[,:]\s*)-?NaN(?=\s*[,\]}])/g, "$1null"));
    } catch {
      throw new ClienteleError({
        code: "INVALID_MODEL",
        path: ["json"],
        message: `${fn}: the string is not JSON. Pass ${what} (the file's text or its JSON.parse result).`,
      });
    }
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) {
    throw new ClienteleError({ code: "INVALID_MODEL", path: ["json"], received: v, message: `${fn}: expected ${what}; got ${describeValue(v)}.` });
  }
  return v as Record<string, unknown>;
}

function obj(v: unknown, path: (string | number)[]): Record<string, unknown> {
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw bad(path, `${path.join(".")} is missing or not an object; is this XGBoost's JSON model (save_model with a .json name)?`);
  return v as Record<string, unknown>;
}

function nums(v: unknown, m: number, path: (string | number)[]): number[] {
  if (!Array.isArray(v) || v.length !== m) throw bad(path, `${path.join(".")} must be an array of ${m} numbers.`);
  for (let i = 0; i < m; i++)
    if (typeof v[i] !== "number" || !Number.isFinite(v[i]))
      throw bad([...path, i], `${path.join(".")}[${i}] is ${describeValue(v[i])}; expected a finite number.`);
  return v as number[];
}

function num(v: unknown, path: (string | number)[]): number {
  const x = typeof v === "string" ? Number(v) : v;
  if (typeof x !== "number" || !Number.isFinite(x)) throw bad(path, `${path.join(".")} is ${describeValue(v)}; expected a number.`);
  return x;
}

const OBJECTIVES: Record<string, TreeObjective> = {
  "binary:logistic": "binary",
  "binary:logitraw": "binary",
  "reg:logistic": "binary",
  "reg:squarederror": "squared-error",
  "reg:linear": "squared-error",
  "count:poisson": "poisson",
};

/** One XGBoost tree → TreeJSON (nodes renumbered in depth-first order from the root). */
function tree(t: Record<string, unknown>, at: (string | number)[], d: number): TreeJSON {
  const left = nums(t.left_children, (t.left_children as unknown[] | undefined)?.length ?? -1, [...at, "left_children"]);
  const m = left.length;
  if (m === 0) throw bad(at, `${at.join(".")} has no nodes.`);
  const right = nums(t.right_children, m, [...at, "right_children"]);
  if (!Array.isArray(t.split_conditions) || t.split_conditions.length !== m)
    throw bad([...at, "split_conditions"], `${at.join(".")}.split_conditions must be an array of ${m} numbers.`);
  // null/NaN only where unused (categorical nodes); checked below per node kind
  const cond = (t.split_conditions as unknown[]).map((v) => (typeof v === "number" ? v : NaN));
  const feat = nums(t.split_indices, m, [...at, "split_indices"]);
  const defLeft = nums(t.default_left, m, [...at, "default_left"]);
  const hess = nums(t.sum_hessian, m, [...at, "sum_hessian"]);
  const splitType = t.split_type === undefined ? new Array<number>(m).fill(0) : nums(t.split_type, m, [...at, "split_type"]);
  // categorical splits: categories of node categories_nodes[k] are categories[segments[k] .. + sizes[k]]
  const catOf = new Map<number, number[]>();
  if (Array.isArray(t.categories_nodes) && t.categories_nodes.length > 0) {
    const nodes = nums(t.categories_nodes, t.categories_nodes.length, [...at, "categories_nodes"]);
    const seg = nums(t.categories_segments, nodes.length, [...at, "categories_segments"]);
    const size = nums(t.categories_sizes, nodes.length, [...at, "categories_sizes"]);
    const cats = nums(t.categories, (t.categories as unknown[] | undefined)?.length ?? -1, [...at, "categories"]);
    nodes.forEach((nd, k) => {
      const list = cats.slice(seg[k]!, seg[k]! + size[k]!);
      if (list.length !== size[k] || list.some((c) => !Number.isInteger(c) || c < 0))
        throw bad([...at, "categories"], `${at.join(".")}: the categories of node ${nd} are not non-negative integer codes.`);
      catOf.set(nd, list);
    });
  }
  const out: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [], defaultLeft: [], cover: [] };
  const categories: (number[] | null)[] = [];
  let anyCat = false;
  const seen = new Uint8Array(m);
  // iterative preorder: [xgboost node, slot of the parent's child pointer to fill]
  const stack: [number, number, "left" | "right" | null][] = [[0, -1, null]];
  while (stack.length > 0) {
    const [k, parent, side] = stack.pop()!;
    if (!Number.isInteger(k) || k < 0 || k >= m || seen[k])
      throw bad([...at, "left_children"], `${at.join(".")}: node ${k} is out of range or reached twice; the tree is damaged.`);
    seen[k] = 1;
    const id = out.feature.length;
    if (parent >= 0) out[side!][parent] = id;
    out.cover.push(hess[k]!);
    if (left[k] === -1) {
      out.feature.push(-1);
      out.threshold.push(0);
      if (!Number.isFinite(cond[k])) throw bad([...at, "split_conditions", k], `${at.join(".")}.split_conditions[${k}] (a leaf value) is not a finite number.`);
      out.value.push(cond[k]!); // a leaf's split_condition is its (learning-rate scaled) output
      out.left.push(-1);
      out.right.push(-1);
      out.defaultLeft.push(0);
      categories.push(null);
      continue;
    }
    const f = feat[k]!;
    if (!Number.isInteger(f) || f < 0 || f >= d)
      throw bad([...at, "split_indices", k], `${at.join(".")}.split_indices[${k}] is ${f} but the model has ${d} features.`);
    out.feature.push(f);
    out.value.push(0);
    out.left.push(-1);
    out.right.push(-1);
    if (splitType[k] === 1) {
      // XGBoost sends the listed categories right (and any other, or invalid, category left):
      // stored with the children swapped, so the listed categories go "left" here
      const list = catOf.get(k);
      if (!list) throw bad([...at, "split_type", k], `${at.join(".")}: node ${k} is a categorical split without categories.`);
      anyCat = true;
      categories.push(list);
      out.threshold.push(0);
      out.defaultLeft.push(defLeft[k] ? 0 : 1);
      stack.push([left[k]!, id, "right"], [right[k]!, id, "left"]);
    } else {
      if (!Number.isFinite(cond[k])) throw bad([...at, "split_conditions", k], `${at.join(".")}.split_conditions[${k}] (a threshold) is not a finite number.`);
      categories.push(null);
      out.threshold.push(cond[k]!);
      out.defaultLeft.push(defLeft[k] ? 1 : 0);
      stack.push([right[k]!, id, "right"], [left[k]!, id, "left"]);
    }
  }
  if (anyCat) out.categories = categories;
  return out;
}

/**
 * Reads an XGBoost model saved as JSON (`booster.save_model("model.json")`, XGBoost 1.0+; the
 * `gbtree` booster with objectives binary:logistic, binary:logitraw, reg:logistic,
 * reg:squarederror, count:poisson; numeric and categorical splits). The result predicts the
 * margins XGBoost's `predict(..., output_margin=True)` gives (XGBoost compares and sums in 32-bit
 * floats: agreement is to about 1e-6), and works with predictGradientBoosting, predictProba and
 * explainGradientBoosting (covers are XGBoost's hessian sums, as its own TreeSHAP uses).
 *
 * @param json - the saved file's text (NaN split conditions of categorical nodes are read), or a parsed object
 * @returns a gradient-boosting model with `source: "xgboost"`
 * @throws ClienteleError `INVALID_MODEL` (not an XGBoost JSON model, damaged, or an unsupported booster/objective/multiclass model)
 * @example
 * import { fromXgboost, predictGradientBoosting } from "clientele/predict";
 * const stump = { left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [0.5, -0.2, 0.3], default_left: [1, 0, 0], sum_hessian: [2, 1, 1] };
 * const m = fromXgboost({ learner: { learner_model_param: { base_score: "5E-1", num_feature: "1" }, objective: { name: "binary:logistic" }, gradient_booster: { name: "gbtree", model: { trees: [stump] } } } });
 * Array.from(predictGradientBoosting(m, [[0], [1], [null]], { output: "margin" }).values); // => [-0.2, 0.3, -0.2]
 */
export function fromXgboost(json: unknown): GradientBoostingModel {
  const root = readJsonArg(json, FN, "XGBoost's JSON model (save_model with a .json file name)");
  const learner = obj(root.learner, ["learner"]);
  const param = obj(learner.learner_model_param, ["learner", "learner_model_param"]);
  const objective = obj(learner.objective, ["learner", "objective"]);
  const name = objective.name;
  if (typeof name !== "string" || !Object.hasOwn(OBJECTIVES, name)) {
    throw bad(["learner", "objective", "name"], `objective ${describeValue(name)} is not supported; supported: ${Object.keys(OBJECTIVES).join(", ")}.`);
  }
  const kind = OBJECTIVES[name]!;
  const nClass = param.num_class === undefined ? 0 : num(param.num_class, ["learner", "learner_model_param", "num_class"]);
  if (nClass > 1)
    throw bad(["learner", "learner_model_param", "num_class"], `multiclass models (num_class ${nClass}) are not supported; train one binary model per class.`);
  const d = num(param.num_feature, ["learner", "learner_model_param", "num_feature"]);
  if (!Number.isInteger(d) || d < 1) throw bad(["learner", "learner_model_param", "num_feature"], `num_feature is ${d}; expected a positive integer.`);
  const p0 = num(param.base_score ?? 0.5, ["learner", "learner_model_param", "base_score"]);
  let base = p0;
  if (name === "binary:logistic" || name === "reg:logistic") {
    if (!(p0 > 0 && p0 < 1)) throw bad(["learner", "learner_model_param", "base_score"], `base_score ${p0} must be in (0, 1) for ${name}.`);
    base = Math.log(p0 / (1 - p0));
  } else if (name === "count:poisson") {
    if (!(p0 > 0)) throw bad(["learner", "learner_model_param", "base_score"], `base_score ${p0} must be positive for count:poisson.`);
    base = Math.log(p0);
  }
  const gb = obj(learner.gradient_booster, ["learner", "gradient_booster"]);
  if (gb.name !== "gbtree")
    throw bad(["learner", "gradient_booster", "name"], `booster ${describeValue(gb.name)} is not supported; only "gbtree" models can be read.`);
  const model = obj(gb.model, ["learner", "gradient_booster", "model"]);
  if (!Array.isArray(model.trees)) throw bad(["learner", "gradient_booster", "model", "trees"], "trees must be an array.");
  if (model.trees.length === 0) throw bad(["learner", "gradient_booster", "model", "trees"], "the model has no trees to score with.");
  const trees = model.trees.map((t, i) =>
    tree(obj(t, ["learner", "gradient_booster", "model", "trees", i]), ["learner", "gradient_booster", "model", "trees", i], d),
  );
  const namesIn = Array.isArray(learner.feature_names) && learner.feature_names.length === d ? (learner.feature_names as unknown[]) : null;
  const featureNames = Array.from({ length: d }, (_, j) => (namesIn && typeof namesIn[j] === "string" ? (namesIn[j] as string) : `x${j}`));
  const out: GradientBoostingModel = {
    kind: "gradient-boosting",
    version: 1,
    source: "xgboost",
    objective: kind,
    splitRule: "lt-float32",
    baseScore: base,
    nFeatures: d,
    featureNames,
    categorical: [],
    trees,
    fit: { nIter: trees.length, trainLoss: [], validationLoss: [], stoppedEarly: false },
  };
  return checkModel(out, FN);
}
