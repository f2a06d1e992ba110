#!/usr/bin/python3
"""Reads a capdo score workbook with openpyxl (a real client) and checks it.

Usage: check_score_workbook.py FILE.xlsx LANG EXPECTED_SCORE [INJECTION_TEXT]
Prints one line per failed check and exits non-zero on failure.
"""
import sys

import openpyxl

from xlsx_rows import short_rows

path, lang, score = sys.argv[1], sys.argv[2], sys.argv[3]
injection = sys.argv[4] if len(sys.argv) > 4 else None
fails = []
wb = openpyxl.load_workbook(path)
names = {
    "en": ["Summary", "Level determination", "Checklist", "Gaps & remediation plan", "Discrepancies", "Unverified sources"],
    "vi": ["Tổng hợp", "Xác định cấp độ", "Danh mục yêu cầu", "Khoảng trống và kế hoạch", "Khác biệt đánh giá",
           "Nguồn chưa kiểm chứng"],
}
want = names["vi" if lang == "vi" else "en"]
if wb.sheetnames != want:
    fails.append("sheet names %r != %r" % (wb.sheetnames, want))
summary = wb[want[0]]
if len(summary._charts) != 2:
    fails.append("expected 2 charts on the summary, found %d" % len(summary._charts))
values = {r[0]: r[1] for r in summary.iter_rows(min_col=1, max_col=2, values_only=True) if r[0]}
key = {"en": "Overall score", "vi": "Điểm tổng", "both": "Điểm tổng / Overall score"}[lang]
if values.get(key) != score + "%":
    fails.append("overall score %r != %r" % (values.get(key), score + "%"))
checklist = wb[want[2]]
header = [c.value for c in checklist[1]]
if checklist.freeze_panes != "B2":
    fails.append("checklist freeze panes %r" % checklist.freeze_panes)
if not checklist.auto_filter.ref:
    fails.append("checklist has no autofilter")
if not checklist.conditional_formatting:
    fails.append("checklist has no conditional formatting")
# Recompute the score by hand from the Points column, as an appraiser would.
points = [r[10] for r in checklist.iter_rows(min_row=2, values_only=True) if isinstance(r[10], (int, float))]
recomputed = round(sum(points) / len(points) * 100 + 1e-9, 1) if points else None
if recomputed is None or "%.1f" % recomputed != score:
    fails.append("score recomputed from the checklist %r != %s" % (recomputed, score))
fails += short_rows(wb)  # wrapped text shown whole, not drawn over the next rows
if injection:
    found = False
    for row in checklist.iter_rows(min_row=2):
        for c in row:
            if c.value is not None and injection in str(c.value):
                found = True
                if c.data_type != "s":
                    fails.append("injected text is a %r cell, not a string" % c.data_type)
    if not found:
        fails.append("injected text not found in the checklist")
for f in fails:
    print("FAIL " + f)
sys.exit(1 if fails else 0)
