"""Wire differential, Tencent: every operation's JSON body, ours against the official SDK.

For every Tencent catalog id (one test each) values are made from the catalog entry's own
fields: every field, nested members, two items per array, non-ASCII text. They go

* through the official SDK (the mainland `tencentcloud-sdk-python-emr` 3.1.192 /
  `tencentcloud-sdk-python-cvm` 3.1.178 from the venv): `<Action>Request()._deserialize(values)`
  (the SDK warns about every key its model does not know and drops it: that fails the test),
  then the client's own `<Action>(request)` method, with `request.send_request` replaced so
  nothing leaves the machine; its JSON body is what `_build_req_with_tc3_signature` puts in
  `req.data` (`json.dumps(request._serialize())`);
* through `cloudreq build <id> --values - --format http --force`: the body after the blank line.

Both bodies are parsed and must be equal (same keys at every level, same values, same JSON
types), and so must the X-TC-Action / X-TC-Version headers and the Content-Type. JSON text is
compared parsed, not byte for byte: the SDK writes `json.dumps` defaults (spaces after `:` and
`,`, \\u escapes), cloudreq compact UTF-8; the service reads both the same. A separate test
checks that the catalog has exactly the SDK client's actions.
"""

from __future__ import annotations

import functools
import importlib
import json
import subprocess
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from cli_catalog import BINARY, catalog_entry, check_binary, ids_of  # noqa: E402,F401
VERSIONS = {"emr": "v20190103", "cvm": "v20170312"}  # SDK module of each service


def catalog_ids() -> list[str]:
    return ids_of("tencent")


# ------------------------------------------------------------------------------------ SDK side

class _Captured(Exception):
    pass


@functools.lru_cache(maxsize=None)
def sdk_service(service: str):
    """(models module, client, captured dict) of one service; the client never sends."""
    version = VERSIONS[service]
    try:
        models = importlib.import_module(f"tencentcloud.{service}.{version}.models")
        client_mod = importlib.import_module(f"tencentcloud.{service}.{version}.{service}_client")
        from tencentcloud.common.credential import Credential
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException  # noqa: F401
    except ImportError as e:
        pytest.fail(f"{e}: run `.venv/bin/python -m pip install -r tests/oracle/requirements.txt`", pytrace=False)
    client = getattr(client_mod, f"{service.capitalize()}Client")(Credential("AKIDEXAMPLE", "secret"), "ap-guangzhou")
    captured: dict = {}

    def fake_send_request(req):
        captured["req"] = req
        raise _Captured()

    client.request.send_request = fake_send_request
    return models, client, captured


def sdk_side(service: str, action: str, values: dict) -> tuple[dict, dict, list[str]]:
    """(JSON body, headers, warnings) the SDK produces for `values`."""
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

    models, client, captured = sdk_service(service)
    request_cls = getattr(models, f"{action}Request", None)
    if request_cls is None or not callable(getattr(client, action, None)):
        pytest.fail(f"the SDK has no {action}Request / {type(client).__name__}.{action}", pytrace=False)
    request = request_cls()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        request._deserialize(values)
    captured.clear()
    try:
        getattr(client, action)(request)
    except TencentCloudSDKException:
        pass
    if "req" not in captured:
        pytest.fail(f"{action}: the SDK client did not reach send_request", pytrace=False)
    req = captured["req"]
    return json.loads(req.data), dict(req.header), [str(w.message) for w in caught]


# ------------------------------------------------------------------------------------ our side

def make_values(fields: list[dict]) -> dict:
    counter = [0]

    def value(f: dict):
        counter[0] += 1
        n = counter[0]
        t = f["type"]
        if t == "enum":
            return f["values"][-1]["value"]
        if t in ("string", "string_bool"):
            return f"v{n} é\"&"
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

    return {f["name"]: value(f) for f in fields}


def our_side(api: str, values: dict) -> tuple[dict, dict]:
    proc = subprocess.run([str(BINARY), "build", api, "--values", "-", "--format", "http", "--force"],
                          input=json.dumps(values), capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        pytest.fail(f"`cloudreq build {api}` failed ({proc.returncode}): {proc.stderr.strip()}", pytrace=False)
    head, _, body = proc.stdout.partition("\n\n")
    headers = dict(line.split(": ", 1) for line in head.splitlines()[1:])
    return json.loads(body), headers


def _diff(sdk, ours, path: str, out: list[str]) -> None:
    if isinstance(sdk, dict) and isinstance(ours, dict):
        for k in sorted(set(sdk) | set(ours)):
            if k not in sdk:
                out.append(f"{path}{k}: only cloudreq sends it")
            elif k not in ours:
                out.append(f"{path}{k}: only the SDK sends it")
            else:
                _diff(sdk[k], ours[k], f"{path}{k}.", out)
    elif isinstance(sdk, list) and isinstance(ours, list) and len(sdk) == len(ours):
        for i, (a, b) in enumerate(zip(sdk, ours)):
            _diff(a, b, f"{path}[{i}].", out)
    elif sdk != ours or type(sdk) is not type(ours):
        out.append(f"{path.rstrip('.')}: SDK {sdk!r}, cloudreq {ours!r}")


# ------------------------------------------------------------------------------------ tests

@pytest.mark.parametrize("api", catalog_ids() or ["<no Tencent entries>"])
def test_tencent_wire(api: str) -> None:
    if api.startswith("<"):
        pytest.fail("`cloudreq list` has no Tencent operation", pytrace=False)
    _, service, action = api.split(".", 2)
    if service not in VERSIONS:
        pytest.fail(f"{api}: no SDK module known for service {service}; add it to VERSIONS", pytrace=False)
    values = make_values(catalog_entry(api)["fields"])
    sdk_body, sdk_headers, sdk_warnings = sdk_side(service, action, values)
    our_body, our_headers = our_side(api, values)
    problems = [f"SDK warning: {w}" for w in sdk_warnings]
    _diff(sdk_body, our_body, "", problems)
    for h in ("X-TC-Action", "X-TC-Version", "Content-Type"):
        if sdk_headers.get(h) != our_headers.get(h):
            problems.append(f"header {h}: SDK {sdk_headers.get(h)!r}, cloudreq {our_headers.get(h)!r}")
    assert not problems, f"{api}: {len(problems)} difference(s):\n  " + "\n  ".join(problems[:20])
    assert sdk_body or not values, f"{api}: the SDK sent an empty body"


@pytest.mark.parametrize("service", sorted(VERSIONS))
def test_catalog_has_every_sdk_action(service: str) -> None:
    """The catalog's actions are exactly the SDK client's action methods."""
    _, client, _ = sdk_service(service)
    sdk = {n for n, f in vars(type(client)).items() if n[:1].isupper() and callable(f)}
    ours = {i.split(".", 2)[2] for i in catalog_ids() if i.split(".")[1] == service}
    assert sdk == ours, f"only in the SDK: {sorted(sdk - ours)}; only in the catalog: {sorted(ours - sdk)}"
