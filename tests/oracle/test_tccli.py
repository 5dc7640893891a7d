"""`cloudreq build --format tccli`, executed by the real Tencent Cloud CLI (tccli-intl-en from
PyPI, in .venv) against the stand-in cloud.

Each generated command runs unmodified under `bash -c`, with made-up credentials in the
environment variables tccli documents, HTTPS_PROXY pointing at a CONNECT proxy that joins every
tunnel to the stand-in on 127.0.0.1 (tests/standin/route.py), and the stand-in's CA trusted.
The stand-in must have verified tccli's TC3 signature, identified the same operation, and
received the action, version and region headers and the JSON body that
`cloudreq build --format json` gives for the same values (compared as JSON: tccli sends the
members in its own model's order).

Cases: every Tencent operation with its sample values (the seed tencent.emr.ScaleOutInstance
among them), and every documented example of a Tencent operation (examples.json of tccli).
tccli-intl-en does not know every action or parameter of the catalog (which comes from the
Chinese tccli): such cases are counted and listed, never silently dropped, and there must be
few. Counts go to test-output/tccli.txt.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cli_catalog import exported_operations  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "standin"))
from route import BINARY, CREDS, Route, clean_env  # noqa: E402

SUMMARY = ROOT / "test-output" / "tccli.txt"
SITE = Path(glob.glob(str(ROOT / ".venv" / "lib" / "python3*" / "site-packages"))[0])


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, input=stdin, timeout=60)


OPS = exported_operations("tencent.")


def tccli_api(service: str, version: str) -> dict | None:
    """tccli's own description of a service version (actions and their request members)."""
    path = SITE / "tccli" / "services" / service / f"v{version.replace('-', '')}" / "api.json"
    return json.loads(path.read_text()) if path.exists() else None


def unknown_to_tccli(entry: dict, body: dict) -> str | None:
    """Why tccli-intl-en cannot send this request, or None."""
    api = tccli_api(entry["service"], entry["version"])
    if api is None:
        return f"tccli has no {entry['service']} {entry['version']}"
    action = api["actions"].get(entry["action"])
    if action is None:
        return f"tccli has no action {entry['action']}"
    members = {m["name"] for m in api["objects"][action["input"]]["members"]}
    extra = sorted(set(body) - members)
    if extra:
        return f"tccli's {entry['action']} has no parameter {', '.join(extra)}"
    return None


def cases() -> list[tuple[str, str, str, dict | None]]:
    """(case name, id, region, values; None = the sample values)."""
    out = []
    for op_id, entry in sorted(OPS.items()):
        out.append((f"{op_id}/sample", op_id, entry["endpoint"]["default_region"], None))
        for i, example in enumerate(entry.get("examples", [])):
            if example.get("body") is not None:
                out.append((f"{op_id}/example{i + 1}", op_id, example.get("region") or entry["endpoint"]["default_region"], example["body"]))
    return out


def build(op_id: str, region: str, values: dict | None, fmt: str) -> str:
    source = ["--sample"] if values is None else ["--values", "-"]
    p = cli("build", op_id, *source, "--region", region, "--format", fmt, "--force",
            stdin=None if values is None else json.dumps(values))
    assert p.returncode == 0, f"{op_id} --format {fmt}: {p.stderr}"
    return p.stdout


def test_tccli_sends_what_cloudreq_builds():
    assert OPS, "no Tencent operation (is the cloudreq binary built?)"
    assert "tencent.emr.ScaleOutInstance" in OPS
    home = Path(tempfile.mkdtemp(prefix="cloudreq-tccli-home-"))
    c = CREDS["tencent"]
    ran, skipped, failures = [], [], []
    services = set()
    with Route() as route:
        env = {**clean_env(home), **route.env, "TENCENTCLOUD_SECRET_ID": c["secret_id"], "TENCENTCLOUD_SECRET_KEY": c["secret_key"]}
        for name, op_id, region, values in cases():
            entry = OPS[op_id]
            expected = json.loads(build(op_id, region, values, "json"))
            why = unknown_to_tccli(entry, expected)
            if why:
                skipped.append(f"{name}: {why}")
                continue
            command = build(op_id, region, values, "tccli")
            route.new_entries()
            p = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120)
            seen = [e for e in route.new_entries() if "method" in e]
            problems = []
            if p.returncode != 0:
                problems.append(f"tccli exited {p.returncode}: {(p.stderr or p.stdout)[-400:]}")
            if len(seen) != 1:
                problems.append(f"the stand-in saw {len(seen)} requests")
            else:
                got = seen[0]
                if not got.get("verified"):
                    problems.append(f"signature not verified: {got.get('why')}")
                if got.get("api") != op_id:
                    problems.append(f"the stand-in took it for {got.get('api')}")
                h = got.get("api_headers", {})
                if (h.get("x-tc-action"), h.get("x-tc-version"), h.get("x-tc-region")) != (entry["action"], entry["version"], region):
                    problems.append(f"headers {h}")
                if json.loads(got.get("body") or "{}") != expected:
                    problems.append(f"body {got.get('body')} != {json.dumps(expected)}")
            if problems:
                failures.append(f"{name}:\n  $ {command.strip()}\n  " + "\n  ".join(problems))
            else:
                ran.append(name)
                services.add(entry["service"])
        tunnels = set(route.tunnels())
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(
        f"tccli commands executed and matched: {len(ran)} "
        f"({sum(n.endswith('/sample') for n in ran)} sample values, {sum('/example' in n for n in ran)} documented examples; "
        f"services: {', '.join(sorted(services))})\n"
        f"not runnable with tccli-intl-en: {len(skipped)}\n" + "".join(f"  {s}\n" for s in skipped)
        + f"hosts tunnelled: {', '.join(sorted(tunnels))}\n"
    )
    assert not failures, f"{len(failures)} of {len(failures) + len(ran)} tccli runs failed:\n" + "\n".join(failures[:20])
    assert "tencent.emr.ScaleOutInstance/sample" in ran
    assert services == {e["service"] for e in OPS.values()}, services
    # Only the catalog's hosts were asked for, and every one through the stand-in.
    assert all(t.split(":")[0].endswith(".tencentcloudapi.com") for t in tunnels), tunnels
    # tccli-intl-en lags the Chinese tccli the catalog comes from by a few dozen CVM actions.
    assert len(skipped) * 3 < len(ran), f"too many cases tccli cannot run: {len(skipped)}"


@pytest.mark.parametrize("op_id", ["alibaba.emr.IncreaseNodes", "huawei.ddm.ExpandInstanceNodes", "otc.ddm.CreateInstance"])
def test_tccli_is_not_offered_for_other_clouds(op_id):
    p = cli("build", op_id, "--sample", "--format", "tccli")
    assert p.returncode == 2 and "tencent operations only" in p.stderr, p.stderr
    assert p.stdout == ""


def test_vendor_formats_refuse_sign():
    p = subprocess.run([str(BINARY), "build", "tencent.emr.ScaleOutInstance", "--sample", "--format", "tccli", "--sign",
                        "--access-key-id", "AKID", "--secret-key-env", "S"], capture_output=True, text=True, env={"S": "x"})
    assert p.returncode == 2 and "leave out --sign" in p.stderr, p.stderr


def test_tricky_text_survives_bash_and_tccli():
    """The curl round trip's tricky characters (tests/standin/tricky.py reads them from
    crates/cli/tests/nasty/mod.rs) in a sample of tccli commands, run by bash and the
    real tccli: the stand-in must receive exactly the body cloudreq builds."""
    sys.path.insert(0, str(ROOT / "tests" / "standin"))
    from tricky import Rng

    n = int(os.environ.get("TRICKY_TCCLI_CASES", "40"))
    rng = Rng(0x5EED_C10D_0E9E_0003 ^ n)
    home = Path(tempfile.mkdtemp(prefix="cloudreq-tccli-home-"))
    c = CREDS["tencent"]
    failures, passed = [], 0
    with Route() as route:
        env = {**clean_env(home), **route.env, "TENCENTCLOUD_SECRET_ID": c["secret_id"], "TENCENTCLOUD_SECRET_KEY": c["secret_key"]}
        for _ in range(n):
            values = {"TimeUnit": "s", "TimeSpan": 3600, "InstanceId": rng.text(), "PayMode": 0,
                      "ClientToken": rng.text(), "TaskCount": 1 + rng.below(20),
                      "Tags": [{"TagKey": rng.text(), "TagValue": rng.text()}],
                      "ScaleOutServiceConfAssign": rng.text()}
            expected = json.loads(build("tencent.emr.ScaleOutInstance", "ap-guangzhou", values, "json"))
            command = build("tencent.emr.ScaleOutInstance", "ap-guangzhou", values, "tccli")
            route.new_entries()
            p = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120)
            seen = [e for e in route.new_entries() if "method" in e]
            ok = p.returncode == 0 and len(seen) == 1 and seen[0].get("verified") and json.loads(seen[0].get("body") or "{}") == expected
            if ok:
                passed += 1
            else:
                failures.append(f"$ {command}\n  exit {p.returncode} {p.stderr[-300:]} seen {[(e.get('verified'), e.get('body')) for e in seen]}")
    with open(SUMMARY, "a") as f:
        f.write(f"tricky-text tccli commands executed and matched: {passed} of {n}\n")
    assert not failures, f"{len(failures)} of {n}:\n" + "\n".join(failures[:8])
