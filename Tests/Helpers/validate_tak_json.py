#!/usr/bin/python3
"""Validates TAK JSON orders against TAK's own schema (Tests/Reference) with python3-jsonschema.

The schema declares its two timestamps as "type": "date", which is no JSON Schema type; they are
checked as strings in TAK's form yyyy-MM-dd'T'HH:mm:ssZ instead. Prints the errors, one per line;
exits 1 when there are any."""
import json
import sys

import jsonschema

schema_path, *documents = sys.argv[1:]
with open(schema_path, encoding="utf-8") as file:
    schema = json.load(file)
for member in ("bestallningsTidpunkt", "genomforandeTidpunkt"):
    schema["properties"][member] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$"}
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
failed = False
for path in documents:
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    for error in validator.iter_errors(document):
        failed = True
        print(f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
sys.exit(1 if failed else 0)
