"""The rule miner on the clouds' formulaic phrasings, one sentence at a time, in Chinese and
English: what rule each becomes (or that it becomes none). The sentences are the kinds the
documentation uses; the expected rules are written here by hand."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from importer import miner  # noqa: E402


def mine(fields, rules_of=None):
    """Mines an operation made of `fields`; returns its rules (request level and, with
    `rules_of`, the rules of that list field) without their quotes."""
    op = {"fields": fields}
    result = miner.mine_operation(op, "test.op.X")
    rules = op.get("rules", [])
    if rules_of:
        rules = next(f for f in op["fields"] if f["name"] == rules_of).get("rules", [])
    strip = lambda r: {k: v for k, v in r.items() if k not in ("quote", "source", "severity")}
    return [strip(r) for r in rules], result


def one(name, ty, text, **extra):
    return {"name": name, "type": ty, "description": text, **extra}


@pytest.mark.parametrize("text, lo, hi", [
    ("实例名称，长度为4~64个字符。", 4, 64),
    ("高性能计算集群名称，长度限制[1-60]。", 1, 60),
    ("磁盘名称，长度不超过128 个字符。", None, 128),
    ("Can include 4 to 64 characters.", 4, 64),
    ("The name must be 2 to 128 characters in length.", 2, 128),
    ("The description cannot exceed 256 characters.", None, 256),
    ("Minimum length: 4 characters", 4, None),
])
def test_lengths(text, lo, hi):
    rules, _ = mine([one("name", "string", text)])
    want = {"check": "length", "path": "name"}
    if lo is not None:
        want["min"] = lo
    if hi is not None:
        want["max"] = hi
    assert want in rules


@pytest.mark.parametrize("text, allowed, first", [
    ("只能由英文字母、数字、中划线组成。", ["letter", "digit", {"literal": "-"}], None),
    ("只能包含大小写字母、数字、中划线(-)和下划线(_)。", ["letter", "digit", {"literal": "-_"}], None),
    ("Can contain only letters, digits, and hyphens (-).", ["letter", "digit", {"literal": "-"}], None),
    ("Must start with a letter.", None, ["letter"]),
    ("以字母开头。", None, ["letter"]),
])
def test_characters(text, allowed, first):
    rules, _ = mine([one("name", "string", text)])
    chars = [r for r in rules if r["check"] == "chars"]
    assert len(chars) == 1, rules
    assert chars[0].get("allowed") == allowed and chars[0].get("first") == first


@pytest.mark.parametrize("text, prefixes", [
    ("不能以http://或https://开头。", ["http://", "https://"]),
    ("It cannot start with http:// or https://.", ["http://", "https://"]),
    ("The tag key cannot start with aliyun or acs:.", ["aliyun", "acs:"]),
])
def test_forbidden_prefixes(text, prefixes):
    rules, _ = mine([one("name", "string", text)])
    forbidden = [r for r in rules if r["check"] == "forbidden"]
    assert forbidden and sorted(forbidden[0]["prefixes"]) == sorted(prefixes), rules


def test_password_complexity_in_both_languages():
    en = "Must contain at least three types of uppercase letters, lowercase letters, digits, and the following special characters: ~!@#%^*-_=+?"
    zh = "必须包含大写字母、小写字母、数字、特殊字符（~!@#%^*-_=+?）中的三种。"
    for text in (en, zh):
        rules, _ = mine([one("password", "string", text, secret=True)])
        chars = [r for r in rules if r["check"] == "chars"]
        assert {"check": "chars", "path": "password", "require": ["upper", "lower", "digit", {"literal": "~!@#%^*-_=+?"}],
                "require_at_least": 3} in chars, (text, rules)
        # The special characters it lists are the only ones besides letters and digits.
        assert {"check": "chars", "path": "password", "allowed": ["letter", "digit", {"literal": "~!@#%^*-_=+?"}]} in chars


@pytest.mark.parametrize("text, lo, hi", [
    ("取值范围：1~500。", 1, 500),
    ("Value range: 1–100.", 1, 100),
    ("每页条数，最大值为100。", None, 100),
    ("The value must be a positive integer.", 1, None),
])
def test_numeric_ranges(text, lo, hi):
    rules, _ = mine([one("n", "integer", text)])
    want = {"check": "range", "path": "n"}
    if lo is not None:
        want["min"] = lo
    if hi is not None:
        want["max"] = hi
    assert want in rules, rules


def test_ranges_with_units_are_converted_to_the_fields_unit():
    rules, _ = mine([one("expiration", "integer", "Validity period of the link, in seconds. The value ranges from 5 minutes to 24 hours.")])
    assert {"check": "range", "path": "expiration", "min": 300, "max": 86400} in rules


def test_list_sizes():
    ids = {"name": "InstanceIds", "type": "array", "items": {"name": "item", "type": "string"},
           "description": "一个或多个待操作的实例ID。每次请求批量实例的上限为100。"}
    rules, _ = mine([ids])
    assert {"check": "items", "path": "InstanceIds", "max": 100} in rules


@pytest.mark.parametrize("text, values", [
    ("调度器类型。可选值：fair、capacity", ["fair", "capacity"]),
    ("关机类型。取值范围：<br><li>SOFT：表示软关机</li><li>HARD：表示硬关机</li><li>SOFT_FIRST：表示优先软关机</li>", ["SOFT", "HARD", "SOFT_FIRST"]),
    ("Valid values:\n- PrePaid: subscription\n- PostPaid: pay-as-you-go", ["PrePaid", "PostPaid"]),
    ("Enumerated values: true false", ["true", "false"]),
    ("Valid values: HOST: physical machine. SW: switch. RACK: rack.", ["HOST", "SW", "RACK"]),
])
def test_values_listed_in_the_text(text, values):
    rules, _ = mine([one("mode", "string", text)])
    assert {"check": "one_of", "path": "mode", "values": values} in rules, rules


def test_open_lists_are_not_checked():
    rules, result = mine([one("mode", "string", "可选值：例如 fair、capacity 等。")])
    assert not any(r["check"] == "one_of" for r in rules)


@pytest.mark.parametrize("text, fmt", [
    ("查询开始时间，时间为UTC时间。格式：yyyyMMddHHmmss，如：20200609160000。", "yyyyMMddHHmmss"),
    ("Start time. Format: yyyyMMddHHmmss, for example, 20170718235959.", "yyyyMMddHHmmss"),
    ("The time is in the yyyy-MM-ddTHH:mm:ssZ format. The time must be in UTC.", "yyyy-MM-ddTHH:mm:ssZ"),
    ("时间查询区间的终止位置，格式为YYYY-MM-DD hh:mm:ss。", "yyyy-MM-dd HH:mm:ss"),
    ("The user data must be encoded in Base64.", "base64"),
])
def test_formats(text, fmt):
    rules, _ = mine([one("start_time", "string", text)])
    assert {"check": "format", "path": "start_time", "format": fmt} in rules, rules


def test_exclusions_from_either_side():
    fields = [one("adminpass", "string", "管理员密码。adminpass和keyname不能同时有值。"), one("keyname", "string", "密钥名称。")]
    rules, _ = mine(fields)
    assert {"check": "exclusive", "groups": [["adminpass"], ["keyname"]]} in rules
    fields = [one("ForceReboot", "boolean", "本参数已弃用，不可以与参数StopType同时使用。"), one("StopType", "string", "关机类型。")]
    rules, _ = mine(fields)
    assert {"check": "exclusive", "groups": [["ForceReboot"], ["StopType"]]} in rules
    fields = [one("A", "string", "A and B cannot be specified together."), one("B", "string", "b")]
    rules, _ = mine(fields)
    assert {"check": "exclusive", "groups": [["A"], ["B"]]} in rules


def test_a_group_excluding_another():
    fields = [one("SoftDeployInfo", "string", "SoftDeployInfo and ServiceNodeInfo are parameters in the same group and are mutually exclusive with UnNecessaryNodeList."),
              one("ServiceNodeInfo", "string", "x"), one("UnNecessaryNodeList", "string", "y")]
    rules, _ = mine(fields)
    assert {"check": "exclusive", "groups": [["ServiceNodeInfo", "SoftDeployInfo"], ["UnNecessaryNodeList"]]} in rules


def test_conditional_requirements():
    fields = [one("enable_publicip", "boolean", "是否开启公网访问。"),
              one("publicip_id", "string", "弹性IP地址的id。如果开启了公网访问功能（即enable_publicip为true），该字段为必选。")]
    rules, _ = mine(fields)
    assert {"check": "required", "paths": ["publicip_id"], "when": {"path": "enable_publicip", "equals": True}} in rules
    fields = [one("charge_mode", "enum", "计费模式。", values=[{"value": "prePaid"}, {"value": "postPaid"}]),
              one("period_num", "integer", "This parameter is mandatory when charge_mode is set to prePaid.")]
    rules, _ = mine(fields)
    assert {"check": "required", "paths": ["period_num"], "when": {"path": "charge_mode", "equals": "prePaid"}} in rules


def test_comparisons_and_spans_between_times():
    fields = [one("StartTime", "string", "The start time."),
              one("EndTime", "string", "The end time. The end time must be later than the start time. The interval between StartTime and EndTime cannot exceed 7 days.")]
    rules, _ = mine(fields)
    assert {"check": "compare", "path": "EndTime", "op": "gt", "other": "StartTime"} in rules
    assert {"check": "span", "from": "StartTime", "to": "EndTime", "max": 604800} in rules


def test_not_a_limit_of_this_value():
    fields = [one("Count", "integer", "If the available inventory is less than IncreaseNodeCount, the flow fails."),
              one("IncreaseNodeCount", "integer", "n")]
    rules, _ = mine(fields)
    assert rules == []
    rules, _ = mine([one("Tag", "integer", "Each user can configure up to 50 security groups per project in each region.")])
    assert rules == []


def test_a_documented_value_that_breaks_a_limit_rejects_it_with_a_note():
    field = one("Limit", "integer", "返回数量，取值范围：1~100。", example=300)
    op = {"fields": [field]}
    result = miner.mine_operation(op, "t.s.X")
    assert "rules" not in op
    (m,) = [m for m in result.mined if m.kind == "range"]
    assert m.state == "rejected" and "300" in m.reason and "300" in field["note"]


def test_a_sentence_that_reads_like_a_limit_but_says_no_rule_is_open():
    _, result = mine([one("x", "string", "The maximum length depends on the image type.")])
    assert [m.state for m in result.mined] == ["open"]


def test_quotes_are_the_sentence_the_rule_came_from():
    op = {"fields": [one("name", "string", "The name of the thing. It must be 2 to 64 characters long. Other text.")]}
    miner.mine_operation(op, "t.s.X")
    assert op["rules"][0]["quote"] == "It must be 2 to 64 characters long."
    assert op["rules"][0]["source"] == "doc text" and op["rules"][0]["severity"] == "warning"


def test_two_numbers_in_brackets_are_a_range_not_a_list():
    text = "订购周期数，取值范围： - period_type=month（周期类型为月）时，取值为[1，9]。"
    rules, _ = mine([one("period_num", "integer", text)])
    assert not [r for r in rules if r["check"] == "one_of"], rules
    assert {"check": "range", "path": "period_num", "min": 1, "max": 9} in [
        {k: v for k, v in r.items() if k != "when"} for r in rules]


def test_a_field_an_overlay_curates_keeps_only_the_overlays_rules():
    fields = [one("name", "string", "长度为4-64个字符。可以包含字母、数字、中划线，不能包含其它特殊字符。"),
              one("remark", "string", "长度为1-32个字符。")]
    op = {"fields": fields}
    result = miner.mine_operation(op, "test.op.X", stated_elsewhere=frozenset({"name"}))
    assert [r["path"] for r in op.get("rules", [])] == ["remark"]
    on_name = [m for m in result.mined if m.path == "name"]
    assert on_name and all(m.state == "checked" and m.rule is None and "overlay" in m.reason for m in on_name)


@pytest.mark.parametrize("name, example, text", [
    ("curPage", None, "Which page the server starts returning items. The start value cannot be less than 1."),
    ("curPage", None, "分页参数：起始值 [大于等于1] 。"),
    ("start", "1", "The start value cannot be less than 1."),
])
def test_numbers_carried_in_strings_get_their_ranges(name, example, text):
    field = one(name, "string", text, **({"example": example} if example else {}))
    rules, _ = mine([field])
    assert {"check": "range", "path": name, "min": 1} in rules


def test_a_name_string_keeps_no_range_from_a_count():
    rules, _ = mine([one("remark", "string", "The value cannot be less than 1.")])
    assert not [r for r in rules if r["check"] == "range"]


def test_a_limit_under_a_condition_is_judged_only_where_the_condition_holds():
    fields = [one("Category", "string", "Valid values:\n- cloud: basic disk.\n- ephemeral_ssd: local SSD."),
              one("Size", "integer", "Valid values:\n- cloud: 5 to 2000.\n- ephemeral_ssd: 5 to 800.", example=2000)]
    op = {"fields": fields}
    examples = [{"Category": "cloud", "Size": 2000}]
    miner.mine_operation(op, "test.op.X", examples)
    ranges = [(r["when"]["equals"], r["max"]) for r in op.get("rules", []) if r["check"] == "range"]
    assert ("ephemeral_ssd", 800) in ranges and ("cloud", 2000) in ranges
    # An example request in which the condition holds still rejects a rule it breaks.
    op = {"fields": [dict(f) for f in fields]}
    miner.mine_operation(op, "test.op.X", [{"Category": "ephemeral_ssd", "Size": 1000}])
    ranges = [(r["when"]["equals"], r["max"]) for r in op.get("rules", []) if r["check"] == "range"]
    assert ("ephemeral_ssd", 800) not in ranges


@pytest.mark.parametrize("text, allowed", [
    ("An instance name can contain letters, digits, underscores (_), and hyphens (-) and must start with a letter.",
     ["letter", "digit", {"literal": "_-"}]),
    ("An instance name can contain 4 to 64 characters, including letters, digits, underscores (_), and hyphens (-), and must start with a letter.",
     ["letter", "digit", {"literal": "_-"}]),
    ("It must be 2 to 128 characters in length and can contain letters, digits, colons (:), underscores (_), periods (.), and hyphens (-).",
     ["letter", "digit", {"literal": ":_.-"}]),
    # Two "can contain" sentences make one set.
    ("The name must be 2 to 128 characters in length and can contain letters and Chinese characters. "
     "It must start with a letter. It can contain digits, periods (.), underscores (_), hyphens (-), and colons (:).",
     ["letter", "digit", "chinese", {"literal": "._-:"}]),
])
def test_allowed_characters_beside_other_clauses(text, allowed):
    rules, _ = mine([one("name", "string", text)])
    assert [r["allowed"] for r in rules if r["check"] == "chars" and "allowed" in r] == [allowed]


def test_sentences_split_where_translations_start_them_in_lower_case_or_run_lists_into_a_line():
    assert miner.sentences("names are server_3 and server_4 respectively. it supports up to 128 characters.") == [
        "names are server_3 and server_4 respectively.", "it supports up to 128 characters."]
    assert miner.sentences("e.g. it works.") == ["e.g. it works."]
    assert miner.sentences("It can no longer increase. - Unit: MB/s. - Value range: 1-10") == [
        "It can no longer increase.", "- Unit: MB/s.", "- Value range: 1-10"]


def test_an_item_that_must_not_be_empty_has_a_length_of_at_least_one():
    rules, _ = mine([one("key", "string", "键。\n- 不能为空。\n- 长度不超过36个字符。")])
    assert {"check": "length", "path": "key", "min": 1} in rules and {"check": "length", "path": "key", "max": 36} in rules


def test_times_shown_by_a_quoted_example_or_sent_as_numbers():
    rules, _ = mine([one("restore_time", "integer", "Restoration timestamp, in milliseconds.")])
    assert {"check": "format", "path": "restore_time", "format": "unix-ms"} in rules
    rules, _ = mine([one("begin_at", "string", 'Time at which backup starts. "00:00-01:00" indicates that backup starts at 00:00:00.')])
    assert {"check": "format", "path": "begin_at", "format": "HH:mm-HH:mm"} in rules
    rules, _ = mine([one("count", "integer", "The number of records, in milliseconds of work.")])
    assert not rules


def test_an_offset_from_gmt():
    rules, _ = mine([one("timezone_offset", "string", "Time zone in which backup is performed. Value range: GMT-12:00 to GMT+12:00.")])
    assert {"check": "format", "path": "timezone_offset", "format": "gmt-offset"} in rules
    assert miner.format_ok("gmt-offset", "GMT+12:00") and not miner.format_ok("gmt-offset", "GMT-13:00")


@pytest.mark.parametrize("text, values", [
    ("The performance level. Valid values:\n\nPL0.\nPL1 (default).\nPL2.\nPL3.", ["PL0", "PL1", "PL2", "PL3"]),
    ("逻辑库的拆分模式。 - cluster表示逻辑库是拆分模式。 - single表示逻辑库是非拆分模式。", ["cluster", "single"]),
    ("是否自动支付。 取值范围： - true：是（自动扣费） - false：否（默认值，只提交订单） 约束： 只能使用现金。", ["true", "false"]),
    ("The number of times. Set the value to Unlimited. Only the unlimited mode is supported.", ["Unlimited"]),
])
def test_values_listed_in_lines_run_together_or_alone(text, values):
    rules, _ = mine([one("mode", "string", text)])
    assert [r["values"] for r in rules if r["check"] == "one_of"] == [values]


@pytest.mark.parametrize("text", [
    "The size. Valid values:\n\n20.\nThen more text here.",
    "变更类型。实例类型变更，目前仅支持Redis 4.0/5.0实例。",
])
def test_no_value_list_from_a_lone_line_or_a_versioned_name(text):
    rules, _ = mine([one("mode", "string", text)])
    assert not [r for r in rules if r["check"] == "one_of"], rules


def test_cases_named_in_words_of_a_siblings_value_list():
    category = one("Category", "string", "The disk category. Valid values:\n- cloud: basic disk.\n- cloud_essd: Enterprise SSD (ESSD).\n"
                                         "- cloud_auto: ESSD AutoPL disk.\n- cloud_ssd: standard SSD.")
    size = one("Size", "integer", "The size. Valid values:\n- Basic disk: 20 to 500.\n- Enterprise SSD (ESSD): 1 to 2048.\n"
                                  "- ESSD AutoPL disk: 1 to 2048.\n- Other disk categories: 20 to 2048.")
    rules, _ = mine([category, size])
    cases = {json.dumps(r["when"], sort_keys=True): (r["min"], r["max"]) for r in rules if r["check"] == "range"}
    assert cases == {
        json.dumps({"path": "Category", "equals": "cloud"}, sort_keys=True): (20, 500),
        json.dumps({"path": "Category", "equals": "cloud_essd"}, sort_keys=True): (1, 2048),
        json.dumps({"path": "Category", "equals": "cloud_auto"}, sort_keys=True): (1, 2048),
        json.dumps({"path": "Category", "not_in": ["cloud", "cloud_essd", "cloud_auto"]}, sort_keys=True): (20, 2048),
    }


def test_pairs_whose_names_say_which_is_smaller():
    fields = [one("MinSize", "integer", "The minimum number of instances."), one("MaxSize", "integer", "The maximum number."),
              one("begin_time", "string", "Query start time."), one("end_time", "string", "Query end time (UTC)."),
              one("admin", "integer", "x"), one("minute", "integer", "y")]
    rules, _ = mine(fields)
    got = [(r["path"], r["op"], r["other"]) for r in rules if r["check"] == "compare"]
    assert got == [("MinSize", "le", "MaxSize"), ("end_time", "ge", "begin_time")]
    # A span the text states already orders the pair: no second rule.
    fields[3] = one("end_time", "string", "Query end time. The interval between the start time and the end time cannot exceed 7 days.")
    rules, _ = mine(fields)
    assert [(r["path"], r["op"]) for r in rules if r["check"] == "compare"] == [("MinSize", "le")]


def test_required_in_a_case_named_by_a_siblings_value_label():
    charge = one("InstanceChargeType", "string", "Instance billing mode. PREPAID: prepaid, that is, monthly subscription. "
                                                 "POSTPAID_BY_HOUR: pay-as-you-go by hour. SPOTPAID: spot payment.")
    market = one("InstanceMarketOptions", "object", "Market options. this parameter is required if the payment mode of the specified instance is spot payment.", fields=[])
    prepaid = one("InstanceChargePrepaid", "object", "Prepaid settings. If the specified instance's billing mode is the prepaid mode, this parameter must be passed.", fields=[])
    other = one("Remark", "object", "Notes. This parameter is required if the weather is sunny.", fields=[])
    rules, _ = mine([charge, market, prepaid, other])
    got = [(r["paths"], r["when"]) for r in rules if r["check"] == "required"]
    assert got == [(["InstanceMarketOptions"], {"path": "InstanceChargeType", "equals": "SPOTPAID"}),
                   (["InstanceChargePrepaid"], {"path": "InstanceChargeType", "equals": "PREPAID"})]


def test_ranges_for_a_case_named_in_words():
    charge = one("InstanceChargeType", "string", "Instance billing mode. PREPAID: prepaid, that is, monthly subscription. "
                                                 "POSTPAID_BY_HOUR: pay-as-you-go by hour. SPOTPAID: spot payment.")
    count = one("InstanceCount", "integer", "Number of instances to purchase. value range for monthly subscription instances: [1, 300]. "
                                            "value range for pay-as-you-go instances: [1, 100]. default value: 1.")
    rules, _ = mine([charge, count])
    got = [(r["when"]["equals"], r["min"], r["max"]) for r in rules if r["check"] == "range"]
    assert got == [("PREPAID", 1, 300), ("POSTPAID_BY_HOUR", 1, 100)]


def test_the_loosest_bounds_of_cases_that_include_every_other_case():
    text = ("Host name. for Windows instances: the character length is 2 to 15. "
            "for other types (such as Linux) instances: the character length is 2 to 60.")
    rules, _ = mine([one("HostName", "string", text)])
    assert [(r["min"], r["max"]) for r in rules if r["check"] == "length"] == [(2, 60)]
    # Without an "other" case the cases may not cover every request: nothing is checked.
    text = "Host name. for Windows instances: the character length is 2 to 15. for Linux instances: the character length is 2 to 60."
    rules, _ = mine([one("HostName", "string", text)])
    assert not [r for r in rules if r["check"] == "length"]


@pytest.mark.parametrize("text, values", [
    ("metadata中的表示加密功能的字段，0代表不加密，1代表加密。", ["0", "1"]),
    ("高性能计算集群类型，当前有三个取值：分别是CDC/CHC/STANDARD，其中STANDARD是默认的标准模式。", ["CDC", "CHC", "STANDARD"]),
])
def test_values_that_stand_for_something_or_are_listed_before_a_remark(text, values):
    rules, _ = mine([one("mode", "string", text)])
    assert [r["values"] for r in rules if r["check"] == "one_of"] == [values]


def test_the_items_text_of_a_list_of_values_states_their_rules():
    field = one("NodeGroupTypes", "array", "The types of node groups to select.",
                items={"name": "item", "type": "string", "description": "节点组类型。取值范围：\n- MASTER：主节点组类型。\n- CORE：核心节点组类型。"})
    rules, _ = mine([field])
    assert {"check": "one_of", "path": "NodeGroupTypes", "values": ["MASTER", "CORE"]} in rules


def test_one_of_two_when_the_text_says_mandatory_unless_the_other_is_given():
    fields = [one("id", "string", "Redis instance ID (mandatory if the source Redis address is not specified)."),
              one("addrs", "string", "Source Redis address (mandatory if the instance ID is not specified)."),
              one("password", "string", "Redis password.")]
    rules, _ = mine(fields)
    assert [r["paths"] for r in rules if r["check"] == "required_any"] == [["addrs", "id"]]


@pytest.mark.parametrize("a, b, text", [
    ("flavor_id", "flavor_ref", "Flavor ID. (Either the flavor ID or flavor code must be specified.)"),
    ("ServiceName", "ServiceGroupType", "Service component name. Select either the service component name or ServiceGroupType in an API call."),
])
def test_either_of_two_fields_named_in_words(a, b, text):
    fields = [one(a, "string", text), one(b, "string", {"flavor_ref": "Flavor code.", "ServiceGroupType": "Service group type."}[b])]
    rules, _ = mine(fields)
    assert [r["paths"] for r in rules if r["check"] == "required_any"] == [sorted([a, b])]


def test_a_lists_total_size_beside_the_maxima_of_its_parts():
    field = one("DataDisks", "array", "support specifying 21 data disks at the time of purchase, among which a maximum of 1 LOCAL_BASIC "
                                      "data disk can be included, and a maximum of 20 CLOUD_BASIC data disks can be included.",
                items={"name": "item", "type": "object", "fields": [one("DiskSize", "integer", "")]})
    rules, _ = mine([field])
    assert {"check": "items", "path": "DataDisks", "max": 21} in rules


def test_values_that_stand_for_days_are_the_items_values_not_their_number():
    field = one("backup_at", "array", "Day in a week on which backup starts. Value range: 1-7, where 1 indicates Monday and 7 indicates Sunday.",
                items={"name": "item", "type": "string"})
    rules, _ = mine([field])
    assert rules == [{"check": "range", "path": "backup_at", "min": 1, "max": 7}]


def test_a_window_of_an_exact_length():
    fields = [one("maintain_begin", "string", "Time at which the maintenance time window starts. Format: HH:mm:ss."),
              one("maintain_end", "string", "Time at which the maintenance time window ends. The end time is four hours later than the start time.")]
    rules, _ = mine(fields)
    assert {"check": "span", "from": "maintain_begin", "to": "maintain_end", "min": 14400, "max": 14400} in rules


def test_a_lead_in_whose_list_was_read_is_not_left_open():
    field = one("PeriodUnit", "string", "The unit. Valid values:\n- Week\n- Month\n- Year")
    field["_also"] = ["续费时长的时间单位。取值范围：\n- Week\n- Month\n- Year"]
    _, result = mine([field])
    assert [m for m in result.mined if m.state == "open"] == []
    assert [m.rule["values"] for m in result.mined if m.rule and m.rule["check"] == "one_of"] == [["Week", "Month", "Year"]]
