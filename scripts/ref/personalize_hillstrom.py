#!/usr/bin/env python3
"""Reference figures for clientele/personalize on the Hillstrom e-mail test (MineThatData 2008).

Writes test/fixtures/personalize/hillstrom.json:
  - per-arm means of visit, conversion and spend (plain averages, pandas) and the differences
    against "No E-Mail";
  - scikit-uplift's qini_auc_score / uplift_auc_score (re-implemented below line by line from
    sklift.metrics 0.5.1, since sklift is not installed here) for fixed scores (history; recency,
    which has many ties) of "Mens E-Mail" vs "No E-Mail" on visit;
  - a scikit-learn T-learner (LogisticRegression, C=1e6, lbfgs) fitted on rows with i % 10 < 7
    and its Qini/uplift scores on rows with i % 10 >= 7, per treatment arm, on visit.

Run: /usr/bin/python3 scripts/ref/personalize_hillstrom.py  (from the repo root; needs ../shared/data/hillstrom)
"""
import json
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import auc

df = pd.read_csv("../shared/data/hillstrom/hillstrom.csv")
CONTROL = "No E-Mail"


def qini_curve(y_true, uplift, treatment):
    y_true, uplift, treatment = np.array(y_true), np.array(uplift), np.array(treatment)
    desc = np.argsort(uplift, kind="mergesort")[::-1]
    y_true, uplift, treatment = y_true[desc], uplift[desc], treatment[desc]
    y_trmnt, y_ctrl = y_true.copy(), y_true.copy()
    y_trmnt[treatment == 0] = 0
    y_ctrl[treatment == 1] = 0
    distinct = np.where(np.diff(uplift))[0]
    thr = np.r_[distinct, uplift.size - 1]
    num_trmnt = np.cumsum(treatment)[thr]
    y_trmnt = np.cumsum(y_trmnt)[thr]
    num_all = thr + 1
    num_ctrl = num_all - num_trmnt
    y_ctrl = np.cumsum(y_ctrl)[thr]
    curve = y_trmnt - y_ctrl * np.divide(num_trmnt, num_ctrl, out=np.zeros_like(num_trmnt, dtype=float), where=num_ctrl != 0)
    if num_all.size == 0 or curve[0] != 0 or num_all[0] != 0:
        num_all = np.r_[0, num_all]
        curve = np.r_[0, curve]
    return num_all, curve


def uplift_curve(y_true, uplift, treatment):
    y_true, uplift, treatment = np.array(y_true), np.array(uplift), np.array(treatment)
    desc = np.argsort(uplift, kind="mergesort")[::-1]
    y_true, uplift, treatment = y_true[desc], uplift[desc], treatment[desc]
    y_trmnt, y_ctrl = y_true.copy(), y_true.copy()
    y_trmnt[treatment == 0] = 0
    y_ctrl[treatment == 1] = 0
    distinct = np.where(np.diff(uplift))[0]
    thr = np.r_[distinct, uplift.size - 1]
    num_trmnt = np.cumsum(treatment)[thr]
    y_trmnt = np.cumsum(y_trmnt)[thr]
    num_all = thr + 1
    num_ctrl = num_all - num_trmnt
    y_ctrl = np.cumsum(y_ctrl)[thr]
    curve = (
        np.divide(y_trmnt, num_trmnt, out=np.zeros_like(y_trmnt, dtype=float), where=num_trmnt != 0)
        - np.divide(y_ctrl, num_ctrl, out=np.zeros_like(y_ctrl, dtype=float), where=num_ctrl != 0)
    ) * num_all
    if num_all.size == 0 or curve[0] != 0 or num_all[0] != 0:
        num_all = np.r_[0, num_all]
        curve = np.r_[0, curve]
    return num_all, curve


def qini_auc_score(y_true, uplift, treatment):
    xa, ya = qini_curve(y_true, uplift, treatment)
    y_true, treatment = np.array(y_true), np.array(treatment)
    xp, yp = qini_curve(y_true, y_true * treatment - y_true * (1 - treatment), treatment)
    base = auc(np.array([0, xp[-1]]), np.array([0, yp[-1]]))
    return (auc(xa, ya) - base) / (auc(xp, yp) - base), auc(xa, ya)


def uplift_auc_score(y_true, uplift, treatment):
    xa, ya = uplift_curve(y_true, uplift, treatment)
    y_true, treatment = np.array(y_true), np.array(treatment)
    cr = np.sum((y_true == 1) & (treatment == 0))
    tn = np.sum((y_true == 0) & (treatment == 1))
    summand = y_true if cr > tn else treatment
    xp, yp = uplift_curve(y_true, 2 * (y_true == treatment) + summand, treatment)
    base = auc(np.array([0, xp[-1]]), np.array([0, yp[-1]]))
    return (auc(xa, ya) - base) / (auc(xp, yp) - base), auc(xa, ya)


out = {"source": "scripts/ref/personalize_hillstrom.py", "n": int(len(df)), "arms": {}}
for arm, g in df.groupby("segment"):
    out["arms"][arm] = {k: float(g[k].mean()) for k in ["visit", "conversion", "spend"]} | {"n": int(len(g))}
ctrl = out["arms"][CONTROL]
out["effects"] = {a: {k: v[k] - ctrl[k] for k in ["visit", "conversion", "spend"]} for a, v in out["arms"].items() if a != CONTROL}
out["overall"] = {k: float(df[k].mean()) for k in ["visit", "conversion", "spend"]}

mc = df[df.segment.isin(["Mens E-Mail", CONTROL])]
t = (mc.segment == "Mens E-Mail").astype(int).values
fixed = {}
for score in ["history", "recency"]:
    q, qa = qini_auc_score(mc.visit.values, mc[score].values.astype(float), t)
    u, ua = uplift_auc_score(mc.visit.values, mc[score].values.astype(float), t)
    fixed[score] = {"qiniAuc": float(q), "qiniArea": float(qa), "upliftAuc": float(u), "upliftArea": float(ua)}
out["fixedScores"] = fixed


def features(d):
    return np.column_stack([
        d.recency, d.history, d.mens, d.womens,
        (d.zip_code == "Urban").astype(float), (d.zip_code == "Surburban").astype(float),
        d.newbie, (d.channel == "Phone").astype(float), (d.channel == "Web").astype(float),
    ]).astype(float)


idx = np.arange(len(df))
train, test = df[idx % 10 < 7], df[idx % 10 >= 7]
Xtr, Xte = features(train), features(test)
mu, sd = Xtr.mean(0), Xtr.std(0)
Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
models = {}
for arm in ["No E-Mail", "Mens E-Mail", "Womens E-Mail"]:
    m = train.segment.values == arm
    models[arm] = LogisticRegression(C=1e6, max_iter=1000).fit(Xtr[m], train.visit.values[m])
tl = {}
for arm in ["Mens E-Mail", "Womens E-Mail"]:
    rows = test.segment.isin([arm, CONTROL]).values
    up = models[arm].predict_proba(Xte[rows])[:, 1] - models[CONTROL].predict_proba(Xte[rows])[:, 1]
    tt = (test.segment.values[rows] == arm).astype(int)
    q, qa = qini_auc_score(test.visit.values[rows], up, tt)
    u, ua = uplift_auc_score(test.visit.values[rows], up, tt)
    tl[arm] = {"qiniAuc": float(q), "upliftAuc": float(u), "n": int(rows.sum())}
out["tLearnerSklearnMod10"] = tl
with open("test/fixtures/personalize/hillstrom.json", "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))
