#!/usr/bin/env python3
"""Picks the operations of the labelled rule corpus: per service, the operations ordered by the
sha256 of "cloudreq rule corpus 1:<id>", the first 10 as the development set and the next 4
as the held-out set. Deterministic; prints operations.txt (one `<split> <id>` per line)."""

import hashlib
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[4] / "catalog"
DEV, HELD_OUT = 10, 4


def operation_ids() -> dict[str, list[str]]:
    by_service: dict[str, list[str]] = {}
    for path in sorted(CATALOG.glob("*/*/*/*.json")):
        if path.name == "service.json":
            continue
        cloud, service = path.parts[-4], path.parts[-3]
        by_service.setdefault(f"{cloud}.{service}", []).append(f"{cloud}.{service}.{path.stem}")
    return by_service


def main() -> None:
    for service, ids in operation_ids().items():
        ranked = sorted(ids, key=lambda i: hashlib.sha256(f"cloudreq rule corpus 1:{i}".encode()).hexdigest())
        for n, op in enumerate(ranked[: DEV + HELD_OUT]):
            print("dev" if n < DEV else "held-out", op)


if __name__ == "__main__":
    main()
