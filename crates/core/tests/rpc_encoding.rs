//! Alibaba RPC parameters that are not flattened into the query: `"in": "body"` (a form body)
//! and `"encode": "json"` (one compact JSON text). Expected bytes follow what the official SDK
//! does (`Utils.to_form`: names sorted, urlencode with `+` for spaces; `to_jsonstring`: compact
//! separators, non-ASCII kept as UTF-8); the oracle tests compare every operation with the SDK.

use cloudreq_core::catalog::assemble;
use cloudreq_core::request::{build, FORM_CONTENT_TYPE};
use serde_json::json;

const SERVICE: &str = r#"{
  "cloud": "alibaba", "service": "demo", "version": "2021-03-20", "api_version": "2021-03-20", "style": "rpc",
  "headers": [{"name": "x-acs-action", "value": "{action}"}, {"name": "x-acs-version", "value": "{version}"}],
  "endpoint": {"host": "demo.{region}.aliyuncs.com", "regions": [{"id": "cn-hangzhou", "name": "Hangzhou"}], "default_region": "cn-hangzhou"}
}"#;

fn entry(operation: &str) -> cloudreq_core::catalog::Entry {
    let files =
        [("alibaba/demo/2021-03-20/service.json", SERVICE.to_string()), ("alibaba/demo/2021-03-20/Act.json", operation.to_string())];
    assemble(&files).unwrap_or_else(|e| panic!("{e:?}")).remove(0)
}

const OPERATION: &str = r#"{
  "generated": "test", "title": "t", "doc": "https://example.com/d", "method": "POST", "path": "/", "action": "Act",
  "fields": [
    {"name": "RegionId", "type": "string", "region_default": true},
    {"name": "ClusterName", "type": "string", "in": "body"},
    {"name": "Tags", "type": "array", "in": "body", "items": {"name": "item", "type": "object", "fields": [
      {"name": "Key", "type": "string"}, {"name": "Value", "type": "string"}]}},
    {"name": "Applications", "type": "array", "in": "body", "encode": "json", "items": {"name": "item", "type": "object", "fields": [
      {"name": "ApplicationName", "type": "string"}, {"name": "Version", "type": "string"}]}},
    {"name": "UserNames", "type": "array", "encode": "json", "items": {"name": "item", "type": "string"}}
  ],
  "response": {"status": 200, "fields": [], "error_shape": "{}"}
}"#;

#[test]
fn body_parameters_travel_as_a_sorted_form() {
    let entry = entry(OPERATION);
    let values = json!({
        "ClusterName": "a b/é&=",
        "Tags": [{"Key": "k1", "Value": "v 1"}],
        "Applications": [{"Version": "3.2", "ApplicationName": "HDFS"}],
        "UserNames": ["ann", "李"]
    });
    let req = build(&entry, &values, "cn-hangzhou").unwrap();
    let body = String::from_utf8(req.body.clone()).unwrap();
    assert_eq!(
        body,
        "Applications=%5B%7B%22ApplicationName%22%3A%22HDFS%22%2C%22Version%22%3A%223.2%22%7D%5D\
         &ClusterName=a+b%2F%C3%A9%26%3D&Tags.1.Key=k1&Tags.1.Value=v+1"
    );
    assert!(req.headers.iter().any(|(k, v)| k == "Content-Type" && v == FORM_CONTENT_TYPE), "{:?}", req.headers);
    // Query: RegionId from the region, UserNames as JSON text (members in catalog order, UTF-8 kept).
    assert_eq!(
        req.query,
        vec![("RegionId".to_string(), "cn-hangzhou".to_string()), ("UserNames".to_string(), r#"["ann","李"]"#.to_string())]
    );
}

#[test]
fn a_json_parameter_given_as_text_is_sent_unchanged() {
    let entry = entry(OPERATION);
    let req = build(&entry, &json!({"UserNames": "[\"x\"]"}), "cn-hangzhou").unwrap();
    assert!(req.query.contains(&("UserNames".to_string(), "[\"x\"]".to_string())));
    assert!(req.body.is_empty(), "no body parameter given, no body");
    assert!(!req.headers.iter().any(|(k, _)| k == "Content-Type"));
}

#[test]
fn encode_is_refused_where_it_cannot_apply() {
    let nested = OPERATION.replace(r#"{"name": "Key", "type": "string"}"#, r#"{"name": "Key", "type": "string", "encode": "json"}"#);
    let files = [("alibaba/demo/2021-03-20/service.json", SERVICE.to_string()), ("alibaba/demo/2021-03-20/Act.json", nested)];
    let errors = assemble(&files).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("Tags.Key") || e.message.contains("Key: \"encode\"")), "{errors:?}");
}
