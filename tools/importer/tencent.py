"""Tencent Cloud adapter: one service version from tccli's api.json and examples.json.

Sources (pinned in manifest.json):
- `tccli` (the mainland CLI): `tccli/services/<svc>/v<yyyymmdd>/api.json` and `examples.json`.
  Its descriptions are Chinese; it is the list of actions and parameters we follow.
- `tccli-intl-en` (the international CLI, same layout): English descriptions and action names
  for most actions. Used for text only, matched by object and member name.
- `tencentcloud-sdk-python-<svc>`: `errorcodes.py`, the service's error codes (per service,
  not per action), with a Chinese comment above each.
- `tencent_regions.json` (this folder): the region list every Tencent service shares.

Nothing here is specific to one product: a new Tencent service is one line in services.json
plus its SDK wheel in manifest.json.
"""

from __future__ import annotations

import ast
import html
import json
import re
import sys
from pathlib import Path

from . import miner
from .common import CATALOG, HERE, Context, ImportError_, Service, mark_secrets, overlay_curated_paths, overlay_examples

CLI = "tccli"
CLI_EN = "tccli-intl-en"
ERROR_SHAPE = '{"Response":{"Error":{"Code","Message"},"RequestId"}}'
# `example` values that stand for "no example" rather than a value.
PLACEHOLDERS = {"", "无", "暂无", "none", "null", "nil", "-", "—", "n/a", "na", "空"}

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|ul|ol|li|table|tr|td|th|h\d)\b[^>]*>", re.I)
_LI = re.compile(r"<\s*li\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|/|#)[^)\s]*\)")
# A sentence about a sum over several fields or items does not bound this one value.
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")

SCALARS = {
    "string": "string", "datetime": "string", "datetime_iso": "string", "date": "string", "binary": "string",
    "int": "integer", "integer": "integer", "int64": "integer", "uint64": "integer", "int32": "integer",
    "uint32": "integer", "float": "number", "double": "number", "bool": "boolean", "boolean": "boolean",
}


# ---------------------------------------------------------------- text


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def plain(text: str) -> str:
    """Provider HTML or Markdown as one line of plain text: tags dropped (a link keeps its
    text), list items separated, entities decoded, whitespace collapsed."""
    if not text:
        return ""
    s = _LI.sub("\n\u2022", text)
    s = _BLOCK.sub("\n", s)
    s = _TAG.sub("", s)
    s = _MD_LINK.sub(r"\1", s)
    s = html.unescape(s).replace("\u00a0", " ").replace("`", "")
    out = ""
    for line in s.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        bullet = line.startswith("\u2022")
        line = line.lstrip("\u2022 ").strip()
        if not line:
            continue
        if not out:
            out = line
        elif bullet and out[-1] not in ".。:：;；,，!?！？":
            out += ("；" if has_cjk(out[-1]) else "; ") + line
        else:
            out += ("" if _tight(out[-1]) or _tight(line[0]) else " ") + line
    return out


def _tight(c: str) -> bool:
    """Chinese text and full-width punctuation take no space next to them."""
    return has_cjk(c) or c in "，。：；！？、（）【】“”《》"


def choose_text(english: str | None, mainland: str | None) -> tuple[str, str]:
    """(plain text, lang) of a description: the international (English) text where it exists
    and really is English, else the mainland text; lang tells which language the text is in."""
    en = plain(english or "")
    if en and not has_cjk(en):
        return en, "en"
    zh = plain(mainland or "")
    if zh:
        return zh, ("zh" if has_cjk(zh) else "en")
    return en, ("zh" if has_cjk(en) else "en")


def title_from_action(action: str) -> str:
    """An English title from a CamelCase action name: DescribeHBaseTableOverview ->
    'Describe HBase table overview'."""
    tokens = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+", action)
    words: list[str] = []
    carry = ""
    for t in tokens:
        if len(t) == 1 and t.isupper():
            carry += t  # a lone capital belongs to the next word (HBase, CVMs)
            continue
        words.append(carry + t)
        carry = ""
    if carry:
        words.append(carry)
    out = []
    for i, w in enumerate(words):
        if i and w[:1].isupper() and w[1:].islower():
            w = w.lower()
        out.append(w)
    return " ".join(out)


# ---------------------------------------------------------------- values


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def parse_scalar(raw, ty: str):
    """`raw` (tccli keeps examples as text) as a value of catalog type `ty`, or MISSING when it
    does not parse cleanly or is a placeholder."""
    if isinstance(raw, str):
        s = raw.strip()
        if s.lower() in PLACEHOLDERS:
            return MISSING
    else:
        s = raw
    if ty == "string":
        if isinstance(s, str) and len(s) >= 2 and s[0] == s[-1] == '"':
            # Written as a JSON string literal ("\"master\""): the value is what it quotes.
            try:
                inner = json.loads(s)
            except ValueError:
                inner = None
            if isinstance(inner, str):
                return inner
        return s if isinstance(s, str) else MISSING
    if ty == "integer":
        if isinstance(s, bool):
            return MISSING
        if isinstance(s, int):
            return s
        return int(s) if isinstance(s, str) and _INT.match(s) else MISSING
    if ty == "number":
        if isinstance(s, bool):
            return MISSING
        if isinstance(s, (int, float)):
            return s
        if isinstance(s, str) and _FLOAT.match(s):
            v = float(s)
            return int(v) if _INT.match(s) else v
        return MISSING
    if ty == "boolean":
        if isinstance(s, bool):
            return s
        return {"true": True, "false": False}.get(s.lower(), MISSING) if isinstance(s, str) else MISSING
    return MISSING


def parse_example(raw, field: dict):
    """The `example` of a tccli member as JSON of the field's type, or MISSING."""
    if raw is None:
        return MISSING
    ty = field["type"]
    if ty in ("string", "integer", "number", "boolean"):
        return parse_scalar(raw, ty)
    if isinstance(raw, str) and raw.strip().lower() in PLACEHOLDERS:
        return MISSING
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return MISSING
    if ty == "array" and isinstance(value, list):
        item = field["items"]
        if item["type"] in ("string", "integer", "number", "boolean"):
            parsed = [parse_scalar(v, item["type"]) for v in value]
            if any(v is MISSING for v in parsed) or any(type(v) is not type(w) and item["type"] != "number" for v, w in zip(parsed, value)):
                return MISSING
            return parsed
        if item["type"] == "object" and all(isinstance(v, dict) for v in value):
            return value
        return MISSING
    if ty == "object" and isinstance(value, dict):
        return value
    return MISSING


def example_body(raw_http: str):
    """The JSON body of a raw HTTP example from examples.json (a dict), or None when the
    example is not a POST with a JSON object body (e.g. a GET with a query string)."""
    text = (raw_http or "").replace("\r\n", "\n")
    head, sep, body = text.partition("\n\n")
    if not sep or not head.lstrip().upper().startswith("POST "):
        return None
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def example_problems(body, fields: list[dict], path: str = "") -> list[str]:
    """Where a documented request breaks the spec it documents: a value of the wrong JSON
    type, a null list item, a member the spec requires left out (checked inside objects
    that are present and at the top level). Unknown members are not problems here."""
    out: list[str] = []
    if not isinstance(body, dict):
        return [f"{path or 'body'} is not an object"]
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
    }.get(ty, lambda v: True)
    if not ok(value):
        return [f"{where} should be {ty}, is {json.dumps(value, ensure_ascii=False)[:40]}"]
    out: list[str] = []
    if ty == "object":
        out += example_problems(value, f.get("fields", []), where + ".")
    elif ty == "array":
        for i, item in enumerate(value):
            if item is None:
                out.append(f"{where}[{i}] is null")
            else:
                out += _value_problems(item, f["items"], f"{where}[{i}]")
    return out


# ---------------------------------------------------------------- types


def catalog_type(ty: str, member: str, objects: dict) -> tuple[str, str | None]:
    """(catalog type, struct name or None) of a tccli member; for a list, the type is
    "array" and the second value is the element: a struct name or a scalar catalog type."""
    if ty == "list":
        if member in objects:
            return "array", member
        if member in SCALARS:
            return "array", SCALARS[member]
        raise ImportError_(f"list of unknown member type {member!r}")
    if ty == "object":
        if member in objects:
            return "object", member
        raise ImportError_(f"object of unknown struct {member!r}")
    if member in objects:  # a struct where a scalar type is written: trust the struct
        return "object", member
    if member in SCALARS:
        return SCALARS[member], None
    if ty in SCALARS:
        return SCALARS[ty], None
    raise ImportError_(f"unknown type {ty!r}/{member!r}")


# ---------------------------------------------------------------- one service


class _Op:
    """Builds one operation; collects its rules, proposals and counts."""

    def __init__(self, adapter: "_Adapter", action: str, lang: str):
        self.a = adapter
        self.action = action
        self.lang = lang
        self.rules: list[dict] = []
        self.top = 0
        self.nested = 0
        self.mined = miner.Result([])

    def fields(self, struct: str, stack: tuple[str, ...], scope: list[dict], prefix: str, full: str, depth: int) -> list[dict]:
        """The fields of `struct`; range rules go to `scope` with paths after `prefix` (relative
        to the scope: the request, or one item of the nearest array); `full` is the dotted
        path from the request root, for the review list."""
        out = []
        intl = {m["name"]: m for m in self.a.intl_objects.get(struct, {}).get("members", [])}
        for m in self.a.objects[struct]["members"]:
            f = self.field(m, intl.get(m["name"]), stack, scope, prefix, full, depth)
            if f is not None:
                out.append(f)
        return out

    def field(self, m: dict, en: dict | None, stack, scope, prefix, full, depth) -> dict | None:
        name = m["name"]
        ty, inner = catalog_type(m["type"], m["member"], self.a.objects)
        struct = inner if inner in self.a.objects else None
        if struct and struct in stack:
            self.a.warn(f"{self.action}: {full}{name} refers back to {struct} (recursive struct); left out")
            return None
        f: dict = {"name": name, "type": ty}
        if m.get("required"):
            f["required"] = True
        text, lang = choose_text(en and en.get("document"), m.get("document"))
        if text:
            f["description"] = text
            if lang != self.lang:
                f["lang"] = lang
        # The other language may state what the chosen one leaves out (read by the miner).
        other = m.get("document") if lang == "en" else (en or {}).get("document")
        if other and other != text:
            f["_also"] = [other]
        if ty == "array":
            item: dict = {"name": "item", "type": "object" if struct else inner}
            f["items"] = item
        if depth == 0:
            self.top += 1
        else:
            self.nested += 1
        path = prefix + name
        if struct:
            child_scope = scope
            child_prefix = path + "."
            holder = f
            if ty == "array":
                # Rules inside array items live on the array, relative to each item.
                child_scope, child_prefix, holder = [], "", f["items"]
            members = self.fields(struct, stack + (struct,), child_scope, child_prefix, full + name + ".", depth + 1)
            if not members:
                self.a.warn(f"{self.action}: {full}{name} is the empty struct {struct}")
            holder["fields"] = members
            if ty == "array" and child_scope:
                f["rules"] = child_scope
        example = parse_example(m.get("example"), f)
        if example is not MISSING:
            f["example"] = example
        if m.get("disabled"):
            f["deprecated"] = True
        return f


class _Adapter:
    def __init__(self, ctx: Context, spec: dict):
        self.ctx = ctx
        self.spec = spec
        self.cloud = spec["cloud"]
        self.service = spec["service"]
        self.version = spec["version"]
        folder = f"tccli/services/{self.service}/v{self.version.replace('-', '')}"
        cli, cli_en = ctx.wheel(CLI) / folder, ctx.wheel(CLI_EN) / folder
        self.api = _load(cli / "api.json")
        self.examples = _load(cli / "examples.json").get("actions", {})
        en_api = _load(cli_en / "api.json") if (cli_en / "api.json").exists() else {"actions": {}, "objects": {}}
        self.en_examples = _load(cli_en / "examples.json").get("actions", {}) if (cli_en / "examples.json").exists() else {}
        if self.api.get("metadata", {}).get("apiVersion") != self.version:
            raise ImportError_(f"{cli}/api.json is version {self.api.get('metadata', {}).get('apiVersion')}, not {self.version}")
        self.objects = self.api["objects"]
        self.intl_actions = en_api["actions"]
        self.intl_objects = en_api["objects"]
        self.sdk = ctx.wheel(spec["sdk"]) / "tencentcloud" / self.service / f"v{self.version.replace('-', '')}" / "errorcodes.py"
        self.ledger: list[dict] = []
        self.warnings: list[str] = []
        self.source = (f"scripts/import: {ctx.pin_text(CLI)} api.json + examples.json, {ctx.pin_text(CLI_EN)}")

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def run(self) -> Service:
        ops = {}
        stats = {"operations": 0, "deprecated": 0, "fields_top": 0, "fields_nested": 0, "examples_kept": 0,
                 "examples_skipped": 0, "rules_mined": 0, "rules_rejected": 0, "rules_open": 0, "lang_en": 0, "lang_zh": 0}
        for action in sorted(self.api["actions"]):
            op, o = self.operation(action)
            ops[action] = op
            stats["operations"] += 1
            stats["deprecated"] += bool(op.get("deprecated"))
            stats["fields_top"] += o.top
            stats["fields_nested"] += o.nested
            counts = o.mined.counts()
            stats["rules_mined"] += sum(1 for m in o.mined.mined if m.state == "checked" and m.rule is not None)
            stats["rules_rejected"] += counts.get("rejected", 0)
            stats["rules_open"] += counts.get("open", 0)
            stats["examples_kept"] += len(op["examples"])
            stats["lang_" + op["lang"]] += 1
        stats["examples_skipped"] = self.skipped
        stats["warnings"] = len(self.warnings)
        for op in ops.values():
            mark_secrets(op.get("fields") or [])  # one decision for every cloud (common.is_secret)
        return Service(self.cloud, self.service, self.version, self.service_file(), ops, self.ledger, stats)

    skipped = 0

    def operation(self, action: str) -> tuple[dict, _Op]:
        spec = self.api["actions"][action]
        intl = self.intl_actions.get(action)
        description, lang = choose_text(intl and intl.get("document"), spec.get("document"))
        o = _Op(self, action, lang)
        fields = o.fields(spec["input"], (spec["input"],), o.rules, "", "", 0)
        title = plain(intl["name"]) if intl and intl.get("name") and not has_cjk(intl["name"]) else title_from_action(action)
        op: dict = {"$schema": "../../../schema/operation.schema.json", "generated": self.source, "title": title}
        if description:
            op["description"] = description
        op["lang"] = lang
        if spec.get("status") == "deprecated":
            op["deprecated"] = True
        op["doc"] = (f"https://console.cloud.tencent.com/api/explorer?Product={self.service}"
                     f"&Version={self.version}&Action={action}")
        op.update({"method": "POST", "path": "/", "action": action, "fields": fields})
        if o.rules:
            op["rules"] = o.rules
        op["examples"], notes = self.op_examples(action, fields)
        op["response"] = {"status": 200, "fields": self.response_fields(spec["output"], lang), "error_shape": ERROR_SHAPE}
        op_id = f"{self.cloud}.{self.service}.{action}"
        documented = op["examples"] + overlay_examples(CATALOG, self.cloud, self.service, self.version, action)
        curated = overlay_curated_paths(CATALOG, self.cloud, self.service, self.version, action)
        o.mined = miner.mine_operation(op, op_id, miner.example_values(documented), stated_elsewhere=curated)
        self.ledger += miner.ledger_entries(o.mined, op_id)
        miner.place_rules(op)
        if notes:
            op["notes"] = notes
        if spec.get("status") not in ("online", "deprecated"):
            self.warn(f"{action}: status {spec.get('status')!r}")
        return op, o

    def op_examples(self, action: str, fields: list[dict]) -> tuple[list[dict], list[str]]:
        """The documented requests that are JSON and satisfy the spec they document, and a
        note for each one left out."""
        out, notes = [], []
        en = self.en_examples.get(action) or []
        mine = self.examples.get(action) or []
        for i, ex in enumerate(mine):
            body = example_body(ex.get("input", ""))
            title = plain(ex.get("title", "")) or f"Example {i + 1}"
            # The English title, when the international example at the same place is the same request.
            # (A query-string example has no body to compare: the same place in a list as long will do.)
            other = en[i] if i < len(en) else {}
            same = (example_body(other.get("input", "")) == body) if body is not None else len(en) == len(mine)
            if same and other.get("title") and not has_cjk(other["title"]):
                title = plain(other["title"])
            if body is None:
                self.skipped += 1
                self.warn(f"{action}: example {title!r} skipped (its request has no JSON body)")
                notes.append(f"The documented example {title!r} is left out: it is written as a query string, "
                             "not as a JSON body.")
                continue
            problems = example_problems(body, fields)
            if problems:
                self.skipped += 1
                self.warn(f"{action}: example {title!r} skipped (breaks its own spec: {'; '.join(problems[:3])})")
                more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
                notes.append(f"The documented example {title!r} is left out: it does not match the parameters it "
                             f"documents ({'; '.join(problems[:3])}{more}).")
                continue
            out.append({"title": title, "source": f"{self.ctx.pin_text(CLI)} examples.json",
                        "url": f"https://{self.service}.tencentcloudapi.com/", "body": body})
        return out, notes

    def response_fields(self, struct: str, lang: str) -> list[dict]:
        intl = {m["name"]: m for m in self.intl_objects.get(struct, {}).get("members", [])}
        out = []
        for m in self.objects[struct]["members"]:
            ty, inner = catalog_type(m["type"], m["member"], self.objects)
            f: dict = {"name": m["name"], "type": ty}
            text, flang = choose_text((intl.get(m["name"]) or {}).get("document"), m.get("document"))
            if text:
                f["description"] = text
                if flang != lang:
                    f["lang"] = flang
            if ty == "array":
                f["items"] = {"name": "item", "type": "object" if inner in self.objects else inner}
            out.append(f)
        return out

    def service_file(self) -> dict:
        regions = json.loads((HERE / "tencent_regions.json").read_text(encoding="utf-8"))
        out = {
            "$schema": "../../../schema/service.schema.json",
            "generated": f"scripts/import: tools/importer/tencent_regions.json, {self.ctx.pin_text(self.spec['sdk'])} errorcodes.py",
            "cloud": self.cloud, "service": self.service, "version": self.version, "api_version": self.version,
            "style": "json",
            "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "X-TC-Action", "value": "{action}"},
                        {"name": "X-TC-Version", "value": "{version}"}, {"name": "X-TC-Region", "value": "{region}"}],
            "endpoint": {
                "host": f"{self.service}.tencentcloudapi.com",
                "regions": regions["regions"],
                "default_region": regions["default_region"],
                "open_region_list": regions["open_region_list"],
                "note": regions["note"].replace("{service}", self.service),
            },
        }
        errors = error_codes(self.sdk.read_text(encoding="utf-8"))
        if errors:
            out["errors"] = errors
        return out


def error_codes(source: str) -> list[dict]:
    """The codes of an SDK errorcodes.py (`NAME = 'Code'` with a `# meaning` comment above),
    in file order; the meaning is the provider's (Chinese) comment."""
    out = []
    comment: list[str] = []
    for line in source.splitlines():
        s = line.strip()
        if s.startswith("#"):
            comment.append(s.lstrip("#").strip())
            continue
        m = re.match(r"^[A-Z0-9_]+\s*=\s*(.+)$", s)
        if m:
            code = ast.literal_eval(m.group(1))
            meaning = " ".join(c for c in comment if c) or code
            out.append({"code": code, "meaning": meaning})
        comment = [] if not s.startswith("#") else comment
    return out


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportError_(f"{path} is not in the pinned wheel") from None


def import_service(ctx: Context, spec: dict) -> Service:
    adapter = _Adapter(ctx, spec)
    result = adapter.run()
    for w in adapter.warnings:
        print(f"  warning: {spec['cloud']}.{spec['service']}: {w}", file=sys.stderr)
    print(f"  {spec['cloud']}.{spec['service']}: " + ", ".join(f"{k} {v}" for k, v in result.stats.items()), file=sys.stderr)
    return result
