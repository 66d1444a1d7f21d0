# Fold assignment of the Telco reference protocol (../shared/data/telco/README.md):
# StratifiedKFold(5, shuffle=True, random_state=0) over the 7,043 rows in file order.
# Writes test/fixtures/predict/telco_folds.json (fold index per row), read by test/predict/telco-data.ts.
# Run from the repo root: /usr/bin/python3 scripts/ref/predict-linear-telco-folds.py  (Debian python3-sklearn 1.2.1)
import csv, json, sklearn, numpy as np
from sklearn.model_selection import StratifiedKFold
rows = list(csv.DictReader(open('../shared/data/telco/Telco-Customer-Churn.csv')))
y = np.array([r['Churn'] == 'Yes' for r in rows], int)
fold = np.full(len(y), -1)
for k, (_, test) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros(len(y)), y)):
    fold[test] = k
json.dump({'source': 'scripts/ref/predict-linear-telco-folds.py, sklearn ' + sklearn.__version__, 'n': int(len(y)), 'fold': fold.tolist()}, open('test/fixtures/predict/telco_folds.json', 'w'))
print('folds', np.bincount(fold))
