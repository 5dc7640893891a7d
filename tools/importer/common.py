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


# Overlay keys that state a field's limits: where an overlay states any of them (or names the
# field in one of its rules), the hand-curated statement is the field's whole rule set.
LIMIT_KEYS = ("chars", "min_length", "max_length", "min", "max", "values", "min_items", "max_items",
              "pattern", "format", "password")


def overlay_curated_paths(catalog: Path, cloud: str, service: str, version: str, stem: str) -> frozenset[str]:
    """Field paths whose rules a hand-written overlay states (its limits or its rules' targets).
    Rules the miner reads from the text of those fields are superseded by the overlay."""
    path = catalog / cloud / service / version / "overlays" / f"{stem}.json"
    if not path.exists():
        return frozenset()
    overlay = json.loads(path.read_text(encoding="utf-8"))
    return curated_paths_of(overlay)


def curated_paths_of(overlay: dict | None) -> frozenset[str]:
    """The field paths an overlay (already read) curates; see `overlay_curated_paths`."""
    overlay = overlay or {}
    out = {p for p, patch in (overlay.get("field_overrides") or {}).items()
           if isinstance(patch, dict) and any(k in patch for k in LIMIT_KEYS)}
    for rule in overlay.get("rules") or []:
        if isinstance(rule.get("path"), str):
            out.add(rule["path"])
        out.update(p for p in rule.get("paths") or [] if isinstance(p, str))
    return frozenset(out)


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


# --- Secret fields ------------------------------------------------------------------------
# One decision for every adapter: a field whose value is a password, a secret key, a private
# key or an access token is marked `"secret": true`; the page then keeps its value in memory
# only (no draft, link, saved request, export or history holds it). Names are compared with
# case and separators removed (adminPass, admin_pass and X-Admin-Pass are the same name).

import re as _re

# What a secret's name ends with (after normalisation).
_SECRET_ENDINGS = ("password", "passwd", "passphrase", "pwd", "pass", "secret", "secretkey",
                   "privatekey", "accesskeysecret", "token", "credential", "credentials")
# Names that end like a secret and are none: idempotency and pagination tokens, modes and
# settings named after a token, words that merely end in "pass".
_NOT_SECRET_NAMES = frozenset({
    "clienttoken", "xclienttoken", "nexttoken", "pagetoken", "nextpagetoken", "continuationtoken",
    "idempotencytoken", "requesttoken", "httptokens", "httptoken", "bypass", "compass", "surpass",
})
# A name that is about a secret rather than one: its name, id, kind, policy, length, switch.
_ABOUT_A_SECRET = _re.compile(
    r"(name|names|id|ids|type|types|mode|policy|policyid|inherit|length|lifetime|access|enabled|"
    r"enable|expire|expired|expiretime|strategy|rule|rules|status|count|flag|set|required)$")
# What a description says a secret is, in English and Chinese.
_SECRET_WORDS = _re.compile(
    r"password|passwd|passphrase|secret ?key|secret|private ?key|access ?token|token|credential|"
    r"密码|口令|私钥|密钥|令牌|凭证|凭据", _re.I)
# Directly after the word: it names or identifies the secret, it is not the secret itself.
_NAMES_IT = _re.compile(r"\s*(pair|对|名称|名字|name|id\b|ID|标识|类型|type|mode|模式|策略|policy)", _re.I)
_FIRST_SENTENCE = _re.compile(r"^(.*?)(?:[。！？]|[.!?](?:\s|$)|\n|$)", _re.S)


def normalized_name(name: str) -> str:
    """A wire name in lower case without separators (`X-Admin_Pass` -> `xadminpass`)."""
    return _re.sub(r"[^a-z0-9]", "", name.lower())


def _describes_secret(description: str) -> bool:
    """The description's first sentence says the value is a secret (not its name or id)."""
    first = _FIRST_SENTENCE.match(description.strip().lstrip("*").strip())
    text = first.group(1) if first else description
    text = _re.sub(r"^\*\*[^*]*\*\*[:：]?\s*", "", text)  # "**参数解释**：" headings
    for m in _SECRET_WORDS.finditer(text):
        if not _NAMES_IT.match(text, m.end()):
            return True
    return False


def is_secret(name: str, type_: str, description: str = "", *other_descriptions: str) -> bool:
    """Whether a request field holds a secret: a string whose name ends like a password, secret
    key, private key or token (not an idempotency or pagination token, not a name, id or
    setting of one), or whose description's first sentence says it is one."""
    if type_ != "string":
        return False  # booleans, numbers, enums, objects: switches and settings, not secrets
    n = normalized_name(name)
    if n in _NOT_SECRET_NAMES or _ABOUT_A_SECRET.search(n):
        return False
    descriptions = [d for d in (description, *other_descriptions) if d]
    if n.endswith(_SECRET_ENDINGS):
        # "Secret name." / "Token ID.": a field called Secret that holds a name.
        if n.endswith(("secret", "token")) and descriptions and not any(_describes_secret(d) for d in descriptions):
            return False
        return True
    return any(_describes_secret(d) for d in descriptions)


def mark_secrets(fields: list[dict]) -> int:
    """Sets `"secret": true` on every request field (nested ones and list items too) that
    `is_secret` takes for one, and removes it from every other; returns how many are marked."""
    marked = 0
    for f in fields:
        secret = is_secret(f.get("name", ""), f.get("type", ""), f.get("description", ""))
        if secret:
            f["secret"] = True
            marked += 1
        else:
            f.pop("secret", None)
        marked += mark_secrets(f.get("fields") or [])
        items = f.get("items")
        if items:
            marked += mark_secrets([items])
    return marked
