"""Every catalog operation, end to end, against independent references.

For each id `cloudreq list --json` prints:

(a) `cloudreq build <id> --sample --sign --format http` (the operation's sample values: a
    documented example that passes its rules, else values made from the fields' constraints)
    is signed again by the official SDK's signer (Huawei huaweicloudsdkcore, Tencent
    tencentcloud.common, Alibaba both alibabacloud_openapi_util and alibabacloud_tea_openapi)
    from the bytes we built; the Authorization must be equal.
(b) The same signed request goes through `cloudreq serve` (POST /api/forward with the page's
    token) to the stand-in cloud (tests/standin/standin.py, on 127.0.0.1 with its own CA),
    which identifies the operation, verifies the signature with the SDK code and answers; the
    answer must be a 2xx and the stand-in's log must name the same operation, verified.

(c) A request whose signature was altered gets the cloud's documented error answer (Tencent
    200 AuthFailure.SignatureFailure, Alibaba 400 SignatureDoesNotMatch) for generated
    operations as for the seed ones.
(d) Every documented example (Tencent's examples.json ones, the overlays' and the hand-written
    operations') is rebuilt by `cloudreq build` to the example's URL and JSON body.

Per-cloud counts go to test-output/every-operation.txt.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import test_signing_sdk as sdk

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("CLOUDREQ_BIN") or ROOT / "target" / "debug" / "cloudreq")
PYTHON = ROOT / ".venv" / "bin" / "python"
CREDS = json.loads((ROOT / "tests" / "standin" / "credentials.json").read_text())
SUMMARY = ROOT / "test-output" / "every-operation.txt"
COUNTS: Counter = Counter()


def _cli(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir(), "LC_ALL": "C.UTF-8", **(env or {})}
    return subprocess.run([str(BINARY), *args], capture_output=True, env=full, timeout=60)


def listed() -> list[dict]:
    if not BINARY.exists():
        return []
    return json.loads(_cli(["list", "--json"]).stdout)


ENTRIES = listed()
IDS = [e["id"] for e in ENTRIES]


def credentials_args(cloud: str) -> tuple[list[str], dict]:
    """CLI arguments and environment that sign with the stand-in's made-up credentials."""
    c = CREDS[cloud]
    if cloud == "otc":
        return ["--token-env", "T"], {"T": c["iam_token"]}
    ak = {"huawei": "ak", "tencent": "secret_id", "alibaba": "access_key_id"}[cloud]
    sk = {"huawei": "sk", "tencent": "secret_key", "alibaba": "access_key_secret"}[cloud]
    return ["--access-key-id", c[ak], "--secret-key-env", "S"], {"S": c[sk]}


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    SUMMARY.parent.mkdir(exist_ok=True)
    lines = [f"{k}: {v}" for k, v in sorted(COUNTS.items())]
    SUMMARY.write_text("every catalog operation (test_every_operation.py)\n" + "\n".join(lines) + "\n")


def build_signed(entry_id: str) -> tuple[dict, sdk.ParsedHttp, bytes]:
    shown = json.loads(_cli(["show", entry_id, "--json"]).stdout)
    args, env = credentials_args(shown["cloud"])
    proc = _cli(["build", entry_id, "--sample", "--format", "http", "--sign", *args], env)
    assert proc.returncode == 0, f"{entry_id}: build --sample failed: {proc.stderr.decode(errors='replace')}"
    return shown, sdk.parse_http(proc.stdout), proc.stdout


@pytest.mark.parametrize("entry_id", IDS or ["<cloudreq binary missing>"])
def test_sdk_signs_the_sample_request_the_same(entry_id):
    if not IDS:
        pytest.fail(f"{BINARY} is missing: cargo build -p cloudreq-cli")
    entry, req, raw = build_signed(entry_id)
    cloud = entry["cloud"]
    assert req.method == entry["method"]
    host = req.header("Host")
    to_sign = {k: v for k, v in req.headers if k.lower() not in ("authorization", "content-length")}
    c = CREDS[cloud]
    if cloud == "otc":
        assert req.header("X-Auth-Token") == c["iam_token"] and req.header("Authorization") is None
        COUNTS["otc token (no signature)"] += 1
        return
    ours = req.header("Authorization")
    assert ours, "no Authorization header"
    if cloud == "huawei":
        results = [("huaweicloudsdkcore", sdk.huawei_oracle(req.method, host, req.path, req.query, to_sign, req.body,
                                                             c["ak"], c["sk"], None, None))]
    elif cloud == "tencent":
        assert req.header("X-TC-Action") == entry["action"] and req.header("X-TC-Version") == entry["version"]
        results = [("tencentcloud.common", sdk.tencent_oracle(req.method, host, req.path, "", req.header("Content-Type"),
                                                               req.header("X-TC-Timestamp"), req.body, c["secret_id"],
                                                               c["secret_key"], host.split(".")[0]))]
    else:
        assert req.header("x-acs-action") == entry["action"] and req.header("x-acs-version") == entry["version"]
        payload = sdk._alibaba_payload_hash(req.body)
        assert req.header("x-acs-content-sha256") == payload
        results = sdk.alibaba_oracles(req.method, req.path, dict(req.query), to_sign, payload,
                                      c["access_key_id"], c["access_key_secret"])
    problems = [f"[{name}] " + sdk._diff_text("Authorization", ours, o.authorization) for name, o in results if o.authorization != ours]
    assert not problems, "\n".join(problems) + f"\nrequest:\n{raw.decode(errors='replace')}"
    COUNTS[f"{cloud} signatures equal to the SDK"] += 1


# ---------------------------------------------------------------------------------------------
# (b) through cloudreq serve to the stand-in


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _exported() -> dict[str, dict]:
    """Every entry as the page gets it (`cloudreq catalog export`), by id."""
    with tempfile.TemporaryDirectory() as out:
        assert _cli(["catalog", "export", out]).returncode == 0
        return {p.stem: json.loads(p.read_text()) for p in Path(out, "catalog", "ops").glob("*.json")}


def _default_hosts() -> list[str]:
    hosts = set()
    for shown in _exported().values():
        endpoint = shown["endpoint"]
        region = next(r for r in endpoint["regions"] if r["id"] == endpoint["default_region"])
        hosts.add((region.get("host") or endpoint["host"].replace("{region}", region["id"])).lower())
    return sorted(hosts)


@pytest.fixture(scope="module")
def served():
    """The stand-in and `cloudreq serve` pointed at it (default-region hosts of every operation)."""
    work = Path(tempfile.mkdtemp(prefix="cloudreq-every-op-"))
    hosts = _default_hosts()
    state = work / "state.json"
    args = [str(PYTHON), str(ROOT / "tests" / "standin" / "standin.py"), str(state), "--dir", str(work / "certs")]
    for h in hosts:
        args += ["--host", h]
    # Output goes to files: a pipe nobody reads fills up (one log line per request) and stalls
    # the writer.
    standin_err = open(work / "standin.stderr", "wb")
    standin = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=standin_err,
                               env={**os.environ, "CLOUDREQ_BIN": str(BINARY)})
    deadline = time.time() + 60
    while not state.exists():
        assert standin.poll() is None, f"the stand-in exited: {(work / 'standin.stderr').read_text(errors='replace')}"
        assert time.time() < deadline, "the stand-in did not start"
        time.sleep(0.1)
    info = json.loads(state.read_text())
    dist = work / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><html><head><title>t</title></head><body></body></html>")
    port = _free_port()
    serve_args = [str(BINARY), "serve", "--port", str(port), "--dist", str(dist), "--extra-ca", info["ca"]]
    for h in hosts:
        serve_args += ["--upstream-override", f"{h}=127.0.0.1:{info['port']}"]
    serve_out = open(work / "serve.log", "wb")
    serve = subprocess.Popen(serve_args, stdout=serve_out, stderr=subprocess.STDOUT)
    token = None
    while token is None:
        assert serve.poll() is None, f"cloudreq serve exited: {(work / 'serve.log').read_text(errors='replace')}"
        assert time.time() < deadline, "cloudreq serve did not start"
        try:
            html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
            token = html.split('name="cloudreq-token" content="', 1)[1].split('"', 1)[0]
        except OSError:
            time.sleep(0.1)
    yield {"port": port, "token": token, "log": Path(info["log"])}
    for proc in (serve, standin):
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def forward(served: dict, req: sdk.ParsedHttp, host: str) -> dict:
    envelope = {"method": req.method, "url": f"https://{host}{req.target}",
                "headers": [[k, v] for k, v in req.headers if k.lower() not in ("host", "content-length")],
                "body": req.body.decode("utf-8")}
    data = json.dumps(envelope).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{served['port']}/api/forward", data=data, method="POST",
                                     headers={"Content-Type": "application/json", "X-Cloudreq-Token": served["token"]})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


@pytest.mark.parametrize("entry_id", IDS or ["<cloudreq binary missing>"])
def test_the_stand_in_answers_the_sample_request_through_serve(entry_id, served):
    entry, req, _ = build_signed(entry_id)
    host = req.header("Host")
    before = served["log"].read_text().count("\n")
    answer = forward(served, req, host)
    # The stand-in writes its log line after answering: wait for it a little.
    deadline = time.time() + 5
    while not (lines := served["log"].read_text().splitlines()[before:]) and time.time() < deadline:
        time.sleep(0.02)
    assert lines, f"the stand-in saw no request; proxy answered {answer}"
    seen = json.loads(lines[-1])
    assert seen.get("api") == entry_id, f"the stand-in took it for {seen.get('api')}: {seen}"
    assert seen.get("verified") is True, f"the stand-in rejected the signature: {seen.get('why')}"
    status = answer.get("status")
    assert status is not None and 200 <= status < 300, f"answer {answer}"
    COUNTS[f"{entry['cloud']} answered through serve"] += 1


# ---------------------------------------------------------------------------------------------
# (c) a wrong signature gets the cloud's documented error shape, for generated operations too

WRONG_SIGNATURE = {
    # cloud: (expected HTTP status, path of the error code in the answer, the code)
    "tencent": (200, ("Response", "Error", "Code"), "AuthFailure.SignatureFailure"),
    "alibaba": (400, ("Code",), "SignatureDoesNotMatch"),
}


def _tamper(req: sdk.ParsedHttp) -> sdk.ParsedHttp:
    headers = []
    for k, v in req.headers:
        if k.lower() == "authorization":
            # Flip the last hex digit of the signature.
            v = v[:-1] + ("0" if v[-1] != "0" else "1")
        headers.append((k, v))
    return sdk.ParsedHttp(req.method, req.target, headers, req.body)


@pytest.mark.parametrize("cloud", sorted(WRONG_SIGNATURE))
def test_a_wrong_signature_gets_the_documented_error(cloud, served):
    generated = [i for i in IDS if i.startswith(f"{cloud}.") and not _exported_entry(i).get("examples")]
    assert generated, f"no generated {cloud} operation without examples"
    for entry_id in (generated[0], generated[-1]):
        _, req, _ = build_signed(entry_id)
        answer = forward(served, _tamper(req), req.header("Host"))
        status, where, code = WRONG_SIGNATURE[cloud]
        body = json.loads(answer["body"])
        for key in where:
            body = body[key]
        assert (answer["status"], body) == (status, code), f"{entry_id}: {answer}"


_EXPORT_CACHE: dict = {}


def _exported_entry(entry_id: str) -> dict:
    if not _EXPORT_CACHE:
        _EXPORT_CACHE.update(_exported())
    return _EXPORT_CACHE[entry_id]


# ---------------------------------------------------------------------------------------------
# (d) every documented example (Tencent's examples.json ones included) rebuilt by the CLI


def _example_cases() -> list[tuple[str, int]]:
    if not IDS:
        return []
    return [(i, n) for i in IDS for n, _ in enumerate(_exported_entry(i).get("examples", []))]


def _holds_a_mask(value) -> bool:
    """Whether a documented value hides a secret behind asterisks ("****")."""
    if isinstance(value, dict):
        return any(_holds_a_mask(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_a_mask(v) for v in value)
    return isinstance(value, str) and len(value) >= 3 and set(value) == {"*"}


@pytest.mark.parametrize("entry_id,index", _example_cases())
def test_documented_example_rebuilt_by_the_cli(entry_id, index, tmp_path):
    entry = _exported_entry(entry_id)
    example = entry["examples"][index]
    values, target, region = sdk.example_values(entry | {"examples": [example]})
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values, ensure_ascii=False))
    args = ["build", entry_id, "--values", str(values_file), "--format", "http"]
    if region:
        args += ["--region", region]
    if _holds_a_mask(values):
        args.append("--force")  # a documented "****" stands for a secret: no rule can judge it
    proc = _cli(args)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    req = sdk.parse_http(proc.stdout)
    assert req.target == target
    assert req.header("Host") == urlsplit(example["url"]).hostname
    if example.get("body") is not None:
        assert json.loads(req.body) == example["body"], f"{entry_id} example {index}: body differs"
    COUNTS[f"{entry['cloud']} documented examples rebuilt by the CLI"] += 1
