"""`cloudreq build --format python`: every generated script is executed unmodified with the
official SDKs installed in .venv, against the stand-in cloud.

The scripts read made-up credentials from the environment variables each SDK documents. Their
HTTPS goes through HTTPS_PROXY to a CONNECT proxy that joins every tunnel to the stand-in on
127.0.0.1, which presents a certificate for the real API host signed by its own CA (trusted
through REQUESTS_CA_BUNDLE, SSL_CERT_FILE and, for the Tencent SDK, which passes certifi's
bundle explicitly, a sitecustomize: tests/standin/route.py). For each script the stand-in
must have identified the operation, verified the SDK's signature with the official signing
code, and received the method, path, query and body of cloudreq's own request for the same
values (`--format http`; the query and form compared as decoded pairs, JSON bodies as JSON;
signing time and nonce aside).

Cases: every seed operation of a cloud with a Python SDK, the first operations (by id) of
every service (SDK_SCRIPTS_PER_SERVICE, 25 by default; 1000 runs them all), every documented
example of Alibaba and Huawei operations, and values full of the curl round trip's tricky
characters. Every other
script of the catalog is compiled (not run). OTC operations get no script (the Huawei SDK has
no IAM-token credentials): that refusal is checked too. Counts go to test-output/sdk-scripts.txt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from cli_catalog import exported_operations  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "standin"))
from route import BINARY, CREDS, PYTHON, Route, clean_env  # noqa: E402

SUMMARY = ROOT / "test-output" / "sdk-scripts.txt"
SEEDS = ["alibaba.emr.IncreaseNodes", "huawei.dcs.CancelInstanceResize", "huawei.ddm.CreateInstance",
         "huawei.ddm.ExpandInstanceNodes", "tencent.emr.ScaleOutInstance"]
PER_SERVICE = int(os.environ.get("SDK_SCRIPTS_PER_SERVICE", "25"))


OPS = exported_operations("")


def build(op_id: str, region: str, values: dict | None, fmt: str) -> str:
    source = ["--sample"] if values is None else ["--values", "-"]
    p = subprocess.run([str(BINARY), "build", op_id, *source, "--region", region, "--format", fmt, "--force"],
                       capture_output=True, input=None if values is None else json.dumps(values).encode(), timeout=60)
    assert p.returncode == 0, f"{op_id} --format {fmt}: {p.stderr.decode(errors='replace')}"
    return p.stdout.decode("utf-8")


def parse_http(text: str) -> dict:
    head, _, body = text.partition("\r\n\r\n")
    method, target, _ = head.split("\r\n")[0].split(" ", 2)
    path, _, query = target.partition("?")
    return {"method": method, "path": path, "query": query, "body": body}


def body_value(cloud: str, body: str):
    if not body:
        return None
    if cloud == "alibaba":
        return sorted(parse_qsl(body, keep_blank_values=True))
    return json.loads(body)


def example_values(entry: dict, example: dict) -> dict:
    """An example's values through cloudreq's own import (`cloudreq build` reads the catalog's
    examples the same way for --sample); here by URL and body, for the examples beyond the first."""
    from test_vendor_cli_syntax import from_example  # the same reading as the syntax test

    return from_example(entry, example)


def cases() -> list[tuple[str, str, str, dict | None]]:
    out, per_service = [], {}
    for op_id in SEEDS:
        if op_id in OPS:
            out.append((f"{op_id}/sample", op_id, OPS[op_id]["endpoint"]["default_region"], None))
    for op_id, entry in sorted(OPS.items()):
        if entry["cloud"] == "otc":
            continue
        key = (entry["cloud"], entry["service"])
        if per_service.get(key, 0) < PER_SERVICE and op_id not in SEEDS:
            per_service[key] = per_service.get(key, 0) + 1
            out.append((f"{op_id}/sample", op_id, entry["endpoint"]["default_region"], None))
        if entry["cloud"] in ("alibaba", "huawei"):
            for i, ex in enumerate(entry.get("examples", [])):
                out.append((f"{op_id}/example{i + 1}", op_id, ex.get("region") or entry["endpoint"]["default_region"],
                            example_values(entry, ex)))
    return out


def tricky_cases(n: int) -> list[tuple[str, str, str, dict | None]]:
    """The curl round trip's tricky characters (tests/standin/tricky.py) in the values of a
    few scripts per cloud: Python string literals, the SDKs' own encoding of paths, queries
    and bodies."""
    from tricky import Rng

    rng = Rng(0x5EED_C10D_0E9E_0004 ^ n)
    out = []
    for i in range(n):
        if i % 3 == 0:
            values = {"TimeUnit": "s", "TimeSpan": 3600, "InstanceId": rng.text(), "PayMode": 0, "ClientToken": rng.text(),
                      "TaskCount": 1 + rng.below(20), "Tags": [{"TagKey": rng.text(), "TagValue": rng.text()}],
                      "ScaleOutServiceConfAssign": rng.text()}
            out.append((f"tricky{i}", "tencent.emr.ScaleOutInstance", "ap-guangzhou", values))
        elif i % 3 == 1:
            rows = [{"ApplicationName": rng.text(), "ConfigFileName": rng.text(), "ConfigItemKey": rng.text(),
                     "ConfigItemValue": rng.text(), "ConfigScope": "CLUSTER"} for _ in range(1 + rng.below(3))]
            values = {"ClusterId": "c-" + rng.text(), "NodeGroupId": rng.text(), "IncreaseNodeCount": 1 + rng.below(500),
                      "AutoRenew": rng.below(2) == 1, "ApplicationConfigs": rows}
            out.append((f"tricky{i}", "alibaba.emr.IncreaseNodes", "cn-hangzhou", values))
        else:
            # The SDK also sends the project id as the X-Project-Id header, where only visible
            # ASCII fits (real ones are 32 hex digits): the tricky text goes in the body.
            values = {"project_id": f"{rng.next():016x}{rng.next():016x}", "instance": {"name": rng.text(), "flavor_id": rng.text(),
                      "node_num": 1 + rng.below(8), "engine_id": rng.text(), "available_zones": [rng.text(), rng.text()],
                      "vpc_id": rng.text(), "security_group_id": rng.text(), "subnet_id": rng.text(),
                      "admin_user_password": rng.text()}}
            out.append((f"tricky{i}", "huawei.ddm.CreateInstance", "ap-southeast-1", values))
    return out


def environment(home: Path, route: Route) -> dict:
    t, a, h = CREDS["tencent"], CREDS["alibaba"], CREDS["huawei"]
    return {**clean_env(home), **route.env,
            "TENCENTCLOUD_SECRET_ID": t["secret_id"], "TENCENTCLOUD_SECRET_KEY": t["secret_key"],
            "ALIBABA_CLOUD_ACCESS_KEY_ID": a["access_key_id"], "ALIBABA_CLOUD_ACCESS_KEY_SECRET": a["access_key_secret"],
            "HUAWEICLOUD_SDK_AK": h["ak"], "HUAWEICLOUD_SDK_SK": h["sk"]}


def test_sdk_scripts_send_what_cloudreq_builds():
    assert OPS, "no catalog (is the cloudreq binary built?)"
    sys.path.insert(0, str(Path(__file__).parent))
    home = Path(tempfile.mkdtemp(prefix="cloudreq-sdk-home-"))
    scripts = Path(tempfile.mkdtemp(prefix="cloudreq-sdk-scripts-"))
    ran, failures, services = [], [], set()
    with Route() as route:
        env = environment(home, route)
        all_cases = cases() + tricky_cases(int(os.environ.get("TRICKY_SDK_CASES", "15")))
        for n, (name, op_id, region, values) in enumerate(all_cases):
            entry = OPS[op_id]
            script = scripts / f"case{n}.py"
            script.write_text(build(op_id, region, values, "python"), encoding="utf-8")
            expected = parse_http(build(op_id, region, values, "http"))
            route.new_entries()
            p = subprocess.run([str(PYTHON), str(script)], capture_output=True, text=True, env=env, timeout=120)
            seen = [e for e in route.new_entries() if "method" in e]
            problems = []
            if p.returncode != 0:
                problems.append(f"exit {p.returncode}: {p.stderr[-600:]}")
            if len(seen) != 1:
                problems.append(f"the stand-in saw {len(seen)} requests")
            else:
                got = seen[0]
                path, _, query = got["target"].partition("?")
                if not got.get("verified"):
                    problems.append(f"signature not verified: {got.get('why')}")
                if got.get("api") != op_id:
                    problems.append(f"the stand-in took it for {got.get('api')}")
                if got["method"] != expected["method"] or path != expected["path"]:
                    problems.append(f"{got['method']} {path} != {expected['method']} {expected['path']}")
                if sorted(parse_qsl(query, keep_blank_values=True)) != sorted(parse_qsl(expected["query"], keep_blank_values=True)):
                    problems.append(f"query {query} != {expected['query']}")
                if body_value(entry["cloud"], got.get("body") or "") != body_value(entry["cloud"], expected["body"]):
                    problems.append(f"body {got.get('body')!r} != {expected['body']!r}")
            if problems:
                failures.append(f"{name} ({script}):\n  " + "\n  ".join(problems))
            else:
                ran.append(name)
                services.add((entry["cloud"], entry["service"]))
        tunnels = route.tunnels()
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(f"python scripts executed and matched: {len(ran)} "
                       f"({sum('/example' in r for r in ran)} documented examples, {sum(r.startswith('tricky') for r in ran)} with tricky text; services: "
                       f"{', '.join(sorted(f'{c}.{s}' for c, s in services))})\n")
    assert not failures, f"{len(failures)} of {len(failures) + len(ran)} scripts failed:\n" + "\n".join(failures[:15])
    for seed in SEEDS:
        assert f"{seed}/sample" in ran, seed
    want = {(e["cloud"], e["service"]) for e in OPS.values() if e["cloud"] != "otc"}
    assert services == want, want - services
    assert all(t.rsplit(":", 1)[0].endswith((".tencentcloudapi.com", ".aliyuncs.com", ".myhuaweicloud.com")) for t in tunnels), tunnels


def test_every_script_of_the_catalog_compiles():
    assert OPS
    compiled = 0
    for op_id, entry in sorted(OPS.items()):
        if entry["cloud"] == "otc":
            continue
        text = build(op_id, entry["endpoint"]["default_region"], None, "python")
        compile(text, op_id, "exec")
        assert text.isascii(), op_id
        compiled += 1
    with open(SUMMARY, "a") as f:
        f.write(f"python scripts compiled: {compiled}\n")


@pytest.mark.parametrize("op_id", ["otc.ddm.CreateInstance", "otc.dcs.ListInstances"])
def test_no_script_for_otc(op_id):
    if op_id not in OPS:
        op_id = next(i for i in OPS if i.startswith(op_id.rsplit(".", 1)[0]))
    p = subprocess.run([str(BINARY), "build", op_id, "--sample", "--format", "python"], capture_output=True, text=True)
    assert p.returncode == 2 and "operations only" in p.stderr, p.stderr
