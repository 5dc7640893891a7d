"""Open Telekom Cloud operations against the API reference they were imported from.

Independently of the importer (tools/importer/otc.py), every API page of the pinned reference
(tools/importer/sources/otc/<svc>/api-ref/source) is parsed again with docutils, simply: the
`METHOD /path` line and every table whose header is "Parameter | … Mandatory … | Type | …" outside
the response sections. The catalog as the CLI exports it (`cloudreq catalog export DIR` →
DIR/catalog/ops/<id>.json) must hold an operation whose `doc` is the page's public address, with
the same method and path, and every row as a field of that name (anywhere in the operation's field
tree) with the row's mandatory flag and a matching type. X-Auth-Token and Content-Type rows are
headers the core sends itself (token auth, JSON body) and are counted apart.

Counts go to test-output/fidelity-otc.txt.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

docutils = pytest.importorskip("docutils")
from docutils import nodes  # noqa: E402
from docutils.core import publish_doctree  # noqa: E402
from docutils.parsers.rst import Directive, directives, roles  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("CLOUDREQ_BIN") or ROOT / "target" / "debug" / "cloudreq")
SOURCES = ROOT / "tools" / "importer" / "sources" / "otc"
SUMMARY = ROOT / "test-output" / "fidelity-otc.txt"
SERVICES = {"ddm": "distributed-database-middleware", "dcs": "distributed-cache-service"}
SKIP_FOLDERS = {"appendix", "before_you_start", "calling_apis"}
AUTO = {"x-auth-token", "content-type"}


def _role(name, rawtext, text, lineno, inliner, options=None, content=None):
    label = re.sub(r"\s*<[^<>]*>\s*$", "", text)
    return [nodes.Text(label)], []


class _Code(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self):
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text)]


def _register():
    # docutils keeps roles process-wide; set ours before each parse (the adapter sets its own).
    roles.register_local_role("ref", _role)
    directives.register_directive("code-block", _Code)


SCALAR_NAMES = {"string", "integer", "long", "int", "float", "double", "number", "boolean"}


# Rows whose catalog reading deliberately differs from the table, with the reason. Each entry
# must still match a differing row (an entry that matches nothing fails the test).
DELIBERATE = {
    ("otc.ddm.CreateInstance", "time_zone"):
        "the row says String and lists the 25 accepted values; the curated form offers exactly those as a "
        "choice (an enum sends the same string)",
    ("otc.ddm.UploadSchemaMetadata", "dn_instance"):
        "the row names one DnInstance object, but the page's own example sends a list of them, as the Huawei "
        "SDK models it; the catalog keeps the list",
}


def _type_ok(doc_type: str, field: dict) -> bool:
    t = " ".join(doc_type.split()).lower()
    ty = field["type"]
    if t.startswith("array") or t.startswith("list") or t.endswith(" array"):
        return ty == "array"
    if t.startswith("map") or t.endswith("object") or t == "object" or re.fullmatch(r"[a-z][a-z0-9]*", t) and t not in SCALAR_NAMES:
        # "CreateInstanceDetail object", "Map<String,String>", or a bare link to a nested table
        return ty in ("object", "json_string")
    return {"string": ("string",), "integer": ("integer",), "long": ("integer",), "int": ("integer",),
            "float": ("number",), "double": ("number",), "number": ("number",),
            "boolean": ("boolean",)}.get(t, ("?",)).__contains__(ty)


def parse_page(path: Path):
    """(method, path, rows) of an API page, rows = [(name, mandatory, type)], or None."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^\s*(GET|POST|PUT|DELETE|PATCH)\s+(/\S*)\s*$", text, re.M)
    if not m:
        return None
    _register()
    doc = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5, "_disable_config": True})
    rows = []
    for table in doc.findall(nodes.table):
        section = table.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        if section is not None and section[0].astext().strip().lower().startswith("response"):
            continue
        head = [" ".join(e.astext().split()).lower() for e in next(table.findall(nodes.thead)).findall(nodes.entry)] \
            if next(table.findall(nodes.thead), None) is not None else []
        if not head or head[0] != "parameter" or "mandatory" not in head or "type" not in head:
            continue
        mi, ti = head.index("mandatory"), head.index("type")
        for row in next(table.findall(nodes.tbody)).children:
            cells = [" ".join(c.astext().split()) for c in row.children]
            if len(cells) == len(head) and cells[0]:
                rows.append((cells[0], cells[mi].lower().startswith("yes"), cells[ti]))
    return m.group(1), m.group(2).split("?")[0], rows


def _pages():
    out = []
    for svc in sorted(SERVICES):
        docs = SOURCES / svc / "api-ref" / "source"
        for p in sorted(docs.rglob("*.rst")):
            rel = p.relative_to(docs).with_suffix("").as_posix()
            if p.name == "index.rst" or rel.split("/")[0] in SKIP_FOLDERS:
                continue
            out.append((svc, rel, p))
    return out


def _walk(fields, out):
    for f in fields:
        out.setdefault(f["name"], []).append(f)
        _walk(f.get("fields", []), out)
        if "items" in f:
            _walk(f["items"].get("fields", []), out)
    return out


@pytest.fixture(scope="module")
def exported():
    if not BINARY.exists():
        pytest.skip("build the CLI first (cargo build -p cloudreq-cli)")
    out = Path(tempfile.mkdtemp(prefix="cloudreq-otc-"))
    subprocess.run([str(BINARY), "catalog", "export", str(out)], check=True, capture_output=True)
    by_doc = {}
    for f in (out / "catalog" / "ops").glob("otc.*.json"):
        op = json.loads(f.read_text(encoding="utf-8"))
        by_doc.setdefault(op["doc"], []).append(op)
    return by_doc


def test_every_row_of_every_page_is_in_the_catalog(exported):
    parsed = found = auto = pages = 0
    missing: list[str] = []
    same_api: list[str] = []
    deliberate: set[tuple[str, str]] = set()
    per_service: dict[str, list[int]] = {}
    for svc, rel, path in _pages():
        page = parse_page(path)
        if page is None:
            continue
        pages += 1
        method, api_path, rows = page
        url = f"https://docs.otc.t-systems.com/{SERVICES[svc]}/api-ref/{rel}.html"
        ops = [o for o in exported.get(url, []) if o["method"] == method and o["path"] == api_path]
        if not ops and any(o["method"] == method and o["path"] == api_path and o["id"].startswith(f"otc.{svc}.")
                           for group in exported.values() for o in group):
            # Another page documents the same method and path (the importer keeps the recommended one).
            same_api.append(f"{svc} {rel} ({method} {api_path})")
            continue
        assert ops, f"{svc} {rel}: no catalog operation with doc {url} and {method} {api_path}"
        fields = _walk(ops[0]["fields"], {})
        counts = per_service.setdefault(svc, [0, 0, 0])
        for name, mandatory, doc_type in rows:
            parsed += 1
            counts[0] += 1
            if name.lower() in AUTO:
                auto += 1
                counts[2] += 1
                continue
            candidates = fields.get(name, [])
            if any(_type_ok(doc_type, f) and (bool(f.get("required")) == mandatory or f.get("in") == "path")
                   for f in candidates):
                found += 1
                counts[1] += 1
            elif (ops[0]["id"], name) in DELIBERATE:
                deliberate.add((ops[0]["id"], name))
            else:
                got = [(f["type"], bool(f.get("required"))) for f in candidates]
                missing.append(f"{ops[0]['id']}: {name} ({doc_type}, mandatory {mandatory}) -> {got or 'absent'}")
    SUMMARY.parent.mkdir(exist_ok=True)
    lines = [f"OTC API reference rows vs catalog (test_fidelity_otc.py): {pages} API pages",
             f"rows parsed {parsed}, in the catalog with mandatory flag and type {found}, "
             f"headers the core sends itself (X-Auth-Token, Content-Type) {auto}, missing or different {len(missing)}"]
    lines += [f"  page left out, same API as a recommended page: {p}" for p in same_api]
    lines += [f"  {svc}: rows {c[0]}, in the catalog {c[1]}, auto headers {c[2]}" for svc, c in sorted(per_service.items())]
    lines += [f"  deliberate: {i} {n}: {DELIBERATE[(i, n)]}" for i, n in sorted(deliberate)]
    lines += [f"  {m}" for m in missing]
    SUMMARY.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert pages >= 180
    assert len(same_api) <= 1, same_api
    assert not missing, f"{len(missing)} of {parsed} rows differ, e.g. " + "; ".join(missing[:8])
    unused = sorted(set(DELIBERATE) - deliberate)
    assert not unused, f"DELIBERATE entries that match no differing row any more (remove them): {unused}"
