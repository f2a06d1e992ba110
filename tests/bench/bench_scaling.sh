#!/usr/bin/env bash
# The issue's scaling target (100,000 dossiers in at most 11 x the time of 10,000), measured
# so that the machine's drift cancels out: `capdo batch` runs on 10,000 and on 100,000
# dossiers alternately, and each pair of neighbouring runs gives one ratio. On this shared
# machine the same run drifts by a quarter within an hour, more than the margin; a drift
# slower than a pair (about 20 s) moves both runs of the pair alike.
# Uses the dossiers bench_batch.sh generates.
# Usage: tests/bench/bench_scaling.sh [WORK_DIR] [PAIRS] [warm|cold]   (cold needs root)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/capdo-bench}
pairs=${2:-5}
cache=${3:-warm}
bin="$src/build-release/tools/capdo"
case "$cache" in
  warm) ;;
  cold) [ "$(id -u)" -eq 0 ] || { echo "bench_scaling.sh: cold runs drop the page cache: run as root" >&2; exit 2; } ;;
  *) echo "usage: $0 [WORK_DIR] [PAIRS] [warm|cold]" >&2; exit 2 ;;
esac
for n in 10000 100000; do  # generated (again, if the generator changed) by bench_batch.sh
  bash "$src/tests/bench/bench_batch.sh" "$work" "$n" --generate-only
done
export CAPDO_TODAY=2026-11-24
run() {  # run N: prints "seconds peak-RSS-MB" of one capdo batch over N dossiers
  rm -rf "$work/scaling$1"
  sync
  if [ "$cache" = cold ]; then echo 3 >/proc/sys/vm/drop_caches || return 1; fi
  local rc=0
  /usr/bin/time -f "%e %M" -o "$work/time$1" "$bin" batch "$work/n$1" -o "$work/scaling$1" \
    --criteria-dir "$src/criteria" --jobs "$(nproc)" >/dev/null 2>"$work/stderr$1" || rc=$?
  if [ $rc -gt 1 ]; then  # 1: completed, the damaged files listed
    echo "bench_scaling.sh: capdo batch on $1 dossiers failed ($rc): $(tail -1 "$work/stderr$1")" >&2
    return 1
  fi
  tail -1 "$work/time$1" | awk '{printf "%s %.0f\n", $1, $2 / 1024}'  # after "Command exited with non-zero status 1"
}
if [ "$cache" = warm ]; then  # read every file once, so that both sizes run from the page cache
  find "$work/n10000" "$work/n100000" -name "*.xml" -print0 | xargs -0 cat >/dev/null
fi
echo "pair  10,000 (s, MB)  100,000 (s, MB)  ratio   ($cache cache, $(nproc) threads)"
ratios=() small=() large=()
for i in $(seq 1 "$pairs"); do
  out=$(run 10000) || exit 1
  read -r a ma <<<"$out"
  out=$(run 100000) || exit 1
  read -r b mb <<<"$out"
  r=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", b / a}')
  ratios+=("$r") small+=("$a") large+=("$b")
  printf "%4d  %6.2f %6s    %7.2f %6s     %5s\n" "$i" "$a" "$ma" "$b" "$mb" "$r"
done
stats() {  # stats VALUES...: "min median max"
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
    printf "%s %s %s\n", v[1], NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[NR]}'
}
read -r rmin rmed rmax <<<"$(stats "${ratios[@]}")"
read -r amin amed _ <<<"$(stats "${small[@]}")"
read -r bmin bmed _ <<<"$(stats "${large[@]}")"
echo "ratio per pair: min $rmin, median $rmed, max $rmax (target: at most 11)"
awk -v a="$amed" -v b="$bmed" -v c="$amin" -v d="$bmin" \
  'BEGIN {printf "ratio of the medians %.2f (%.2f s / %.2f s); of the fastest runs %.2f (%.2f s / %.2f s)\n", b / a, b, a, d / c, d, c}'
rm -rf "$work"/scaling10000 "$work"/scaling100000 "$work"/time10000 "$work"/time100000 "$work"/stderr10000 "$work"/stderr100000
