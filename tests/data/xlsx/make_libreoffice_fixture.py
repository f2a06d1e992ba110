#!/usr/bin/python3
"""Makes libreoffice-filled.xlsx: a blank 'capdo template' workbook filled and saved by
LibreOffice Calc itself, driven over UNO (see README.md in this folder).

  /usr/bin/python3 make_libreoffice_fixture.py BLANK.xlsx SPEC.json OUT.xlsx

Needs libreoffice-calc and python3-uno; the tests never run it. Cells are filled as a user
types them: numbers as numbers, dates typed as text into date-formatted cells (Calc turns
them into date serials), everything else as text (multi-line text as typed with Ctrl+Enter).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

REQ_COLS = {
    "status": 10, "implementation": 11, "evidence_title": 12, "evidence_location": 13, "evidence_date": 14,
    "remediation_action": 15, "remediation_owner": 16, "remediation_due": 17, "justification": 18,
    "verdict": 19, "note": 20,
}
DATE_FIELDS = {"evidence_date", "remediation_due", "audit.date"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def type_into(cell, field, v):
    if isinstance(v, (int, float)):
        cell.setValue(v)
    elif field in DATE_FIELDS and ISO.match(v):
        cell.setFormula(v)  # what typing does: Calc recognises the ISO date
    else:
        cell.setString(v)


def rows_by_key(sheet):
    keys, row = {}, 0
    while row < 2000:
        v = sheet.getCellByPosition(0, row).getString()
        if v:
            keys[v] = row
        row += 1
    return keys


def main(blank, spec_path, out):
    spec = json.load(open(spec_path, encoding="utf-8"))
    profile = tempfile.mkdtemp(prefix="capdo-lo-")
    pipe = f"capdo{os.getpid()}"
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(blank)), "_blank", 0,
                                           (prop("Hidden", True),))
        sheets = doc.getSheets()
        meta = sheets.getByName("_meta")
        roles = {}
        for r in range(40):
            k = meta.getCellByPosition(0, r).getString()
            if k.startswith("sheet."):
                roles[k[6:]] = meta.getCellByPosition(1, r).getString()

        ws = sheets.getByName(roles["system"])
        keys = rows_by_key(ws)
        for key, v in spec.get("system", {}).items():
            type_into(ws.getCellByPosition(2, keys[key]), key, v)
        for i, comp in enumerate(spec.get("components", []), 1):
            for j, v in enumerate(comp):
                if v:
                    type_into(ws.getCellByPosition(1 + j, keys[f"component.{i}"]), "", v)
        for i, conn in enumerate(spec.get("connections", []), 1):
            for j, v in enumerate(conn):
                if v:
                    type_into(ws.getCellByPosition(1 + j, keys[f"connection.{i}"]), "", v)

        ws = sheets.getByName(roles["questions"])
        keys = rows_by_key(ws)
        for q, values in spec.get("questions", {}).items():
            for j, v in enumerate(values):
                if v is not None:
                    type_into(ws.getCellByPosition(5 + j, keys[q]), "", v)

        ws = sheets.getByName(roles["requirements"])
        keys = rows_by_key(ws)
        for rid, fields in spec.get("requirements", {}).items():
            for field, v in fields.items():
                type_into(ws.getCellByPosition(REQ_COLS[field], keys[rid]), field, v)

        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])
