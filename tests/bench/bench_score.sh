#!/usr/bin/env bash
# Benchmark: capdo score on the bundled example (issue: at most 50 ms to score one dossier
# and write both files). Times the whole command, process start and catalog loading
# included, RUNS times, and prints min / median / max.
# Usage: tests/bench/bench_score.sh [CAPDO_EXE] [RUNS]
set -euo pipefail
capdo=${1:-build-release/tools/capdo}
runs=${2:-30}
src=$(cd "$(dirname "$0")/../.." && pwd)
export CAPDO_CRITERIA_DIR="$src/criteria" CAPDO_TODAY=2026-11-24
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for i in $(seq "$runs"); do
  t0=$(date +%s%N)
  "$capdo" score "$src/templates/examples/portal-dossier.xml" -o "$out" --lang both >/dev/null 2>&1
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
printf 'capdo score, %d runs (218 requirements, both languages): min %.1f ms, median %.1f ms, max %.1f ms\n' \
  "$n" "$(echo "${sorted[0]} / 1000" | bc -l)" "$(echo "${sorted[$((n / 2))]} / 1000" | bc -l)" \
  "$(echo "${sorted[$((n - 1))]} / 1000" | bc -l)"
