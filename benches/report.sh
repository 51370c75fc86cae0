#!/usr/bin/env bash
# Benchmark section: `leadgate report` over generated CRM exports (default
# model, every lead re-scored as of its created_at, JSON to /dev/null). Prints
# best and median wall time of RUNS runs, rows/s, CPU seconds and peak RSS
# (from /usr/bin/time -v). The 100k and 1M rows together show that memory
# stays flat as the export grows.
#
# Env: BENCH_RUNS (default 3), BENCH_THREADS (default: all cores).
# Exports are cached in target/bench/ and regenerated when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/leadgate
DATA=target/bench
NOW=2026-11-26T12:00:00Z
RUNS=${BENCH_RUNS:-3}
THREADS=${BENCH_THREADS:-}
mkdir -p "$DATA"

if [ ! -x "$BIN" ]; then
  cargo build --release --quiet
fi
if [ ! -x /usr/bin/time ]; then
  echo "benches/report.sh: /usr/bin/time is needed (apt-get install time)" >&2
  exit 2
fi

# export COUNT FORMAT FILE: writes FILE once; the same seed gives the same bytes.
export_file() {
  if [ ! -s "$3" ]; then
    echo "generating $3 ($1 rows)…"
    "$BIN" generate --export --count "$1" --seed 42 --now "$NOW" --format "$2" > "$3.tmp"
    mv "$3.tmp" "$3"
  fi
}
export_file 1000000 csv "$DATA/crm-export-1m.csv"
export_file 100000 csv "$DATA/crm-export-100k.csv"
export_file 100000 ndjson "$DATA/crm-export-100k.ndjson"

# shellcheck source=benches/measure.sh
source benches/measure.sh
BASE_ARGS=(report --now "$NOW" --json --quiet --sql-capacity 2000)

printf '%-24s %9s %8s %8s %12s %8s %12s %9s\n' \
  input rows best_s median_s rows/s cpu_s rows/cpu_s rss_MB
measure "csv 100k" 100000 "$DATA/crm-export-100k.csv"
measure "csv 1m" 1000000 "$DATA/crm-export-1m.csv"
measure "csv 100k, 1 thread" 100000 "$DATA/crm-export-100k.csv" --threads 1
measure "ndjson 100k" 100000 "$DATA/crm-export-100k.ndjson"
measure "csv 100k, --html" 100000 "$DATA/crm-export-100k.csv" --html /dev/null
echo "(best_s/median_s: wall time of $RUNS runs; rows/s from best_s; cpu_s: least user+sys;"
echo " rows/cpu_s: throughput per busy core; rss_MB: peak resident memory)"
