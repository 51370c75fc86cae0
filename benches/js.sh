#!/usr/bin/env bash
# Benchmark section: the npm package in Node against hand-written JS,
# json-logic-js and json-rules-engine (see scripts/bench-js).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/bench-js "$@"
