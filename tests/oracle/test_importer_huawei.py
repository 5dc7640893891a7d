"""Unit tests of the Huawei importer adapter (tools/importer/huawei.py) on small inline inputs
written like the SDKs' generated code: reading `_<name>_http_info` (method, path, path / query /
header placement, csv lists, the body), required flags from `__init__`, `:param` descriptions,
Go `...Enum` types (string and integer values, omitempty), type mapping, region files, names.
Nothing here reads the adapter's own output."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from importer import huawei  # noqa: E402
from importer.common import ImportError_  # noqa: E402

CLIENT = textwrap.dedent('''
    class ThingClient(Client):
        def update_thing(self, request):
            r"""修改实例

            修改指定实例的名称。
            一次只能改一个。

            Please refer to HUAWEI cloud API Explorer for details.

            :param request: Request instance for UpdateThing
            :type request: :class:`huaweicloudsdkthing.v1.UpdateThingRequest`
            :rtype: :class:`huaweicloudsdkthing.v1.UpdateThingResponse`
            """
            http_info = self._update_thing_http_info(request)
            return self._call_api(**http_info)

        @classmethod
        def _update_thing_http_info(cls, request):
            http_info = {
                "method": "PUT",
                "resource_path": "/v3/{project_id}/things/{thing_id}",
                "request_type": request.__class__.__name__,
                "response_type": "UpdateThingResponse"
                }

            local_var_params = {attr: getattr(request, attr) for attr in request.attribute_map if hasattr(request, attr)}

            collection_formats = {}

            path_params = {}
            if 'thing_id' in local_var_params:
                path_params['thing_id'] = local_var_params['thing_id']

            query_params = []
            if 'limit' in local_var_params:
                query_params.append(('limit', local_var_params['limit']))
            if 'expect_fields' in local_var_params:
                query_params.append(('expect-fields', local_var_params['expect_fields']))
                collection_formats['expect-fields'] = 'csv'

            header_params = {}
            if 'x_language' in local_var_params:
                header_params['X-Language'] = local_var_params['x_language']

            form_params = {}

            body = None
            if 'body' in local_var_params:
                body = local_var_params['body']
            if isinstance(request, SdkStreamRequest):
                body = request.get_file_stream()

            header_params['Content-Type'] = http_utils.select_header_content_type(
                ['application/json;charset=UTF-8'])

            http_info["path_params"] = path_params
            http_info["body"] = body
            return http_info
''')

MODELS = textwrap.dedent('''
    class UpdateThingRequest:
        sensitive_list = []

        openapi_types = {
            'thing_id': 'str',
            'limit': 'int',
            'expect_fields': 'list[str]',
            'x_language': 'str',
            'body': 'UpdateThingBody'
        }

        attribute_map = {
            'thing_id': 'thing_id',
            'limit': 'limit',
            'expect_fields': 'expect-fields',
            'x_language': 'X-Language',
            'body': 'body'
        }

        def __init__(self, thing_id=None, limit=None, expect_fields=None, x_language=None, body=None):
            r"""UpdateThingRequest

            :param thing_id: 实例ID
            :type thing_id: str
            :param limit: 每页条数，取值范围：1~100。
            :type limit: int
            """

            self._thing_id = None
            self.discriminator = None

            self.thing_id = thing_id
            if limit is not None:
                self.limit = limit
            if expect_fields is not None:
                self.expect_fields = expect_fields
            if x_language is not None:
                self.x_language = x_language
            if body is not None:
                self.body = body

    class UpdateThingBody:
        openapi_types = {
            'name': 'str',
            'admin_pwd': 'str',
            'mode': 'int',
            'tags': 'list[Tag]',
            'metadata': 'dict(str, str)'
        }

        attribute_map = {
            'name': 'name',
            'admin_pwd': 'adminPwd',
            'mode': 'mode',
            'tags': 'tags',
            'metadata': 'metadata'
        }

        def __init__(self, name=None, admin_pwd=None, mode=None, tags=None, metadata=None):
            r"""UpdateThingBody

            :param name: 名称，长度为4-64个字符。
            :type name: str
            :param admin_pwd: 密码 &amp; 口令 \\&quot;x\\&quot;
            :type admin_pwd: str
            """

            self.name = name
            if admin_pwd is not None:
                self.admin_pwd = admin_pwd
            self.mode = mode
            if tags is not None:
                self.tags = tags
            if metadata is not None:
                self.metadata = metadata

    class Tag:
        openapi_types = {'key': 'str', 'count': 'int'}
        attribute_map = {'key': 'key', 'count': 'count'}

        def __init__(self, key=None, count=None):
            r"""Tag

            :param count: 数量，取值范围：1~10。
            """
            self.key = key
            if count is not None:
                self.count = count

    class UpdateThingResponse:
        openapi_types = {'job_id': 'str', 'tags': 'list[Tag]'}
        attribute_map = {'job_id': 'jobId', 'tags': 'tags'}

        def __init__(self, job_id=None, tags=None):
            if job_id is not None:
                self.job_id = job_id
            if tags is not None:
                self.tags = tags
''')

GO = textwrap.dedent('''
    package model

    // UpdateThingBody 修改
    type UpdateThingBody struct {

    	// 名称
    	Name string `json:"name"`

    	AdminPwd *string `json:"adminPwd,omitempty"`

    	// 模式
    	Mode UpdateThingBodyMode `json:"mode"`

    	Tags *[]Tag `json:"tags,omitempty"`
    }

    type UpdateThingBodyMode struct {
    	value int32
    }

    type UpdateThingBodyModeEnum struct {
    	E_0 UpdateThingBodyMode
    	E_1 UpdateThingBodyMode
    }

    func GetUpdateThingBodyModeEnum() UpdateThingBodyModeEnum {
    	return UpdateThingBodyModeEnum{
    		E_0: UpdateThingBodyMode{
    			value: 0,
    		}, E_1: UpdateThingBodyMode{
    			value: 1,
    		},
    	}
    }

    type Tag struct {
    	Key TagKey `json:"key"`

    	Count *int32 `json:"count,omitempty"`
    }

    type TagKey struct {
    	value string
    }

    type TagKeyEnum struct {
    	A TagKey
    	B TagKey
    }

    func GetTagKeyEnum() TagKeyEnum {
    	return TagKeyEnum{
    		A: TagKey{
    			value: "a",
    		},
    		B: TagKey{
    			value: "b\\"q",
    		},
    	}
    }
''')


def test_http_info_placement_method_path_and_csv():
    [op] = huawei.parse_client(CLIENT)
    assert (op.name, op.method, op.path, op.response_type) == ("update_thing", "PUT", "/v3/{project_id}/things/{thing_id}",
                                                             "UpdateThingResponse")
    assert op.placements == [("path", "thing_id", "thing_id"), ("query", "limit", "limit"),
                             ("query", "expect-fields", "expect_fields"), ("header", "X-Language", "x_language")]
    assert op.collection_formats == {"expect-fields": "csv"}
    assert op.body == "body"
    assert op.content_type == "application/json;charset=UTF-8"
    assert not op.form


def test_docstring_summary_and_description_without_the_api_explorer_line():
    [op] = huawei.parse_client(CLIENT)
    assert op.summary == "修改实例"
    assert op.description == "修改指定实例的名称。 一次只能改一个。"


def test_an_http_info_without_method_is_refused():
    source = textwrap.dedent('''
        class C:
            @classmethod
            def _x_http_info(cls, request):
                http_info = {"resource_path": "/v1/x"}
                return http_info
    ''')
    with pytest.raises(ImportError_):
        huawei.parse_client(source)


def test_required_is_an_unconditional_assignment():
    models = huawei.parse_models(MODELS)
    req = models["UpdateThingRequest"]
    assert {a.py: a.required for a in req.attrs} == {
        "thing_id": True, "limit": False, "expect_fields": False, "x_language": False, "body": False}
    body = models["UpdateThingBody"]
    assert [(a.wire, a.required) for a in body.attrs] == [
        ("name", True), ("adminPwd", False), ("mode", True), ("tags", False), ("metadata", False)]


def test_an_attribute_neither_required_nor_optional_is_refused():
    source = textwrap.dedent('''
        class M:
            openapi_types = {'a': 'str'}
            attribute_map = {'a': 'a'}

            def __init__(self, a=None):
                self._a = a
    ''')
    with pytest.raises(ImportError_):
        huawei.parse_models(source)


def test_param_docs_and_plain_text():
    body = huawei.parse_models(MODELS)["UpdateThingBody"]
    assert body.by_py("name").doc == "名称，长度为4-64个字符。"
    assert huawei.plain(body.by_py("admin_pwd").doc) == '密码 & 口令 "x"'
    assert huawei.plain("  a\n  b\u00a0c ") == "a b c"


def test_go_enums_string_and_integer_and_omitempty():
    go = huawei.parse_go(GO)
    assert go.enums == {"UpdateThingBodyMode": [0, 1], "TagKey": ["a", 'b"q']}
    assert go.fields[("UpdateThingBody", "mode")] == ("UpdateThingBodyMode", False)
    assert go.fields[("UpdateThingBody", "adminPwd")] == ("string", True)
    assert go.fields[("UpdateThingBody", "tags")] == ("Tag", True)
    assert go.fields[("Tag", "key")] == ("TagKey", False)


def test_enum_values_must_fit_the_python_type():
    assert huawei._enum_fits([0, 1], "int")
    assert huawei._enum_fits(["a"], "str")
    assert not huawei._enum_fits(["a"], "int")
    assert not huawei._enum_fits([1], "str")
    assert not huawei._enum_fits([True], "int")
    assert not huawei._enum_fits([], "str")


def test_camel_names():
    assert huawei.camel("create_instance") == "CreateInstance"
    assert huawei.camel("list_instances_v3") == "ListInstancesV3"
    assert huawei.camel("nova_list_versions") == "NovaListVersions"


def test_sdk_regions_in_file_order():
    source = textwrap.dedent('''
        class ThingRegion:
            B = Region("b-1",
                        "https://thing.b-1.myhuaweicloud.eu")
            A = Region("a-1",
                        "https://thing.a-1.myhuaweicloud.com")
    ''')
    assert list(huawei.sdk_regions(source).items()) == [("b-1", "thing.b-1.myhuaweicloud.eu"),
                                                       ("a-1", "thing.a-1.myhuaweicloud.com")]
    with pytest.raises(ImportError_):
        huawei.sdk_regions("class X: pass")


class _FakeAdapter:
    """Just what `_Adapter.operation` needs, without a wheel."""

    def __init__(self):
        self.models = huawei.parse_models(MODELS)
        self.go = huawei.parse_go(GO)
        self.ledger = []
        self.warnings = []
        self.disagreements = 0
        self.dist = "huaweicloudsdkddm"
        self.cloud, self.service, self.version, self.source = "huawei", "ddm", "v1", "test"

    warn = huawei._Adapter.warn
    operation = huawei._Adapter.operation
    response_fields = huawei._Adapter.response_fields


def _operation():
    a = _FakeAdapter()
    [cop] = huawei.parse_client(CLIENT)
    op, counts = a.operation(cop, "UpdateThing")
    return a, op, counts


def test_operation_fields_types_and_placement():
    a, op, counts = _operation()
    assert op["method"] == "PUT" and op["lang"] == "zh" and op["title"] == "Update thing"
    assert op["doc"] == "https://console.huaweicloud.com/apiexplorer/#/openapi/DDM/doc?api=UpdateThing"
    assert op["description"] == "修改实例。修改指定实例的名称。 一次只能改一个。"
    by = {f["name"]: f for f in op["fields"]}
    assert [f["name"] for f in op["fields"]] == [
        "project_id", "thing_id", "limit", "expect-fields", "X-Language", "name", "adminPwd", "mode", "tags", "metadata"]
    assert by["project_id"] == {"name": "project_id", "type": "string", "in": "path", "required": True,
                                "description": "项目ID（SDK 从认证信息中填入）。"}
    assert (by["thing_id"]["in"], by["thing_id"]["required"]) == ("path", True)
    assert (by["limit"]["type"], by["limit"]["in"]) == ("integer", "query")
    assert (by["expect-fields"]["type"], by["expect-fields"]["in"]) == ("string", "query")  # csv list
    assert by["X-Language"]["in"] == "header"
    assert "in" not in by["name"] and by["name"]["required"] is True
    assert by["adminPwd"]["secret"] is True and by["adminPwd"]["type"] == "string"
    assert by["mode"]["type"] == "enum" and by["mode"]["values"] == [{"value": 0}, {"value": 1}]
    assert by["metadata"]["type"] == "json_string" and "note" in by["metadata"]
    tags = by["tags"]
    assert tags["type"] == "array" and tags["items"]["type"] == "object"
    key, count = tags["items"]["fields"]
    assert key["type"] == "enum" and key["values"] == [{"value": "a"}, {"value": 'b"q'}] and key["required"]
    assert count["type"] == "integer" and "required" not in count
    # doc-text limits: a warning on the query integer, one on each item (relative to the item),
    # each with its sentence
    assert {"check": "range", "path": "limit", "min": 1, "max": 100, "severity": "warning",
            "source": "doc text", "quote": "每页条数，取值范围：1~100。"} in op["rules"]
    assert tags["rules"] == [{"check": "range", "path": "count", "min": 1, "max": 10, "severity": "warning",
                              "source": "doc text", "quote": "数量，取值范围：1~10。"}]
    checked = {(e["path"], e["kind"]) for e in a.ledger if e["state"] == "checked"}
    assert {("limit", "range"), ("name", "length"), ("tags[].count", "range")} <= checked
    assert (counts.top, counts.nested, counts.enums, counts.maps) == (10, 2, 2, 1)
    assert "notes" not in op  # DDM's service Content-Type is the one this operation's SDK sends
    assert op["response"]["fields"] == [{"name": "jobId", "type": "string"},
                                        {"name": "tags", "type": "array", "items": {"name": "item", "type": "object"}}]


def test_a_body_member_named_like_a_path_parameter_is_left_out():
    a = _FakeAdapter()
    a.models["UpdateThingBody"].attrs[0] = huawei.Attr("thing_id", "thing_id", "int", False, "取值范围：1~5。")
    [cop] = huawei.parse_client(CLIENT)
    op, _ = a.operation(cop, "UpdateThing")
    assert [f["name"] for f in op["fields"]].count("thing_id") == 1
    assert any("thing_id" in n and "left out" in n for n in op["notes"])
    assert all(r.get("path") != "thing_id" for r in op.get("rules", []))
    assert all(e["path"] != "thing_id" for e in a.ledger)


def test_a_content_type_other_than_the_services_is_noted():
    a = _FakeAdapter()
    a.service = "dcs"  # application/json
    [cop] = huawei.parse_client(CLIENT)
    op, _ = a.operation(cop, "UpdateThing")
    assert op["notes"] == ["The SDK sends Content-Type application/json;charset=UTF-8 for this operation; "
                           "the catalog sends the service's application/json."]


def test_a_body_that_is_not_a_model_is_refused():
    a = _FakeAdapter()
    a.models["UpdateThingRequest"].attrs[-1].type = "list[str]"
    [cop] = huawei.parse_client(CLIENT)
    with pytest.raises(ImportError_, match="cannot express"):
        a.operation(cop, "UpdateThing")


def test_unknown_types_are_refused():
    a = _FakeAdapter()
    a.models["UpdateThingBody"].attrs[0].type = "Decimal"
    [cop] = huawei.parse_client(CLIENT)
    with pytest.raises(ImportError_, match="unknown type"):
        a.operation(cop, "UpdateThing")
