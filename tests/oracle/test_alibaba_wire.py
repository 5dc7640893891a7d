"""Wire differential, Alibaba: every operation's query and form body, ours against the official SDK.

For every Alibaba catalog id (one test each) values are made from the catalog entry's own fields:
every field, nested members, two items per array, JSON-encoded parameters, non-ASCII text and
the characters `&` and `=`. They are sent

* through the official SDK (`alibabacloud-emr20210320` 3.4.0, `alibabacloud-ecs20140526` 7.11.8,
  from the venv): `<Action>Request().from_map(values)` handed to the client's own
  `*with_options` method, with `call_api` replaced so nothing leaves the machine; the query it
  would send is `req.query`, the form body `Utils.query(req.body)` (what the SDK form-encodes);
* through `cloudreq build <id> --values - --format http --force`: the query of the request
  line and the form body, parsed.

Both are compared key by key, byte for byte (after percent-decoding), with one normalisation:
the Python SDK writes booleans as `True`/`False` (`str(True)`), cloudreq as `true`/`false`
(what the other SDKs and the API documentation send). A field of type `json_string` goes to the
SDK parsed (the SDK model holds the object and encodes it itself).

Which client method serves which action is found by calling every public sync `*with_options`
method of the client once with an empty request (two names lost the underscore before
`with_options`: `list_doctor_hdfsugiwith_options`, `…_qo_swith_options`). A separate test
checks that the catalog has exactly the SDK's operations.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import subprocess
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from cli_catalog import BINARY, catalog_entry, check_binary, ids_of  # noqa: E402,F401
PACKAGES = {"emr": "alibabacloud_emr20210320", "ecs": "alibabacloud_ecs20140526"}
BOOLEAN_TEXT = {"True": "true", "False": "false"}


def catalog_ids() -> list[str]:
    return ids_of("alibaba")


# ------------------------------------------------------------------------------------ SDK side

@functools.lru_cache(maxsize=None)
def sdk_service(service: str):
    """(client, models, RuntimeOptions, Utils, {action: (method name, request class)})."""
    pkg = PACKAGES[service]
    try:
        client_mod = importlib.import_module(f"{pkg}.client")
        models = importlib.import_module(f"{pkg}.models")
        from alibabacloud_tea_openapi import utils_models as um
        from alibabacloud_tea_openapi.utils import Utils
        from darabonba.runtime import RuntimeOptions
    except ImportError as e:
        pytest.fail(f"{e}: run `.venv/bin/python -m pip install -r tests/oracle/requirements.txt`", pytrace=False)
    client = client_mod.Client(um.Config(access_key_id="AK", access_key_secret="SK", region_id="cn-hangzhou"))
    captured = {}

    def fake_call_api(params, req, runtime):
        captured["params"], captured["req"] = params, req
        return {"body": {}, "headers": {}, "statusCode": 200}

    client.call_api = fake_call_api
    ops = {}
    for name, fn in vars(client_mod.Client).items():
        if name.startswith("_") or not name.endswith("with_options") or inspect.iscoroutinefunction(fn):
            continue
        params = list(inspect.signature(fn).parameters)[1:]
        request_cls = None
        if len(params) == 2:
            ann = inspect.signature(fn).parameters[params[0]].annotation
            request_cls = getattr(models, (ann if isinstance(ann, str) else ann.__name__).replace("main_models.", ""))
        getattr(client, name)(*([request_cls()] if request_cls else []), RuntimeOptions())
        ops[captured["params"].action] = (name, request_cls)
    return client, models, RuntimeOptions, Utils, ops, captured


def sdk_side(service: str, action: str, values: dict) -> tuple[dict, dict]:
    client, _, runtime, utils, ops, captured = sdk_service(service)
    method, request_cls = ops[action]
    getattr(client, method)(*([request_cls().from_map(values)] if request_cls else []), runtime())
    req = captured["req"]
    return dict(req.query or {}), (utils.query(req.body) if req.body else {})


# ------------------------------------------------------------------------------------ our side

def make_values(fields: list[dict]) -> dict:
    counter = [0]

    def value(f: dict):
        counter[0] += 1
        n = counter[0]
        t = f["type"]
        if t == "enum":
            return f["values"][0]["value"]
        if t == "string" or t == "string_bool":
            return f"v{n} é&="
        if t == "json_string":
            return '{"k%d":"x y"}' % n
        if t == "integer":
            return n
        if t == "number":
            return n + 0.5
        if t == "boolean":
            return bool(n % 2)
        if t == "array":
            return [value(f["items"]), value(f["items"])]
        if t == "object":
            return {m["name"]: value(m) for m in f["fields"]}
        raise ValueError(f"no value for type {t}")

    values = {f["name"]: value(f) for f in fields}
    if "RegionId" in values:
        values["RegionId"] = "cn-hangzhou"
    return values


def our_side(api: str, values: dict) -> tuple[dict, dict]:
    proc = subprocess.run([str(BINARY), "build", api, "--values", "-", "--format", "http", "--force"],
                          input=json.dumps(values), capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        pytest.fail(f"`cloudreq build {api}` failed ({proc.returncode}): {proc.stderr.strip()}", pytrace=False)
    head, _, body = proc.stdout.partition("\n\n")
    target = head.splitlines()[0].split(" ")[1]
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query, keep_blank_values=True, strict_parsing=False)
    form = urllib.parse.parse_qsl(body.strip("\n"), keep_blank_values=True) if body.strip() else []
    for where, pairs in (("query", query), ("body", form)):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            pytest.fail(f"{api}: cloudreq sends a {where} key twice: {sorted(k for k in keys if keys.count(k) > 1)}")
    return dict(query), dict(form)


# ------------------------------------------------------------------------------------ tests

def _ids() -> list[str]:
    return catalog_ids() or ["<no Alibaba entries>"]


@pytest.mark.parametrize("api", _ids())
def test_alibaba_wire(api: str) -> None:
    if api.startswith("<"):
        pytest.fail("`cloudreq list` has no Alibaba operation", pytrace=False)
    _, service, action = api.split(".", 2)
    if service not in PACKAGES:
        pytest.fail(f"{api}: no SDK package known for service {service}; add it to PACKAGES", pytrace=False)
    entry = catalog_entry(api)
    values = make_values(entry["fields"])
    sdk_values = dict(values)
    for f in entry["fields"]:
        if f["type"] == "json_string":
            sdk_values[f["name"]] = json.loads(values[f["name"]])
    if action not in sdk_service(service)[4]:
        pytest.fail(f"{api}: the SDK client has no operation {action}", pytrace=False)
    sdk_q, sdk_b = sdk_side(service, action, sdk_values)
    our_q, our_b = our_side(api, values)
    diffs = []
    for where, sdk, ours in (("query", sdk_q, our_q), ("body", sdk_b, our_b)):
        for key in sorted(set(sdk) | set(ours)):
            s, o = sdk.get(key), ours.get(key)
            if BOOLEAN_TEXT.get(s, s) != o:
                diffs.append(f"{where} {key}: SDK {s!r}, cloudreq {o!r}")
    assert not diffs, f"{api}: {len(diffs)} difference(s) with values {json.dumps(values, ensure_ascii=False)[:300]}:\n  " \
        + "\n  ".join(diffs[:20])
    assert sdk_q or sdk_b or not entry["fields"], f"{api}: the SDK sent nothing at all"


@pytest.mark.parametrize("service", sorted(PACKAGES))
def test_catalog_has_every_sdk_operation(service: str) -> None:
    sdk = set(sdk_service(service)[4])
    ours = {i.split(".", 2)[2] for i in catalog_ids() if i.split(".")[1] == service}
    assert sdk == ours, f"only in the SDK: {sorted(sdk - ours)}; only in the catalog: {sorted(ours - sdk)}"
