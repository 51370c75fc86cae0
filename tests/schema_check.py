#!/usr/bin/env python3
"""Checks `leadgate schema` with an independent JSON Schema validator.

Every model the compiler accepts (default + fixture models) must validate, and
invalid fixtures whose problems are structural (unknown keys, wrong types,
missing keys) must be rejected by the schema too, so the schema published for
editors agrees with the compiler.
Usage: python3 tests/schema_check.py path/to/leadgate
"""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema

FIELD_PATH = re.compile(r"(\.field|\.requires\[\d+\])$")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRUCTURAL = {"unknown_key", "unknown_operator", "expected_type", "missing_key",
              "conflicting_operators", "missing_operator", "unknown_email_kind", "bad_id"}


def main():
    binary = sys.argv[1]
    schema = json.loads(subprocess.run([binary, "schema"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    passed = failed = 0
    for path in [os.path.join(ROOT, "models/default.json")] + sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/models/*.json"))) + sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/goals/*.json"))):
        errors = list(validator.iter_errors(json.load(open(path, encoding="utf-8"))))
        if errors:
            failed += 1
            print(f"FAIL {os.path.relpath(path, ROOT)}: valid model rejected by the schema: {errors[0].message}")
        else:
            passed += 1
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/invalid/*.json"))):
        case = json.load(open(path, encoding="utf-8"))
        codes = {e["code"] for e in case["errors"]}
        # A field path that is not one (`""`, `a..b`) is a pattern the schema states too.
        paths_ok = all(e["code"] in STRUCTURAL or (e["code"] == "bad_value" and FIELD_PATH.search(e["path"]))
                       for e in case["errors"])
        if "model" not in case or not paths_ok:
            continue
        if validator.is_valid(case["model"]):
            failed += 1
            print(f"FAIL {os.path.relpath(path, ROOT)}: schema accepts a model with {sorted(codes)}")
        else:
            passed += 1
    print(f"schema: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
