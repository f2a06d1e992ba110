#!/usr/bin/env bash
# README command (a): install what is missing, build, and run the main job on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$(nproc)"
echo
echo "== capdo classify templates/examples/portal-answers.xml"
./build/tools/capdo classify templates/examples/portal-answers.xml "$@"
