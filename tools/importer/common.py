"""Shared parts of the importer: pinned sources, deterministic output, the review list.

Nothing here knows a cloud. Adapters (one module per kind of source) receive a `Context` and
return `Service` results; `write_service` turns them into catalog files.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CATALOG = ROOT / "catalog"
REVIEW = HERE / "review"
MANIFEST = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
GENERATED_KEY = "generated"


class ImportError_(Exception):
    """A pinned source is missing, altered or not understood."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path) -> str:
    """sha256 over every file of a folder: its relative path and its own sha256, in path order."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + sha256(path).encode() + b"\n")
    return h.hexdigest()


@dataclass
class Context:
    """Where sources are cached; one per importer run."""

    cache: Path

    def wheel(self, dist: str) -> Path:
        """The unpacked wheel of a pinned distribution (downloaded once, sha256 checked)."""
        pin = MANIFEST["wheels"].get(dist)
        if pin is None:
            raise ImportError_(f"{dist} is not pinned in tools/importer/manifest.json")
        archive = self.cache / pin["file"]
        if not archive.exists() or sha256(archive) != pin["sha256"]:
            self.cache.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "--no-deps",
                 "--dest", str(self.cache), f"{dist}=={pin['version']}"],
                check=True,
            )
        if not archive.exists():
            raise ImportError_(f"pip did not produce {pin['file']}")
        got = sha256(archive)
        if got != pin["sha256"]:
            raise ImportError_(f"{pin['file']}: sha256 {got}, manifest pins {pin['sha256']}")
        unpacked = self.cache / (pin["file"] + ".d")
        stamp = unpacked / ".sha256"
        if not stamp.exists() or stamp.read_text() != got:
            with zipfile.ZipFile(archive) as z:
                z.extractall(unpacked)
            stamp.write_text(got)
        return unpacked

    def snapshot(self, rel: str) -> Path:
        """A snapshot file of this folder, sha256 checked against the manifest."""
        want = MANIFEST["snapshots"].get(rel)
        if want is None:
            raise ImportError_(f"{rel} is not pinned in tools/importer/manifest.json")
        path = HERE / rel
        got = sha256(path)
        if got != want:
            raise ImportError_(f"{rel}: sha256 {got}, manifest pins {want}")
        return path

    def snapshot_tree(self, rel: str) -> Path:
        """A snapshot folder of this folder, its digest (see `tree_digest`) checked against the
        manifest's `snapshot_trees`."""
        want = MANIFEST.get("snapshot_trees", {}).get(rel)
        if want is None:
            raise ImportError_(f"{rel} is not pinned in tools/importer/manifest.json")
        path = HERE / rel
        got = tree_digest(path)
        if got != want:
            raise ImportError_(f"{rel}: tree digest {got}, manifest pins {want}")
        return path

    def pin_text(self, dist: str) -> str:
        return f"{dist} {MANIFEST['wheels'][dist]['version']}"


@dataclass
class Service:
    """What an adapter produces for one service version."""

    cloud: str
    service: str
    version: str
    service_file: dict
    operations: dict[str, dict]  # file stem (= action) -> operation file content
    ledger: list[dict] = field(default_factory=list)  # the rule miner's findings (miner.Mined.ledger)
    stats: dict = field(default_factory=dict)


def overlay_examples(catalog: Path, cloud: str, service: str, version: str, stem: str) -> list[dict]:
    """The examples a hand-written overlay adds to an operation (no rule may reject them)."""
    path = catalog / cloud / service / version / "overlays" / f"{stem}.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")).get("examples") or [])


def dump(value) -> str:
    """The one JSON text format of generated files: 2-space indent, UTF-8, key order kept."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def is_generated(path: Path) -> bool:
    try:
        return GENERATED_KEY in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def write_service(result: Service, catalog: Path = CATALOG, review: Path = REVIEW) -> dict:
    """Writes service.json and one file per operation; removes generated files that are no
    longer produced. Hand-written files (no "generated" key) and overlays are never touched."""
    folder = catalog / result.cloud / result.service / result.version
    changed = 0
    service_path = folder / "service.json"
    if service_path.exists() and not is_generated(service_path):
        raise ImportError_(f"{service_path} is hand-written; refusing to overwrite it")
    changed += write_if_changed(service_path, dump(result.service_file))
    produced = {"service.json"}
    for stem in sorted(result.operations):
        path = folder / f"{stem}.json"
        if path.exists() and not is_generated(path):
            # A hand-written operation wins over the generated one (e.g. a corrected entry).
            continue
        changed += write_if_changed(path, dump(result.operations[stem]))
        produced.add(path.name)
    removed = 0
    for path in sorted(folder.glob("*.json")):
        if path.name not in produced and is_generated(path):
            path.unlink()
            removed += 1
    entries = sorted(result.ledger, key=lambda e: (e["operation"], e["path"], e["kind"], e["state"], e["text"]))
    counts: dict = {}
    for e in entries:
        by_state = counts.setdefault(e["kind"], {})
        by_state[e["state"]] = by_state.get(e["state"], 0) + 1
    changed += write_if_changed(
        review / f"{result.cloud}.{result.service}.{result.version}.json",
        dump({"note": "The rule miner's ledger: every constraint it read in the descriptions, and its state. "
                      "checked: the catalog checks it (a warning labelled 'doc text', an error where review/decisions.json "
                      "confirms it, or a structured limit that already states it); rejected: not checked, for the reason "
                      "given; open: a sentence that reads like a limit, which the miner could not type.",
              "counts": dict(sorted(counts.items())),
              "entries": entries}),
    )
    return {"changed": changed, "removed": removed, "operations": len(result.operations)}
