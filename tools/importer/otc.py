"""Open Telekom Cloud adapter: one service from the official API reference (reStructuredText).

Sources (pinned in manifest.json as the tree `sources/otc`):
- `sources/otc/<svc>/api-ref/source/`: one page per API. Each has a title, a URI section
  (`METHOD /path` and a path-parameter table), "Parameter | Mandatory | Type | Description"
  tables for query, header and body parameters (nested tables, named by a `:ref:` in the Type
  column, for objects and arrays of objects), response tables per status code, example requests
  (`METHOD https://host/path` and a JSON body in a code block). `appendix/error_codes.rst` holds
  the service's error codes; `conf.py` the public address of the pages.
- `otc_regions.json` (this folder): regions and host pattern per service.

An API with the same method and path as an operation of the Huawei catalog (catalog/huawei/<svc>/)
is written as a variant of it (when the catalog accepts generated variants, see
`_variants_supported`), with the Huawei operation's name; the others stand alone, named from the
page (DCS pages carry the SDK operation name as their `:original_name:`).

Parsed with docutils (tools/importer/requirements.txt); Sphinx's `:ref:` role and `code-block`
directive are given minimal stand-ins here.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field as dfield
from pathlib import Path

from . import miner
from .common import CATALOG, HERE, Context, ImportError_, Service, mark_secrets, overlay_curated_paths, overlay_examples

try:
    from docutils import nodes, utils
    from docutils.core import publish_doctree
    from docutils.parsers.rst import Directive, directives, roles
except ModuleNotFoundError as e:  # pragma: no cover
    raise ImportError_("the OTC adapter needs docutils (tools/importer/requirements.txt)") from e

SCHEMA_OP = "../../../schema/operation.schema.json"
SCHEMA_VARIANT = "../../../schema/variant.schema.json"
DOCS_SITE = "https://docs.otc.t-systems.com"
# Headers the core sets itself (token auth, JSON body): not fields of a form.
AUTO_HEADERS = {"x-auth-token", "content-type"}
SAMPLE_PROJECT = "619d3e78f61b4be68bc5aa0b59edcf7b"  # the project id of the DDM reference's examples

# ---------------------------------------------------------------- docutils stand-ins for Sphinx


def _ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    m = re.match(r"^(.*?)\s*<([^<>]+)>\s*$", text, re.S)
    label, target = (m.group(1), m.group(2)) if m else (text, text)
    node = nodes.inline(rawtext, utils.unescape(label))
    node["classes"].append("otc-ref")
    node["otc_target"] = nodes.make_id(target)
    return [node], []


class _CodeBlock(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"language": directives.unchanged, "linenos": directives.flag, "caption": directives.unchanged}

    def run(self):
        text = "\n".join(self.content)
        node = nodes.literal_block(text, text)
        node["language"] = self.arguments[0] if self.arguments else ""
        return [node]


def _register() -> None:
    # docutils keeps roles and directives process-wide: set ours before every parse (another
    # module in the same process may have registered its own `ref`).
    roles.register_local_role("ref", _ref_role)
    roles.register_local_role("doc", _ref_role)
    directives.register_directive("code-block", _CodeBlock)

_SETTINGS = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False,
             "doctitle_xform": False, "docinfo_xform": False, "_disable_config": True}


def doctree(text: str) -> nodes.document:
    _register()
    return publish_doctree(text, settings_overrides=_SETTINGS)


def flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- one page


@dataclass
class Row:
    name: str
    mandatory: bool | None  # None: the table has no Mandatory column
    type_text: str
    target: str | None  # id of the table a :ref: in the Type column names
    description: str
    see: list[str] = dfield(default_factory=list)  # ids the description's :ref:s name ("see Table 3")


@dataclass
class Table:
    title: str  # "Request body parameters", "CreateInstanceDetail"
    ids: list[str]
    section: str  # title of the enclosing section (URI, Request Parameters, Response Parameters…)
    status: int | None  # the "Status code: N" it follows (response sections)
    rows: list[Row]


@dataclass
class Page:
    rel: str  # path under api-ref/source, without .rst
    title: str
    original: str
    function: str
    constraints: str
    method: str
    path: str
    tables: list[Table]
    examples: list[tuple[str, str]]  # (caption, code text)
    statuses: list[int] = dfield(default_factory=list)


_URI = re.compile(r"^(GET|POST|PUT|DELETE|PATCH|HEAD)\s+(/\S*)", re.M)
_STATUS = re.compile(r"^Status code:?\s*(\d{3})$", re.I)


def _table(tbl: nodes.table, section: str, status: int | None) -> Table | None:
    title_node = next((c for c in tbl.children if isinstance(c, nodes.title)), None)
    title = flat(title_node.astext()) if title_node else ""
    title = re.sub(r"^Table\s+\d+\s*", "", title)
    tgroup = next(c for c in tbl.children if isinstance(c, nodes.tgroup))
    thead = next((c for c in tgroup.children if isinstance(c, nodes.thead)), None)
    tbody = next((c for c in tgroup.children if isinstance(c, nodes.tbody)), None)
    if thead is None or tbody is None:
        return None
    head = [flat(e.astext()).lower() for e in thead.children[0].children]
    if not head or head[0] != "parameter" or "type" not in head:
        return None
    col = {h: i for i, h in enumerate(head)}
    rows = []
    for r in tbody.children:
        cells = list(r.children)
        if len(cells) != len(head):
            continue
        name = flat(cells[0].astext())
        if not name:
            continue
        tcell = cells[col["type"]]
        ref = next(iter(tcell.findall(lambda n: isinstance(n, nodes.Element) and "otc_target" in n.attributes)), None)
        mand = None
        if "mandatory" in col:
            mand = flat(cells[col["mandatory"]].astext()).lower().startswith("yes")
        desc, see = "", []
        if "description" in col:
            dcell = cells[col["description"]]
            desc = flat(dcell.astext())
            see = [n["otc_target"] for n in dcell.findall(lambda n: isinstance(n, nodes.Element) and "otc_target" in n.attributes)]
        rows.append(Row(name, mand, flat(tcell.astext()), ref["otc_target"] if ref is not None else None, desc, see))
    return Table(title, list(tbl["ids"]), section, status, rows)


def parse_page(text: str, rel: str) -> Page | None:
    """The API described by one page, or None when the page describes no API (an index, an
    appendix)."""
    doc = doctree(text)
    m = re.search(r"^:original_name:\s*(\S+?)(?:\.html)?\s*$", text, re.M)
    original = m.group(1) if m else ""
    top = next(iter(doc.findall(nodes.section)), None)
    if top is None:
        return None
    title = flat(top[0].astext())
    method = path = ""
    function = constraints = ""
    tables: list[Table] = []
    examples: list[tuple[str, str]] = []
    statuses: list[int] = []
    for sec in top.findall(nodes.section):
        if sec is top:
            continue
        name = flat(sec[0].astext())
        lname = name.lower()
        if lname == "function":
            function = flat(" ".join(c.astext() for c in sec.children[1:]))
        elif lname in ("constraints", "constraint"):
            constraints = flat(" ".join(c.astext() for c in sec.children[1:]))
        if lname == "uri" and not method:
            for p in sec.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.literal_block))):
                um = _URI.search(p.astext())
                if um:
                    method, path = um.group(1), um.group(2)
                    break
        status = None
        for child in sec.children[1:]:
            if isinstance(child, nodes.paragraph):
                sm = _STATUS.match(flat(child.astext()))
                if sm:
                    status = int(sm.group(1))
            for tbl in ([child] if isinstance(child, nodes.table) else list(child.findall(nodes.table))
                        if not isinstance(child, nodes.section) else []):
                t = _table(tbl, name, status)
                if t:
                    tables.append(t)
        if lname.startswith("example request") or lname in ("request example", "example requests"):
            examples += _examples(sec, False)
        elif lname in ("request", "request parameters"):
            examples += _examples(sec, True)
        if lname == "status codes":
            for tbl in sec.findall(nodes.table):
                for row in tbl.findall(nodes.row):
                    cell = flat(row.children[0].astext())
                    if cell.isdigit():
                        statuses.append(int(cell))
    if not method:
        return None
    return Page(rel, title, original, function, constraints, method, path.split("?")[0], tables, examples, statuses)


def _examples(sec: nodes.section, after_marker: bool) -> list[tuple[str, str]]:
    """(caption, code) of the example requests of a section; a code block holding only the
    request line is joined with the JSON block after it (the V1 pages write them apart).
    `after_marker`: only blocks after a paragraph "Example request"."""
    blocks: list[tuple[str, str]] = []
    caption = ""
    started = not after_marker
    for n in sec.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.literal_block))):
        if isinstance(n, nodes.paragraph):
            text = flat(n.astext())
            if after_marker and re.match(r"^example requests?$", text, re.I):
                started = True
            elif isinstance(n.parent, (nodes.list_item, nodes.section)) and started:
                caption = text
        elif started:
            blocks.append((caption, n.astext()))
    out: list[tuple[str, str]] = []
    for caption, code in blocks:
        alone = re.fullmatch(r"\s*(GET|POST|PUT|DELETE|PATCH)\s+\S+\s*", code)
        if out and not _URI.search(code) and code.lstrip()[:1] in "{[" and re.fullmatch(
                r"\s*(GET|POST|PUT|DELETE|PATCH)\s+\S+\s*", out[-1][1]):
            out[-1] = (out[-1][0], out[-1][1].strip() + "\n\n" + code)
            continue
        if _URI.search(code) or alone or re.match(r"^\s*(GET|POST|PUT|DELETE|PATCH)\s+https?://", code):
            out.append((caption, code))
    return out


# ---------------------------------------------------------------- types and fields


_ARRAY = re.compile(r"^(?:array|list)\s+of\s+(.+?)s?$|^(.+?)\s+array$|^list<(.+)>$", re.I)
SCALARS = {"string": "string", "integer": "integer", "int": "integer", "long": "integer", "int32": "integer",
           "int64": "integer", "float": "number", "double": "number", "number": "number", "bigdecimal": "number",
           "boolean": "boolean", "bool": "boolean", "object": "object"}


def type_of(type_text: str, has_ref: bool) -> tuple[str, str | None]:
    """(catalog type, item type for arrays) of a Type cell. Objects named by a :ref: are
    "object" (or "array" of "object"); maps and bare "object" are free-form objects."""
    t = flat(type_text)
    low = t.lower()
    if low.startswith("map"):
        return "object", None
    if low in ("array", "list"):
        return "array", "object" if has_ref else "string"
    m = _ARRAY.match(t)
    if m:
        inner = (m.group(1) or m.group(2) or m.group(3)).strip().lower()
        if has_ref or inner.endswith("object") or inner not in SCALARS and inner.rstrip("s") not in SCALARS:
            return "array", "object"
        return "array", SCALARS.get(inner, SCALARS.get(inner.rstrip("s"), "string"))
    if has_ref:
        return "object", None
    if low.endswith(" object") or low == "object" or low == "json":
        return "object", None
    if low in SCALARS:
        return SCALARS[low], None
    raise ImportError_(f"unknown type {t!r}")


def _path_params(path: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", path)


class _Op:
    """Builds the fields of one page; collects warnings (doc-text ranges) and proposals."""

    def __init__(self, adapter: "_Adapter", page: Page, op_id: str):
        self.a = adapter
        self.page = page
        self.op_id = op_id
        self.by_id: dict[str, Table] = {}
        for t in page.tables:
            for i in t.ids:
                self.by_id[i] = t
        self.by_title = {t.title: t for t in page.tables}
        self.rules: list[dict] = []
        self.mined = miner.Result([])
        self.rows = 0
        self.required = 0
        self.fields_n = 0

    def nested(self, row: Row) -> Table | None:
        if row.target and row.target in self.by_id:
            return self.by_id[row.target]
        if not row.target and row.type_text.lower() in ("object", "array", "array of objects"):
            # V1 pages: "Object", and "For details, see Table 3" in the description.
            return next((self.by_id[t] for t in row.see if t in self.by_id), None)
        m = re.match(r"^(?:Array of\s+)?(\w+)", row.type_text)
        if row.target and m and m.group(1) in self.by_title:
            return self.by_title[m.group(1)]
        return None

    def fields(self, table: Table, scope: list[dict], prefix: str, full: str, stack: tuple[str, ...]) -> list[dict]:
        out = []
        for row in table.rows:
            f = self.field(row, scope, prefix, full, stack)
            if f is not None:
                out.append(f)
        return out

    def field(self, row: Row, scope, prefix, full, stack, where: str | None = None) -> dict | None:
        sub = self.nested(row)
        ty, item = type_of(row.type_text, sub is not None)
        free = ty == "object" and sub is None
        self.rows += 1
        self.fields_n += 1
        f: dict = {"name": row.name, "type": "json_string" if free else ty}
        if where:
            f["in"] = where
        if row.mandatory or where == "path":
            f["required"] = True
            self.required += 1
        if row.description:
            f["description"] = row.description
        if free:
            f["note"] = ("The reference gives this as an object without listing its members; the catalog has no "
                         "free-form object type, so it is written as JSON text.")
        if ty == "array":
            f["items"] = {"name": "item", "type": item}
            if item == "object" and sub is None:
                f["items"]["type"] = "json_string"
        if sub is not None and sub.title not in stack:
            if ty == "array":
                inner_scope: list[dict] = []
                f["items"]["fields"] = self.fields(sub, inner_scope, "", full + row.name + ".", stack + (sub.title,))
                if inner_scope:
                    f["rules"] = inner_scope
            else:
                f["fields"] = self.fields(sub, scope, prefix + row.name + ".", full + row.name + ".", stack + (sub.title,))
        elif sub is not None:
            self.a.warn(f"{self.op_id}: {full}{row.name} refers back to {sub.title}; nested fields left out")
        if re.search(r"\bdeprecated\b|\bno longer (?:used|supported)\b", row.description, re.I):
            f["deprecated"] = True
        return f


SOURCE_PAIR = "doc text, stated by the Open Telekom Cloud and the Huawei Cloud documentation"


def _rule_paths(rule: dict) -> list[str]:
    """Every field path a rule names (its condition's too)."""
    out = [rule["when"]["path"]] if rule.get("when") else []
    for key in ("path", "other", "count", "from", "to"):
        if key in rule:
            out.append(rule[key])
    out += rule.get("paths", [])
    out += [p for g in rule.get("groups", []) for p in g]
    return out


def _num(x: float):
    return int(x) if float(x).is_integer() else x


def classify(table: Table, referenced: set[str]) -> str | None:
    """Where the rows of a top-level table go: path | query | header | body | uri (path or
    query, by name), or None for a table that is not a request's top level (nested, response)."""
    t = table.title.lower()
    sec = table.section.lower()
    if sec.startswith("response") or any(i in referenced for i in table.ids):
        return None
    if "path param" in t:
        return "path"
    if "uri param" in t:
        return "uri"
    if "query param" in t:
        return "query"
    if "header param" in t:
        return "header"
    if "body param" in t or t == "request parameters":
        return "body"
    if sec == "uri":
        return "uri"
    if sec.startswith("request"):
        return "body"
    return None


# ---------------------------------------------------------------- names


GERUNDS = {"creating": "Create", "deleting": "Delete", "changing": "Change", "scaling": "Scale", "enabling": "Enable",
           "disabling": "Disable", "managing": "Manage", "restoring": "Restore", "synchronizing": "Synchronize",
           "configuring": "Configure", "removing": "Remove", "resetting": "Reset", "stopping": "Stop",
           "updating": "Update", "using": "Use", "renaming": "Rename", "executing": "Execute", "saving": "Save",
           "pre-checking": "Precheck", "rolling": "Roll", "modifying": "Modify", "querying": "Query",
           "obtaining": "Obtain", "retrying": "Retry", "canceling": "Cancel", "cancelling": "Cancel",
           "releasing": "Release", "importing": "Import", "exporting": "Export", "listing": "List",
           "viewing": "View", "downloading": "Download", "collecting": "Collect", "backing": "Back",
           "binding": "Bind", "unbinding": "Unbind", "adding": "Add", "checking": "Check", "monitoring": "Monitor",
           "reloading": "Reload", "restarting": "Restart", "switching": "Switch", "performing": "Perform",
           "clearing": "Clear", "batch": "Batch", "deleting/adding": "DeleteAdd"}
SMALL = {"a", "an", "the", "of", "to", "for", "in", "on", "at", "and", "or", "with", "by", "from", "about"}


def name_from_title(title: str) -> str:
    """CamelCase operation name from a page title: "Scaling Out a DDM Instance (a V2 API)" ->
    "ScaleOutDDMInstanceV2" (API version of the parenthesis kept, articles dropped)."""
    version = ""
    m = re.search(r"\(\s*an?\s+(V[\d.]+)\s+API\s*\)", title, re.I)
    if m:
        version = m.group(1).upper().replace(".", "_")
    t = re.sub(r"\([^)]*\)", " ", title)
    if not m:
        t = re.sub(r"\s+an?\s+(V[\d.]+)\s+API\s*$", " ", t, flags=re.I)
        m2 = re.search(r"\ban?\s+(V[\d.]+)\s+API\b", title, re.I)
        if m2:
            version = m2.group(1).upper().replace(".", "_")
    words = re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", t)
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i == 0 and low in GERUNDS:
            out.append(GERUNDS[low])
            continue
        if low in SMALL:
            continue
        if i == 0 and low.endswith("ing"):
            out.append(w[:-3].capitalize())
            continue
        for part in w.split("-"):
            out.append(part if any(c.isupper() for c in part[1:]) else part[:1].upper() + part[1:])
    return "".join(out) + version


# ---------------------------------------------------------------- examples


def _fill_path(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([^{}]+)\}", lambda m: values.get(m.group(1), m.group(0)), path)


def example_problems(body, fields: list[dict], path: str = "") -> list[str]:
    """Where a documented body breaks the fields it documents: a wrong JSON type, a required
    member missing, a member the fields do not know."""
    out: list[str] = []
    if not isinstance(body, dict):
        return [f"{path or 'body'} is not an object"]
    known = {f["name"] for f in fields}
    for k in body:
        if k not in known:
            out.append(f"{path}{k} is not a documented parameter")
    for f in fields:
        where = path + f["name"]
        if f["name"] not in body or body[f["name"]] is None:
            if f.get("required"):
                out.append(f"{where} is required")
            continue
        out += _value_problems(body[f["name"]], f, where)
    return out


def _value_problems(value, f: dict, where: str) -> list[str]:
    ty = f["type"]
    ok = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "json_string": lambda v: isinstance(v, str),
    }.get(ty, lambda v: True)
    if not ok(value):
        return [f"{where} should be {ty}, is {json.dumps(value, ensure_ascii=False)[:40]}"]
    out: list[str] = []
    if ty == "object" and f.get("fields"):
        out += example_problems(value, f["fields"], where + ".")
    elif ty == "array":
        for i, item in enumerate(value):
            if item is None:
                out.append(f"{where}[{i}] is null")
            else:
                out += _value_problems(item, f["items"], f"{where}[{i}]")
    return out


def short_title(text: str, limit: int = 100) -> str:
    """An example's caption as a title: its first sentence, cut at a word under `limit`
    characters (saved requests take the title as their name)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first.rstrip(".")
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def match_path(template: str, path: str, values: dict) -> tuple[str, str | None]:
    """(the example's path with the reference's placeholders filled with sample values, or a
    reason it does not match the template)."""
    t, a = template.split("/"), path.split("/")
    if len(t) != len(a):
        return path, f"path {path} does not match {template}"
    out = []
    for ts, seg in zip(t, a):
        if ts.startswith("{") and ts.endswith("}"):
            if "{" in seg or not seg:
                v = values.get(ts[1:-1])
                if v is None:
                    return path, f"no sample value for {ts}"
                seg = str(v)
        elif ts != seg:
            return path, f"path {path} does not match {template}"
        if not _PLAIN.match(seg):
            return path, f"the path segment {seg} needs encoding (a masked or placeholder value)"
        out.append(seg)
    return "/".join(out), None


_PLAIN = re.compile(r"^[A-Za-z0-9_.~-]*$")


def sorted_query(query: str, fields: dict[str, dict]) -> tuple[str, str | None]:
    """The example's query string as the core builds it (pairs in field order), or why it is
    left out: an undocumented key, a value of the wrong type, a value that needs encoding."""
    if not query:
        return "", None
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        k, _, v = part.partition("=")
        f = fields.get(k)
        if f is None:
            return "", f"the query parameter {k} is not documented"
        if not _PLAIN.match(v) or not v or "{" in v:
            return "", f"the query value of {k} is a placeholder or needs encoding"
        if f["type"] == "integer" and not re.fullmatch(r"-?\d+", v):
            return "", f"the query parameter {k} should be an integer, is {v!r}"
        if f["type"] == "boolean" and v not in ("true", "false"):
            return "", f"the query parameter {k} should be true or false, is {v!r}"
        if f["type"] in ("array", "object"):
            return "", f"the query parameter {k} is a list"
        if any(k == p[0] for p in pairs):
            return "", f"the query parameter {k} is given twice"
        pairs.append((k, v))
    order = list(fields)
    pairs.sort(key=lambda p: order.index(p[0]))
    return "&".join(f"{k}={v}" for k, v in pairs), None


def parse_example(code: str) -> tuple[str, str, str, object] | None:
    """(method, path, query, body) of an example request code block, or None."""
    lines = code.strip().splitlines()
    if not lines:
        return None
    m = re.match(r"^(GET|POST|PUT|DELETE|PATCH)\s+(?:https?://[^/\s]*)?(/\S*)\s*$", lines[0].strip())
    if not m:
        return None
    method, target = m.group(1), m.group(2)
    path, _, query = target.partition("?")
    rest = "\n".join(lines[1:]).strip()
    body = None
    if rest:
        try:
            body = json.loads(rest)
        except ValueError:
            return (method, path, query, ValueError)
    return method, path, query, body


# ---------------------------------------------------------------- the service


class _Adapter:
    def __init__(self, ctx: Context, spec: dict, catalog: Path = CATALOG):
        self.ctx = ctx
        self.spec = spec
        self.cloud, self.service, self.version = spec["cloud"], spec["service"], spec["version"]
        root = ctx.snapshot_tree("sources/otc")
        self.docs = HERE / spec["docs"]
        if root not in self.docs.parents:
            raise ImportError_(f"{spec['docs']} is not under sources/otc")
        conf = (self.docs / "conf.py").read_text(encoding="utf-8")
        m = re.search(r"^otcdocs_doc_link\s*=\s*['\"]([^'\"]+)['\"]", conf, re.M)
        if not m:
            raise ImportError_(f"{spec['docs']}/conf.py has no otcdocs_doc_link")
        self.doc_base = DOCS_SITE + m.group(1)
        regions = json.loads((HERE / "otc_regions.json").read_text(encoding="utf-8"))["services"]
        if self.service not in regions:
            raise ImportError_(f"otc_regions.json has no {self.service}")
        self.endpoint = regions[self.service]
        self.catalog = catalog
        self.ledger: list[dict] = []
        self.warnings: list[str] = []
        self.source = f"scripts/import: OTC {self.service.upper()} API reference ({spec['docs']}, {_provenance(self.docs)})"
        self.huawei = self._huawei_ops()
        self.variants_ok = _variants_supported(catalog)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def _huawei_ops(self) -> dict[tuple[str, str], tuple[str, dict]]:
        """(method, path) -> (id, operation) of the Huawei catalog's operations written in full."""
        out = {}
        folder = self.catalog / "huawei" / self.service
        for path in sorted(folder.glob("*/*.json")):
            if path.name == "service.json":
                continue
            try:
                op = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            if "base" in op or "method" not in op:
                continue
            out.setdefault((op["method"], op["path"]), (f"huawei.{self.service}.{path.stem}", op))
        return out

    def pages(self) -> list[Page]:
        out = []
        for path in sorted(self.docs.rglob("*.rst")):
            rel = path.relative_to(self.docs).with_suffix("").as_posix()
            if path.name == "index.rst" or rel.split("/")[0] in ("appendix", "before_you_start", "calling_apis"):
                continue
            page = parse_page(path.read_text(encoding="utf-8"), rel)
            if page is not None:
                out.append(page)
        return out

    def run(self) -> Service:
        stats = {"pages": 0, "operations": 0, "variants": 0, "same_as_huawei": 0, "standalone": 0, "deprecated": 0,
                 "fields": 0, "required": 0, "rows": 0, "rules_mined": 0, "rules_confirmed": 0, "rules_rejected": 0, "rules_open": 0,
                 "examples_kept": 0, "examples_dropped": 0}
        pages = self.pages()
        stats["pages"] = len(pages)
        # Two pages with the same method and path are one API: the recommended page wins, the
        # outdated one is left out (DDM's "Modifying Parameters of an Instance (a V3 API)" page
        # writes the V3.1 URI of its successor).
        seen: dict[tuple[str, str], Page] = {}
        for page in sorted(pages, key=lambda p: (self.deprecated(p), p.rel)):
            key = (page.method, page.path)
            if key in seen:
                self.warn(f"{page.rel}: same method and path as {seen[key].rel} ({page.method} {page.path}); left out")
                stats["same_api_skipped"] = stats.get("same_api_skipped", 0) + 1
            else:
                seen[key] = page
        pages = [p for p in pages if seen[(p.method, p.path)] is p]
        names: dict[str, Page] = {}
        ops: dict[str, dict] = {}
        for page in pages:
            base = self.huawei.get((page.method, page.path))
            name = base[0].split(".")[-1] if base else self.name(page)
            if name in names:
                other = names[name]
                name2 = name + _path_version(page.path)
                self.warn(f"{page.rel}: name {name} is taken by {other.rel}; named {name2}")
                name = name2
                if name in names:
                    raise ImportError_(f"{page.rel}: no unique name ({name})")
            names[name] = page
            op_id = f"{self.cloud}.{self.service}.{name}"
            o = _Op(self, page, op_id)
            op = self.operation(page, o, name)
            if base:
                # The Huawei page of the same API states the same rule: two sources, an error.
                miner.confirm(o.mined, base[1], f"{SOURCE_PAIR} ({base[0]})")
            self.ledger += miner.ledger_entries(o.mined, op_id)
            if base:
                stats["same_as_huawei"] += 1
                extra = _extra_fields(op, base[1])
                if not self.variants_ok:
                    op.setdefault("notes", []).append(
                        f"Same method and path as {base[0]}; written in full because the catalog does not yet accept "
                        "generated variants.")
                    stats["standalone"] += 1
                elif extra:
                    # A variant can only narrow its base; parameters Huawei lacks need the full form.
                    op.setdefault("notes", []).append(
                        f"Same method and path as {base[0]}; written in full because Open Telekom Cloud documents "
                        f"parameters the Huawei operation lacks ({', '.join(extra)}).")
                    stats["standalone"] += 1
                else:
                    op = self.variant(op, base, o)
                    stats["variants"] += 1
            else:
                stats["standalone"] += 1
            ops[name] = op
            stats["operations"] += 1
            stats["deprecated"] += bool(op.get("deprecated"))
            stats["fields"] += o.fields_n
            stats["required"] += o.required
            stats["rows"] += o.rows
            counts = o.mined.counts()
            stats["rules_mined"] += sum(1 for m in o.mined.mined if m.state == "checked" and m.rule is not None)
            stats["rules_confirmed"] += sum(1 for m in o.mined.mined if m.rule and m.rule.get("severity") == "error")
            stats["rules_rejected"] += counts.get("rejected", 0)
            stats["rules_open"] += counts.get("open", 0)
            stats["examples_kept"] += len(op.get("examples", []))
        stats["examples_dropped"] = self.dropped
        stats["warnings"] = len(self.warnings)
        for op in ops.values():
            mark_secrets(op.get("fields") or [])  # one decision for every cloud (common.is_secret)
        return Service(self.cloud, self.service, self.version, self.service_file(), ops, self.ledger, stats)

    dropped = 0

    def name(self, page: Page) -> str:
        if re.fullmatch(r"[A-Z][A-Za-z0-9]+", page.original):
            return page.original
        return name_from_title(page.title)

    def deprecated(self, page: Page) -> bool:
        top = page.rel.split("/")[0]
        text = f"{page.constraints} {page.function}".lower()
        return ("outdated" in top or "unavailable" in top or "deprecated" in text
                or "to be removed soon" in text or "not recommended" in text)

    def operation(self, page: Page, o: _Op, name: str) -> dict:
        fields: list[dict] = []
        ids = {i for t in page.tables for i in t.ids}
        referenced = {r.target for t in page.tables for r in t.rows if r.target}
        referenced |= {i for t in page.tables for r in t.rows for i in r.see if i in ids}
        params = set(_path_params(page.path))
        for t in page.tables:
            kind = classify(t, referenced)
            if kind is None:
                continue
            for row in t.rows:
                where = kind if kind != "uri" else ("path" if row.name in params else "query")
                if where == "body" and re.match(r"^X-[A-Za-z-]+$", row.name):
                    where = "header"  # a header row in a table the page calls "Parameter description"
                if row.name.lower() in AUTO_HEADERS:
                    o.rows += 1  # documented, and sent by the core itself
                    continue
                if any(f["name"] == row.name for f in fields):
                    o.rows += 1
                    self.warn(f"{page.rel}: {row.name} is listed twice (as a {where} parameter too); the first one kept")
                    continue
                f = o.field(row, o.rules, "", "", (t.title,), where=None if where == "body" else where)
                if f is not None:
                    fields.append(f)
        names = {f["name"] for f in fields}
        for p in _path_params(page.path):
            if p not in names:
                self.warn(f"{page.rel}: path parameter {p} has no table row; added")
                fields.insert(0, {"name": p, "type": "string", "in": "path", "required": True})
                names.add(p)
        for f in fields:
            if f.get("in") == "path":
                f["required"] = True
                f.setdefault("min_length", 1)
        _set_examples(fields)
        op: dict = {"$schema": SCHEMA_OP, "generated": self.source, "title": page.title}
        description = page.function
        if description:
            op["description"] = description
        if self.deprecated(page):
            op["deprecated"] = True
        op["doc"] = f"{self.doc_base}{page.rel}.html"
        op.update({"method": page.method, "path": page.path, "fields": fields})
        if o.rules:
            op["rules"] = o.rules
        examples, notes = self.examples(page, fields)
        op["examples"] = examples
        op["response"] = self.response(page)
        if self.deprecated(page) and page.constraints:
            notes.insert(0, f"The reference says: {page.constraints}")
        if notes:
            op["notes"] = notes
        documented = examples + overlay_examples(self.catalog, self.cloud, self.service, self.version, name)
        curated = overlay_curated_paths(self.catalog, self.cloud, self.service, self.version, name)
        o.mined = miner.mine_operation(op, o.op_id, miner.example_values(documented), stated_elsewhere=curated)
        miner.place_rules(op)
        return op

    def examples(self, page: Page, fields: list[dict]) -> tuple[list[dict], list[str]]:
        out, notes = [], []
        values = {f["name"]: f.get("example") for f in fields if f.get("in") == "path"}
        host = self.endpoint["host"].replace("{region}", self.endpoint["default_region"])
        for i, (caption, code) in enumerate(page.examples):
            parsed = parse_example(code)
            title = caption.rstrip(":") or f"Example {i + 1}"
            if title.lower() in ("example request", "example", "request example"):
                title = f"Example {i + 1}" if len(page.examples) > 1 else "Example request"
            if parsed is None:
                continue
            title = short_title(title)
            method, path, query, body = parsed
            problems = []
            if method != page.method:
                problems.append(f"method {method}, the URI says {page.method}")
            real, why = match_path(page.path, path, values)
            if why:
                problems.append(why)
            if body is ValueError:
                problems.append("the body is not JSON")
            else:
                body_fields = [f for f in fields if "in" not in f]
                if body is not None or body_fields:
                    problems += example_problems(body if body is not None else {}, body_fields)
            qs, qwhy = sorted_query(query, {f["name"]: f for f in fields if f.get("in") == "query"})
            if qwhy:
                problems.append(qwhy)
            if problems:
                self.dropped += 1
                self.warn(f"{page.rel}: example {title!r} dropped ({'; '.join(problems[:3])})")
                notes.append(f"The documented example {title!r} is left out: {'; '.join(problems[:3])}.")
                continue
            ex: dict = {"title": title, "source": f"OTC {self.service.upper()} API reference {page.rel}.rst"
                        + (" (path placeholders filled with sample values)" if real != path else ""),
                        "url": f"https://{host}{real}" + (f"?{qs}" if qs else "")}
            if body is not None:
                ex["body"] = body
            out.append(ex)
        return out, notes

    def response(self, page: Page) -> dict:
        statuses = sorted({t.status for t in page.tables if t.status} | set(page.statuses))
        ok = next((s for s in statuses if 200 <= s < 300), 200)
        out: dict = {"status": ok, "fields": []}
        for t in page.tables:
            if t.status == ok and t.section.lower().startswith("response"):
                for row in t.rows:
                    try:
                        ty, item = type_of(row.type_text, row.target is not None)
                    except ImportError_:
                        ty, item = "string", None
                    f: dict = {"name": row.name, "type": ty}
                    if row.description:
                        f["description"] = row.description
                    if ty == "array":
                        f["items"] = {"name": "item", "type": item}
                    out["fields"].append(f)
                break
        err = next((t for t in page.tables if t.status and t.status >= 400 and t.section.lower().startswith("response")), None)
        if err and err.rows:
            out["error_shape"] = "{" + ",".join(json.dumps(r.name) for r in err.rows) + "}"
        else:
            out["error_shape"] = self.endpoint["error_shape"]
        return out

    def variant(self, op: dict, base: tuple[str, dict], o: _Op) -> dict:
        """The page as what differs from the Huawei operation with the same method and path."""
        base_id, bop = base
        mine = _flatten(op["fields"])
        theirs = _flatten(bop["fields"])
        def undescribed(p: str) -> bool:
            """Whether the page names p's parent without listing its members (they stay as the SDK has them)."""
            parent = p.rpartition(".")[0]
            f = mine.get(parent)
            return f is not None and not (f.get("fields") or f.get("items", {}).get("fields"))

        remove = [p for p in theirs if p not in mine and not undescribed(p)
                  and not any(p.startswith(r + ".") for r in theirs if r not in mine and r != p)]
        overrides: dict = {}
        notes_extra: list[str] = []
        for p, f in mine.items():
            b = theirs.get(p)
            if b is None:
                continue
            patch: dict = {}
            if f["type"] != b["type"]:
                kept = _keep_base_type(b["type"], f["type"])
                if kept:
                    notes_extra.append(f"{p}: the reference says {f['type']}, kept {b['type']} from {base_id} ({kept}).")
                else:
                    patch["type"] = f["type"]
                    if b["type"] == "enum":
                        patch["values"] = None  # the reference names no values: any text is sent
            if bool(f.get("required")) != bool(b.get("required")):
                patch["required"] = True if f.get("required") else None
            if f.get("rules") and f["rules"] != b.get("rules"):
                patch["rules"] = f["rules"]
            elif b.get("rules") and not f.get("rules"):
                patch["rules"] = None  # the base's rules on this list are Huawei's own reading
            if f.get("description") and (not b.get("description") or b.get("lang") == "zh" or bop.get("lang") == "zh"):
                patch["description"] = f["description"]
                if bop.get("lang", "en") != "en":
                    patch["lang"] = "en"
                elif b.get("lang"):
                    patch["lang"] = None
            if patch:
                overrides[p] = patch
        out: dict = {"$schema": SCHEMA_VARIANT, "generated": self.source, "base": base_id, "title": op["title"]}
        if op.get("description"):
            out["description"] = op["description"]
            if bop.get("lang", "en") != "en":
                out["lang"] = "en"
        if bool(op.get("deprecated")) != bool(bop.get("deprecated")):
            out["deprecated"] = bool(op.get("deprecated"))
        out["doc"] = op["doc"]
        if remove:
            out["remove_fields"] = remove
        if overrides:
            out["field_overrides"] = overrides
        out["rules"] = [r for r in op.get("rules", []) if all(p in mine for p in _rule_paths(r))]
        out["examples"] = op["examples"]
        out["errors"] = op.get("errors", [])
        notes = list(op.get("notes", [])) + notes_extra
        if op.get("deprecated"):
            notes.insert(0, "Open Telekom Cloud marks this API as outdated or to be removed soon.")
        out["notes"] = notes
        return out

    def service_file(self) -> dict:
        e = self.endpoint
        out: dict = {
            "$schema": "../../../schema/service.schema.json",
            "generated": f"scripts/import: tools/importer/otc_regions.json, {self.spec['docs']}/appendix/error_codes.rst",
            "cloud": self.cloud, "service": self.service, "version": self.version, "style": "json",
            "headers": [{"name": "Content-Type", "value": "application/json;charset=utf-8"}],
            "endpoint": {"host": e["host"], "default_region": e["default_region"], "open_region_list": e["open_region_list"],
                         "note": e["note"], "regions": e["regions"]},
        }
        errors = error_codes((self.docs / "appendix" / "error_codes.rst").read_text(encoding="utf-8"))
        if errors:
            out["errors"] = errors
        return out


def error_codes(text: str) -> list[dict]:
    """The rows of an error-code page: status, code, message (first of each code)."""
    doc = doctree(text)
    out, seen = [], set()
    for tbl in doc.findall(nodes.table):
        rows = list(tbl.findall(nodes.row))
        if not rows:
            continue
        head = [flat(e.astext()).lower() for e in rows[0].children]
        try:
            ci = next(i for i, h in enumerate(head) if h.startswith("error code"))
            mi = next(i for i, h in enumerate(head) if h.startswith("error message"))
        except StopIteration:
            continue
        si = next((i for i, h in enumerate(head) if h.startswith("status")), None)
        for r in rows[1:]:
            cells = [flat(c.astext()) for c in r.children]
            if len(cells) != len(head) or not cells[ci] or cells[ci] in seen:
                continue
            seen.add(cells[ci])
            e: dict = {"code": cells[ci]}
            if si is not None and cells[si].isdigit():
                e["status"] = int(cells[si])
            e["meaning"] = cells[mi] or cells[ci]
            out.append(e)
    return out


def _extra_fields(op: dict, base: dict) -> list[str]:
    """Dotted paths of the page's fields that the Huawei operation does not have."""
    theirs = _flatten(base["fields"])
    return [p for p in _flatten(op["fields"]) if p not in theirs]


def _keep_base_type(base_type: str, page_type: str) -> str:
    """Why the Huawei type stays although the reference names another one ("" when it does not).
    The tables call arrays of objects "Object" at times (their examples send lists), and write
    "Object" without a nested table where the SDK models the members."""
    containers = {"array", "object"}
    if base_type in containers and page_type in containers:
        return "the reference's own examples and the SDK model agree on it"
    if base_type == "object" and page_type == "json_string":
        return "the SDK models its members; the reference has no table for them"
    return ""


def _flatten(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    out = {}
    for f in fields:
        p = prefix + f["name"]
        out[p] = f
        inner = f.get("items", {}).get("fields") if f.get("type") == "array" else f.get("fields")
        if inner:
            out.update(_flatten(inner, p + "."))
    return out


def _set_examples(fields: list[dict]) -> None:
    """Path parameters get a sample value (the reference's own project id) so that documented
    examples written with placeholders can be sent."""
    for f in fields:
        if f.get("in") == "path" and "example" not in f:
            f["example"] = SAMPLE_PROJECT if f["name"] == "project_id" else f"{f['name'].replace('_', '-')}-1"


def _path_version(path: str) -> str:
    m = re.match(r"^/(v[\d.]+)/", path)
    return m.group(1).upper().replace(".", "_") if m else "Other"


def _variants_supported(catalog: Path) -> bool:
    """Whether the catalog's variant files accept the importer's `generated` key."""
    try:
        schema = json.loads((catalog / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
        return "generated" in schema["$defs"]["variantFile"]["properties"]
    except (OSError, ValueError, KeyError):
        return False


def _provenance(docs: Path) -> str:
    for p in [docs, *docs.parents]:
        f = p / "PROVENANCE.txt"
        if f.exists():
            m = re.search(r"commit ([0-9a-f]{40})", f.read_text(encoding="utf-8"))
            if m:
                return f"commit {m.group(1)[:12]}"
    return "unpinned"


def import_service(ctx: Context, spec: dict) -> Service:
    adapter = _Adapter(ctx, spec)
    result = adapter.run()
    for w in adapter.warnings:
        print(f"  warning: {spec['cloud']}.{spec['service']}: {w}", file=sys.stderr)
    print(f"  {spec['cloud']}.{spec['service']}: " + ", ".join(f"{k} {v}" for k, v in result.stats.items()), file=sys.stderr)
    return result
