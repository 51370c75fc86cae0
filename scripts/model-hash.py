#!/usr/bin/env python3
"""An independent implementation of the model hash (docs/model.md, "The outcome").

Writes tests/fixtures/hashes.json; the Rust tests check the core computes the same
hashes, so the canonical form is pinned by two implementations, not one.
Run after changing a model: python3 scripts/model-hash.py
"""
import glob
import hashlib
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def canonical(v):
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (int, float)):
        f = float(v)
        if f.is_integer() and abs(f) < 2**53:
            return str(int(f))
        return repr(f)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k]) for k in sorted(v)) + "}"


def model_hash(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return hashlib.sha256(canonical(doc).encode("utf-8")).hexdigest()[:16]


paths = [os.path.join(ROOT, "models/default.json")] + sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/models/*.json")))
hashes = {os.path.relpath(p, ROOT): model_hash(p) for p in paths}
with open(os.path.join(ROOT, "tests/fixtures/hashes.json"), "w", encoding="utf-8") as f:
    json.dump(hashes, f, indent=2, sort_keys=True)
    f.write("\n")
print(json.dumps(hashes, indent=2, sort_keys=True))
