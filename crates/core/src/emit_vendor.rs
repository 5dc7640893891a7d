//! The operation targets: the clouds' own command-line tools and SDKs. Each is written from
//! the request cloudreq assembled (so it carries exactly the parameters `--format json`
//! shows) plus what only the operation knows (service, action, version).

use super::{sh_quote, NotOffered};
use crate::catalog::Entry;
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
