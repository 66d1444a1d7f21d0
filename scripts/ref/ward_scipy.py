#!/usr/bin/env python3
"""SciPy peer for benchmarks/cluster-hier.bench.ts (--only=scipy): reads a JSON file
{"n", "d", "data": row-major list}, runs scipy.cluster.hierarchy.linkage(X, "ward") once after
a warm-up on 200 points, and prints JSON {"seconds", "cpu", "heights", "scipy"} (heights in
linkage order, which is sorted).

    /usr/bin/python3 scripts/ref/ward_scipy.py /tmp/points.json
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.cluster.hierarchy import linkage

spec = json.load(open(sys.argv[1]))
X = np.asarray(spec["data"], dtype=float).reshape(spec["n"], spec["d"])
linkage(X[:200], "ward")
t0, c0 = time.perf_counter(), time.process_time()
Z = linkage(X, "ward")
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"seconds": wall, "cpu": cpu, "heights": Z[:, 2].tolist(), "scipy": scipy.__version__}))
