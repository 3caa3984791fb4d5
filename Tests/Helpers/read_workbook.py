#!/usr/bin/python3
"""Reads a workbook with openpyxl (Debian's python3-openpyxl) and prints every tab's cells as JSON:
{"sheets": ["name", …], "cells": {"name": [[value, …], …]}}."""
import json
import sys

import openpyxl

workbook = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = {sheet.title: [[cell for cell in row] for row in sheet.iter_rows(values_only=True)] for sheet in workbook}
json.dump({"sheets": workbook.sheetnames, "cells": cells}, sys.stdout, ensure_ascii=False)
