#!/usr/bin/env bash
# Benchmark section: the anchor for `leadgate tune` (issue 13). On the default
# sample export (`leadgate generate --export`, 50,000 rows, seed 1) it runs
# `leadgate tune --json` for the default model and for the previous one
# (benches/tune/default-2026-11-26.json), then scikit-learn's logistic
# regression on one-hot lead facts over exactly the same held-out rows
# (benches/tune/anchor.py), and prints the three AUCs. Goal: the tuned default
# model within 0.02 AUC of scikit-learn, while staying a readable model.
# Installs scikit-learn (pinned) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import sklearn' 2>/dev/null; then
  python3 -m pip install --quiet 'scikit-learn==1.9.1'
fi
dir=target/bench
mkdir -p "$dir"
export_csv="$dir/anchor-export-50k.csv"
target/release/leadgate generate --export >"$export_csv"
now=2026-11-26T12:00:00Z
for model in models/default.json benches/tune/default-2026-11-26.json; do
  echo "-- $model"
  target/release/leadgate tune --model "$model" --now "$now" --json --quiet \
    -o /dev/null "$export_csv" >"$dir/anchor-tune.json"
  python3 benches/tune/anchor.py "$export_csv" --tune-json "$dir/anchor-tune.json"
done
