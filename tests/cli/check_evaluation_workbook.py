#!/usr/bin/python3
"""Reads evaluation-YEAR.xlsx with openpyxl (a real client) and checks it.

Usage: check_evaluation_workbook.py FILE.xlsx SYSTEMS ERROR_FILE... [--yoy] [--duplicates N]
Checks the sheet names, the charts on the overview, the number of system rows, and that
every ERROR_FILE is listed on the Errors sheet with a reason.
"""
import sys

import openpyxl

from xlsx_rows import short_rows

args = sys.argv[1:]
yoy = "--yoy" in args
args = [a for a in args if a != "--yoy"]
duplicates = 0
if "--duplicates" in args:
    i = args.index("--duplicates")
    duplicates = int(args[i + 1])
    del args[i:i + 2]
path, systems, error_files = args[0], int(args[1]), args[2:]
fails = []
wb = openpyxl.load_workbook(path)
want = ["Overview", "Systems", "Units", "Gaps", "Errors"] + (["Year over year"] if yoy else [])
if wb.sheetnames != want:
    fails.append("sheet names %r != %r" % (wb.sheetnames, want))
if len(wb["Overview"]._charts) != 3:
    fails.append("expected 3 charts on the overview, found %d" % len(wb["Overview"]._charts))
rows = [r for r in wb["Systems"].iter_rows(min_row=2, values_only=True) if r[0] is not None or r[3] is not None]
if len(rows) != systems:
    fails.append("systems rows %d != %d" % (len(rows), systems))
listed = {r[0]: r[2] for r in wb["Errors"].iter_rows(min_row=2, values_only=True) if r[0]}
for f in error_files:
    if f not in listed:
        fails.append("error file %s is not on the Errors sheet" % f)
    elif not listed[f]:
        fails.append("error file %s has no reason" % f)
if len(listed) != len(error_files) + duplicates:
    fails.append("Errors sheet lists %d files, expected %d" % (len(listed), len(error_files) + duplicates))
dup_rows = sum(1 for v in listed.values() if str(v).startswith("duplicate:"))
if dup_rows != duplicates:
    fails.append("Errors sheet lists %d duplicates, expected %d" % (dup_rows, duplicates))
# The charts keep their size (288 px high) over rows made taller for their text, one below
# the other: libxlsxwriter places them by default-height rows, so capdo scales them.
def row_px(r):  # 0-based row; heights in points, 15 by default
    h = ov.row_dimensions[r + 1].height
    return (h if h is not None else 15) * 4 / 3
ov = wb["Overview"]
bottom = -1
for ch in ov._charts:
    a = ch.anchor
    top_px = sum(row_px(r) for r in range(a._from.row)) + a._from.rowOff / 9525
    end_px = sum(row_px(r) for r in range(a.to.row)) + a.to.rowOff / 9525
    # libxlsxwriter can end a chart inside a taller row only as if it were 20 px high, so
    # a chart may be up to a row's extra height short; stretched (the bug) it is taller.
    if not 288 - 40 <= end_px - top_px <= 290:
        fails.append("a chart on the overview is %.0f px high, not 288" % (end_px - top_px))
    if top_px <= bottom:
        fails.append("the charts on the overview overlap")
    bottom = end_px
# Printing: the overview on one page wide, each table with its header on every page.
ov = wb["Overview"]
ps = ov.page_setup  # fitToWidth left out means 1 (ECMA-376); fitToHeight 0: as many pages as it takes
if ps.orientation != "landscape" or ps.fitToWidth not in (None, 1) or ps.fitToHeight is None or int(ps.fitToHeight) != 0 \
        or not ov.sheet_properties.pageSetUpPr.fitToPage:
    fails.append("the overview is not printed landscape on one page wide")
for name in wb.sheetnames[1:]:
    if wb[name].print_title_rows not in ("1:1", "$1:$1") or wb[name].page_setup.orientation != "landscape":
        fails.append("%s is not printed landscape with its header row on every page (%r)" % (name, wb[name].print_title_rows))
fails += short_rows(wb)  # wrapped text shown whole, not drawn over the next rows
if yoy and wb["Year over year"].max_row < 2:
    fails.append("Year over year sheet is empty")
for f in fails:
    print("FAIL " + f)
sys.exit(1 if fails else 0)
