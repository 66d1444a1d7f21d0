# Peer of benchmarks/predict-linear.bench.ts: reads the binary file that the benchmark wrote
# (int32 n, int32 d, y float64[n], X float64[d][n] column-major) and fits scikit-learn's
# LogisticRegression(C=1, solver="lbfgs") on one thread, at the default tol (1e-4) and at tol 1e-10.
# Run by the benchmark with OMP_NUM_THREADS=1: /usr/bin/python3 scripts/ref/predict-linear-bench.py FILE
import json, sys, time
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.linear_model import LogisticRegression

raw = open(sys.argv[1], 'rb').read()
n, d = np.frombuffer(raw, np.int32, 2)
y = np.frombuffer(raw, np.float64, n, 8)
X = np.frombuffer(raw, np.float64, n * d, 8 + 8 * n).reshape(d, n).T  # view, C-order copy below
X = np.ascontiguousarray(X)
out = {}
with threadpool_limits(1):
    for key, tol in (('', 1e-4), ('_tight', 1e-10)):
        best = None
        for _ in range(2):
            t = time.perf_counter()
            m = LogisticRegression(C=1.0, solver='lbfgs', tol=tol, max_iter=1000).fit(X, y)
            s = time.perf_counter() - t
            best = s if best is None else min(best, s)
        out['seconds' + key] = best
        out['n_iter' + key] = int(m.n_iter_[0])
        out['intercept' + key] = float(m.intercept_[0])
        out['coef' + key] = m.coef_[0].tolist()
print(json.dumps(out))
