#!/usr/bin/python3
"""The baseline for scripts/bench: Python's openpyxl (write-only mode) writing the same bulk-TAK
workbooks that ordermail writes from a unit list with a header row (hsa_id;name;contracts).

Usage: bench_openpyxl_bulk.py UNITS.csv OUTPUT_DIR CONTRACT=URL...
"""
import csv
import os
import sys
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

DOMAIN = "urn:riv:clinicalprocess:activity:request"


def namespace(token):
    name, _, major = token.partition(":")
    return f"{DOMAIN}:{name}Responder:{major or 1}"


def main():
    units_path, output, *bindings = sys.argv[1:]
    urls = {namespace(name): url for name, url in (binding.split("=", 1) for binding in bindings)}
    groups = defaultdict(list)
    with open(units_path, newline="", encoding="utf-8-sig") as file:
        rows = csv.reader(file, delimiter=";")
        next(rows)
        for hsa_id, name, contracts in rows:
            key = tuple(sorted(namespace(token) for token in contracts.split("|"))) if contracts else tuple(sorted(urls))
            groups[key].append((hsa_id.strip().upper(), name.strip()))
    os.makedirs(output, exist_ok=True)
    bold = Font(bold=True)
    for index, (contracts, units) in enumerate(sorted(groups.items())):
        units.sort()
        workbook = Workbook(write_only=True)

        def sheet(title, header, rows):
            worksheet = workbook.create_sheet(title)
            if header:
                cells = []
                for text in header:
                    cell = WriteOnlyCell(worksheet, value=text)
                    cell.font = bold
                    cells.append(cell)
                worksheet.append(cells)
            for row in rows:
                worksheet.append(row)

        sheet("Konsumenter", [], [])
        sheet("Tjänstekontrakt", ["Tjänstekontrakt", "Majorversion", "URL"],
              [[contract, int(contract.rsplit(":", 1)[1]), urls[contract]] for contract in contracts])
        sheet("Tjänsteproducent", ["Tjänsteproducent", "Namn för Tjänsteproducent"], [["SE2321000016-F835", "P"]])
        sheet("Logiska adresser", ["Logiska adresser", "Namn på logiska adresser"], units)
        workbook.save(os.path.join(output, f"document-{index}.xlsx"))


if __name__ == "__main__":
    main()
