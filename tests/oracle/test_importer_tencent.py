"""Unit tests of the Tencent importer adapter (tools/importer/tencent.py) on small inline
inputs: type mapping, example parsing, the choice of language, the recursion guard, and the
prose miner cases it relies on. Nothing here reads the adapter's own output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from importer import prose, tencent  # noqa: E402
from importer.common import Context, ImportError_  # noqa: E402

OBJECTS = {"Tag": {"members": []}, "Placement": {"members": []}}


# ------------------------------------------------------------------ types


@pytest.mark.parametrize(
    "ty, member, want",
    [
        ("string", "string", ("string", None)),
        ("string", "datetime_iso", ("string", None)),
        ("int", "int64", ("integer", None)),
        ("int", "uint64", ("integer", None)),
        ("float", "float", ("number", None)),
        ("float", "double", ("number", None)),
        ("bool", "bool", ("boolean", None)),
        ("list", "string", ("array", "string")),
        ("list", "uint64", ("array", "integer")),
        ("list", "Tag", ("array", "Tag")),
        ("object", "Placement", ("object", "Placement")),
    ],
)
def test_type_mapping(ty, member, want):
    assert tencent.catalog_type(ty, member, OBJECTS) == want


def test_unknown_types_fail_loudly():
    with pytest.raises(ImportError_):
        tencent.catalog_type("list", "Nowhere", OBJECTS)
    with pytest.raises(ImportError_):
        tencent.catalog_type("object", "Nowhere", OBJECTS)
    with pytest.raises(ImportError_):
        tencent.catalog_type("blob", "blob", OBJECTS)


# ------------------------------------------------------------------ example values


def test_scalar_examples_parse_to_the_field_type():
    assert tencent.parse_example("3600", {"type": "integer"}) == 3600
    assert tencent.parse_example("-2", {"type": "integer"}) == -2
    assert tencent.parse_example("1.5", {"type": "number"}) == 1.5
    assert tencent.parse_example("4", {"type": "number"}) == 4
    assert tencent.parse_example("true", {"type": "boolean"}) is True
    assert tencent.parse_example("False", {"type": "boolean"}) is False
    assert tencent.parse_example("emr-5n3l5c83", {"type": "string"}) == "emr-5n3l5c83"
    # Numbers stay text in a string field.
    assert tencent.parse_example("0", {"type": "string"}) == "0"


def test_examples_that_do_not_parse_cleanly_are_dropped():
    missing = tencent.MISSING
    assert tencent.parse_example("1.5", {"type": "integer"}) is missing
    assert tencent.parse_example("3600s", {"type": "integer"}) is missing
    assert tencent.parse_example("yes", {"type": "boolean"}) is missing
    assert tencent.parse_example(None, {"type": "string"}) is missing
    for placeholder in ["无", "None", "null", "", " 无 "]:
        assert tencent.parse_example(placeholder, {"type": "string"}) is missing
        assert tencent.parse_example(placeholder, {"type": "integer"}) is missing


def test_array_and_object_examples():
    ints = {"type": "array", "items": {"name": "item", "type": "integer"}}
    strs = {"type": "array", "items": {"name": "item", "type": "string"}}
    objs = {"type": "array", "items": {"name": "item", "type": "object", "fields": []}}
    assert tencent.parse_example("[1,2,25]", ints) == [1, 2, 25]
    assert tencent.parse_example('["ps-ery9dr5n"]', strs) == ["ps-ery9dr5n"]
    assert tencent.parse_example('["1"]', ints) is tencent.MISSING  # wrong item type
    assert tencent.parse_example("[1]", strs) is tencent.MISSING
    assert tencent.parse_example("ps-ery9dr5n", strs) is tencent.MISSING  # not a list
    assert tencent.parse_example('[{"Key": "a"}]', objs) == [{"Key": "a"}]
    assert tencent.parse_example("无", objs) is tencent.MISSING
    assert tencent.parse_example('{"a": 1}', {"type": "object", "fields": []}) == {"a": 1}


RAW_POST = 'POST / HTTP/1.1\nHost: emr.tencentcloudapi.com\nX-TC-Action: X\n<公共请求参数>\n\n{\n    "A": 1,\n    "B": ["x"]\n}'


def test_example_bodies_from_raw_http():
    assert tencent.example_body(RAW_POST) == {"A": 1, "B": ["x"]}
    assert tencent.example_body(RAW_POST.replace("\n", "\r\n")) == {"A": 1, "B": ["x"]}
    # A GET written as a query string, a body that is not JSON, a JSON list: no body.
    assert tencent.example_body("https://emr.tencentcloudapi.com/?Action=X\n&InstanceId=emr-1\n&<公共请求参数>") is None
    assert tencent.example_body("POST / HTTP/1.1\nHost: h\n\n{not json}") is None
    assert tencent.example_body("POST / HTTP/1.1\nHost: h\n\n[1, 2]") is None
    assert tencent.example_body("POST / HTTP/1.1\nHost: h") is None


def test_example_problems_find_type_and_required_breaks():
    fields = [
        {"name": "TimeSpan", "type": "integer", "required": True},
        {"name": "Spec", "type": "object", "fields": [{"name": "Cpu", "type": "integer", "required": True}]},
        {"name": "Ids", "type": "array", "items": {"name": "item", "type": "string"}},
    ]
    assert tencent.example_problems({"TimeSpan": 3600}, fields) == []
    problems = tencent.example_problems({"TimeSpan": "3600", "Spec": {}, "Ids": [None]}, fields)
    assert problems == ['TimeSpan should be integer, is "3600"', "Spec.Cpu is required", "Ids[0] is null"]
    assert tencent.example_problems({}, fields) == ["TimeSpan is required"]
    # A boolean is not an integer even though Python says so.
    assert tencent.example_problems({"TimeSpan": True}, fields) == ["TimeSpan should be integer, is true"]


# ------------------------------------------------------------------ text and language


def test_plain_text_from_provider_html_and_markdown():
    assert tencent.plain("<p>Instance ID.</p>") == "Instance ID."
    assert tencent.plain('See <a href="https://x.y/z">the API list</a> for more.') == "See the API list for more."
    assert tencent.plain("See [the API list](https://x.y/z) and [codes](#6.-.E9).") == "See the API list and codes."
    assert tencent.plain("<p>Unit. Valid values:</p><li>s: seconds</li><li>m: months</li>") == "Unit. Valid values: s: seconds; m: months"
    assert tencent.plain("可选范围为&quot;HOST&quot;,\n\n  &quot;POD&quot;") == '可选范围为"HOST", "POD"'
    assert tencent.plain("格式为`YYYY-MM-DD`") == "格式为YYYY-MM-DD"
    assert tencent.plain("<p>取值：</p><li>0：按量</li><li>1：包月</li>") == "取值：0：按量；1：包月"


def test_language_choice():
    # English where the international text exists and is English.
    assert tencent.choose_text("<p>Instance ID.</p>", "<p>实例ID。</p>") == ("Instance ID.", "en")
    # No English: the mainland text, marked Chinese.
    assert tencent.choose_text(None, "<p>实例ID。</p>") == ("实例ID。", "zh")
    assert tencent.choose_text("", "实例ID。") == ("实例ID。", "zh")
    # "English" text that is in fact Chinese is not taken as English.
    assert tencent.choose_text("实例ID", "<p>实例的ID。</p>") == ("实例的ID。", "zh")
    # Mainland text written in English is English.
    assert tencent.choose_text(None, "Instance ID") == ("Instance ID", "en")
    assert tencent.has_cjk("a 实例") and not tencent.has_cjk("plain ascii")


@pytest.mark.parametrize(
    "action, title",
    [
        ("DescribeInstances", "Describe instances"),
        ("DescribeHBaseTableOverview", "Describe HBase table overview"),
        ("ModifyYarnQueueV2", "Modify yarn queue V2"),
        ("CreateSLInstance", "Create SL instance"),
    ],
)
def test_titles_from_action_names(action, title):
    assert tencent.title_from_action(action) == title


def test_error_codes_from_sdk_source():
    source = "# -*- coding: utf8 -*-\n# Copyright\n\n\n# CAM签名/鉴权错误。\nAUTHFAILURE = 'AuthFailure'\n\n# 操作失败。\nFAILEDOPERATION = 'FailedOperation'\n\nNO_COMMENT = 'X.Y'\n"
    assert tencent.error_codes(source) == [
        {"code": "AuthFailure", "meaning": "CAM签名/鉴权错误。"},
        {"code": "FailedOperation", "meaning": "操作失败。"},
        {"code": "X.Y", "meaning": "X.Y"},
    ]


# ------------------------------------------------------------------ whole operation


class _FakeAdapter(tencent._Adapter):
    """An adapter over inline api.json data (no wheels)."""

    def __init__(self, api: dict, intl: dict | None = None, examples: dict | None = None):
        self.ctx = Context(cache=Path("/nonexistent"))
        self.ctx.pin_text = lambda dist: f"{dist} 0"  # type: ignore[method-assign]
        self.spec = {"cloud": "tencent", "service": "demo", "version": "2020-01-01", "sdk": "none"}
        self.cloud, self.service, self.version = "tencent", "demo", "2020-01-01"
        self.api = api
        self.objects = api["objects"]
        self.intl_actions = (intl or {}).get("actions", {})
        self.intl_objects = (intl or {}).get("objects", {})
        self.examples = examples or {}
        self.en_examples = {}
        self.ledger = []
        self.warnings = []
        self.source = "test"


def _m(name, ty, member, doc="", **kw):
    return {"name": name, "type": ty, "member": member, "document": doc, "example": kw.pop("example", "无"),
            "disabled": kw.pop("disabled", False), "required": kw.pop("required", False), **kw}


def _api(members, nodes=None):
    objects = {
        "DoRequest": {"members": members},
        "DoResponse": {"members": [_m("RequestId", "string", "string", "唯一请求 ID")]},
    }
    objects.update(nodes or {})
    return {"actions": {"Do": {"name": "做", "document": "做一件事", "input": "DoRequest", "output": "DoResponse",
                               "status": "online"}},
            "objects": objects, "metadata": {"apiVersion": "2020-01-01"}}


def test_recursive_structs_are_cut_with_a_warning():
    node = {"Node": {"members": [_m("Name", "string", "string", "名称"), _m("Children", "list", "Node", "子节点"),
                                 _m("Parent", "object", "Node", "父节点")]}}
    a = _FakeAdapter(_api([_m("Root", "object", "Node", "根")], node))
    op, o = a.operation("Do")
    root = op["fields"][0]
    assert [f["name"] for f in root["fields"]] == ["Name"]
    assert len(a.warnings) == 2 and all("recursive" in w for w in a.warnings)
    assert (o.top, o.nested) == (1, 1)


def test_an_operation_with_its_language_examples_and_prose_warnings():
    members = [
        _m("Limit", "int", "uint64", "<p>返回数量，取值范围：1~100。</p>", example="20"),
        _m("Ids", "list", "string", "<p>ID列表。</p>", example='["a"]', required=True),
        _m("Old", "string", "string", "旧参数", disabled=True),
        _m("Items", "list", "Item", "条目"),
    ]
    item = {"Item": {"members": [_m("Weight", "int", "int64", "权重，取值范围：1-10")]}}
    intl = {"actions": {"Do": {"name": "Does a thing", "document": "This API does a thing."}},
            "objects": {"DoRequest": {"members": [_m("Limit", "int", "uint64", "<p>Number of results. Value range: 1-100.</p>")]}}}
    examples = {"Do": [{"title": "示例", "input": 'POST / HTTP/1.1\n\n{"Ids": ["a"], "Limit": 300}'},
                       {"title": "查询", "input": "https://demo.tencentcloudapi.com/?Action=Do\n&Limit=1"},
                       {"title": "坏", "input": 'POST / HTTP/1.1\n\n{"Limit": 1}'}]}
    a = _FakeAdapter(_api(members, item), intl, examples)
    op, o = a.operation("Do")
    assert op["title"] == "Does a thing" and op["lang"] == "en" and op["description"] == "This API does a thing."
    limit, ids, old, items = op["fields"]
    assert {k: v for k, v in limit.items() if k != "note"} == {
        "name": "Limit", "type": "integer", "description": "Number of results. Value range: 1-100.", "example": 20}
    assert ids["required"] and ids["lang"] == "zh" and ids["example"] == ["a"] and ids["items"] == {"name": "item", "type": "string"}
    assert old["deprecated"] is True and "example" not in old
    # A range inside array items is a rule on the array, relative to each item, with its sentence.
    assert items["rules"] == [{"check": "range", "path": "Weight", "min": 1, "max": 10, "severity": "warning",
                               "source": "doc text", "quote": "权重，取值范围：1-10"}]
    # The kept example sends Limit 300, outside the 1-100 both languages state: the limit is not
    # checked (no rule may reject a documented request), the ledger and the field's note say why.
    assert "rules" not in op
    limit_entries = [e for e in a.ledger if e["path"] == "Limit"]
    assert limit_entries and all(e["state"] == "rejected" and "300" in e["reason"] for e in limit_entries)
    assert "300" in op["fields"][0]["note"]
    assert {(e["path"], e["kind"], e["state"]) for e in a.ledger} >= {("Items[].Weight", "range", "checked")}
    # One example kept; the query-string one and the one missing a required member left out, with notes.
    assert [e["body"] for e in op["examples"]] == [{"Ids": ["a"], "Limit": 300}]
    assert a.skipped == 2
    assert any("query string" in n for n in op["notes"]) and any("Ids is required" in n for n in op["notes"])
    assert op["doc"].endswith("Product=demo&Version=2020-01-01&Action=Do")
    assert op["response"]["fields"] == [{"name": "RequestId", "type": "string", "description": "唯一请求 ID", "lang": "zh"}]


def test_a_chinese_only_operation_marks_english_fields():
    intl = {"actions": {}, "objects": {"DoRequest": {"members": [_m("A", "string", "string", "The A.")]}}}
    a = _FakeAdapter(_api([_m("A", "string", "string", "甲"), _m("B", "string", "string", "乙")]), intl)
    op, _ = a.operation("Do")
    assert op["lang"] == "zh" and op["title"] == "Do" and op["description"] == "做一件事"
    assert op["fields"][0] == {"name": "A", "type": "string", "description": "The A.", "lang": "en"}
    assert op["fields"][1] == {"name": "B", "type": "string", "description": "乙"}


# ------------------------------------------------------------------ prose miner cases


@pytest.mark.parametrize(
    "text, lo, hi",
    [
        ("取值范围：1~500", 1, 500),
        ("分页大小，合法范围[1,100]", 1, 100),
        ("Value range: [10, 100].", 10, 100),
        ("between 1 and 1,000", 1, 1000),
        ("cannot exceed 86,400 seconds", None, 86400),
        ("返回数量，默认值为10，最小值为10，最大值为100。", 10, 100),
    ],
)
def test_prose_ranges(text, lo, hi):
    (limit,) = prose.mine(text)
    assert (limit.minimum, limit.maximum) == (lo, hi)


@pytest.mark.parametrize(
    "text",
    [
        "Valid values: 12, 24, 36, 48, and 60.",  # a list of values, not a range
        "The difference between EndTime and StartTime cannot exceed 86,400 seconds",  # a relation
    ],
)
def test_prose_non_ranges(text):
    assert prose.mine(text) == []


def test_prose_products_are_not_bounds():
    (limit,) = prose.mine("单节点磁盘容量需大于等于100，小于等于250*CPU核心数")
    assert (limit.minimum, limit.maximum) == (100, None)
