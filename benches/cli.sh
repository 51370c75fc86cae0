#!/usr/bin/env bash
# Benchmark section: `leadgate score` over generated leads (default model, with
# reasons, output to /dev/null). Prints best and median wall time of RUNS runs,
# leads/s, CPU seconds and peak RSS (from /usr/bin/time -v). The 100k and 1M
# rows together show that memory stays flat as the input grows.
#
# Env: BENCH_RUNS (default 3), BENCH_THREADS (default: all cores).
# Inputs are cached in target/bench/ and regenerated when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/measure.sh
source benches/measure.sh

cached "$DATA/leads-1m.ndjson" 1000000 --format ndjson
cached "$DATA/leads-100k.ndjson" 100000 --format ndjson
cached "$DATA/leads-100k.csv" 100000 --format csv

BASE_ARGS=(score --now "$NOW" --quiet)

printf '%-24s %9s %8s %8s %12s %8s %12s %9s\n' \
  input leads best_s median_s leads/s cpu_s leads/cpu_s rss_MB
measure "ndjson 100k" 100000 "$DATA/leads-100k.ndjson"
measure "ndjson 1m" 1000000 "$DATA/leads-1m.ndjson"
measure "ndjson 100k, 1 thread" 100000 "$DATA/leads-100k.ndjson" --threads 1
measure "csv 100k" 100000 "$DATA/leads-100k.csv"
echo "(best_s/median_s: wall time of $RUNS runs; leads/s from best_s; cpu_s: least user+sys;"
echo " leads/cpu_s: throughput per busy core; rss_MB: peak resident memory)"
