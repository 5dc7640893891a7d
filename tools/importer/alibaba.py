"""The Alibaba Cloud adapter: one product version from its Python SDK wheel plus the published
API metadata snapshot.

The SDK is the list of operations and the truth about the wire: `client.py` holds one
`<snake>_with_options` method per operation (action, version, method, path, style, which
attributes go to `query[...]` or `body[...]`, which are sent JSON-encoded through a `*_shrink`
attribute); the models hold wire names (`to_map` keys), Python types, nesting, English
descriptions and "This parameter is required." The metadata (api-docs.json, June 2024, fewer
APIs, Chinese text) adds what the SDK lacks: limits, enums, defaults, examples, error codes per
API, endpoints per region. Both are read as text (`ast`), never imported.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import miner
from .common import CATALOG, HERE, Context, ImportError_, Service, curated_paths_of, is_secret, mark_secrets

REGIONS = json.loads((HERE / "alibaba_regions.json").read_text(encoding="utf-8"))
FALLBACK = json.loads((HERE / "alibaba_fields.json").read_text(encoding="utf-8"))["fields"]
REQUIRED_SENTENCE = "This parameter is required."
ERROR_SHAPE = '{"RequestId","HostId","Code","Message","Recommend"}'
CJK = re.compile(r"[\u3400-\u9fff]")


# --------------------------------------------------------------------------------------------
# SDK models


@dataclass
class Attr:
    """One attribute of an SDK model."""

    py: str  # Python attribute name
    wire: str  # key in to_map (the wire name)
    anno: str  # the annotation, as source text
    comment: str  # the comment above `self.x = x` in __init__, '#' stripped


@dataclass
class Model:
    name: str
    attrs: list[Attr]  # in to_map order

    def by_py(self, py: str) -> Attr | None:
        return next((a for a in self.attrs if a.py == py), None)


def _comment_above(lines: list[str], lineno: int) -> str:
    """The contiguous `#` comment lines right above line `lineno` (1-based), joined."""
    out: list[str] = []
    i = lineno - 2
    while i >= 0 and lines[i].strip().startswith("#"):
        text = lines[i].strip()[1:]
        out.append(text[1:] if text.startswith(" ") else text)
        i -= 1
    return "\n".join(reversed(out)).strip()


def _self_attrs(node: ast.AST) -> list[str]:
    return [n.attr for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"]


def _result_keys(node: ast.AST) -> list[str]:
    """String keys of `result['X']` subscripts in `node`, in source order."""
    keys = []
    for n in ast.walk(node):
        if (isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == "result"
                and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)):
            keys.append((n.lineno, n.col_offset, n.slice.value))
    return [k for _, _, k in sorted(keys)]


def _to_map_pairs(fn: ast.FunctionDef) -> list[tuple[str, str]]:
    """(python attribute, wire key) pairs of a model's to_map, in order.

    A statement such as `result['Tags'] = []` names the key only; the next statement (the loop
    over `self.tags`) names both, so keys are paired with attributes statement by statement."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for stmt in fn.body:
        attrs = [a for a in _self_attrs(stmt)]
        keys = _result_keys(stmt)
        if not attrs or not keys:
            continue
        py, wire = attrs[0], keys[0]
        if py not in seen:
            seen.add(py)
            pairs.append((py, wire))
    return pairs


def parse_models(source: str) -> dict[str, Model]:
    """Every DaraModel class of one models source file."""
    tree = ast.parse(source)
    lines = source.splitlines()
    out: dict[str, Model] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        init, to_map = methods.get("__init__"), methods.get("to_map")
        if init is None or to_map is None:
            continue
        annos = {a.arg: ast.unparse(a.annotation) if a.annotation is not None else "Any"
                 for a in init.args.args[1:]}
        comments = {}
        for stmt in init.body:
            if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Attribute)
                    and isinstance(stmt.targets[0].value, ast.Name) and stmt.targets[0].value.id == "self"):
                comments[stmt.targets[0].attr] = _comment_above(lines, stmt.lineno)
        attrs = [Attr(py, wire, annos.get(py, "Any"), comments.get(py, "")) for py, wire in _to_map_pairs(to_map)]
        out[cls.name] = Model(cls.name, attrs)
    return out


def load_models(package: Path) -> dict[str, Model]:
    files = sorted((package / "models").glob("*.py")) if (package / "models").is_dir() else [package / "models.py"]
    models: dict[str, Model] = {}
    for path in files:
        models.update(parse_models(path.read_text(encoding="utf-8")))
    return models


# --------------------------------------------------------------------------------------------
# SDK client


@dataclass
class Placement:
    wire: str
    attr: str  # attribute of the request model (the original one, not `*_shrink`)
    where: str  # query | body | headers
    encoded: str | None = None  # 'json' when sent through array_to_string_with_specified_style


@dataclass
class ClientOp:
    method_name: str
    request_class: str
    params: dict  # keywords of open_api_util_models.Params(...)
    placements: list[Placement] = field(default_factory=list)


def _const(node):
    return node.value if isinstance(node, ast.Constant) else None


def parse_client_method(fn: ast.FunctionDef) -> ClientOp:
    """Reads one `<snake>_with_options` method."""
    arg = fn.args.args[1]
    request_class = ast.unparse(arg.annotation).split(".")[-1] if arg.annotation is not None else ""
    shrink: dict[str, tuple[str, str]] = {}  # shrink attribute -> (original attribute, style)
    params: dict = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if (isinstance(target, ast.Attribute) and isinstance(value, ast.Call)
                    and ast.unparse(value.func).endswith("array_to_string_with_specified_style")):
                src = value.args[0]
                style = _const(value.args[2]) if len(value.args) > 2 else None
                if isinstance(src, ast.Attribute):
                    shrink[target.attr] = (src.attr, style)
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Params"):
            params = {k.arg: _const(k.value) for k in node.keywords}
    placements: list[Placement] = []
    seen: set[tuple[str, str]] = set()
    for where, wire, attr in _in_source_order(fn):
        if (where, wire) in seen:
            continue  # the SDK sometimes writes the same key twice (RegionId)
        seen.add((where, wire))
        original, style = shrink.get(attr, (attr, None))
        placements.append(Placement(wire, original, where, style))
    return ClientOp(fn.name, request_class, params, placements)


# The dicts a client method fills, and where each one ends up. `body_flat` is flattened
# (`Name.1.Key`) into the form body (UpdateApplicationConfigs).
_PLACEMENT_OF_DICT = {"query": "query", "body": "body", "body_flat": "body", "headers": "headers"}


def _in_source_order(fn: ast.FunctionDef) -> list[tuple[str, str, str]]:
    found = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                    and target.value.id in _PLACEMENT_OF_DICT and isinstance(_const(target.slice), str)
                    and isinstance(value, ast.Attribute)):
                found.append((node.lineno, _PLACEMENT_OF_DICT[target.value.id], _const(target.slice), value.attr))
    return [(w, k, a) for _, w, k, a in sorted(found)]


def parse_client(source: str) -> list[ClientOp]:
    tree = ast.parse(source)
    ops = []
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef):
            for fn in cls.body:
                # One sync method per operation builds a Params(...); the name usually ends in
                # `_with_options`, but not always (`disable_network_interface_qo_swith_options`).
                if isinstance(fn, ast.FunctionDef) and any(
                        isinstance(n, ast.Call) and ast.unparse(n.func).endswith("Params") for n in ast.walk(fn)):
                    ops.append(parse_client_method(fn))
    return ops


# --------------------------------------------------------------------------------------------
# Text


def plain(text: str) -> str:
    """Description text as plain lines: links keep their words, markup goes."""
    text = text.replace(REQUIRED_SENTENCE, "")
    text = re.sub(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)", r"\1", text)  # [words](url)
    text = re.sub(r"~~\d+~~", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("**", "").replace("`", "").replace("&nbsp;", " ")
    text = text.replace("\\\\*", "*").replace("\\*", "*")
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line.startswith("> "):
            line = line[2:]
        elif line == ">":
            continue
        if line:
            out.append(line)
    return "\n".join(out)


def is_chinese(text: str) -> bool:
    return bool(CJK.search(text or ""))


def title_of(action: str) -> str:
    """`DescribeInstanceVncUrl` -> `Describe instance VNC URL`-like English from the name."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+", action)
    out = []
    for i, w in enumerate(words):
        if i == 0:
            out.append(w)
        elif len(w) > 1 and w.isupper():
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


def for_mining(text: str) -> str:
    """Thousands separators out (1,000 -> 1000), so that ranges read as numbers."""
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text or "")


# --------------------------------------------------------------------------------------------
# Metadata


def resolve(schema: dict | None, components: dict) -> dict:
    """A metadata schema with its `$ref` followed (members given next to the ref win)."""
    if not schema:
        return {}
    ref = schema.get("$ref")
    if ref:
        target = components.get(ref.rsplit("/", 1)[-1], {})
        merged = dict(target)
        merged.update({k: v for k, v in schema.items() if k != "$ref"})
        return merged
    return schema


def _number(value):
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return int(x) if x.is_integer() else x


def typed(value, ty: str):
    """A metadata value (often written as text) as a value of catalog type `ty`, or None."""
    if value is None:
        return None
    if ty == "integer":
        x = _number(value)
        return x if isinstance(x, int) else None
    if ty == "number":
        return _number(value)
    if ty == "boolean":
        if isinstance(value, bool):
            return value
        return {"true": True, "false": False}.get(str(value).strip().lower())
    if ty == "string":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return None


# --------------------------------------------------------------------------------------------
# Fields


SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


@dataclass
class Counts:
    top: int = 0
    nested: int = 0
    limits_metadata: int = 0
    limits_prose: int = 0
    required_disagreements: int = 0
    maps: int = 0
    unknown_types: int = 0


class Builder:
    """Builds the catalog fields of one operation (SDK model + metadata merged)."""

    def __init__(self, models: dict[str, Model], components: dict, op_id: str, counts: Counts):
        self.models = models
        self.components = components
        self.op_id = op_id
        self.counts = counts

    def field(self, name: str, anno: str, comment: str, meta: dict, path: str, depth: int) -> tuple[dict, dict | None] | None:
        """The catalog field and the doc-text warning rule about it (relative to its parent), or
        None when the SDK type cannot be expressed."""
        anno = anno.replace("main_models.", "").replace(" ", "")
        meta = resolve(meta, self.components)
        out: dict = {"name": name}
        items = fields = None
        m = re.fullmatch(r"(?:List|list)\[(.+)\]", anno)
        if anno in SCALARS:
            ty = SCALARS[anno]
        elif m:
            ty = "array"
            got = self.field("item", m.group(1), "", resolve(meta.get("items"), self.components), path, depth + 1)
            if got is None:
                return None
            items = got[0]  # a rule about a scalar item has no path to name; its proposal stays
        elif re.fullmatch(r"(?:Dict|dict)\[.+\]", anno) or anno in ("dict", "Dict", "Any"):
            # A free-form map: the catalog has no map type. Text the caller writes as JSON.
            self.counts.maps += 1
            ty = "json_string"
        elif anno in self.models:
            ty = "object"
            fields, member_rules = self.members(self.models[anno], meta, path, depth + 1)
            if not fields:
                return None
        else:
            self.counts.unknown_types += 1
            return None
        if depth == 0:
            self.counts.top += 1
        elif name != "item":
            self.counts.nested += 1
        out["type"] = ty
        sdk_text = plain(comment)
        meta_text = plain(meta.get("description") or meta.get("title") or "")
        required = REQUIRED_SENTENCE in comment
        if bool(meta.get("required")) != required and name != "item" and meta:
            self.counts.required_disagreements += 1
        if required:
            out["required"] = True
        # Limits and enums from the metadata (where its type agrees with the SDK's).
        limits: dict = {}
        values = None
        if ty in ("integer", "number"):
            for key, ckey in (("minimum", "min"), ("maximum", "max")):
                x = _number(meta.get(key))
                if x is not None:
                    limits[ckey] = x
        if ty == "string":
            for key, ckey in (("minLength", "min_length"), ("maxLength", "max_length")):
                x = _number(meta.get(key))
                if isinstance(x, int):
                    limits[ckey] = x
        if ty == "array":
            for key, ckey in (("minItems", "min_items"), ("maxItems", "max_items")):
                x = _number(meta.get(key))
                if isinstance(x, int):
                    limits[ckey] = x
        if ty in ("string", "integer") and isinstance(meta.get("enum"), list) and meta["enum"]:
            vals = [typed(v, ty) for v in meta["enum"]]
            if all(v is not None for v in vals):
                titles = meta.get("enumValueTitles") or {}
                values = []
                for v in dict.fromkeys(vals):
                    entry = {"value": v}
                    label = titles.get(str(v)) if isinstance(titles, dict) else None
                    if isinstance(label, str) and label and not is_chinese(label):
                        entry["label"] = label
                    values.append(entry)
        if values:
            out["type"] = "enum"
        default = typed(meta.get("default"), ty) if ty in ("string", "integer", "number", "boolean") else None
        if default is not None and (not values or any(v["value"] == default for v in values)):
            out["default"] = default
        text = sdk_text or meta_text  # the SDK's English first
        fallback = FALLBACK.get(name, {}) if depth == 0 and not text else {}
        text = text or fallback.get("description", "")
        if text:
            out["description"] = text
            out["lang"] = "zh" if is_chinese(text) else "en"  # pruned later where it is the operation's
        example = typed(meta.get("example"), ty) if ty in ("string", "integer", "number", "boolean") else None
        if example is not None and _fits(example, limits, values):
            out["example"] = example
        if values:
            out["values"] = values
        out.update(limits)
        self.counts.limits_metadata += len(limits) + (1 if values else 0)
        if items is not None:
            out["items"] = items
        if fields is not None:
            out["fields"] = fields
            if member_rules:
                out["rules"] = member_rules
        if meta_text and meta_text != text:
            out["_also"] = [meta_text]  # read by the rule miner
        rule = None
        notes = []
        if meta.get("pattern"):
            notes.append(f"pattern (metadata): {meta['pattern']}")
        if notes:
            out["note"] = " ".join(notes)
        if meta.get("deprecated") is True:
            out["deprecated"] = True
        if fallback.get("advanced"):
            out["advanced"] = True
        if is_secret(name, ty, out.get("description", "")):
            out["secret"] = True  # kept out of drafts, history, saved requests and links
        if depth == 0 and name == "RegionId":
            out["region_default"] = True
        return out, rule

    def members(self, model: Model, meta: dict, path: str, depth: int) -> tuple[list[dict], list[dict]]:
        """The fields of a model and the doc-text rules about them (relative to the model)."""
        props = meta.get("properties") or {}
        out: list[dict] = []
        rules: list[dict] = []
        for a in model.attrs:
            got = self.field(a.wire, a.anno, a.comment, resolve(props.get(a.wire), self.components),
                             f"{path}.{a.wire}", depth)
            if got is None:
                continue
            out.append(got[0])
            if got[1] is not None:
                rules.append(got[1])
        return out, rules


def _fits(example, limits: dict, values) -> bool:
    if values and not any(v["value"] == example for v in values):
        return False
    if isinstance(example, (int, float)) and not isinstance(example, bool):
        if "min" in limits and example < limits["min"]:
            return False
        if "max" in limits and example > limits["max"]:
            return False
    if isinstance(example, str):
        if "max_length" in limits and len(example) > limits["max_length"]:
            return False
        if "min_length" in limits and len(example) < limits["min_length"]:
            return False
    return True


# --------------------------------------------------------------------------------------------
# Operations


def _response(models: dict[str, Model], request_class: str, meta_api: dict, components: dict) -> dict:
    body = models.get(request_class[: -len("Request")] + "ResponseBody") if request_class.endswith("Request") else None
    meta_props = resolve(((meta_api.get("responses") or {}).get("200") or {}).get("schema"), components).get("properties") or {}
    fields = []
    for a in body.attrs if body else []:
        anno = a.anno.replace("main_models.", "").replace(" ", "")
        if anno in SCALARS:
            ty = SCALARS[anno]
        elif re.fullmatch(r"(?:List|list)\[.+\]", anno):
            ty = "array"
        else:
            ty = "object"
        f = {"name": a.wire, "type": ty}
        text = plain(a.comment) or plain((meta_props.get(a.wire) or {}).get("description") or "")
        if text:
            f["description"] = text
            f["lang"] = "zh" if is_chinese(text) else "en"
        fields.append(f)
    return {"status": 200, "fields": fields, "error_shape": ERROR_SHAPE}


def _errors(meta_api: dict, overlay_codes: set[str]) -> list[dict]:
    """The metadata's error codes of one API; codes an overlay lists are left to the overlay
    (its entries are added after these and carry our own words)."""
    out = []
    seen = set(overlay_codes)
    codes = meta_api.get("errorCodes") or {}
    for status in sorted(codes, key=lambda s: int(s) if str(s).isdigit() else 999):
        for e in codes[status]:
            code = e.get("errorCode")
            if not code or code in seen:
                continue
            seen.add(code)
            # "%s" stands for a detail filled in at run time: dropped after a full stop, else "…".
            message = re.sub(r"(?<=\.)\s*%s", "", e.get("errorMessage") or "").replace("%s", "…")
            message = " ".join(message.split()).rstrip(" .:")
            if not message.strip("… "):
                message = ""
            entry = {"code": code}
            if str(status).isdigit():
                entry["status"] = int(status)
            entry["meaning"] = (message + ".") if message else "No message documented."
            out.append(entry)
    return out


def prune_lang(fields: list[dict], lang: str) -> None:
    """Drops each field's `lang` where it equals the operation's (recursively)."""
    for f in fields:
        if f.get("lang") == lang:
            del f["lang"]
        if f.get("items"):
            prune_lang([f["items"]], lang)
        if f.get("fields"):
            prune_lang(f["fields"], lang)


def build_operation(op: ClientOp, models: dict[str, Model], meta: dict, spec: dict, generated: str,
                    counts: Counts, ledger: list[dict], overlay: dict | None = None) -> dict:
    action = op.params["action"]
    product = (meta.get("info") or {}).get("product") or spec["service"].capitalize()
    api = (meta.get("apis") or {}).get(action) or {}
    components = ((meta.get("components") or {}).get("schemas")) or {}
    model = models.get(op.request_class)
    if model is None:
        raise ImportError_(f"{action}: no model {op.request_class}")
    meta_params = {p["name"]: p for p in api.get("parameters") or []}
    limited = curated_paths_of(overlay)
    op_id = f"{spec['cloud']}.{spec['service']}.{action}"
    builder = Builder(models, components, op_id, counts)
    fields: list[dict] = []
    rules: list[dict] = []
    for place in op.placements:
        attr = model.by_py(place.attr)
        if attr is None:
            raise ImportError_(f"{action}: {op.request_class} has no attribute {place.attr}")
        p = meta_params.get(place.wire) or {}
        got = builder.field(place.wire, attr.anno, attr.comment, p.get("schema") or {}, place.wire, 0)
        if got is None:
            continue
        got, rule = got
        if rule is not None:
            rules.append(rule)
        extra = {}
        if place.where == "body":
            extra["in"] = "body"
        elif place.where == "headers":
            extra["in"] = "header"
        if place.encoded == "json":
            extra["encode"] = "json"
        elif place.encoded is not None:
            raise ImportError_(f"{action}.{place.wire}: sent with style {place.encoded}, which the catalog cannot say")
        if extra:
            keys = list(got.items())
            got = dict(keys[:2] + list(extra.items()) + keys[2:])
        fields.append(got)
    summary = plain(api.get("summary") or api.get("description") or "")
    out = {
        "$schema": "../../../schema/operation.schema.json",
        "generated": generated,
        "title": title_of(action),
    }
    if summary:
        out["description"] = summary
    # The operation's language is its description's; fields say so where theirs differs.
    out["lang"] = "zh" if is_chinese(summary) else "en"
    prune_lang(fields, out["lang"])
    if api.get("deprecated") is True:
        out["deprecated"] = True
    out.update({
        "doc": f"https://api.aliyun.com/api/{product}/{op.params['version']}/{action}",
        "method": op.params["method"],
        "path": op.params["pathname"],
        "action": action,
        "fields": fields,
    })
    if rules:
        out["rules"] = rules
    mined = miner.mine_operation(out, op_id, miner.example_values((overlay or {}).get("examples") or []), stated_elsewhere=limited)
    ledger += miner.ledger_entries(mined, op_id)
    counts.limits_prose += sum(1 for m in mined.mined if m.state == "checked" and m.rule is not None)
    miner.place_rules(out)
    out["response"] = _response(models, op.request_class, api, components)
    prune_lang(out["response"]["fields"], out["lang"])
    errors = _errors(api, {e.get("code") for e in (overlay or {}).get("errors") or []})
    if errors:
        out["errors"] = errors
    return out


def service_file(spec: dict, meta: dict, generated: str, sdk_version: str) -> dict:
    product = spec["service"]
    template = f"{product}.{{region}}.aliyuncs.com"
    hosts = {e["regionId"]: e["endpoint"] for e in meta.get("endpoints") or []}
    names = {r["id"]: r["name"] for r in REGIONS["regions"]}
    order = [r["id"] for r in REGIONS["regions"] if r["id"] in hosts] + [i for i in hosts if i not in names]
    regions = []
    for rid in order:
        r = {"id": rid}
        if rid in names:
            r["name"] = names[rid]
        if hosts[rid] != template.replace("{region}", rid):
            r["host"] = hosts[rid]
        regions.append(r)
    endpoint = {"host": template, "regions": regions, "default_region": REGIONS["default_region"], "open_region_list": False}
    if product in REGIONS["notes"]:
        endpoint["note"] = REGIONS["notes"][product]
    return {
        "$schema": "../../../schema/service.schema.json",
        "generated": generated,
        "cloud": spec["cloud"],
        "service": product,
        "version": spec["version"],
        "api_version": sdk_version,
        "style": "rpc",
        "headers": [{"name": "x-acs-action", "value": "{action}"}, {"name": "x-acs-version", "value": "{version}"}],
        "endpoint": endpoint,
    }


def import_service(ctx: Context, spec: dict) -> Service:
    wheel = ctx.wheel(spec["sdk"])
    package = next(p for p in sorted(wheel.iterdir()) if p.is_dir() and (p / "client.py").exists())
    meta = json.loads(ctx.snapshot(spec["metadata"]).read_text(encoding="utf-8"))
    models = load_models(package)
    ops = parse_client((package / "client.py").read_text(encoding="utf-8"))
    generated = f"scripts/import: {ctx.pin_text(spec['sdk'])} + api-docs.json (June 2024)"
    counts = Counts()
    ledger: list[dict] = []
    operations: dict[str, dict] = {}
    versions = set()
    for op in ops:
        if op.params.get("style") != "RPC":
            raise ImportError_(f"{op.method_name}: style {op.params.get('style')} is not supported")
        if op.params.get("req_body_type") not in ("formData", None):
            raise ImportError_(f"{op.method_name}: request body type {op.params.get('req_body_type')}")
        versions.add(op.params["version"])
        action = op.params["action"]
        if action in operations:
            raise ImportError_(f"{action} appears twice in client.py")
        overlay_path = CATALOG / spec["cloud"] / spec["service"] / spec["version"] / "overlays" / f"{action}.json"
        overlay = json.loads(overlay_path.read_text(encoding="utf-8")) if overlay_path.exists() else None
        operations[action] = build_operation(op, models, meta, spec, generated, counts, ledger, overlay)
    if versions != {spec["version"]}:
        raise ImportError_(f"client.py sends versions {sorted(versions)}, services.json says {spec['version']}")
    apis = meta.get("apis") or {}
    missing = sorted(a for a in operations if a not in apis)
    stats = {
        "operations": len(operations),
        "missing_from_metadata": len(missing),
        "metadata_only": sorted(a for a in apis if a not in operations),
        "fields_top": counts.top,
        "fields_nested": counts.nested,
        "limits_metadata": counts.limits_metadata,
        "rules_mined": counts.limits_prose,
        "rules_rejected": sum(1 for e in ledger if e["state"] == "rejected"),
        "rules_open": sum(1 for e in ledger if e["state"] == "open"),
        "required_disagreements": counts.required_disagreements,
        "maps_as_json_text": counts.maps,
        "body_fields": sum(1 for o in operations.values() for f in o["fields"] if f.get("in") == "body"),
        "json_encoded_fields": sum(1 for o in operations.values() for f in o["fields"] if f.get("encode") == "json"),
        "missing": missing,
    }
    for operation in operations.values():
        mark_secrets(operation["fields"])  # one decision for every cloud (common.is_secret)
    return Service(spec["cloud"], spec["service"], spec["version"], service_file(spec, meta, generated, spec["version"]),
                   operations, ledger, stats)
