"""`python -m importer [--only cloud.service]`: regenerates catalog bases from pinned sources."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from .common import CATALOG, HERE, REVIEW, Context, write_service

ADAPTERS = {
    "tccli": "importer.tencent",
    "alibaba_sdk": "importer.alibaba",
    "huawei_sdk": "importer.huawei",
    "otc_rst": "importer.otc",
}


def _states(ledger: list[dict]) -> str:
    counts: dict[str, int] = {}
    for e in ledger:
        counts[e["state"]] = counts.get(e["state"], 0) + 1
    return ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "empty"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/import", description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="cloud.service (repeatable)")
    parser.add_argument("--cache", type=Path, default=HERE.parents[1] / "target" / "import-cache")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="catalog folder to write (default: the project's)")
    parser.add_argument("--review", type=Path, default=REVIEW, help="folder of the review lists (default: tools/importer/review)")
    args = parser.parse_args(argv)
    services = json.loads((HERE / "services.json").read_text(encoding="utf-8"))["services"]
    ctx = Context(cache=args.cache)
    for spec in services:
        name = f"{spec['cloud']}.{spec['service']}"
        if args.only and name not in args.only:
            continue
        adapter = importlib.import_module(ADAPTERS[spec["adapter"]])
        result = adapter.import_service(ctx, spec)
        summary = write_service(result, args.catalog, args.review)
        print(f"{name} {spec['version']}: {summary['operations']} operations, "
              f"{summary['changed']} files changed, {summary['removed']} removed, "
              f"ledger: {_states(result.ledger)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
