#!/usr/bin/env bash
# End-to-end checks of 'capdo template' and 'capdo import': workbooks filled by real clients
# (openpyxl here, LibreOffice in a committed fixture), bad inputs with their exact messages
# and exit codes, formula injection, Vietnamese text, determinism and the auditor's round trip.
# Usage: workbook.sh CAPDO_EXE SOURCE_DIR
set -u
capdo=$1
src=$2
export CAPDO_CRITERIA_DIR="$src/criteria"
export CAPDO_TODAY=2026-11-24
export CAPDO_NOW=2026-11-24T10:00:00Z
py=/usr/bin/python3
helper="$src/tests/data/xlsx/workbook_fill.py"
data="$src/tests/data/xlsx"
dossier="$src/templates/examples/portal-dossier.xml"
answers="$src/templates/examples/portal-answers.xml"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/capdo-workbook.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else echo "FAIL $1: expected [$2], got [$3]"; fail=$((fail + 1)); fi
}
notice="capdo: using regime 'nd331-2026' (in force on 2026-11-24)"
named="capdo: using regime 'nd331-2026'"  # named by the workbook or the dossier

# --- Template: usage, determinism --------------------------------------------------------
msg=$("$capdo" template -o "$tmp/x.xlsx" 2>&1); rc=$?
check "template without level exit" 2 "$rc"
check "template without level message" "capdo: error: give --level or --dossier
Run with --help for more information." "$msg"
msg=$("$capdo" template --audit --level 3 -o "$tmp/x.xlsx" 2>&1); rc=$?
check "audit template without dossier exit" 2 "$rc"
check "audit template without dossier message" "capdo: error: --audit needs --dossier
Run with --help for more information." "$msg"
msg=$("$capdo" template --level 3 -o "$tmp/no/such/x.xlsx" 2>&1); rc=$?
check "template into a missing folder exit" 4 "$rc"
check "template into a missing folder message" "$notice
capdo: error: cannot write file '$tmp/no/such/x.xlsx': No such file or directory" "$msg"
check "nothing left in tmp" "" "$(ls "$tmp")"

msg=$("$capdo" template --level 3 --lang vi -o "$tmp/blank.xlsx" 2>&1); rc=$?
check "template exit" 0 "$rc"
check "template message" "$notice
capdo: wrote '$tmp/blank.xlsx': 23 questions, 218 requirements of level 3" "$msg"
"$capdo" template --level 3 --lang vi -o "$tmp/blank2.xlsx" 2>/dev/null
cmp -s "$tmp/blank.xlsx" "$tmp/blank2.xlsx"; check "two template runs are byte-identical" 0 $?
"$capdo" template --dossier "$dossier" --lang en -o "$tmp/d1.xlsx" 2>/dev/null
sleep 1
"$capdo" template --dossier "$dossier" --lang en -o "$tmp/d2.xlsx" 2>/dev/null
cmp -s "$tmp/d1.xlsx" "$tmp/d2.xlsx"; check "two pre-filled template runs are byte-identical" 0 $?
check "no temporary file is left" "blank.xlsx blank2.xlsx d1.xlsx d2.xlsx" "$(cd "$tmp" && echo *)"
# Rows are tall enough for their wrapped text (neither Excel nor LibreOffice grows them).
out=$(cd "$src/tests/cli" && $py -c 'import sys, openpyxl; from xlsx_rows import short_rows
for f in sys.argv[1:]:
    for p in short_rows(openpyxl.load_workbook(f), 400): print(p)' "$tmp/blank.xlsx" "$tmp/d1.xlsx"); rc=$?
check "template rows checked" 0 "$rc"
check "template rows fit their text" "" "$out"

# --- Filled by openpyxl: import gives exactly what was filled in ---------------------------
$py "$helper" fill "$tmp/blank.xlsx" "$data/portal-fill.json" "$tmp/filled.xlsx"
msg=$("$capdo" import "$tmp/filled.xlsx" -o "$tmp/filled.xml" 2>&1); rc=$?
check "import openpyxl-filled exit" 0 "$rc"
check "import openpyxl-filled message" "$named
capdo: wrote '$tmp/filled.xml': 20 answers, 5 assessed requirements" "$msg"
out=$($py "$helper" check-answers "$tmp/filled.xml" "$answers"); check "openpyxl: the answers filled in" "" "$out"
out=$($py "$helper" check-assessments "$tmp/filled.xml" "$data/portal-fill.json"); check "openpyxl: the assessments filled in" "" "$out"
xmllint --noout --schema "$src/templates/dossier.xsd" "$tmp/filled.xml" 2>/dev/null; check "imported dossier validates" 0 $?

# --- Filled and saved by LibreOffice (committed fixture; see tests/data/xlsx/README.md) ---
msg=$("$capdo" import "$data/libreoffice-filled.xlsx" -o "$tmp/lo.xml" 2>&1); rc=$?
check "import LibreOffice-filled exit" 0 "$rc"
check "import LibreOffice-filled message" "$named
capdo: wrote '$tmp/lo.xml': 20 answers, 5 assessed requirements" "$msg"
out=$($py "$helper" check-answers "$tmp/lo.xml" "$answers"); check "LibreOffice: the answers filled in" "" "$out"
out=$($py "$helper" check-assessments "$tmp/lo.xml" "$data/portal-fill.json"); check "LibreOffice: the assessments filled in" "" "$out"

# --- A pre-filled template imports back unchanged; formula injection; every diacritic -----
viet="Đủ dấu: àáảãạ ăằắẳẵặ âầấẩẫậ đ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ Đ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ"
sed -e '0,/title="Sổ đăng ký rủi ro 2026"/s//title="=HYPERLINK(\&quot;http:\/\/x\&quot;,\&quot;y\&quot;)"/' \
    -e "0,/<purpose>[^<]*</s//<purpose>$viet</" "$dossier" >"$tmp/d.xml"
check "fixture dossier has the formula" 1 "$(grep -c 'title="=HYPERLINK' "$tmp/d.xml")"
"$capdo" template --dossier "$tmp/d.xml" --lang vi -o "$tmp/pre.xlsx" 2>/dev/null; check "pre-filled template exit" 0 $?
check "formula-like evidence is a string cell" 's =HYPERLINK("http://x","y")' "$($py "$helper" cell "$tmp/pre.xlsx" requirements M3)"
check "Vietnamese purpose cell" "s $viet" "$($py "$helper" cell "$tmp/pre.xlsx" system C42)"
"$capdo" import "$tmp/pre.xlsx" --dossier "$tmp/d.xml" -o "$tmp/back.xml" 2>/dev/null; check "import pre-filled exit" 0 $?
out=$($py "$helper" same-dossier "$tmp/d.xml" "$tmp/back.xml"); check "template then import gives the same dossier" "" "$out"
check "history records the import" 1 "$(grep -c "who=\"Nguyễn Thị Hạnh\">imported from workbook '$tmp/pre.xlsx'<" "$tmp/back.xml")"
check "Vietnamese survives" 1 "$(grep -c "<purpose>$viet</purpose>" "$tmp/back.xml")"
"$capdo" template --dossier "$tmp/back.xml" --lang vi -o "$tmp/pre2.xlsx" 2>/dev/null
check "formula still a string after a round trip" 's =HYPERLINK("http://x","y")' "$($py "$helper" cell "$tmp/pre2.xlsx" requirements M3)"

# --- Bad workbooks: one clear error, exit 3 ------------------------------------------------
bad() {  # bad NAME FILE EXPECTED-MESSAGE [EXTRA ARGS…]
  local name=$1 file=$2 want=$3
  shift 3
  msg=$("$capdo" import "$file" -o "$tmp/bad.xml" "$@" 2>&1); rc=$?
  check "$name exit" 3 "$rc"
  check "$name message" "$want" "$msg"
  check "$name writes nothing" no "$([ -e "$tmp/bad.xml" ] && echo yes || echo no)"
}
bad "not a zip" "$data/not-a-zip.xlsx" "$data/not-a-zip.xlsx: error: not an xlsx file (not a zip archive)"
bad "zip bomb" "$data/bomb.xlsx" "$data/bomb.xlsx: error: archive expands beyond the 64 MiB limit"
bad "lying size" "$data/lying-size.xlsx" "$data/lying-size.xlsx: error: archive entry 'xl/workbook.xml' is corrupt (checksum mismatch)"
bad "path escape" "$data/escape.xlsx" "$data/escape.xlsx: error: archive entry '../evil' escapes the archive"
bad "absolute path" "$data/escape-absolute.xlsx" "$data/escape-absolute.xlsx: error: archive entry '/tmp/evil' escapes the archive"
bad "backslash path" "$data/escape-backslash.xlsx" "$data/escape-backslash.xlsx: error: archive entry 'xl\\..\\..\\evil' escapes the archive"
bad "not UTF-8" "$data/not-utf8.xlsx" "$data/not-utf8.xlsx: error: archive entry 'xl/sharedStrings.xml' is not valid UTF-8 (byte 0xE9)"
bad "malformed XML" "$data/malformed.xlsx" "$data/malformed.xlsx: error: archive entry 'xl/workbook.xml' is malformed XML at 3:11: closing tag does not match the opening tag"
bad "not a capdo workbook" "$data/not-capdo.xlsx" "$data/not-capdo.xlsx: error: not a capdo workbook (no '_meta' sheet)"
bad "unknown template format" "$data/wrong-version.xlsx" "$data/wrong-version.xlsx:_meta!B3: error: unknown workbook format '9' (this capdo reads format 1)"
bad "unknown regime" "$data/unknown-regime.xlsx" "$data/unknown-regime.xlsx:_meta!B4: error: workbook is for unknown regime 'nd99-2030'"
bad "another catalog version" "$data/wrong-catalog.xlsx" "$named
$data/wrong-catalog.xlsx:_meta!B5: error: workbook is for catalog version '2020.01.01' of regime 'nd331-2026', not '2026.11.24'
capdo: 1 error; nothing was written"
bad "another regime" "$data/wrong-regime.xlsx" "$named
$data/wrong-regime.xlsx:_meta!B4: error: workbook is for regime 'nd85-2016', not 'nd331-2026'
capdo: 1 error; nothing was written" --dossier "$dossier"
truncate -s 65M "$tmp/huge.xlsx"
bad "file over the size limit" "$tmp/huge.xlsx" "$tmp/huge.xlsx: error: file is larger than the 64 MiB limit"
rm -f "$tmp/huge.xlsx"
msg=$("$capdo" import "$tmp/nope.xlsx" -o "$tmp/bad.xml" 2>&1); rc=$?
check "missing workbook exit" 4 "$rc"
check "missing workbook message" "capdo: error: cannot open file '$tmp/nope.xlsx': No such file or directory" "$msg"

# --- A filled workbook with mistakes: every problem at once; --partial keeps the rest -----
cat >"$tmp/bad.json" <<'EOF'
{
  "system": {"system.name": "Cổng dịch vụ công", "system.users": "nhiều"},
  "questions": {"boundary_ok": ["maybe"], "system_type": ["portal"], "risk_level": [9], "basic_subjects": [85000]},
  "requirements": {
    "G01.01": {"status": "xong"},
    "G01.02": {"status": "Không áp dụng"},
    "G01.03": {"status": "Đáp ứng đầy đủ", "evidence_title": "Biên bản", "evidence_date": "31/02/2026"},
    "G01.04": {"status": "Đáp ứng đầy đủ", "implementation": "Có"}
  },
  "cells": [["requirements", "A7", "G01.99"]]
}
EOF
$py "$helper" fill "$tmp/blank.xlsx" "$tmp/bad.json" "$tmp/bad.xlsx"
msg=$("$capdo" import "$tmp/bad.xlsx" -o "$tmp/bad.xml" 2>&1); rc=$?
check "invalid workbook exit" 3 "$rc"
check "invalid workbook messages" "$named
$tmp/bad.xlsx:Hệ thống!C3: error: the unit's name is required
$tmp/bad.xlsx:Hệ thống!C43: error: 'nhiều' is not a whole number
$tmp/bad.xlsx:Câu hỏi cấp độ!F2: error: answer to 'boundary_ok': 'maybe' is not yes or no
$tmp/bad.xlsx:Câu hỏi cấp độ!F5: error: answer to 'system_type': 'portal' is not one of: internal, citizen, infrastructure, industrial, other
$tmp/bad.xlsx:Câu hỏi cấp độ!F21: error: answer to 'risk_level': 9 is outside 1–5
$tmp/bad.xlsx:Yêu cầu!K2: error: 'xong' is not one of: Đáp ứng đầy đủ, Đáp ứng một phần, Chưa đáp ứng, Không áp dụng
$tmp/bad.xlsx:Yêu cầu!S3: error: requirement 'G01.02' is not applicable without a justification
$tmp/bad.xlsx:Yêu cầu!O4: error: '31/02/2026' is not a date (YYYY-MM-DD)
$tmp/bad.xlsx:Yêu cầu!A7: error: unknown requirement 'G01.99' in regime 'nd331-2026', did you mean 'G01.09'?
$tmp/bad.xlsx:Hệ thống!C50: warning: the answers do not determine a level yet; proposing the workbook's level 3
capdo: 9 errors; nothing was written" "$msg"
check "invalid workbook writes nothing" no "$([ -e "$tmp/bad.xml" ] && echo yes || echo no)"
msg=$("$capdo" import "$tmp/bad.xlsx" -o "$tmp/bad.xml" --partial 2>&1); rc=$?
check "--partial exit" 0 "$rc"
check "--partial reports warnings" 10 "$(grep -c ': warning: ' <<<"$msg")"
check "--partial keeps valid answers" 1 "$(grep -c '<answer q="basic_subjects">85000</answer>' "$tmp/bad.xml")"
check "--partial drops invalid answers" 0 "$(grep -c 'q="risk_level"' "$tmp/bad.xml")"
check "--partial keeps valid assessments" 1 "$(grep -c '<item requirement="G01.04" status="met">' "$tmp/bad.xml")"
check "--partial N/A without reason is unanswered" 0 "$(grep -c 'requirement="G01.02"' "$tmp/bad.xml")"

# --- The auditor's round trip --------------------------------------------------------------
cp "$tmp/d.xml" "$tmp/audited.xml"
"$capdo" template --audit --dossier "$tmp/audited.xml" --lang vi -o "$tmp/audit.xlsx" 2>/dev/null
check "audit template exit" 0 $?
check "unit's evidence shown as a string" 's =HYPERLINK("http://x","y")' "$($py "$helper" cell "$tmp/audit.xlsx" requirements M3)"
cat >"$tmp/audit.json" <<'EOF'
{
  "auditor": {"audit.auditor": "Trần Văn Kiểm", "audit.organisation": "Cục An toàn thông tin", "audit.date": "2026-12-01"},
  "requirements": {
    "G01.01": {"verdict": "Chưa đáp ứng", "note": "Chưa có bằng chứng (=0 tệp)"},
    "G01.02": {"verdict": "Đáp ứng đầy đủ"},
    "G01.03": {"verdict": "Không áp dụng", "note": "Ngoài phạm vi"}
  }
}
EOF
$py "$helper" fill "$tmp/audit.xlsx" "$tmp/audit.json" "$tmp/audit-filled.xlsx"
msg=$("$capdo" import --audit "$tmp/audit-filled.xlsx" --dossier "$tmp/audited.xml" 2>&1); rc=$?
check "import --audit exit" 0 "$rc"
check "import --audit message" "$named
capdo: wrote '$tmp/audited.xml': 3 verdicts by 'Trần Văn Kiểm'" "$msg"
check "audit section" "Trần Văn Kiểm|Cục An toàn thông tin|2026-12-01
G01.01|not-met|Chưa có bằng chứng (=0 tệp)
G01.02|met|
G01.03|not-applicable|Ngoài phạm vi" "$($py "$helper" audit "$tmp/audited.xml")"
out=$($py "$helper" same-dossier "$tmp/d.xml" "$tmp/audited.xml" --ignore-audit)
check "the unit's answers are untouched" "" "$out"
check "history records the audit" 1 "$(grep -c "who=\"Trần Văn Kiểm\">audit verdicts imported from workbook '$tmp/audit-filled.xlsx' (3 verdicts)<" "$tmp/audited.xml")"
xmllint --noout --schema "$src/templates/dossier.xsd" "$tmp/audited.xml" 2>/dev/null; check "audited dossier validates" 0 $?
cp "$tmp/audited.xml" "$tmp/before.xml"
cat >"$tmp/audit-bad.json" <<'EOF'
{"auditor": {"audit.auditor": "", "audit.date": "mai"},
 "requirements": {"G01.04": {"note": "ghi chú"}, "G01.05": {"verdict": "Không áp dụng"}}}
EOF
$py "$helper" fill "$tmp/audit-filled.xlsx" "$tmp/audit-bad.json" "$tmp/audit-bad.xlsx"
msg=$("$capdo" import --audit "$tmp/audit-bad.xlsx" --dossier "$tmp/audited.xml" 2>&1); rc=$?
check "bad audit exit" 3 "$rc"
check "bad audit messages" "$named
$tmp/audit-bad.xlsx:Đánh giá viên!C2: error: the auditor's name is required
$tmp/audit-bad.xlsx:Đánh giá viên!C4: error: 'mai' is not a date (YYYY-MM-DD)
$tmp/audit-bad.xlsx:Yêu cầu!T5: error: requirement 'G01.04' has an auditor's note but no verdict
$tmp/audit-bad.xlsx:Yêu cầu!U6: error: requirement 'G01.05' is not applicable without a justification
capdo: 4 errors; nothing was written" "$msg"
cmp -s "$tmp/before.xml" "$tmp/audited.xml"; check "bad audit leaves the dossier as it was" 0 $?
msg=$("$capdo" import "$tmp/audit-filled.xlsx" -o "$tmp/x.xml" 2>&1); rc=$?
check "audit workbook without --audit exit" 3 "$rc"
check "audit workbook without --audit message" "$named
$tmp/audit-filled.xlsx:_meta!B6: error: this is an audit workbook; import it with --audit and --dossier
capdo: 1 error; nothing was written" "$msg"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
