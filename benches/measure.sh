# Shared by the benchmark sections (sourced, not run): `measure LABEL COUNT FILE [args]`
# runs "$BIN" "${BASE_ARGS[@]}" [args] FILE RUNS times under /usr/bin/time -v and
# prints one table row: best and median wall time, COUNT/s, least CPU seconds,
# COUNT per CPU-second and peak RSS. Callers set BIN, RUNS, THREADS and BASE_ARGS.
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
