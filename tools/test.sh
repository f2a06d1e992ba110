#!/usr/bin/env bash
# README command (b): every test. Builds with warnings as errors and runs the suite, then
# builds with ASan + UBSan and runs it again (set CAPDO_SKIP_SANITIZE=1 to skip that part).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh --tests
# The LibreOffice test must run here, not be skipped because soffice is missing.
export CAPDO_REQUIRE_LIBREOFFICE=1
jobs=$(nproc)
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$jobs"
ctest --preset ci -j"$jobs"
if [ "${CAPDO_SKIP_SANITIZE:-0}" != 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan -j"$jobs"
fi
