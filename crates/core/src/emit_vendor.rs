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
/// tccli (https://www.tencentcloud.com/document/product/1013/33465) reads each top-level
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
fn form_decode(body: &[u8]) -> Vec<(String, String)> {
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
