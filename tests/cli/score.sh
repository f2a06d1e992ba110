#!/usr/bin/env bash
# End-to-end checks of capdo score. Usage: score.sh CAPDO_EXE SOURCE_DIR
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
example="$src/templates/examples/portal-dossier.xml"

# The bundled example in both languages; the score is what the hand-checked formula gives:
# (164 met + 0.5 x 29 partial) / (218 applicable - 5 justified N/A) x 100 = 83.8.
for lang in en vi both; do
  "$capdo" score "$example" -o "$work/$lang" --lang $lang >"$work/$lang.out" 2>&1; check "score $lang exit" 0 $?
  $py "$src/tests/cli/check_score_workbook.py" "$work/$lang/portal-dossier.xlsx" $lang 83.8 || fail=$((fail + 1))
  xmllint --noout --schema "$src/templates/result.xsd" "$work/$lang/portal-dossier.result.xml" 2>/dev/null
  check "result.xsd $lang" 0 $?
done
check "three-line summary" "Level 3: score 83.8%, not compliant; achieved level none" "$(grep '^Level' "$work/en.out")"

# Golden workbook, part by part (review changes: tests/golden/score-portal-en/).
$py "$src/tests/cli/xlsx_parts.py" compare "$work/en/portal-dossier.xlsx" "$src/tests/golden/score-portal-en"
check "golden workbook" 0 $?

# Determinism: the same bytes twice.
"$capdo" score "$example" -o "$work/again" --lang en >/dev/null 2>&1
cmp -s "$work/en/portal-dossier.xlsx" "$work/again/portal-dossier.xlsx"; check "deterministic xlsx" 0 $?
cmp -s "$work/en/portal-dossier.result.xml" "$work/again/portal-dossier.result.xml"; check "deterministic xml" 0 $?

# Formula injection and every Vietnamese diacritic in user text.
inj='=HYPERLINK("http://x","y")'
viet='ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ áàảãạ éèẻẽẹ íìỉĩị óòỏõọ úùủũụ đĐ ƯƠÂÊÔĂ'
$py - "$example" "$work/inject.xml" "$inj" "$viet" <<'PY'
import re, sys
from xml.sax.saxutils import quoteattr
src, dst, inj, viet = sys.argv[1:5]
t = open(src, encoding="utf-8").read()
t = re.sub(r'<evidence title="[^"]*"', "<evidence title=" + quoteattr(inj), t, count=1)
t = re.sub(r"<implementation>[^<]*<", "<implementation>" + viet + "<", t, count=1)
open(dst, "w", encoding="utf-8").write(t)
PY
grep -q "HYPERLINK" "$work/inject.xml"; check "fixture has the injection" 0 $?
"$capdo" score "$work/inject.xml" -o "$work/inj" --lang en >/dev/null 2>&1; check "score injected exit" 0 $?
$py "$src/tests/cli/check_score_workbook.py" "$work/inj/inject.xlsx" en 83.8 "$inj" || fail=$((fail + 1))
got=$($py -c "
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])['Checklist']
print([r[12] for r in ws.iter_rows(min_row=2,values_only=True) if r[12] and 'ắằ' in r[12]][0])" "$work/inj/inject.xlsx")
check "diacritics survive" "$viet" "$got"

# A dossier approved under the legacy regime is still scored after its transitional period,
# with a warning that recommends a re-determination.
msg=$(CAPDO_TODAY=2027-03-01 "$capdo" score "$src/tests/data/scoring/legacy-dossier.xml" -o "$work/legacy" 2>&1); rc=$?
check "legacy dossier scored after 2027-01-01" 0 "$rc"
check "legacy warning" 1 "$(grep -c "^capdo: warning: regime 'nd85-2016' ended on 2027-01-01; the dossier is scored under it as approved" <<<"$msg")"

# A dossier without a level cannot be scored.
sed 's/<level proposed="3"\/>/<level\/>/; /<approval /d' "$example" > "$work/nolevel.xml"
msg=$("$capdo" score "$work/nolevel.xml" -o "$work/nl" 2>&1); rc=$?
check "no level exit" 3 "$rc"
check "no level message" "capdo: error: '$work/nolevel.xml' has no proposed or approved level to score against" "$(grep error <<<"$msg")"

finish
