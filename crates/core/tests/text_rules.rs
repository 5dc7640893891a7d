//! The rule kinds the importer reads from descriptions, one test each, on a small entry written
//! here (not taken from the catalog): a value that breaks the rule is reported on the field it
//! names, with the rule's quote and source; a value that keeps it is not. Lists are checked item
//! by item, and nothing panics on values of the wrong type.

use cloudreq_core::catalog::Entry;
use cloudreq_core::sample::sample_values;
use cloudreq_core::validate::{keeps, rule_requirements, validate, Finding};
use serde_json::{json, Value};

fn entry(fields: Value, rules: Value) -> Entry {
    serde_json::from_value(json!({
        "id": "tencent.test.Op", "cloud": "tencent", "service": "test", "title": "t", "doc": "https://example.com/",
        "method": "POST", "path": "/", "style": "json", "headers": [],
        "endpoint": {"host": "test.example.com", "regions": [{"id": "ap-x"}], "default_region": "ap-x"},
        "fields": fields, "rules": rules,
        "response": {"status": 200, "fields": [], "error_shape": "-"}
    }))
    .expect("a well-formed test entry")
}

fn warned(e: &Entry, values: Value, path: &str) -> Vec<Finding> {
    validate(e, &values).into_iter().filter(|f| f.path == path).collect()
}

fn mined(check: Value) -> Value {
    let mut rule = check;
    rule["severity"] = json!("warning");
    rule["source"] = json!("doc text");
    rule["quote"] = json!("the sentence");
    rule
}

#[test]
fn length_counts_characters_not_bytes_and_checks_each_item_of_a_list() {
    let e = entry(
        json!([{"name": "Name", "type": "string"}, {"name": "Ids", "type": "array", "items": {"name": "item", "type": "string"}}]),
        json!([
            mined(json!({"check": "length", "path": "Name", "min": 2, "max": 4})),
            mined(json!({"check": "length", "path": "Ids", "max": 3}))
        ]),
    );
    let found = warned(&e, json!({"Name": "a"}), "Name");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("2 to 4 characters") && found[0].message.contains("(has 1)"), "{}", found[0].message);
    assert_eq!(found[0].quote.as_deref(), Some("the sentence"));
    assert_eq!(found[0].source.as_deref(), Some("doc text"));
    assert!(found[0].to_string().ends_with("[doc text: “the sentence”]"), "{}", found[0]);
    assert!(warned(&e, json!({"Name": "名字很长"}), "Name").is_empty(), "four characters, twelve bytes");
    assert!(!warned(&e, json!({"Name": "名字很长了"}), "Name").is_empty());
    assert!(!warned(&e, json!({"Ids": ["ab", "abcd"]}), "Ids[1]").is_empty());
    assert!(warned(&e, json!({"Ids": ["ab", "abcd"]}), "Ids[0]").is_empty());
    assert!(warned(&e, json!({"Name": 12}), "Name").iter().all(|f| f.rule == "type"), "a number is a type error, not a length");
}

#[test]
fn items_counts_the_list() {
    let e = entry(
        json!([{"name": "InstanceIds", "type": "array", "items": {"name": "item", "type": "string"}}]),
        json!([mined(json!({"check": "items", "path": "InstanceIds", "max": 100}))]),
    );
    let many: Vec<String> = (0..101).map(|i| format!("ins-{i}")).collect();
    let found = warned(&e, json!({ "InstanceIds": many }), "InstanceIds");
    assert!(
        found.iter().any(|f| f.rule == "items" && f.message.contains("at most 100 items") && f.message.contains("(has 101)")),
        "{found:?}"
    );
    assert!(warned(&e, json!({"InstanceIds": many[..100].to_vec()}), "InstanceIds").is_empty());
}

#[test]
fn characters_first_allowed_and_password_classes() {
    let e = entry(
        json!([{"name": "name", "type": "string"}, {"name": "password", "type": "string", "secret": true}]),
        json!([
            mined(json!({"check": "chars", "path": "name", "first": ["letter"], "allowed": ["letter", "digit", {"literal": "-"}]})),
            mined(
                json!({"check": "chars", "path": "password", "require": ["upper", "lower", "digit", {"literal": "~!@#%^*-_=+?"}], "require_at_least": 3})
            )
        ]),
    );
    let first = warned(&e, json!({"name": "1abc"}), "name");
    assert!(first.iter().any(|f| f.message.contains("must start with a letter")), "{first:?}");
    let allowed = warned(&e, json!({"name": "ab_c"}), "name");
    assert!(allowed.iter().any(|f| f.message.contains("'_'")), "names the character found: {allowed:?}");
    assert!(warned(&e, json!({"name": "ab-c9"}), "name").is_empty());
    assert!(!warned(&e, json!({"password": "abcdefgh"}), "password").is_empty(), "one class of four");
    assert!(!warned(&e, json!({"password": "abcd1234"}), "password").is_empty(), "two classes of four");
    assert!(warned(&e, json!({"password": "abcd123!"}), "password").is_empty(), "three classes");
    let rule = &e.rules[1].check;
    let listed = rule_requirements(rule, "abc");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].label.contains("at least 3 of") && !listed[0].met, "{listed:?}");
}

#[test]
fn chinese_characters_are_a_class() {
    let e = entry(
        json!([{"name": "n", "type": "string"}]),
        json!([mined(json!({"check": "chars", "path": "n", "allowed": ["chinese", "letter", "digit", {"literal": "_-"}]}))]),
    );
    assert!(warned(&e, json!({"n": "集群_a-1"}), "n").is_empty());
    assert!(!warned(&e, json!({"n": "集群 a"}), "n").is_empty(), "a space is not allowed");
}

#[test]
fn forbidden_prefixes_suffixes_and_substrings() {
    let e = entry(
        json!([{"name": "Description", "type": "string"}]),
        json!([mined(
            json!({"check": "forbidden", "path": "Description", "prefixes": ["http://", "https://"], "suffixes": ["-"], "substrings": ["aliyun"], "ignore_case": true})
        )]),
    );
    for (bad, words) in [("HTTPS://x", "start with \"https://\""), ("abc-", "end with \"-\""), ("my AliYun box", "contain \"aliyun\"")] {
        let found = warned(&e, json!({ "Description": bad }), "Description");
        assert!(found.iter().any(|f| f.rule == "forbidden" && f.message.contains(words)), "{bad}: {found:?}");
    }
    assert!(warned(&e, json!({"Description": "a web http:// link later"}), "Description").is_empty());
}

#[test]
fn formats_of_addresses_ids_encodings_and_times() {
    let e = entry(
        json!([
            {"name": "ip", "type": "string"}, {"name": "cidr", "type": "string"}, {"name": "id", "type": "string"},
            {"name": "data", "type": "string"}, {"name": "start", "type": "string"}, {"name": "at", "type": "string"}
        ]),
        json!([
            mined(json!({"check": "format", "path": "ip", "format": "ipv4"})),
            mined(json!({"check": "format", "path": "cidr", "format": "cidr"})),
            mined(json!({"check": "format", "path": "id", "format": "uuid"})),
            mined(json!({"check": "format", "path": "data", "format": "base64"})),
            mined(json!({"check": "format", "path": "start", "format": "yyyyMMddHHmmss"})),
            mined(json!({"check": "format", "path": "at", "format": "iso8601"}))
        ]),
    );
    let bad =
        json!({"ip": "10.0.0.256", "cidr": "10.0.0.0", "id": "abc", "data": "not base64!", "start": "2020-06-09", "at": "09/06/2020"});
    for path in ["ip", "cidr", "id", "data", "start", "at"] {
        let found = warned(&e, bad.clone(), path);
        assert!(found.iter().any(|f| f.rule == "format"), "{path}: {found:?}");
    }
    let found = warned(&e, bad.clone(), "start");
    assert!(found[0].message.contains("yyyyMMddHHmmss") && found[0].message.contains("20250124080000"), "{}", found[0].message);
    let good = json!({"ip": "10.0.0.255", "cidr": "10.0.0.0/16", "id": "1f5c9fd6-cd98-4056-ba89-c8c87cc03278", "data": "aGk=", "start": "20200609160000", "at": "2020-06-09T16:00Z"});
    assert!(validate(&e, &good).is_empty(), "{:?}", validate(&e, &good));
}

#[test]
fn unix_times_in_milliseconds_as_numbers_or_text() {
    let e = entry(
        json!([{"name": "at", "type": "integer"}, {"name": "since", "type": "string"}]),
        json!([
            mined(json!({"check": "format", "path": "at", "format": "unix-ms"})),
            mined(json!({"check": "format", "path": "since", "format": "unix-ms"}))
        ]),
    );
    // The same instant in seconds is the mistake this catches.
    let found = warned(&e, json!({"at": 1747730765}), "at");
    assert!(found.iter().any(|f| f.rule == "format" && f.message.contains("milliseconds")), "{found:?}");
    assert!(!warned(&e, json!({"since": "1747730765"}), "since").is_empty());
    assert!(validate(&e, &json!({"at": 1747730765390_u64, "since": "1747730765390"})).is_empty());
}

#[test]
fn offsets_from_gmt_within_twelve_hours() {
    let e =
        entry(json!([{"name": "tz", "type": "string"}]), json!([mined(json!({"check": "format", "path": "tz", "format": "gmt-offset"}))]));
    for bad in ["GMT-13:00", "UTC+01:00", "GMT+1:00", "GMT+12:30", "GMT08:00", "GMT+08:60"] {
        assert!(!warned(&e, json!({ "tz": bad }), "tz").is_empty(), "{bad}");
    }
    for good in ["GMT-12:00", "GMT+12:00", "GMT+08:00", "GMT-03:30", "GMT+00:00"] {
        assert!(validate(&e, &json!({ "tz": good })).is_empty(), "{good}");
    }
}

#[test]
fn listed_values_and_ranges_apply_to_each_item_of_a_list() {
    let e = entry(
        json!([{"name": "Types", "type": "array", "items": {"name": "item", "type": "string"}}, {"name": "Ports", "type": "array", "items": {"name": "item", "type": "integer"}}]),
        json!([
            mined(json!({"check": "one_of", "path": "Types", "values": ["fair", "capacity"]})),
            mined(json!({"check": "range", "path": "Ports", "min": 1, "max": 65535}))
        ]),
    );
    assert!(!warned(&e, json!({"Types": ["fair", "fifo"]}), "Types[1]").is_empty());
    assert!(!warned(&e, json!({"Ports": [80, 70000]}), "Ports[1]").is_empty());
    assert!(validate(&e, &json!({"Types": ["fair", "capacity"], "Ports": [1, 65535]})).is_empty());
}

#[test]
fn required_absent_and_exclusive_under_conditions() {
    let e = entry(
        json!([
            {"name": "enable_publicip", "type": "boolean"}, {"name": "publicip_id", "type": "string"},
            {"name": "adminPass", "type": "string", "secret": true}, {"name": "key_name", "type": "string"},
            {"name": "mode", "type": "string"}, {"name": "period", "type": "integer"}
        ]),
        json!([
            mined(json!({"check": "required", "paths": ["publicip_id"], "when": {"path": "enable_publicip", "equals": true}})),
            mined(json!({"check": "exclusive", "groups": [["adminPass"], ["key_name"]]})),
            mined(json!({"check": "absent", "paths": ["period"], "when": {"path": "mode", "in": ["postPaid", "free"]}}))
        ]),
    );
    let found = warned(&e, json!({"enable_publicip": true}), "publicip_id");
    assert!(found.iter().any(|f| f.message.contains("publicip_id is required when enable_publicip is true")), "{found:?}");
    assert!(warned(&e, json!({"enable_publicip": false}), "publicip_id").is_empty());
    assert!(!warned(&e, json!({"adminPass": "x", "key_name": "k"}), "key_name").is_empty());
    assert!(warned(&e, json!({"key_name": "k"}), "key_name").is_empty());
    let found = warned(&e, json!({"mode": "free", "period": 1}), "period");
    assert!(found.iter().any(|f| f.message.contains("must not be given when mode is \"postPaid\" or \"free\"")), "{found:?}");
    assert!(warned(&e, json!({"mode": "prePaid", "period": 1}), "period").is_empty());
}

#[test]
fn comparisons_and_spans_of_times_in_any_known_form() {
    let e = entry(
        json!([{"name": "StartTime", "type": "string"}, {"name": "EndTime", "type": "string"}, {"name": "Min", "type": "integer"}, {"name": "Max", "type": "integer"}]),
        json!([
            mined(json!({"check": "compare", "path": "EndTime", "op": "gt", "other": "StartTime"})),
            mined(json!({"check": "span", "from": "StartTime", "to": "EndTime", "max": 604800})),
            mined(json!({"check": "compare", "path": "Min", "op": "le", "other": "Max"}))
        ]),
    );
    let before = json!({"StartTime": "2025-01-24T08:00:00Z", "EndTime": "2025-01-24 07:00:00"});
    assert!(warned(&e, before, "EndTime").iter().any(|f| f.rule == "compare" && f.message.contains("greater than StartTime")));
    let long = json!({"StartTime": "20250101000000", "EndTime": "20250109000000"});
    let found = warned(&e, long, "EndTime");
    assert!(found.iter().any(|f| f.rule == "span" && f.message.contains("at most 7 days after StartTime")), "{found:?}");
    assert!(warned(&e, json!({"StartTime": "20250101000000", "EndTime": "20250108000000"}), "EndTime").is_empty());
    let reversed = warned(&e, json!({"StartTime": "20250108000000", "EndTime": "20250101000000"}), "EndTime");
    assert!(reversed.iter().any(|f| f.rule == "span" && f.message.contains("must not be before StartTime")), "{reversed:?}");
    assert!(!warned(&e, json!({"Min": 5, "Max": 4}), "Min").is_empty());
    assert!(warned(&e, json!({"Min": 4, "Max": 4}), "Min").is_empty());
    // Unix times in milliseconds (13 digits): the limit is in seconds all the same.
    let ms = entry(
        json!([{"name": "startDate", "type": "string"}, {"name": "endDate", "type": "string"}]),
        json!([mined(json!({"check": "span", "from": "startDate", "to": "endDate", "max": 604800}))]),
    );
    let found = warned(&ms, json!({"startDate": "1758286647000", "endDate": "1759286647000"}), "endDate");
    assert!(found.iter().any(|f| f.message.contains("at most 7 days after startDate")), "{found:?}");
    assert!(warned(&ms, json!({"startDate": "1758286647000", "endDate": "1758373047000"}), "endDate").is_empty());
    assert!(!warned(&ms, json!({"startDate": "1758286647000", "endDate": "1758200247000"}), "endDate").is_empty());
    // A window of times of day, exactly four hours long, may wrap at midnight.
    let window = entry(
        json!([{"name": "begin", "type": "string"}, {"name": "end", "type": "string"}]),
        json!([mined(json!({"check": "span", "from": "begin", "to": "end", "min": 14400, "max": 14400}))]),
    );
    assert!(validate(&window, &json!({"begin": "22:00:00", "end": "02:00:00"})).is_empty());
    assert!(validate(&window, &json!({"begin": "02:00", "end": "06:00"})).is_empty());
    let found = warned(&window, json!({"begin": "22:00:00", "end": "23:00:00"}), "end");
    assert!(found.iter().any(|f| f.message.contains("must be exactly 4 hours after begin")), "{found:?}");
    let at_least = entry(
        json!([{"name": "lo", "type": "integer"}, {"name": "hi", "type": "integer"}]),
        json!([mined(json!({"check": "span", "from": "lo", "to": "hi", "min": 4}))]),
    );
    assert!(warned(&at_least, json!({"lo": 2, "hi": 5}), "hi").iter().any(|f| f.message.contains("at least 4 after lo")));
    assert!(validate(&at_least, &json!({"lo": 2, "hi": 6})).is_empty());
    // Texts that are no time are not compared (nothing to say, nothing to panic about).
    assert!(warned(&e, json!({"StartTime": "soon", "EndTime": "later"}), "EndTime").is_empty());
}

#[test]
fn the_sample_keeps_the_rules_that_name_its_fields() {
    let e = entry(
        json!([
            {"name": "begin", "type": "string", "required": true, "example": "CDC/CHC"},
            {"name": "kind", "type": "string", "required": true, "example": "CDC/CHC"},
            {"name": "name", "type": "string", "required": true},
            {"name": "ids", "type": "array", "required": true, "items": {"name": "item", "type": "string"}},
            {"name": "net", "type": "object", "required": true, "fields": [{"name": "cidr", "type": "string", "required": true}]}
        ]),
        json!([
            mined(json!({"check": "format", "path": "begin", "format": "yyyyMMddHHmmss"})),
            mined(json!({"check": "one_of", "path": "kind", "values": ["CDC", "CHC"]})),
            mined(json!({"check": "length", "path": "name", "min": 10, "max": 12})),
            mined(json!({"check": "format", "path": "ids", "format": "uuid"})),
            mined(json!({"check": "format", "path": "net.cidr", "format": "cidr"}))
        ]),
    );
    let sample = sample_values(&e);
    assert!(validate(&e, &sample).is_empty(), "{sample}: {:?}", validate(&e, &sample));
    assert_eq!(sample["kind"], json!("CDC"), "a documented example that breaks the listed values is not used");
    for rule in &e.rules {
        let path = cloudreq_core::catalog::rule_paths(rule)[0].to_string();
        let value = path.split('.').fold(&sample, |v, k| &v[k]);
        assert!(keeps(&rule.check, value), "{path}: {value}");
    }
}

#[test]
fn every_new_check_is_read_from_and_written_to_the_catalog_form_unchanged() {
    let rules = json!([
        {"check": "length", "path": "a", "min": 1, "max": 64, "severity": "warning", "source": "doc text", "quote": "长度为1~64个字符"},
        {"check": "items", "path": "a", "max": 100},
        {"check": "chars", "path": "a", "first": ["letter"], "allowed": ["letter", "chinese", {"literal": "-_"}], "require": ["upper", "lower"], "require_at_least": 1},
        {"check": "forbidden", "path": "a", "prefixes": ["http://"], "suffixes": ["."], "substrings": [" "], "ignore_case": true},
        {"check": "format", "path": "a", "format": "yyyy-MM-ddTHH:mm:ssZ"},
        {"check": "absent", "paths": ["a"], "when": {"path": "b", "in": [1, 2]}},
        {"check": "compare", "path": "a", "op": "ge", "other": "b"},
        {"check": "span", "from": "a", "to": "b", "max": 86400}
    ]);
    let e = entry(json!([{"name": "a", "type": "string"}, {"name": "b", "type": "string"}]), rules.clone());
    let written = serde_json::to_value(&e.rules).unwrap();
    let expected: Vec<Value> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().entry("severity").or_insert(json!("error"));
            r
        })
        .collect();
    assert_eq!(whole(written), whole(Value::Array(expected)));
}

/// Numbers as whole numbers where they are (a limit written `86400` may be held as 86400.0).
fn whole(v: Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => json!(x as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, whole(v))).collect()),
        other => other,
    }
}

#[test]
fn a_misspelled_or_incomplete_new_rule_is_refused_with_its_key() {
    for (rule, words) in [
        (json!({"check": "length", "path": "a"}), "needs `min` or `max`"),
        (json!({"check": "length", "path": "a", "max": 1.5}), "is a count"),
        (json!({"check": "format", "path": "a", "format": "phone"}), "unknown format `phone`"),
        (json!({"check": "forbidden", "path": "a", "prefixes": [""]}), "non-empty"),
        (json!({"check": "chars", "path": "a"}), "needs `first`, `allowed` or `require`"),
        (json!({"check": "compare", "path": "a", "op": "ne", "other": "b"}), "unknown variant"),
        (json!({"check": "span", "from": "a", "to": "b", "max": 1, "path": "a"}), "not `path`"),
    ] {
        let err = serde_json::from_value::<cloudreq_core::catalog::Rule>(rule.clone()).expect_err("refused");
        assert!(err.to_string().contains(words), "{rule}: {err}");
    }
}
