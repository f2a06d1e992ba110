#!/usr/bin/env bash
# The synthetic province end to end: generate dossiers with 10% damaged, run the batch, and
# check that every good file is scored and every bad one is listed with its place.
# Usage: generate.sh CAPDO_EXE SOURCE_DIR
source "$(dirname "$0")/lib.sh"
"$capdo" generate -o "$work/gen" -n 300 --damaged 0.10 --duplicates 3 --seed 11 >/dev/null 2>&1; check "generate exit" 0 $?
"$capdo" generate -o "$work/gen2" -n 300 --damaged 0.10 --duplicates 3 --seed 11 >/dev/null 2>&1
diff -r "$work/gen" "$work/gen2" >/dev/null; check "generator deterministic" 0 $?
manifest="$work/gen/MANIFEST.tsv"
ok=$(awk -F'\t' 'NR>1 && $5=="ok"' "$manifest" | wc -l)
bad=$(awk -F'\t' 'NR>1 && $5!="ok" && $5 !~ /^duplicate-of/' "$manifest" | wc -l)
dups=$(awk -F'\t' 'NR>1 && $5 ~ /^duplicate-of/' "$manifest" | wc -l)
check "damaged share" 30 "$bad"
"$capdo" batch "$work/gen" -o "$work/out" --jobs 2 >"$work/stdout" 2>"$work/stderr"; check "batch exit" 1 $?
check "every good file scored" "303 files: $ok systems scored" "$(head -1 "$work/stdout" | cut -d, -f1)"
# Every damaged file is on the Errors list with a line:column place, and nothing else is.
awk -F'\t' 'NR>1 && $5!="ok" && $5 !~ /^duplicate-of/ {print $1}' "$manifest" | sort > "$work/want"
/usr/bin/python3 - "$work/out/evaluation-2026.xml" "$work/gen" > "$work/got" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
prefix = sys.argv[2].rstrip("/") + "/"
for e in root.find("errors"):
    if e.text.startswith("duplicate:"):
        continue
    place = e.get("place") or ""
    ok = place.count(":") == 1 and all(p.isdigit() for p in place.split(":"))
    print(e.get("file")[len(prefix):] + ("" if ok else " (no place)"))
PY
sort -o "$work/got" "$work/got"
diff "$work/want" "$work/got" >/dev/null; check "damaged files listed with their place" 0 $?
check "duplicates reported" "$dups" "$(grep -c 'warning: duplicate:' "$work/stderr")"
# Unit types are stated by the generator, not guessed from names ("Ban Chỉ huy Quân sự …" is
# not a department).
check "unit types stated" 0 "$(grep -c 'unit="Ban [^"]*" unit-code="[^"]*" unit-type="department"' "$work/out/evaluation-2026.xml")"
check "every unit type present" 5 "$(grep -o 'unit-type type="[a-z]*"' "$work/out/evaluation-2026.xml" | sort -u | wc -l)"
/usr/bin/python3 "$src/tests/cli/check_evaluation_workbook.py" "$work/out/evaluation-2026.xlsx" "$ok" \
  $(awk -F'\t' 'NR>1 && $5!="ok" && $5 !~ /^duplicate-of/ {print "'"$work/gen/"'" $1}' "$manifest") \
  --duplicates "$dups" || fail=$((fail + 1))
finish
