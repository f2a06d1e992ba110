#!/usr/bin/python3
"""Writes the hand-made .xlsx fixtures of this folder (standard library only):

  /usr/bin/python3 make_fixtures.py [FOLDER]

cells.xlsx            every kind of cell the reader handles (see xlsx_reader_test.cpp)
not-a-zip.xlsx        text, not a zip archive
bomb.xlsx             one entry that inflates to 65 MiB (a few dozen KB on disk)
lying-size.xlsx       xl/workbook.xml inflates to 1 MiB but its headers say 100 bytes
escape.xlsx           an entry named '../evil'
escape-absolute.xlsx  an entry named '/tmp/evil'
escape-backslash.xlsx an entry named 'xl\\..\\..\\evil'
not-utf8.xlsx         xl/sharedStrings.xml in ISO-8859-1 ('Café')
malformed.xlsx        xl/workbook.xml is not well-formed XML
not-capdo.xlsx        a valid workbook without the '_meta' sheet
wrong-version.xlsx    a capdo meta sheet with template-format 9
wrong-regime.xlsx     a capdo meta sheet for regime nd85-2016
wrong-catalog.xlsx    a capdo meta sheet for catalog version 2020.01.01 of nd331-2026
unknown-regime.xlsx   a capdo meta sheet for regime nd99-2030
The output is deterministic (fixed timestamps), so re-running gives the same bytes.
"""
import os
import struct
import sys
import zipfile
from xml.sax.saxutils import escape

STAMP = (2026, 1, 1, 0, 0, 0)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def inline_sheet(rows):
    """rows: list of lists of str/None; strings become inline strings."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData>']
    for r, row in enumerate(rows):
        out.append(f'<row r="{r + 1}">')
        for c, v in enumerate(row):
            if v is None:
                continue
            out.append(f'<c r="{col_name(c)}{r + 1}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def book(sheets, shared=None, styles=None, date1904=False, extra=()):
    """sheets: list of (name, sheet_xml, state). Returns the zip entries of a workbook."""
    ct = ['<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels = [f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">']
    wb = [f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {NS} {RNS}>']
    if date1904:
        wb.append('<workbookPr date1904="1"/>')
    wb.append("<sheets>")
    entries = []
    for i, (name, xml, state) in enumerate(sheets, 1):
        st = f' state="{state}"' if state else ""
        wb.append(f'<sheet name="{escape(name)}" sheetId="{i}"{st} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        entries.append((f"xl/worksheets/sheet{i}.xml", xml))
    wb.append("</sheets></workbook>")
    n = len(sheets)
    if shared is not None:
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        entries.append(("xl/sharedStrings.xml", shared))
    if styles is not None:
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{REL}/styles" Target="/xl/styles.xml"/>')
        entries.append(("xl/styles.xml", styles))
    rels.append("</Relationships>")
    ct.append("</Types>")
    top = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">'
           f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    return [("[Content_Types].xml", "".join(ct)), ("_rels/.rels", top), ("xl/workbook.xml", "".join(wb)),
            ("xl/_rels/workbook.xml.rels", "".join(rels))] + entries + list(extra)


def meta_book(**over):
    meta = {"format": "capdo-workbook", "template-format": "1", "regime": "nd331-2026",
            "catalog-version": "2026.11.24", "mode": "self-assessment", "level": "3", "lang": "vi",
            "components": "3"}
    meta.update(over)
    rows = [["key", "value"]] + [[k, v] for k, v in meta.items()]
    return book([("Hướng dẫn", inline_sheet([["capdo"]]), None), ("_meta", inline_sheet(rows), "hidden")])


def cells_book():
    shared = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              f'<sst {NS} count="5" uniqueCount="5">'
              '<si><t>plain</t></si>'
              '<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text </t></r><r><t>đủ dấu</t></r></si>'
              '<si><t>東京</t><rPh sb="0" eb="2"><t>とうきょう</t></rPh></si>'
              '<si><t xml:space="preserve">  spaced  </t></si>'
              '<si><t>line_x000D_break and _x005F_x0041_</t></si>'
              '</sst>')
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              f'<styleSheet {NS}><numFmts count="2">'
              '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
              '<numFmt numFmtId="165" formatCode="[Red]0.00;&quot;d&quot;0"/>'
              '</numFmts><cellXfs count="5">'
              '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="165"/>'
              '</cellXfs></styleSheet>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             '<x:row r="1">'
             '<x:c r="A1" t="s"><x:v>0</x:v></x:c>'
             '<x:c r="B1" t="s"><x:v>1</x:v></x:c>'
             '<x:c r="C1" t="s"><x:v>2</x:v></x:c>'
             '<x:c r="D1" t="s"><x:v>3</x:v></x:c>'
             '<x:c r="E1" t="s"><x:v>4</x:v></x:c>'
             '</x:row>'
             '<x:row r="2">'
             '<x:c r="A2"><x:v>42</x:v></x:c>'
             '<x:c r="B2"><x:v>0.5</x:v></x:c>'
             '<x:c r="C2" t="n"><x:v>-1.25E3</x:v></x:c>'
             '<x:c r="D2" t="b"><x:v>1</x:v></x:c>'
             '<x:c r="E2" t="b"><x:v>0</x:v></x:c>'
             '<x:c r="F2" t="e"><x:v>#N/A</x:v></x:c>'
             '</x:row>'
             '<x:row r="3">'
             '<x:c r="A3" s="1"><x:v>46327</x:v></x:c>'
             '<x:c r="B3" s="2"><x:v>46327</x:v></x:c>'
             '<x:c r="C3" s="3"><x:v>46327.75</x:v></x:c>'
             '<x:c r="D3" s="4"><x:v>46327</x:v></x:c>'
             '<x:c r="E3" s="1"><x:v>59</x:v></x:c>'
             '<x:c r="F3" s="1"><x:v>61</x:v></x:c>'
             '</x:row>'
             '<x:row r="4">'
             '<x:c r="A4" t="str"><x:f>"=1+1"</x:f><x:v>=1+1</x:v></x:c>'
             '<x:c r="B4"><x:f>1+1</x:f><x:v>2</x:v></x:c>'
             '<x:c r="C4" t="inlineStr"><x:is><x:t>inline Việt</x:t></x:is></x:c>'
             '<x:c r="D4" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line rich</x:t></x:r></x:is></x:c>'
             '<x:c r="E4"/>'
             '<x:c r="F4" s="1"/>'
             '</x:row>'
             '<x:row>'  # no r: row 5
             '<x:c t="inlineStr"><x:is><x:t>A5</x:t></x:is></x:c>'  # no r: A5
             '<x:c t="inlineStr"><x:is><x:t>B5</x:t></x:is></x:c>'  # B5
             '<x:c r="XFD5" t="inlineStr"><x:is><x:t>last column</x:t></x:is></x:c>'
             '</x:row>'
             '<x:row r="1048576"><x:c r="A1048576"><x:v>7</x:v></x:c></x:row>'
             '</x:sheetData></x:worksheet>')
    hidden = inline_sheet([["hidden"]])
    return book([("Cells", sheet, None), ("Hidden", hidden, "hidden"), ("Very", hidden, "veryHidden")], shared, styles)


def lying_size(path):
    big = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<workbook {NS} {RNS}><sheets/></workbook>' + " " * (1 << 20)).encode()
    write_zip(path, [("_rels/.rels", book([])[1][1]), ("xl/workbook.xml", big)])
    data = bytearray(open(path, "rb").read())
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    i = 0
    while True:
        i = data.find(b"PK\x03\x04", i)
        if i < 0:
            break
        name_len = struct.unpack_from("<H", data, i + 26)[0]
        if data[i + 30:i + 30 + name_len] == b"xl/workbook.xml":
            struct.pack_into("<I", data, i + 22, 100)
        i += 4
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        name_len = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + name_len] == b"xl/workbook.xml":
            struct.pack_into("<I", data, i + 24, 100)
        i += 4
    open(path, "wb").write(bytes(data))


def main(folder):
    p = lambda name: os.path.join(folder, name)
    write_zip(p("cells.xlsx"), cells_book())
    with open(p("not-a-zip.xlsx"), "w") as f:
        f.write("This is a spreadsheet, honest.\n")
    write_zip(p("bomb.xlsx"), [("[Content_Types].xml", "<Types/>"), ("bomb.bin", b"\0" * (65 << 20))])
    lying_size(p("lying-size.xlsx"))
    for name, entry in [("escape.xlsx", "../evil"), ("escape-absolute.xlsx", "/tmp/evil"),
                        ("escape-backslash.xlsx", "xl\\..\\..\\evil")]:
        write_zip(p(name), [("[Content_Types].xml", "<Types/>"), (entry, "gotcha")])
    shared = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              f'<sst {NS} count="1" uniqueCount="1"><si><t>Caf').encode() + b"\xe9</t></si></sst>"
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    write_zip(p("not-utf8.xlsx"), book([("Sheet1", sheet, None)], shared=shared))
    entries = book([("Sheet1", sheet, None)])
    entries[2] = ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {NS}>\n<sheets></workbook>')
    write_zip(p("malformed.xlsx"), entries)
    write_zip(p("not-capdo.xlsx"), book([("Sheet1", inline_sheet([["hello"]]), None)]))
    write_zip(p("wrong-version.xlsx"), meta_book(**{"template-format": "9"}))
    write_zip(p("wrong-regime.xlsx"), meta_book(regime="nd85-2016", **{"catalog-version": "2026.11.24"}))
    write_zip(p("wrong-catalog.xlsx"), meta_book(**{"catalog-version": "2020.01.01"}))
    write_zip(p("unknown-regime.xlsx"), meta_book(regime="nd99-2030"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
