//! The catalog as OpenAPI 3.1 documents, one per service version (`cloudreq export openapi`).
//!
//! Pure: [`services`] groups the assembled catalog by service, [`document`] turns one service
//! into a `serde_json::Value`; the CLI writes them. What OpenAPI cannot say is kept in `x-cloudreq-…`
//! extensions:
//!
//! - RPC-style clouds send every operation to the same path, so the path keys carry the action
//!   to keep operations apart: Tencent `/#DescribeInstances` (the fragment never reaches the wire;
//!   the action travels in `X-TC-Action`), Alibaba `/?Action=DescribeInstances` (the RPC form of
//!   the action; cloudreq itself sends `x-acs-action`). Two Huawei operations on the same method
//!   and path get `#<Operation>` the same way.
//! - Rules between fields (conditional requirements, exclusive groups, counts…) go to
//!   `x-cloudreq-rules` on the operation, each with its scope and a sentence, and are summarised
//!   in the operation's description.
//! - Alibaba's flattened arrays (`Name.1.Member`) are described on the parameter.

use crate::catalog::{
    assemble_with_files, CatalogError, CharClass, CharRule, Check, Cloud, Entry, ErrorCode, Field, FieldType, Location, Rule, ServiceFile,
    Severity, Style,
};
use crate::profile::profile;
use crate::validate::describe_condition;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// One service version of the catalog: what one document describes.
#[derive(Debug, Clone)]
pub struct Service {
    /// Cloud.
    pub cloud: Cloud,
    /// Service code (`emr`).
    pub service: String,
    /// Version folder (`v1`, `2019-01-03`).
    pub version: String,
    /// Its operations, in catalog order, each with its own error codes only.
    pub entries: Vec<Entry>,
    /// The error codes every operation of the service may answer (its `service.json`).
    pub common_errors: Vec<ErrorCode>,
}

impl Service {
    /// `<cloud>.<service>.<version>`.
    pub fn key(&self) -> String {
        format!("{}.{}.{}", self.cloud.as_str(), self.service, self.version)
    }

    /// The document's file name: `<cloud>.<service>.<version>.openapi.json`.
    pub fn file_name(&self) -> String {
        format!("{}.openapi.json", self.key())
    }

    /// The API version the document states: the one sent on the wire (Tencent, Alibaba), else
    /// the version folder (`v1`).
    pub fn api_version(&self) -> String {
        self.entries.iter().find_map(|e| e.version.clone()).unwrap_or_else(|| self.version.clone())
    }
}

/// The catalog's services, from catalog files (as [`crate::catalog::assemble`] takes them), in
/// catalog order.
pub fn services<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Result<Vec<Service>, Vec<CatalogError>> {
    let entries = assemble_with_files(files)?;
    let common: BTreeMap<String, Vec<ErrorCode>> = files
        .iter()
        .filter_map(|(path, text)| {
            let folder = path.as_ref().strip_suffix("/service.json")?;
            let service: ServiceFile = serde_json::from_str(text.as_ref()).ok()?;
            Some((folder.to_string(), service.errors))
        })
        .collect();
    let mut out: Vec<Service> = Vec::new();
    for (file, mut entry) in entries {
        let version = file.split('/').nth(2).unwrap_or_default().to_string();
        let folder = file.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        let shared = common.get(&folder).cloned().unwrap_or_default();
        // Assembly appends the shared codes to each operation's own; keep them once per service.
        let mut remaining: Vec<&ErrorCode> = shared.iter().collect();
        entry.errors.retain(|e| match remaining.iter().position(|c| *c == e) {
            Some(i) => {
                remaining.remove(i);
                false
            }
            None => true,
        });
        match out.iter_mut().find(|s| s.cloud == entry.cloud && s.service == entry.service && s.version == version) {
            Some(s) => s.entries.push(entry),
            None => out.push(Service {
                cloud: entry.cloud,
                service: entry.service.clone(),
                version,
                entries: vec![entry],
                common_errors: shared,
            }),
        }
    }
    Ok(out)
}

/// The OpenAPI 3.1 document of one service.
pub fn document(service: &Service) -> Value {
    let cloud_name = profile(service.cloud).name;
    let api_version = service.api_version();
    let title = format!("{cloud_name} {} API", service.service.to_uppercase());
    let mut paths = Map::new();
    for entry in &service.entries {
        let shared = service.entries.iter().filter(|e| e.method == entry.method && e.path == entry.path).count() > 1;
        let key = path_key(entry, shared);
        let item = paths.entry(key).or_insert_with(|| json!({}));
        if let Some(item) = item.as_object_mut() {
            item.insert(entry.method.to_ascii_lowercase(), operation(entry, &service.common_errors));
        }
    }
    let mut components = Map::new();
    components.insert("securitySchemes".into(), security_schemes(service.cloud));
    components.insert("schemas".into(), json!({ "Error": error_schema(service.cloud) }));
    let common = common_responses(service);
    if !common.is_empty() {
        components.insert("responses".into(), Value::Object(common));
    }
    let security: Vec<Value> = security_schemes(service.cloud)
        .as_object()
        .map(|schemes| schemes.keys().map(|name| json!({ name: [] })).collect())
        .unwrap_or_default();
    let first = service.entries.first();
    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": title,
            "version": api_version,
            "summary": format!("{} operations of {cloud_name} {} {}, from the cloudreq catalog.", service.entries.len(), service.service.to_uppercase(), service.version),
            "description": info_description(service),
        },
        "servers": first.map(servers).unwrap_or_default(),
        "tags": [{ "name": format!("{}.{}", service.cloud.as_str(), service.service), "description": format!("{title} ({api_version})") }],
        "paths": paths,
        "components": components,
        "security": security,
        "x-cloudreq-service": {
            "cloud": service.cloud,
            "service": service.service,
            "version": service.version,
            "api_version": api_version,
            "style": first.map(|e| e.style),
        },
        "x-cloudreq-regions": first.map(regions).unwrap_or_default(),
        "x-cloudreq-common-errors": service.common_errors,
    })
}

/// The path key of an operation: its path, with the action appended where operations share a
/// path (see the module documentation). `shared`: another operation of the service has the
/// same method and path.
pub fn path_key(entry: &Entry, shared: bool) -> String {
    let name = entry.id.rsplit('.').next().unwrap_or(&entry.id);
    match (entry.style, &entry.action) {
        (Style::Rpc, Some(action)) => format!("{}?Action={action}", entry.path),
        (Style::Json, Some(action)) => format!("{}#{action}", entry.path),
        _ if shared => format!("{}#{name}", entry.path),
        _ => entry.path.clone(),
    }
}

/// How the request of an operation reaches the cloud, in words (part of its description).
fn wire_note(entry: &Entry) -> String {
    match (entry.style, &entry.action) {
        (Style::Rpc, Some(action)) => format!(
            "Sent as `{} {}` to the region's host with the headers `x-acs-action: {action}` and `x-acs-version: {}` (ACS3 signature); \
             parameters travel in the query string, arrays and objects flattened as `Name.1.Member` (index from 1). \
             The `?Action={action}` of the path key is how the RPC signature (V2) names the action; it tells this operation apart from \
             the others on the same path.",
            entry.method,
            entry.path,
            entry.version.as_deref().unwrap_or_default()
        ),
        (Style::Json, Some(action)) => format!(
            "Sent as `{} {}` with the headers `X-TC-Action: {action}`, `X-TC-Version: {}` and `X-TC-Region`, and the parameters as a \
             JSON body (`{{}}` when there are none). The `#{action}` of the path key only tells this operation apart from the \
             others on the same path; it never goes on the wire.",
            entry.method,
            entry.path,
            entry.version.as_deref().unwrap_or_default()
        ),
        _ => String::new(),
    }
}

fn info_description(service: &Service) -> String {
    let p = profile(service.cloud);
    let mut text = format!(
        "{} {} {} as described by the cloudreq catalog: every field with its type, limits and required flag, the rules between \
         fields, the documented examples and error codes. Generated by `cloudreq export openapi`.\n\n",
        p.name,
        service.service.to_uppercase(),
        service.version
    );
    match service.entries.first().map(|e| (e.style, e.action.is_some())) {
        Some((Style::Rpc, _)) => text.push_str(
            "Every operation of this RPC-style API is `POST /` (or `GET /`); the action is named by the `x-acs-action` header \
             (ACS3 signature) or by the `Action` query parameter (RPC signature V2). Path keys are written `/?Action=<Action>` so that \
             each operation has its own entry.\n\n",
        ),
        Some((Style::Json, true)) => text.push_str(
            "Every operation of Tencent Cloud API 3.0 is `POST /` with a JSON body; the action, version and region travel in the \
             `X-TC-Action`, `X-TC-Version` and `X-TC-Region` headers. Path keys are written `/#<Action>`: the fragment keeps the \
             operations apart and is never sent.\n\n",
        ),
        _ => {}
    }
    text.push_str(
        "Rules that OpenAPI cannot state (a field required or ignored when another has some value, groups that exclude each other, \
         counts that must match) are listed in each operation's `x-cloudreq-rules` and in its description.",
    );
    if !service.common_errors.is_empty() {
        text.push_str(&format!(
            "\n\nBesides their own, all operations may answer {} error codes shared by the service: `components.responses` \
             (`common-…`) and `x-cloudreq-common-errors`.",
            service.common_errors.len()
        ));
    }
    text
}

/// Every region with the host that serves it.
fn regions(entry: &Entry) -> Value {
    entry.endpoint.regions.iter().map(|r| json!({ "id": r.id, "name": r.name, "host": crate::request::host_for(entry, &r.id) })).collect()
}

/// Servers: the host template with a `region` variable listing the regions it serves, plus one
/// server per host that regions have of their own.
pub fn servers(entry: &Entry) -> Value {
    let endpoint = &entry.endpoint;
    let templated = endpoint.host.contains("{region}");
    let mut out = Vec::new();
    let mut by_host: Vec<(String, Vec<String>)> = Vec::new();
    let mut on_template: Vec<String> = Vec::new();
    for r in &endpoint.regions {
        let label = if r.name.is_empty() { r.id.clone() } else { format!("{} ({})", r.id, r.name) };
        match &r.host {
            Some(host) if templated || *host != endpoint.host => match by_host.iter_mut().find(|(h, _)| h == host) {
                Some((_, labels)) => labels.push(label),
                None => by_host.push((host.clone(), vec![label])),
            },
            _ => on_template.push(r.id.clone()),
        }
    }
    if templated && !on_template.is_empty() {
        let default = if on_template.contains(&endpoint.default_region) { endpoint.default_region.clone() } else { on_template[0].clone() };
        let names: Vec<String> = endpoint
            .regions
            .iter()
            .filter(|r| on_template.contains(&r.id))
            .map(|r| if r.name.is_empty() { r.id.clone() } else { format!("{}: {}", r.id, r.name) })
            .collect();
        out.push(json!({
            "url": format!("https://{}", endpoint.host),
            "description": format!("The region's own host ({} regions).", on_template.len()),
            "variables": { "region": { "default": default, "enum": on_template, "description": names.join("; ") } },
        }));
    } else if !templated {
        let mut description = format!("Serves the regions {}.", on_template.join(", "));
        if entry.headers.iter().any(|h| h.value.contains("{region}")) {
            description.push_str(" The region goes in a header (X-TC-Region).");
        }
        out.push(json!({ "url": format!("https://{}", endpoint.host), "description": description }));
    }
    for (host, labels) in by_host {
        out.push(json!({ "url": format!("https://{host}"), "description": format!("Serves {}.", labels.join(", ")) }));
    }
    Value::Array(out)
}

/// The security schemes of a cloud (each an `apiKey` scheme, described).
pub fn security_schemes(cloud: Cloud) -> Value {
    let token = "An IAM token in the `X-Auth-Token` header: obtained from the IAM service (`POST /v3/auth/tokens`, returned in \
                 the `X-Subject-Token` header), valid for 24 hours, scoped to the project of the request. No signature is computed.";
    match cloud {
        Cloud::Huawei => json!({
            "HuaweiSdkHmacSha256": {
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": "AK/SK signature `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>`. The canonical request \
                    (method, path with a trailing slash, sorted query, signed headers, SHA-256 of the body) is hashed and signed with \
                    HMAC-SHA256 under the SK together with `X-Sdk-Date` (`yyyyMMddTHHmmssZ`, valid 15 minutes). The project goes in \
                    `X-Project-Id`; temporary keys add `X-Security-Token`. `cloudreq build --sign` computes it."
            },
            "HuaweiIamToken": { "type": "apiKey", "in": "header", "name": "X-Auth-Token", "description": token },
        }),
        Cloud::Otc => json!({
            "OtcIamToken": {
                "type": "apiKey", "in": "header", "name": "X-Auth-Token",
                "description": format!("{token} Open Telekom Cloud documents token authentication only for these APIs.")
            },
        }),
        Cloud::Tencent => json!({
            "TencentTc3HmacSha256": {
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Tencent Cloud API 3.0 signature `TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, \
                    SignedHeaders=content-type;host, Signature=<hex>`. The key is derived by HMAC-SHA256 from `TC3<SecretKey>` over the \
                    UTC date, the service and `tc3_request`; it signs the hashed canonical request with `X-TC-Timestamp` (Unix seconds, \
                    valid 5 minutes). Temporary keys add `X-TC-Token`. `cloudreq build --sign` computes it."
            },
        }),
        Cloud::Alibaba => json!({
            "AlibabaAcs3HmacSha256": {
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Alibaba Cloud signature V3 `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>` \
                    over the canonical request, with `x-acs-action`, `x-acs-version`, `x-acs-date` (UTC, valid 15 minutes), \
                    `x-acs-signature-nonce` (unique per request) and `x-acs-content-sha256` (hex SHA-256 of the body) signed too; STS \
                    tokens go in `x-acs-security-token`. This is what `cloudreq build --sign` computes."
            },
            "AlibabaRpcSignature": {
                "type": "apiKey", "in": "query", "name": "Signature",
                "description": "The RPC signature (V2) of the same APIs: the query carries `Action`, `Version`, `AccessKeyId`, \
                    `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `SignatureNonce`, `Timestamp` and `Format`, and `Signature` is \
                    Base64(HMAC-SHA1(`<AccessKey secret>&`, `<METHOD>&%2F&<percent-encoded sorted query>`)). Described for \
                    completeness; cloudreq signs with V3."
            },
        }),
    }
}

/// The error body of a cloud, from where its answers keep code and message.
fn error_schema(cloud: Cloud) -> Value {
    let shapes: Vec<Value> = profile(cloud)
        .error_shapes
        .iter()
        .map(|shape| {
            let mut body = json!({ "type": "object" });
            for (pointer, what) in [(shape.code, "The error code."), (shape.message, "What went wrong.")] {
                insert_pointer(&mut body, pointer, json!({ "type": "string", "description": what }));
            }
            body
        })
        .collect();
    let mut schema = match shapes.len() {
        1 => shapes.into_iter().next().unwrap_or_default(),
        _ => json!({ "anyOf": shapes }),
    };
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".into(), Value::String(format!("An error answer of {}.", profile(cloud).name)));
    }
    schema
}

/// Puts `leaf` at a JSON pointer of object schemas (`/Response/Error/Code`).
fn insert_pointer(schema: &mut Value, pointer: &str, leaf: Value) {
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let mut cur = schema;
    for (i, part) in parts.iter().enumerate() {
        let Some(object) = cur.as_object_mut() else { return };
        let properties = object.entry("properties").or_insert_with(|| json!({}));
        let Some(properties) = properties.as_object_mut() else { return };
        let next = if i + 1 == parts.len() { leaf.clone() } else { json!({ "type": "object" }) };
        cur = properties.entry(part.to_string()).or_insert(next);
    }
}

/// An error body with this code and message, as the cloud shapes it.
fn error_example(cloud: Cloud, code: &str, message: &str) -> Value {
    let mut out = json!({});
    if let Some(shape) = profile(cloud).error_shapes.first() {
        set_pointer(&mut out, shape.code, Value::String(code.to_string()));
        set_pointer(&mut out, shape.message, Value::String(message.to_string()));
    }
    out
}

fn set_pointer(value: &mut Value, pointer: &str, leaf: Value) {
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let mut cur = value;
    for (i, part) in parts.iter().enumerate() {
        let Some(object) = cur.as_object_mut() else { return };
        let next = if i + 1 == parts.len() { leaf.clone() } else { json!({}) };
        cur = object.entry(part.to_string()).or_insert(next);
    }
}

/// The response key of an HTTP status: the status when it is one, else `default`.
fn status_key(status: Option<u16>) -> String {
    match status {
        Some(s) if (100..=599).contains(&s) => s.to_string(),
        _ => "default".into(),
    }
}

/// Error codes grouped by response key, in the order first seen.
fn by_status(errors: &[ErrorCode]) -> Vec<(String, Vec<&ErrorCode>)> {
    let mut out: Vec<(String, Vec<&ErrorCode>)> = Vec::new();
    for e in errors {
        let key = status_key(e.status);
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(e),
            None => out.push((key, vec![e])),
        }
    }
    out
}

fn error_line(e: &ErrorCode) -> String {
    let status = match e.status {
        Some(s) if !(100..=599).contains(&s) => format!(" (status {s})"),
        _ => String::new(),
    };
    let field = e.field.as_ref().map(|f| format!(" [field `{f}`]")).unwrap_or_default();
    format!("- `{}`{status}: {}{field}", e.code, e.meaning)
}

/// A response listing error codes: the description names them, the examples show their bodies.
fn error_response(cloud: Cloud, key: &str, codes: &[&ErrorCode], heading: &str) -> Value {
    let mut lines = vec![heading.to_string()];
    if key == "default" && cloud == Cloud::Tencent {
        lines.push("Tencent Cloud answers errors with HTTP 200 and the code in `Response.Error`.".into());
    }
    lines.extend(codes.iter().map(|e| error_line(e)));
    // One example body (the first code): the description lists them all, and
    // `x-cloudreq-error-codes` has them as data.
    let mut media = json!({ "schema": { "$ref": "#/components/schemas/Error" } });
    if let Some(first) = codes.first() {
        media["example"] = error_example(cloud, &first.code, &first.meaning);
    }
    json!({
        "description": lines.join("\n"),
        "content": { "application/json": media },
        "x-cloudreq-error-codes": codes,
    })
}

/// `components.responses`: the service's shared error codes, one response per status.
fn common_responses(service: &Service) -> Map<String, Value> {
    by_status(&service.common_errors)
        .into_iter()
        .map(|(key, codes)| {
            let heading = format!("Error codes every operation of the service may answer ({}):", codes.len());
            (format!("common-{key}"), error_response(service.cloud, &key, &codes, &heading))
        })
        .collect()
}

/// The operation object of one entry.
pub fn operation(entry: &Entry, common_errors: &[ErrorCode]) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(entry.id));
    op.insert("summary".into(), json!(entry.title));
    op.insert("description".into(), json!(operation_description(entry)));
    op.insert("tags".into(), json!([tag_of(entry)]));
    op.insert("externalDocs".into(), json!({ "description": "Provider documentation", "url": entry.doc }));
    if entry.deprecated {
        op.insert("deprecated".into(), json!(true));
    }
    let examples = imported_examples(entry);
    op.insert("parameters".into(), Value::Array(parameters(entry, &examples)));
    if let Some(body) = request_body(entry, &examples) {
        op.insert("requestBody".into(), body);
    }
    op.insert("responses".into(), responses(entry, common_errors));
    let rules = all_rules(entry);
    if !rules.is_empty() {
        op.insert("x-cloudreq-rules".into(), Value::Array(rules.iter().map(|(scope, rule)| rule_value(scope, rule)).collect()));
    }
    if !entry.examples.is_empty() {
        op.insert("x-cloudreq-examples".into(), json!(entry.examples));
    }
    if let Some(action) = &entry.action {
        op.insert("x-cloudreq-action".into(), json!(action));
    }
    Value::Object(op)
}

/// The tag of an operation: `<cloud>.<service>`, the same for every operation of a document.
fn tag_of(entry: &Entry) -> String {
    format!("{}.{}", entry.cloud.as_str(), entry.service)
}

fn operation_description(entry: &Entry) -> String {
    let mut parts = Vec::new();
    if !entry.description.is_empty() {
        parts.push(entry.description.clone());
    }
    let wire = wire_note(entry);
    if !wire.is_empty() {
        parts.push(wire);
    }
    let rules = all_rules(entry);
    if !rules.is_empty() {
        let lines: Vec<String> = rules.iter().map(|(scope, rule)| format!("- {}", rule_text(scope, rule))).collect();
        parts.push(format!("**Rules between fields** (`x-cloudreq-rules`):\n{}", lines.join("\n")));
    }
    if !entry.notes.is_empty() {
        let lines: Vec<String> = entry.notes.iter().map(|n| format!("- {n}")).collect();
        parts.push(format!("**Notes:**\n{}", lines.join("\n")));
    }
    parts.join("\n\n")
}

/// Every rule of an entry with its scope: `""` for the request, else the dotted path of the
/// object (or array of objects, `[]` appended) whose members it names.
pub fn all_rules(entry: &Entry) -> Vec<(String, &Rule)> {
    fn walk<'a>(fields: &'a [Field], prefix: &str, out: &mut Vec<(String, &'a Rule)>) {
        for f in fields {
            let path = if prefix.is_empty() { f.name.clone() } else { format!("{prefix}.{}", f.name) };
            let scope = if f.ty == FieldType::Array { format!("{path}[]") } else { path.clone() };
            out.extend(f.rules.iter().map(|r| (scope.clone(), r)));
            walk(&f.fields, &path, out);
            if let Some(items) = &f.items {
                out.extend(items.rules.iter().map(|r| (format!("{path}[]"), r)));
                walk(&items.fields, &format!("{path}[]"), out);
            }
        }
    }
    let mut out: Vec<(String, &Rule)> = entry.rules.iter().map(|r| (String::new(), r)).collect();
    walk(&entry.fields, "", &mut out);
    out
}

/// A rule in one sentence.
pub fn rule_text(scope: &str, rule: &Rule) -> String {
    let list = |paths: &[String]| paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    let num = |v: f64| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { v.to_string() };
    let verb = |paths: &[String], one: &str, many: &str| format!("{} {}", list(paths), if paths.len() == 1 { one } else { many });
    let what = match &rule.check {
        Check::Required { paths } => verb(paths, "is required", "are required"),
        Check::Range { path, min, max } => match (min, max) {
            (Some(lo), Some(hi)) => format!("`{path}` must be between {} and {}", num(*lo), num(*hi)),
            (Some(lo), None) => format!("`{path}` must be at least {}", num(*lo)),
            (None, Some(hi)) => format!("`{path}` must be at most {}", num(*hi)),
            (None, None) => format!("`{path}` must be a number"),
        },
        Check::OneOf { path, values } => {
            format!("`{path}` must be one of {}", values.iter().map(Value::to_string).collect::<Vec<_>>().join(", "))
        }
        Check::Exclusive { groups } => {
            format!("at most one of {}", groups.iter().map(|g| format!("[{}]", list(g))).collect::<Vec<_>>().join(" / "))
        }
        Check::CountEquals { path, count } => format!("`{path}` must have as many items as the value of `{count}`"),
        Check::NotGreaterThan { path, other } => format!("`{path}` must not be greater than `{other}`"),
        Check::Ignored { paths } => verb(paths, "has no effect", "have no effect"),
        Check::Hint { path } => format!("advice on `{path}`"),
        Check::Absent { paths } => verb(paths, "must not be given", "must not be given"),
        Check::RequiredAny { paths } => format!("at least one of {} is required", list(paths)),
        Check::Length { path, min, max } => format!("`{path}` {} long", counted(*min, *max, "characters")),
        Check::Items { path, min, max } => format!("`{path}` {}", counted(*min, *max, "items")),
        Check::Chars { path, chars } => format!("`{path}` characters: {}", char_rule_text(chars)),
        Check::Forbidden { path, prefixes, suffixes, substrings, ignore_case } => {
            let mut parts = Vec::new();
            if !prefixes.is_empty() {
                parts.push(format!("must not start with {}", quoted(prefixes)));
            }
            if !suffixes.is_empty() {
                parts.push(format!("must not end with {}", quoted(suffixes)));
            }
            if !substrings.is_empty() {
                parts.push(format!("must not contain {}", quoted(substrings)));
            }
            format!("`{path}` {}{}", parts.join(" and "), if *ignore_case { " (in any letter case)" } else { "" })
        }
        Check::Format { path, format } => format!("`{path}` must be {}", crate::formats::describe(format)),
        Check::Compare { path, op, other } => format!("`{path}` must be {} `{other}`", op.words()),
        Check::Span { from, to, min, max } => match (min, max) {
            (Some(lo), Some(hi)) if lo == hi => format!("`{to}` must be exactly {} after `{from}` (seconds for times)", num(*lo)),
            (Some(lo), Some(hi)) => format!("`{to}` must be {} to {} after `{from}` (seconds for times)", num(*lo), num(*hi)),
            (Some(lo), None) => format!("`{to}` must be at least {} after `{from}` (seconds for times)", num(*lo)),
            (None, Some(hi)) => format!("`{to}` must be at most {} after `{from}` (seconds for times)", num(*hi)),
            (None, None) => String::new(),
        },
    };
    let mut text = match &rule.when {
        Some(cond) => format!("when {}: {what}", describe_condition(cond)),
        None => what,
    };
    if !scope.is_empty() {
        text = format!("in `{scope}`, {text}");
    }
    if rule.severity == Severity::Warning {
        text.push_str(" (warning)");
    }
    if let Some(message) = &rule.message {
        text.push_str(&format!(" — {message}"));
    }
    if let Some(quote) = &rule.quote {
        text.push_str(&format!(" [{}: “{quote}”]", rule.source.as_deref().unwrap_or("documentation")));
    }
    text
}

/// `1 to 64 characters`, `at most 100 items`.
fn counted(min: Option<usize>, max: Option<usize>, unit: &str) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("must have {lo} to {hi} {unit}"),
        (Some(lo), None) => format!("must have at least {lo} {unit}"),
        (None, Some(hi)) => format!("must have at most {hi} {unit}"),
        (None, None) => format!("may have any number of {unit}"),
    }
}

fn quoted(texts: &[String]) -> String {
    texts.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ")
}

/// Character rules in words: `first: letter; allowed: letter, digit, -; at least 3 of: …`.
pub fn char_rule_text(chars: &crate::catalog::CharRule) -> String {
    let names = |classes: &[crate::catalog::CharClass]| classes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !chars.first.is_empty() {
        parts.push(format!("first {}", names(&chars.first)));
    }
    if !chars.allowed.is_empty() {
        parts.push(format!("only {}", names(&chars.allowed)));
    }
    if !chars.require.is_empty() {
        let need = chars.require_at_least.unwrap_or(chars.require.len());
        parts.push(format!("at least {need} of {}", names(&chars.require)));
    }
    parts.join("; ")
}

/// A rule as an `x-cloudreq-rules` item: the catalog's rule, its scope and its sentence.
fn rule_value(scope: &str, rule: &Rule) -> Value {
    let mut value = serde_json::to_value(rule).unwrap_or_else(|_| json!({}));
    if let Some(object) = value.as_object_mut() {
        object.insert("scope".into(), json!(scope));
        object.insert("text".into(), json!(rule_text(scope, rule)));
    }
    value
}

/// The documented examples read back into values (those that cannot be read are left out of
/// the parameters' examples; `x-cloudreq-examples` keeps them all).
fn imported_examples(entry: &Entry) -> Vec<(String, &crate::catalog::Example, Option<Value>)> {
    entry
        .examples
        .iter()
        .enumerate()
        .map(|(i, ex)| {
            let values = crate::request::import(entry, &ex.url, ex.body.as_ref()).ok().map(|imported| imported.values);
            (format!("example{}", i + 1), ex, values)
        })
        .collect()
}

fn media_type(entry: &Entry) -> String {
    match entry.style {
        Style::Rpc => "application/x-www-form-urlencoded".into(),
        Style::Json => entry
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.clone())
            .unwrap_or_else(|| "application/json".into()),
    }
}

fn parameters(entry: &Entry, examples: &[(String, &crate::catalog::Example, Option<Value>)]) -> Vec<Value> {
    let mut out = Vec::new();
    for field in &entry.fields {
        let location = entry.location_of(field);
        let place = match location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => continue,
        };
        let mut p = Map::new();
        p.insert("name".into(), json!(field.name));
        p.insert("in".into(), json!(place));
        p.insert("required".into(), json!(field.required || location == Location::Path));
        let mut description = field_description(field);
        let structured = matches!(field.ty, FieldType::Array | FieldType::Object);
        if entry.style == Style::Rpc && structured && field.encode.is_none() {
            description.push_str(&format!(
                " Sent flattened: `{0}.1`, `{0}.2`… for items, `{0}.1.Member` for their members (index from 1).",
                field.name
            ));
        }
        if field.encode.is_some() {
            description.push_str(" Sent as one compact JSON text.");
        }
        p.insert("description".into(), json!(description.trim()));
        if field.deprecated {
            p.insert("deprecated".into(), json!(true));
        }
        let mut named = Map::new();
        for (key, ex, values) in examples {
            if let Some(v) = values.as_ref().and_then(|v| v.get(&field.name)) {
                named.insert(key.clone(), json!({ "summary": ex.title, "value": v }));
            }
        }
        if field.encode.is_some() {
            let mut media = json!({ "schema": without_description(field_schema(field)) });
            if !named.is_empty() {
                media["examples"] = Value::Object(named);
            }
            p.insert("content".into(), json!({ "application/json": media }));
        } else {
            p.insert("schema".into(), without_description(field_schema(field)));
            if structured {
                p.insert("style".into(), json!("form"));
                p.insert("explode".into(), json!(true));
            }
            if !named.is_empty() {
                p.insert("examples".into(), Value::Object(named));
            }
        }
        out.push(Value::Object(p));
    }
    // The fixed headers that name the action, version and region (Content-Type is the body's
    // media type instead).
    for header in &entry.headers {
        if header.name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let (schema, description) = if header.value.contains("{region}") {
            let ids: Vec<&str> = entry.endpoint.regions.iter().map(|r| r.id.as_str()).collect();
            let mut schema =
                json!({ "type": "string", "default": entry.endpoint.default_region, "examples": [entry.endpoint.default_region] });
            if !entry.endpoint.open_region_list {
                schema["enum"] = json!(ids);
            }
            (schema, "The region of the request.".to_string())
        } else {
            (json!({ "type": "string", "enum": [header.value], "default": header.value }), format!("Always `{}`.", header.value))
        };
        out.push(json!({ "name": header.name, "in": "header", "required": true, "description": description, "schema": schema }));
    }
    out
}

fn request_body(entry: &Entry, examples: &[(String, &crate::catalog::Example, Option<Value>)]) -> Option<Value> {
    let body: Vec<&Field> = entry.fields.iter().filter(|f| entry.location_of(f) == Location::Body).collect();
    let always = entry.style == Style::Json && profile(entry.cloud).body_is_parameter_object;
    if body.is_empty() && !always {
        return None;
    }
    let schema = object_schema(&body);
    let mut named = Map::new();
    for (key, ex, values) in examples {
        let value = match entry.style {
            Style::Json => ex.body.clone().or_else(|| always.then(|| json!({}))),
            Style::Rpc => values.as_ref().map(|v| {
                let picked: Map<String, Value> = body.iter().filter_map(|f| v.get(&f.name).map(|x| (f.name.clone(), x.clone()))).collect();
                Value::Object(picked)
            }),
        };
        if let Some(value) = value {
            let description = match &ex.region {
                Some(region) => format!("{} (region {region})", ex.source),
                None => ex.source.clone(),
            };
            named.insert(key.clone(), json!({ "summary": ex.title, "description": description, "value": value }));
        }
    }
    let mut media = json!({ "schema": schema });
    if !named.is_empty() {
        media["examples"] = Value::Object(named);
    }
    let mut content = Map::new();
    content.insert(media_type(entry), media);
    Some(json!({ "required": always || body.iter().any(|f| f.required), "content": content }))
}

fn responses(entry: &Entry, common_errors: &[ErrorCode]) -> Value {
    let mut out = Map::new();
    let mut success = json!({
        "description": "Success.",
        "content": { "application/json": { "schema": response_schema(entry) } },
    });
    if let Some(example) = &entry.response.example {
        success["content"]["application/json"]["examples"] = json!({ "documented": { "summary": "Documented answer", "value": example } });
    }
    out.insert(entry.response.status.to_string(), success);
    let common = by_status(common_errors);
    for (key, codes) in by_status(&entry.errors) {
        let heading = format!("Error codes of this operation ({}); the body has the shape `{}`:", codes.len(), entry.response.error_shape);
        let mut response = error_response(entry.cloud, &key, &codes, &heading);
        if let Some((_, shared)) = common.iter().find(|(k, _)| *k == key) {
            let more = format!(
                "\n\nAlso the {} codes every operation of the service may answer (`#/components/responses/common-{key}`).",
                shared.len()
            );
            if let Some(Value::String(d)) = response.get_mut("description") {
                d.push_str(&more);
            }
        }
        if key == entry.response.status.to_string() {
            // The success status cannot be listed twice (Tencent errors come with 200 too).
            out.insert("default".into(), response);
        } else {
            out.insert(key, response);
        }
    }
    for (key, _) in common {
        if !out.contains_key(&key) {
            out.insert(key.clone(), json!({ "$ref": format!("#/components/responses/common-{key}") }));
        }
    }
    Value::Object(out)
}

fn response_schema(entry: &Entry) -> Value {
    let fields: Vec<&Field> = entry.response.fields.iter().collect();
    let mut schema = object_schema(&fields);
    schema["description"] = json!(format!("The answer of {}.", entry.id));
    schema
}

/// An object schema with these fields as properties.
fn object_schema(fields: &[&Field]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields {
        properties.insert(f.name.clone(), field_schema(f));
        if f.required {
            required.push(f.name.clone());
        }
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

fn field_description(field: &Field) -> String {
    let mut text = field.description.trim().to_string();
    let mut add = |more: String| {
        if !text.is_empty() && !text.ends_with(['.', '。', '!', '?', ')']) {
            text.push('.');
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&more);
    };
    let labelled: Vec<String> =
        field.values.iter().filter(|v| !v.label.is_empty()).map(|v| format!("`{}`: {}", value_text(&v.value), v.label)).collect();
    if !labelled.is_empty() {
        add(format!("Values: {}.", labelled.join("; ")));
    }
    if let Some(chars) = &field.chars {
        add(chars_text(chars));
    }
    if field.region_default {
        add("When absent, the region of the request is sent.".into());
    }
    if let Some(note) = &field.note {
        add(format!("Note: {note}"));
    }
    text
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn classes_text(classes: &[CharClass]) -> String {
    classes
        .iter()
        .map(|c| match c {
            CharClass::Literal(set) => format!("`{set}`"),
            named => format!("{named}s"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn chars_text(chars: &CharRule) -> String {
    let mut parts = Vec::new();
    if !chars.first.is_empty() {
        parts.push(format!("starts with one of: {}", classes_text(&chars.first)));
    }
    if !chars.allowed.is_empty() {
        parts.push(format!("only {}", classes_text(&chars.allowed)));
    }
    if !chars.require.is_empty() {
        let need = chars.require_at_least.unwrap_or(chars.require.len());
        parts.push(format!("contains at least {need} of: {}", classes_text(&chars.require)));
    }
    format!("Characters: {}.", parts.join("; "))
}

/// The regular-expression class of a set of character classes, e.g. `[A-Za-z0-9\-_]`.
fn regex_class(classes: &[CharClass]) -> String {
    let mut out = String::from("[");
    for class in classes {
        match class {
            CharClass::Letter => out.push_str("A-Za-z"),
            CharClass::Upper => out.push_str("A-Z"),
            CharClass::Lower => out.push_str("a-z"),
            CharClass::Digit => out.push_str("0-9"),
            CharClass::Chinese => out.push_str("\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF"),
            CharClass::Literal(set) => {
                for c in set.chars() {
                    if matches!(c, '\\' | ']' | '[' | '^' | '-') {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
        }
    }
    out.push(']');
    out
}

/// A regular expression (ECMA-262, as JSON Schema's `pattern`) for a character rule; `None`
/// when the rule says nothing a pattern can check.
pub fn chars_pattern(chars: &CharRule) -> Option<String> {
    let mut pattern = String::from("^");
    let need = chars.require_at_least.unwrap_or(chars.require.len());
    if need >= chars.require.len() {
        for class in &chars.require {
            pattern.push_str(&format!("(?=[\\s\\S]*{})", regex_class(std::slice::from_ref(class))));
        }
    }
    match (chars.first.is_empty(), chars.allowed.is_empty()) {
        (false, false) => pattern.push_str(&format!("{}{}*$", regex_class(&chars.first), regex_class(&chars.allowed))),
        (false, true) => pattern.push_str(&regex_class(&chars.first)),
        (true, false) => pattern.push_str(&format!("{}*$", regex_class(&chars.allowed))),
        (true, true) => {}
    }
    (pattern != "^").then_some(pattern)
}

/// The JSON Schema (OpenAPI 3.1 dialect) of a field: type, limits, enum values, items or
/// members, default, example, and the description with what a schema cannot say in words.
pub fn field_schema(field: &Field) -> Value {
    let mut s = Map::new();
    match field.ty {
        FieldType::String => {
            s.insert("type".into(), json!("string"));
        }
        FieldType::Integer => {
            s.insert("type".into(), json!("integer"));
        }
        FieldType::Number => {
            s.insert("type".into(), json!("number"));
        }
        FieldType::Boolean => {
            s.insert("type".into(), json!("boolean"));
        }
        FieldType::StringBool => {
            s.insert("type".into(), json!("string"));
            s.insert("enum".into(), json!(["true", "false"]));
        }
        FieldType::Enum => {
            let values: Vec<Value> = field.values.iter().map(|v| v.value.clone()).collect();
            let strings = values.iter().all(Value::is_string);
            let integers = values.iter().all(|v| v.is_i64() || v.is_u64());
            let ty = if strings {
                json!("string")
            } else if integers {
                json!("integer")
            } else if values.iter().all(Value::is_number) {
                json!("number")
            } else {
                json!(["string", "number"])
            };
            s.insert("type".into(), ty);
            s.insert("enum".into(), Value::Array(values));
            let labels: Map<String, Value> =
                field.values.iter().filter(|v| !v.label.is_empty()).map(|v| (value_text(&v.value), json!(v.label))).collect();
            if !labels.is_empty() {
                s.insert("x-cloudreq-enum-labels".into(), Value::Object(labels));
            }
        }
        FieldType::Array => {
            s.insert("type".into(), json!("array"));
            s.insert("items".into(), field.items.as_deref().map(field_schema).unwrap_or_else(|| json!({})));
        }
        FieldType::Object => {
            let members: Vec<&Field> = field.fields.iter().collect();
            if let Value::Object(object) = object_schema(&members) {
                s.extend(object);
            }
        }
        FieldType::JsonString => {
            s.insert("type".into(), json!("string"));
            s.insert("contentMediaType".into(), json!("application/json"));
            if !field.fields.is_empty() {
                let members: Vec<&Field> = field.fields.iter().collect();
                s.insert("contentSchema".into(), object_schema(&members));
            } else if let Some(items) = &field.items {
                s.insert("contentSchema".into(), json!({ "type": "array", "items": field_schema(items) }));
            }
        }
    }
    let numeric = matches!(field.ty, FieldType::Integer | FieldType::Number | FieldType::Enum);
    if numeric {
        if let Some(min) = field.min {
            s.insert("minimum".into(), number(min));
        }
        if let Some(max) = field.max {
            s.insert("maximum".into(), number(max));
        }
    } else if field.min.is_some() || field.max.is_some() {
        // A bound on a non-number (should the catalog ever write one) is kept, not dropped.
        s.insert("x-cloudreq-range".into(), json!({ "min": field.min, "max": field.max }));
    }
    if matches!(field.ty, FieldType::String | FieldType::JsonString) {
        if let Some(n) = field.min_length {
            s.insert("minLength".into(), json!(n));
        }
        if let Some(n) = field.max_length {
            s.insert("maxLength".into(), json!(n));
        }
        if let Some(pattern) = field.chars.as_ref().and_then(chars_pattern) {
            s.insert("pattern".into(), json!(pattern));
        }
    }
    if field.ty == FieldType::Array {
        if let Some(n) = field.min_items {
            s.insert("minItems".into(), json!(n));
        }
        if let Some(n) = field.max_items {
            s.insert("maxItems".into(), json!(n));
        }
    }
    let description = field_description(field);
    if !description.is_empty() {
        s.insert("description".into(), json!(description));
    }
    if let Some(default) = &field.default {
        s.insert("default".into(), default.clone());
    }
    if let Some(example) = &field.example {
        s.insert("examples".into(), json!([example]));
    }
    if field.deprecated {
        s.insert("deprecated".into(), json!(true));
    }
    if field.secret {
        s.insert("writeOnly".into(), json!(true));
        if s.get("type") == Some(&json!("string")) {
            s.insert("format".into(), json!("password"));
        }
    }
    if field.advanced {
        s.insert("x-cloudreq-advanced".into(), json!(true));
    }
    if !field.rules.is_empty() {
        s.insert("x-cloudreq-rules".into(), field.rules.iter().map(|r| rule_value("", r)).collect());
    }
    Value::Object(s)
}

/// A parameter's schema: its description is the parameter's, said once.
fn without_description(mut schema: Value) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.remove("description");
    }
    schema
}

/// A bound as JSON: whole numbers as integers.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}
