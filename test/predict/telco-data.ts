// IBM Telco Customer Churn (../shared/data/telco, see its README) with the preprocessing of the
// reference protocol (make_reference.py there, scikit-learn 1.2.1):
//   numeric columns tenure, MonthlyCharges, TotalCharges (blank -> 0), then every other field but
//   customerID/Churn one-hot encoded (OneHotEncoder: categories sorted, none dropped);
//   StratifiedKFold(5, shuffle=True, random_state=0): the fold of each row is read from
//   test/fixtures/predict/telco_folds.json (written by scripts/ref/predict-linear-telco-folds.py),
//   so the folds are scikit-learn's own.
// The logistic-regression protocol standardizes the 3 numeric columns with the TRAINING fold's
// mean and population standard deviation (StandardScaler); trees take them raw (passthrough).
// Shared test helper: predict-trees imports it for the HistGradientBoosting comparison.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Folder of the data set (relative to the repo root: ../shared/data/telco). */
export const TELCO_DIR = path.resolve(HERE, "../../../shared/data/telco");
const CSV = path.join(TELCO_DIR, "Telco-Customer-Churn.csv");
const REF = path.join(TELCO_DIR, "telco_reference_sklearn1.2.1.json");
const FOLDS = path.resolve(HERE, "../fixtures/predict/telco_folds.json");

export const TELCO_NUMERIC = ["tenure", "MonthlyCharges", "TotalCharges"] as const;

export interface TelcoData {
  n: number;
  ids: string[];
  /** 1 = churned (Churn == "Yes"). */
  y: number[];
  /** Column names: the 3 numeric ones, then `field=category` per one-hot column. */
  names: string[];
  /** Rows: 3 raw numeric values then 0/1 one-hot values (not standardized). */
  rows: number[][];
  /** Indices of the numeric columns (0, 1, 2). */
  numeric: number[];
  /** Fold (0..4) of each row, scikit-learn's StratifiedKFold(5, shuffle=True, random_state=0). */
  fold: number[];
}

/** Reference figures of the README (scikit-learn 1.2.1, out-of-fold). */
export interface TelcoReference {
  n: number;
  positives: number;
  base_rate: number;
  logreg_C1: TelcoModelReference;
  hgb_default: TelcoModelReference;
}
export interface TelcoModelReference {
  roc_auc: number;
  pr_auc_average_precision: number;
  log_loss: number;
  brier: number;
  deciles: { decile: number; n: number; churners: number; rate: number; lift: number; cum_gain: number }[];
  calibration_quantile10: { mean_pred: number[]; frac_pos: number[] };
}

/** Reason to skip when the data are absent (print it with console.warn and use it.skip). */
export const TELCO_SKIP = `../shared/data/telco is absent (${CSV}): Telco reference tests SKIPPED`;

export function telcoAvailable(): boolean {
  return existsSync(CSV) && existsSync(REF);
}

let cached: TelcoData | null = null;

/** Loads and encodes the data (cached); null when the files are absent. */
export function loadTelco(): TelcoData | null {
  if (cached) return cached;
  if (!telcoAvailable()) return null;
  const lines = readFileSync(CSV, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines[0]!.split(",");
  const recs = lines.slice(1).map((l) => l.split(","));
  const col = (name: string): number => header.indexOf(name);
  const numIdx = TELCO_NUMERIC.map(col);
  const catFields = header.filter((h) => !(TELCO_NUMERIC as readonly string[]).includes(h) && h !== "customerID" && h !== "Churn");
  const cats = catFields.map((f) => {
    const j = col(f);
    return { field: f, j, levels: [...new Set(recs.map((r) => r[j]!))].sort() };
  });
  const names = [...TELCO_NUMERIC, ...cats.flatMap((c) => c.levels.map((lv) => `${c.field}=${lv}`))];
  const rows = recs.map((r) => {
    const out: number[] = numIdx.map((j) => {
      const v = r[j]!.trim();
      return v === "" ? 0 : Number(v);
    });
    for (const c of cats) for (const lv of c.levels) out.push(r[c.j] === lv ? 1 : 0);
    return out;
  });
  const folds = JSON.parse(readFileSync(FOLDS, "utf8")) as { n: number; fold: number[] };
  if (folds.n !== rows.length) throw new Error(`telco folds fixture has ${folds.n} rows, data ${rows.length}`);
  cached = {
    n: rows.length,
    ids: recs.map((r) => r[col("customerID")]!),
    y: recs.map((r) => (r[col("Churn")] === "Yes" ? 1 : 0)),
    names,
    rows,
    numeric: [0, 1, 2],
    fold: folds.fold,
  };
  return cached;
}

export function loadTelcoReference(): TelcoReference | null {
  return telcoAvailable() ? (JSON.parse(readFileSync(REF, "utf8")) as TelcoReference) : null;
}

export interface TelcoFold {
  /** Row indices (into TelcoData.rows) of the training and the held-out part. */
  train: number[];
  test: number[];
  trainX: number[][];
  trainY: number[];
  testX: number[][];
  testY: number[];
}

/**
 * Fold k of the protocol. `standardize: true` (the logistic-regression pipeline) scales the numeric
 * columns by the training part's mean and population standard deviation; false leaves them raw.
 */
export function telcoFold(data: TelcoData, k: number, standardize: boolean): TelcoFold {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < data.n; i++) (data.fold[i] === k ? test : train).push(i);
  let scale = (r: number[]): number[] => r;
  if (standardize) {
    const mu = data.numeric.map((j) => train.reduce((s, i) => s + data.rows[i]![j]!, 0) / train.length);
    const sd = data.numeric.map((j, a) => Math.sqrt(train.reduce((s, i) => s + (data.rows[i]![j]! - mu[a]!) ** 2, 0) / train.length) || 1);
    scale = (r) => {
      const o = r.slice();
      data.numeric.forEach((j, a) => (o[j] = (o[j]! - mu[a]!) / sd[a]!));
      return o;
    };
  }
  return {
    train,
    test,
    trainX: train.map((i) => scale(data.rows[i]!)),
    trainY: train.map((i) => data.y[i]!),
    testX: test.map((i) => scale(data.rows[i]!)),
    testY: test.map((i) => data.y[i]!),
  };
}

/**
 * Out-of-fold scores: `fit(trainX, trainY)` returns a scorer of testX; the scores land at the
 * held-out rows' positions (like cross_val_predict).
 */
export function telcoOutOfFold(data: TelcoData, standardize: boolean, fit: (X: number[][], y: number[]) => (X: number[][]) => ArrayLike<number>): Float64Array {
  const out = new Float64Array(data.n);
  for (let k = 0; k < 5; k++) {
    const f = telcoFold(data, k, standardize);
    const s = fit(f.trainX, f.trainY)(f.testX);
    f.test.forEach((i, a) => (out[i] = s[a]!));
  }
  return out;
}
