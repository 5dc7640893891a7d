"""Unit tests of the Alibaba importer adapter (tools/importer/alibaba.py) on small inline inputs
written like the SDK's generated code: reading client methods with ast (placement, JSON-encoded
`*_shrink` attributes, duplicated keys, methods not named `_with_options`), reading models
(wire names from to_map, comments, "This parameter is required."), and merging the metadata
(limits, enums, examples, defaults, disagreements with the text, error codes). Nothing here
reads the adapter's own output."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from importer import alibaba  # noqa: E402
from importer.common import ImportError_  # noqa: E402

CLIENT = textwrap.dedent('''
    class Client(OpenApiClient):
        def __init__(self, config):
            super().__init__(config)

        def run_thing_with_options(
            self,
            tmp_req: main_models.RunThingRequest,
            runtime: RuntimeOptions,
        ) -> main_models.RunThingResponse:
            tmp_req.validate()
            request = main_models.RunThingShrinkRequest()
            Utils.convert(tmp_req, request)
            if not DaraCore.is_null(tmp_req.tags):
                request.tags_shrink = Utils.array_to_string_with_specified_style(tmp_req.tags, 'Tags', 'json')
            query = {}
            if not DaraCore.is_null(request.region_id):
                query['RegionId'] = request.region_id
            if not DaraCore.is_null(request.region_id):
                query['RegionId'] = request.region_id
            body = {}
            if not DaraCore.is_null(request.name):
                body['Name'] = request.name
            if not DaraCore.is_null(request.tags_shrink):
                body['Tags'] = request.tags_shrink
            req = open_api_util_models.OpenApiRequest(
                query = Utils.query(query),
                body = Utils.parse_to_map(body)
            )
            params = open_api_util_models.Params(
                action = 'RunThing',
                version = '2021-03-20',
                protocol = 'HTTPS',
                pathname = '/',
                method = 'POST',
                auth_type = 'AK',
                style = 'RPC',
                req_body_type = 'formData',
                body_type = 'json'
            )
            return DaraCore.from_map(main_models.RunThingResponse(), self.call_api(params, req, runtime))

        async def run_thing_with_options_async(self, tmp_req, runtime):
            params = open_api_util_models.Params(action = 'RunThing')

        def run_thing(self, request):
            runtime = RuntimeOptions()
            return self.run_thing_with_options(request, runtime)

        def list_doctor_hdfsugiwith_options(
            self,
            request: main_models.ListDoctorHDFSUGIRequest,
            runtime: RuntimeOptions,
        ):
            request.validate()
            query = {}
            if not DaraCore.is_null(request.region_id):
                query['RegionId'] = request.region_id
            req = open_api_util_models.OpenApiRequest(query = Utils.query(query))
            params = open_api_util_models.Params(action = 'ListDoctorHDFSUGI', version = '2021-03-20',
                pathname = '/', method = 'POST', style = 'RPC', req_body_type = 'formData')
            return self.call_api(params, req, runtime)
''')

MODELS = textwrap.dedent('''
    class RunThingRequest(DaraModel):
        def __init__(
            self,
            region_id: str = None,
            name: str = None,
            count: int = None,
            tags: List[main_models.RunThingRequestTags] = None,
            labels: Dict[str, Any] = None,
        ):
            # The region ID.
            #
            # This parameter is required.
            self.region_id = region_id
            # The name. It can be up to 64 characters long.
            self.name = name
            # How many. Valid values: 1 to 50.
            self.count = count
            self.tags = tags
            self.labels = labels

        def validate(self):
            pass

        def to_map(self):
            result = dict()
            _map = super().to_map()
            if _map is not None:
                result = _map
            if self.count is not None:
                result['Count'] = self.count

            if self.labels is not None:
                result['Labels'] = self.labels

            if self.name is not None:
                result['Name'] = self.name

            if self.region_id is not None:
                result['RegionId'] = self.region_id

            result['Tags'] = []
            if self.tags is not None:
                for k1 in self.tags:
                    result['Tags'].append(k1.to_map() if k1 else None)

            return result

    class RunThingRequestTags(DaraModel):
        def __init__(self, key: str = None, value: str = None):
            # The tag key.
            #
            # This parameter is required.
            self.key = key
            # 标签值。
            self.value = value

        def to_map(self):
            result = dict()
            if self.key is not None:
                result['Key'] = self.key
            if self.value is not None:
                result['Value'] = self.value
            return result
''')


# ------------------------------------------------------------------ client


def test_client_methods_give_action_params_and_placement():
    ops = {op.params["action"]: op for op in alibaba.parse_client(CLIENT)}
    assert sorted(ops) == ["ListDoctorHDFSUGI", "RunThing"]  # the async twin is not an operation
    op = ops["RunThing"]
    assert op.request_class == "RunThingRequest"
    assert op.params["method"] == "POST" and op.params["pathname"] == "/" and op.params["style"] == "RPC"
    assert op.params["req_body_type"] == "formData"
    got = [(p.where, p.wire, p.attr, p.encoded) for p in op.placements]
    # RegionId written twice counts once; the shrink attribute maps back to the model's own.
    assert got == [("query", "RegionId", "region_id", None), ("body", "Name", "name", None), ("body", "Tags", "tags", "json")]


def test_a_method_whose_name_lost_its_underscore_is_still_an_operation():
    ops = alibaba.parse_client(CLIENT)
    assert "list_doctor_hdfsugiwith_options" in [op.method_name for op in ops]


def test_shrink_detection_reads_the_style_argument():
    fn = ast.parse(textwrap.dedent('''
        def f_with_options(self, tmp_req: main_models.FRequest, runtime):
            request = main_models.FShrinkRequest()
            request.ids_shrink = Utils.array_to_string_with_specified_style(tmp_req.ids, 'Ids', 'simple')
            query = {}
            query['Ids'] = request.ids_shrink
            params = open_api_util_models.Params(action = 'F', version = 'v')
    ''')).body[0]
    op = alibaba.parse_client_method(fn)
    assert [(p.wire, p.attr, p.encoded) for p in op.placements] == [("Ids", "ids", "simple")]


def test_body_flat_parameters_go_to_the_form_body():
    fn = ast.parse(textwrap.dedent('''
        def g_with_options(self, request: main_models.GRequest, runtime):
            query = {}
            query['ClusterId'] = request.cluster_id
            body = {}
            body_flat = {}
            body_flat['ApplicationConfigs'] = request.application_configs
            body = DaraCore.merge({}, body, Utils.query(body_flat))
            params = open_api_util_models.Params(action = 'G', version = 'v')
    ''')).body[0]
    op = alibaba.parse_client_method(fn)
    got = [(p.where, p.wire, p.attr) for p in op.placements]
    assert got == [("query", "ClusterId", "cluster_id"), ("body", "ApplicationConfigs", "application_configs")]


# ------------------------------------------------------------------ models


def test_models_give_wire_names_in_to_map_order_types_and_comments():
    models = alibaba.parse_models(MODELS)
    req = models["RunThingRequest"]
    assert [(a.wire, a.py) for a in req.attrs] == [
        ("Count", "count"), ("Labels", "labels"), ("Name", "name"), ("RegionId", "region_id"), ("Tags", "tags")]
    assert req.by_py("tags").anno == "List[main_models.RunThingRequestTags]"
    assert req.by_py("region_id").comment == "The region ID.\n\nThis parameter is required."
    assert req.by_py("tags").comment == ""


def build(meta: dict | None = None, overlay: dict | None = None):
    models = alibaba.parse_models(MODELS)
    op = {o.params["action"]: o for o in alibaba.parse_client(CLIENT)}["RunThing"]
    spec = {"cloud": "alibaba", "service": "thing", "version": "2021-03-20"}
    counts, ledger = alibaba.Counts(), []
    out = alibaba.build_operation(op, models, meta or {}, spec, "test", counts, ledger, overlay)
    return out, counts, ledger


def test_required_body_encode_and_region_default():
    out, counts, _ = build()
    fields = {f["name"]: f for f in out["fields"]}
    assert list(fields) == ["RegionId", "Name", "Tags"]  # what the client sends, in its order
    assert fields["RegionId"]["required"] is True and fields["RegionId"]["region_default"] is True
    assert fields["RegionId"]["description"] == "The region ID."
    assert "required" not in fields["Name"] and fields["Name"]["in"] == "body"
    tags = fields["Tags"]
    assert (tags["type"], tags["in"], tags["encode"]) == ("array", "body", "json")
    item = tags["items"]
    assert item["name"] == "item" and item["type"] == "object"
    assert [(m["name"], m.get("required", False)) for m in item["fields"]] == [("Key", True), ("Value", False)]
    assert item["fields"][1]["lang"] == "zh" and "lang" not in item["fields"][0]
    assert (counts.top, counts.nested) == (3, 2)


def test_metadata_merge_limits_enum_default_example_pattern():
    meta = {"info": {"product": "Thing"}, "apis": {"RunThing": {
        "summary": "Runs a thing.",
        "deprecated": True,
        "parameters": [
            {"name": "RegionId", "in": "query", "schema": {"type": "string", "example": "cn-hangzhou"}},
            {"name": "Name", "in": "formData", "schema": {
                "type": "string", "enum": ["a", "b"], "default": "b", "example": "zzz", "maxLength": "64",
                "pattern": "^[a-z]+$"}},
            {"name": "Tags", "in": "formData", "style": "json", "schema": {
                "type": "array", "maxItems": "20",
                "items": {"type": "object", "properties": {"Key": {"type": "string", "example": "env"}}}}},
        ],
        "errorCodes": {"404": [{"errorCode": "NotFound", "errorMessage": "The thing %s is missing."}],
                       "400": [{"errorCode": "Bad", "errorMessage": "Bad input. %s"},
                               {"errorCode": "Bad", "errorMessage": "twice"}]},
    }}}
    out, counts, _ = build(meta)
    assert out["doc"] == "https://api.aliyun.com/api/Thing/2021-03-20/RunThing"
    assert out["description"] == "Runs a thing." and out["lang"] == "en" and out["deprecated"] is True
    assert out["title"] == "Run thing"
    f = {x["name"]: x for x in out["fields"]}
    assert f["RegionId"]["example"] == "cn-hangzhou"
    name = f["Name"]
    assert name["type"] == "enum" and name["values"] == [{"value": "a"}, {"value": "b"}]
    assert name["default"] == "b" and "example" not in name  # "zzz" is not among the values
    assert name["max_length"] == 64 and "^[a-z]+$" in name["note"]
    assert f["Tags"]["max_items"] == 20 and f["Tags"]["items"]["fields"][0]["example"] == "env"
    assert counts.limits_metadata == 3  # max_length, enum, max_items
    assert out["errors"] == [
        {"code": "Bad", "status": 400, "meaning": "Bad input."},
        {"code": "NotFound", "status": 404, "meaning": "The thing … is missing."},
    ]


def test_overlay_codes_are_left_to_the_overlay():
    meta = {"apis": {"RunThing": {"errorCodes": {"400": [{"errorCode": "Bad", "errorMessage": "x"},
                                                         {"errorCode": "Other", "errorMessage": "y"}]}}}}
    out, _, _ = build(meta, overlay={"errors": [{"code": "Bad", "meaning": "ours"}]})
    assert [e["code"] for e in out["errors"]] == ["Other"]


def test_chinese_summary_makes_the_operation_zh_and_english_fields_say_en():
    meta = {"apis": {"RunThing": {"summary": "运行。"}}}
    out, _, _ = build(meta)
    assert out["lang"] == "zh"
    f = {x["name"]: x for x in out["fields"]}
    assert f["RegionId"]["lang"] == "en"
    assert "lang" not in f["Tags"]["items"]["fields"][1]  # 标签值 is the operation's language now


# ------------------------------------------------------------------ doc text


def _count_meta(schema: dict) -> dict:
    return {"apis": {"RunThing": {"parameters": [{"name": "Name", "in": "formData", "schema": schema}]}}}


def test_text_limits_become_warnings_unless_the_metadata_states_them():
    models = alibaba.parse_models(MODELS)
    for attr in models["RunThingRequest"].attrs:
        if attr.wire == "Name":
            attr.comment = "The name. The name must be 2 to 128 characters in length."
    op = {o.params["action"]: o for o in alibaba.parse_client(CLIENT)}["RunThing"]
    spec = {"cloud": "alibaba", "service": "thing", "version": "2021-03-20"}
    counts, ledger = alibaba.Counts(), []
    out = alibaba.build_operation(op, models, {}, spec, "test", counts, ledger)
    assert {"check": "length", "path": "Name", "min": 2, "max": 128, "severity": "warning", "source": "doc text",
            "quote": "The name must be 2 to 128 characters in length."} in out["rules"]
    assert counts.limits_prose == 1
    # The metadata states a looser length (no minimum): its limit is the field's own, and the
    # text's stricter bound (at least 2) is still checked, as a warning beside it.
    counts, ledger = alibaba.Counts(), []
    out = alibaba.build_operation(op, models, _count_meta({"type": "string", "maxLength": "100"}), spec, "test", counts, ledger)
    assert out["fields"][1]["max_length"] == 100
    assert [(r["check"], r["min"], r["severity"]) for r in out["rules"]] == [("length", 2, "warning")]
    assert "2 to 128" in out["fields"][1]["note"], "the disagreement is noted on the field"
    (entry,) = [e for e in ledger if e["path"] == "Name"]
    assert entry["state"] == "checked" and "structured" in entry["reason"]
    # A structured limit as strict as the text leaves no second rule.
    counts, ledger = alibaba.Counts(), []
    out = alibaba.build_operation(op, models, _count_meta({"type": "string", "minLength": "2", "maxLength": "100"}), spec, "test", counts, ledger)
    assert out["fields"][1]["max_length"] == 100 and "rules" not in out


# ------------------------------------------------------------------ text


@pytest.mark.parametrize("action,title", [
    ("IncreaseNodes", "Increase nodes"),
    ("DescribeInstanceVncUrl", "Describe instance vnc url"),
    ("ListDoctorHDFSUGI", "List doctor HDFSUGI"),
    ("DescribeDiskDefaultKMSKeyId", "Describe disk default KMS key id"),
    ("AttachKeyPair", "Attach key pair"),
])
def test_title_from_the_action(action, title):
    assert alibaba.title_of(action) == title


def test_plain_text():
    text = "See [DescribeRegions](~~25609~~) or [the doc](https://x.y/a_(b)).\n\n> **Note** use `x`.\n\nThis parameter is required."
    assert alibaba.plain(text) == "See DescribeRegions or the doc.\nNote use x."


def test_typed_metadata_values():
    assert alibaba.typed("3", "integer") == 3 and alibaba.typed("3.5", "integer") is None
    assert alibaba.typed("false", "boolean") is False and alibaba.typed("yes", "boolean") is None
    assert alibaba.typed("0.5", "number") == 0.5


def test_a_request_class_the_models_lack_is_refused():
    op = alibaba.ClientOp("x", "XRequest", {"action": "X", "version": "v", "style": "RPC", "method": "POST", "pathname": "/"})
    with pytest.raises(ImportError_):
        alibaba.build_operation(op, {}, {}, {"cloud": "alibaba", "service": "x", "version": "v"}, "t",
                                alibaba.Counts(), [], None)
