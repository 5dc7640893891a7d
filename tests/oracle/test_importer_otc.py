"""The Open Telekom Cloud adapter's tricky parts (tools/importer/otc.py), on small inline
reStructuredText pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("docutils")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from importer import otc  # noqa: E402
from importer.common import ImportError_  # noqa: E402

PAGE = """:original_name: ddm_api_01_0025.html

.. _ddm_api_01_0025:

Scaling Out a DDM Instance (a V2 API)
=====================================

Function
--------

This API is used to scale out a DDM instance.

Constraints
-----------

-  This API is to be removed soon, so it is not recommended.

URI
---

POST /v2/{project_id}/instances/{instance_id}/action/enlarge

.. table:: **Table 1** URI parameters

   =========== ========= ====== ==================================
   Parameter   Mandatory Type   Description
   =========== ========= ====== ==================================
   project_id  Yes       String Project ID
   instance_id Yes       String DDM instance ID
   =========== ========= ====== ==================================

Request Parameters
------------------

.. table:: **Table 2** Request header parameters

   ============ ========= ====== ===========
   Parameter    Mandatory Type   Description
   ============ ========= ====== ===========
   X-Auth-Token Yes       String User token.
   ============ ========= ====== ===========

.. table:: **Table 3** Request body parameters

   +-------------+-----------+---------------------------------------------+------------------------------------------+
   | Parameter   | Mandatory | Type                                        | Description                              |
   +=============+===========+=============================================+==========================================+
   | node_number | Yes       | Integer                                     | Nodes to add. Value range: 1 to 32.      |
   +-------------+-----------+---------------------------------------------+------------------------------------------+
   | groups      | No        | Array of :ref:`Group <x__request_group>`    | Groups.                                  |
   |             |           | objects                                     |                                          |
   +-------------+-----------+---------------------------------------------+------------------------------------------+
   | extend      | No        | Map<String,String>                          | Reserved.                                |
   +-------------+-----------+---------------------------------------------+------------------------------------------+

.. _x__request_group:

.. table:: **Table 4** Group

   ========= ========= ======= ===========
   Parameter Mandatory Type    Description
   ========= ========= ======= ===========
   id        Yes       String  Group ID
   size      No        Long    Size
   ========= ========= ======= ===========

Response Parameters
-------------------

**Status code: 202**

.. table:: **Table 5** Response body parameters

   ========= ====== ===========
   Parameter Type   Description
   ========= ====== ===========
   jobId     String Task ID
   ========= ====== ===========

**Status code: 400**

.. table:: **Table 6** Response body parameters

   =============== ====== ==================
   Parameter       Type   Description
   =============== ====== ==================
   errCode         String Service error code
   externalMessage String Error message
   =============== ====== ==================

Example Request
---------------

-  Add one node

   .. code-block:: text

      POST https://ddm.eu-de.otc.t-systems.com/v2/{project_id}/instances/abc/action/enlarge

      {
        "node_number" : 1,
        "groups" : [ {"id": "g1", "size": 2} ]
      }

-  A broken one

   .. code-block:: text

      POST https://ddm.eu-de.otc.t-systems.com/v2/p/instances/abc/action/enlarge

      {
        "node_number" : "4,"
      }
"""

V1_PAGE = """:original_name: dcs-api-0312010.html

Scaling Up a DCS Instance
=========================

URI
---

POST /v1.0/{project_id}/instances/{instance_id}/extend

.. table:: **Table 1** Parameter description

   =========== ====== ========= ===========
   Parameter   Type   Mandatory Description
   =========== ====== ========= ===========
   project_id  String Yes       Project ID.
   instance_id String Yes       Instance ID.
   =========== ====== ========= ===========

Request
-------

**Request parameters**

.. table:: **Table 2** Parameter description

   +----------------+--------+-----------+-------------------------------------------------------+
   | Parameter      | Type   | Mandatory | Description                                           |
   +================+========+===========+=======================================================+
   | new_capacity   | Integer| Yes       | New capacity.                                         |
   +----------------+--------+-----------+-------------------------------------------------------+
   | backup_policy  | Object | No        | Backup policy. For details, see :ref:`Table 3 <t3>`.  |
   +----------------+--------+-----------+-------------------------------------------------------+

.. _t3:

.. table:: **Table 3** backup_policy parameter description

   ========= ======= ========= ===========
   Parameter Type    Mandatory Description
   ========= ======= ========= ===========
   save_days Integer No        Days.
   ========= ======= ========= ===========

**Example request**

-  Request URL:

   .. code-block:: text

      POST https://{dcs_endpoint}/v1.0/{project_id}/instances/{instance_id}/extend

-  Example:

   .. code-block::

      {"new_capacity": 4, "backup_policy": {"save_days": 2}}

Response
--------

None
"""


class _Ctx:
    pass


def _adapter(service="ddm"):
    a = otc._Adapter.__new__(otc._Adapter)
    a.cloud, a.service, a.version = "otc", service, "v1"
    a.endpoint = {"host": f"{service}.{{region}}.otc.t-systems.com", "default_region": "eu-de",
                  "error_shape": '{"errCode","externalMessage"}'}
    a.doc_base = "https://docs.otc.t-systems.com/x/api-ref/"
    a.source = "test"
    a.ledger, a.warnings = [], []
    a.catalog = otc.CATALOG
    a.dropped = 0
    return a


def _build(text, rel="apis/x/page", service="ddm"):
    page = otc.parse_page(text, rel)
    a = _adapter(service)
    o = otc._Op(a, page, "otc.ddm.X")
    return a, page, o, a.operation(page, o, "X")


def test_page_uri_tables_and_nested_array_of_objects():
    a, page, o, op = _build(PAGE)
    assert (page.method, page.path) == ("POST", "/v2/{project_id}/instances/{instance_id}/action/enlarge")
    names = [(f["name"], f.get("in"), f["type"], f.get("required", False)) for f in op["fields"]]
    assert names == [("project_id", "path", "string", True), ("instance_id", "path", "string", True),
                     ("node_number", None, "integer", True), ("groups", None, "array", False),
                     ("extend", None, "json_string", False)]
    groups = op["fields"][3]
    assert [(f["name"], f["type"], f.get("required", False)) for f in groups["items"]["fields"]] == [
        ("id", "string", True), ("size", "integer", False)]
    # X-Auth-Token is the core's: not a field, but counted as a row
    assert o.rows == 8


def test_response_status_error_shape_and_deprecation():
    _, _, _, op = _build(PAGE)
    assert op["response"]["status"] == 202
    assert [f["name"] for f in op["response"]["fields"]] == ["jobId"]
    assert op["response"]["error_shape"] == '{"errCode","externalMessage"}'
    assert op["deprecated"] is True
    assert op["doc"] == "https://docs.otc.t-systems.com/x/api-ref/apis/x/page.html"


def test_doc_text_range_becomes_a_warning_with_its_sentence():
    a, _, o, op = _build(PAGE)
    assert op["rules"] == [{"check": "range", "path": "node_number", "min": 1, "max": 32, "severity": "warning",
                            "source": "doc text", "quote": "Value range: 1 to 32."}]
    assert [(m.path, m.kind, m.state) for m in o.mined.mined if m.rule] == [("node_number", "range", "checked")]


def test_examples_placeholders_filled_and_broken_ones_dropped_with_a_note():
    a, _, _, op = _build(PAGE)
    assert len(op["examples"]) == 1
    ex = op["examples"][0]
    assert ex["title"] == "Add one node"
    assert ex["url"] == ("https://ddm.eu-de.otc.t-systems.com/v2/619d3e78f61b4be68bc5aa0b59edcf7b/"
                         "instances/abc/action/enlarge")
    assert a.dropped == 1
    assert any("node_number should be integer" in n for n in op["notes"])


def test_v1_page_generic_tables_nested_by_description_and_split_example():
    a, page, o, op = _build(V1_PAGE, service="dcs")
    fields = {f["name"]: f for f in op["fields"]}
    assert fields["project_id"]["in"] == "path" and fields["instance_id"]["in"] == "path"
    assert fields["backup_policy"]["type"] == "object"
    assert [f["name"] for f in fields["backup_policy"]["fields"]] == ["save_days"]
    assert "save_days" not in fields  # the nested table is not a top-level one
    assert op["examples"][0]["body"] == {"new_capacity": 4, "backup_policy": {"save_days": 2}}
    assert op["examples"][0]["url"].startswith("https://dcs.eu-de.otc.t-systems.com/v1.0/619d3e78f61b4be68bc5aa0b59edcf7b/")


@pytest.mark.parametrize("text,want", [
    ("String", ("string", None)), ("Long", ("integer", None)), ("Float", ("number", None)),
    ("Array of strings", ("array", "string")), ("Array of integers", ("array", "integer")),
    ("Map<String, Integer>", ("object", None)), ("Array", ("array", "string")),
])
def test_types(text, want):
    assert otc.type_of(text, False) == want


def test_type_with_a_link_is_an_object_and_unknown_types_fail():
    assert otc.type_of("CreateInstanceDetail object", True) == ("object", None)
    assert otc.type_of("Array of Group objects", True) == ("array", "object")
    with pytest.raises(ImportError_):
        otc.type_of("Frobnicator", False)


@pytest.mark.parametrize("title,name", [
    ("Scaling Out a DDM Instance (a V2 API)", "ScaleOutDDMInstanceV2"),
    ("Creating a DDM instance (a V1 API)", "CreateDDMInstanceV1"),
    ("Pre-checking Shard Configuration (a V3 API)", "PrecheckShardConfigurationV3"),
    ("Modifying Parameters of an Instance(a V3.1 API)", "ModifyParametersInstanceV3_1"),
    ("Querying AZs", "QueryAZs"),
])
def test_names_from_titles(title, name):
    assert otc.name_from_title(title) == name


def test_sorted_query_and_path_matching():
    fields = {"offset": {"type": "integer"}, "name": {"type": "string"}}
    assert otc.sorted_query("name=a&offset=0", fields) == ("offset=0&name=a", None)
    assert otc.sorted_query("limit=1", fields)[1] == "the query parameter limit is not documented"
    assert otc.sorted_query("offset=x", fields)[1].startswith("the query parameter offset should be an integer")
    assert otc.match_path("/v1/{p}/i/{i}", "/v1/{p}/i/abc", {"p": "P"}) == ("/v1/P/i/abc", None)
    assert otc.match_path("/v1/{p}/instances", "/v1/P/instance", {})[1].startswith("path")


def test_variant_keeps_english_base_text_and_writes_only_differences():
    a = _adapter()
    base_op = {"lang": "en", "fields": [
        {"name": "project_id", "type": "string", "in": "path", "required": True, "description": "Project."},
        {"name": "node_number", "type": "integer", "required": True, "description": "How many."},
        {"name": "group_id", "type": "string", "required": True},
        {"name": "available_zones", "type": "array", "items": {"name": "item", "type": "string"}},
    ]}
    mine = {"title": "T", "doc": "D", "examples": [], "rules": [], "fields": [
        {"name": "project_id", "type": "string", "in": "path", "required": True, "description": "Project ID"},
        {"name": "node_number", "type": "integer", "required": True, "description": "Nodes"},
        {"name": "group_id", "type": "string", "description": "Group ID"},
    ]}
    v = a.variant(mine, ("huawei.ddm.ExpandInstanceNodes", base_op), None)
    assert v["base"] == "huawei.ddm.ExpandInstanceNodes"
    assert v["remove_fields"] == ["available_zones"]
    assert v["field_overrides"] == {"group_id": {"required": None, "description": "Group ID"}}


def test_variant_of_a_chinese_base_types_and_undescribed_members():
    a = _adapter()
    base_op = {"lang": "zh", "fields": [
        {"name": "mode", "type": "enum", "description": "模式", "values": [{"value": "a"}, {"value": "b"}]},
        {"name": "values", "type": "object", "required": True, "fields": [{"name": "k", "type": "string"}]},
        {"name": "nodes", "type": "array", "items": {"name": "item", "type": "object", "fields": [
            {"name": "id", "type": "string"}]}},
    ]}
    mine = {"title": "T", "doc": "D", "description": "Changes things.", "deprecated": True, "examples": [],
            "rules": [], "fields": [
                {"name": "mode", "type": "string", "description": "Mode"},
                {"name": "values", "type": "json_string", "required": True, "description": "Free map"},
                {"name": "nodes", "type": "object", "description": "Nodes"},
            ]}
    v = a.variant(mine, ("huawei.ddm.Things", base_op), None)
    assert (v["description"], v["lang"], v["deprecated"], v["errors"]) == ("Changes things.", "en", True, [])
    # An enum the reference calls a string becomes one (its values dropped); the containers the
    # SDK models stay, members the page does not list included, with a note each.
    assert v["field_overrides"]["mode"] == {"type": "string", "values": None, "description": "Mode", "lang": "en"}
    assert "type" not in v["field_overrides"]["values"] and "type" not in v["field_overrides"]["nodes"]
    assert "remove_fields" not in v
    assert sum("kept object" in n or "kept array" in n for n in v["notes"]) == 2
    assert otc._extra_fields(mine, base_op) == []
    assert otc._extra_fields({"fields": mine["fields"] + [{"name": "limit", "type": "integer"}]}, base_op) == ["limit"]


def test_error_code_table():
    text = """Error Codes
===========

=========== ========== ================ ========
Status Code Error Code Error Message    Solution
=========== ========== ================ ========
400         DBS.280001 Parameter error. Retry.
400         DBS.280001 Duplicate.       x
=========== ========== ================ ========
"""
    assert otc.error_codes(text) == [{"code": "DBS.280001", "status": 400, "meaning": "Parameter error."}]
