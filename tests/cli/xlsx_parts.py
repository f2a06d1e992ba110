#!/usr/bin/python3
"""Golden-workbook comparison, part by part (libxlsxwriter's functional-test approach).

Usage: xlsx_parts.py compare FILE.xlsx GOLDEN_DIR
       xlsx_parts.py update  FILE.xlsx GOLDEN_DIR   (then REVIEW the diff before committing)

Every XML part of the zip is pretty-printed (attributes and whitespace normalised) and
compared with GOLDEN_DIR/<part path>; docProps/core.xml's dates are blanked although capdo
fixes them, so the comparison only fails on content.
"""
import difflib
import os
import re
import sys
import zipfile
from xml.dom import minidom


def parts(path):
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            data = z.read(name)
            if name.endswith(".xml") or name.endswith(".rels"):
                text = minidom.parseString(data).toprettyxml(indent=" ")
                if name == "docProps/core.xml":
                    text = re.sub(r"<dcterms:(created|modified)([^>]*)>[^<]*<", r"<dcterms:\1\2>DATE<", text)
                out[name] = text
            else:
                out[name] = "binary sha-less length %d\n" % len(data)
    return out


def main():
    mode, xlsx, golden = sys.argv[1:4]
    got = parts(xlsx)
    if mode == "update":
        for name, text in got.items():
            p = os.path.join(golden, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        print("updated %d parts in %s: review the diff before committing" % (len(got), golden))
        return 0
    want_names = sorted(
        os.path.relpath(os.path.join(d, f), golden) for d, _, fs in os.walk(golden) for f in fs)
    failed = False
    if want_names != sorted(got):
        print("part list differs: missing %s, unexpected %s" % (
            sorted(set(want_names) - set(got)), sorted(set(got) - set(want_names))))
        failed = True
    for name in sorted(set(want_names) & set(got)):
        want = open(os.path.join(golden, name), encoding="utf-8").read()
        if want != got[name]:
            failed = True
            diff = difflib.unified_diff(want.splitlines(), got[name].splitlines(), name, name, lineterm="", n=1)
            print("\n".join(list(diff)[:40]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
