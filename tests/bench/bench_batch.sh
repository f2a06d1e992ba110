#!/usr/bin/env bash
# Benchmark of the annual evaluation at 1,000, 10,000 and 100,000 dossiers (issue targets:
# 10,000 in at most 1.3 x the parse-only time; peak RSS at 10,000 at most 200 MB; 100,000
# in at most 11 x the time of 10,000). Generates the dossiers (seed 1, 5% damaged) once
# per size under WORK, then runs capdo_bench_batch, which measures the parse-only baseline
# and the full batch in the same process with the same threads.
# Usage: tests/bench/bench_batch.sh [WORK_DIR] [SIZES...] [--generate-only]
#        (needs ~7 GB for 100,000)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/capdo-bench}
shift || true
generate_only=0
sizes=()
for a in "$@"; do
  if [ "$a" = --generate-only ]; then generate_only=1; else sizes+=("$a"); fi
done
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
bin="$src/build-release"
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target capdo_tool capdo_bench_batch >/dev/null
export CAPDO_TODAY=2026-11-24
# The generator's fingerprint: the bytes of a small sample. Dossiers made by an older
# generator (or older criteria) are made again, so the figures are always for today's.
sample=$(mktemp -d)
"$bin/tools/capdo" generate -o "$sample/g" -n 50 --damaged 0.05 --seed 1 --criteria-dir "$src/criteria" >/dev/null
stamp=$(cd "$sample/g" && find . -type f | sort | xargs cat | sha256sum | cut -d' ' -f1)
rm -rf "$sample"
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  if [ ! -f "$dir/MANIFEST.tsv" ] || [ "$(cat "$dir/.generator" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    "$bin/tools/capdo" generate -o "$dir" -n "$n" --damaged 0.05 --seed 1 --criteria-dir "$src/criteria" >/dev/null
    echo "$stamp" >"$dir/.generator"
  fi
  [ $generate_only -eq 1 ] && continue
  echo "== $n dossiers ($(du -sh "$dir" | cut -f1))"
  sync
  "$bin/tests/capdo_bench_batch" "$src/criteria" "$dir" "$work/out$n" "$(nproc)"        # warm cache
  if [ "$(id -u)" -eq 0 ]; then
    "$bin/tests/capdo_bench_batch" "$src/criteria" "$dir" "$work/out$n" "$(nproc)" cold # from disk
  fi
done
