#!/usr/bin/env bash
# End-to-end checks of capdo batch: exit codes, errors on stderr, schemas, path safety,
# determinism across --jobs. Usage: batch.sh CAPDO_EXE SOURCE_DIR
source "$(dirname "$0")/lib.sh"
example="$src/templates/examples/portal-dossier.xml"

# A small province: three good dossiers, one duplicate, one truncated file, one hostile name.
mkdir -p "$work/in/a" "$work/in/b"
cp "$example" "$work/in/a/portal.xml"
cp "$example" "$work/in/b/portal-copy.xml"
sed 's/code="DVC"/code="MAIL"/; s/<system name="[^"]*"/<system name="Thư điện tử"/' "$example" > "$work/in/a/mail.xml"
sed 's/code="H99.01"/code="..\/..\/..\/etc"/; s/code="DVC"/code="..\/passwd"/' "$example" > "$work/in/b/hostile.xml"
head -c 3000 "$example" > "$work/in/b/truncated.xml"

"$capdo" batch "$work/in" -o "$work/out" --jobs 2 --per-system >"$work/stdout" 2>"$work/stderr"; rc=$?
check "exit code with bad files" 1 "$rc"
check "summary" "5 files: 3 systems scored, 0 compliant, 0 overdue, 2 files not used" "$(head -1 "$work/stdout")"
check "truncated listed with place" 1 "$(grep -c "^$work/in/b/truncated.xml:[0-9]*:[0-9]*: error: malformed XML" "$work/stderr")"
check "duplicate listed" 1 "$(grep -c "^$work/in/b/portal-copy.xml: warning: duplicate: describes the same system as '$work/in/a/portal.xml'" "$work/stderr")"
xmllint --noout --schema "$src/templates/evaluation.xsd" "$work/out/evaluation-2026.xml" 2>/dev/null; check "evaluation.xsd" 0 $?
/usr/bin/python3 "$src/tests/cli/check_evaluation_workbook.py" "$work/out/evaluation-2026.xlsx" 3 \
  "$work/in/b/truncated.xml" --duplicates 1 || fail=$((fail + 1))
n=$(ls "$work/out/systems" | wc -l)
check "per-system results" 6 "$n"
for f in "$work"/out/systems/*.result.xml; do
  xmllint --noout --schema "$src/templates/result.xsd" "$f" 2>/dev/null || { echo "FAIL result.xsd $f"; fail=$((fail + 1)); }
done
# Nothing may be written outside OUTDIR, and no pending files remain.
outside=$(find "$work" -newer "$work/stdout" -o -type f -name '*.result.xml' | grep -v "^$work/out/" | wc -l)
check "nothing outside OUTDIR" 0 "$outside"
check "no pending files" 0 "$(find "$work/out" -name '.pending-*' | wc -l)"
check "hostile name sanitised" 2 "$(ls "$work/out/systems" | grep -c '^etc_passwd\.\(result\.xml\|xlsx\)$')"

# The same bytes with one thread.
"$capdo" batch "$work/in" -o "$work/out1" --jobs 1 >/dev/null 2>&1
cmp -s "$work/out/evaluation-2026.xml" "$work/out1/evaluation-2026.xml"; check "jobs 1 = jobs 2 (xml)" 0 $?
cmp -s "$work/out/evaluation-2026.xlsx" "$work/out1/evaluation-2026.xlsx"; check "jobs 1 = jobs 2 (xlsx)" 0 $?

# Year over year: last year's evaluation as --previous.
"$capdo" batch "$work/in/a" -o "$work/y2025" --year 2025 >/dev/null 2>&1
check "a past year is judged at the end of its reporting period" 1 "$(grep -c '<evaluation format="1.0" year="2025" date="2025-12-14">' "$work/y2025/evaluation-2025.xml")"
"$capdo" batch "$work/in" -o "$work/y2026" --previous "$work/y2025/evaluation-2025.xml" >/dev/null 2>&1
/usr/bin/python3 "$src/tests/cli/check_evaluation_workbook.py" "$work/y2026/evaluation-2026.xlsx" 3 \
  "$work/in/b/truncated.xml" --duplicates 1 --yoy || fail=$((fail + 1))
xmllint --noout --schema "$src/templates/evaluation.xsd" "$work/y2026/evaluation-2026.xml" 2>/dev/null; check "evaluation.xsd with yoy" 0 $?
check "one new system" 1 "$(grep -c 'kind="added"' "$work/y2026/evaluation-2026.xml")"

# Only good files: exit 0.
"$capdo" batch "$work/in/a" -o "$work/out2" >/dev/null 2>&1; check "exit code all good" 0 $?
# A missing input is listed, not fatal.
"$capdo" batch "$work/in/a" "$work/nope" -o "$work/out3" >"$work/stdout3" 2>"$work/stderr3"; rc=$?
check "missing input exit" 1 "$rc"
check "missing input message" "$work/nope: error: cannot open file or folder: No such file or directory" "$(cat "$work/stderr3")"
check "missing input counted apart" "2 files: 2 systems scored, 0 compliant, 0 overdue, 0 files not used, 1 path not read" "$(head -1 "$work/stdout3")"

# Filled questionnaire workbooks are inputs too (imported as capdo import does), and a
# workbook and a dossier of the same system are duplicates.
mkdir -p "$work/inx"
cp "$src/tests/data/xlsx/libreoffice-filled.xlsx" "$work/in/a/mail.xml" "$work/inx/"
cp "$src/tests/data/xlsx/not-a-zip.xlsx" "$work/inx/"
"$capdo" batch "$work/inx" -o "$work/outx" >"$work/stdoutx" 2>"$work/stderrx"
check "workbook input scored" "3 files: 2 systems scored" "$(head -1 "$work/stdoutx" | cut -d, -f1)"
check "bad workbook listed" "$work/inx/not-a-zip.xlsx: error: not an xlsx file (not a zip archive)" "$(cat "$work/stderrx")"
cp "$example" "$work/inx/"
"$capdo" batch "$work/inx" -o "$work/outx2" >/dev/null 2>"$work/stderrx2"
check "workbook and dossier of one system are duplicates" 1 "$(grep -c 'warning: duplicate:' "$work/stderrx2")"
check "the dossier is kept over its workbook" 1 "$(grep -c "^$work/inx/libreoffice-filled.xlsx: warning: duplicate: describes the same system as '$work/inx/portal-dossier.xml'" "$work/stderrx2")"

# A bad --previous fails before anything is written.
echo "<evaluation" > "$work/bad-previous.xml"
"$capdo" batch "$work/in/a" -o "$work/outp" --per-system --previous "$work/bad-previous.xml" >/dev/null 2>&1
check "bad previous exit" 3 $?
check "bad previous leaves nothing" 0 "$(find "$work/outp" -type f 2>/dev/null | wc -l)"

finish
