"""`cloudreq build --format aliyun` and `--format hcloud`, checked against the documented
syntax of the Alibaba Cloud CLI and Huawei Cloud's KooCLI. Neither binary can be installed
here, so the commands are not executed by the vendors' tools: instead each generated command
is word-split by the real bash (with `aliyun` and `hcloud` defined as shell functions that
print their arguments), and the arguments are read back by the parsers below, written from
the vendors' documentation, into the values they stand for. Those must equal the values
cloudreq was given (documented examples) or the request cloudreq built (every operation's
sample values).

Documented syntax used (the URLs are cited in crates/core/src/emit_vendor.rs as well):

aliyun  https://www.alibabacloud.com/help/en/cli/call-rpc-api-and-restful-api
        `aliyun <product> <ApiName> [--parameter1 value1 --parameter2 value2 ...]`
        https://www.alibabacloud.com/help/en/cli/parameter-format-overview
        parameter names case-sensitive, list parameters flattened with 1-based indexes
        (`--Tag.1.Key`), and the CLI's own flags (`--region`, `--endpoint`, `--version`
        take a value; `--force` takes none).
hcloud  https://support.huaweicloud.com/intl/en-us/productdesc-hcli/hcli_01_002.html
        `hcloud [options] <service> <operation> [--param1=paramValue1 ...]`; system
        parameters start with `cli-` (`--cli-region=`); nested body members with dots and
        list items numbered from 1 (`--os-stop.servers.1.id=`), an empty map `{}` and an
        empty list `[]` at their level:
        https://support.huaweicloud.com/intl/en-us/hcli_faq/hcli_19_008.html

Also the per-cloud offer: aliyun only for Alibaba operations, hcloud only for Huawei ones.
Counts go to test-output/vendor-cli-syntax.txt.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
import os  # noqa: E402

BINARY = Path(os.environ.get("CLOUDREQ_BIN") or ROOT / "target" / "debug" / "cloudreq")
SUMMARY = ROOT / "test-output" / "vendor-cli-syntax.txt"


def exported() -> dict[str, dict]:
    if not BINARY.exists():
        return {}
    out = Path(tempfile.mkdtemp(prefix="cloudreq-vendor-cat-"))
    subprocess.run([str(BINARY), "catalog", "export", str(out)], check=True, capture_output=True)
    return {p.stem: json.loads(p.read_text()) for p in (out / "catalog" / "ops").glob("*.json")}


OPS = exported()


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, input=stdin, timeout=60)


# ------------------------------------------------------------------------------------------
# bash does the word splitting


SHIM = 'aliyun() { printf "%s\\0" "$(($# + 1))" aliyun "$@"; }\nhcloud() { printf "%s\\0" "$(($# + 1))" hcloud "$@"; }\n'


def bash_argvs(script: str) -> list[list[str]]:
    """Runs `script` in bash with aliyun and hcloud as functions printing their arguments
    (a count, then each argument, NUL-terminated); gives each call's argument list."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False, encoding="utf-8") as f:
        f.write(SHIM + script)
    try:
        p = subprocess.run(["bash", f.name], capture_output=True, timeout=300)
    finally:
        os.unlink(f.name)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    items = p.stdout.decode("utf-8").split("\0")[:-1]
    out, i = [], 0
    while i < len(items):
        n = int(items[i])
        out.append(items[i + 1:i + 1 + n])
        i += 1 + n
    return out


# ------------------------------------------------------------------------------------------
# Parsers written from the documentation


def unflatten(pairs: list[tuple[str, str]], empty_markers: bool = False) -> dict:
    """`A.1.B=v` (1-based list indexes, dots between members) back into nested values."""
    root: dict = {}
    for name, value in pairs:
        parts = name.split(".")
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            key: object = int(part) - 1 if part.isdigit() and isinstance(node, list) else part
            if last:
                leaf: object = value
                if empty_markers and value in ("{}", "[]"):
                    leaf = {} if value == "{}" else []
                _put(node, key, leaf)
            else:
                nxt = parts[i + 1]
                child = _get(node, key)
                if child is None:
                    child = [] if nxt.isdigit() else {}
                    _put(node, key, child)
                node = child
    return root


def _get(node, key):
    if isinstance(node, list):
        return node[key] if key < len(node) else None
    return node.get(key)


def _put(node, key, value):
    if isinstance(node, list):
        assert isinstance(key, int), f"a list item needs a number, got {key!r}"
        while len(node) <= key:
            node.append(None)
        node[key] = value
    else:
        assert key not in node, f"{key!r} given twice"
        node[key] = value


ALIYUN_VALUE_FLAGS = {"region", "endpoint", "version", "profile", "output", "method", "header", "body"}
ALIYUN_BARE_FLAGS = {"force", "secure", "insecure", "dryrun", "quiet"}


def parse_aliyun(argv: list[str]) -> dict:
    """{product, api, flags, params: [(name, value)]} from `aliyun <product> <ApiName> ...`."""
    assert argv[0] == "aliyun"
    product, api = argv[1], argv[2]
    assert re.fullmatch(r"[a-z][a-z0-9-]*", product), product
    assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", api), api
    flags, params = {}, []
    i = 3
    while i < len(argv):
        token = argv[i]
        assert token.startswith("--"), f"not an option: {token!r}"
        name, eq, value = token[2:].partition("=")
        if not eq and name not in ALIYUN_BARE_FLAGS:
            i += 1
            value = argv[i]
        if name in ALIYUN_VALUE_FLAGS or name in ALIYUN_BARE_FLAGS:
            flags[name] = value if (eq or name not in ALIYUN_BARE_FLAGS) else True
        else:
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*(\.([0-9]+|[A-Za-z0-9_]+))*", name), f"parameter name {name!r}"
            params.append((name, value))
        i += 1
    return {"product": product, "api": api, "flags": flags, "params": params}


def parse_hcloud(argv: list[str]) -> dict:
    """{service, operation, system, params: [(name, value)]} from `hcloud <service> <operation> --p=v ...`."""
    assert argv[0] == "hcloud"
    service, operation = argv[1], argv[2]
    assert re.fullmatch(r"[A-Z][A-Z0-9]*", service), service
    assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", operation), operation
    system, params = {}, []
    for token in argv[3:]:
        assert token.startswith("--") and "=" in token, f"not --name=value: {token!r}"
        name, _, value = token[2:].partition("=")
        if name.startswith("cli-"):
            system[name] = value
        else:
            params.append((name, value))
    return {"service": service, "operation": operation, "system": system, "params": params}


# ------------------------------------------------------------------------------------------
# What the command must stand for


def texts(value):
    """Values as a command line carries them: every leaf as text (booleans lower case)."""
    if isinstance(value, dict):
        return {k: texts(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [texts(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else json.dumps(value)


def same(expected, got) -> bool:
    """Equal as texts; a parameter the API takes as one JSON text may stand for an object.
    KooCLI reads `{}` and `[]` by the parameter's declared type (an empty map or list, or
    the text itself for a string parameter); this parser has no metadata and reads them as
    empty containers, so a string `{}` or `[]` matches those."""
    if isinstance(expected, str) and expected in ("{}", "[]") and got in ({}, []):
        return json.loads(expected) == got
    if isinstance(expected, (dict, list)) and isinstance(got, str):
        try:
            got = json.loads(got)
        except ValueError:
            return False
        return texts(got) == texts(expected) or got == expected
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(same(expected[k], got[k]) for k in expected)
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(same(a, b) for a, b in zip(expected, got))
    return texts(expected) == got


def parse_http(text: str) -> tuple[str, str, list[tuple[str, str]], dict, str]:
    head, _, body = text.partition("\r\n\r\n")
    lines = head.split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(": ")
        headers[k.lower()] = v
    path, _, query = target.partition("?")
    return method, path, parse_qsl(query, keep_blank_values=True), headers, body


def match_path(template: str, path: str) -> dict:
    names = re.findall(r"{([^}]+)}", template)
    pattern = "^" + re.sub(r"\\{[^}]+\\}", "([^/]*)", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    pattern = "^" + re.sub(r"{[^}]+}", "([^/]*)", re.escape(template).replace("\\{", "{").replace("\\}", "}")) + "$"
    m = re.match(pattern, path)
    assert m, f"{path} does not match {template}"
    return {n: unquote(v) for n, v in zip(names, m.groups())}


def from_request(entry: dict, http: str) -> dict:
    """The parameter values a request carries, by the wire rules of its cloud."""
    method, path, query, headers, body = parse_http(http)
    if entry["cloud"] == "alibaba":
        pairs = list(query)
        if body:
            pairs += parse_qsl(body, keep_blank_values=True)
        return unflatten(pairs)
    values = match_path(entry["path"], path)
    values.update(unflatten(query))
    for f in entry["fields"]:
        if f.get("location") == "header" and f["name"].lower() in headers:
            values[f["name"]] = headers[f["name"].lower()]
    if body:
        values.update(json.loads(body))
    return values


def from_example(entry: dict, example: dict) -> dict:
    """The values of a documented example (its URL and body), read without cloudreq."""
    url = urlsplit(example["url"])
    query = parse_qsl(url.query, keep_blank_values=True)
    if entry["cloud"] == "alibaba":
        skip = {"Action", "Version", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion", "AccessKeyId", "Signature", "Timestamp"}
        values = unflatten([(k, v) for k, v in query if k not in skip])
    else:
        values = match_path(entry["path"], url.path)
        values.update(unflatten(query))
    if example.get("body"):
        values.update(example["body"])
    return values


# ------------------------------------------------------------------------------------------


def command_for(op_id: str, region: str, values: dict | None, fmt: str) -> str:
    source = ["--sample"] if values is None else ["--values", "-"]
    p = cli("build", op_id, *source, "--region", region, "--format", fmt, "--force", stdin=None if values is None else json.dumps(values))
    assert p.returncode == 0, f"{op_id} {fmt}: {p.stderr}"
    return p.stdout


def check(entry: dict, parsed: dict, expected: dict, region: str) -> list[str]:
    problems = []
    if entry["cloud"] == "alibaba":
        if (parsed["product"], parsed["api"]) != (entry["service"], entry["action"]):
            problems.append(f"names {parsed['product']} {parsed['api']}")
        if parsed["flags"].get("version") != entry["version"] or parsed["flags"].get("region") != region:
            problems.append(f"flags {parsed['flags']}")
        got = unflatten(parsed["params"])
    else:
        if (parsed["service"], parsed["operation"]) != (entry["service"].upper(), entry["id"].rsplit(".", 1)[1]):
            problems.append(f"names {parsed['service']} {parsed['operation']}")
        if parsed["system"].get("cli-region") != region:
            problems.append(f"system {parsed['system']}")
        got = unflatten(parsed["params"], empty_markers=True)
    if not same(expected, got):
        problems.append(f"values\n    expected {json.dumps(texts(expected), ensure_ascii=False)}\n    got      {json.dumps(got, ensure_ascii=False)}")
    return problems


def cases() -> list[tuple[str, str, str, str, dict | None, dict | None]]:
    """(name, format, id, region, values to build from (None: sample), independent expectation)."""
    out = []
    for op_id, entry in sorted(OPS.items()):
        fmt = {"alibaba": "aliyun", "huawei": "hcloud"}.get(entry["cloud"])
        if not fmt:
            continue
        region = entry["endpoint"]["default_region"]
        out.append((f"{op_id}/sample", fmt, op_id, region, None, None))
        for i, ex in enumerate(entry.get("examples", [])):
            values = from_example(entry, ex)
            out.append((f"{op_id}/example{i + 1}", fmt, op_id, ex.get("region") or region, values, values))
    return out


def test_every_command_reads_back_to_its_values():
    assert OPS, "no catalog (is the cloudreq binary built?)"
    all_cases = cases()
    commands = [command_for(op_id, region, values, fmt) for _, fmt, op_id, region, values, _ in all_cases]
    argvs = bash_argvs("\n".join(commands))
    assert len(argvs) == len(all_cases), f"bash ran {len(argvs)} of {len(all_cases)} commands"
    failures, counts = [], {}
    for (name, fmt, op_id, region, values, independent), command, argv in zip(all_cases, commands, argvs):
        entry = OPS[op_id]
        source = ["--sample"] if values is None else ["--values", "-"]
        http = subprocess.run([str(BINARY), "build", op_id, *source, "--region", region, "--format", "http", "--force"],
                              capture_output=True, input=None if values is None else json.dumps(values).encode(), timeout=60,
                              ).stdout.decode("utf-8")
        try:
            parsed = parse_aliyun(argv) if fmt == "aliyun" else parse_hcloud(argv)
            problems = check(entry, parsed, from_request(entry, http), region)
            if independent is not None:
                problems += [f"(documented example) {p}" for p in check(entry, parsed, independent, region)]
        except AssertionError as e:
            problems = [f"unparsable: {e}"]
        if problems:
            failures.append(f"{name}:\n{command}  " + "\n  ".join(problems))
        else:
            kind = "examples" if independent is not None else "sample values"
            counts[(fmt, kind)] = counts.get((fmt, kind), 0) + 1
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text("".join(f"{fmt} commands read back ({kind}): {n}\n" for (fmt, kind), n in sorted(counts.items())))
    assert not failures, f"{len(failures)} commands did not read back:\n" + "\n".join(failures[:15])
    services = {(OPS[c[2]]["cloud"], OPS[c[2]]["service"]) for c in all_cases}
    assert {s for _, s in services} >= {"emr", "ecs", "ddm", "dcs"}, services


@pytest.mark.parametrize("op_id,fmt", [("tencent.emr.ScaleOutInstance", "aliyun"), ("huawei.ddm.CreateInstance", "aliyun"),
                                       ("tencent.emr.ScaleOutInstance", "hcloud"), ("alibaba.emr.IncreaseNodes", "hcloud"),
                                       ("otc.ddm.ExpandInstanceNodes", "hcloud")])
def test_not_offered_for_other_clouds(op_id, fmt):
    p = cli("build", op_id, "--sample", "--format", fmt)
    assert p.returncode == 2 and "operations only" in p.stderr, p.stderr
    assert p.stdout == ""


def test_the_parsers_refuse_what_the_syntax_does_not_allow():
    # The checks must be able to fail: a value with an unquoted space splits into two words.
    argv = bash_argvs("aliyun ecs DescribeImages --ImageName=a b")[0]
    with pytest.raises(AssertionError):
        parse_aliyun(argv)
    argv = bash_argvs("hcloud ECS NovaListServers --cli-region=x --name=a b")[0]
    with pytest.raises(AssertionError):
        parse_hcloud(argv)
    # And the documented forms read as documented.
    argv = bash_argvs("hcloud ECS BatchStopServers --cli-region=ap-southeast-1 --os-stop.servers.1.id=\"test\" --os-stop.type=\"SOFT\"")[0]
    p = parse_hcloud(argv)
    assert unflatten(p["params"]) == {"os-stop": {"servers": [{"id": "test"}], "type": "SOFT"}}
    argv = bash_argvs("aliyun ecs TagResources --RegionId cn-hangzhou --Tag.1.Key env --Tag.1.Value=prod --force")[0]
    p = parse_aliyun(argv)
    assert unflatten(p["params"]) == {"RegionId": "cn-hangzhou", "Tag": [{"Key": "env", "Value": "prod"}]}


# ------------------------------------------------------------------------------------------
# Quoting: the curl round trip's tricky characters (tests/standin/tricky.py reads them from
# crates/cli/tests/nasty/mod.rs) through aliyun and hcloud commands, real bash and the
# parsers above.


def tricky_cases(n: int) -> list[tuple[str, str, str, dict]]:
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "standin"))
    from tricky import Rng

    rng = Rng(0x5EED_C10D_0E9E_0002 ^ n)
    out = []
    for i in range(n):
        if i % 3 == 0:
            rows = [{"ApplicationName": rng.text(), "ConfigFileName": rng.text(), "ConfigItemKey": rng.text(),
                     "ConfigItemValue": rng.text(), "ConfigScope": "CLUSTER"} for _ in range(1 + rng.below(3))]
            values = {"ClusterId": rng.text(), "NodeGroupId": rng.text(), "IncreaseNodeCount": 1 + rng.below(500),
                      "AutoRenew": rng.below(2) == 1, "ApplicationConfigs": rows}
            out.append(("aliyun", "alibaba.emr.IncreaseNodes", "cn-hangzhou", values))
        elif i % 3 == 1:
            values = {"project_id": rng.text(), "instance": {"name": rng.text(), "flavor_id": rng.text(),
                      "node_num": 1 + rng.below(8), "engine_id": rng.text(), "available_zones": [rng.text(), rng.text()],
                      "vpc_id": rng.text(), "security_group_id": rng.text(), "subnet_id": rng.text(),
                      "admin_user_password": rng.text()}}
            out.append(("hcloud", "huawei.ddm.CreateInstance", "cn-north-4", values))
        else:
            values = {"project_id": rng.text(), "instance_id": rng.text(), "task_id": rng.text()}
            out.append(("hcloud", "huawei.dcs.CancelInstanceResize", "cn-north-4", values))
    return out


def test_tricky_text_survives_bash_and_reads_back():
    n = int(os.environ.get("TRICKY_CASES", "300"))
    all_cases = tricky_cases(n)
    commands = [command_for(op_id, region, values, fmt) for fmt, op_id, region, values in all_cases]
    argvs = bash_argvs("\n".join(commands))
    assert len(argvs) == len(all_cases), f"bash ran {len(argvs)} of {len(all_cases)} commands"
    failures = []
    for (fmt, op_id, region, values), command, argv in zip(all_cases, commands, argvs):
        entry = OPS[op_id]
        try:
            parsed = parse_aliyun(argv) if fmt == "aliyun" else parse_hcloud(argv)
            got = unflatten(parsed["params"], empty_markers=fmt == "hcloud")
            problems = [f"{k}: {json.dumps(got.get(k), ensure_ascii=False)} != {json.dumps(v, ensure_ascii=False)}"
                        for k, v in values.items() if not same(v, got.get(k))]
            if fmt == "aliyun" and got.get("RegionId") != region:
                problems.append(f"RegionId {got.get('RegionId')!r}")
        except AssertionError as e:
            problems = [f"unparsable: {e}"]
        if problems:
            failures.append(f"{op_id}:\n{command}  " + "\n  ".join(problems))
    with open(SUMMARY, "a") as f:
        f.write(f"tricky-text commands read back after bash: {len(all_cases) - len(failures)} of {len(all_cases)}\n")
    assert not failures, f"{len(failures)} of {len(all_cases)}:\n" + "\n".join(failures[:10])
