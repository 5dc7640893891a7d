#!/usr/bin/env python3
"""Checks the corpus records' form (keys, kinds, that every path names a field of the
operation and that `good` values have the field's JSON type), without asking the validator
anything: labels come from the documentation alone.

    python3 lint.py [FILE.jsonl ...]     (CLOUDREQ_BIN: the cloudreq binary; default target/debug)
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BIN = os.environ.get("CLOUDREQ_BIN", str(ROOT / "target" / "debug" / "cloudreq"))
KINDS = {"length", "chars", "password", "range", "items", "enum", "format", "conditional", "exclusive", "between"}
KEYS = {"op", "fields", "kind", "quote", "bad", "good", "note"}
STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_entries: dict[str, dict] = {}


def entry(op: str) -> dict | None:
    if op not in _entries:
        run = subprocess.run([BIN, "show", op, "--json"], capture_output=True, text=True)
        _entries[op] = json.loads(run.stdout) if run.returncode == 0 else None
    return _entries[op]


def resolve(fields: list[dict], path: str) -> dict | None:
    """The field a path such as `a.b[0].c` names, or None."""
    node: dict | None = None
    scope = fields
    for m in STEP.finditer(path):
        name, index = m.groups()
        if name is not None:
            node = next((f for f in scope if f["name"] == name), None)
            if node is None:
                return None
            scope = node.get("fields", [])
        else:
            if node is None or node.get("type") != "array":
                return None
            node = node.get("items")
            if node is None:
                return None
            scope = node.get("fields", [])
    return node


def json_type_ok(field: dict, value) -> bool:
    if value is None or (isinstance(value, dict) and "$repeat" in value):
        return True
    t = field["type"]
    return {
        "string": isinstance(value, str), "json_string": isinstance(value, str), "string_bool": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool), "array": isinstance(value, list), "object": isinstance(value, dict),
    }.get(t, True)


def lint(path: Path) -> int:
    problems = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"{where}: not JSON: {e}")
            problems += 1
            continue
        bad = [f"unknown key {k}" for k in rec if k not in KEYS]
        bad += [f"missing {k}" for k in ("op", "fields", "kind", "quote", "bad", "good") if k not in rec]
        if rec.get("kind") not in KINDS:
            bad.append(f"kind {rec.get('kind')!r} is not one of {sorted(KINDS)}")
        e = entry(rec.get("op", ""))
        if e is None:
            bad.append(f"no operation {rec.get('op')!r}")
        else:
            for p in rec.get("fields", []):
                if resolve(e["fields"], p) is None:
                    bad.append(f"fields: {p} is not a field of {rec['op']}")
            for side in ("bad", "good"):
                patch = rec.get(side)
                if not isinstance(patch, dict) or not patch:
                    bad.append(f"{side} must be a non-empty object")
                    continue
                for p, v in patch.items():
                    f = resolve(e["fields"], p)
                    if f is None:
                        bad.append(f"{side}: {p} is not a field of {rec['op']}")
                    elif side == "good" and not json_type_ok(f, v):
                        bad.append(f"good: {p} is {f['type']}, the value {json.dumps(v)[:40]} is not")
            if rec.get("bad") == rec.get("good"):
                bad.append("bad and good are the same")
        for b in bad:
            print(f"{where}: {b}")
        problems += len(bad)
    return problems


def main(args: list[str]) -> int:
    files = [Path(a) for a in args] or sorted(HERE.glob("*.jsonl"))
    total = sum(lint(f) for f in files)
    records = sum(1 for f in files for l in f.read_text(encoding="utf-8").splitlines() if l.strip())
    print(f"{records} records, {total} problems")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
