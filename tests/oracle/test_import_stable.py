"""The importer is deterministic: regenerating every imported service from the pinned sources
(tools/importer/manifest.json; wheels from PyPI, sha256-checked) into an empty folder gives
exactly the committed generated files and review lists, and no committed generated file is
left over."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
REVIEW = ROOT / "tools" / "importer" / "review"


def _generated(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*.json")):
        if "schema" in path.parts or "overlays" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "generated" in json.loads(text):
            out[str(path.relative_to(folder))] = text
    return out


def test_regeneration_gives_the_committed_files(tmp_path):
    out_catalog, out_review = tmp_path / "catalog", tmp_path / "review"
    proc = subprocess.run(
        [str(ROOT / "scripts" / "import"), "--catalog", str(out_catalog), "--review", str(out_review)],
        capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    fresh, committed = _generated(out_catalog), _generated(CATALOG)
    assert fresh, "the importer wrote nothing"
    # Where the catalog has a hand-written file (e.g. a curated variant), the importer leaves it
    # alone; into an empty folder it writes its own, which is then not compared.
    for rel in [p for p in fresh if p not in committed and (CATALOG / p).is_file()]:
        assert "generated" not in json.loads((CATALOG / rel).read_text(encoding="utf-8")), rel
        del fresh[rel]
    changed = sorted(p for p in fresh if committed.get(p) != fresh[p])
    stale = sorted(set(committed) - set(fresh))
    assert not changed, f"{len(changed)} generated files differ from a fresh import, e.g. {changed[:5]}: run scripts/import"
    assert not stale, f"generated files no import produces any more: {stale[:5]}"
    for review in sorted(out_review.glob("*.json")):
        assert review.read_text(encoding="utf-8") == (REVIEW / review.name).read_text(encoding="utf-8"), review.name
