//! The catalog as files: a broken file is reported with its name and the key or field at fault,
//! a new operation is one new file, an overlay adds knowledge without touching its base, and
//! rules written on a list apply to each of its items.

use cloudreq_core::catalog::{assemble, check, Catalog, CatalogError, FILES};
use cloudreq_core::request::build;
use cloudreq_core::validate::validate;
use serde_json::json;

/// The project's catalog files, with `changes` applied: (path, Some(text)) adds or replaces a
/// file, (path, None) removes it.
fn files_with(changes: &[(&str, Option<String>)]) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = FILES.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        if let Some(text) = text {
            files.push((path.to_string(), text.clone()));
        }
    }
    files
}

fn original(path: &str) -> String {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| t.to_string()).unwrap()
}

fn errors_of(files: &[(String, String)]) -> Vec<CatalogError> {
    match check(files) {
        Ok(n) => panic!("the broken catalog passed ({n} operations)"),
        Err(errors) => errors,
    }
}

#[track_caller]
fn assert_reported(errors: &[CatalogError], file: &str, words: &[&str]) {
    assert!(
        errors.iter().any(|e| e.file == file && words.iter().all(|w| e.message.contains(w))),
        "no error in {file} with {words:?}: {errors:#?}"
    );
}

const CREATE: &str = "huawei/ddm/v1/CreateInstance.json";
/// The hand-curated knowledge of CREATE (rules, character classes): generated bases have none.
const CREATE_OVERLAY: &str = "huawei/ddm/v1/overlays/CreateInstance.json";
const TENCENT: &str = "tencent/emr/2019-01-03";

#[test]
fn the_project_catalog_passes() {
    let operations = check(FILES).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(operations, cloudreq_core::catalog().entries.len());
}

#[test]
fn a_misspelled_key_is_named_with_its_file() {
    let text = original(CREATE).replacen("\"required\": true", "\"requird\": true", 1);
    let errors = errors_of(&files_with(&[(CREATE, Some(text))]));
    assert_reported(&errors, CREATE, &["unknown field `requird`", "line"]);
    let text = original("huawei/ddm/v1/service.json").replacen("\"endpoint\"", "\"endpoints\"", 1);
    let errors = errors_of(&files_with(&[("huawei/ddm/v1/service.json", Some(text))]));
    assert_reported(&errors, "huawei/ddm/v1/service.json", &["unknown field `endpoints`"]);
    let text = original(CREATE_OVERLAY).replacen("\"check\": \"required\"", "\"check\": \"required\", \"pahts\": []", 1);
    assert_ne!(text, original(CREATE_OVERLAY), "the fixture edit found its target");
    let errors = errors_of(&files_with(&[(CREATE_OVERLAY, Some(text))]));
    assert_reported(&errors, CREATE_OVERLAY, &["unknown field `pahts`"]);
}

#[test]
fn an_unknown_character_class_is_an_error_not_a_set_of_characters() {
    let text = original(CREATE_OVERLAY).replacen("\"letter\"", "\"letters\"", 1);
    assert_ne!(text, original(CREATE_OVERLAY), "the fixture edit found its target");
    let errors = errors_of(&files_with(&[(CREATE_OVERLAY, Some(text))]));
    assert_reported(&errors, CREATE_OVERLAY, &["unknown character class `letters`"]);
    // The old spelling of a literal set is refused too; it must be written {"literal": …}.
    let text = original(CREATE_OVERLAY).replacen("{\n            \"literal\": \"-_\"\n          }", "\"-_\"", 1);
    assert_ne!(text, original(CREATE_OVERLAY), "the fixture edit found its target");
    let errors = errors_of(&files_with(&[(CREATE_OVERLAY, Some(text))]));
    assert_reported(&errors, CREATE_OVERLAY, &["unknown character class `-_`", "literal"]);
}

#[test]
fn structure_problems_name_their_file() {
    let ghost = original(CREATE).replacen("/v1/{project_id}/instances", "/v1/{project_id}/{ghost}/instances", 1);
    let errors = errors_of(&files_with(&[(CREATE, Some(ghost))]));
    assert_reported(&errors, CREATE, &["{ghost}"]);
    // The last mention is in a rule (the first ones are field_overrides keys).
    let text = original(CREATE_OVERLAY);
    let at = text.rfind("\"extend_param.period_type\"").unwrap();
    let rule = format!("{}\"extend_param.period_kind\"{}", &text[..at], &text[at + "\"extend_param.period_type\"".len()..]);
    assert_ne!(rule, original(CREATE_OVERLAY), "the fixture edit found its target");
    let errors = errors_of(&files_with(&[(CREATE_OVERLAY, Some(rule))]));
    assert_reported(&errors, CREATE, &["extend_param.period_kind", "not a field"]);
    let errors = errors_of(&files_with(&[("huawei/ddm/v1/service.json", None)]));
    assert_reported(&errors, CREATE, &["no service.json"]);
    let errors = errors_of(&files_with(&[("huawei/ddm/v1/Stray/Deeper.json", Some("{}".into()))]));
    assert_reported(&errors, "huawei/ddm/v1/Stray/Deeper.json", &["not where catalog files go"]);
    // The same operation under a second version folder would take the same id.
    let service = original(&format!("{TENCENT}/service.json")).replace("2019-01-03", "2020-02-02");
    let errors = errors_of(&files_with(&[
        ("tencent/emr/2020-02-02/service.json", Some(service)),
        ("tencent/emr/2020-02-02/ScaleOutInstance.json", Some(original(&format!("{TENCENT}/ScaleOutInstance.json")))),
    ]));
    assert!(errors.iter().any(|e| e.message.contains("tencent.emr.ScaleOutInstance is also defined")), "{errors:#?}");
    // A variant whose base is missing.
    let variant = original("otc/ddm/v1/CreateInstance.json").replace("huawei.ddm.CreateInstance", "huawei.ddm.Missing");
    let errors = errors_of(&files_with(&[("otc/ddm/v1/CreateInstance.json", Some(variant))]));
    assert_reported(&errors, "otc/ddm/v1/CreateInstance.json", &["huawei.ddm.Missing"]);
}

/// A throw-away operation: one new file in an existing service folder.
fn throwaway() -> String {
    json!({
        "title": "Describe a throw-away thing (test fixture)",
        "doc": "https://example.invalid/doc",
        "method": "POST",
        "path": "/",
        "action": "DescribeThrowaway",
        "fields": [
            {"name": "InstanceId", "type": "string", "required": true, "description": "Which instance."},
            {"name": "Limit", "type": "integer", "description": "How many."},
            {"name": "Items", "type": "array", "description": "Rows.",
             "items": {"name": "item", "type": "object", "description": "One row.", "fields": [
                 {"name": "Kind", "type": "string", "description": "Kind of row."},
                 {"name": "Size", "type": "integer", "description": "Size of a disk row."}]},
             "rules": [{"when": {"path": "Kind", "equals": "disk"}, "check": "required", "paths": ["Size"], "source": "fixture"}]}
        ],
        "examples": [{"title": "one", "source": "fixture", "url": "https://emr.tencentcloudapi.com/", "region": "ap-guangzhou",
                      "body": {"InstanceId": "emr-1", "Items": [{"Kind": "disk", "Size": 10}]}}],
        "response": {"status": 200, "fields": [], "error_shape": "{\"Response\":{\"Error\"}}"},
        "errors": [{"code": "InvalidParameter", "meaning": "a parameter is wrong"}]
    })
    .to_string()
}

#[test]
fn a_new_operation_is_one_new_file() {
    let files = files_with(&[(&format!("{TENCENT}/DescribeThrowaway.json"), Some(throwaway()))]);
    let before = cloudreq_core::catalog().entries.len();
    assert_eq!(check(&files).unwrap_or_else(|e| panic!("{e:#?}")), before + 1);
    let catalog = Catalog::from_files(&files).unwrap();
    let entry = catalog.get("tencent.emr.DescribeThrowaway").expect("the new operation is listed");
    // It takes the service's host, version and headers from service.json.
    let request = build(entry, &json!({"InstanceId": "emr-1"}), "ap-guangzhou").unwrap();
    assert_eq!(request.host, "emr.tencentcloudapi.com");
    assert_eq!(request.header("X-TC-Action"), Some("DescribeThrowaway"));
    assert_eq!(request.header("X-TC-Version"), Some("2019-01-03"));
}

#[test]
fn rules_on_a_list_apply_to_each_item() {
    let files = files_with(&[(&format!("{TENCENT}/DescribeThrowaway.json"), Some(throwaway()))]);
    let catalog = Catalog::from_files(&files).unwrap();
    let entry = catalog.get("tencent.emr.DescribeThrowaway").unwrap();
    let values = json!({"InstanceId": "emr-1", "Items": [{"Kind": "disk", "Size": 1}, {"Kind": "disk"}, {"Kind": "net"}]});
    let findings = validate(entry, &values);
    let paths: Vec<String> = findings.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(paths, ["Items[1].Size"], "{findings:#?}");
    // A list rule naming a member the items lack is a catalog error.
    let broken = throwaway().replace("\"paths\":[\"Size\"]", "\"paths\":[\"Sise\"]");
    assert_ne!(broken, throwaway());
    let errors = errors_of(&files_with(&[(&format!("{TENCENT}/DescribeThrowaway.json"), Some(broken))]));
    assert_reported(&errors, &format!("{TENCENT}/DescribeThrowaway.json"), &["Sise"]);
}

#[test]
fn an_example_that_breaks_its_own_rules_is_reported() {
    let broken = throwaway().replace("{\"Kind\":\"disk\",\"Size\":10}", "{\"Kind\":\"disk\"}");
    assert_ne!(broken, throwaway());
    let errors = errors_of(&files_with(&[(&format!("{TENCENT}/DescribeThrowaway.json"), Some(broken))]));
    assert_reported(&errors, &format!("{TENCENT}/DescribeThrowaway.json"), &["example 1", "Items[0].Size"]);
}

#[test]
fn an_overlay_adds_knowledge_to_its_operation() {
    let overlay = json!({
        "source": "fixture: the doc page says Limit is 1 to 100",
        "field_overrides": {"Limit": {"min": 1, "max": 100, "note": "from the doc text"}},
        "rules": [{"when": {"path": "Limit", "present": true}, "check": "required", "paths": ["Items"], "source": "fixture"}],
        "notes": ["Limit comes from the doc text (fixture)."]
    })
    .to_string();
    let op = format!("{TENCENT}/DescribeThrowaway.json");
    let overlay_path = format!("{TENCENT}/overlays/DescribeThrowaway.json");
    let files = files_with(&[(&op, Some(throwaway())), (&overlay_path, Some(overlay.clone()))]);
    let catalog = Catalog::from_files(&files).unwrap_or_else(|e| panic!("{e:#?}"));
    let entry = catalog.get("tencent.emr.DescribeThrowaway").unwrap();
    let findings = validate(entry, &json!({"InstanceId": "emr-1", "Limit": 500}));
    let rules: Vec<(String, &str)> = findings.iter().map(|f| (f.path.to_string(), f.rule.as_str())).collect();
    assert_eq!(rules, [("Limit".to_string(), "range"), ("Items".to_string(), "required")], "{findings:#?}");
    assert!(entry.notes.iter().any(|n| n.contains("fixture")));
    // The base file alone has none of it.
    let base_only = Catalog::from_files(&files_with(&[(&op, Some(throwaway()))])).unwrap();
    assert!(validate(base_only.get("tencent.emr.DescribeThrowaway").unwrap(), &json!({"InstanceId": "e", "Limit": 500})).is_empty());
    // An overlay pointing at a field that is not there, or at no operation, is an error.
    let stray = overlay.replace("\"Limit\":{", "\"Limitt\":{");
    let errors = errors_of(&files_with(&[(&op, Some(throwaway())), (&overlay_path, Some(stray))]));
    assert_reported(&errors, &overlay_path, &["no field Limitt"]);
    let errors = errors_of(&files_with(&[(&overlay_path, Some(overlay.clone()))]));
    assert_reported(&errors, &overlay_path, &["tencent.emr.DescribeThrowaway"]);
    let misspelled = overlay.replace("\"max\":100", "\"maximum\":100");
    let errors = errors_of(&files_with(&[(&op, Some(throwaway())), (&overlay_path, Some(misspelled))]));
    assert_reported(&errors, &overlay_path, &["unknown field `maximum`"]);
}

#[test]
fn assembling_the_files_gives_the_compiled_catalog() {
    let entries = assemble(FILES).unwrap();
    assert_eq!(entries, cloudreq_core::catalog().entries);
}

#[test]
fn a_variant_carries_its_own_description_language_and_deprecation() {
    // A Chinese-described Huawei operation, varied by another cloud in English and marked
    // outdated there; the base keeps its own.
    let variant = json!({
        "generated": "fixture",
        "base": "huawei.ddm.UpdateInstanceParam",
        "title": "Change parameters (fixture)",
        "description": "Changes parameters of an instance (fixture).",
        "lang": "en",
        "deprecated": true,
        "remove_fields": ["X-Language"]
    })
    .to_string();
    let path = "otc/ddm/v1/ParamThrowaway.json";
    let catalog = Catalog::from_files(&files_with(&[(path, Some(variant.clone()))])).unwrap_or_else(|e| panic!("{e:#?}"));
    let entry = catalog.get("otc.ddm.ParamThrowaway").unwrap();
    let base = catalog.get("huawei.ddm.UpdateInstanceParam").unwrap();
    assert_eq!((entry.lang.code(), entry.deprecated), ("en", true));
    assert_eq!(entry.description, "Changes parameters of an instance (fixture).");
    assert_eq!((base.lang.code(), base.deprecated), ("zh", false));
    assert!(base.fields.iter().any(|f| f.name == "X-Language") && !entry.fields.iter().any(|f| f.name == "X-Language"));
    // A misspelled key of a variant is named too.
    let errors = errors_of(&files_with(&[(path, Some(variant.replace("\"deprecated\"", "\"deprecate\"")))]));
    assert_reported(&errors, path, &["unknown field `deprecate`"]);
}
