# Shared by the benchmark sections (sourced from the repository root, not run).
# Sets BIN, DATA, NOW, RUNS (env BENCH_RUNS, default 3) and THREADS (env
# BENCH_THREADS, default all cores), builds the release binary when missing, and
# defines:
#   cached FILE COUNT [generate args]  writes FILE once with `leadgate generate`
#                                      (seed 42: the same bytes every time);
#   measure LABEL COUNT FILE [args]    runs "$BIN" "${BASE_ARGS[@]}" [args] FILE
#                                      RUNS times under /usr/bin/time -v and prints
#                                      one row: best and median wall time, COUNT/s,
#                                      least CPU seconds, COUNT per CPU-second, peak RSS.

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
  echo "benches: /usr/bin/time is needed (apt-get install time)" >&2
  exit 2
fi

cached() {
  local file=$1 count=$2
  shift 2
  if [ ! -s "$file" ]; then
    echo "generating $file ($count records)…"
    "$BIN" generate --count "$count" --seed 42 --now "$NOW" "$@" > "$file.tmp"
    mv "$file.tmp" "$file"
  fi
}

measure() {
  local label=$1 count=$2 file=$3
  shift 3
  local args=("${BASE_ARGS[@]}")
  if [ -n "$THREADS" ]; then
    args+=(--threads "$THREADS")
  fi
  local walls=() cpus=() rss=0 log
  log=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v -o "$log" "$BIN" "${args[@]}" "$@" "$file" > /dev/null
    local wall user sys peak
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
    user=$(awk -F': ' '/User time/ { print $2 }' "$log")
    sys=$(awk -F': ' '/System time/ { print $2 }' "$log")
    peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    if [ "$peak" -gt "$rss" ]; then rss=$peak; fi
  done
  rm -f "$log"
  local sorted best median cpu
  sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
  best=$(head -n1 <<<"$sorted")
  median=$(sed -n "$(( (RUNS + 1) / 2 ))p" <<<"$sorted")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | head -n1)
  awk -v l="$label" -v n="$count" -v b="$best" -v m="$median" -v c="$cpu" -v r="$rss" 'BEGIN {
    printf "%-24s %9d %8.2f %8.2f %12.0f %8.2f %12.0f %9.1f\n", l, n, b, m, n / b, c, n / c, r / 1024 }'
}
