"""Reference models for clientele/predict's fromXgboost (predict-trees).

Trains small XGBoost models with Debian's python3-xgboost 1.7.4 and writes, for each, the model
as XGBoost's own JSON (`Booster.save_model("x.json")`) and the raw margins XGBoost predicts
(`predict(..., output_margin=True)`) on a scoring set with missing values (and unseen
categories). Tests read these files; CI does not run this script.

Run: /usr/bin/python3 scripts/ref/predict-trees-xgboost.py
"""
import json
import os

import numpy as np
import xgboost as xgb

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "predict-trees")
rng = np.random.default_rng(20261204)


def data(n, cat=False):
    X = rng.normal(size=(n, 4))
    X[:, 1] = np.round(X[:, 1] * 3) / 3  # ties on a coarse grid (thresholds on exact values)
    if cat:
        X[:, 3] = rng.integers(0, 6, size=n)
    miss = rng.random(size=X.shape) < 0.1
    X[miss] = np.nan
    return X


def write(name, booster, Xs, dtest, extra):
    path = os.path.join(OUT, f"xgb-{name}.model.json")
    booster.save_model(path)
    margins = booster.predict(dtest, output_margin=True).astype(float).tolist()
    rows = [[None if np.isnan(v) else float(v) for v in r] for r in Xs]
    with open(os.path.join(OUT, f"xgb-{name}.margins.json"), "w") as f:
        json.dump({"xgboost": xgb.__version__, "X": rows, "margins": margins, **extra}, f)


# 1. binary:logistic, hist, depth 4, missing values
X = data(600)
y = ((np.nan_to_num(X[:, 0]) + 0.5 * np.nan_to_num(X[:, 1]) ** 2 + rng.normal(size=600) * 0.5) > 0.5).astype(float)
d = xgb.DMatrix(X, label=y, missing=np.nan)
b = xgb.train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "tree_method": "hist", "seed": 0, "base_score": 0.4}, d, 12)
Xs = data(50)
write("binary", b, Xs, xgb.DMatrix(Xs, missing=np.nan), {"objective": "binary:logistic"})

# 2. reg:squarederror, exact, depth 3, missing values
X = data(500)
y = 2 * np.nan_to_num(X[:, 0]) - np.nan_to_num(X[:, 2]) + rng.normal(size=500) * 0.3
d = xgb.DMatrix(X, label=y, missing=np.nan)
b = xgb.train({"objective": "reg:squarederror", "max_depth": 3, "eta": 0.2, "tree_method": "exact", "seed": 0}, d, 10)
Xs = data(50)
write("regression", b, Xs, xgb.DMatrix(Xs, missing=np.nan), {"objective": "reg:squarederror"})

# 3. count:poisson
X = data(500)
y = rng.poisson(np.exp(0.5 * np.nan_to_num(X[:, 0])))
d = xgb.DMatrix(X, label=y, missing=np.nan)
b = xgb.train({"objective": "count:poisson", "max_depth": 3, "eta": 0.3, "tree_method": "hist", "seed": 0}, d, 8)
Xs = data(50)
write("poisson", b, Xs, xgb.DMatrix(Xs, missing=np.nan), {"objective": "count:poisson"})

# 4. binary with a categorical feature (column 3, codes 0..5; XGBoost 1.7 categorical splits, partition-based)
X = data(800, cat=True)
c = np.nan_to_num(X[:, 3], nan=-1)
y = ((np.isin(c, [1, 4]).astype(float) * 1.5 + np.nan_to_num(X[:, 0]) + rng.normal(size=800) * 0.5) > 0.8).astype(float)
ft = ["q", "q", "q", "c"]
d = xgb.DMatrix(X, label=y, missing=np.nan, feature_types=ft, enable_categorical=True)
b = xgb.train({"objective": "binary:logistic", "max_depth": 3, "eta": 0.3, "tree_method": "hist", "max_cat_to_onehot": 1, "seed": 0}, d, 10)
Xs = data(60, cat=True)
Xs[:5, 3] = 7  # a level never seen in training
write("categorical", b, Xs, xgb.DMatrix(Xs, missing=np.nan, feature_types=ft, enable_categorical=True), {"objective": "binary:logistic"})
print("wrote", sorted(os.listdir(OUT)))
