#!/usr/bin/env /usr/bin/python3
"""Independent reference for estimatePolicyValue on the Open Bandit Dataset sample (issue 13).

Protocol (../shared/data/obd/README.md): target = Bernoulli TS as it behaved in bts/men.csv,
pi(item | position) = share of that item among the bts log's impressions at that position;
logged data = random/men.csv, importance weight w = pi(item | position) / propensity_score.
Computes IPS = mean(w * click), SNIPS = sum(w * click) / sum(w), the effective sample size
(sum w)^2 / sum w^2, the largest weights, and the on-policy click rates of both logs, plus the
doubly robust family with a fixed reward model (the per-(item, position) click rate of the
random log, Laplace-smoothed) so the TypeScript estimator can be checked term by term.

Run from the repository root:
  /usr/bin/python3 scripts/ref/bandit-ope-obd.py > test/fixtures/bandit-ope/obd-men.json
"""
import json
import sys

import numpy as np
import pandas as pd

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/obd"
rnd = pd.read_csv(f"{root}/random/men.csv", usecols=["item_id", "position", "click", "propensity_score"])
bts = pd.read_csv(f"{root}/bts/men.csv", usecols=["item_id", "position", "click", "propensity_score"])
n_items = 34
positions = sorted(rnd["position"].unique())

# pi(item | position) from the bts log's impression shares
pi = np.zeros((max(positions) + 1, n_items))
for p in positions:
    counts = np.bincount(bts.loc[bts["position"] == p, "item_id"].to_numpy(), minlength=n_items)
    pi[p] = counts / counts.sum()

a = rnd["item_id"].to_numpy()
pos = rnd["position"].to_numpy()
r = rnd["click"].to_numpy().astype(float)
mu = rnd["propensity_score"].to_numpy()
w = pi[pos, a] / mu

ips = float(np.mean(w * r))
snips = float(np.sum(w * r) / np.sum(w))
ess = float(np.sum(w) ** 2 / np.sum(w ** 2))
order = np.argsort(-w, kind="stable")[:5]

# a fixed reward model: smoothed click rate of each (position, item) in the random log
qhat = np.zeros((max(positions) + 1, n_items))
for p in positions:
    m = pos == p
    clicks = np.bincount(a[m], weights=r[m], minlength=n_items)
    shows = np.bincount(a[m], minlength=n_items)
    qhat[p] = (clicks + 0.5) / (shows + 1.0)
q_row = qhat[pos]  # n x items
q_fact = q_row[np.arange(len(a)), a]
dm_row = np.sum(pi[pos] * q_row, axis=1)
dm = float(np.mean(dm_row))
dr = float(np.mean(dm_row + w * (r - q_fact)))
sndr = float(np.mean(dm_row + w / np.mean(w) * (r - q_fact)))
tau = 1.5
switch = float(np.mean(dm_row + (w <= tau) * w * (r - q_fact)))

out = {
    "source": "scripts/ref/bandit-ope-obd.py on ../shared/data/obd (Open Bandit Dataset, men campaign, 10,000 rows each of random and bts)",
    "n": int(len(a)),
    "ips": ips,
    "snips": snips,
    "effectiveSampleSize": ess,
    "meanWeight": float(np.mean(w)),
    "maxWeights": [{"row": int(i), "weight": float(w[i])} for i in order],
    "randomOnPolicyClickRate": float(np.mean(r)),
    "btsOnPolicyClickRate": float(bts["click"].mean()),
    "btsClicks": int(bts["click"].sum()),
    "randomClicks": int(r.sum()),
    "fixedModel": {"dm": dm, "dr": dr, "sndr": sndr, "switchThreshold": tau, "switchDr": switch, "switchedRows": int(np.sum(w > tau))},
    "versions": {"numpy": np.__version__, "pandas": pd.__version__},
}
json.dump(out, sys.stdout, indent=2)
sys.stdout.write("\n")
