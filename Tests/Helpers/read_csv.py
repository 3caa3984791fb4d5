#!/usr/bin/python3
"""Reads a CSV file with Python's csv module, as the reference for ordermail's own reader, and
prints its rows as JSON. Argument: the file and the delimiter; blank rows are left out, as
ordermail leaves them out."""
import csv
import json
import sys

path, delimiter = sys.argv[1:3]
with open(path, newline="", encoding="utf-8-sig") as file:
    rows = [row for row in csv.reader(file, delimiter=delimiter) if row]
json.dump(rows, sys.stdout, ensure_ascii=False)
