"""Fidelity oracle: our catalog against the official SDKs' request models, every operation.

For every catalog entry (one test per id of `cloudreq list --json`) this builds the request
schema as the official SDK sees it and compares it, recursively through nested objects and array
items, with the entry as `cloudreq show <id> --json` prints it (read once for all entries through
`cloudreq catalog export`, which writes the same JSON):

  missing   a field the SDK sends that our catalog lacks (same wire name)
  extra     a field our catalog has that the SDK lacks
  type      a different type category (see `_CATALOG_TYPES_FOR`)
  required  a different required flag
  in        a different placement of a top-level field (path | query | header | body)
  encode    a top-level field sent as one JSON text by one side only (Alibaba `*_shrink`)
  operation method / path / action / version / style of the operation differ
  no_sdk_model  the SDK has no model for this operation at all

Every difference fails the test unless `fidelity_allowlist.json` (next to this file) lists it
as {"api", "path", "aspect", "reason"}. `api` and `path` may be shell-style patterns
(`alibaba.ecs.*`, `*.Tags[].*`) when one reason covers many differences. An allowlist entry that
matches no difference fails too, so the list cannot rot: an exact entry fails its operation's
test, a pattern entry fails `test_allowlist_patterns_used` (which compares every operation).

Where each SDK's facts come from (all read from the installed, pinned packages):

* Huawei / OTC (`huaweicloudsdkddm`, `huaweicloudsdkdcs`, `huaweicloudsdkecs`: every operation of
  their clients): `openapi_types` gives the types, `attribute_map` the
  wire names. The required flag is not stored as data; the generator expresses it in
  `__init__`: a required attribute is assigned unconditionally (`self.name = name`), an
  optional one only under `if name is not None:`. We read that from the AST of `__init__`
  (it agrees with the API reference's "Mandatory" column for every DDM field). Placement comes
  from calling the client's own `_<operation>_http_info(request)` on a request whose values are
  markers: attributes that land in `path_params`, `query_params` or `header_params` are path,
  query or header parameters (a query list with collection format csv is one comma-separated
  value on the wire), `object` and `dict(...)` are free maps, the `body` attribute's
  model supplies the body fields. Placeholders of `resource_path` that the request model lacks
  (only `project_id`) are filled by the SDK from the credentials
  (`BasicCredentials.process_auth_request`); they are required string path parameters.
  The two hand-written OTC variants are compared with the Huawei models they vary, OTC's
  deliberate differences allowlisted; the OTC operations imported from its reference are
  compared with that reference's tables in test_fidelity_otc.py. DCS CancelInstanceResize: `huaweicloudsdkdcs` has no operation with that path;
  the test checks that this is still so (and fails once a release adds it).
* Tencent, every action of EMR 2019-01-03 and CVM 2017-03-12:
  - operation: the action is a method of the mainland SDK's client (`tencentcloud-sdk-python-emr`
    3.1.192, `tencentcloud-sdk-python-cvm` 3.1.178, the versions the importer pins); version and
    path from the client's `_apiVersion` / `_requestPath`, the method from `HttpProfile`;
  - members (wire names) and kinds, recursively: the SDK's `<Action>Request` model, the keys its
    `_deserialize` reads and the models it builds for them, cross-checked with the `:type`
    docstrings of `__init__` (the test stops if the two disagree). These models are independent
    of the tccli api.json the importer reads;
  - required: only tccli's api.json has it. The importer reads tccli 3.1.189.1 (mainland); this
    test reads `tccli-intl-en` 3.1.193.1's api.json (its own build of the same spec: the records
    both have agree member for member), which lacks 12 EMR and 26 CVM actions and some newer
    members. There the flag is not compared (counted as "required unchecked" in the summary):
    tccli 3.1.189.1 itself cannot be installed next to tccli-intl-en (same `tccli` package) and
    would only repeat the importer's input.
  Every parameter is a member of the JSON body (API 3.0, POST). tencentcloud-sdk-python-intl-en
  also ships tencentcloud/emr and tencentcloud/cvm; the test checks (RECORD hashes) that the
  files on disk are the mainland packages'.
* Alibaba, every operation of EMR 2021-03-20 (`alibabacloud-emr20210320` 3.4.0) and ECS
  2014-05-26 (`alibabacloud-ecs20140526` 7.11.8):
  - operations: every public sync method of the client whose name ends in `with_options` (two
    lost the underscore before it: `list_doctor_hdfsugiwith_options`,
    `enable/disable_network_interface_qo_swith_options`) is really called, with `call_api`
    replaced, on a request whose every attribute (recursively; one item per list) is a marker;
    action, version, method, path and style are the `Params` it hands to `call_api`;
  - wire names, placement (query or form body) and JSON encoding (`*_shrink` attributes sent
    through `array_to_string_with_specified_style(..., 'json')`): where each marker turns up in
    the flattened query / body the SDK would send (inside a JSON text: encode json; the names
    inside it are that JSON's keys). Attributes the client never sends are not request fields;
  - types from the models' `__init__` annotations; required from the generated comment "This
    parameter is required." above the attribute's assignment (`validate()` checks nothing but
    nesting).

A per-API summary is written to test-output/fidelity.txt and shown at the end of the run.
"""

from __future__ import annotations

import ast
import base64
import fnmatch
import functools
import hashlib
import importlib
import importlib.metadata
import inspect
import json
import os
import re
import subprocess
import tempfile
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

ASPECTS = ("missing", "extra", "type", "required", "in", "encode", "operation", "no_sdk_model")

# SDK kind -> catalog types that express it. Enums must also have values of the right JSON type.
_CATALOG_TYPES_FOR = {
    "string": {"string", "enum", "string_bool", "json_string"},
    "integer": {"integer", "enum"},
    "number": {"number"},
    "boolean": {"boolean"},
    "array": {"array"},
    "object": {"object"},
    "map": {"json_string"},  # Alibaba Dict[str, …]: the catalog has no map type; JSON text
}


class OracleError(Exception):
    """The SDK side could not be read (missing package, unexpected shape, sources disagree)."""


@dataclass
class SdkField:
    name: str  # wire name
    kind: str  # string | integer | number | boolean | array | object | map
    required: Optional[bool]  # None: no source says (not compared)
    origin: str  # where the fact comes from, for messages
    location: Optional[str] = None  # top level only
    items: Optional["SdkField"] = None  # arrays
    fields: list["SdkField"] = field(default_factory=list)  # objects
    encode: Optional[str] = None  # top level only: "json" when sent as one JSON text
    recursive: bool = False  # an object that contains itself (members not listed)


@dataclass
class Oracle:
    source: str  # package, version and model, for the summary
    fields: list[SdkField] = field(default_factory=list)
    operation: dict[str, str] = field(default_factory=dict)
    no_model: Optional[str] = None  # set when the SDK has no model for the operation
    notes: list[str] = field(default_factory=list)


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
    required_unchecked: int = 0
    required_disagreements: int = 0  # the SDKs disagree and the catalog records it (note + warning rule)
    diffs: list[Diff] = field(default_factory=list)
    allowlisted: list[Diff] = field(default_factory=list)
    failing: list[Diff] = field(default_factory=list)
    unused_allowlist: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: Optional[str] = None


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError as e:
        raise OracleError(
            f"Python package {dist!r} is not installed: run "
            f"`.venv/bin/python -m pip install -r tests/oracle/requirements.txt` in {ROOT}"
        ) from e


def _import(module: str, dist: str):
    _version(dist)
    return importlib.import_module(module)


# --------------------------------------------------------------------------------------------
# Huawei (huaweicloudsdkddm, huaweicloudsdkdcs, huaweicloudsdkecs: every operation)
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
    if type_str in ("datetime", "date"):  # sent as text
        return SdkField(name, "string", required, origin)
    if type_str == "object" or type_str.startswith("dict("):  # a free-form JSON object
        return SdkField(name, "map", required, origin)
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


# Every Huawei service the catalog imports whole: service -> (package, client module, client class).
_HW_SERVICES = {
    "ddm": ("huaweicloudsdkddm", "v1", "DdmClient"),
    "dcs": ("huaweicloudsdkdcs", "v2", "DcsClient"),
    "ecs": ("huaweicloudsdkecs", "v2", "EcsClient"),
}


@functools.lru_cache(maxsize=None)
def _hw_operations(service: str) -> dict[str, str]:
    """Operation name (CamelCase, as the catalog ids have it) -> client method, for every
    `_<name>_http_info` of the service's client."""
    dist, version, client = _HW_SERVICES[service]
    module = _import(f"{dist}.{version}", dist)
    names = [n[1:-len("_http_info")] for n in vars(getattr(module, client)) if n.startswith("_") and n.endswith("_http_info")]
    if len(names) < 50:
        raise OracleError(f"{dist}: found only {len(names)} operations; parser broken?")
    return {"".join(p[:1].upper() + p[1:] for p in n.split("_")): n for n in names}


def huawei_oracle(service: str, operation: str) -> Oracle:
    """The request as the client of huaweicloudsdk<service> places it (see the module docstring)."""
    dist, version_dir, client = _HW_SERVICES[service]
    module = _import(f"{dist}.{version_dir}", dist)
    version = _version(dist)
    method = _hw_operations(service).get(operation)
    if method is None:
        return Oracle(source=f"{dist} {version} (no operation)", no_model=f"{dist} {version} has no operation {operation}")
    request_cls = f"{operation}Request"
    cls = getattr(module, request_cls)
    required = _hw_required(cls)

    # Build a request whose every attribute is a marker and let the client place them.
    values = {}
    for attr, type_str in cls.openapi_types.items():
        model = getattr(module, type_str, None)
        values[attr] = model() if model is not None else f"@{attr}"
    info = getattr(getattr(module, client), f"_{method}_http_info")(cls(**values))

    def attr_of(value):
        return next((a for a, v in values.items() if v is value), None)

    fields: list[SdkField] = []
    placed = set()
    placements = [("path", info["path_params"].items()), ("query", info["query_params"]),
                  ("header", info["header_params"].items())]
    for where, items in placements:
        for wire, value in items:
            attr = attr_of(value)
            if attr is None:
                continue  # the client's own Content-Type header
            placed.add(attr)
            origin = f"{request_cls}.{attr}: {cls.openapi_types[attr]!r} ({where})"
            f = _hw_type(cls.openapi_types[attr], module, wire, required[attr], origin)
            f.location = where
            if where == "query" and info["collection_formats"].get(wire):
                origin += f" collection format {info['collection_formats'][wire]}"
                f.origin = origin
            fields.append(f)
    if any(attr_of(v) for v in (info["post_params"] or {}).values()):
        raise OracleError(f"{request_cls}: form parameters not handled by this test")
    body = info["body"]
    if body is not None:
        attr = attr_of(body)
        placed.add(attr)
        if not hasattr(type(body), "openapi_types"):
            raise OracleError(f"{request_cls}: the body is not a model ({type(body).__name__})")
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
        source=f"{dist} {version} {request_cls}",
        fields=fields,
        operation={"method": info["method"], "path": path},
    )


def huawei_ddm_oracle(operation: str, request_cls: str) -> Oracle:
    """The DDM model of one operation (the OTC variants are compared with it)."""
    return huawei_oracle("ddm", request_cls[: -len("Request")])


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
# Tencent (tencentcloud-sdk-python-emr / -cvm models; required from tccli-intl-en's api.json)
# --------------------------------------------------------------------------------------------

_TC_DOC_KIND = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def _record_check(dist: str, wanted: tuple[str, ...]) -> None:
    """The files `wanted` (paths inside site-packages) on disk are `dist`'s own (RECORD hash).

    tencentcloud-sdk-python-intl-en ships tencentcloud/emr and tencentcloud/cvm too, so whichever
    package pip installed last owns these paths."""
    files = {str(f): f for f in importlib.metadata.distribution(dist).files or ()}
    for path in wanted:
        f = files.get(path)
        if f is None or f.hash is None:
            raise OracleError(f"{dist} {_version(dist)} has no {path} in its RECORD")
        got = base64.urlsafe_b64encode(hashlib.sha256(f.locate().read_bytes()).digest()).rstrip(b"=").decode()
        if got != f.hash.value:
            raise OracleError(
                f"{f.locate()} is not {dist} {_version(dist)}'s (another package installed over it, "
                f"probably tencentcloud-sdk-python-intl-en): run `.venv/bin/python -m pip install "
                f"--force-reinstall --no-deps {dist}=={_version(dist)}`"
            )


@functools.lru_cache(maxsize=None)
def _tc_sdk(service: str, version_dir: str):
    """(models module, client class, dist, intl api.json or None) of one Tencent service."""
    dist = f"tencentcloud-sdk-python-{service}"
    _version(dist)
    base = f"tencentcloud/{service}/{version_dir}"
    _record_check(dist, (f"{base}/models.py", f"{base}/{service}_client.py"))
    models = importlib.import_module(f"tencentcloud.{service}.{version_dir}.models")
    client_mod = importlib.import_module(f"tencentcloud.{service}.{version_dir}.{service}_client")
    client_cls = getattr(client_mod, f"{service.capitalize()}Client")
    tccli = _import("tccli", "tccli-intl-en")
    api_path = Path(tccli.__file__).parent / "services" / service / version_dir / "api.json"
    intl = json.loads(api_path.read_text(encoding="utf-8")) if api_path.is_file() else None
    return models, client_cls, dist, intl


def _tc_members(models, cls) -> list[tuple[str, str, Optional[str], Optional[str]]]:
    """(wire name, kind, item kind, struct name) of each member of an SDK model, from
    `_deserialize` (the keys it reads, and which model it builds for them) and the `:type`
    docstring of `__init__`; the two must agree."""
    src = inspect.getsource(cls._deserialize)
    keys = list(dict.fromkeys(re.findall(r'params\.get\("(\w+)"\)', src)))
    attrs = [a[1:] for a in vars(cls())]
    if sorted(keys) != sorted(attrs):
        raise OracleError(f"{cls.__name__}: _deserialize reads {sorted(keys)}, the model holds {sorted(attrs)}")
    # `self._X = Model()` (object) / `obj = Model()` inside `for item in params.get("X")` (list)
    built = dict(re.findall(r"self\._(\w+) = (\w+)\(\)", src))
    listed = dict(re.findall(r'for item in params\.get\("(\w+)"\):\s*\n\s*obj = (\w+)\(\)', src))
    doc = cls.__init__.__doc__ or ""
    doc_types = dict(re.findall(r"^\s*:type (\w+): (.+?)\s*$", doc, re.M))
    out = []
    for k in keys:
        d = doc_types.get(k)
        if d is None:
            raise OracleError(f"{cls.__name__}.{k}: no :type in the docstring")
        m = re.fullmatch(r":class:`tencentcloud\.\w+\.\w+\.models\.(\w+)`", d)
        if m:
            if built.get(k) != m.group(1):
                raise OracleError(f"{cls.__name__}.{k}: docstring {d!r}, _deserialize builds {built.get(k)}")
            out.append((k, "object", None, m.group(1)))
            continue
        m = re.fullmatch(r"list of (\w+)(?: non-negative)?", d)
        if m:
            inner = m.group(1)
            if inner in _TC_DOC_KIND:
                if k in listed:
                    raise OracleError(f"{cls.__name__}.{k}: docstring {d!r}, _deserialize builds {listed[k]}")
                out.append((k, "array", _TC_DOC_KIND[inner], None))
            else:
                if listed.get(k) != inner:
                    raise OracleError(f"{cls.__name__}.{k}: docstring {d!r}, _deserialize builds {listed.get(k)}")
                out.append((k, "array", "object", inner))
            continue
        if d in _TC_DOC_KIND and k not in built and k not in listed:
            out.append((k, _TC_DOC_KIND[d], None, None))
            continue
        raise OracleError(f"{cls.__name__}.{k}: docstring type {d!r} has no mapping in this test")
    return out


def _tc_fields(models, intl: Optional[dict], name: str, stack: tuple) -> list[SdkField]:
    cls = getattr(models, name, None)
    if cls is None:
        raise OracleError(f"{models.__name__} has no model {name}")
    intl_members = {m["name"]: m for m in ((intl or {}).get("objects", {}).get(name) or {}).get("members", [])}
    out = []
    for wire, kind, item_kind, struct in _tc_members(models, cls):
        m = intl_members.get(wire)
        required = bool(m.get("required")) if m is not None and "required" in m else None
        origin = f"{name}.{wire}: {kind}{' of ' + (struct or item_kind) if kind == 'array' else ''}"

        def sub(fname: str, req) -> SdkField:
            if struct in stack:  # a model that contains itself: no finite form can hold it
                return SdkField(fname, "object", req, origin + f" (recursive: {struct} inside itself)",
                                recursive=True)
            return SdkField(fname, "object", req, origin, fields=_tc_fields(models, intl, struct, stack + (struct,)))

        if kind == "object":
            f = sub(wire, required)
        elif kind == "array":
            item = sub("item", False) if struct else SdkField("item", item_kind, False, origin)
            f = SdkField(wire, "array", required, origin, items=item)
        else:
            f = SdkField(wire, kind, required, origin)
        out.append(f)
    return out


def tencent_oracle(service: str, version_dir: str, action: str) -> Oracle:
    models, client_cls, dist, intl = _tc_sdk(service, version_dir)
    if not callable(getattr(client_cls, action, None)):
        raise OracleError(f"{dist} {client_cls.__name__} has no method {action}")
    req_name = f"{action}Request"
    if intl is not None and action in intl["actions"] and intl["actions"][action]["input"] != req_name:
        raise OracleError(f"tccli-intl-en api.json: input of {action} is {intl['actions'][action]['input']}")
    fields = _tc_fields(models, intl, req_name, (req_name,))
    for f in fields:
        f.location = "body"  # API 3.0 POST: every parameter is a member of the JSON body
    profile = _import("tencentcloud.common.profile.http_profile", "tencentcloud-sdk-python-common")
    has_required = intl is not None and action in intl["actions"]
    return Oracle(
        source=f"{dist} {_version(dist)} {req_name}"
        + (f" + tccli-intl-en {_version('tccli-intl-en')} required" if has_required else " (required: not in tccli-intl-en)"),
        fields=fields,
        operation={
            "action": action,
            "version": client_cls._apiVersion,
            "method": profile.HttpProfile().reqMethod,
            "path": client_cls._requestPath,
        },
    )
# --------------------------------------------------------------------------------------------
# Alibaba (alibabacloud-emr20210320, alibabacloud-ecs20140526)
# --------------------------------------------------------------------------------------------

_ALI_SCALARS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
_ALI_REQUIRED = "This parameter is required."
_ALI_PACKAGES = {"emr": ("alibabacloud_emr20210320", "alibabacloud-emr20210320"),
                 "ecs": ("alibabacloud_ecs20140526", "alibabacloud-ecs20140526")}


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
    """attr -> (annotation, kind, item kind or None, model or None) from `__init__`'s annotations."""
    out = {}
    for attr, p in inspect.signature(cls.__init__).parameters.items():
        if attr == "self":
            continue
        ann = p.annotation if isinstance(p.annotation, str) else getattr(p.annotation, "__name__", str(p.annotation))
        ann = ann.replace("main_models.", "").replace(" ", "")
        m = re.fullmatch(r"List\[(\w+)\]", ann)
        if ann in _ALI_SCALARS:
            out[attr] = (ann, _ALI_SCALARS[ann], None, None)
        elif m and m.group(1) in _ALI_SCALARS:
            out[attr] = (ann, "array", _ALI_SCALARS[m.group(1)], None)
        elif m and isinstance(getattr(models, m.group(1), None), type):
            out[attr] = (ann, "array", "object", getattr(models, m.group(1)))
        elif isinstance(getattr(models, ann, None), type):
            out[attr] = (ann, "object", None, getattr(models, ann))
        elif re.fullmatch(r"Dict\[str,(str|Any)\]", ann):
            out[attr] = (ann, "map", None, None)  # free-form keys: no model says which
        else:
            raise OracleError(f"{cls.__name__}.{attr}: annotation {ann!r} has no mapping in this test")
    return out


@dataclass
class _AliOp:
    method: str
    request_cls: Optional[type]
    params: object  # open_api_util_models.Params
    found: dict  # chain -> (where, wire path segments, encoded)
    unsent: list  # chains of attributes the client never sends


def _ali_call(client, models, method: str):
    """Calls one `*with_options` method with every attribute of its request set to a marker and
    `call_api` replaced; returns an _AliOp."""
    runtime_mod = _import("darabonba.runtime", "darabonba-core")
    utils = _import("alibabacloud_tea_openapi.utils", "alibabacloud-tea-openapi").Utils
    sig = inspect.signature(getattr(client, method))
    names = list(sig.parameters)
    if names[-1] != "runtime" or len(names) not in (1, 2):
        raise OracleError(f"{method}{sig}: parameters not handled by this test")
    markers: dict[str, tuple] = {}  # marker -> chain of steps from the request root

    def marker(chain) -> str:
        token = f"M{len(markers)}Z"
        markers[token] = chain
        return token

    def filled(model, chain):
        kwargs = {}
        for attr, (_, kind, item_kind, sub) in _ali_shape(model, models).items():
            here = chain + ((model.__name__, attr),)
            if kind == "array":
                kwargs[attr] = [filled(sub, here + ("[]",)) if sub is not None else marker(here + ("[]",))]
            elif kind == "object":
                kwargs[attr] = filled(sub, here)
            elif kind == "map":
                kwargs[attr] = {"K": marker(here + ("{}",))}
            else:
                kwargs[attr] = marker(here)  # strings everywhere: the SDK str()s them
        return model(**kwargs)

    request_cls = None
    args = []
    if len(names) == 2:
        ann = sig.parameters[names[0]].annotation
        ann = ann if isinstance(ann, str) else ann.__name__
        request_cls = getattr(models, ann.replace("main_models.", ""))
        args.append(filled(request_cls, ()))
    captured = {}

    def fake_call_api(params, req, runtime):
        captured["params"], captured["req"] = params, req
        return {"body": {}, "headers": {}, "statusCode": 200}

    client.call_api = fake_call_api
    getattr(client, method)(*args, runtime_mod.RuntimeOptions())
    params, req = captured["params"], captured["req"]
    if req.headers:
        raise OracleError(f"{method}: the SDK sends headers {sorted(req.headers)}; this test expects none")

    found: dict[tuple, tuple] = {}

    def record(token, where, path, encoded):
        chain = markers[token]
        if len(chain) != len(path):
            raise OracleError(f"{method}: {where} {'.'.join(path)} does not line up with {chain}")
        prev = found.get(chain)
        if prev is not None and prev != (where, path, encoded):
            raise OracleError(f"{method}: {chain} sent twice, as {prev} and {(where, path, encoded)}")
        found[chain] = (where, path, encoded)

    def walk_json(node, path, where):
        if isinstance(node, dict):
            for k, v in node.items():
                walk_json(v, path + (k,), where)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk_json(v, path + (str(i + 1),), where)
        elif isinstance(node, str) and node in markers:
            record(node, where, path, "json")
        else:
            raise OracleError(f"{method}: unexpected value {node!r} at {'.'.join(path)} in a JSON parameter")

    for where, flat in (("query", req.query or {}), ("body", utils.query(req.body) if req.body else {})):
        for key, value in flat.items():
            if value in markers:
                record(value, where, tuple(key.split(".")), None)
                continue
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if isinstance(parsed, (dict, list)):
                walk_json(parsed, (key,), where)
            else:
                raise OracleError(f"{method}: unexpected {where} parameter {key}={value!r}")
    leaves = set(markers.values())
    unsent = sorted({c[:1] for c in leaves if c not in found}, key=str)
    return _AliOp(method, request_cls, params, found, unsent)


@functools.lru_cache(maxsize=None)
def _ali_service(service: str) -> tuple[dict, object, str]:
    """action -> _AliOp for every operation of the client, the models module, and a label."""
    pkg, dist = _ALI_PACKAGES[service]
    version = _version(dist)
    models = _import(f"{pkg}.models", dist)
    client_mod = _import(f"{pkg}.client", dist)
    um = _import("alibabacloud_tea_openapi.utils_models", "alibabacloud-tea-openapi")
    client = client_mod.Client(um.Config(access_key_id="ak", access_key_secret="sk", region_id="cn-hangzhou"))
    # One sync method per operation; the name ends in `with_options`, though two lost the
    # underscore before it (list_doctor_hdfsugiwith_options, enable_network_interface_qo_swith_options).
    ops: dict[str, _AliOp] = {}
    for name, fn in vars(client_mod.Client).items():
        if name.startswith("_") or not name.endswith("with_options") or inspect.iscoroutinefunction(fn):
            continue
        op = _ali_call(client, models, name)
        if op.params.action in ops:
            raise OracleError(f"{dist}: two methods for {op.params.action}: {ops[op.params.action].method}, {name}")
        ops[op.params.action] = op
    if not ops:
        raise OracleError(f"{dist} {version}: no *with_options method found")
    return ops, models, f"{dist} {version}"


def alibaba_oracle(service: str, action: str) -> Oracle:
    ops, models, label = _ali_service(service)
    op = ops.get(action)
    if op is None:
        return Oracle(source=f"{label} (no operation)", no_model=f"{label} has no operation {action}")
    wire_of: dict[tuple, str] = {}
    for chain, (_, path, _) in op.found.items():
        for i in range(len(chain)):
            prev = wire_of.setdefault(chain[: i + 1], path[i])
            if prev != path[i]:
                raise OracleError(f"{op.method}: {chain[: i + 1]} sent as {prev} and {path[i]}")

    def placed(chain) -> tuple:
        hits = {(w, e) for c, (w, _, e) in op.found.items() if c[: len(chain)] == chain}
        if len(hits) != 1:
            raise OracleError(f"{op.method}: {chain} sent in several ways {sorted(hits, key=str)}")
        return next(iter(hits))

    def build(model, chain) -> list[SdkField]:
        required = _ali_required(model)
        out = []
        for attr, (ann, kind, item_kind, sub) in _ali_shape(model, models).items():
            here = chain + ((model.__name__, attr),)
            if here not in wire_of:
                continue  # never sent (see unsent below)
            origin = f"{model.__name__}.{attr}: {ann!r}"
            if kind == "array":
                if here + ("[]",) not in wire_of or wire_of[here + ("[]",)] != "1":
                    raise OracleError(f"{origin}: the item is not sent as item 1")
                item = (SdkField("item", "object", False, origin, fields=build(sub, here + ("[]",)))
                        if sub is not None else SdkField("item", item_kind, False, origin))
                f = SdkField(wire_of[here], "array", required[attr], origin, items=item)
            elif kind == "object":
                f = SdkField(wire_of[here], "object", required[attr], origin, fields=build(sub, here))
            elif kind == "map":
                if wire_of.get(here + ("{}",)) != "K":
                    raise OracleError(f"{origin}: the map's key is not sent as given")
                f = SdkField(wire_of[here], "map", required[attr], origin)
            else:
                f = SdkField(wire_of[here], kind, required[attr], origin)
            if not chain:
                f.location, f.encode = placed(here)
            out.append(f)
        return out

    fields = build(op.request_cls, ()) if op.request_cls is not None else []
    p = op.params
    return Oracle(
        source=f"{label} {op.method}",
        fields=fields,
        operation={"action": p.action, "version": p.version, "method": p.method, "path": p.pathname,
                   "style": p.style.lower()},
        notes=[f"{op.request_cls.__name__}.{c[0][1]} is never sent by {op.method}" for c in op.unsent],
    )
# --------------------------------------------------------------------------------------------
# Which SDK model describes which catalog entry
# --------------------------------------------------------------------------------------------

_HUAWEI: dict[str, Callable[[], Oracle]] = {
    "otc.ddm.CreateInstance": lambda: huawei_ddm_oracle("create_instance", "CreateInstanceRequest"),
    "otc.ddm.ExpandInstanceNodes": lambda: huawei_ddm_oracle("expand_instance_nodes", "ExpandInstanceNodesRequest"),
    "huawei.dcs.CancelInstanceResize": lambda: huawei_dcs_no_model_oracle(
        "POST", "/v2/{project_id}/instances/{instance_id}/resize/cancel/{task_id}"),
}
_TC_VERSIONS = {"emr": "v20190103", "cvm": "v20170312"}  # the SDK module of each service


def oracle_for(api: str) -> Optional[Callable[[], Oracle]]:
    if api in _HUAWEI:
        return _HUAWEI[api]
    cloud, service, action = api.split(".", 2)
    if cloud == "huawei" and service in _HW_SERVICES:
        return lambda: huawei_oracle(service, action)
    if cloud == "tencent" and service in _TC_VERSIONS:
        return lambda: tencent_oracle(service, _TC_VERSIONS[service], action)
    if cloud == "alibaba" and service in _ALI_PACKAGES:
        return lambda: alibaba_oracle(service, action)
    return None


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


_EXPORT = tempfile.TemporaryDirectory(prefix="cloudreq-fidelity-")


@functools.lru_cache(maxsize=None)
def _exported_ops() -> Path:
    """`cloudreq catalog export` once: DIR/catalog/ops/<id>.json = `cloudreq show <id> --json`."""
    _check_binary()
    proc = subprocess.run([str(BINARY), "catalog", "export", _EXPORT.name], capture_output=True, text=True,
                          timeout=120)
    if proc.returncode != 0:
        pytest.fail(f"`cloudreq catalog export` failed ({proc.returncode}): {proc.stderr.strip()}", pytrace=False)
    return Path(_EXPORT.name) / "catalog" / "ops"


@functools.lru_cache(maxsize=None)
def catalog_entry(api: str) -> dict:
    path = _exported_ops() / f"{api}.json"
    if not path.is_file():
        pytest.fail(f"`cloudreq catalog export` wrote no {path.name}", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))


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
            if s.encode != c.get("encode"):
                res.diffs.append(Diff(path, "encode", f"SDK {s.encode or 'plain'}, catalog {c.get('encode') or 'plain'}"))
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
    elif s.required is None:
        res.required_unchecked += 1
    elif s.required and not c.get("required") and "The SDKs disagree" in (c.get("note") or "") and "Python" in c["note"]:
        # The Python SDK requires it and the Go SDK does not: the importer keeps it optional, checks
        # the Python reading as a warning rule and says so in the note (a recorded disagreement).
        res.required_disagreements += 1
    elif s.required != bool(c.get("required", False)):
        res.diffs.append(Diff(path, "required",
                              f"SDK {str(s.required).lower()}, catalog {str(bool(c.get('required'))).lower()}"))
    if s.kind == "object" and not s.recursive:
        compare_fields(s.fields, c.get("fields", []), path + ".", res, None)
    elif s.kind == "array":
        item = c.get("items")
        if item is None:
            res.diffs.append(Diff(path + "[]", "type", f"SDK items {s.items.kind}, catalog array has no items"))
        else:
            compare_one(s.items, item, path + "[]", res)


# --------------------------------------------------------------------------------------------
# Allowlist
# --------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def load_allowlist() -> tuple:
    return tuple(json.loads(ALLOWLIST_PATH.read_text(encoding="utf-8")))


def is_pattern(entry: dict) -> bool:
    return "*" in entry.get("api", "") or "*" in entry.get("path", "")


@functools.lru_cache(maxsize=None)
def _pattern(text: str) -> re.Pattern:
    """`*` matches any run of characters; everything else (`.`, `[]`) is literal."""
    return re.compile(".*".join(re.escape(part) for part in text.split("*")), re.S)


def _matches(entry: dict, api: str, d: Diff) -> bool:
    return (entry.get("aspect") == d.aspect and bool(_pattern(entry.get("api", "")).fullmatch(api))
            and bool(_pattern(entry.get("path", "")).fullmatch(d.path)))


_PATTERN_USES: dict[int, int] = {}  # index in the allowlist -> differences it covered


@functools.lru_cache(maxsize=None)
def compare(api: str) -> Result:
    make = oracle_for(api)
    if make is None:
        res = Result(api, "none")
        res.error = (f"{api}: no SDK oracle is registered for this catalog entry; add one to oracle_for "
                     "in tests/oracle/test_fidelity.py")
        return res
    try:
        oracle = make()
    except OracleError as e:
        res = Result(api, "error")
        res.error = f"{api}: SDK side could not be read: {e}"
        return res
    entry = catalog_entry(api)
    res = Result(api, oracle.source, notes=list(oracle.notes))
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

    allow = list(enumerate(load_allowlist()))
    exact = [(i, e) for i, e in allow if not is_pattern(e) and e.get("api") == api]
    patterns = [(i, e) for i, e in allow if is_pattern(e)]
    used = set()
    for d in res.diffs:
        hit = next((i for i, e in exact + patterns if _matches(e, api, d)), None)
        if hit is None:
            res.failing.append(d)
        else:
            used.add(hit)
            res.allowlisted.append(d)
            if is_pattern(allow[hit][1]):
                _PATTERN_USES[hit] = _PATTERN_USES.get(hit, 0) + 1
    res.unused_allowlist = [e for i, e in exact if i not in used]
    return res


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------

_RESULTS: dict[str, Result] = {}


def _result_lines(r: Result) -> list[str]:
    if r.error:
        return [f"  {r.api:48} ERROR  {r.error}"]
    lines = [
        f"  {r.api:48} compared {r.compared:3}  match {r.matches:3}  allowlisted {len(r.allowlisted):2}  "
        f"failing {len(r.failing) + len(r.unused_allowlist):2}"
        + (f"  required unchecked {r.required_unchecked}" if r.required_unchecked else "") + f"  [{r.source}]"
    ]
    lines += [f"      allowlisted {d.aspect}: {d.path}" for d in r.allowlisted]
    lines += [f"      FAILING {d.aspect}: {d.path}: {d.detail}" for d in r.failing]
    lines += [f"      note: {n}" for n in r.notes]
    return lines


def _service_lines() -> list[str]:
    totals: dict[str, list[int]] = {}
    for r in _RESULTS.values():
        t = totals.setdefault(".".join(r.api.split(".")[:2]), [0] * 8)
        for i, v in enumerate((1, r.compared, r.matches, len(r.diffs), len(r.allowlisted),
                               len(r.failing) + len(r.unused_allowlist), r.required_unchecked, 1 if r.error else 0)):
            t[i] += v
    lines = [f"  {'service':12} {'ops':>4} {'fields':>7} {'match':>7} {'diffs':>6} {'allowed':>8} {'failing':>8} "
             f"{'req.unchecked':>14} {'errors':>6}"]
    for svc, t in sorted(totals.items()):
        lines.append(f"  {svc:12} {t[0]:4} {t[1]:7} {t[2]:7} {t[3]:6} {t[4]:8} {t[5]:8} {t[6]:14} {t[7]:6}")
    return lines


def _summary_lines() -> list[str]:
    lines = ["fidelity: catalog vs official SDK request models"] + _service_lines()
    for r in _RESULTS.values():
        lines += _result_lines(r)
    return lines


class _SummaryPlugin:
    def pytest_terminal_summary(self, terminalreporter):
        if _RESULTS:
            terminalreporter.write_sep("-", f"fidelity summary (per operation: {SUMMARY_PATH.relative_to(ROOT)})")
            for line in _service_lines():
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

def sdk_compared_ids() -> list[str]:
    """The catalog's ids this test compares with an SDK: all but the Open Telekom Cloud operations
    imported from its reference, which test_fidelity_otc.py compares with the reference's tables
    (OTC has no SDK model of its own; the two hand-written OTC variants stay compared with the
    Huawei model they vary)."""
    return [i for i in catalog_ids() if not i.startswith("otc.") or i in _HUAWEI]


@pytest.mark.parametrize("api", sdk_compared_ids() or ["<no catalog entries found>"])
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


def test_allowlist_patterns_used() -> None:
    """Every pattern entry covers at least one difference of some operation."""
    for api in sdk_compared_ids():
        compare(api)
    unused = [f"entry {i} ({e['api']} {e['path']} {e['aspect']})" for i, e in enumerate(load_allowlist())
              if is_pattern(e) and not _PATTERN_USES.get(i)]
    assert not unused, "allowlist patterns that match no difference any more (remove them):\n" + "\n".join(unused)


def test_allowlist_well_formed() -> None:
    entries = load_allowlist()
    assert isinstance(entries, tuple), "fidelity_allowlist.json must be a JSON list"
    ids = set(catalog_ids())
    problems, seen = [], set()
    for i, e in enumerate(entries):
        where = f"entry {i} ({e.get('api')} {e.get('path')} {e.get('aspect')})"
        if not isinstance(e, dict) or set(e) != {"api", "path", "aspect", "reason"}:
            problems.append(f"{where}: must have exactly the keys api, path, aspect, reason")
            continue
        if not any(_pattern(e["api"]).fullmatch(x) for x in ids):
            problems.append(f"{where}: no catalog entry has an id matching {e['api']!r}")
        if e["aspect"] not in ASPECTS:
            problems.append(f"{where}: aspect must be one of {', '.join(ASPECTS)}")
        if not isinstance(e["reason"], str) or len(e["reason"].strip()) < 20:
            problems.append(f"{where}: give a real reason")
        key = (e["api"], e["path"], e["aspect"])
        if key in seen:
            problems.append(f"{where}: duplicate")
        seen.add(key)
    assert not problems, "\n".join(problems)
