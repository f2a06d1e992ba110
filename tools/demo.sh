#!/usr/bin/env bash
# README command (a): install what is missing, build, and run the main job on the bundled
# example: read the example dossier of a level-3 provincial portal, show its level with the
# cited rationale, and score it into a workbook and a result XML under out/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$(nproc)"
capdo=./build/tools/capdo
example=templates/examples/portal-dossier.xml
echo
echo "== capdo classify $example"
"$capdo" classify "$example" "$@"
echo
echo "== capdo score $example -o out/demo"
"$capdo" score "$example" -o out/demo "$@"
