"""The published JSON Schemas (catalog/schema/) checked by an independent validator: every
catalog file passes its schema, and the mistakes the Rust loader refuses (a misspelled key, an
unknown character class, a bare literal set, a rule key a check does not take) fail it too."""

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
SCHEMAS = CATALOG / "schema"


def registry():
    resources = []
    for path in SCHEMAS.glob("*.schema.json"):
        doc = json.loads(path.read_text())
        resources.append((doc["$id"], Resource.from_contents(doc)))
    return Registry().with_resources(resources)


def validator(kind):
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry())


def kind_of(path, doc):
    rel = path.relative_to(CATALOG).parts
    if rel[-1] == "service.json":
        return "service"
    if len(rel) == 5 and rel[3] == "overlays":
        return "overlay"
    return "variant" if "base" in doc else "operation"


def catalog_files():
    return sorted(p for p in CATALOG.rglob("*.json") if SCHEMAS not in p.parents)


@pytest.mark.parametrize("path", catalog_files(), ids=lambda p: str(p.relative_to(CATALOG)))
def test_every_catalog_file_passes_its_schema(path):
    doc = json.loads(path.read_text())
    kind = kind_of(path, doc)
    errors = sorted(validator(kind).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    # Each file names its schema, so editors check it as it is typed.
    assert doc.get("$schema", "").endswith(f"schema/{kind}.schema.json"), doc.get("$schema")
    assert (path.parent / doc["$schema"]).resolve() == (SCHEMAS / f"{kind}.schema.json").resolve()


def test_the_catalog_has_every_kind_of_file():
    kinds = {kind_of(p, json.loads(p.read_text())) for p in catalog_files()}
    assert {"service", "operation", "variant"} <= kinds


def first_field_with_chars(fields):
    for f in fields:
        if "chars" in f:
            return f
        found = first_field_with_chars(f.get("fields", []) + ([f["items"]] if "items" in f else []))
        if found:
            return found
    return None


def curated_operation():
    """huawei.ddm.CreateInstance as one operation file: the generated base with its overlay's
    field overrides and rules written in (character rules and rules live in the overlay)."""
    op = json.loads((CATALOG / "huawei/ddm/v1/CreateInstance.json").read_text())
    overlay = json.loads((CATALOG / "huawei/ddm/v1/overlays/CreateInstance.json").read_text())
    for path, members in overlay.get("field_overrides", {}).items():
        fields, field = op["fields"], None
        for name in path.removesuffix("[]").split("."):
            field = next(f for f in fields if f["name"] == name)
            inner = field.get("items", field)
            fields = inner.get("fields", [])
        target = field["items"] if path.endswith("[]") else field
        for key, value in members.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    op["rules"] = op.get("rules", []) + overlay.get("rules", [])
    assert first_field_with_chars(op["fields"]) and op["rules"], "the curated operation lost its character rules or rules"
    return op


def broken_copies():
    op = curated_operation()
    cases = []
    c = copy.deepcopy(op)
    c["fields"][0]["requird"] = True
    cases.append(("misspelled field key", c))
    c = copy.deepcopy(op)
    c["titel"] = "x"
    cases.append(("misspelled top-level key", c))
    c = copy.deepcopy(op)
    first_field_with_chars(c["fields"])["chars"]["first"] = ["letters"]
    cases.append(("unknown character class", c))
    c = copy.deepcopy(op)
    first_field_with_chars(c["fields"])["chars"]["allowed"] = ["letter", "-_"]
    cases.append(("bare literal set", c))
    c = copy.deepcopy(op)
    c["rules"][0]["pahts"] = []
    cases.append(("misspelled rule key", c))
    c = copy.deepcopy(op)
    c["rules"][0]["check"] = "requires"
    cases.append(("unknown check", c))
    c = copy.deepcopy(op)
    c["rules"].append({"check": "length", "path": c["fields"][0]["name"], "max": 8, "values": ["a"]})
    cases.append(("a key the check does not take", c))
    c = copy.deepcopy(op)
    c["rules"].append({"check": "format", "path": c["fields"][0]["name"]})
    cases.append(("a check without its required key", c))
    c = copy.deepcopy(op)
    c["rules"].append({"check": "compare", "path": "a", "other": "b", "op": "below"})
    cases.append(("unknown comparison", c))
    return cases


@pytest.mark.parametrize("what,doc", broken_copies(), ids=lambda x: x if isinstance(x, str) else "")
def test_mistakes_fail_the_schema(what, doc):
    assert list(validator("operation").iter_errors(doc)), f"{what} passed the schema"


def test_a_misspelled_service_key_fails():
    doc = json.loads((CATALOG / "tencent/emr/2019-01-03/service.json").read_text())
    doc["endpoints"] = doc.pop("endpoint")
    assert list(validator("service").iter_errors(doc))
