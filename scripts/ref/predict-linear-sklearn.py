# Reference values for clientele/predict metrics and logistic regression (predict-linear part).
# Run from the repo root: /usr/bin/python3 scripts/ref/predict-linear-sklearn.py
# (Debian python3-sklearn 1.2.1, numpy, statsmodels 0.13.5). Writes test/fixtures/predict/sklearn_linear.json.
import json, numpy as np, sklearn, statsmodels.api as sm
from sklearn.metrics import roc_auc_score, average_precision_score, log_loss, brier_score_loss
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression

rng = np.random.RandomState(7)
out = {'source': 'scripts/ref/predict-linear-sklearn.py, sklearn ' + sklearn.__version__ + ', numpy ' + np.__version__, 'metrics': [], 'logistic': []}

def metric_case(name, y, s, w=None):
    y = np.asarray(y); s = np.asarray(s, float)
    c = {'name': name, 'y': y.tolist(), 'scores': s.tolist(), 'sampleWeight': None if w is None else np.asarray(w, float).tolist(),
         'roc_auc': roc_auc_score(y, s, sample_weight=w), 'average_precision': average_precision_score(y, s, sample_weight=w)}
    if s.min() >= 0 and s.max() <= 1:
        c['log_loss'] = log_loss(y, s, sample_weight=w)
        c['brier'] = brier_score_loss(y, s, sample_weight=w)
        if w is None:
            for strat in ['uniform', 'quantile']:
                pt, pp = calibration_curve(y, s, n_bins=10, strategy=strat)
                c['calibration_' + strat] = {'frac_pos': pt.tolist(), 'mean_pred': pp.tolist()}
    out['metrics'].append(c)

n = 400
y = rng.binomial(1, 0.3, n); s = np.clip(0.3 * y + rng.beta(2, 3, n) * 0.7, 0, 1)
metric_case('continuous', y, s)
metric_case('ties (scores rounded to 0.1)', y, np.round(s, 1))
metric_case('heavy ties (3 values)', y, np.round(s * 2) / 2)
metric_case('weights', y, s, rng.gamma(2.0, 1.0, n))
wz = rng.gamma(2.0, 1.0, n); wz[::5] = 0
metric_case('weights with zeros and ties', y, np.round(s, 1), wz)
metric_case('exact 0 and 1 probabilities', [0, 1, 1, 0, 1, 0], [0.0, 1.0, 0.0, 1.0, 0.7, 0.2])
metric_case('raw scores (not probabilities)', y[:50], rng.normal(0, 3, 50) + 2 * y[:50])
metric_case('constant scores', [0, 1, 0, 1, 1], [0.4] * 5)
metric_case('small', [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])

def lr_case(name, X, y, C, penalty='l2', l1_ratio=None, w=None, fit_intercept=True, standardize=True, class_weight=None):
    X = np.asarray(X, float)
    mu, sd = X.mean(0), X.std(0)
    sd[sd == 0] = 1
    Z = (X - mu) / sd if standardize else X
    kw = dict(C=C, penalty=penalty, fit_intercept=fit_intercept, max_iter=100000, tol=1e-14, class_weight=class_weight)
    if penalty in ('l1', 'elasticnet'): kw.update(solver='saga', l1_ratio=l1_ratio)
    else: kw.update(solver='newton-cg')
    if penalty == 'none': kw.pop('C'); kw['penalty'] = 'none'
    m = LogisticRegression(**kw).fit(Z, y, sample_weight=w)
    beta = m.coef_[0] / (sd if standardize else 1)
    b = (m.intercept_[0] - np.sum(m.coef_[0] * mu / sd)) if standardize else (m.intercept_[0] if fit_intercept else 0.0)
    c = {'name': name, 'X': X.tolist(), 'y': np.asarray(y).tolist(), 'sampleWeight': None if w is None else np.asarray(w).tolist(),
         'lambda': 0 if penalty == 'none' else 1 / C, 'penalty': penalty, 'l1Ratio': l1_ratio, 'fitIntercept': fit_intercept, 'standardize': standardize,
         'intercept': float(b), 'coefficients': beta.tolist(), 'n_iter': int(m.n_iter_[0]),
         'classWeight': None if class_weight is None else (class_weight if isinstance(class_weight, str) else {str(k): v for k, v in class_weight.items()})}
    if penalty == 'none' and w is None:
        r = sm.Logit(np.asarray(y), sm.add_constant(X)).fit(disp=0, method='newton', tol=1e-14, maxiter=100)
        c['statsmodels'] = {'params': r.params.tolist(), 'bse': r.bse.tolist(), 'pvalues': r.pvalues.tolist(),
                            'odds_ratio_ci95': np.exp(r.conf_int(0.05)).tolist()}
    out['logistic'].append(c)

n, d = 300, 5
X = rng.normal(0, 1, (n, d)) * np.array([1, 10, 0.1, 3, 1]) + np.array([0, 50, 1, -2, 5])
eta = 0.4 + X @ np.array([0.8, -0.05, 4, 0.3, 0.0]) - 4 * 1 + 0.05 * 50 + 0.6
yy = rng.binomial(1, 1 / (1 + np.exp(-(eta - eta.mean()))))
lr_case('l2 C=1 standardized', X, yy, 1.0)
lr_case('l2 C=0.05 standardized', X, yy, 0.05)
lr_case('l2 C=1 raw scale', X, yy, 1.0, standardize=False)
lr_case('l2 C=1 no intercept raw', X[:, [0, 2, 3]] - np.array([0, 1, -2]), yy, 1.0, fit_intercept=False, standardize=False)
lr_case('l2 C=0.5 sample weights', X, yy, 0.5, w=rng.gamma(2.0, 1.0, n))
lr_case('unpenalized', X, yy, 1.0, penalty='none')
lr_case('l1 C=0.1 standardized', X, yy, 0.1, penalty='l1', l1_ratio=1.0)
lr_case('elastic net C=0.2 l1_ratio=0.5', X, yy, 0.2, penalty='elasticnet', l1_ratio=0.5)
# appended cases (the rng stream above is unchanged, so the earlier cases keep their data)
yi = (rng.uniform(0, 1, n) < 1 / (1 + np.exp(-(-2.0 + 1.2 * X[:, 0] + 0.8 * yy)))).astype(int)  # imbalanced labels
lr_case('l2 C=1 class_weight balanced', X, yi, 1.0, class_weight='balanced')
lr_case('l2 C=0.3 class_weight dict and sample weights', X, yi, 0.3, class_weight={0: 1.0, 1: 3.0}, w=rng.gamma(2.0, 1.0, n))
lr_case('l1 C=0.03 standardized (sparse)', X, yy, 0.03, penalty='l1', l1_ratio=1.0)
lr_case('elastic net C=0.5 l1_ratio=0.3 sample weights', X, yy, 0.5, penalty='elasticnet', l1_ratio=0.3, w=rng.gamma(2.0, 1.0, n))
lr_case('unpenalized imbalanced', X[:, :3], yi, 1.0, penalty='none')
print('imbalanced positives', int(yi.sum()), 'of', n)
json.dump(out, open('test/fixtures/predict/sklearn_linear.json', 'w'))
print('wrote', len(out['metrics']), 'metric cases,', len(out['logistic']), 'logistic cases')
