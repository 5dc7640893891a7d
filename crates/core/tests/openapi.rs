//! The OpenAPI mapping of single fields and of a small hand-written service: limits, enums,
//! nesting, rules OpenAPI cannot state, shared error codes, servers. Expectations are written out
//! by hand; the oracle test (tests/oracle/test_openapi.py) validates the whole catalog's documents.

use cloudreq_core::catalog::{catalog, Field};
use cloudreq_core::openapi::{document, field_schema, path_key, services};
use serde_json::{json, Value};

fn field(v: Value) -> Field {
    serde_json::from_value(v).expect("a valid field")
}

#[test]
fn a_string_and_an_integer_keep_their_limits() {
    let name = field(json!({
        "name": "name", "type": "string", "required": true, "description": "Instance name.",
        "min_length": 4, "max_length": 64, "example": "ddm-01",
        "chars": {"first": ["letter"], "allowed": ["letter", "digit", {"literal": "-_"}]}
    }));
    let s = field_schema(&name);
    assert_eq!(s["type"], "string");
    assert_eq!(s["minLength"], json!(4));
    assert_eq!(s["maxLength"], json!(64));
    assert_eq!(s["pattern"], r"^[A-Za-z][A-Za-z0-9\-_]*$");
    assert_eq!(s["examples"], json!(["ddm-01"]));
    assert!(s["description"].as_str().unwrap().starts_with("Instance name. Characters: starts with one of: letters"), "{s}");

    let count = field(json!({"name": "node_number", "type": "integer", "min": 2, "max": 32, "default": 2}));
    let s = field_schema(&count);
    // Whole bounds stay integers (2, not 2.0), as the catalog writes them.
    assert_eq!(
        (s["type"].clone(), s["minimum"].clone(), s["maximum"].clone(), s["default"].clone()),
        (json!("integer"), json!(2), json!(32), json!(2))
    );

    let password = field(json!({
        "name": "pwd", "type": "string", "secret": true, "min_length": 8,
        "chars": {"allowed": ["letter", "digit", {"literal": "!^"}], "require": ["upper", "digit"]}
    }));
    let s = field_schema(&password);
    assert_eq!(s["pattern"], r"^(?=[\s\S]*[A-Z])(?=[\s\S]*[0-9])[A-Za-z0-9!\^]*$");
    assert_eq!((s["format"].clone(), s["writeOnly"].clone()), (json!("password"), json!(true)));

    // "Two of three" cannot be a lookahead chain: no pattern part for it, the words say it.
    let some = field(json!({"name": "p", "type": "string", "chars": {"require": ["upper", "lower", "digit"], "require_at_least": 2}}));
    let s = field_schema(&some);
    assert!(s.get("pattern").is_none(), "{s}");
    assert!(s["description"].as_str().unwrap().contains("at least 2 of: uppers, lowers, digits"), "{s}");
}

#[test]
fn an_enum_lists_its_values_with_their_labels() {
    let mode = field(json!({
        "name": "PayMode", "type": "enum", "required": true, "description": "Billing.",
        "values": [{"value": "PREPAID", "label": "monthly subscription"}, {"value": "POSTPAID_BY_HOUR"}]
    }));
    let s = field_schema(&mode);
    assert_eq!(s["type"], "string");
    assert_eq!(s["enum"], json!(["PREPAID", "POSTPAID_BY_HOUR"]));
    assert_eq!(s["x-cloudreq-enum-labels"], json!({"PREPAID": "monthly subscription"}));
    assert_eq!(s["description"], "Billing. Values: `PREPAID`: monthly subscription.");

    let period = field(json!({"name": "Period", "type": "enum", "values": [{"value": 1}, {"value": 12}], "default": 1}));
    let s = field_schema(&period);
    assert_eq!((s["type"].clone(), s["enum"].clone(), s["default"].clone()), (json!("integer"), json!([1, 12]), json!(1)));

    let flag = field(json!({"name": "Flag", "type": "string_bool"}));
    assert_eq!(field_schema(&flag)["enum"], json!(["true", "false"]));
}

#[test]
fn an_array_of_objects_nests_items_members_and_their_limits() {
    let groups = field(json!({
        "name": "groups", "type": "array", "min_items": 1, "max_items": 10, "description": "Node groups.",
        "items": {
            "name": "item", "type": "object",
            "fields": [
                {"name": "id", "type": "string", "required": true},
                {"name": "zones", "type": "array", "max_items": 3, "items": {"name": "zone", "type": "string"}},
                {"name": "size", "type": "object", "fields": [{"name": "count", "type": "integer", "min": 1, "required": true}]}
            ]
        }
    }));
    let s = field_schema(&groups);
    assert_eq!((s["type"].clone(), s["minItems"].clone(), s["maxItems"].clone()), (json!("array"), json!(1), json!(10)));
    let item = &s["items"];
    assert_eq!(item["type"], "object");
    assert_eq!(item["required"], json!(["id"]));
    assert_eq!(item["properties"]["zones"]["maxItems"], json!(3));
    assert_eq!(item["properties"]["zones"]["items"]["type"], "string");
    assert_eq!(item["properties"]["size"]["required"], json!(["count"]));
    assert_eq!(item["properties"]["size"]["properties"]["count"]["minimum"], json!(1));
    assert_eq!(item["properties"].as_object().unwrap().keys().collect::<Vec<_>>(), ["id", "zones", "size"]);
}

/// A small Huawei-style service written out here: one operation with a conditional rule, an
/// exclusive pair, a path parameter, and an error code every operation shares.
fn small_service() -> Value {
    let files = [
        (
            "huawei/demo/v1/service.json",
            json!({
                "cloud": "huawei", "service": "demo", "version": "v1", "style": "json",
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "endpoint": {
                    "host": "demo.{region}.example.com", "default_region": "r-2",
                    "regions": [{"id": "r-1", "name": "One"}, {"id": "r-2"}, {"id": "r-x", "host": "demo.central.example.com"}]
                },
                "errors": [{"code": "APIGW.0301", "status": 401, "meaning": "Bad token."}]
            }),
        ),
        (
            "huawei/demo/v1/Buy.json",
            json!({
                "title": "Buy a thing", "doc": "https://example.com/doc", "method": "POST", "path": "/v1/{project_id}/things",
                "fields": [
                    {"name": "project_id", "type": "string", "in": "path", "required": true},
                    {"name": "pay_mode", "type": "enum", "values": [{"value": "prePaid"}, {"value": "postPaid"}], "required": true},
                    {"name": "period", "type": "integer", "min": 1, "max": 9},
                    {"name": "zone", "type": "string"},
                    {"name": "zones", "type": "array", "items": {"name": "z", "type": "string"}}
                ],
                "rules": [
                    {"when": {"path": "pay_mode", "equals": "prePaid"}, "check": "required", "paths": ["period"],
                     "message": "A subscription needs its period."},
                    {"check": "exclusive", "groups": [["zone"], ["zones"]], "severity": "warning"}
                ],
                "response": {"status": 200, "fields": [{"name": "id", "type": "string"}], "error_shape": "{\"error_code\",\"error_msg\"}"},
                "errors": [{"code": "DEMO.0001", "status": 400, "meaning": "Bad thing."}]
            }),
        ),
    ];
    let texts: Vec<(String, String)> = files.iter().map(|(p, v)| (p.to_string(), v.to_string())).collect();
    let all = services(&texts).expect("the small catalog assembles");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].file_name(), "huawei.demo.v1.openapi.json");
    document(&all[0])
}

#[test]
fn a_conditional_rule_lands_in_x_cloudreq_rules_and_the_description() {
    let doc = small_service();
    let op = &doc["paths"]["/v1/{project_id}/things"]["post"];
    assert_eq!(op["operationId"], "huawei.demo.Buy");
    let rules = op["x-cloudreq-rules"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0]["check"], "required");
    assert_eq!(rules[0]["when"], json!({"path": "pay_mode", "equals": "prePaid"}));
    assert_eq!(rules[0]["paths"], json!(["period"]));
    assert_eq!(rules[0]["scope"], "");
    assert_eq!(rules[0]["text"], "when pay_mode is \"prePaid\": `period` is required — A subscription needs its period.");
    assert_eq!(rules[1]["text"], "at most one of [`zone`] / [`zones`] (warning)");
    let description = op["description"].as_str().unwrap();
    assert!(description.contains("- when pay_mode is \"prePaid\": `period` is required"), "{description}");
    // Conditionally required is not required: only pay_mode is, in the body schema.
    let body = &op["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["required"], json!(["pay_mode"]));
    assert_eq!(body["properties"]["period"]["maximum"], json!(9));
    let path = op["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "project_id").unwrap();
    assert_eq!((path["in"].clone(), path["required"].clone()), (json!("path"), json!(true)));
}

#[test]
fn shared_error_codes_servers_and_auth_of_the_small_service() {
    let doc = small_service();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], "v1");
    let responses = &doc["paths"]["/v1/{project_id}/things"]["post"]["responses"];
    assert_eq!(responses["400"]["x-cloudreq-error-codes"][0]["code"], "DEMO.0001");
    assert_eq!(responses["401"], json!({"$ref": "#/components/responses/common-401"}));
    assert_eq!(doc["components"]["responses"]["common-401"]["x-cloudreq-error-codes"][0]["code"], "APIGW.0301");
    assert_eq!(
        doc["servers"],
        json!([
            {"url": "https://demo.{region}.example.com", "description": "The region's own host (2 regions).",
             "variables": {"region": {"default": "r-2", "enum": ["r-1", "r-2"], "description": "r-1: One; r-2"}}},
            {"url": "https://demo.central.example.com", "description": "Serves r-x."}
        ])
    );
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert_eq!(schemes["HuaweiSdkHmacSha256"]["name"], "Authorization");
    assert_eq!(schemes["HuaweiIamToken"]["name"], "X-Auth-Token");
    assert_eq!(doc["security"], json!([{"HuaweiSdkHmacSha256": []}, {"HuaweiIamToken": []}]));
}

#[test]
fn rpc_operations_get_path_keys_of_their_own() {
    let tencent = catalog().get("tencent.emr.ScaleOutInstance").expect("a seed operation");
    let alibaba = catalog().get("alibaba.emr.IncreaseNodes").expect("a seed operation");
    assert_eq!(path_key(tencent, true), "/#ScaleOutInstance");
    assert_eq!(path_key(alibaba, true), "/?Action=IncreaseNodes");
    let huawei = catalog().get("huawei.ddm.ExpandInstanceNodes").expect("a seed operation");
    assert_eq!(path_key(huawei, false), huawei.path);
    assert_eq!(path_key(huawei, true), format!("{}#ExpandInstanceNodes", huawei.path));
}
