"""`cloudreq export openapi`: every document is valid OpenAPI 3.1 per openapi-spec-validator, and
holds every catalog operation exactly once with what the catalog says of it.

The expectations are read independently of the exporter: the ids from `cloudreq list --json`, each
operation from the files `cloudreq catalog export` writes (the same JSON as `cloudreq show <id>
--json`, which is checked for one operation per service), the common error codes from
`catalog/errors/`.
"""

from __future__ import annotations

import concurrent.futures
import copy
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from cli_catalog import BINARY, check_binary

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=120, check=check)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """The documents (`--out`), the catalog's operations, and their common error codes."""
    check_binary()
    out = tmp_path_factory.mktemp("openapi")
    proc = run("export", "openapi", "--out", str(out))
    assert "written to" in proc.stderr, proc.stderr
    docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.openapi.json"))}
    web = tmp_path_factory.mktemp("catalog")
    run("catalog", "export", str(web))
    ids = [e["id"] for e in json.loads(run("list", "--json").stdout)]
    ops = {i: json.loads((web / "catalog" / "ops" / f"{i}.json").read_text(encoding="utf-8")) for i in ids}
    index = json.loads((web / "catalog" / "index.json").read_text(encoding="utf-8"))
    common = {}
    for s in index["services"]:
        key = f"{s['cloud']}.{s['service']}.{s['version']}"
        errors = web / "catalog" / "errors" / f"{key}.json"
        common[key] = json.loads(errors.read_text(encoding="utf-8")) if errors.exists() else []
    return {"dir": out, "docs": docs, "ids": ids, "ops": ops, "services": index["services"], "common": common}


def validation_errors(path: str) -> list[str]:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return [str(e)[:300] for e in OpenAPIV31SpecValidator(doc).iter_errors()]


def test_every_document_is_valid_openapi_3_1(exported):
    files = sorted(str(p) for p in exported["dir"].glob("*.openapi.json"))
    assert len(files) == len(exported["services"]) >= 9
    # Largest first, two at a time (the machine is shared).
    files.sort(key=lambda p: -Path(p).stat().st_size)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        results = dict(zip(files, pool.map(validation_errors, files)))
    bad = {Path(f).name: errs[:5] for f, errs in results.items() if errs}
    assert not bad, json.dumps(bad, indent=1)
    print(f"{len(files)} documents validated")


def test_the_validator_refuses_a_broken_document(exported):
    """The check above can fail: the same validator on a damaged copy finds the damage."""
    doc = copy.deepcopy(exported["docs"]["huawei.ddm.v1.openapi.json"])
    path_item = next(iter(doc["paths"].values()))
    operation = next(v for k, v in path_item.items() if k in METHODS)
    del operation["responses"]
    operation["parameters"].append({"name": "x", "in": "nowhere"})
    errors = list(OpenAPIV31SpecValidator(doc).iter_errors())
    assert errors


def operations(doc: dict):
    for key, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield key, method, op


def test_one_document_per_service_named_by_its_key(exported):
    expected = {f"{s['cloud']}.{s['service']}.{s['version']}.openapi.json" for s in exported["services"]}
    assert set(exported["docs"]) == expected
    for name, doc in exported["docs"].items():
        assert doc["openapi"].startswith("3.1.")
        version = name.split(".")[2]
        ops = [exported["ops"][op["operationId"]] for _, _, op in operations(doc)]
        wire = {o.get("version") for o in ops} - {None}
        # info.version is the API version on the wire (Tencent, Alibaba), else the folder's.
        assert doc["info"]["version"] == (wire.pop() if wire else version), name
        assert doc["info"]["title"] and doc["components"]["securitySchemes"], name


def test_every_operation_is_present_exactly_once_where_it_belongs(exported):
    seen = Counter()
    for name, doc in exported["docs"].items():
        cloud, service = name.split(".")[:2]
        for key, method, op in operations(doc):
            entry = exported["ops"].get(op["operationId"])
            assert entry is not None, f"{name}: {op['operationId']} is not a catalog id"
            seen[op["operationId"]] += 1
            assert (entry["cloud"], entry["service"]) == (cloud, service), op["operationId"]
            assert method == entry["method"].lower(), op["operationId"]
            assert key.split("#")[0].split("?")[0] == entry["path"], (key, entry["path"])
            assert op["summary"] == entry["title"]
            assert op.get("deprecated", False) == entry.get("deprecated", False), op["operationId"]
    assert set(seen) == set(exported["ids"])
    assert [i for i, n in seen.items() if n != 1] == []
    print(f"{len(seen)} operations checked")


def test_rpc_operations_each_have_their_own_path_key(exported):
    for name, doc in exported["docs"].items():
        for key, _, op in operations(doc):
            entry = exported["ops"][op["operationId"]]
            if entry.get("action"):
                assert entry["action"] in key, key
                assert entry["action"] in op["description"], op["operationId"]


def schema_of(op: dict, location: str, name: str):
    """The schema the document gives a top-level field, and whether it is required."""
    if location == "body":
        content = op["requestBody"]["content"]
        (media,) = content.values()
        schema = media["schema"]
        return schema["properties"].get(name), name in schema.get("required", [])
    for p in op.get("parameters", []):
        if p["name"] == name and p["in"] == location:
            schema = p["schema"] if "schema" in p else next(iter(p["content"].values()))["schema"]
            return schema, p["required"]
    return None, False


def location_of(entry: dict, field: dict) -> str:
    return field.get("in") or ("query" if entry["style"] == "rpc" else "body")


def test_fields_keep_their_place_type_limits_and_required_flag(exported):
    checked = 0
    types = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "array": "array",
             "object": "object", "json_string": "string", "string_bool": "string"}
    for name, doc in exported["docs"].items():
        for key, _, op in operations(doc):
            entry = exported["ops"][op["operationId"]]
            for field in entry["fields"]:
                where = location_of(entry, field)
                schema, required = schema_of(op, where, field["name"])
                label = f"{entry['id']} {field['name']} ({where})"
                assert schema is not None, label
                assert required == (field.get("required", False) or where == "path"), label
                if where == "path":
                    assert "{" + field["name"] + "}" in key, label
                if field["type"] in types:
                    assert schema["type"] == types[field["type"]], label
                if field["type"] == "enum":
                    assert schema["enum"] == [v["value"] for v in field["values"]], label
                for ours, theirs in [("min", "minimum"), ("max", "maximum"), ("min_length", "minLength"),
                                     ("max_length", "maxLength"), ("min_items", "minItems"), ("max_items", "maxItems")]:
                    if ours in field:
                        assert schema[theirs] == field[ours], label
                if "default" in field:
                    assert schema["default"] == field["default"], label
                if field.get("items") and field["items"].get("type") == "object":
                    members = {f["name"] for f in field["items"]["fields"]}
                    assert set(schema["items"]["properties"]) == members, label
                    wanted = {f["name"] for f in field["items"]["fields"] if f.get("required")}
                    assert set(schema["items"].get("required", [])) == wanted, label
                checked += 1
    assert checked == sum(len(e["fields"]) for e in exported["ops"].values()) > 5000
    print(f"{checked} top-level fields checked")


def count_rules(entry: dict) -> int:
    def walk(fields):
        n = 0
        for f in fields:
            n += len(f.get("rules", []))
            n += walk(f.get("fields", []))
            if f.get("items"):
                n += len(f["items"].get("rules", [])) + walk(f["items"].get("fields", []))
        return n
    return len(entry.get("rules", [])) + walk(entry["fields"])


def test_rules_errors_and_examples_are_carried(exported):
    for name, doc in exported["docs"].items():
        key = name.removesuffix(".openapi.json")
        common = exported["common"][key]
        components = doc["components"].get("responses", {})
        listed_common = [c for r in components.values() for c in r["x-cloudreq-error-codes"]]
        assert sorted(c["code"] for c in listed_common) == sorted(c["code"] for c in common), name
        for _, _, op in operations(doc):
            entry = exported["ops"][op["operationId"]]
            rules = op.get("x-cloudreq-rules", [])
            assert len(rules) == count_rules(entry), entry["id"]
            for rule in rules:
                assert rule["text"] in op["description"], entry["id"]
                assert rule["check"] and "scope" in rule
            own = [c for r in op["responses"].values() if "x-cloudreq-error-codes" in r
                   for c in r["x-cloudreq-error-codes"]]
            assert sorted(c["code"] for c in own) == sorted(e["code"] for e in entry.get("errors", [])), entry["id"]
            # Every status the codes carry (a real one) has its response, own or common.
            for e in entry.get("errors", []) + common:
                if e.get("status") and 100 <= e["status"] <= 599:
                    assert str(e["status"]) in op["responses"], (entry["id"], e["code"])
            assert len(op.get("x-cloudreq-examples", [])) == len(entry.get("examples", [])), entry["id"]


def test_conditional_rule_of_a_seed_operation(exported):
    doc = exported["docs"]["alibaba.emr.2021-03-20.openapi.json"]
    op = doc["paths"]["/?Action=IncreaseNodes"]["post"]
    scoped = [r for r in op["x-cloudreq-rules"] if r["scope"] == "ApplicationConfigs[]"]
    assert scoped and scoped[0]["check"] == "ignored" and scoped[0]["when"]["not_equals"] == "NODE_GROUP"
    assert any(r["check"] == "not_greater_than" for r in op["x-cloudreq-rules"])


def test_servers_cover_every_region(exported):
    for name, doc in exported["docs"].items():
        entry = next(exported["ops"][op["operationId"]] for _, _, op in operations(doc))
        endpoint = entry["endpoint"]
        for region in endpoint["regions"]:
            host = region.get("host") or endpoint["host"].replace("{region}", region["id"])
            found = False
            for server in doc["servers"]:
                url = server["url"]
                for variable, spec in server.get("variables", {}).items():
                    if region["id"] in spec["enum"]:
                        url = url.replace("{" + variable + "}", region["id"])
                found = found or url == f"https://{host}"
            assert found, (name, region["id"], host)


def test_security_schemes_per_cloud(exported):
    wanted = {"huawei": {"Authorization", "X-Auth-Token"}, "otc": {"X-Auth-Token"},
              "tencent": {"Authorization"}, "alibaba": {"Authorization", "Signature"}}
    for name, doc in exported["docs"].items():
        schemes = doc["components"]["securitySchemes"]
        assert {s["name"] for s in schemes.values()} == wanted[name.split(".")[0]], name
        assert all(s["type"] == "apiKey" and len(s["description"]) > 40 for s in schemes.values())
        assert [list(s) for s in doc["security"]] == [[k] for k in schemes]


def test_show_agrees_with_the_export_used_above(exported):
    """One operation per service through `cloudreq show --json`: the same fields and rules."""
    for s in exported["services"]:
        api = next(i for i in exported["ids"] if i.startswith(f"{s['cloud']}.{s['service']}."))
        shown = json.loads(run("show", api, "--json").stdout)
        page = exported["ops"][api]
        assert shown["fields"] == page["fields"] and shown.get("rules", []) == page.get("rules", []), api


def test_one_service_goes_to_standard_output(exported):
    proc = run("export", "openapi", "--cloud", "tencent", "--service", "emr")
    assert json.loads(proc.stdout) == exported["docs"]["tencent.emr.2019-01-03.openapi.json"]
    assert json.loads(run("export", "openapi", "--service", "huawei.ddm").stdout)["info"]["version"] == "v1"


def test_several_services_without_a_folder_is_a_usage_error():
    check_binary()
    proc = run("export", "openapi", "--cloud", "huawei", check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert re.search(r"3 services match .*--out", proc.stderr), proc.stderr
    proc = run("export", "openapi", "--service", "nosuch", check=False)
    assert proc.returncode == 2 and "no service matches" in proc.stderr
