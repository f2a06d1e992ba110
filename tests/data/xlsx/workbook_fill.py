#!/usr/bin/python3
"""Test helper for capdo questionnaire workbooks, using openpyxl (Debian's python3-openpyxl).

Always run it with /usr/bin/python3.

  workbook_fill.py fill TEMPLATE.xlsx SPEC.json OUT.xlsx
      Fills a workbook made by 'capdo template' the way a user would, from a JSON spec
      (see portal-fill.json), and saves it with openpyxl.
  workbook_fill.py check-answers DOSSIER.xml ANSWERS.xml
      Compares the <answers> of a dossier with an answers file (the same questions and
      the same values, system and per component). Prints the differences; exit 1 if any.
  workbook_fill.py check-assessments DOSSIER.xml SPEC.json
      Checks that every requirement the spec fills has the expected status, texts,
      evidence and remediation in the dossier, and that no other requirement is assessed.
  workbook_fill.py same-dossier A.xml B.xml [--ignore-audit]
      Compares two dossiers element by element, ignoring the history, the computed
      classification and empty unanswered items (and with --ignore-audit the audit).
  workbook_fill.py audit DOSSIER.xml
      Prints the audit section: "auditor|organisation|date", then "requirement|status|note".
  workbook_fill.py cell XLSX ROLE REF
      Prints "DATA_TYPE VALUE" of one cell (ROLE: system, questions, requirements, auditor
      or a sheet name).

Spec keys (all optional):
  "system":       {"unit.name": "…", "system.users": 1850, …}       form rows by key
  "components":   [["id", "name", "kind", "description"], …]        component rows 1, 2, …
  "connections":  [["system", "direction", "data"], …]
  "questions":    {"system_type": ["citizen — …", "internal — …"]}  answer columns F, G, …
  "requirements": {"G01.02": {"status": "…", "implementation": "…", "evidence_title": "…",
                   "evidence_location": "…", "evidence_date": "2026-10-15", "remediation_action": "…",
                   "remediation_owner": "…", "remediation_due": "…", "justification": "…",
                   "verdict": "…", "note": "…"}}
  "auditor":      {"audit.auditor": "…", "audit.date": "2026-12-01"}
  "cells":        [["requirements", "K2", "value"], …]               raw cells, after the rest
  "expect":       {"G01.02": {"status": "met", …}}                   for check-assessments
A string "YYYY-MM-DD" in a date field is written as a real date cell.
"""
import datetime
import json
import re
import sys
import xml.etree.ElementTree as ET

import openpyxl

REQ_COLS = {
    "status": 11, "implementation": 12, "evidence_title": 13, "evidence_location": 14, "evidence_date": 15,
    "remediation_action": 16, "remediation_owner": 17, "remediation_due": 18, "justification": 19,
    "verdict": 20, "note": 21,
}
DATE_FIELDS = {"evidence_date", "remediation_due", "audit.date"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def value_for(field, v):
    if field in DATE_FIELDS and isinstance(v, str) and ISO.match(v):
        return datetime.datetime.strptime(v, "%Y-%m-%d")
    return v


def sheets(wb):
    meta = wb["_meta"]
    roles = {}
    for row in meta.iter_rows(values_only=True):
        if row[0] and str(row[0]).startswith("sheet."):
            roles[str(row[0])[6:]] = row[1]
    return roles


def sheet(wb, role):
    roles = sheets(wb)
    return wb[roles.get(role, role)]


def rows_by_key(ws):
    return {str(r[0].value): r[0].row for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value}


def fill(template, spec_path, out):
    spec = json.load(open(spec_path, encoding="utf-8"))
    wb = openpyxl.load_workbook(template)
    ws = sheet(wb, "system")
    keys = rows_by_key(ws)
    for key, v in spec.get("system", {}).items():
        ws.cell(row=keys[key], column=3, value=v)
    for i, comp in enumerate(spec.get("components", []), 1):
        for j, v in enumerate(comp):
            ws.cell(row=keys[f"component.{i}"], column=2 + j, value=v or None)
    for i, conn in enumerate(spec.get("connections", []), 1):
        for j, v in enumerate(conn):
            ws.cell(row=keys[f"connection.{i}"], column=2 + j, value=v or None)
    ws = sheet(wb, "questions")
    keys = rows_by_key(ws)
    for q, values in spec.get("questions", {}).items():
        for j, v in enumerate(values):
            if v is not None:
                ws.cell(row=keys[q], column=6 + j, value=v)
    ws = sheet(wb, "requirements")
    keys = rows_by_key(ws)
    for rid, fields in spec.get("requirements", {}).items():
        for field, v in fields.items():
            ws.cell(row=keys[rid], column=REQ_COLS[field], value=value_for(field, v))
    if "auditor" in spec:
        ws = sheet(wb, "auditor")
        keys = rows_by_key(ws)
        for key, v in spec["auditor"].items():
            ws.cell(row=keys[key], column=3, value=value_for(key, v))
    for role, ref, v in spec.get("cells", []):
        sheet(wb, role)[ref] = v
    wb.save(out)


def answers_of(root):
    out = {}
    for a in root.findall("answer"):
        out[("", a.get("q"))] = (a.text or "").strip()
    for c in root.findall("component"):
        out[("component", c.get("id"), c.get("name") or "")] = ""
        for a in c.findall("answer"):
            out[(c.get("id"), a.get("q"))] = (a.text or "").strip()
    return out


def check_answers(dossier, answers):
    got = answers_of(ET.parse(dossier).getroot().find("answers"))
    want = answers_of(ET.parse(answers).getroot())
    bad = 0
    for k in sorted(set(got) | set(want)):
        if got.get(k) != want.get(k):
            print(f"answer {k}: expected {want.get(k)!r}, got {got.get(k)!r}")
            bad += 1
    return 1 if bad else 0


def check_assessments(dossier, spec_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    expect = spec["expect"]
    items = {i.get("requirement"): i for i in ET.parse(dossier).getroot().find("self-assessment").findall("item")}
    bad = 0
    for rid in sorted(set(items) | set(expect)):
        if rid not in expect:
            print(f"requirement {rid}: assessed, but the spec fills nothing")
            bad += 1
            continue
        if rid not in items:
            print(f"requirement {rid}: expected an assessment, got none")
            bad += 1
            continue
        item, want = items[rid], expect[rid]
        got = {"status": item.get("status")}
        for tag in ("implementation", "justification"):
            if item.find(tag) is not None:
                got[tag] = item.find(tag).text
        ev = [[e.get("title") or "", e.get("location") or "", e.get("date") or ""] for e in item.findall("evidence")]
        if ev:
            got["evidence"] = ev
        r = item.find("remediation")
        if r is not None:
            got["remediation"] = [r.get("action") or "", r.get("owner") or "", r.get("due") or ""]
        if got != want:
            print(f"requirement {rid}: expected {want}, got {got}")
            bad += 1
    return 1 if bad else 0


def norm(e, skip):
    if e.tag in skip:
        return None
    if e.tag == "item" and e.get("status") == "unanswered" and len(e) == 0:
        return None
    kids = tuple(k for k in (norm(c, skip) for c in e) if k is not None)
    return (e.tag, tuple(sorted(e.attrib.items())), (e.text or "").strip(), kids)


def same_dossier(a, b, ignore_audit):
    skip = {"history", "classification"} | ({"audit"} if ignore_audit else set())
    x, y = norm(ET.parse(a).getroot(), skip), norm(ET.parse(b).getroot(), skip)

    def diff(p, q, path):
        if p == q:
            return 0
        if p is None or q is None or p[:3] != q[:3] or len(p[3]) != len(q[3]):
            print(f"{path}:\n  {p and p[:3]}\n  {q and q[:3]}")
            return 1
        return sum(diff(c, d, f"{path}/{p[0]}[{i}]") for i, (c, d) in enumerate(zip(p[3], q[3])))

    return 1 if diff(x, y, "") else 0


def audit(dossier):
    a = ET.parse(dossier).getroot().find("audit")
    if a is None:
        print("no audit")
        return 1
    print(f"{a.get('auditor')}|{a.get('organisation') or ''}|{a.get('date') or ''}")
    for v in a.findall("verdict"):
        print(f"{v.get('requirement')}|{v.get('status')}|{(v.text or '').strip()}")
    return 0


def cell(path, role, ref):
    wb = openpyxl.load_workbook(path)
    c = sheet(wb, role)[ref]
    print(c.data_type, c.value)


def main(argv):
    if len(argv) == 5 and argv[1] == "fill":
        fill(argv[2], argv[3], argv[4])
        return 0
    if len(argv) == 4 and argv[1] == "check-answers":
        return check_answers(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "check-assessments":
        return check_assessments(argv[2], argv[3])
    if len(argv) in (4, 5) and argv[1] == "same-dossier":
        return same_dossier(argv[2], argv[3], argv[4:] == ["--ignore-audit"])
    if len(argv) == 3 and argv[1] == "audit":
        return audit(argv[2])
    if len(argv) == 5 and argv[1] == "cell":
        cell(argv[2], argv[3], argv[4])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
