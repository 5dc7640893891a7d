"""The Huawei Cloud adapter: one service version from its Python SDK wheel plus the Go SDK's
models (enums).

Sources (pinned in manifest.json), read as text (`ast`, regular expressions), never imported:
- `huaweicloudsdk<svc>` (PyPI): the client (`<svc>_client.py`) has one `_<name>_http_info`
  per operation: method, resource path, and which request attribute goes to `path_params`,
  `query_params`, `header_params` or the body (`body`, a model whose members are the JSON
  body's fields). Models (`model/*.py`) give `openapi_types` (types, nesting), `attribute_map`
  (wire names) and, in `__init__`, the required flag (assigned unconditionally) and the
  (Chinese) description of each attribute. `region/<svc>_region.py` maps regions to endpoints.
- the Go SDK's models of the same service (`model_*.go`): types named `...Enum` list the values
  of enum fields (string or integer), which the Python models do not keep.
- `huawei_regions.json` (this folder): region order and names, default region, Content-Type.

Placeholders of the resource path that the request model lacks (`{project_id}`) are filled by
the SDK from the credentials: they become required string path fields named after them.
"""

from __future__ import annotations

import ast
import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import miner
from .common import CATALOG, HERE, Context, ImportError_, Service, is_secret, mark_secrets, overlay_curated_paths, overlay_examples
from .tencent import title_from_action

REGIONS = json.loads((HERE / "huawei_regions.json").read_text(encoding="utf-8"))
SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "datetime": "string",
           "date": "string"}
# A sentence about a sum over several fields or items does not bound this one value.
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# --------------------------------------------------------------------------------------------
# text


def plain(text: str) -> str:
    """An SDK docstring text as one line of plain text (entities decoded, whitespace collapsed)."""
    s = (text or "").replace("\\&quot;", '"').replace("\\\"", '"')
    s = html.unescape(s).replace("\u00a0", " ")
    return " ".join(s.split())


def camel(name: str) -> str:
    """create_instance -> CreateInstance; list_instances_v3 -> ListInstancesV3."""
    return "".join(p[:1].upper() + p[1:] for p in name.split("_") if p)


# --------------------------------------------------------------------------------------------
# SDK models


@dataclass
class Attr:
    py: str  # Python attribute name
    wire: str  # attribute_map value
    type: str  # openapi_types value
    required: bool
    doc: str  # the `:param x:` text of __init__'s docstring


@dataclass
class Model:
    name: str
    attrs: list[Attr]

    def by_py(self, py: str) -> Attr | None:
        return next((a for a in self.attrs if a.py == py), None)


def _dict_literal(node: ast.AST) -> dict:
    value = ast.literal_eval(node)
    if not isinstance(value, dict):
        raise ImportError_("openapi_types / attribute_map is not a dict literal")
    return value


def _assigned_param(stmt: ast.stmt) -> str | None:
    """`self.x = x` -> "x"."""
    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Attribute)
            and isinstance(stmt.targets[0].value, ast.Name) and stmt.targets[0].value.id == "self"
            and isinstance(stmt.value, ast.Name) and stmt.value.id == stmt.targets[0].attr):
        return stmt.value.id
    return None


def required_flags(init: ast.FunctionDef) -> dict[str, bool]:
    """attribute -> required, from a generated `__init__`: `self.x = x` at the top level of the
    body is required; `if x is not None: self.x = x` is optional."""
    flags: dict[str, bool] = {}
    for stmt in init.body:
        name = _assigned_param(stmt)
        if name:
            flags[name] = True
        elif (isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Compare) and isinstance(stmt.test.left, ast.Name)
              and len(stmt.test.ops) == 1 and isinstance(stmt.test.ops[0], ast.IsNot)
              and isinstance(stmt.test.comparators[0], ast.Constant) and stmt.test.comparators[0].value is None
              and len(stmt.body) == 1 and _assigned_param(stmt.body[0]) == stmt.test.left.id):
            flags[stmt.test.left.id] = False
    return flags


def param_docs(docstring: str) -> dict[str, str]:
    """`:param x: text` lines of a docstring (one line each in these SDKs)."""
    out = {}
    for line in (docstring or "").splitlines():
        m = re.match(r"\s*:param (\w+):\s?(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def parse_models(source: str) -> dict[str, Model]:
    """Every model class of one SDK model file."""
    out = {}
    for cls in ast.parse(source).body:
        if not isinstance(cls, ast.ClassDef):
            continue
        types = amap = None
        init = None
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                if stmt.targets[0].id == "openapi_types":
                    types = _dict_literal(stmt.value)
                elif stmt.targets[0].id == "attribute_map":
                    amap = _dict_literal(stmt.value)
            elif isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
                init = stmt
        if types is None or amap is None or init is None:
            continue
        flags = required_flags(init)
        unknown = set(types) - set(flags)
        if unknown:
            raise ImportError_(f"{cls.name}: cannot tell required/optional for {sorted(unknown)} from __init__")
        docs = param_docs(ast.get_docstring(init, clean=False) or "")
        out[cls.name] = Model(cls.name, [Attr(py, amap[py], ty, flags[py], docs.get(py, "")) for py, ty in types.items()])
    return out


def load_models(folder: Path) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for path in sorted(folder.glob("*.py")):
        models.update(parse_models(path.read_text(encoding="utf-8")))
    return models


# --------------------------------------------------------------------------------------------
# SDK client


@dataclass
class ClientOp:
    name: str  # snake name of the client method (create_instance)
    method: str
    path: str
    response_type: str
    placements: list[tuple[str, str, str]] = field(default_factory=list)  # (where, wire, attr): path|query|header
    body: str | None = None  # the request attribute that is the body
    collection_formats: dict[str, str] = field(default_factory=dict)  # wire -> csv | multi
    content_type: str = ""
    form: bool = False  # the client sends form parameters (not supported)
    summary: str = ""
    description: str = ""


def _str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _local_var(node) -> str | None:
    """`local_var_params['x']` -> "x"."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "local_var_params":
        return _str(node.slice)
    return None


def parse_http_info(fn: ast.FunctionDef) -> ClientOp:
    """Reads one `_<name>_http_info` classmethod."""
    name = fn.name[1:-len("_http_info")]
    info = {}
    op = ClientOp(name, "", "", "")
    found: list[tuple[int, str, str, str]] = []  # (line, where, wire, attr): kept in source order
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name) and target.id == "http_info" and isinstance(value, ast.Dict):
                info = {_str(k): _str(v) for k, v in zip(value.keys, value.values)}
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                holder, key = target.value.id, _str(target.slice)
                attr = _local_var(value)
                if holder == "path_params" and attr:
                    found.append((node.lineno, "path", key, attr))
                elif holder == "header_params" and attr:
                    found.append((node.lineno, "header", key, attr))
                elif holder == "header_params" and key == "Content-Type" and isinstance(value, ast.Call):
                    types = value.args[0] if value.args else None
                    if isinstance(types, ast.List) and types.elts:
                        op.content_type = _str(types.elts[0]) or ""
                elif holder == "collection_formats":
                    op.collection_formats[key] = _str(value) or ""
                elif holder == "form_params":
                    op.form = True
            elif isinstance(target, ast.Name) and target.id == "body" and _local_var(value):
                op.body = _local_var(value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
              and isinstance(node.func.value, ast.Name) and node.func.value.id == "query_params"
              and node.args and isinstance(node.args[0], ast.Tuple)):
            key, value = node.args[0].elts
            found.append((node.lineno, "query", _str(key), _local_var(value)))
    op.placements = [(where, key, attr) for _, where, key, attr in sorted(found)]
    op.method, op.path, op.response_type = info.get("method", ""), info.get("resource_path", ""), info.get("response_type", "")
    if not op.method or not op.path:
        raise ImportError_(f"{fn.name}: no method / resource_path in http_info")
    return op


def split_docstring(doc: str) -> tuple[str, str]:
    """(summary, description) of a client method's docstring (without the API Explorer line and
    the :param/:type lines)."""
    lines = [line.strip() for line in (doc or "").splitlines()]
    body = []
    for line in lines:
        if line.startswith(":") or line.startswith("Please refer to HUAWEI cloud API Explorer"):
            continue
        body.append(line)
    text = "\n".join(body).strip()
    summary, _, rest = text.partition("\n")
    return plain(summary), plain(rest)


def parse_client(source: str) -> list[ClientOp]:
    tree = ast.parse(source)
    methods: dict[str, ast.FunctionDef] = {}
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef):
            for fn in cls.body:
                if isinstance(fn, ast.FunctionDef):
                    methods[fn.name] = fn
    ops = []
    for name, fn in methods.items():
        if name.startswith("_") and name.endswith("_http_info"):
            op = parse_http_info(fn)
            public = methods.get(op.name)
            if public is not None:
                op.summary, op.description = split_docstring(ast.get_docstring(public, clean=False) or "")
            ops.append(op)
    return sorted(ops, key=lambda o: o.name)


# --------------------------------------------------------------------------------------------
# Go models: enums


_GO_FIELD = re.compile(r'^\s*\w+\s+\*?(\[\])?\*?(\w+)\s+`json:"([^",]+)(,omitempty)?"')
_GO_STRUCT = re.compile(r"^type (\w+) struct \{\s*$")
_GO_ENUM_VALUE = re.compile(r"^type (\w+) struct \{\s*\n\s*value (\w+)\s*\n\}", re.M)
_GO_ENUM_FN = re.compile(r"func Get(\w+)Enum\(\) \w+ \{\s*return \w+\{(.*?)\n\t\}\n\}", re.S)
_GO_VALUE = re.compile(r"value:\s*(\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?)")


@dataclass
class GoModels:
    fields: dict[tuple[str, str], tuple[str, bool]]  # (struct, wire) -> (Go type, omitempty)
    enums: dict[str, list]  # enum holder type -> values (str or int)


def parse_go(source: str, into: GoModels | None = None) -> GoModels:
    """Struct fields (wire name -> Go type, omitempty) and the values of `...Enum` types."""
    out = into or GoModels({}, {})
    struct = None
    for line in source.splitlines():
        m = _GO_STRUCT.match(line)
        if m:
            struct = m.group(1)
            continue
        if line.startswith("}"):
            struct = None
            continue
        if struct:
            f = _GO_FIELD.match(line)
            if f:
                out.fields[(struct, f.group(3))] = (f.group(2), bool(f.group(4)))
    kinds = {m.group(1): m.group(2) for m in _GO_ENUM_VALUE.finditer(source)}
    for m in _GO_ENUM_FN.finditer(source):
        holder = m.group(1)
        values = []
        for raw in _GO_VALUE.findall(m.group(2)):
            if raw.startswith('"'):
                values.append(json.loads(raw))
            else:
                values.append(float(raw) if "." in raw else int(raw))
        if holder in kinds and values:
            out.enums[holder] = values
    return out


def load_go(folder: Path) -> GoModels:
    out = GoModels({}, {})
    for path in sorted((folder / "model").glob("model_*.go")):
        parse_go(path.read_text(encoding="utf-8"), out)
    return out


# --------------------------------------------------------------------------------------------
# one service


class _Op:
    """Builds the fields of one operation; collects rules, proposals and counts."""

    def __init__(self, a: "_Adapter", op_id: str):
        self.a = a
        self.op_id = op_id
        self.rules: list[dict] = []
        self.top = self.nested = self.required = self.enums = self.maps = 0
        self.mined = miner.Result([])

    def field(self, attr: Attr, struct: str, stack: tuple, scope: list, prefix: str, full: str, depth: int,
              csv: bool = False, placed_in: str | None = None) -> dict | None:
        f: dict = {"name": attr.wire}
        ty = attr.type
        desc = plain(attr.doc)
        go_type = self.a.go.fields.get((struct, attr.wire), ("", False))[0]
        enum = self.a.go.enums.get(go_type)
        list_of = re.fullmatch(r"list\[(.+)\]", ty)
        items = None
        members = None
        if csv and list_of:
            # A query list the SDK sends as one comma-separated value (collection format csv).
            f["type"] = "string"
            desc = (desc + " " if desc else "") + "（多个值以英文逗号分隔）"
        elif ty in SCALARS:
            f["type"] = SCALARS[ty]
            if _enum_fits(enum, ty):
                f["type"] = "enum"
        elif list_of:
            f["type"] = "array"
            item_attr = Attr("item", "item", list_of.group(1), False, "")
            items = self.item(item_attr, struct, attr.wire, enum, stack, full + attr.wire)
            if items is None:
                return None
        elif ty in self.a.models:
            if ty in stack:
                self.a.warn(f"{self.op_id}: {full}{attr.wire} refers back to {ty}; left out")
                return None
            f["type"] = "object"
            members = ty
        elif ty == "object" or ty.startswith("dict("):
            # A free-form JSON object: the catalog has no map type (see the field's note).
            self.maps += 1
            f["type"] = "json_string"
        else:
            raise ImportError_(f"{self.op_id}: {struct}.{attr.py}: unknown type {ty!r}")
        if attr.required:
            f["required"] = True
            self.required += 1
        if desc:
            f["description"] = desc
        if f["type"] == "enum":
            self.enums += 1
            f["values"] = [{"value": v} for v in enum]
        if is_secret(attr.wire, f["type"], f.get("description", "")):
            f["secret"] = True
        if f["type"] == "json_string":
            f["note"] = ("The API takes a JSON object here; the catalog has no free-form object type, so it is "
                         "written as JSON text (and sent as a string).")
        if depth == 0:
            self.top += 1
        else:
            self.nested += 1
        path = prefix + attr.wire
        if items is not None:
            f["items"] = items
            if items.get("type") == "object":
                child_scope: list = []
                items["fields"] = self.fields(list_of.group(1), stack + (list_of.group(1),), child_scope, "",
                                              full + attr.wire + "[].", depth + 1)
                if not items["fields"]:
                    return None
                if child_scope:
                    f["rules"] = child_scope
        if members:
            f["fields"] = self.fields(members, stack + (members,), scope, path + ".", full + attr.wire + ".", depth + 1)
            if not f["fields"]:
                self.a.warn(f"{self.op_id}: {full}{attr.wire} is the empty model {members}; written as JSON text")
                f["type"] = "json_string"
                del f["fields"]
        if placed_in != "path":
            self.disagreement(f, attr, struct, path, scope)
        return f

    def disagreement(self, f: dict, attr: Attr, struct: str, path: str, scope: list) -> None:
        """Where the Go SDK's model marks a field required and the Python SDK's does not (or the
        reverse), the stricter reading is checked as a warning, and the note says who said what."""
        go = self.a.go.fields.get((struct, attr.wire))
        if go is None:
            return
        go_required = not go[1]
        if go_required == bool(attr.required):
            return
        python_says = "requires it" if attr.required else "does not require it"
        go_says = "requires it" if go_required else "does not require it"
        f.pop("required", None)
        if attr.required:
            self.required -= 1
        f["note"] = miner._join_note(f.get("note"), f"The SDKs disagree: {self.a.dist} (Python) {python_says}, the Go SDK "
                                     f"model {struct} {go_says}; the stricter reading is checked, as a warning.")
        scope.append({"check": "required", "paths": [path], "severity": "warning",
                      "source": f"{self.a.dist} and the Go SDK disagree; the stricter reading"})
        self.a.disagreements += 1

    def item(self, attr: Attr, struct: str, wire: str, enum, stack, full) -> dict | None:
        ty = attr.type
        if ty in SCALARS:
            item = {"name": "item", "type": SCALARS[ty]}
            if _enum_fits(enum, ty):
                self.enums += 1
                item["type"] = "enum"
                item["values"] = [{"value": v} for v in enum]
            return item
        if ty in self.a.models:
            if ty in stack:
                self.a.warn(f"{self.op_id}: {full} refers back to {ty}; left out")
                return None
            return {"name": "item", "type": "object"}
        if ty == "object" or ty.startswith("dict("):
            self.maps += 1
            return {"name": "item", "type": "json_string"}
        raise ImportError_(f"{self.op_id}: {struct}.{wire}: unknown item type {ty!r}")

    def fields(self, struct: str, stack: tuple, scope: list, prefix: str, full: str, depth: int) -> list[dict]:
        out = []
        for attr in self.a.models[struct].attrs:
            f = self.field(attr, struct, stack, scope, prefix, full, depth)
            if f is not None:
                out.append(f)
        return out


def _names(rule: dict, name: str) -> bool:
    """Whether a rule's path is `name` or inside it."""
    paths = [rule.get("path", "")] + list(rule.get("paths", []))
    return any(p == name or p.startswith(name + ".") for p in paths)


def _enum_fits(values, ty: str) -> bool:
    """Go enum values usable for a Python type: strings for str, integers for int."""
    if not values:
        return False
    want = {"str": str, "int": int}.get(ty)
    return want is not None and all(type(v) is want for v in values)


def _num(x: float):
    return int(x) if float(x).is_integer() else x


class _Adapter:
    def __init__(self, ctx: Context, spec: dict):
        self.ctx = ctx
        self.spec = spec
        self.cloud, self.service, self.version = spec["cloud"], spec["service"], spec["version"]
        self.dist = spec["sdk"]
        package = ctx.wheel(self.dist) / self.dist / spec["client"]
        self.client_source = package / f"{self.service}_client.py"
        self.region_source = package / "region" / f"{self.service}_region.py"
        self.models = load_models(package / "model")
        self.go = load_go(ctx.snapshot_tree("sources/huawei-go") / Path(spec["go"]).relative_to("sources/huawei-go"))
        self.ledger: list[dict] = []
        self.disagreements = 0
        self.warnings: list[str] = []
        self.source = f"scripts/import: {ctx.pin_text(self.dist)} ({self.service}_client.py, model/), Go SDK models {spec['go']}"

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def run(self) -> Service:
        ops = {}
        stats = {"operations": 0, "fields_top": 0, "fields_nested": 0, "required": 0, "enums": 0, "rules_mined": 0,
                 "rules_rejected": 0, "rules_open": 0, "maps": 0, "header_fields": 0}
        names = {}
        for cop in parse_client(self.client_source.read_text(encoding="utf-8")):
            name = self.operation_name(cop)
            if name in names:
                raise ImportError_(f"{self.service}: {cop.name} and {names[name]} both make {name}")
            names[name] = cop.name
            op, o = self.operation(cop, name)
            ops[name] = op
            stats["operations"] += 1
            stats["fields_top"] += o.top
            stats["fields_nested"] += o.nested
            stats["required"] += o.required
            stats["enums"] += o.enums
            counts = o.mined.counts()
            stats["rules_mined"] += sum(1 for m in o.mined.mined if m.state == "checked" and m.rule is not None)
            stats["rules_rejected"] += counts.get("rejected", 0)
            stats["rules_open"] += counts.get("open", 0)
            stats["maps"] += o.maps
            stats["header_fields"] += sum(1 for f in op["fields"] if f.get("in") == "header")
        stats["required_disagreements"] = self.disagreements
        stats["warnings"] = len(self.warnings)
        for op in ops.values():
            mark_secrets(op.get("fields") or [])  # one decision for every cloud (common.is_secret)
        return Service(self.cloud, self.service, self.version, self.service_file(), ops, self.ledger, stats)

    def operation_name(self, cop: ClientOp) -> str:
        name = camel(cop.name)
        if cop.response_type and cop.response_type != name + "Response":
            self.warn(f"{cop.name}: response type {cop.response_type} does not match {name}")
        return name

    def operation(self, cop: ClientOp, name: str) -> tuple[dict, _Op]:
        op_id = f"{self.cloud}.{self.service}.{name}"
        o = _Op(self, op_id)
        if cop.form:
            raise ImportError_(f"{cop.name}: form parameters are not supported")
        request = self.models.get(name + "Request")
        fields: list[dict] = []
        placed = set()
        explicit = {wire for where, wire, _ in cop.placements if where == "path"}
        for placeholder in re.findall(r"\{(\w+)\}", cop.path):
            if placeholder not in explicit:
                if placeholder != "project_id":
                    raise ImportError_(f"{cop.name}: {{{placeholder}}} is neither a request attribute nor project_id")
                fields.append({"name": "project_id", "type": "string", "in": "path", "required": True,
                               "description": "项目ID（SDK 从认证信息中填入）。"})
                o.top += 1
                o.required += 1
        for where, wire, attr_name in cop.placements:
            attr = request.by_py(attr_name) if request else None
            if attr is None:
                raise ImportError_(f"{cop.name}: {where} parameter {wire} is not an attribute of {name}Request")
            placed.add(attr_name)
            attr = Attr(attr.py, wire, attr.type, attr.required or where == "path", attr.doc)
            f = o.field(attr, name + "Request", (), o.rules, "", "", 0, csv=cop.collection_formats.get(wire) == "csv",
                        placed_in=where)
            if f is None:
                continue
            f = {"name": f["name"], "type": f["type"], "in": where, **{k: v for k, v in f.items() if k not in ("name", "type")}}
            if where == "query" and f["type"] == "array" and cop.collection_formats.get(wire) != "csv":
                raise ImportError_(f"{cop.name}: query list {wire} without a csv collection format")
            fields.append(f)
        clashes: list[str] = []
        if cop.body:
            placed.add(cop.body)
            body_type = request.by_py(cop.body).type
            if body_type not in self.models:
                raise ImportError_(f"{cop.name}: body of type {body_type!r} (not a model): the catalog cannot express it")
            taken = {f["name"] for f in fields}
            for f in o.fields(body_type, (body_type,), o.rules, "", "", 0):
                if f["name"] in taken:
                    # Values are keyed by wire name: a body member named like a path parameter
                    # cannot be held next to it (UpdateIpWhitelist: instance_id in both).
                    clashes.append(f["name"])
                    o.top -= 1
                    o.required -= bool(f.get("required"))
                    o.rules = [r for r in o.rules if not _names(r, f["name"])]
                    continue
                fields.append(f)
        if request:
            unplaced = [a.py for a in request.attrs if a.py not in placed]
            if unplaced:
                raise ImportError_(f"{cop.name}: attributes {unplaced} are not placed by the client")
        description = cop.summary
        if cop.description and cop.description != cop.summary:
            description += ("" if not description or description[-1] in "。.！!？?：:" else "。") + cop.description
        out: dict = {"$schema": "../../../schema/operation.schema.json", "generated": self.source,
                     "title": title_from_action(name)}
        if description:
            out["description"] = description
        out["lang"] = "zh"
        out["doc"] = f"https://console.huaweicloud.com/apiexplorer/#/openapi/{self.service.upper()}/doc?api={name}"
        out.update({"method": cop.method, "path": cop.path, "fields": fields})
        if o.rules:
            out["rules"] = o.rules
        documented = overlay_examples(CATALOG, self.cloud, self.service, self.version, name)
        curated = overlay_curated_paths(CATALOG, self.cloud, self.service, self.version, name)
        o.mined = miner.mine_operation(out, op_id, miner.example_values(documented), stated_elsewhere=curated)
        self.ledger += miner.ledger_entries(o.mined, op_id)
        miner.place_rules(out)
        out["response"] = {"status": 200, "fields": self.response_fields(name + "Response"),
                           "error_shape": REGIONS["services"][self.service]["error_shape"]}
        notes = []
        for name_ in clashes:
            notes.append(f"The SDK's body model also has a member {name_} (optional), named like a parameter "
                         f"of the URL; a request holds one value per name, so the body member is left out.")
        ct = REGIONS["services"][self.service]["content_type"]
        if cop.content_type and cop.content_type.lower() != ct.lower():
            notes.append(f"The SDK sends Content-Type {cop.content_type} for this operation; the catalog sends the "
                         f"service's {ct}.")
        if notes:
            out["notes"] = notes
        return out, o

    def response_fields(self, model: str) -> list[dict]:
        out = []
        for attr in self.models[model].attrs if model in self.models else []:
            ty = attr.type
            list_of = re.fullmatch(r"list\[(.+)\]", ty)
            f: dict = {"name": attr.wire}
            if ty in SCALARS:
                f["type"] = SCALARS[ty]
            elif list_of:
                inner = list_of.group(1)
                f["type"] = "array"
                f["items"] = {"name": "item", "type": SCALARS.get(inner, "object" if inner in self.models else "json_string")}
            elif ty in self.models:
                f["type"] = "object"
            else:
                f["type"] = "json_string"
            desc = plain(attr.doc)
            if desc:
                f["description"] = desc
            out.append(f)
        return out

    def service_file(self) -> dict:
        conf = REGIONS["services"][self.service]
        sdk = sdk_regions(self.region_source.read_text(encoding="utf-8"))
        order = conf.get("order") or list(sdk)
        if set(order) != set(sdk):
            raise ImportError_(f"{self.service}: huawei_regions.json order {sorted(set(order) ^ set(sdk))} differs "
                               f"from the SDK's region list")
        pattern = f"{self.service}.{{region}}.myhuaweicloud.com"
        regions = []
        for rid in order:
            r: dict = {"id": rid}
            if conf.get("named") and rid in REGIONS["names"]:
                r["name"] = REGIONS["names"][rid]
            host = sdk[rid]
            if host != pattern.replace("{region}", rid):
                r["host"] = host
            regions.append(r)
        return {
            "$schema": "../../../schema/service.schema.json",
            "generated": f"scripts/import: {self.ctx.pin_text(self.dist)} region/{self.service}_region.py, "
                         "tools/importer/huawei_regions.json",
            "cloud": self.cloud, "service": self.service, "version": self.version,
            "style": "json",
            "headers": [{"name": "Content-Type", "value": conf["content_type"]}],
            "endpoint": {
                "host": pattern,
                "default_region": conf["default_region"],
                "open_region_list": False,
                "note": conf["note"],
                "regions": regions,
            },
        }


def sdk_regions(source: str) -> dict[str, str]:
    """region id -> host of an SDK `region/<svc>_region.py` (`X = Region("id", "https://host")`),
    in file order."""
    out = {}
    for m in re.finditer(r'Region\(\s*"([^"]+)",\s*"https://([^"/]+)/?"\s*\)', source):
        out[m.group(1)] = m.group(2)
    if not out:
        raise ImportError_("no Region(...) in the SDK's region file")
    return out


def import_service(ctx: Context, spec: dict) -> Service:
    adapter = _Adapter(ctx, spec)
    result = adapter.run()
    for w in adapter.warnings:
        print(f"  warning: {spec['cloud']}.{spec['service']}: {w}", file=sys.stderr)
    print(f"  {spec['cloud']}.{spec['service']}: " + ", ".join(f"{k} {v}" for k, v in result.stats.items()), file=sys.stderr)
    return result
