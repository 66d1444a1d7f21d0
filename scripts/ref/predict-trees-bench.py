"""Peer side of benchmarks/predict-trees.bench.ts: scikit-learn HistGradientBoostingClassifier on one thread.

Writes the data set once (so both sides read the same numbers): float64 row-major features and
float64 labels of n training rows and 100,000 test rows, then fits scikit-learn with the benchmark's
settings (100 trees, 31 leaves, 255 bins, learning rate 0.1, min_samples_leaf 20, no early stopping)
and prints JSON: fit seconds, test AUC, peak memory allocated during the fit (tracemalloc), prediction rows/s.

Run (the benchmark does it): OMP_NUM_THREADS=1 /usr/bin/python3 scripts/ref/predict-trees-bench.py N DIR
"""
import json
import os
import sys
import time

import numpy as np

n = int(sys.argv[1])
out = sys.argv[2]
d = 20
nt = 100_000
rng = np.random.default_rng(12)
X = rng.normal(size=(n + nt, d))
X[rng.random(size=X.shape) < 0.05] = np.nan  # 5% missing cells
Z = np.nan_to_num(X)
eta = Z[:, 0] + 0.8 * Z[:, 1] * Z[:, 2] - np.abs(Z[:, 3]) + 0.5 * np.sin(2 * Z[:, 4]) + 0.3 * Z[:, 5:10].sum(axis=1) - 0.5
y = (rng.random(n + nt) < 1 / (1 + np.exp(-eta))).astype(np.float64)
os.makedirs(out, exist_ok=True)
X.astype(np.float64).tofile(os.path.join(out, f"X-{n}.f64"))
y.tofile(os.path.join(out, f"y-{n}.f64"))

from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
import sklearn  # noqa: E402

Xtr, ytr, Xte, yte = X[:n], y[:n], X[n:], y[n:]
import tracemalloc  # noqa: E402

tracemalloc.start()  # numpy and scikit-learn's Cython buffers report their allocations to tracemalloc
m = HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=31, learning_rate=0.1, max_bins=255, min_samples_leaf=20,
                                   l2_regularization=0.0, early_stopping=False, random_state=0)
t = time.perf_counter()
m.fit(Xtr, ytr)
fit_s = time.perf_counter() - t
fit_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
t = time.perf_counter()
p = m.predict_proba(Xte)[:, 1]
pred_s = time.perf_counter() - t
print(json.dumps({"sklearn": sklearn.__version__, "n": n, "d": d, "fit_s": fit_s, "auc": roc_auc_score(yte, p),
                  "fit_peak_alloc_mb": fit_peak / 2**20, "data_mb": Xtr.nbytes / 2**20,
                  "predict_rows_per_s": nt / pred_s, "n_iter": m.n_iter_}))
