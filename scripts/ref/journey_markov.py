#!/usr/bin/env python3
"""Independent exact reference for clientele/journey's markovAttribution and heuristics.

Reads ChannelAttribution's PathData (../shared/data/journey/paths.csv, ';'-separated: path,
total_conversions, total_conversion_value, total_null) and writes
test/fixtures/journey/markov_exact.json.

Markov (order k = 1, 2, 3), the conventions of ChannelAttribution 2.0.7's markov_model:
- a state is a window of k consecutive channels of the path (the whole path when it has fewer
  than k channels); consecutive identical states are collapsed (order 1: "a > a > b" -> a, b);
- each path adds (conversions + nulls) to start -> s1 -> ... -> sn, conversions to
  sn -> (conversion) and nulls to sn -> (null); rows are normalized;
- removing channel c sends every state that contains c to (null);
- removal effect = 1 - P(conv | c removed) / P(conv); the value removal effect weighs each
  conversion by the mean per-conversion value of the paths that converted from that state.
Absorption probabilities are solved by sparse LU (scipy.sparse.linalg.spsolve) on
(I - Q) x = b, with Q the transient-to-transient block. No simulation.

Heuristics: first touch, last touch, linear (1/n per touch, repeats count), position-based
(40/20/40; one touch 100 %, two touches 50/50), time decay (weight 2^-(n-1-j), half-life 1 touch).

Run: python3 scripts/ref/journey_markov.py  (numpy, scipy; Debian python3-scipy 1.10)
"""
import csv, json, os, sys
import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "..", "shared", "data", "journey", "paths.csv")
OUT = os.path.join(ROOT, "test", "fixtures", "journey", "markov_exact.json")


def read_paths(src=SRC):
    rows = []
    with open(src, newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        for path, c, v, n in r:
            chans = [x.strip() for x in path.split(">")]
            rows.append((chans, float(c), float(v), float(n)))
    return rows


def channel_order(rows):
    seen = {}
    for chans, *_ in rows:
        for ch in chans:
            if ch not in seen:
                seen[ch] = len(seen)
    return list(seen)


def markov(rows, channels, k):
    states = {(): 0}  # () is start
    trans = {}
    conv_w = {}
    null_w = {}
    end_val = {}
    end_conv = {}

    def sid(t):
        if t not in states:
            states[t] = len(states)
        return states[t]

    for chans, c, v, n in rows:
        w = c + n
        if w <= 0:
            continue
        if len(chans) <= k:
            wins = [tuple(chans)]
        else:
            wins = [tuple(chans[j:j + k]) for j in range(len(chans) - k + 1)]
        seq = []
        for t in wins:
            if not seq or seq[-1] != t:
                seq.append(t)
        prev = 0
        for t in seq:
            s = sid(t)
            trans[(prev, s)] = trans.get((prev, s), 0.0) + w
            prev = s
        conv_w[prev] = conv_w.get(prev, 0.0) + c
        null_w[prev] = null_w.get(prev, 0.0) + n
        if c > 0:
            end_val[prev] = end_val.get(prev, 0.0) + v
            end_conv[prev] = end_conv.get(prev, 0.0) + c
    S = len(states)
    out = np.zeros(S)
    for (a, b), w in trans.items():
        out[a] += w
    for a, w in conv_w.items():
        out[a] += w
    for a, w in null_w.items():
        out[a] += w
    pconv = np.zeros(S)
    mval = np.zeros(S)
    for a, w in conv_w.items():
        pconv[a] = w / out[a]
    for a, w in end_conv.items():
        mval[a] = end_val[a] / w
    rows_i = [a for (a, b) in trans]
    cols_i = [b for (a, b) in trans]
    vals = [w / out[a] for (a, b), w in trans.items()]
    Q = sp.csr_matrix((vals, (rows_i, cols_i)), shape=(S, S))
    labels = {s: t for t, s in states.items()}

    def solve(keep):
        idx = np.flatnonzero(keep)
        Qk = Q[idx][:, idx]
        A = (sp.identity(len(idx), format="csc") - Qk.tocsc())
        B = np.column_stack([pconv[idx], pconv[idx] * mval[idx]])
        X = spla.spsolve(A, B)
        return X[0, 0], X[0, 1]  # start is idx 0

    base_c, base_v = solve(np.ones(S, dtype=bool))
    re_c, re_v = [], []
    for ch in channels:
        keep = np.array([not (ch in labels[s]) for s in range(S)])
        keep[0] = True
        c, v = solve(keep)
        re_c.append(1 - c / base_c)
        re_v.append(1 - v / base_v)
    tot_c = sum(r[1] for r in rows)
    tot_v = sum(r[2] for r in rows)
    return {
        "order": k,
        "states": S,
        "conversionProbability": base_c,
        "removalEffects": re_c,
        "valueRemovalEffects": re_v,
        "conversions": [x / sum(re_c) * tot_c for x in re_c],
        "value": [x / sum(re_v) * tot_v for x in re_v],
    }


def heuristics(rows, channels):
    ix = {ch: i for i, ch in enumerate(channels)}
    m = len(channels)
    res = {name: [np.zeros(m), np.zeros(m)] for name in ["firstTouch", "lastTouch", "linear", "positionBased", "timeDecay"]}
    for chans, c, v, n in rows:
        L = len(chans)
        def give(name, j, w):
            res[name][0][ix[chans[j]]] += c * w
            res[name][1][ix[chans[j]]] += v * w
        give("firstTouch", 0, 1.0)
        give("lastTouch", L - 1, 1.0)
        for j in range(L):
            give("linear", j, 1.0 / L)
        if L == 1:
            give("positionBased", 0, 1.0)
        elif L == 2:
            give("positionBased", 0, 0.5)
            give("positionBased", 1, 0.5)
        else:
            give("positionBased", 0, 0.4)
            give("positionBased", L - 1, 0.4)
            for j in range(1, L - 1):
                give("positionBased", j, 0.2 / (L - 2))
        wts = np.array([2.0 ** -(L - 1 - j) for j in range(L)])
        wts /= wts.sum()
        for j in range(L):
            give("timeDecay", j, wts[j])
    return {k: {"conversions": a.tolist(), "value": b.tolist()} for k, (a, b) in res.items()}


def bench(src, orders):
    """Timing peer for benchmarks/journey.bench.ts: prints JSON {order: seconds} (read excluded)."""
    import time
    rows = read_paths(src)
    channels = channel_order(rows)
    out = {}
    for k in orders:
        t = time.perf_counter()
        markov(rows, channels, k)
        out[k] = time.perf_counter() - t
    print(json.dumps(out))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--bench":
        bench(sys.argv[2], [int(x) for x in sys.argv[3].split(",")])
        return
    if not os.path.exists(SRC):
        sys.exit(f"missing {SRC}")
    rows = read_paths()
    channels = channel_order(rows)
    out = {
        "source": "../shared/data/journey/paths.csv (ChannelAttribution PathData, 10,000 paths)",
        "script": "scripts/ref/journey_markov.py",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "channels": channels,
        "heuristics": heuristics(rows, channels),
        "markov": [markov(rows, channels, k) for k in (1, 2, 3)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", OUT)
    for m in out["markov"]:
        print(m["order"], m["states"], [round(x, 4) for x in m["removalEffects"]])


if __name__ == "__main__":
    main()
