#!/usr/bin/env python3
"""Prints every cell of one worksheet of an XLSX file as REF<TAB>TEXT<TAB>FILL,
FILL being the cell's solid fill colour (ARGB, "" for none) looked up through
xl/styles.xml (cellXfs -> fills): what test_assessments checks the download's
colours with. Usage: xlsx_cells.py FILE.xlsx xl/worksheets/sheet1.xml"""
import sys
import zipfile
import xml.etree.ElementTree as ET

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def main():
    z = zipfile.ZipFile(sys.argv[1])
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(M + "si"):
            strings.append("".join(t.text or "" for t in si.iter(M + "t")))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fills = []
    for fill in styles.find(M + "fills").findall(M + "fill"):
        fg = fill.find(M + "patternFill/" + M + "fgColor")
        fills.append(fg.get("rgb", "") if fg is not None else "")
    xfs = [int(xf.get("fillId", "0")) for xf in styles.find(M + "cellXfs").findall(M + "xf")]
    sheet = ET.fromstring(z.read(sys.argv[2]))
    for c in sheet.iter(M + "c"):
        v = c.find(M + "v")
        text = ""
        if v is not None:
            text = strings[int(v.text)] if c.get("t") == "s" else v.text
        print("%s\t%s\t%s" % (c.get("r"), text, fills[xfs[int(c.get("s", "0"))]]))


main()
