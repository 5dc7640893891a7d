#!/usr/bin/env python3
"""Figures of the catalog for closing notes: operations, fields and limits by origin per service,
examples, and bytes (source files, and the files the page fetches: `cloudreq catalog export`).

    python3 bench/catalog_figures.py [--cli target/debug/cloudreq]

Limits by origin: `metadata` = limit keys (min, max, min/max_length, min/max_items, values of an
enum) in generated bases; `overlay` = those keys set by overlays' field_overrides; `prose warning`
= warning rules whose source starts with "doc text:"; `hand-written` = in operation files written
by hand. Not a test: prints a table and writes test-output/catalog-figures.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_KEYS = ("min", "max", "min_length", "max_length", "min_items", "max_items", "values")


def walk(fields):
    for f in fields:
        yield f
        yield from walk(f.get("fields", []))
        if f.get("items"):
            yield from walk([f["items"]])


def limits_in(fields) -> int:
    return sum(1 for f in walk(fields) for k in LIMIT_KEYS if k in f)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cli", default=str(ROOT / "target" / "debug" / "cloudreq"))
    a = p.parse_args()
    per = defaultdict(lambda: defaultdict(int))
    sizes = defaultdict(list)
    for svc in sorted((ROOT / "catalog").glob("*/*/*/service.json")):
        folder = svc.parent
        key = ".".join(folder.relative_to(ROOT / "catalog").parts)
        row = per[key]
        raw = b"".join(f.read_bytes() for f in sorted(folder.rglob("*.json")))
        row["source bytes"], row["source gzip"] = len(raw), gz(raw)
        for op in sorted(folder.glob("*.json")):
            if op.name == "service.json":
                continue
            d = json.loads(op.read_text())
            row["operations"] += 1
            row["deprecated"] += bool(d.get("deprecated"))
            fields = d.get("fields", [])
            row["fields top-level"] += len(fields)
            row["fields nested"] += sum(1 for _ in walk(fields)) - len(fields)
            origin = "metadata" if "generated" in d else "hand-written"
            row[f"limits {origin}"] += limits_in(fields)
            rules = d.get("rules", []) + [r for f in walk(fields) for r in f.get("rules", [])]
            row["prose warnings"] += sum(1 for r in rules if str(r.get("source", "")).startswith("doc text:"))
            row["examples"] += len(d.get("examples", []))
            overlay = folder / "overlays" / op.name
            if overlay.exists():
                o = json.loads(overlay.read_text())
                row["limits overlay"] += sum(1 for v in o.get("field_overrides", {}).values() for k in LIMIT_KEYS if k in (v or {}))
                row["overlays"] += 1
                row["examples"] += len(o.get("examples", []))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([a.cli, "catalog", "export", out], check=True, capture_output=True)
        for f in sorted(Path(out, "catalog", "ops").glob("*.json")):
            key_parts = f.stem.split(".")
            data = f.read_bytes()
            sizes[".".join(key_parts[:2])].append((len(data), gz(data)))
        index = Path(out, "catalog", "index.json").read_bytes()
        search = Path(out, "catalog", "search.json").read_bytes()
    for key, row in per.items():
        svc = ".".join(key.split(".")[:2])
        if sizes.get(svc):
            raws, gzs = [s[0] for s in sizes[svc]], [s[1] for s in sizes[svc]]
            row["page op file median raw"], row["page op file max raw"] = int(statistics.median(raws)), max(raws)
            row["page op file median gzip"], row["page op file max gzip"] = int(statistics.median(gzs)), max(gzs)
    report = {"services": per, "index.json": {"raw": len(index), "gzip": gz(index)}, "search.json": {"raw": len(search), "gzip": gz(search)}}
    columns = sorted({k for row in per.values() for k in row})
    print("service".ljust(26) + "".join(c[:14].rjust(15) for c in columns))
    for key, row in per.items():
        print(key.ljust(26) + "".join(str(row.get(c, 0)).rjust(15) for c in columns))
    print(f"index.json {report['index.json']}, search.json {report['search.json']}")
    out = ROOT / "test-output" / "catalog-figures.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
