//! The operation targets: the clouds' own command-line tools and SDKs. Each is written from
//! the request cloudreq assembled (so it carries exactly the parameters `--format json`
//! shows) plus what only the operation knows (service, action, version).

use super::{sh_quote, NotOffered};
use crate::catalog::{Entry, Location};
use crate::request::HttpRequest;
use serde_json::{Map, Value};

/// A shell word: bare when it holds only characters no POSIX shell treats specially,
/// single-quoted otherwise (exact for every character but NUL).
pub(super) fn sh_word(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-.,/:@%+=".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        sh_quote(s)
    }
}

/// The request's JSON body as an object (Tencent and Huawei bodies are objects).
fn body_object(req: &HttpRequest) -> Result<Map<String, Value>, NotOffered> {
    if req.body.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(NotOffered("the request body is not a JSON object".into())),
    }
}

fn required<'a>(what: &str, value: Option<&'a String>, entry: &Entry) -> Result<&'a str, NotOffered> {
    value.map(String::as_str).ok_or_else(|| NotOffered(format!("{} has no {what} in the catalog", entry.id)))
}

/// Joins a command's words, one option per line after the first (bash continuation lines).
fn lines(head: String, options: Vec<String>) -> String {
    let mut out = head;
    for option in options {
        out.push_str(" \\\n  ");
        out.push_str(&option);
    }
    out.push('\n');
    out
}

/// `tccli <service> <Action> --region R --version V --endpoint HOST --<Param> <value> …` for
/// bash. The endpoint is the host cloudreq's own request goes to (the international tccli
/// would otherwise pick `<service>.intl.tencentcloudapi.com`).
///
/// tccli (https://www.tencentcloud.com/document/product/1080/38762; its common options
/// `--region`, `--endpoint`, `--version`: https://cloud.tencent.com/document/product/440/129328)
/// reads each top-level
/// parameter as one option: strings as they are, integers and floats as numbers, booleans as
/// `true`/`false`, and arrays and objects as JSON text. A value starting with `-` is written
/// `--Name=value`, so its parser does not take the value for an option.
pub(super) fn tccli(entry: &Entry, req: &HttpRequest, region: &str) -> Result<String, NotOffered> {
    let action = required("action", entry.action.as_ref(), entry)?;
    let version = required("version", entry.version.as_ref(), entry)?;
    let mut options = Vec::new();
    for (name, value) in body_object(req)? {
        let text = match &value {
            Value::Null => continue,
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Array(_) | Value::Object(_) => value.to_string(),
        };
        if text.starts_with('-') {
            options.push(sh_word(&format!("--{name}={text}")));
        } else {
            options.push(format!("--{name} {}", sh_word(&text)));
        }
    }
    let head = format!(
        "# credentials: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_TOKEN), or `tccli configure`\ntccli {} {} --region {} --version {} --endpoint {}",
        sh_word(&entry.service),
        sh_word(action),
        sh_word(region),
        sh_word(version),
        sh_word(&req.host)
    );
    Ok(lines(head, options))
}

/// Decodes `application/x-www-form-urlencoded` pairs (`+` is a space).
pub(super) fn form_decode(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let decode = |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// `aliyun <product> <Action> --region R --endpoint HOST --version V --force --Name=value …`
/// for bash.
///
/// The Alibaba Cloud CLI takes an RPC operation's parameters by their wire names, flattened
/// the way the API itself takes them (`--Tag.1.Key=…`, `--DataDisk.1.Size=…`, a JSON text for
/// parameters the API reads as JSON): https://www.alibabacloud.com/help/en/cli/parameter-format-overview
/// and https://www.alibabacloud.com/help/en/cli/call-rpc-api-and-restful-api. Here the
/// parameters are exactly the query and form pairs of cloudreq's own request, each written
/// `--Name=value` as one shell word (so a value starting with `-` stays a value). `--version`
/// names the API version, `--endpoint` the host cloudreq's request goes to, and `--force`
/// lets the CLI send a version or parameter its bundled metadata does not list.
pub(super) fn aliyun(entry: &Entry, req: &HttpRequest, region: &str) -> Result<String, NotOffered> {
    let action = required("action", entry.action.as_ref(), entry)?;
    let version = required("version", entry.version.as_ref(), entry)?;
    let mut pairs = req.query.clone();
    if !req.body.is_empty() {
        pairs.extend(form_decode(&req.body));
    }
    let options = pairs.iter().map(|(name, value)| sh_word(&format!("--{name}={value}"))).collect();
    let head = format!(
        "# credentials: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, or `aliyun configure`\naliyun {} {} --region {} --endpoint {} --version {} --force",
        sh_word(&entry.service),
        sh_word(action),
        sh_word(region),
        sh_word(&req.host),
        sh_word(version)
    );
    Ok(lines(head, options))
}

/// Appends KooCLI's options for one value at `path`: members as `path.member`, list items
/// as `path.1`, `path.2` (1-based), an empty object `{}` and an empty list `[]`.
fn koo_flatten(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) if map.is_empty() => out.push((path.to_string(), "{}".into())),
        Value::Array(items) if items.is_empty() => out.push((path.to_string(), "[]".into())),
        Value::Object(map) => {
            for (k, v) in map {
                koo_flatten(&format!("{path}.{k}"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                koo_flatten(&format!("{path}.{}", i + 1), v, out);
            }
        }
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Bool(b) => out.push((path.to_string(), b.to_string())),
        Value::Number(n) => out.push((path.to_string(), n.to_string())),
    }
}

/// `hcloud <SERVICE> <Operation> --cli-region=R --param=value …` for bash (Huawei Cloud's
/// KooCLI).
///
/// KooCLI's command form is `hcloud <service> <operation> [--param1=paramValue1 …]`
/// (https://support.huaweicloud.com/intl/en-us/productdesc-hcli/hcli_01_002.html) with the
/// region as `--cli-region=` (https://support.huaweicloud.com/intl/en-us/usermanual-hcli/hcli_05_04.html);
/// path, query and body parameters are all given by name, body members nested with dots and
/// list items numbered from 1 (`--os-stop.servers.1.id=…`), and an empty object or list as
/// `{}` or `[]` at its level (https://support.huaweicloud.com/intl/en-us/hcli_faq/hcli_19_008.html).
/// Path, query and header parameters come from the values, the body from cloudreq's own
/// request (so members the catalog does not know are kept); each option is one shell word.
pub(super) fn hcloud(entry: &Entry, req: &HttpRequest, values: &Value, region: &str) -> Result<String, NotOffered> {
    let operation = entry.id.rsplit('.').next().unwrap_or_default();
    let mut pairs = Vec::new();
    for field in &entry.fields {
        if entry.location_of(field) == Location::Body {
            continue;
        }
        if let Some(value) = values.get(&field.name) {
            koo_flatten(&field.name, value, &mut pairs);
        }
    }
    for (name, value) in body_object(req)? {
        koo_flatten(&name, &value, &mut pairs);
    }
    let options = pairs.iter().map(|(name, value)| sh_word(&format!("--{name}={value}"))).collect();
    let head = format!(
        "# credentials: `hcloud configure init`, or --cli-access-key and --cli-secret-key\nhcloud {} {} {}",
        sh_word(&entry.service.to_uppercase()),
        sh_word(operation),
        sh_word(&format!("--cli-region={region}"))
    );
    Ok(lines(head, options))
}

/// A Python string literal: double quotes, every character outside printable ASCII escaped
/// (`\n`, `\uXXXX`, `\UXXXXXXXX`), so the script is plain ASCII and means exactly the text.
pub(super) fn py_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A JSON value as a Python literal, indented by `indent` levels of four spaces.
pub(super) fn py_value(value: &Value, indent: usize) -> String {
    let pad = "    ".repeat(indent + 1);
    let end = "    ".repeat(indent);
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Array(items) => {
            let body: Vec<String> = items.iter().map(|v| format!("{pad}{},\n", py_value(v, indent + 1))).collect();
            format!("[\n{}{end}]", body.concat())
        }
        Value::Object(map) => {
            let body: Vec<String> = map.iter().map(|(k, v)| format!("{pad}{}: {},\n", py_str(k), py_value(v, indent + 1))).collect();
            format!("{{\n{}{end}}}", body.concat())
        }
    }
}

/// Pairs as a Python dict literal of strings.
fn py_pairs(pairs: &[(String, String)]) -> String {
    let map: Map<String, Value> = pairs.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    py_value(&Value::Object(map), 0)
}

/// The Huawei Python SDK package and client version folder of a service (as
/// tools/importer/services.json imports them).
fn huawei_sdk(service: &str) -> Option<(&'static str, &'static str)> {
    match service {
        "ddm" => Some(("huaweicloudsdkddm", "v1")),
        "dcs" => Some(("huaweicloudsdkdcs", "v2")),
        "ecs" => Some(("huaweicloudsdkecs", "v2")),
        _ => None,
    }
}

/// A complete Python script calling the operation with the cloud's official SDK, with the
/// values entered, credentials read from the environment variables the SDK documents:
///
/// - Tencent: `tencentcloud-sdk-python`'s `CommonClient.call_json` (service, version, region,
///   the JSON body's parameters); TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY.
/// - Alibaba: `alibabacloud_tea_openapi`'s generic `Client.call_api` (RPC style, the request's
///   query and form parameters as cloudreq flattens them); ALIBABA_CLOUD_ACCESS_KEY_ID /
///   ALIBABA_CLOUD_ACCESS_KEY_SECRET.
/// - Huawei: the service's client from `huaweicloudsdk<service>` (`DdmClient`…) and its
///   `call_api` with the operation's path template, path, query and header parameters and
///   body; HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK, the project id from the values.
///
/// Open Telekom Cloud's APIs take an IAM token, which the Huawei SDK has no credentials for:
/// no script is offered there.
pub(super) fn python(entry: &Entry, req: &HttpRequest, values: &Value, region: &str) -> Result<String, NotOffered> {
    let head = format!(
        "\"\"\"{} ({}), called with the cloud's official Python SDK.\n\nWritten by cloudreq with the values entered there.\n\"\"\"\n\n",
        entry.title.replace('\\', "/").replace("\"\"\"", "'''"),
        entry.id
    );
    let head = head.replace('\r', "");
    match entry.cloud {
        crate::catalog::Cloud::Tencent => {
            let action = required("action", entry.action.as_ref(), entry)?;
            let version = required("version", entry.version.as_ref(), entry)?;
            let params = Value::Object(body_object(req)?);
            Ok(format!(
                "{head}# pip install tencentcloud-sdk-python-common\n\
                 import json\nimport os\n\n\
                 from tencentcloud.common import credential\n\
                 from tencentcloud.common.common_client import CommonClient\n\
                 from tencentcloud.common.profile.client_profile import ClientProfile\n\
                 from tencentcloud.common.profile.http_profile import HttpProfile\n\n\
                 cred = credential.Credential(\n    os.environ[\"TENCENTCLOUD_SECRET_ID\"],\n    os.environ[\"TENCENTCLOUD_SECRET_KEY\"],\n    os.environ.get(\"TENCENTCLOUD_TOKEN\"),\n)\n\
                 profile = ClientProfile(httpProfile=HttpProfile(endpoint={host}))\n\
                 client = CommonClient({service}, {version}, cred, {region}, profile=profile)\n\n\
                 params = {params}\n\n\
                 response = client.call_json({action}, params)\n\
                 print(json.dumps(response, indent=2, ensure_ascii=False))\n",
                host = py_str(&req.host),
                service = py_str(&entry.service),
                version = py_str(version),
                region = py_str(region),
                params = py_value(&params, 0),
                action = py_str(action),
            ))
        }
        crate::catalog::Cloud::Alibaba => {
            let action = required("action", entry.action.as_ref(), entry)?;
            let version = required("version", entry.version.as_ref(), entry)?;
            let form = if req.body.is_empty() { Vec::new() } else { form_decode(&req.body) };
            let body = if form.is_empty() { "None".to_string() } else { py_pairs(&form) };
            Ok(format!(
                "{head}# pip install alibabacloud-tea-openapi\n\
                 import json\nimport os\n\n\
                 from alibabacloud_tea_openapi import models as open_api_models\n\
                 from alibabacloud_tea_openapi.client import Client\n\
                 from alibabacloud_tea_util import models as util_models\n\n\
                 config = open_api_models.Config(\n    access_key_id=os.environ[\"ALIBABA_CLOUD_ACCESS_KEY_ID\"],\n    access_key_secret=os.environ[\"ALIBABA_CLOUD_ACCESS_KEY_SECRET\"],\n    security_token=os.environ.get(\"ALIBABA_CLOUD_SECURITY_TOKEN\"),\n    endpoint={host},\n)\n\
                 client = Client(config)\n\n\
                 params = open_api_models.Params(\n    action={action},\n    version={version},\n    protocol=\"HTTPS\",\n    pathname={path},\n    method={method},\n    auth_type=\"AK\",\n    style=\"RPC\",\n    req_body_type=\"formData\",\n    body_type=\"json\",\n)\n\
                 # The parameters flattened the way the API takes them (Name.1.Member).\n\
                 query = {query}\n\
                 body = {body}\n\n\
                 request = open_api_models.OpenApiRequest(query=query, body=body)\n\
                 response = client.call_api(params, request, util_models.RuntimeOptions())\n\
                 print(json.dumps(response.get(\"body\"), indent=2, ensure_ascii=False))\n",
                host = py_str(&req.host),
                action = py_str(action),
                version = py_str(version),
                path = py_str(&req.path),
                method = py_str(&req.method),
                query = py_pairs(&req.query),
            ))
        }
        crate::catalog::Cloud::Huawei => {
            let (package, client_version) = huawei_sdk(&entry.service)
                .ok_or_else(|| NotOffered(format!("no Huawei Python SDK package is known for {}", entry.service)))?;
            let client_class = format!("{}{}Client", entry.service[..1].to_uppercase(), &entry.service[1..]);
            let mut path_params = Map::new();
            let mut header_params: Vec<(String, String)> = Vec::new();
            for field in &entry.fields {
                let Some(value) = values.get(&field.name).filter(|v| !v.is_null()) else { continue };
                match entry.location_of(field) {
                    Location::Path => {
                        let text = match value {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        path_params.insert(field.name.clone(), Value::String(text));
                    }
                    Location::Header => {
                        if let Some(v) = req.header(&field.name) {
                            header_params.push((field.name.clone(), v.to_string()));
                        }
                    }
                    _ => {}
                }
            }
            for h in &entry.headers {
                if let Some(v) = req.header(&h.name) {
                    header_params.push((h.name.clone(), v.to_string()));
                }
            }
            let project = path_params.get("project_id").and_then(Value::as_str).map(py_str);
            let query: Vec<String> = req.query.iter().map(|(k, v)| format!("    ({}, {}),\n", py_str(k), py_str(v))).collect();
            let query = if query.is_empty() { "[]".to_string() } else { format!("[\n{}]", query.concat()) };
            let body = if req.body.is_empty() { "None".to_string() } else { py_value(&Value::Object(body_object(req)?), 0) };
            let credentials = match project {
                Some(p) => format!(
                    "BasicCredentials(\n    os.environ[\"HUAWEICLOUD_SDK_AK\"],\n    os.environ[\"HUAWEICLOUD_SDK_SK\"],\n    {p},\n)"
                ),
                None => "BasicCredentials(os.environ[\"HUAWEICLOUD_SDK_AK\"], os.environ[\"HUAWEICLOUD_SDK_SK\"])".to_string(),
            };
            Ok(format!(
                "{head}# pip install {package}\n\
                 import json\nimport os\n\n\
                 from huaweicloudsdkcore.auth.credentials import BasicCredentials\n\
                 from huaweicloudsdkcore.sdk_response import SdkResponse\n\
                 from {package}.{client_version} import {client_class}\n\n\n\
                 class RawResponse(SdkResponse):\n    \"\"\"The answer as received: status_code and raw_content.\"\"\"\n\n    openapi_types = {{}}\n\n\n\
                 credentials = {credentials}\n\
                 client = (\n    {client_class}.new_builder()\n    .with_credentials(credentials)\n    .with_endpoints([{endpoint}])\n    .build()\n)\n\n\
                 # {region}: {title}\n\
                 response = client.call_api(\n    resource_path={resource_path},\n    method={method},\n    path_params={path_params},\n    query_params={query},\n    header_params={headers},\n    body={body},\n    response_type=RawResponse,\n)\n\
                 print(response.status_code)\n\
                 print(json.dumps(json.loads(response.raw_content or b\"null\"), indent=2, ensure_ascii=False))\n",
                endpoint = py_str(&format!("https://{}", req.host)),
                region = region.replace(['\r', '\n'], " "),
                title = entry.title.replace(['\r', '\n'], " "),
                resource_path = py_str(&entry.path),
                method = py_str(&req.method),
                path_params = py_value(&Value::Object(path_params), 1),
                query = query.replace('\n', "\n    ").trim_end(),
                headers = py_pairs(&header_params).replace('\n', "\n    "),
                body = body.replace('\n', "\n    "),
            ))
        }
        crate::catalog::Cloud::Otc => {
            Err(NotOffered("Open Telekom Cloud's APIs take an IAM token, and the Huawei Python SDK has no token credentials".into()))
        }
    }
}
