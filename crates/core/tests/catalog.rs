//! Catalog consistency, and every documented example request rebuilt from the catalog.

use cloudreq_core::catalog::{catalog, rule_paths, Check, Entry, Field, FieldType, Location};
use cloudreq_core::request::{build, import};
use cloudreq_core::sample::sample_values;
use cloudreq_core::validate::{has_errors, validate, validate_region};
use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::collections::BTreeSet;

/// The operation ids the catalog folder holds, read from the file names (not a copied list).
fn ids_from_file_names() -> BTreeSet<String> {
    cloudreq_core::catalog::FILES
        .iter()
        .filter_map(|(path, _)| match path.split('/').collect::<Vec<_>>().as_slice() {
            [cloud, service, _, file] if *file != "service.json" => Some(format!("{cloud}.{service}.{}", file.trim_end_matches(".json"))),
            _ => None,
        })
        .collect()
}

#[test]
fn catalog_loads_every_operation_file_once() {
    let cat = catalog();
    assert_eq!(cat.load_error, None);
    let ids: Vec<&str> = cat.entries.iter().map(|e| e.id.as_str()).collect();
    let unique: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    assert_eq!(unique, ids_from_file_names());
    assert!(ids.contains(&"huawei.dcs.CancelInstanceResize"), "the hand-written operation is there");
    for e in &cat.entries {
        assert!(e.id.starts_with(&format!("{}.{}.", e.cloud.as_str(), e.service)), "{}: id prefix", e.id);
        assert!(e.doc.starts_with("https://"), "{}: doc link", e.id);
        // Hand-curated operations carry documented examples and their error codes; every
        // operation, generated ones too, can be tried at once with values that pass its rules.
        if !e.examples.is_empty() {
            assert!(!e.errors.is_empty(), "{}: no error codes", e.id);
        }
        let sample = sample_values(e);
        let findings = validate(e, &sample);
        assert!(!has_errors(&findings), "{}: the sample values break rules: {findings:#?}\nvalues: {sample}", e.id);
    }
}

fn placeholders(template: &str) -> BTreeSet<String> {
    template.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).map(str::to_string).collect()
}

#[test]
fn path_placeholders_and_path_fields_match() {
    for e in &catalog().entries {
        let declared: BTreeSet<String> = e.fields.iter().filter(|f| e.location_of(f) == Location::Path).map(|f| f.name.clone()).collect();
        assert_eq!(placeholders(&e.path), declared, "{}: path placeholders vs path fields", e.id);
        for f in e.fields.iter().filter(|f| e.location_of(f) == Location::Path) {
            assert!(f.required, "{}: path field {} must be required", e.id, f.name);
        }
    }
}

/// Generated operations may leave a field without description when both sources do (Alibaba:
/// 366 fields of EMR and ECS); hand-curated ones (those with documented examples) may not.
fn generated_and_bare(id: &str) -> bool {
    catalog().get(id).is_some_and(|e| e.examples.is_empty())
}

fn check_field_shape(id: &str, path: &str, f: &Field) {
    assert!(!f.name.is_empty(), "{id}: {path}: empty name");
    // The item of a list may leave its description to the list's.
    let described = !f.description.trim().is_empty() || path.ends_with("[]");
    assert!(described || generated_and_bare(id), "{id}: {path}: no description");
    match f.ty {
        FieldType::Enum => assert!(!f.values.is_empty(), "{id}: {path}: enum without values"),
        FieldType::Array => assert!(f.items.is_some(), "{id}: {path}: array without items"),
        FieldType::Object => assert!(!f.fields.is_empty(), "{id}: {path}: object without fields"),
        _ => {}
    }
    if let Some(d) = &f.default {
        if f.ty == FieldType::Enum {
            assert!(f.values.iter().any(|v| &v.value == d), "{id}: {path}: default {d} not among values");
        }
    }
    for m in &f.fields {
        check_field_shape(id, &format!("{path}.{}", m.name), m);
    }
    if let Some(items) = &f.items {
        check_field_shape(id, &format!("{path}[]"), items);
    }
}

/// Resolves a dotted rule path against a field list.
fn resolves(fields: &[Field], path: &str) -> bool {
    let mut list = fields;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(f) = list.iter().find(|f| f.name == part) else { return false };
        if parts.peek().is_some() {
            list = &f.fields;
        }
    }
    true
}

fn check_nested_rules(id: &str, f: &Field) {
    let scope = f.items.as_deref().unwrap_or(f);
    for rule in &f.rules {
        for p in rule_paths(rule) {
            assert!(resolves(&scope.fields, p), "{id}: rule on {} names unknown field {p}", f.name);
        }
    }
    for m in scope.fields.iter().chain(f.fields.iter()) {
        check_nested_rules(id, m);
    }
}

#[test]
fn fields_are_complete_and_rules_name_real_fields() {
    for e in &catalog().entries {
        for f in &e.fields {
            check_field_shape(&e.id, &f.name, f);
            check_nested_rules(&e.id, f);
        }
        for rule in &e.rules {
            for p in rule_paths(rule) {
                assert!(resolves(&e.fields, p), "{}: rule names unknown field {p}", e.id);
            }
            if matches!(rule.check, Check::Hint { .. }) {
                assert!(rule.message.is_some(), "{}: a hint needs a message", e.id);
            }
        }
    }
}

#[test]
fn endpoints_resolve_for_every_listed_region() {
    for e in &catalog().entries {
        assert!(e.region(&e.endpoint.default_region).is_some(), "{}: default region not listed", e.id);
        for r in &e.endpoint.regions {
            assert!(validate_region(e, &r.id).is_empty(), "{}: region {} rejected", e.id, r.id);
            let host = cloudreq_core::request::host_for(e, &r.id);
            assert!(!host.contains('{') && host.contains('.'), "{}: host {host}", e.id);
        }
    }
}

fn decoded_query(query: &str) -> BTreeSet<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let d = |s: &str| percent_decode_str(s).decode_utf8().expect("utf-8").into_owned();
            (d(k), d(v))
        })
        .collect()
}

fn region_for(e: &Entry, ex: &cloudreq_core::catalog::Example, imported: Option<String>) -> String {
    ex.region.clone().or(imported).unwrap_or_else(|| e.endpoint.default_region.clone())
}

#[test]
fn every_documented_example_is_rebuilt_exactly_and_passes_its_rules() {
    let mut checked = 0;
    for e in &catalog().entries {
        for ex in &e.examples {
            let imported = import(e, &ex.url, ex.body.as_ref()).unwrap_or_else(|err| panic!("{}: {err}", ex.title));
            // A masked secret ("****") stands for a value the page hides; no rule judges it.
            let findings: Vec<_> = validate(e, &imported.values)
                .into_iter()
                .filter(|f| !cloudreq_core::catalog::is_mask(f.path.get(&imported.values)))
                .collect();
            assert!(!has_errors(&findings), "{} / {}: example breaks rules: {findings:#?}", e.id, ex.title);
            let region = region_for(e, ex, imported.region);
            let req = build(e, &imported.values, &region).expect("builds");
            assert_eq!(req.method, e.method);
            let (url_base, url_query) = ex.url.split_once('?').unwrap_or((&ex.url, ""));
            assert_eq!(format!("{}://{}{}", req.scheme, req.host, req.path), url_base, "{}: URL", ex.title);
            assert_eq!(decoded_query(&req.query_string()), decoded_query(url_query), "{}: query", ex.title);
            match &ex.body {
                Some(body) => {
                    let sent: Value = serde_json::from_slice(&req.body).expect("JSON body");
                    assert_eq!(&sent, body, "{}: body", ex.title);
                }
                None if e.fields.iter().any(|f| e.location_of(f) == Location::Body) => {}
                None => assert!(req.body.is_empty(), "{}: unexpected body", ex.title),
            }
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} examples");
}

#[test]
fn alibaba_example_query_is_the_canonical_query_of_the_sdk_vector() {
    // alibaba.md §4 vector 1: the canonical query string the official SDK signed.
    let expected = "ApplicationConfigs.1.ApplicationName=HDFS&ApplicationConfigs.1.ConfigFileName=hdfs-site.xml&ApplicationConfigs.1.ConfigItemKey=dfs.namenode.checkpoint.period&ApplicationConfigs.1.ConfigItemValue=3600s&ApplicationConfigs.1.ConfigScope=CLUSTER&ApplicationConfigs.2.ApplicationName=YARN&ApplicationConfigs.2.ConfigFileName=mapred-site.xml&ApplicationConfigs.2.ConfigItemKey=mapreduce.map.java.opts&ApplicationConfigs.2.ConfigItemValue=-Xmx2048m%20-XX%3A%2BUseG1GC%20-Dlog.pattern%3D%2Fvar%2Flog%2F%2A.log&ApplicationConfigs.2.ConfigScope=NODE_GROUP&ApplicationConfigs.2.NodeGroupName=core-1&AutoPayOrder=true&AutoRenew=false&ClusterId=c-b933c5aac8fe1234&IncreaseNodeCount=3&MinIncreaseNodeCount=1&NodeGroupId=ng-869471354ecd5678&PaymentDuration=12&PaymentDurationUnit=Month&RegionId=cn-hangzhou";
    let e = catalog().get("alibaba.emr.IncreaseNodes").unwrap();
    let values = serde_json::json!({
        "ClusterId": "c-b933c5aac8fe1234", "NodeGroupId": "ng-869471354ecd5678", "IncreaseNodeCount": 3,
        "MinIncreaseNodeCount": 1, "AutoPayOrder": true, "AutoRenew": false, "PaymentDuration": 12,
        "PaymentDurationUnit": "Month",
        "ApplicationConfigs": [
            {"ApplicationName": "HDFS", "ConfigFileName": "hdfs-site.xml", "ConfigItemKey": "dfs.namenode.checkpoint.period", "ConfigItemValue": "3600s", "ConfigScope": "CLUSTER"},
            {"ApplicationName": "YARN", "ConfigFileName": "mapred-site.xml", "ConfigItemKey": "mapreduce.map.java.opts", "ConfigItemValue": "-Xmx2048m -XX:+UseG1GC -Dlog.pattern=/var/log/*.log", "ConfigScope": "NODE_GROUP", "NodeGroupName": "core-1"}
        ]
    });
    let req = build(e, &values, "cn-hangzhou").unwrap();
    assert_eq!(req.query_string(), expected);
    assert_eq!(req.host, "emr.cn-hangzhou.aliyuncs.com");
    assert!(req.body.is_empty());
    assert_eq!(req.header("x-acs-action"), Some("IncreaseNodes"));
}

#[test]
fn tencent_body_is_compact_ascii_json_with_region_header() {
    let e = catalog().get("tencent.emr.ScaleOutInstance").unwrap();
    let values = serde_json::json!({"TimeUnit":"m","TimeSpan":1,"InstanceId":"emr-cf00laqw","PayMode":1,"TaskCount":3,"Tags":[{"TagKey":"owner","TagValue":"数据平台"}],"StartServiceAfterScaleOut":"true","AutoRenew":1});
    let req = build(e, &values, "ap-shanghai").unwrap();
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        r#"{"TimeUnit":"m","TimeSpan":1,"InstanceId":"emr-cf00laqw","PayMode":1,"TaskCount":3,"Tags":[{"TagKey":"owner","TagValue":"\u6570\u636e\u5e73\u53f0"}],"StartServiceAfterScaleOut":"true","AutoRenew":1}"#
    );
    assert_eq!(req.header("X-TC-Region"), Some("ap-shanghai"));
    assert_eq!(req.header("X-TC-Action"), Some("ScaleOutInstance"));
    assert_eq!(req.header("X-TC-Version"), Some("2019-01-03"));
    assert_eq!(req.path, "/");
}

#[test]
fn path_parameters_are_percent_encoded() {
    let e = catalog().get("huawei.dcs.CancelInstanceResize").unwrap();
    let values = serde_json::json!({"project_id": "p 1/ü", "instance_id": "a*b", "task_id": "t~x"});
    let req = build(e, &values, "cn-north-4").unwrap();
    assert_eq!(req.path, "/v2/p%201%2F%C3%BC/instances/a%2Ab/resize/cancel/t~x");
    assert_eq!(req.host, "dcs.cn-north-4.myhuaweicloud.com");
    assert!(req.body.is_empty());
    let e = catalog().get("huawei.ddm.CreateInstance").unwrap();
    assert_eq!(cloudreq_core::request::host_for(e, "eu-west-101"), "ddm.eu-west-101.myhuaweicloud.eu");
}

#[test]
fn unknown_members_are_still_sent_with_force() {
    let e = catalog().get("huawei.ddm.ExpandInstanceNodes").unwrap();
    let values = serde_json::json!({"project_id": "p", "instance_id": "i", "node_number": 1, "flavor_id": "f", "extra": {"x": 1}});
    assert!(has_errors(&validate(e, &values)));
    let req = build(e, &values, "cn-north-4").unwrap();
    assert_eq!(String::from_utf8(req.body).unwrap(), r#"{"flavor_id":"f","node_number":1,"extra":{"x":1}}"#);
}

#[test]
fn one_entry_assembled_from_its_own_files_equals_the_full_catalogs() {
    let cat = catalog();
    let ids: Vec<String> = cloudreq_core::catalog::ids().collect();
    assert_eq!(ids.len(), cat.entries.len(), "ids from file names");
    for e in &cat.entries {
        let alone = cloudreq_core::catalog::entry(&e.id).unwrap_or_else(|| panic!("{} does not load alone", e.id));
        assert_eq!(alone, e, "{}", e.id);
    }
    assert!(cloudreq_core::catalog::entry("no.such.Operation").is_none());
    assert!(cloudreq_core::catalog::entry("tencent.emr").is_none());
}
