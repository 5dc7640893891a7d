"""The catalog as the cloudreq binary sees it, for oracle tests: the ids it lists and each
operation as `cloudreq catalog export` writes it (exported once per test run)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("CLOUDREQ_BIN") or ROOT / "target" / "debug" / "cloudreq")


def check_binary() -> None:
    """Fails the test run when the binary is missing or older than a catalog file."""
    if not BINARY.is_file():
        pytest.fail(f"cloudreq binary not found at {BINARY}: run `cargo build -p cloudreq-cli` in {ROOT} "
                    "(or set CLOUDREQ_BIN)", pytrace=False)
    newest = max((ROOT / "catalog").rglob("*.json"), key=lambda p: p.stat().st_mtime, default=None)
    if newest is not None and newest.stat().st_mtime > BINARY.stat().st_mtime + 1:
        pytest.fail(f"{BINARY} is older than {newest.relative_to(ROOT)}: rebuild with `cargo build -p cloudreq-cli`",
                    pytrace=False)


def ids_of(cloud: str) -> list[str]:
    """Ids of one cloud's operations, as `cloudreq list --json` prints them."""
    check_binary()
    proc = subprocess.run([str(BINARY), "list", "--json"], capture_output=True, text=True, timeout=60, check=True)
    return [e["id"] for e in json.loads(proc.stdout) if e["id"].split(".")[0] == cloud]


_EXPORT = tempfile.TemporaryDirectory(prefix="cloudreq-oracle-export-")


@functools.lru_cache(maxsize=None)
def _exported() -> Path:
    check_binary()
    subprocess.run([str(BINARY), "catalog", "export", _EXPORT.name], capture_output=True, text=True,
                   timeout=120, check=True)
    return Path(_EXPORT.name) / "catalog" / "ops"


def catalog_entry(api: str) -> dict:
    """One operation as the page gets it."""
    return json.loads((_exported() / f"{api}.json").read_text(encoding="utf-8"))


def exported_operations(prefix: str = "") -> dict[str, dict]:
    """Every operation whose id starts with `prefix`, keyed by id, as the page gets it; empty
    when the binary is not built yet (so that collecting the tests does not fail on it)."""
    if not BINARY.is_file():
        return {}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in _exported().glob(f"{prefix}*.json")}
