#!/usr/bin/env python3
"""Reference PCA for test/cluster/pca.test.ts: LAPACK SVD (scipy.linalg.svd, gesdd) of the
centered (optionally standardized) data, signs normalized so each component's entry of
largest |value| is positive. Cross-checked against scikit-learn's PCA(svd_solver="full").

Run from the repo root:  /usr/bin/python3 scripts/ref/pca_reference.py
Writes test/fixtures/pca/reference.json. Needs numpy, scipy, scikit-learn (Debian
python3-scipy, python3-sklearn); reads test/fixtures/cdnow (CDNOW, MIT, via lifetimes).
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.linalg
import sklearn
from sklearn.decomposition import PCA

OUT = "test/fixtures/pca/reference.json"
CDNOW = "test/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv"  # = ../shared/data/cdnow (test/fixtures/cdnow/README.md)
HEAD = 50  # transformed rows stored per data set


def structured(n, d):
    """Deterministic low-rank + pseudo-noise matrix; pca.test.ts builds the same one."""
    i = np.arange(n, dtype=float)[:, None]
    j = np.arange(d, dtype=float)[None, :]
    s = [40.0, 20.0, 10.0, 5.0, 2.5]
    x = np.zeros((n, d))
    for c, sc in enumerate(s):
        x += sc * np.sin((c + 1) * 0.37 * i + c) * np.cos((c + 1) * (c + 2) * 0.11 * j)
    x += 0.05 * np.sin(12.9898 * i + 78.233 * j)
    return x


def reference(x, k, scale=False):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    mean = x.mean(axis=0)
    xc = x - mean
    sd = None
    if scale:
        sd = np.sqrt((xc ** 2).mean(axis=0))
        sd[sd == 0] = 1
        xc = xc / sd
    u, s, vt = scipy.linalg.svd(xc, full_matrices=False)
    vt = vt[:k].copy()
    for c in range(k):
        jmax = int(np.argmax(np.abs(vt[c])))
        if vt[c, jmax] < 0:
            vt[c] = -vt[c]
    ev = s[:k] ** 2 / (n - 1)
    total = (xc ** 2).sum() / (n - 1)
    scores = xc @ vt.T
    # cross-check: scikit-learn's full-SVD PCA gives the same variances
    if not scale:
        sk = PCA(n_components=k, svd_solver="full").fit(x)
        assert np.allclose(sk.explained_variance_, ev, rtol=1e-10, atol=1e-12), "sklearn disagrees"
        assert np.allclose(np.abs(sk.components_), np.abs(vt), atol=1e-8), "sklearn components disagree"
    return {
        "n": n,
        "d": d,
        "nComponents": k,
        "scale": scale,
        "mean": mean.tolist(),
        "sd": None if sd is None else sd.tolist(),
        "components": vt.tolist(),
        "singularValues": s[:k].tolist(),
        "explainedVariance": ev.tolist(),
        "explainedVarianceRatio": (ev / total).tolist(),
        "totalVariance": float(total),
        "scoresHead": scores[:HEAD].tolist(),
        "scoresSumSquares": (scores ** 2).sum(axis=0).tolist(),
    }


def main():
    rng = np.random.default_rng(20261204)
    a = rng.normal(size=(6, 6))
    gauss = rng.normal(size=(200, 6)) @ a + np.array([1, -2, 3, 0, 5, 10])
    wide = rng.normal(size=(15, 40)) @ np.diag(np.linspace(3, 0.5, 40))
    sets = {
        "gaussian": {"data": gauss.tolist(), **reference(gauss, 6)},
        "gaussianScaled": {"data": gauss.tolist(), **reference(gauss, 6, scale=True)},
        # wide: n < d; the centered data have rank n - 1 = 14, compare the first 10 components
        "wide": {"data": wide.tolist(), **reference(wide, 10)},
        # structured: the randomized solver's test (top 5 of 50 columns, 2000 rows)
        "structured": {"generator": "structured(2000, 50)", **reference(structured(2000, 50), 5)},
    }
    if os.path.exists(CDNOW):
        raw = np.loadtxt(CDNOW, delimiter=",", skiprows=1)
        feats = raw[:, 1:5]  # x, t_x, T, zbar
        sets["cdnow"] = {"source": CDNOW + " columns x, t_x, T, zbar", **reference(feats, 4)}
        sets["cdnowScaled"] = {"source": CDNOW + " columns x, t_x, T, zbar", **reference(feats, 3, scale=True)}
    else:
        print("CDNOW data not found at", CDNOW, "; cdnow sets skipped", file=sys.stderr)
    out = {
        "generatedBy": "scripts/ref/pca_reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "convention": "components: unit rows of V^T, sign so the entry of largest |value| is positive; explainedVariance = s^2 / (n - 1)",
        "sets": sets,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, {k: (v["n"], v["d"], v["nComponents"]) for k, v in sets.items()})


if __name__ == "__main__":
    main()
