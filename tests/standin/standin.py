#!/usr/bin/env python3
"""A stand-in cloud for the proxy's tests: HTTPS on 127.0.0.1 with a certificate made at start.

    standin.py STATE.json [--log FILE] [--port N] [--host HOST ...] [--no-clock-check]
    standin.py --certs-only DIR [--host HOST ...]

It serves the catalog's API hosts (every host the catalog generates, or the --host ones; the
catalog is read through `cloudreq catalog export`, binary $CLOUDREQ_BIN or target/debug/cloudreq): the
proxy is pointed at it with `cloudreq serve --upstream-override HOST=127.0.0.1:PORT --extra-ca
CA.pem`. Once listening it writes STATE.json: {"port", "pid", "ca", "cert", "hosts", "log"}.

For each request it finds the API (host + path, X-TC-Action, x-acs-action), checks the
authentication with the official SDKs' signing code, re-signing what it received with the test
secret of tests/standin/credentials.json:

  Huawei / OTC AK/SK   huaweicloudsdkcore Signer (SDK-HMAC-SHA256), Authorization compared
  Huawei / OTC token   X-Auth-Token equals the test IAM token of that cloud
  Tencent              tencentcloud AbstractClient._get_tc3_signature + Sign.sign_tc3
  Alibaba              alibabacloud_openapi_util Client.get_authorization (ACS3-HMAC-SHA256)

and answers with the documented success body of that API (for operations without a scripted
answer: the catalog's response example, or one made from its response fields), or the
documented error shapes:
a bad signature gives Huawei 401 APIGW.0301 (with the gateway's canonical request, `|` for
newlines), Tencent 200 AuthFailure.SignatureFailure, Alibaba 400 SignatureDoesNotMatch. Trigger
values make it answer a documented API error (for the page's explanations):

  DDM create   instance.name   "trigger-error"   -> 400 DBS.280001
  DDM enlarge  flavor_id       "trigger-error"   -> 400 DBS.300375 "Invalid flavor_id."
  DCS cancel   task_id         "trigger-error"   -> 400 DCS.4239
  Tencent      ClientToken     "trigger-error"   -> 200 InvalidParameter.InvalidTimeSpan
  Alibaba      ClusterId       "c-trigger-error" -> 400 InvalidParameterValue (IncreaseNodeCount)

Every request is recorded as one JSON line in the log (method, host, target, header names,
API, auth kind, verification result, answer status and code). Header values, bodies and
secrets are never logged or printed, except with --record-bodies (for tests that compare what
a client sent): then each line also has the body (`body`, UTF-8 text, or `body_b64`) and the
action, version and region headers of Tencent and Alibaba (`api_headers`), never the
Authorization or token headers. SIGTERM stops it.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import glob
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import types
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CREDENTIALS = os.path.join(HERE, "credentials.json")
MAX_BODY = 4 * 1024 * 1024
TRIGGER = "trigger-error"

# The SDKs' home files (~/.huaweicloud) must not land in the user's home.
os.environ.setdefault("HOME", tempfile.gettempdir())


# ------------------------------------------------------------------------------------------------
# Hosts and certificates


def load_catalog() -> list[dict]:
    """Every catalog entry, as the page gets them: `cloudreq catalog export` into a scratch folder
    (the binary: $CLOUDREQ_BIN, else target/debug/cloudreq)."""
    binary = os.environ.get("CLOUDREQ_BIN") or os.path.join(ROOT, "target", "debug", "cloudreq")
    with tempfile.TemporaryDirectory(prefix="standin-catalog-") as out:
        subprocess.run([binary, "catalog", "export", out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        entries = []
        for path in sorted(glob.glob(os.path.join(out, "catalog", "ops", "*.json"))):
            with open(path, encoding="utf-8") as f:
                entries.append(json.load(f))
    return entries


def entry_hosts(entry: dict) -> set[str]:
    endpoint = entry["endpoint"]
    return {(r.get("host") or endpoint["host"].replace("{region}", r["id"])).lower() for r in endpoint.get("regions", [])}


def catalog_hosts(entries: list[dict]) -> list[str]:
    """Every host the catalog generates: each entry's host pattern x each listed region."""
    return sorted(set().union(*(entry_hosts(e) for e in entries))) if entries else []


class CatalogIndex:
    """Finds the catalog entry a request is for: by action and version (Tencent, Alibaba), or by
    method and path template (Huawei, OTC), among the entries served on the request's host."""

    def __init__(self, entries: list[dict]):
        self.by_id = {e["id"]: e for e in entries}
        self.by_action: dict[tuple, str] = {}
        self.by_host: dict[str, list[tuple]] = {}
        for e in entries:
            hosts = entry_hosts(e)
            if e.get("action") and e["cloud"] in ("tencent", "alibaba"):
                for host in hosts:
                    self.by_action[(host, e["action"], e.get("version"))] = e["id"]
                continue
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(e["path"])) + "$"
            # Literal path segments, to prefer /backups/related-dn over /backups/{backup_id}.
            literal = sum(1 for seg in e["path"].split("/") if seg and not seg.startswith("{"))
            for host in hosts:
                self.by_host.setdefault(host, []).append((e["method"], re.compile(pattern), e["id"], literal))

    def identify(self, req: "Received") -> str | None:
        action = req.header("x-tc-action") or req.header("x-acs-action")
        if action is not None:
            version = req.header("x-tc-version") or req.header("x-acs-version")
            return self.by_action.get((req.host, action, version)) if req.path == "/" else None
        # Templates overlap (a placeholder matches a literal segment of another operation), and
        # action-style operations share one method and path (ECS POST .../action with os-start
        # or os-stop): the body that fits the operation's fields wins, then the template with
        # the most literal segments, then the operation whose enums the body matched most.
        hits = [api for method, pattern, api, _ in self.by_host.get(req.host, [])
                if method == req.method and pattern.match(req.path)]
        if len(hits) <= 1:
            return hits[0] if hits else None
        literal = {api: lit for _, _, api, lit in self.by_host.get(req.host, [])}
        body = req.json_body()

        def score(api):
            fields = [f for f in self.by_id[api].get("fields", []) if f.get("in", "body") == "body"]
            fits, enums = body_fit(fields, body if isinstance(body, dict) else {})
            return (fits, literal[api], enums)

        return max(hits, key=score)


def body_fit(fields: list[dict], value: dict) -> tuple[bool, int]:
    """(the JSON object has every required field, no unknown member and only listed enum values;
    how many enum values it matched), recursively through objects."""
    names = {f["name"]: f for f in fields}
    if any(k not in names for k in value) or any(f.get("required") and f["name"] not in value for f in fields):
        return False, 0
    hits = 0
    for key, v in value.items():
        f = names[key]
        if f.get("type") == "enum":
            if all(ev.get("value") != v for ev in f.get("values", [])):
                return False, 0
            hits += 1
        elif f.get("type") == "object" and isinstance(v, dict):
            fits, more = body_fit(f.get("fields", []), v)
            if not fits:
                return False, 0
            hits += more
    return True, hits


def sample_value(field: dict):
    """A plausible value of a response field: its example, else one of its type."""
    if "example" in field:
        return field["example"]
    kind = field.get("type")
    if kind == "object":
        return {m["name"]: sample_value(m) for m in field.get("fields", [])}
    if kind == "array":
        return [sample_value(field["items"])] if field.get("items") else []
    if kind == "enum":
        return field["values"][0]["value"] if field.get("values") else ""
    return {"integer": 0, "number": 0.0, "boolean": False}.get(kind, "standin-" + field.get("name", "value").lower())


def generic_success(entry: dict) -> "Answer":
    """The documented success of any catalog operation: the response example, else one made of
    the response fields; Tencent's wrapped in `Response` with a RequestId, Alibaba's with one."""
    response = entry.get("response") or {}
    body = response.get("example")
    if body is None:
        body = {f["name"]: sample_value(f) for f in response.get("fields", [])}
    if entry["cloud"] == "tencent":
        inner = body.get("Response", body) if isinstance(body, dict) else {}
        return Answer(200, {"Response": {**inner, "RequestId": rid()}})
    if entry["cloud"] == "alibaba" and isinstance(body, dict):
        return Answer(200, {**body, "RequestId": rid().upper()})
    return Answer(response.get("status") or 200, body if isinstance(body, (dict, list)) else {})


def make_certs(directory: str, hosts: list[str]) -> dict:
    """A test CA and a server certificate for `hosts` signed by it: ca.pem, cert.pem, key.pem."""
    os.makedirs(directory, exist_ok=True)
    paths = {name: os.path.join(directory, f"{name}.pem") for name in ("ca", "cert", "key")}
    try:
        _make_certs_cryptography(paths, hosts)
        how = "cryptography"
    except ImportError:
        _make_certs_openssl(directory, paths, hosts)
        how = "openssl"
    paths["how"] = how
    return paths


def _make_certs_cryptography(paths: dict, hosts: list[str]) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cloudreq stand-in test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    with open(paths["ca"], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert"], "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["key"], "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    os.chmod(paths["key"], 0o600)


def _make_certs_openssl(directory: str, paths: dict, hosts: list[str]) -> None:
    if not shutil.which("openssl"):
        raise SystemExit("standin: neither the cryptography package nor the openssl command is available")
    ca_key = os.path.join(directory, "ca-key.pem")
    csr = os.path.join(directory, "cert.csr")
    ext = os.path.join(directory, "cert.ext")
    run = lambda *a: subprocess.run(a, check=True, capture_output=True)  # noqa: E731
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", ca_key, "-out", paths["ca"], "-days", "7", "-subj", "/CN=cloudreq stand-in test CA",
        "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature")
    run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", paths["key"], "-out", csr, "-subj", f"/CN={hosts[0]}")
    with open(ext, "w", encoding="utf-8") as f:
        f.write("basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n")
        f.write("subjectAltName=" + ",".join(f"DNS:{h}" for h in hosts) + "\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", paths["ca"], "-CAkey", ca_key, "-CAcreateserial",
        "-out", paths["cert"], "-days", "7", "-extfile", ext)


# ------------------------------------------------------------------------------------------------
# Answers


def rid() -> str:
    return str(uuid.uuid4())


def hexid() -> str:
    return uuid.uuid4().hex


class Answer:
    def __init__(self, status: int, body: dict, code: str | None = None, headers: dict | None = None):
        self.status = status
        self.body = body
        self.code = code
        self.headers = headers or {}


def huawei_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, {"error_msg": message, "error_code": code, "request_id": hexid()}, code)


def ddm_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, {"externalMessage": message, "errCode": code}, code)


def tencent_error(code: str, message: str) -> Answer:
    return Answer(200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": rid()}}, code)


def alibaba_error(status: int, code: str, message: str, host: str) -> Answer:
    request_id = rid().upper()
    return Answer(
        status,
        {
            "RequestId": request_id,
            "HostId": host,
            "Code": code,
            "Message": message,
            "Recommend": f"https://api.alibabacloud.com/troubleshoot?q={code}&product=Emr&requestId={request_id}",
        },
        code,
    )


# ------------------------------------------------------------------------------------------------
# Verification with the SDKs' code


class Verdict:
    """The outcome of the authentication check."""

    def __init__(self, ok: bool, kind: str, why: str = "", error: Answer | None = None):
        self.ok = ok
        self.kind = kind
        self.why = why
        self.error = error


def parse_auth_params(text: str) -> dict:
    """`Credential=a, SignedHeaders=b, Signature=c` (comma with or without a space) -> dict."""
    out = {}
    for part in text.split(","):
        if "=" in part:
            k, v = part.strip().split("=", 1)
            out[k.strip()] = v.strip()
    return out


class Checker:
    def __init__(self, creds: dict, clock_check: bool):
        self.creds = creds
        self.clock_check = clock_check
        self.nonces: set[str] = set()
        self.lock = threading.Lock()

    # --- Huawei Cloud / OTC -------------------------------------------------------------------

    def huawei(self, req: "Received", cloud: str) -> Verdict:
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
        from huaweicloudsdkcore.sdk_request import SdkRequest
        from huaweicloudsdkcore.signer.signer import Signer

        auth = req.header("authorization")
        token = req.header("x-auth-token")
        if auth is None and token is not None:
            want = self.creds[cloud]["iam_token"]
            if hmac.compare_digest(token.encode(), want.encode()):
                return Verdict(True, "token")
            return Verdict(False, "token", "wrong X-Auth-Token", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: decrypt token fail"))
        if auth is None:
            return Verdict(False, "none", "no Authorization or X-Auth-Token", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: Authorization not found"))
        if cloud != "huawei":
            return Verdict(False, "aksk", "OTC documents token authentication only for these APIs", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: unsupported authorization method"))
        algorithm, _, rest = auth.partition(" ")
        params = parse_auth_params(rest)
        if algorithm != "SDK-HMAC-SHA256" or not {"Access", "SignedHeaders", "Signature"} <= params.keys():
            return Verdict(False, "aksk", "malformed Authorization", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: Authorization format is invalid"))
        c = self.creds["huawei"]
        if params["Access"] != c["ak"]:
            return Verdict(False, "aksk", "unknown access key", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: get secret fail"))
        date = req.header("x-sdk-date")
        try:
            at = dt.datetime.strptime(date or "", "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            return Verdict(False, "aksk", "no or malformed X-Sdk-Date", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: X-Sdk-Date is invalid"))
        if self.clock_check and abs((dt.datetime.now(dt.timezone.utc) - at).total_seconds()) > 15 * 60:
            return Verdict(False, "aksk", "X-Sdk-Date more than 15 minutes away", huawei_error(
                401, "APIGW.0301",
                "Incorrect IAM authentication information: verify aksk signature fail, the request is expired"))
        sts = req.header("x-security-token")
        if sts is not None and not hmac.compare_digest(sts.encode(), c["security_token"].encode()):
            return Verdict(False, "aksk", "wrong X-Security-Token", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: security token is invalid"))

        signed = [h for h in params["SignedHeaders"].split(";") if h]
        missing = [h for h in signed if req.header(h) is None]
        if missing:
            return Verdict(False, "aksk", f"signed headers not sent: {missing}", huawei_error(
                401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail"))

        def sdk_request() -> SdkRequest:
            return SdkRequest(
                method=req.method,
                schema="https",
                host=req.host,
                resource_path=req.path,
                query_params=parse_qsl(req.query, keep_blank_values=True),
                header_params={h: req.header(h) for h in signed},
                body=req.body,
            )

        signer = Signer(BasicCredentials(c["ak"], c["sk"]))
        expected = signer.sign(sdk_request()).header_params["Authorization"]
        if hmac.compare_digest(expected.encode(), auth.encode()):
            return Verdict(True, "aksk")
        # The gateway echoes its canonical request, newlines as '|'.
        r = sdk_request()
        Signer._process_content_header(r)
        Signer._process_header_host(r)
        canonical = signer._process_canonical_request(r, Signer._process_signed_headers(r))
        message = (
            "Incorrect IAM authentication information: verify aksk signature fail, "
            f"ak:{c['ak']}, canonicalRequest:" + canonical.replace("\n", "|")
        )
        return Verdict(False, "aksk", "signature mismatch", huawei_error(401, "APIGW.0301", message))

    # --- Tencent Cloud --------------------------------------------------------------------------

    def tencent(self, req: "Received") -> Verdict:
        from tencentcloud.common.abstract_client import AbstractClient
        from tencentcloud.common.sign import Sign

        fail = lambda why, code, msg: Verdict(False, "tc3", why, tencent_error(code, msg))  # noqa: E731
        auth = req.header("authorization")
        if not auth:
            return fail("no Authorization", "AuthFailure.SignatureFailure", "The Authorization header is missing.")
        algorithm, _, rest = auth.partition(" ")
        params = parse_auth_params(rest)
        if algorithm != "TC3-HMAC-SHA256" or not {"Credential", "SignedHeaders", "Signature"} <= params.keys():
            return fail("malformed Authorization", "AuthFailure.InvalidAuthorization",
                        "The Authorization header is not valid.")
        scope = params["Credential"].split("/")
        if len(scope) != 4 or scope[3] != "tc3_request":
            return fail("malformed credential scope", "AuthFailure.InvalidAuthorization",
                        "The credential scope is not valid.")
        secret_id, date, service = scope[0], scope[1], scope[2]
        c = self.creds["tencent"]
        if secret_id != c["secret_id"]:
            return fail("unknown SecretId", "AuthFailure.SecretIdNotFound",
                        "The SecretId is not found, please ensure that your SecretId is correct.")
        try:
            ts = int(req.header("x-tc-timestamp") or "")
        except ValueError:
            return fail("no or malformed X-TC-Timestamp", "MissingParameter", "X-TC-Timestamp is missing.")
        if self.clock_check and abs(time.time() - ts) > 300:
            return fail("X-TC-Timestamp more than 5 minutes away", "AuthFailure.SignatureExpire",
                        "Signature expired. Timestamp is more than 5 minutes away from the server time.")
        token = req.header("x-tc-token")
        if token is not None and not hmac.compare_digest(token.encode(), c["token"].encode()):
            return fail("wrong X-TC-Token", "AuthFailure.TokenFailure", "The token is not valid.")
        mismatch = fail("signature mismatch", "AuthFailure.SignatureFailure",
                        "The provided credentials could not be validated. Please check your signature is correct.")
        if date != dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d") or service != req.host.split(".")[0]:
            return mismatch
        signed = params["SignedHeaders"]
        if signed == "content-type;host":
            # Exactly the SDK's own code path (it always signs content-type;host).
            sdk_req = types.SimpleNamespace(
                method=req.method,
                uri=req.path,
                data=req.query if req.method == "GET" else req.body.decode("utf-8", "surrogateescape"),
                header={
                    "Content-Type": req.header("content-type") or "",
                    "Host": req.header("host") or "",
                    "X-TC-Timestamp": str(ts),
                    **({"X-TC-Content-SHA256": req.header("x-tc-content-sha256")} if req.header("x-tc-content-sha256") else {}),
                },
            )
            signature = AbstractClient._get_tc3_signature(None, None, sdk_req, date, service, c["secret_key"])
        else:
            # The signature doc's variant (e.g. content-type;host;x-tc-action): lower-cased
            # names and values; the key derivation and HMAC are the SDK's Sign.sign_tc3.
            names = signed.split(";")
            if any(req.header(n) is None for n in names) or names != sorted(names):
                return mismatch
            canonical_headers = "".join(f"{n}:{req.header(n).strip().lower()}\n" for n in names)
            payload = req.body if req.method != "GET" else b""
            if req.header("x-tc-content-sha256") == "UNSIGNED-PAYLOAD":
                payload = b"UNSIGNED-PAYLOAD"
            canonical = "\n".join([
                req.method, req.path, req.query if req.method == "GET" else "", canonical_headers, signed,
                hashlib.sha256(payload).hexdigest(),
            ])
            string_to_sign = "\n".join([
                "TC3-HMAC-SHA256", str(ts), f"{date}/{service}/tc3_request",
                hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            ])
            signature = Sign.sign_tc3(c["secret_key"], date, service, string_to_sign)
        expected = (
            f"TC3-HMAC-SHA256 Credential={secret_id}/{date}/{service}/tc3_request, "
            f"SignedHeaders={signed}, Signature={signature}"
        )
        if hmac.compare_digest(expected.encode(), auth.encode()):
            return Verdict(True, "tc3")
        return mismatch

    # --- Alibaba Cloud --------------------------------------------------------------------------

    def alibaba(self, req: "Received") -> Verdict:
        from alibabacloud_openapi_util.client import Client as OpenApiUtil
        from Tea.request import TeaRequest

        fail = lambda status, why, code, msg: Verdict(False, "acs3", why, alibaba_error(status, code, msg, req.host))  # noqa: E731
        auth = req.header("authorization")
        if not auth:
            return fail(400, "no Authorization", "IncompleteSignature", "The request signature is invalid.")
        algorithm, _, rest = auth.partition(" ")
        params = parse_auth_params(rest)
        if algorithm != "ACS3-HMAC-SHA256" or not {"Credential", "SignedHeaders", "Signature"} <= params.keys():
            return fail(400, "malformed Authorization", "IncompleteSignature", "The request signature is invalid.")
        c = self.creds["alibaba"]
        if params["Credential"] != c["access_key_id"]:
            return fail(404, "unknown AccessKey id", "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        date = req.header("x-acs-date") or ""
        try:
            at = dt.datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            return fail(400, "no or malformed x-acs-date", "MissingParameter",
                        "The input parameter x-acs-date that is mandatory for processing this request is not supplied.")
        if self.clock_check and abs((dt.datetime.now(dt.timezone.utc) - at).total_seconds()) > 15 * 60:
            return fail(400, "x-acs-date more than 15 minutes away", "InvalidTimeStamp.Expired",
                        "Specified time stamp or date value is expired.")
        sts = req.header("x-acs-security-token")
        if sts is not None and not hmac.compare_digest(sts.encode(), c["security_token"].encode()):
            return fail(400, "wrong x-acs-security-token", "InvalidSecurityToken.Mismatch",
                        "Specified SecurityToken is invalid.")
        signed = [h for h in params["SignedHeaders"].split(";") if h]
        payload = hashlib.sha256(req.body).hexdigest()
        tea = TeaRequest()
        tea.method = req.method
        tea.pathname = req.path
        tea.query = dict(parse_qsl(req.query, keep_blank_values=True))
        tea.headers = {h: req.header(h) for h in signed if req.header(h) is not None}
        expected = OpenApiUtil.get_authorization(tea, "ACS3-HMAC-SHA256", payload, c["access_key_id"], c["access_key_secret"])
        sent_hash = req.header("x-acs-content-sha256")
        if (
            len(tea.headers) == len(signed)
            and "host" in signed
            and (sent_hash is None or sent_hash == payload)
            and hmac.compare_digest(expected.encode(), auth.encode())
        ):
            nonce = req.header("x-acs-signature-nonce") or ""
            with self.lock:
                used = nonce in self.nonces
                self.nonces.add(nonce)
            if used:
                return fail(400, "nonce used twice", "SignatureNonceUsed", "Specified signature nonce was used already.")
            return Verdict(True, "acs3")
        # The gateway tells its string to sign (as the real one does).
        from alibabacloud_openapi_util.client import get_canonical_query_string, get_canonicalized_headers

        canonical_headers, signed_list = get_canonicalized_headers(tea.headers)
        canonical = "\n".join([tea.method, tea.pathname or "/", get_canonical_query_string(tea.query),
                               canonical_headers, signed_list, payload])
        string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return fail(400, "signature mismatch", "SignatureDoesNotMatch",
                    "Specified signature does not match our calculation. server string to sign is:" + string_to_sign)


# ------------------------------------------------------------------------------------------------
# The APIs


class Received:
    def __init__(self, method: str, target: str, headers, body: bytes):
        self.method = method
        self.target = target
        self.path, _, self.query = target.partition("?")
        self.headers = {}
        for k, v in headers.items():
            self.headers.setdefault(k.lower(), v)
        self.header_names = [k for k in headers.keys()]
        self.host = (self.header("host") or "").split(":")[0].lower()
        self.body = body

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json_body(self):
        try:
            return json.loads(self.body.decode("utf-8")) if self.body else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None


def segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/")[1:]]


INDEX: CatalogIndex | None = None


def identify(req: Received) -> str | None:
    """The API a request is for, from host, path and action headers: the seed operations (which
    have trigger values) by hand, every other catalog operation through the catalog index."""
    seed = identify_seed(req)
    if seed is None and INDEX is not None:
        return INDEX.identify(req)
    return seed


def identify_seed(req: Received) -> str | None:
    h, seg = req.host, segments(req.path)
    if h.startswith("ddm.") and (h.endswith(".myhuaweicloud.com") or h.endswith(".myhuaweicloud.eu") or h.endswith(".otc.t-systems.com")):
        cloud = "otc" if h.endswith(".otc.t-systems.com") else "huawei"
        if req.method == "POST" and len(seg) == 3 and seg[0] == "v1" and seg[2] == "instances":
            return f"{cloud}.ddm.CreateInstance"
        if req.method == "POST" and len(seg) == 6 and seg[0] == "v2" and seg[2] == "instances" and seg[4:] == ["action", "enlarge"]:
            return f"{cloud}.ddm.ExpandInstanceNodes"
        return None
    if h.startswith("dcs.") and h.endswith(".myhuaweicloud.com"):
        if req.method == "POST" and len(seg) == 7 and seg[0] == "v2" and seg[2] == "instances" and seg[4:6] == ["resize", "cancel"]:
            return "huawei.dcs.CancelInstanceResize"
        return None
    if h == "emr.tencentcloudapi.com":
        if req.path == "/" and req.header("x-tc-action") == "ScaleOutInstance" and req.header("x-tc-version") == "2019-01-03":
            return "tencent.emr.ScaleOutInstance"
        return None
    if h.startswith("emr.") and h.endswith(".aliyuncs.com"):
        if req.path == "/" and req.header("x-acs-action") == "IncreaseNodes" and req.header("x-acs-version") == "2021-03-20":
            return "alibaba.emr.IncreaseNodes"
        return None
    return None


def unknown_api(req: Received) -> Answer:
    if req.host.endswith("tencentcloudapi.com"):
        return tencent_error("InvalidAction", "The requested action does not exist.")
    if req.host.endswith("aliyuncs.com"):
        return alibaba_error(400, "InvalidAction", "The action requested is invalid.", req.host)
    return huawei_error(404, "APIGW.0101", "The API does not exist or has not been published in the environment")


def success(api: str, req: Received) -> Answer:
    seg = segments(req.path)
    body = req.json_body()
    if api.endswith("ddm.CreateInstance"):
        if not isinstance(body, dict) or not isinstance(body.get("instance"), dict):
            return ddm_error(400, "DBS.280001", "Parameter error.")
        if body["instance"].get("name") == TRIGGER:
            return ddm_error(400, "DBS.280001", "Parameter error.")
        prepaid = (body.get("extend_param") or {}).get("charge_mode") == "prePaid"
        if prepaid:
            return Answer(200, {"id": None, "order_id": "CS" + hexid()[:15].upper(), "job_id": rid()})
        return Answer(200, {"id": hexid() + "in09", "order_id": None, "job_id": rid()})
    if api.endswith("ddm.ExpandInstanceNodes"):
        if not isinstance(body, dict):
            return ddm_error(400, "DBS.280001", "Parameter error.")
        if body.get("flavor_id") == TRIGGER:
            return ddm_error(400, "DBS.300375", "Invalid flavor_id.")
        return Answer(200, {"instanceId": seg[3], "instanceName": "ddm-standin-" + seg[3][:6], "jobId": rid()})
    if api == "huawei.dcs.CancelInstanceResize":
        if seg[6] == TRIGGER:
            return Answer(400, {"error_code": "DCS.4239", "error_msg": "The instance status is not extending.",
                                "error_ext_msg": None}, "DCS.4239")
        return Answer(200, {"result": "success"})
    if api == "tencent.emr.ScaleOutInstance":
        if not isinstance(body, dict):
            return tencent_error("InvalidParameter", "The request body is not valid JSON.")
        if body.get("ClientToken") == TRIGGER:
            return tencent_error("InvalidParameter.InvalidTimeSpan", "Invalid timespan.")
        return Answer(200, {"Response": {
            "InstanceId": body.get("InstanceId") or "emr-standin0",
            "DealNames": ["20260903326023549811591"],
            "ClientToken": body.get("ClientToken") or rid(),
            "FlowId": 0,
            "BillId": "20260903326023549811631",
            "TraceId": "1788433513-296027-78000019",
            "RequestId": rid(),
        }})
    if api == "alibaba.emr.IncreaseNodes":
        query = dict(parse_qsl(req.query, keep_blank_values=True))
        if query.get("ClusterId") == "c-" + TRIGGER:
            return alibaba_error(400, "InvalidParameterValue",
                                 "The input parameter IncreaseNodeCount is invalid or out of range.", req.host)
        return Answer(200, {"OperationId": "op-" + hexid()[:16], "RequestId": rid().upper()})
    return generic_success(INDEX.by_id[api])


def cloud_of(api: str) -> str:
    return api.split(".")[0]


# ------------------------------------------------------------------------------------------------
# The server


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "standin"
    sys_version = ""
    timeout = 30

    def setup(self):
        super().setup()
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError) as e:
            self.server.note_tls_error(e)
            self.close_connection = True
            raise ConnectionAbortedError from e

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError):
            pass

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass  # the JSON log records every request; nothing goes to stderr

    def read_body(self) -> bytes | None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    return None
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return None
        return self.rfile.read(length) if length else b""

    def respond(self, answer: Answer, api: str | None):
        data = json.dumps(answer.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.send_response(answer.status)
        cloud = cloud_of(api) if api else ""
        if cloud == "tencent":
            self.send_header("Content-Type", "application/json")
        elif cloud == "alibaba":
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("x-acs-request-id", answer.body.get("RequestId", rid()))
        else:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("X-Request-Id", hexid())
        for k, v in answer.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def serve(self):
        body = self.read_body()
        if body is None:
            self.close_connection = True
            self.respond(Answer(413, {"error_code": "APIGW.0201", "error_msg": "Request entity too large"}), None)
            self.server.record({"method": self.command, "target": self.path, "status": 413})
            return
        req = Received(self.command, self.path, self.headers, body)
        api = identify(req)
        entry = {
            "method": req.method,
            "host": req.host,
            "target": req.target,
            "header_names": req.header_names,
            "body_bytes": len(body),
            "api": api,
        }
        if api is None:
            answer = unknown_api(req)
            entry.update(auth=None, verified=False, why="no such API")
        else:
            cloud = cloud_of(api)
            checker = self.server.checker
            try:
                if cloud in ("huawei", "otc"):
                    verdict = checker.huawei(req, cloud)
                elif cloud == "tencent":
                    verdict = checker.tencent(req)
                else:
                    verdict = checker.alibaba(req)
            except Exception as e:  # a crash of the check is a failed check, reported
                verdict = Verdict(False, "error", f"check failed: {type(e).__name__}: {e}",
                                  Answer(500, {"error_code": "STANDIN.0500", "error_msg": "stand-in check failed"}))
            entry.update(auth=verdict.kind, verified=verdict.ok, why=verdict.why)
            answer = success(api, req) if verdict.ok else verdict.error
        entry.update(status=answer.status, code=answer.code)
        if self.server.record_bodies:
            try:
                entry["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                entry["body_b64"] = base64.b64encode(body).decode("ascii")
            entry["api_headers"] = {k: v for k, v in req.headers.items() if k in RECORDED_HEADERS}
        self.respond(answer, api)
        self.server.record(entry)

    do_POST = do_GET = do_PUT = do_DELETE = serve


# The headers --record-bodies keeps: what names the API, never credentials.
RECORDED_HEADERS = ("x-tc-action", "x-tc-version", "x-tc-region", "x-acs-action", "x-acs-version", "content-type")


class StandIn(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    record_bodies = False

    def __init__(self, port: int, context: ssl.SSLContext, checker: Checker, log_path: str):
        super().__init__(("127.0.0.1", port), Handler)
        self.context = context
        self.checker = checker
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.count = 0

    def get_request(self):
        sock, addr = self.socket.accept()
        # The TLS handshake runs in the handler's thread, so a slow client blocks nobody.
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def record(self, entry: dict):
        entry = {"seq": 0, "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"), **entry}
        with self.log_lock:
            self.count += 1
            entry["seq"] = self.count
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def note_tls_error(self, e: Exception):
        self.record({"tls_error": type(e).__name__ + ": " + str(e)[:200]})

    def handle_error(self, request, client_address):
        pass  # connection-level noise (resets, timeouts) is not an error of the stand-in


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("state", nargs="?", help="JSON file to write port, pid, CA path… to once listening")
    p.add_argument("--log", help="JSON-lines request log (default: next to STATE, standin-log.jsonl)")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--host", action="append", default=[], help="serve only these hosts (default: every catalog host)")
    p.add_argument("--dir", help="folder for the certificate files (default: a new temporary one)")
    p.add_argument("--no-clock-check", action="store_true", help="accept signing times far from now")
    p.add_argument("--certs-only", metavar="DIR", help="only write ca.pem, cert.pem, key.pem to DIR and exit")
    p.add_argument("--record-bodies", action="store_true",
                   help="also log each body and the action/version/region headers (tests that compare requests)")
    a = p.parse_args()

    global INDEX
    entries = load_catalog()
    INDEX = CatalogIndex(entries)
    hosts = [h.lower() for h in a.host] or catalog_hosts(entries)
    if a.certs_only:
        paths = make_certs(a.certs_only, hosts)
        print(json.dumps({"ca": paths["ca"], "cert": paths["cert"], "key": paths["key"], "hosts": hosts}))
        return 0
    if not a.state:
        p.error("STATE is required (or --certs-only DIR)")

    directory = a.dir or tempfile.mkdtemp(prefix="cloudreq-standin-")
    paths = make_certs(directory, hosts)
    with open(CREDENTIALS, encoding="utf-8") as f:
        creds = json.load(f)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(paths["cert"], paths["key"])
    log_path = a.log or os.path.join(os.path.dirname(os.path.abspath(a.state)), "standin-log.jsonl")
    open(log_path, "w").close()
    server = StandIn(a.port, context, Checker(creds, not a.no_clock_check), log_path)
    server.record_bodies = a.record_bodies

    # Import the SDKs now, so the first request is not slow and a missing SDK fails at start.
    import alibabacloud_openapi_util.client  # noqa: F401
    import huaweicloudsdkcore.signer.signer  # noqa: F401
    import tencentcloud.common.abstract_client  # noqa: F401

    state = {
        "port": server.server_address[1],
        "pid": os.getpid(),
        "ca": paths["ca"],
        "cert": paths["cert"],
        "hosts": hosts,
        "log": log_path,
        "certs_by": paths["how"],
    }
    tmp = a.state + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=2)
    os.replace(tmp, a.state)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        if not a.dir:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
