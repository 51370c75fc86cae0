#!/usr/bin/env bash
# Benchmark section: the worst-case models the limits allow (benches/limits/),
# compiled, loaded and scored natively and in Node (the npm package) against
# the budgets of docs/model.md ("Limits"): compile ≤ 1 s and ≤ 64 MB, score
# ≤ 5 ms per lead of ≤ 64 KB. Reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench limits
if [ ! -f pkg/leadgate_bg.wasm ]; then
  scripts/build-pkg
fi
echo
node benches/limits.mjs
