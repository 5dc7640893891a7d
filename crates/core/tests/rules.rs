//! One test per documented rule: a value that breaks it is reported at the right path with the
//! rule in words, and the fixed value clears it. Each test fails if its rule leaves the catalog.

use cloudreq_core::catalog::{catalog, Severity};
use cloudreq_core::request::import;
use cloudreq_core::validate::{requirements, validate, Finding};
use serde_json::{json, Value};

/// The first documented example of an entry, as values.
fn example(id: &str) -> Value {
    let e = catalog().get(id).unwrap();
    let ex = &e.examples[0];
    import(e, &ex.url, ex.body.as_ref()).unwrap().values
}

fn findings(id: &str, values: &Value) -> Vec<Finding> {
    validate(catalog().get(id).unwrap(), values)
}

/// Sets a dotted member path (creating objects on the way).
fn set(values: &mut Value, path: &str, v: Value) {
    let mut cur = values;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = cur.as_object_mut().unwrap().entry(p.to_string()).or_insert(json!({}));
    }
    cur.as_object_mut().unwrap().insert(parts[parts.len() - 1].to_string(), v);
}

fn remove(values: &mut Value, path: &str) {
    let mut cur = values;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = cur.get_mut(*p).unwrap();
    }
    cur.as_object_mut().unwrap().remove(parts[parts.len() - 1]);
}

/// Asserts an error at `path` whose message contains `words`.
#[track_caller]
fn assert_error(fs: &[Finding], path: &str, words: &str) {
    assert!(
        fs.iter().any(|f| f.path == path && f.severity == Severity::Error && f.message.contains(words)),
        "expected an error at {path} mentioning {words:?}; got {fs:#?}"
    );
}

#[track_caller]
fn assert_warning(fs: &[Finding], path: &str) {
    assert!(fs.iter().any(|f| f.path == path && f.severity == Severity::Warning), "expected a warning at {path}; got {fs:#?}");
    assert!(!fs.iter().any(|f| f.path == path && f.severity == Severity::Error), "unexpected error at {path}: {fs:#?}");
}

#[track_caller]
fn assert_clean(fs: &[Finding], path: &str) {
    let at: Vec<&Finding> = fs.iter().filter(|f| f.path == path).collect();
    assert!(at.is_empty(), "expected nothing at {path}; got {at:#?}");
}

/// Runs `bad` and `good` values for one field of an entry's first example.
#[track_caller]
fn bad_then_good(id: &str, path: &str, bad: Value, words: &str, good: Value) {
    let mut v = example(id);
    set(&mut v, path, bad);
    assert_error(&findings(id, &v), path, words);
    set(&mut v, path, good);
    assert_clean(&findings(id, &v), path);
}

const HW_CREATE: &str = "huawei.ddm.CreateInstance";
const OTC_CREATE: &str = "otc.ddm.CreateInstance";
const HW_ENLARGE: &str = "huawei.ddm.ExpandInstanceNodes";
const OTC_ENLARGE: &str = "otc.ddm.ExpandInstanceNodes";
const TENCENT: &str = "tencent.emr.ScaleOutInstance";
const ALIBABA: &str = "alibaba.emr.IncreaseNodes";

#[test]
fn ddm_name_starts_with_a_letter() {
    for id in [HW_CREATE, OTC_CREATE] {
        bad_then_good(id, "instance.name", json!("1abc"), "must start with a letter", json!("abc1"));
    }
}

#[test]
fn ddm_name_is_4_to_64_characters() {
    for id in [HW_CREATE, OTC_CREATE] {
        bad_then_good(id, "instance.name", json!("a".repeat(65)), "4 to 64 characters", json!("a".repeat(64)));
        bad_then_good(id, "instance.name", json!("abc"), "4 to 64 characters", json!("abcd"));
    }
}

#[test]
fn ddm_name_characters_depend_on_the_variant() {
    bad_then_good(HW_CREATE, "instance.name", json!("ddm.test"), "may contain only letters, digits, '-' and '_'", json!("ddm_test-1"));
    bad_then_good(OTC_CREATE, "instance.name", json!("ddm_test"), "found '_'", json!("ddm-test"));
}

#[test]
fn admin_user_name_rules() {
    bad_then_good(HW_CREATE, "instance.admin_user_name", json!("1root"), "start with a letter", json!("root"));
    bad_then_good(HW_CREATE, "instance.admin_user_name", json!("r".repeat(33)), "1 to 32 characters", json!("r".repeat(32)));
    bad_then_good(HW_CREATE, "instance.admin_user_name", json!("ro-ot"), "found '-'", json!("ro_ot1"));
    bad_then_good(HW_CREATE, "instance.admin_user_name", json!(""), "1 to 32 characters", json!("a"));
}

#[test]
fn admin_password_needs_length_and_all_four_kinds() {
    let p = "instance.admin_user_password";
    bad_then_good(HW_CREATE, p, json!("abc"), "8 to 32 characters", json!("Abcdefg1!"));
    bad_then_good(HW_CREATE, p, json!("abcdefgh1"), "an uppercase letter", json!("Abcdefgh1?"));
    bad_then_good(HW_CREATE, p, json!("Abcdefgh1"), "one of ~!@#%^*-_+?", json!("Abcdefgh1#"));
    bad_then_good(HW_CREATE, p, json!("ABCDEFGH1!"), "a lowercase letter", json!("ABCDEFGh1!"));
    bad_then_good(HW_CREATE, p, json!("Abcdefgh!"), "a digit", json!("Abcdefg9!"));
    bad_then_good(HW_CREATE, p, json!(format!("Ab1!{}", "x".repeat(29))), "8 to 32", json!(format!("Ab1!{}", "x".repeat(28))));
    // '=' is only in OTC's (and the SDK's) special set; Huawei's page leaves it out.
    bad_then_good(HW_CREATE, p, json!("Abcdefg1="), "found '='", json!("Abcdefg1+"));
    bad_then_good(OTC_CREATE, p, json!("Abcdefg1$"), "found '$'", json!("Abcdefg1="));
}

#[test]
fn password_checklist_lists_what_is_met() {
    let e = catalog().get(HW_CREATE).unwrap();
    let f = e.field("instance").unwrap().fields.iter().find(|f| f.name == "admin_user_password").unwrap();
    let list = requirements(f, "abcdefgh1");
    let met: Vec<(&str, bool)> = list.iter().map(|r| (r.label.as_str(), r.met)).collect();
    assert_eq!(
        met,
        vec![
            ("8 to 32 characters", true),
            ("only letters, digits, '~', '!', '@', '#', '%', '^', '*', '-', '_', '+' and '?'", true),
            ("contains an uppercase letter", false),
            ("contains a lowercase letter", true),
            ("contains a digit", true),
            ("contains one of ~!@#%^*-_+?", false),
        ]
    );
    assert!(requirements(f, "Abcdefg1!").iter().all(|r| r.met));
}

#[test]
fn time_zone_comes_from_the_documented_list() {
    bad_then_good(HW_CREATE, "instance.time_zone", json!("UTC+13:00"), "must be one of", json!("UTC+04:00"));
    bad_then_good(HW_CREATE, "instance.time_zone", json!("UTC+00:00"), "must be one of", json!("UTC"));
}

#[test]
fn available_zones_must_not_be_empty() {
    for id in [HW_CREATE, OTC_CREATE] {
        bad_then_good(id, "instance.available_zones", json!([]), "must not be empty", json!(["az1"]));
    }
    let mut v = example(HW_CREATE);
    remove(&mut v, "instance.available_zones");
    assert_error(&findings(HW_CREATE, &v), "instance.available_zones", "is required");
}

#[test]
fn node_num_is_a_whole_number_of_at_least_one() {
    let p = "instance.node_num";
    bad_then_good(HW_CREATE, p, json!(0), "at least 1", json!(1));
    bad_then_good(HW_CREATE, p, json!("12a"), "must be a whole number", json!(12));
    bad_then_good(HW_CREATE, p, json!("4"), "without quotes", json!(4));
    bad_then_good(HW_CREATE, p, json!(4.5), "whole number", json!(5));
}

#[test]
fn prepaid_requires_the_period() {
    let mut v = example(HW_CREATE);
    set(&mut v, "extend_param", json!({"charge_mode": "prePaid"}));
    let fs = findings(HW_CREATE, &v);
    assert_error(&fs, "extend_param.period_type", "required when extend_param.charge_mode is \"prePaid\"");
    assert_error(&fs, "extend_param.period_num", "required when extend_param.charge_mode is \"prePaid\"");
    set(&mut v, "extend_param.period_type", json!("month"));
    set(&mut v, "extend_param.period_num", json!(3));
    assert!(findings(HW_CREATE, &v).is_empty());
}

#[test]
fn monthly_period_is_1_to_9_and_yearly_is_1() {
    let mut v = example(HW_CREATE);
    set(&mut v, "extend_param", json!({"charge_mode": "prePaid", "period_type": "month", "period_num": 10}));
    assert_error(&findings(HW_CREATE, &v), "extend_param.period_num", "between 1 and 9");
    set(&mut v, "extend_param.period_num", json!(9));
    assert_clean(&findings(HW_CREATE, &v), "extend_param.period_num");
    set(&mut v, "extend_param.period_type", json!("year"));
    set(&mut v, "extend_param.period_num", json!(2));
    assert_error(&findings(HW_CREATE, &v), "extend_param.period_num", "must be 1 when extend_param.period_type is \"year\"");
    set(&mut v, "extend_param.period_num", json!(1));
    assert_clean(&findings(HW_CREATE, &v), "extend_param.period_num");
}

#[test]
fn auto_renew_and_auto_pay_are_the_strings_true_or_false() {
    for p in ["extend_param.is_auto_renew", "extend_param.is_auto_pay"] {
        let mut v = example(HW_CREATE);
        set(&mut v, "extend_param", json!({"charge_mode": "prePaid", "period_type": "month", "period_num": 1}));
        set(&mut v, p, json!(true));
        assert_error(&findings(HW_CREATE, &v), p, "string \"true\" or \"false\"");
        set(&mut v, p, json!("yes"));
        assert_error(&findings(HW_CREATE, &v), p, "string \"true\" or \"false\"");
        set(&mut v, p, json!("false"));
        assert_clean(&findings(HW_CREATE, &v), p);
    }
}

#[test]
fn period_without_prepaid_is_flagged_as_having_no_effect() {
    let mut v = example(HW_CREATE);
    set(&mut v, "extend_param", json!({"charge_mode": "postPaid", "period_type": "month"}));
    assert_warning(&findings(HW_CREATE, &v), "extend_param.period_type");
}

#[test]
fn otc_extend_param_is_reserved() {
    let mut v = example(OTC_CREATE);
    set(&mut v, "extend_param", json!({"charge_mode": "postPaid"}));
    assert_warning(&findings(OTC_CREATE, &v), "extend_param");
    set(&mut v, "instance.enterprise_project_id", json!("0"));
    assert_error(&findings(OTC_CREATE, &v), "instance.enterprise_project_id", "not a parameter");
}

#[test]
fn enlarge_node_number_is_at_least_one() {
    for id in [HW_ENLARGE, OTC_ENLARGE] {
        bad_then_good(id, "node_number", json!(0), "at least 1", json!(2));
    }
}

#[test]
fn enlarge_zone_count_equals_node_number() {
    let mut v = example(HW_ENLARGE);
    set(&mut v, "node_number", json!(2));
    set(&mut v, "available_zones", json!(["az1"]));
    assert_error(&findings(HW_ENLARGE, &v), "available_zones", "as many items as node_number (2)");
    set(&mut v, "available_zones", json!(["az1", "az2"]));
    assert_clean(&findings(HW_ENLARGE, &v), "available_zones");
    set(&mut v, "available_zones", json!(["az1", "az2"]));
    assert_error(&findings(OTC_ENLARGE, &v), "available_zones", "not a parameter");
}

#[test]
fn enlarge_is_auto_pay_is_a_boolean() {
    bad_then_good(HW_ENLARGE, "is_auto_pay", json!("true"), "send the JSON boolean", json!(true));
    let mut v = example(OTC_ENLARGE);
    set(&mut v, "is_auto_pay", json!(true));
    assert_warning(&findings(OTC_ENLARGE, &v), "is_auto_pay");
}

#[test]
fn enlarge_hints_at_group_id() {
    for id in [HW_ENLARGE, OTC_ENLARGE] {
        let mut v = example(id);
        remove(&mut v, "group_id");
        let fs = findings(id, &v);
        assert_warning(&fs, "group_id");
        assert!(fs.iter().any(|f| f.message.contains("more than one node group")));
        set(&mut v, "group_id", json!("f080abf2010d45118068c28c8958f5fcgr09"));
        assert_clean(&findings(id, &v), "group_id");
    }
}

#[test]
fn tencent_pay_mode_drives_time_unit() {
    let mut v = example(TENCENT);
    set(&mut v, "PayMode", json!(0));
    set(&mut v, "TimeUnit", json!("m"));
    set(&mut v, "TimeSpan", json!(1));
    let fs = findings(TENCENT, &v);
    assert_error(&fs, "TimeUnit", "TimeUnit s");
    set(&mut v, "TimeUnit", json!("s"));
    set(&mut v, "TimeSpan", json!(3600));
    assert!(findings(TENCENT, &v).iter().all(|f| f.path != "TimeUnit" && f.path != "PayMode"));
    set(&mut v, "PayMode", json!(1));
    let fs = findings(TENCENT, &v);
    assert_error(&fs, "TimeUnit", "TimeUnit m");
    assert_error(&fs, "PayMode", "PayMode 0");
    set(&mut v, "TimeUnit", json!("m"));
    set(&mut v, "TimeSpan", json!(1));
    let fs = findings(TENCENT, &v);
    assert_clean(&fs, "TimeUnit");
    assert_clean(&fs, "PayMode");
}

#[test]
fn tencent_seconds_mean_a_time_span_of_3600() {
    bad_then_good(TENCENT, "TimeSpan", json!(100), "3600", json!(3600));
    let mut v = example(TENCENT);
    set(&mut v, "PayMode", json!(1));
    set(&mut v, "TimeUnit", json!("m"));
    set(&mut v, "TimeSpan", json!(0));
    assert_error(&findings(TENCENT, &v), "TimeSpan", "");
    set(&mut v, "TimeSpan", json!(12));
    assert_clean(&findings(TENCENT, &v), "TimeSpan");
}

#[test]
fn tencent_soft_deploy_info_excludes_unnecessary_node_list() {
    let mut v = example(TENCENT);
    set(&mut v, "SoftDeployInfo", json!([1, 2]));
    set(&mut v, "UnNecessaryNodeList", json!([53]));
    let fs = findings(TENCENT, &v);
    assert_error(&fs, "UnNecessaryNodeList", "UnNecessaryNodeList");
    assert_error(&fs, "SoftDeployInfo", "UnNecessaryNodeList");
    remove(&mut v, "SoftDeployInfo");
    assert_clean(&findings(TENCENT, &v), "UnNecessaryNodeList");
    set(&mut v, "ServiceNodeInfo", json!([7]));
    assert_error(&findings(TENCENT, &v), "ServiceNodeInfo", "UnNecessaryNodeList");
}

#[test]
fn tencent_at_most_one_disaster_recover_group() {
    bad_then_good(TENCENT, "DisasterRecoverGroupIds", json!(["ps-1", "ps-2"]), "at most 1 items", json!(["ps-1"]));
}

#[test]
fn tencent_task_or_core_not_both() {
    let mut v = example(TENCENT);
    set(&mut v, "TaskCount", json!(1));
    set(&mut v, "CoreCount", json!(1));
    let fs = findings(TENCENT, &v);
    assert_error(&fs, "TaskCount", "Task nodes or Core nodes");
    assert_error(&fs, "CoreCount", "Task nodes or Core nodes");
    remove(&mut v, "CoreCount");
    assert_clean(&findings(TENCENT, &v), "TaskCount");
}

#[test]
fn tencent_counts_are_positive_and_task_at_most_20() {
    bad_then_good(TENCENT, "TaskCount", json!(0), "between 1 and 20", json!(1));
    bad_then_good(TENCENT, "TaskCount", json!(21), "between 1 and 20", json!(20));
    let mut v = example(TENCENT);
    remove(&mut v, "TaskCount");
    set(&mut v, "CoreCount", json!(0));
    assert_error(&findings(TENCENT, &v), "CoreCount", "at least 1");
    set(&mut v, "CoreCount", json!(21));
    assert_warning(&findings(TENCENT, &v), "CoreCount");
    set(&mut v, "CoreCount", json!(20));
    assert_clean(&findings(TENCENT, &v), "CoreCount");
}

#[test]
fn tencent_start_service_after_scale_out_is_a_string_bool() {
    bad_then_good(TENCENT, "StartServiceAfterScaleOut", json!(true), "string \"true\" or \"false\"", json!("true"));
}

#[test]
fn tencent_conf_assign_must_be_json() {
    bad_then_good(TENCENT, "ScaleOutServiceConfAssign", json!("{\"HDFS-3.2.2\":-1,"), "valid JSON", json!("{\"HDFS-3.2.2\":-1}"));
    bad_then_good(TENCENT, "ScaleOutServiceConfAssign", json!({"a": 1}), "JSON encoded as text", json!("{\"a\":1}"));
}

#[test]
fn tencent_enums() {
    bad_then_good(TENCENT, "HardwareResourceType", json!("VM"), "must be one of", json!("POD"));
    bad_then_good(TENCENT, "ClickHouseClusterType", json!("newer"), "must be one of", json!("old"));
    bad_then_good(TENCENT, "ResourceBaseType", json!("CVM"), "must be one of", json!("EMR"));
    bad_then_good(TENCENT, "AutoRenew", json!(2), "must be one of", json!(0));
    bad_then_good(TENCENT, "AutoRenew", json!("1"), "must be one of", json!(1));
}

#[test]
fn alibaba_increase_node_count_is_1_to_500() {
    bad_then_good(ALIBABA, "IncreaseNodeCount", json!(0), "between 1 and 500", json!(1));
    bad_then_good(ALIBABA, "IncreaseNodeCount", json!(501), "between 1 and 500", json!(500));
}

#[test]
fn alibaba_min_increase_node_count_is_1_to_500_and_not_above_increase() {
    bad_then_good(ALIBABA, "MinIncreaseNodeCount", json!(0), "between 1 and 500", json!(1));
    let mut v = example(ALIBABA);
    set(&mut v, "IncreaseNodeCount", json!(3));
    set(&mut v, "MinIncreaseNodeCount", json!(4));
    assert_error(&findings(ALIBABA, &v), "MinIncreaseNodeCount", "IncreaseNodeCount");
    set(&mut v, "MinIncreaseNodeCount", json!(3));
    assert_clean(&findings(ALIBABA, &v), "MinIncreaseNodeCount");
}

#[test]
fn alibaba_payment_duration_values_and_unit() {
    bad_then_good(ALIBABA, "PaymentDuration", json!(10), "must be one of", json!(12));
    bad_then_good(ALIBABA, "PaymentDuration", json!(61), "must be one of", json!(60));
    bad_then_good(ALIBABA, "PaymentDurationUnit", json!("Year"), "must be one of", json!("Month"));
}

#[test]
fn alibaba_application_configs_limits_and_sub_fields() {
    let row = json!({"ApplicationName": "HDFS", "ConfigFileName": "hdfs-site.xml", "ConfigItemKey": "k", "ConfigItemValue": "v"});
    let mut v = example(ALIBABA);
    set(&mut v, "ApplicationConfigs", Value::Array(vec![row.clone(); 1001]));
    assert_error(&findings(ALIBABA, &v), "ApplicationConfigs", "at most 1000 items");
    set(&mut v, "ApplicationConfigs", Value::Array(vec![row.clone(); 1000]));
    assert_clean(&findings(ALIBABA, &v), "ApplicationConfigs");

    let mut rows = vec![row.clone(); 5];
    rows[3].as_object_mut().unwrap().remove("ConfigItemKey");
    rows[1]["ConfigScope"] = json!("GLOBAL");
    set(&mut v, "ApplicationConfigs", Value::Array(rows));
    let fs = findings(ALIBABA, &v);
    assert_error(&fs, "ApplicationConfigs[3].ConfigItemKey", "ConfigItemKey is required");
    assert_error(&fs, "ApplicationConfigs[1].ConfigScope", "must be one of \"CLUSTER\", \"NODE_GROUP\"");
    for name in ["ApplicationName", "ConfigFileName"] {
        let mut r = row.clone();
        r.as_object_mut().unwrap().remove(name);
        set(&mut v, "ApplicationConfigs", json!([r]));
        assert_error(&findings(ALIBABA, &v), &format!("ApplicationConfigs[0].{name}"), "is required");
    }
}

#[test]
fn required_fields_types_and_unknown_fields_everywhere() {
    for e in &catalog().entries {
        let fs = validate(e, &json!({}));
        for f in e.fields.iter().filter(|f| f.required && !f.region_default) {
            assert_error(&fs, &f.name, "is required");
        }
        let mut v = cloudreq_core::sample::sample_values(e);
        set(&mut v, "NoSuchField", json!(1));
        assert_error(&validate(e, &v), "NoSuchField", "not a parameter of this API");
        assert_error(&validate(e, &json!([1, 2])), "", "JSON object");
    }
    // Nested unknown members and near-miss names get a suggestion.
    let mut v = example(HW_CREATE);
    set(&mut v, "instance.Name", json!("x"));
    assert_error(&findings(HW_CREATE, &v), "instance.Name", "did you mean name?");
    // A string where a list is expected.
    bad_then_good(ALIBABA, "ApplicationConfigs", json!("HDFS"), "must be a list", json!([]));
}
