#!/usr/bin/env python3
"""The anchor for `leadgate tune`: scikit-learn's logistic regression on the
same export, with one-hot lead facts, scored on a held-out share.

    python3 benches/tune/anchor.py EXPORT.csv [--holdout 0.2] [--seed 1] [--tune-json FILE]

It reads the export as `leadgate report` does by default (canonical columns:
created_at, job_title, email, company_size, industry, country, crm, form,
utm_source, page_views, events, won_at), builds one-hot features of the lead
facts (title words, e-mail domain, size band, industry, country, CRM, form,
source, event names, pricing views), fits LogisticRegression (L2, C chosen by
5-fold cross-validation on the training share) and prints its held-out AUC
for "won vs all others". The held-out rows are exactly `leadgate tune`'s for
the same --seed and --holdout: the same seeded hash of each record's text
(src/tune/split.rs; the export must hold one record per line, as
`leadgate generate --export` writes it). With --tune-json (what
`leadgate tune --json` printed for the same export, --seed and --holdout), it
prints the input and tuned models' held-out AUCs beside it, after checking
that both held out the same rows. benches/anchor.sh runs it on the default
export for the default model and the previous one (`scripts/bench anchor`).
"""
import argparse, csv, json, math, re, sys

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import roc_auc_score

PRICING = ("/pricing", "/precos", "/planos", "/precios")


def words(text):
    return re.findall(r"\w+", text.lower())


def facts(row):
    f = {}
    for w in words(row.get("job_title", "")):
        f["title=" + w] = 1
    email = row.get("email", "").strip().lower()
    f["domain=" + (email.rsplit("@", 1)[1] if "@" in email else "(none)")] = 1
    size = row.get("company_size", "").strip()
    try:
        n = float(size)
        band = next(b for b in (10, 50, 200, 1000, math.inf) if n < b)
        f["size<%s" % band] = 1
    except ValueError:
        f["size=" + (size or "(none)")] = 1
    for col in ("industry", "country", "crm", "form", "utm_source"):
        f[col + "=" + row.get(col, "").strip().lower()] = 1
    try:
        f["page_views>=10"] = int(float(row.get("page_views") or 0) >= 10)
    except ValueError:
        pass
    try:
        events = json.loads(row.get("events") or "[]")
    except ValueError:
        events = []
    for e in events if isinstance(events, list) else []:
        if isinstance(e, dict):
            f["event=" + str(e.get("event"))] = 1
            if str(e.get("path", "")).startswith(PRICING):
                f["pricing_view"] = 1
    return f


MASK = (1 << 64) - 1


def mix(z):
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def held_out(seed, share, record):
    """src/tune/split.rs: FNV-1a over the record's bytes, seeded, then mixed."""
    h = 0xCBF29CE484222325 ^ mix(seed)
    for b in record:
        h = ((h ^ b) * 0x100000001B3) & MASK
    return mix(h) < int(share * 2.0**64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tune-json")
    a = ap.parse_args()
    with open(a.export, "rb") as fh:
        lines = fh.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    with open(a.export, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if len(lines) != len(rows) + 1:
        sys.exit("anchor.py: the export must hold one record per line (got %d lines for %d rows)" % (len(lines), len(rows)))
    X = DictVectorizer().fit_transform([facts(r) for r in rows])
    y = np.array([1 if r.get("won_at", "").strip() else 0 for r in rows])
    test = np.array([held_out(a.seed, a.holdout, line.rstrip(b"\r")) for line in lines[1:]])
    model = LogisticRegressionCV(Cs=8, cv=5, scoring="roc_auc", max_iter=2000, l1_ratios=(0.0,), use_legacy_attributes=False)
    model.fit(X[~test], y[~test])
    auc = roc_auc_score(y[test], model.predict_proba(X[test])[:, 1])
    print("held-out rows %d (won %d), features %d" % (test.sum(), y[test].sum(), X.shape[1]))
    print("scikit-learn LogisticRegressionCV (C=%.3g)  AUC %.3f" % (float(np.ravel(model.C_)[0]), auc))
    if a.tune_json:
        with open(a.tune_json) as fh:
            held = json.load(fh)["held_out"]
        if (held["leads"], held["won"]) != (int(test.sum()), int(y[test].sum())):
            sys.exit("anchor.py: tune held out %d leads (%d won), this split %d (%d): not the same rows"
                     % (held["leads"], held["won"], test.sum(), y[test].sum()))
        print("the input model (before tune)                AUC %.3f" % held["before"]["auc_all"])
        print("the tuned model (after tune)                 AUC %.3f" % held["after"]["auc_all"])
        print("tune minus scikit-learn                          %+.3f" % (held["after"]["auc_all"] - auc))


if __name__ == "__main__":
    sys.exit(main())
