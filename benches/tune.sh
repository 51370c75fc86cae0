#!/usr/bin/env bash
# Benchmark section: `leadgate tune` over generated CRM exports (default
# model; three passes over the file: fit, thresholds, held-out check; the
# tuned model to /dev/null). Prints best and median wall time of RUNS runs,
# rows/s, CPU seconds and peak RSS (from /usr/bin/time -v). Budget (issue 13):
# 1M rows in at most 30 s and 500 MB on the reference machine; read it here,
# it is not asserted.
#
# Env: BENCH_RUNS (default 3), BENCH_THREADS (default: all cores).
# Exports are cached in target/bench/ and regenerated when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/measure.sh
source benches/measure.sh

cached "$DATA/crm-export-1m.csv" 1000000 --export --format csv
cached "$DATA/crm-export-100k.csv" 100000 --export --format csv

BASE_ARGS=(tune --now "$NOW" --json --quiet -o /dev/null)

printf '%-24s %9s %8s %8s %12s %8s %12s %9s\n' \
  input rows best_s median_s rows/s cpu_s rows/cpu_s rss_MB
measure "csv 100k" 100000 "$DATA/crm-export-100k.csv"
measure "csv 1m" 1000000 "$DATA/crm-export-1m.csv"
measure "csv 100k, 1 thread" 100000 "$DATA/crm-export-100k.csv" --threads 1
echo "(best_s/median_s: wall time of $RUNS runs; rows/s from best_s; cpu_s: least user+sys;"
echo " rows/cpu_s: throughput per busy core; rss_MB: peak resident memory)"
