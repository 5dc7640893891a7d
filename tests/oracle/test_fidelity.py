"""Fidelity oracle: our catalog against the official SDKs' request models.

For every catalog entry (one test per catalog id) this builds the request schema as the
official SDK sees it and compares it, recursively through nested objects and array items,
with what `cloudreq show <id> --json` prints:

  missing   a field the SDK sends that our catalog lacks (same wire name)
  extra     a field our catalog has that the SDK lacks
  type      a different type category (see `_CATALOG_TYPES_FOR`)
  required  a different required flag
  in        a different placement of a top-level field (path | query | header | body)
  operation method / path / action / version / style of the operation differ
  no_sdk_model  the SDK has no model for this operation at all

Every difference fails the test unless `fidelity_allowlist.json` (next to this file) lists it
as {"api", "path", "aspect", "reason"}; an allowlist entry that matches no difference fails
the test too, so the list cannot rot.

Where each SDK's facts come from (all read from the installed, pinned packages):

* Huawei / OTC (`huaweicloudsdkddm`): `openapi_types` gives the types, `attribute_map` the
  wire names. The required flag is not stored as data; the generator expresses it in
  `__init__`: a required attribute is assigned unconditionally (`self.name = name`), an
  optional one only under `if name is not None:`. We read that from the AST of `__init__`
  (it agrees with the API reference's "Mandatory" column for every DDM field). Placement comes
  from calling the client's own `_<operation>_http_info(request)` on a request whose values are
  markers: attributes that land in `path_params` are path parameters, the `body` attribute's
  model supplies the body fields. Placeholders of `resource_path` that the request model lacks
  (only `project_id`) are filled by the SDK from the credentials
  (`BasicCredentials.process_auth_request`); they are required string path parameters.
  OTC entries are compared with the same Huawei models; OTC's deliberate differences are
  allowlisted. DCS CancelInstanceResize: `huaweicloudsdkdcs` has no operation with that path;
  the test checks that this is still so (and fails once a release adds it).
* Tencent (`tccli-intl-en`'s `tccli/services/emr/v20190103/api.json`, the machine-readable
  spec the CLI and the docs are generated from, the only packaged source with `required`):
  members' `type`/`member`/`required`, recursively. Member names and kinds are cross-checked
  against `tencentcloud-sdk-python-intl-en`'s models (`_serialize` keys and `:type` docstrings).
* Alibaba (`alibabacloud-emr20210320`): types from the `__init__` annotations; required from
  the generated comment "This parameter is required." above the attribute's assignment
  (`validate()` checks nothing but nesting); wire names and placement from a real call of
  `Client.increase_nodes_with_options` with the transport (`call_api`) stubbed out: every
  attribute is set to a marker and found again in the flattened query the SDK would send.

A per-API summary is written to test-output/fidelity.txt and shown at the end of the run.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.metadata
import inspect
import json
import os
import re
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = ROOT / "catalog"
ALLOWLIST_PATH = Path(__file__).resolve().with_name("fidelity_allowlist.json")
SUMMARY_PATH = ROOT / "test-output" / "fidelity.txt"
BINARY = Path(os.environ.get("CLOUDREQ_BIN") or ROOT / "target" / "debug" / "cloudreq")

ASPECTS = ("missing", "extra", "type", "required", "in", "operation", "no_sdk_model")

# SDK kind -> catalog types that express it. Enums must also have values of the right JSON type.
_CATALOG_TYPES_FOR = {
    "string": {"string", "enum", "string_bool", "json_string"},
    "integer": {"integer", "enum"},
    "number": {"number"},
    "boolean": {"boolean"},
    "array": {"array"},
    "object": {"object"},
}


class OracleError(Exception):
    """The SDK side could not be read (missing package, unexpected shape, sources disagree)."""


@dataclass
class SdkField:
    name: str  # wire name
    kind: str  # string | integer | number | boolean | array | object
    required: bool
    origin: str  # where the fact comes from, for messages
    location: Optional[str] = None  # top level only
    items: Optional["SdkField"] = None  # arrays
    fields: list["SdkField"] = field(default_factory=list)  # objects


@dataclass
class Oracle:
    source: str  # package, version and model, for the summary
    fields: list[SdkField] = field(default_factory=list)
    operation: dict[str, str] = field(default_factory=dict)
    no_model: Optional[str] = None  # set when the SDK has no model for the operation


@dataclass
class Diff:
    path: str
    aspect: str
    detail: str


@dataclass
class Result:
    api: str
    source: str
    compared: int = 0
    matches: int = 0
    diffs: list[Diff] = field(default_factory=list)
    allowlisted: list[Diff] = field(default_factory=list)
    failing: list[Diff] = field(default_factory=list)
    unused_allowlist: list[dict] = field(default_factory=list)
    error: Optional[str] = None


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError as e:
        raise OracleError(
            f"Python package {dist!r} is not installed: run "
            f"`.venv/bin/pip install -r tests/oracle/requirements.txt` in {ROOT}"
        ) from e


def _import(module: str, dist: str):
    _version(dist)
    return importlib.import_module(module)


# --------------------------------------------------------------------------------------------
# Huawei (huaweicloudsdkddm, huaweicloudsdkdcs)
# --------------------------------------------------------------------------------------------

_HW_SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def _hw_required(cls) -> dict[str, bool]:
    """Required flags from the generated `__init__` (see the module docstring)."""
    fn = ast.parse(textwrap.dedent(inspect.getsource(cls.__init__))).body[0]

    def assigned_param(stmt) -> Optional[str]:
        # `self.x = x`
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Attribute)
            and isinstance(stmt.targets[0].value, ast.Name)
            and stmt.targets[0].value.id == "self"
            and isinstance(stmt.value, ast.Name)
            and stmt.value.id == stmt.targets[0].attr
        ):
            return stmt.value.id
        return None

    flags: dict[str, bool] = {}
    for stmt in fn.body:
        name = assigned_param(stmt)
        if name:
            flags[name] = True
        elif (
            isinstance(stmt, ast.If)
            and isinstance(stmt.test, ast.Compare)
            and isinstance(stmt.test.left, ast.Name)
            and len(stmt.test.ops) == 1
            and isinstance(stmt.test.ops[0], ast.IsNot)
            and isinstance(stmt.test.comparators[0], ast.Constant)
            and stmt.test.comparators[0].value is None
            and len(stmt.body) == 1
            and assigned_param(stmt.body[0]) == stmt.test.left.id
        ):
            flags[stmt.test.left.id] = False
    unknown = set(cls.openapi_types) - set(flags)
    if unknown:
        raise OracleError(
            f"{cls.__module__}.{cls.__name__}: cannot tell required/optional for {sorted(unknown)} "
            "from __init__ (the generator's convention changed?)"
        )
    return flags


def _hw_type(type_str: str, module, name: str, required: bool, origin: str) -> SdkField:
    if type_str in _HW_SCALARS:
        return SdkField(name, _HW_SCALARS[type_str], required, origin)
    m = re.fullmatch(r"list\[(.+)\]", type_str)
    if m:
        item = _hw_type(m.group(1), module, "item", False, origin)
        return SdkField(name, "array", required, origin, items=item)
    cls = getattr(module, type_str, None)
    if cls is not None and hasattr(cls, "openapi_types"):
        return SdkField(name, "object", required, origin, fields=_hw_model_fields(cls, module))
    raise OracleError(f"{origin}: SDK type {type_str!r} has no mapping in this test")


def _hw_model_fields(cls, module) -> list[SdkField]:
    required = _hw_required(cls)
    out = []
    for attr, type_str in cls.openapi_types.items():
        origin = f"{cls.__name__}.{attr}: {type_str!r}"
        out.append(_hw_type(type_str, module, cls.attribute_map[attr], required[attr], origin))
    return out


def _hw_implicit_path_param(name: str, resource_path: str) -> SdkField:
    if name != "project_id":
        raise OracleError(
            f"{resource_path}: placeholder {{{name}}} is neither in the request model nor filled "
            "by the SDK's credentials"
        )
    creds = _import("huaweicloudsdkcore.auth.credentials", "huaweicloudsdkcore")
    if 'path_params["project_id"]' not in inspect.getsource(creds.BasicCredentials):
        raise OracleError("huaweicloudsdkcore BasicCredentials no longer fills path_params['project_id']")
    return SdkField(
        "project_id", "string", True,
        f"{{project_id}} in resource_path, filled by BasicCredentials", location="path",
    )


def huawei_ddm_oracle(operation: str, request_cls: str) -> Oracle:
    module = _import("huaweicloudsdkddm.v1", "huaweicloudsdkddm")
    version = _version("huaweicloudsdkddm")
    cls = getattr(module, request_cls)
    required = _hw_required(cls)

    # Build a request whose every attribute is a marker and let the client place them.
    values = {}
    for attr, type_str in cls.openapi_types.items():
        model = getattr(module, type_str, None)
        values[attr] = model() if model is not None else f"@{attr}"
    info = getattr(module.DdmClient, f"_{operation}_http_info")(cls(**values))

    fields: list[SdkField] = []
    placed = set()
    for wire, value in info["path_params"].items():
        attr = next(a for a, v in values.items() if v is value)
        placed.add(attr)
        origin = f"{request_cls}.{attr}: {cls.openapi_types[attr]!r} (path_params)"
        f = _hw_type(cls.openapi_types[attr], module, wire, required[attr], origin)
        f.location = "path"
        fields.append(f)
    for where in ("query_params", "header_params", "post_params"):
        items = info[where].items() if isinstance(info[where], dict) else info[where]
        mine = [k for k, v in items if any(v is m for m in values.values())]
        if mine:  # (the client's own Content-Type header is not a request attribute)
            raise OracleError(f"{request_cls}: {where} {mine} not handled by this test")
    body = info["body"]
    if body is not None:
        attr = next(a for a, v in values.items() if v is body)
        placed.add(attr)
        # The wrapper's `body` attribute is optional in the SDK, but the body model has its own
        # required members; those are what the catalog's top-level body fields describe.
        for f in _hw_model_fields(type(body), module):
            f.location = "body"
            fields.append(f)
    unplaced = set(values) - placed
    if unplaced:
        raise OracleError(f"{request_cls}: attributes {sorted(unplaced)} not placed by the client")
    path = info["resource_path"]
    explicit = set(info["path_params"])
    implicit = [p for p in re.findall(r"\{(\w+)\}", path) if p not in explicit]
    fields = [_hw_implicit_path_param(p, path) for p in implicit] + fields
    return Oracle(
        source=f"huaweicloudsdkddm {version} {request_cls}",
        fields=fields,
        operation={"method": info["method"], "path": path},
    )


def huawei_dcs_no_model_oracle(method: str, path: str) -> Oracle:
    client_mod = _import("huaweicloudsdkdcs.v2.dcs_client", "huaweicloudsdkdcs")
    version = _version("huaweicloudsdkdcs")
    src = inspect.getsource(client_mod)
    ops = re.findall(r'"method": "(\w+)",\s*"resource_path": "([^"]+)"', src)
    if len(ops) < 50:
        raise OracleError(f"huaweicloudsdkdcs {version}: found only {len(ops)} operations; parser broken?")
    if (method, path) in ops:
        raise OracleError(
            f"huaweicloudsdkdcs {version} now has an operation {method} {path}: "
            "write a real comparison for it and drop the no_sdk_model allowlist entry"
        )
    return Oracle(
        source=f"huaweicloudsdkdcs {version} (no model)",
        no_model=f"huaweicloudsdkdcs {version}: none of its {len(ops)} operations is {method} {path}",
    )


# --------------------------------------------------------------------------------------------
# Tencent (tccli-intl-en api.json, cross-checked with tencentcloud-sdk-python-intl-en models)
# --------------------------------------------------------------------------------------------

_TC_MEMBER = {
    "string": "string", "datetime": "string", "binary": "string",
    "int64": "integer", "uint64": "integer", "int": "integer", "uint": "integer",
    "float": "number", "double": "number",
    "bool": "boolean",
}
_TC_DOC_KIND = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def _tc_member_field(api: dict, m: dict, owner: str, seen: tuple) -> SdkField:
    t, member = m["type"], m["member"]
    origin = f"{owner}.{m['name']}: type {t!r}, member {member!r}"

    def scalar_or_object(name: str, required: bool) -> SdkField:
        if member in api["objects"]:
            if member in seen:
                raise OracleError(f"{origin}: recursive structure {member}")
            fields = _tc_object_fields(api, member, seen + (member,))
            return SdkField(name, "object", required, origin, fields=fields)
        if member not in _TC_MEMBER:
            raise OracleError(f"{origin}: member type has no mapping in this test")
        return SdkField(name, _TC_MEMBER[member], required, origin)

    if t == "list":
        return SdkField(m["name"], "array", m["required"], origin, items=scalar_or_object("item", False))
    if t == "object":
        if member not in api["objects"]:
            raise OracleError(f"{origin}: unknown structure")
        return scalar_or_object(m["name"], m["required"])
    kind = {"string": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(t)
    if kind is None or _TC_MEMBER.get(member) != kind:
        raise OracleError(f"{origin}: type/member combination has no mapping in this test")
    return SdkField(m["name"], kind, m["required"], origin)


def _tc_object_fields(api: dict, name: str, seen: tuple) -> list[SdkField]:
    fields = [_tc_member_field(api, m, name, seen) for m in api["objects"][name]["members"]]
    _tc_crosscheck_model(name, fields)
    return fields


def _tc_crosscheck_model(name: str, fields: list[SdkField]) -> None:
    """api.json and the Python SDK model must name the same members with the same kinds."""
    models = _import("tencentcloud.emr.v20190103.models", "tencentcloud-sdk-python-intl-en")
    cls = getattr(models, name, None)
    if cls is None:
        raise OracleError(f"tencentcloud-sdk-python-intl-en has no model {name} (api.json has)")
    sdk_names = list(cls()._serialize(allow_none=True))
    doc = cls.__init__.__doc__ or ""
    doc_types = dict(re.findall(r"^\s*:type (\w+): (.+?)\s*$", doc, re.M))
    problems = []
    if sorted(sdk_names) != sorted(f.name for f in fields):
        problems.append(f"members: api.json {sorted(f.name for f in fields)}, model {sorted(sdk_names)}")
    for f in fields:
        d = doc_types.get(f.name, "")
        kind = "array" if d.startswith("list of") else "object" if d.startswith(":class:") else _TC_DOC_KIND.get(d)
        if kind != f.kind:
            problems.append(f"{f.name}: api.json {f.kind}, model docstring {d!r}")
    if problems:
        raise OracleError(f"tccli api.json and the SDK model {name} disagree: " + "; ".join(problems))


def tencent_oracle(service: str, version_dir: str, action: str) -> Oracle:
    tccli = _import("tccli", "tccli-intl-en")
    api_path = Path(tccli.__file__).parent / "services" / service / version_dir / "api.json"
    if not api_path.is_file():
        raise OracleError(f"{api_path} not found in the tccli-intl-en package")
    api = json.loads(api_path.read_text(encoding="utf-8"))
    if action not in api["actions"]:
        raise OracleError(f"{api_path}: no action {action}")
    req_name = api["actions"][action]["input"]
    fields = _tc_object_fields(api, req_name, (req_name,))
    for f in fields:
        f.location = "body"  # API 3.0 POST: every parameter is a member of the JSON body
    client_mod = _import(f"tencentcloud.{service}.{version_dir}.{service}_client", "tencentcloud-sdk-python-intl-en")
    client_cls = getattr(client_mod, f"{service.capitalize()}Client")
    if not hasattr(client_cls, action):
        raise OracleError(f"{client_cls.__name__} has no method {action}")
    if client_cls._apiVersion != api["metadata"]["apiVersion"]:
        raise OracleError(f"api.json version {api['metadata']['apiVersion']} != SDK {client_cls._apiVersion}")
    profile = _import("tencentcloud.common.profile.http_profile", "tencentcloud-sdk-python-intl-en")
    return Oracle(
        source=f"tccli-intl-en {_version('tccli-intl-en')} api.json {req_name} "
        f"(+ tencentcloud-sdk-python-intl-en {_version('tencentcloud-sdk-python-intl-en')})",
        fields=fields,
        operation={
            "action": action,
            "version": client_cls._apiVersion,
            "method": profile.HttpProfile().reqMethod,
            "path": client_cls._requestPath,
        },
    )


# --------------------------------------------------------------------------------------------
# Alibaba (alibabacloud-emr20210320)
# --------------------------------------------------------------------------------------------

_ALI_SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
_ALI_REQUIRED = "This parameter is required."


def _ali_required(cls) -> dict[str, bool]:
    flags, comment = {}, []
    for line in inspect.getsource(cls.__init__).splitlines():
        s = line.strip()
        if s.startswith("#"):
            comment.append(s)
            continue
        m = re.fullmatch(r"self\.(\w+) = (\w+)", s)
        if m and m.group(1) == m.group(2):
            flags[m.group(1)] = any(_ALI_REQUIRED in c for c in comment)
        comment = []
    params = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    if sorted(params) != sorted(flags):
        raise OracleError(f"{cls.__name__}: cannot read required flags for {sorted(set(params) - set(flags))}")
    return flags


def _ali_shape(cls, models) -> dict[str, tuple]:
    """attr -> (annotation, kind, item kind or None, item model or None)."""
    out = {}
    for attr, p in inspect.signature(cls.__init__).parameters.items():
        if attr == "self":
            continue
        ann = p.annotation if isinstance(p.annotation, str) else getattr(p.annotation, "__name__", str(p.annotation))
        if ann in _ALI_SCALARS:
            out[attr] = (ann, _ALI_SCALARS[ann], None, None)
            continue
        m = re.fullmatch(r"List\[(?:main_models\.)?(\w+)\]", ann)
        if m and m.group(1) in _ALI_SCALARS:
            out[attr] = (ann, "array", _ALI_SCALARS[m.group(1)], None)
        elif m and hasattr(models, m.group(1)):
            out[attr] = (ann, "array", "object", getattr(models, m.group(1)))
        else:
            m = re.fullmatch(r"(?:main_models\.)?(\w+)", ann)
            if m and hasattr(models, m.group(1)):
                out[attr] = (ann, "object", None, getattr(models, m.group(1)))
            else:
                raise OracleError(f"{cls.__name__}.{attr}: annotation {ann!r} has no mapping in this test")
    return out


def alibaba_oracle(request_cls: str, client_method: str) -> Oracle:
    models = _import("alibabacloud_emr20210320.models", "alibabacloud-emr20210320")
    client_mod = _import("alibabacloud_emr20210320.client", "alibabacloud-emr20210320")
    um = _import("alibabacloud_tea_openapi.utils_models", "alibabacloud-tea-openapi")
    runtime_mod = _import("darabonba.runtime", "darabonba-core")
    version = _version("alibabacloud-emr20210320")
    cls = getattr(models, request_cls)

    markers: dict[str, tuple] = {}  # marker -> (model, attr)

    def marker(model, attr) -> str:
        token = f"M{len(markers)}"
        markers[token] = (model.__name__, attr)
        return token

    def filled(model):
        kwargs = {}
        for attr, (_, kind, item_kind, sub) in _ali_shape(model, models).items():
            if kind == "array" and sub is not None:
                kwargs[attr] = [filled(sub)]
            elif kind == "array":
                kwargs[attr] = [marker(model, attr)]
            elif kind == "object":
                kwargs[attr] = filled(sub)
            else:
                kwargs[attr] = marker(model, attr)  # strings everywhere: the SDK str()s them
        return model(**kwargs)

    request = filled(cls)
    captured = {}

    def fake_call_api(params, req, runtime):
        captured["params"], captured["req"] = params, req
        return {"body": {}, "headers": {}, "statusCode": 200}

    client = client_mod.Client(um.Config(access_key_id="ak", access_key_secret="sk", region_id="cn-hangzhou"))
    client.call_api = fake_call_api
    getattr(client, client_method)(request, runtime_mod.RuntimeOptions())
    params, req = captured["params"], captured["req"]
    if req.body:
        raise OracleError(f"{client_method}: the SDK sends a body {req.body!r}; this test expects query only")

    # wire key path of each (model, attr), e.g. ("ApplicationConfig", "config_scope") ->
    # ["ApplicationConfigs", "1", "ConfigScope"]
    wire: dict[tuple, list[str]] = {}
    for key, value in req.query.items():
        if value not in markers:
            raise OracleError(f"{client_method}: unexpected query parameter {key}={value!r}")
        wire[markers[value]] = key.split(".")

    def build(model, top: bool) -> list[SdkField]:
        required = _ali_required(model)
        out = []
        for attr, (ann, kind, item_kind, sub) in _ali_shape(model, models).items():
            origin = f"{model.__name__}.{attr}: {ann!r}"
            if kind == "array" and sub is not None:
                first = next(iter(_ali_shape(sub, models)))
                key = wire.get((sub.__name__, first))
                if not key or len(key) < 3 or key[-2] != "1":
                    raise OracleError(f"{origin}: items not found in the flattened query ({key})")
                name = key[-3]
                f = SdkField(name, "array", required[attr], origin,
                             items=SdkField("item", "object", False, origin, fields=build(sub, False)))
            elif kind == "array":
                key = wire.get((model.__name__, attr))
                if not key or key[-1] != "1":
                    raise OracleError(f"{origin}: not found in the flattened query ({key})")
                f = SdkField(key[-2], "array", required[attr], origin,
                             items=SdkField("item", item_kind, False, origin))
            elif kind == "object":
                raise OracleError(f"{origin}: nested objects outside arrays not handled by this test")
            else:
                key = wire.get((model.__name__, attr))
                if not key:
                    raise OracleError(f"{origin}: not found in the query the SDK sends")
                f = SdkField(key[-1], kind, required[attr], origin)
            if top:
                f.location = "query"
            out.append(f)
        return out

    return Oracle(
        source=f"alibabacloud-emr20210320 {version} {request_cls}",
        fields=build(cls, True),
        operation={
            "action": params.action,
            "version": params.version,
            "method": params.method,
            "path": params.pathname,
            "style": params.style.lower(),
        },
    )


# --------------------------------------------------------------------------------------------
# Which SDK model describes which catalog entry
# --------------------------------------------------------------------------------------------

ORACLES: dict[str, Callable[[], Oracle]] = {
    "huawei.ddm.CreateInstance": lambda: huawei_ddm_oracle("create_instance", "CreateInstanceRequest"),
    "otc.ddm.CreateInstance": lambda: huawei_ddm_oracle("create_instance", "CreateInstanceRequest"),
    "huawei.ddm.ExpandInstanceNodes": lambda: huawei_ddm_oracle("expand_instance_nodes", "ExpandInstanceNodesRequest"),
    "otc.ddm.ExpandInstanceNodes": lambda: huawei_ddm_oracle("expand_instance_nodes", "ExpandInstanceNodesRequest"),
    "huawei.dcs.CancelInstanceResize": lambda: huawei_dcs_no_model_oracle(
        "POST", "/v2/{project_id}/instances/{instance_id}/resize/cancel/{task_id}"),
    "tencent.emr.ScaleOutInstance": lambda: tencent_oracle("emr", "v20190103", "ScaleOutInstance"),
    "alibaba.emr.IncreaseNodes": lambda: alibaba_oracle("IncreaseNodesRequest", "increase_nodes_with_options"),
}


# --------------------------------------------------------------------------------------------
# Our side
# --------------------------------------------------------------------------------------------

def catalog_ids() -> list[str]:
    """The ids `cloudreq list` gives (the catalog as built), never a copied list."""
    _check_binary()
    proc = subprocess.run([str(BINARY), "list", "--json"], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"`cloudreq list --json` failed ({proc.returncode}): {proc.stderr.strip()}")
    ids = [e["id"] for e in json.loads(proc.stdout)]
    if not ids:
        raise RuntimeError("`cloudreq list --json` listed no operation")
    return ids


def _check_binary() -> None:
    if not BINARY.is_file():
        pytest.fail(
            f"cloudreq binary not found at {BINARY}: build it first with "
            f"`cargo build -p cloudreq-cli` in {ROOT} (or set CLOUDREQ_BIN)",
            pytrace=False,
        )
    newest = max((p for p in CATALOG_DIR.rglob("*.json")), key=lambda p: p.stat().st_mtime, default=None)
    if newest is not None and newest.stat().st_mtime > BINARY.stat().st_mtime + 1:
        pytest.fail(
            f"{BINARY} is older than {newest.relative_to(ROOT)} (the catalog is compiled in): "
            "rebuild with `cargo build -p cloudreq-cli`",
            pytrace=False,
        )


@functools.lru_cache(maxsize=None)
def catalog_entry(api: str) -> dict:
    _check_binary()
    proc = subprocess.run([str(BINARY), "show", api, "--json"], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        pytest.fail(f"`cloudreq show {api} --json` failed ({proc.returncode}): {proc.stderr.strip()}", pytrace=False)
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------

def _type_ok(sdk_kind: str, cat: dict) -> bool:
    cat_type = cat.get("type")
    if cat_type not in _CATALOG_TYPES_FOR.get(sdk_kind, ()):
        return False
    if cat_type == "enum":
        values = [v.get("value") for v in cat.get("values", [])]
        if not values:
            return False
        if sdk_kind == "string":
            return all(isinstance(v, str) for v in values)
        return all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    return True


def _describe_cat_type(cat: Optional[dict]) -> str:
    if cat is None:
        return "nothing"
    t = cat.get("type", "?")
    if t == "enum":
        kinds = sorted({type(v.get("value")).__name__ for v in cat.get("values", [])})
        return f"enum of {'/'.join(kinds) or 'no values'}"
    return t


def compare_fields(sdk_fields, cat_fields, prefix: str, res: Result, default_in: Optional[str]) -> None:
    cat_by_name = {f["name"]: f for f in cat_fields}
    sdk_names = set()
    for s in sdk_fields:
        sdk_names.add(s.name)
        path = prefix + s.name
        res.compared += 1
        before = len(res.diffs)
        c = cat_by_name.get(s.name)
        if c is None:
            res.diffs.append(Diff(path, "missing", f"in the SDK ({s.origin}), not in our catalog"))
            continue
        compare_one(s, c, path, res)
        if default_in is not None:
            cat_in = c.get("in") or default_in
            if s.location != cat_in:
                res.diffs.append(Diff(path, "in", f"SDK {s.location}, catalog {cat_in}"))
        if len(res.diffs) == before:
            res.matches += 1
        elif all(d.path.startswith(path + ".") or d.path.startswith(path + "[].") for d in res.diffs[before:]):
            res.matches += 1  # only nested members differ; they are counted on their own
    for c in cat_fields:
        if c["name"] not in sdk_names:
            res.compared += 1
            res.diffs.append(Diff(prefix + c["name"], "extra",
                                  f"in our catalog ({_describe_cat_type(c)}), not in the SDK request model"))


def compare_one(s: SdkField, c: dict, path: str, res: Result) -> None:
    """Type, required flag and nested structure of one field present on both sides."""
    if not _type_ok(s.kind, c):
        res.diffs.append(Diff(path, "type", f"SDK {s.kind} ({s.origin}), catalog {_describe_cat_type(c)}"))
        return
    if path.endswith("[]"):
        pass  # array items have no required flag of their own
    elif s.required != bool(c.get("required", False)):
        res.diffs.append(Diff(path, "required",
                              f"SDK {str(s.required).lower()}, catalog {str(bool(c.get('required'))).lower()}"))
    if s.kind == "object":
        compare_fields(s.fields, c.get("fields", []), path + ".", res, None)
    elif s.kind == "array":
        item = c.get("items")
        if item is None:
            res.diffs.append(Diff(path + "[]", "type", f"SDK items {s.items.kind}, catalog array has no items"))
        else:
            compare_one(s.items, item, path + "[]", res)


def load_allowlist() -> list[dict]:
    return json.loads(ALLOWLIST_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def compare(api: str) -> Result:
    if api not in ORACLES:
        res = Result(api, "none")
        res.error = (f"{api}: no SDK oracle is registered for this catalog entry; add one to ORACLES "
                     "in tests/oracle/test_fidelity.py")
        return res
    try:
        oracle = ORACLES[api]()
    except OracleError as e:
        res = Result(api, "error")
        res.error = f"{api}: SDK side could not be read: {e}"
        return res
    entry = catalog_entry(api)
    res = Result(api, oracle.source)
    if oracle.no_model is not None:
        res.diffs.append(Diff("*", "no_sdk_model", oracle.no_model))
    else:
        for key, sdk_value in oracle.operation.items():
            ours = entry.get(key)
            if key == "style" and isinstance(ours, str):
                ours = ours.lower()
            if ours != sdk_value:
                res.diffs.append(Diff(key, "operation", f"SDK {sdk_value!r}, catalog {ours!r}"))
        default_in = "query" if entry.get("style") == "rpc" else "body"
        compare_fields(oracle.fields, entry.get("fields", []), "", res, default_in)

    entries = [e for e in load_allowlist() if e.get("api") == api]
    used = set()
    for d in res.diffs:
        hit = next((i for i, e in enumerate(entries) if e.get("path") == d.path and e.get("aspect") == d.aspect), None)
        if hit is None:
            res.failing.append(d)
        else:
            used.add(hit)
            res.allowlisted.append(d)
    res.unused_allowlist = [e for i, e in enumerate(entries) if i not in used]
    return res


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------

_RESULTS: dict[str, Result] = {}


def _result_lines(r: Result) -> list[str]:
    if r.error:
        return [f"  {r.api:34} ERROR  {r.error}"]
    lines = [
        f"  {r.api:34} compared {r.compared:3}  match {r.matches:3}  allowlisted {len(r.allowlisted):2}  "
        f"failing {len(r.failing) + len(r.unused_allowlist):2}  [{r.source}]"
    ]
    lines += [f"      allowlisted {d.aspect}: {d.path}" for d in r.allowlisted]
    return lines


def _summary_lines() -> list[str]:
    lines = ["fidelity: catalog vs official SDK request models"]
    for r in _RESULTS.values():
        lines += _result_lines(r)
    return lines


class _SummaryPlugin:
    def pytest_terminal_summary(self, terminalreporter):
        if _RESULTS:
            terminalreporter.write_sep("-", "fidelity summary")
            for line in _summary_lines():
                terminalreporter.write_line(line)


@pytest.fixture(scope="module", autouse=True)
def _fidelity_summary(request):
    pm = request.config.pluginmanager
    if not pm.has_plugin("cloudreq-fidelity-summary"):
        pm.register(_SummaryPlugin(), "cloudreq-fidelity-summary")
    yield
    if _RESULTS:
        SUMMARY_PATH.parent.mkdir(parents=True, exist_ok=True)
        SUMMARY_PATH.write_text("\n".join(_summary_lines()) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("api", catalog_ids() or ["<no catalog entries found>"])
def test_fidelity(api: str) -> None:
    if api.startswith("<"):
        pytest.fail(f"no catalog entries found in {CATALOG_DIR}", pytrace=False)
    res = compare(api)
    _RESULTS[api] = res
    print("\n" + "\n".join(_result_lines(res)))
    problems = []
    if res.error:
        problems.append(res.error)
    problems += [f"{api}: {d.path}: {d.aspect}: {d.detail}" for d in res.failing]
    problems += [
        f"{api}: unused allowlist entry (no such difference any more, remove it): "
        f"{e.get('path')} / {e.get('aspect')}"
        for e in res.unused_allowlist
    ]
    if problems:
        pytest.fail(f"{len(problems)} difference(s):\n  " + "\n  ".join(problems), pytrace=False)


def test_allowlist_well_formed() -> None:
    entries = load_allowlist()
    assert isinstance(entries, list), "fidelity_allowlist.json must be a JSON list"
    ids = set(catalog_ids())
    problems, seen = [], set()
    for i, e in enumerate(entries):
        where = f"entry {i} ({e.get('api')} {e.get('path')} {e.get('aspect')})"
        if not isinstance(e, dict) or set(e) != {"api", "path", "aspect", "reason"}:
            problems.append(f"{where}: must have exactly the keys api, path, aspect, reason")
            continue
        if e["api"] not in ids:
            problems.append(f"{where}: no catalog entry has id {e['api']!r}")
        if e["aspect"] not in ASPECTS:
            problems.append(f"{where}: aspect must be one of {', '.join(ASPECTS)}")
        if not isinstance(e["reason"], str) or len(e["reason"].strip()) < 20:
            problems.append(f"{where}: give a real reason")
        key = (e["api"], e["path"], e["aspect"])
        if key in seen:
            problems.append(f"{where}: duplicate")
        seen.add(key)
    assert not problems, "\n".join(problems)
