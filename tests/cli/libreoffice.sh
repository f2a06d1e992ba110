#!/usr/bin/env bash
# LibreOffice Calc, the client the issue names, reads capdo's workbooks. A synthetic province
# of 500 dossiers, 5% damaged, goes through `capdo batch`; LibreOffice (headless) turns
# evaluation-2026.xlsx into one CSV per sheet, and the Errors sheet must list every damaged
# file with its place and reason. Then LibreOffice recalculates the example's score workbook,
# and every formula must give the value capdo cached for it. A copy with one wrong cached
# value proves that this comparison fails when it should.
# Usage: libreoffice.sh CAPDO_EXE SOURCE_DIR
# Exits 77 (skipped) when soffice is not on PATH, unless CAPDO_REQUIRE_LIBREOFFICE=1.
source "$(dirname "$0")/lib.sh"
if ! command -v soffice >/dev/null 2>&1; then
  if [ "${CAPDO_REQUIRE_LIBREOFFICE:-0}" = 1 ]; then
    echo "FAIL soffice is not on PATH and CAPDO_REQUIRE_LIBREOFFICE=1 (run tools/install-deps.sh --tests)"
    exit 1
  fi
  echo "skipped: soffice is not on PATH (install libreoffice-calc-nogui)"
  exit 77
fi
py=/usr/bin/python3

# to_csv PROFILE OUTDIR FILE...: every sheet of every FILE to OUTDIR/STEM-SHEET.csv (UTF-8,
# values as stored, not as shown). LibreOffice's messages go to OUTDIR.log.
to_csv() {
  local profile=$1 outdir=$2
  shift 2
  mkdir -p "$outdir"
  timeout -k 10 300 soffice -env:UserInstallation="$($py -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).as_uri())' "$profile")" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    "$@" --outdir "$outdir" >"$outdir.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] || cat "$outdir.log"
  return $rc
}

# --- The evaluation, as a new user opens it (default settings) ---------------------------
gen=$work/gen
"$capdo" generate -o "$gen" -n 500 --damaged 0.05 --seed 5 >/dev/null 2>&1; check "generate exit" 0 $?
"$capdo" batch "$gen" -o "$work/out" --jobs 2 >"$work/stdout" 2>"$work/stderr"; check "batch exit (completed with errors)" 1 $?
# The workbook names each file as given on the command line: the folder, then the manifest's path.
awk -F'\t' -v dir="$gen/" 'NR>1 && $5!="ok" {print dir $1}' "$gen/MANIFEST.tsv" | LC_ALL=C sort >"$work/damaged"
damaged=$(wc -l <"$work/damaged")
check "damaged share" 25 "$damaged"
systems=$(sed -n '1s/^500 files: \([0-9][0-9]*\) systems scored,.*/\1/p' "$work/stdout")
check "batch's first line" "500 files: $systems systems scored" "$(head -1 "$work/stdout" | cut -d, -f1)"
check "every good file scored" "$(awk -F'\t' 'NR>1 && $5=="ok"' "$gen/MANIFEST.tsv" | wc -l)" "$systems"

to_csv "$work/lo-profile" "$work/eval" "$work/out/evaluation-2026.xlsx"; check "LibreOffice converts the evaluation" 0 $?
sheets="Overview Systems Units Gaps Errors"
check "sheets, in LibreOffice's order" "$sheets" \
  "$(sed -n 's/^Writing sheet \(.*\) -> .*/\1/p' "$work/eval.log" | paste -sd' ')"
check "one CSV per sheet" "$(tr ' ' '\n' <<<"$sheets" | sort)" \
  "$(cd "$work/eval" && ls | sed -n 's/^evaluation-2026-\(.*\)\.csv$/\1/p' | sort)"

# Reads the CSVs with the csv module; writes what it found to files under $work/found.
mkdir -p "$work/found"
$py - "$work/eval" "$work/found" <<'PY'
import csv, os, re, sys

d, found = sys.argv[1], sys.argv[2]


def sheet(name):
    path = os.path.join(d, "evaluation-2026-%s.csv" % name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def english(label):  # "Vietnamese / English" -> "English", without a "(see ...)" note
    return re.sub(r"\s*\(.*\)$", "", label.rsplit(" / ", 1)[-1])


def column(rows, name):  # index of the header named NAME (its English part), or None
    heads = [english(h) for h in rows[0]] if rows else []
    return heads.index(name) if name in heads else None


def write(name, lines):
    with open(os.path.join(found, name), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


# Errors: the file column, sorted (a file listed twice shows twice), and the rows that lack
# a LINE:COL place or a reason.
rows = sheet("Errors")
cf, cp, cr = column(rows, "File"), column(rows, "Place"), column(rows, "Problem")
if None in (cf, cp, cr):
    write("errors", ["no File, Place and Problem columns in %r" % (rows[0] if rows else None)])
    write("incomplete", ["(no columns)"])
else:
    data = [r + [""] * (max(cf, cp, cr) + 1 - len(r)) for r in rows[1:] if any(c.strip() for c in r)]
    write("errors", sorted(r[cf] for r in data))
    write("incomplete", ["%s: place %r, reason %r" % (r[cf], r[cp], r[cr]) for r in data
                         if not re.fullmatch(r"[0-9]+:[0-9]+", r[cp]) or not r[cr].strip()])

# Systems: the data rows under the header.
rows = sheet("Systems")
write("systems", [str(sum(1 for r in rows[1:] if any(c.strip() for c in r)))])

# Overview: column B of the rows labelled (in English) "Files read", "Systems counted" and
# "Files with errors".
rows = sheet("Overview")
out = []
for want in ("Files read", "Systems counted", "Files with errors"):
    values = [r[1] if len(r) > 1 else "" for r in rows if r and english(r[0]) == want]
    out.append("%s: %s" % (want, values[0] if len(values) == 1 else "%d rows %r" % (len(values), values)))
write("overview", out)
PY
check "python exit (evaluation)" 0 $?
check "Errors sheet lists exactly the damaged files" "$(cat "$work/damaged")" "$(cat "$work/found/errors")"
check "every error has a LINE:COL place and a reason" "" "$(cat "$work/found/incomplete")"
check "Systems sheet rows" "$systems" "$(cat "$work/found/systems")"
check "Overview counts" "Files read: 500
Systems counted: $systems
Files with errors: $damaged" "$(cat "$work/found/overview")"

# --- Formulas: LibreOffice's recalculated values against capdo's cached ones ---------------
"$capdo" score "$src/templates/examples/portal-dossier.xml" -o "$work/score" >/dev/null 2>&1; check "score exit" 0 $?
book=$work/score/portal-dossier.xlsx
# By default LibreOffice shows an xlsx file's cached values without recalculating (the option
# "Recalculation on file load" is "Never"). This throw-away profile sets it to "Always".
mkdir -p "$work/lo-recalc/user"
cat >"$work/lo-recalc/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

# The self-test's copy: the first formula with a numeric cached value gets that value + 1000,
# patched in the sheet XML (openpyxl would drop every cached value on saving). Prints the cell.
tampered=$($py - "$book" "$work/tampered.xlsx" <<'PY'
import posixpath, re, sys, zipfile
import xml.etree.ElementTree as ET

import openpyxl

src, dst = sys.argv[1], sys.argv[2]
formulas = openpyxl.load_workbook(src)
cached = openpyxl.load_workbook(src, data_only=True)
target = None
for ws in formulas:
    for row in ws.iter_rows():
        for c in row:
            v = cached[ws.title][c.coordinate].value
            if target is None and c.data_type == "f" and isinstance(v, (int, float)) and not isinstance(v, bool):
                target = (ws.title, c.coordinate, v)
if target is None:
    sys.exit("no formula with a numeric cached value")
title, cell, value = target
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
with zipfile.ZipFile(src) as z:
    rid = [s.get("{%s}id" % ns["r"]) for s in ET.fromstring(z.read("xl/workbook.xml")).iter("{%s}sheet" % ns["m"])
           if s.get("name") == title][0]
    rel = [r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter("{%s}Relationship" % ns["p"])
           if r.get("Id") == rid][0]
    part = rel.lstrip("/") if rel.startswith("/") else posixpath.normpath(posixpath.join("xl", rel))
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == part:
                pattern = r'(<c r="%s"[^>]*>(?:(?!</c>).)*?<v>)[^<]*(</v>)' % cell
                data, n = re.subn(pattern.encode(), lambda m: m.group(1) + repr(value + 1000).encode() + m.group(2), data)
                if n != 1:
                    sys.exit("cell %s!%s patched %d times" % (title, cell, n))
            out.writestr(item, data)
print("%s!%s" % (title, cell))
PY
)
check "self-test copy made" 0 $?

to_csv "$work/lo-recalc" "$work/recalc" "$book" "$work/tampered.xlsx"; check "LibreOffice recalculates and converts" 0 $?

# compare_formulas FILE.xlsx STEM: one line per formula cell, "SHEET!CELL<TAB>ok" or
# "SHEET!CELL<TAB>MISMATCH<TAB>…" (LibreOffice's CSV value against capdo's cached one).
compare_formulas() {
  $py - "$1" "$work/recalc" "$2" <<'PY'
import csv, math, os, sys

import openpyxl

path, d, stem = sys.argv[1:4]
formulas = openpyxl.load_workbook(path)
cached = openpyxl.load_workbook(path, data_only=True)
for ws in formulas:
    csv_path = os.path.join(d, "%s-%s.csv" % (stem, ws.title))
    rows = None
    for row in ws.iter_rows():
        for c in row:
            if c.data_type != "f":  # formulas only; text that merely starts with "=" is text
                continue
            if rows is None:
                if os.path.exists(csv_path):
                    with open(csv_path, encoding="utf-8", newline="") as f:
                        rows = list(csv.reader(f))
                else:
                    rows = []
            name = "%s!%s" % (ws.title, c.coordinate)
            want = cached[ws.title][c.coordinate].value
            r, k = c.row - 1, c.column - 1
            got = rows[r][k] if r < len(rows) and k < len(rows[r]) else None
            if got is None:
                ok = False
            elif isinstance(want, bool):
                ok = got.upper() == str(want).upper()
            elif isinstance(want, (int, float)):
                try:
                    g = float(got)
                    ok = math.isclose(g, want, rel_tol=1e-9, abs_tol=1e-9)
                except ValueError:
                    ok = False
            else:
                ok = want is not None and got == str(want)
            if ok:
                print("%s\tok" % name)
            else:
                print("%s\tMISMATCH\t%s: capdo cached %r, LibreOffice gives %r" % (name, c.value, want, got))
PY
}
compare_formulas "$book" portal-dossier >"$work/formulas"; check "python exit (formulas)" 0 $?
n=$(grep -c . "$work/formulas")
check "the score workbook has formulas" yes "$([ "$n" -gt 0 ] && echo yes || echo "no ($n)")"
check "LibreOffice's values equal capdo's cached values ($n formulas)" "" "$(grep -v $'\tok$' "$work/formulas")"
compare_formulas "$work/tampered.xlsx" tampered >"$work/formulas-tampered"
check "self-test: the wrong cached value, and only it, is found" "$tampered	MISMATCH" \
  "$(grep -v $'\tok$' "$work/formulas-tampered" | cut -f1,2)"
finish
