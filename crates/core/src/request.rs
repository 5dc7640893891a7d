//! Request assembly: entry + values + region → one [`HttpRequest`], and the reverse
//! (a documented URL and body → values).

use crate::catalog::{Encoding, Entry, Field, FieldType, Location, Style};
use crate::path::is_present;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// RFC 3986: everything but `A–Z a–z 0–9 - _ . ~` is percent-encoded (upper-case hex).
pub const RFC3986: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes with [`RFC3986`] (space → `%20`, `*` → `%2A`, `~` kept).
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

/// Appends `name=value&…`, each part RFC 3986-encoded, in the given order (a request with
/// thousands of parameters builds its query in one buffer, on every keystroke).
pub(crate) fn push_encoded_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, out: &mut String) {
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, RFC3986));
        out.push('=');
        out.extend(utf8_percent_encode(value, RFC3986));
    }
}

/// One HTTP request, exactly as it will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    /// Method, upper case.
    pub method: String,
    /// `https` for the clouds; tests may use `http`.
    pub scheme: String,
    /// Host (and port, if any).
    pub host: String,
    /// Path, already percent-encoded.
    pub path: String,
    /// Query pairs, not encoded, in wire order.
    pub query: Vec<(String, String)>,
    /// Headers in wire order (`Host` is implied by `host`).
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty when there is no body).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The encoded query string, without `?`.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        self.push_query(&mut out);
        out
    }

    /// Path plus `?query` when there is one.
    pub fn target(&self) -> String {
        let mut out = String::new();
        self.push_target(&mut out);
        out
    }

    /// The full URL.
    pub fn url(&self) -> String {
        let mut out = String::with_capacity(self.scheme.len() + 3 + self.host.len());
        out.push_str(&self.scheme);
        out.push_str("://");
        out.push_str(&self.host);
        self.push_target(&mut out);
        out
    }

    fn push_query(&self, out: &mut String) {
        push_encoded_pairs(self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())), out);
    }

    fn push_target(&self, out: &mut String) {
        out.push_str(&self.path);
        if !self.query.is_empty() {
            out.push('?');
            self.push_query(out);
        }
    }

    /// Value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why a request could not be assembled at all (validation findings are separate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// The host serving `region`.
pub fn host_for(entry: &Entry, region: &str) -> String {
    match entry.region(region).and_then(|r| r.host.clone()) {
        Some(host) => host,
        None => entry.endpoint.host.replace("{region}", region),
    }
}

/// Assembles the request. Values are not validated here (see [`crate::validate`]); fields the
/// catalog does not know are still sent (after the known ones), so nothing typed is lost.
pub fn build(entry: &Entry, values: &Value, region: &str) -> Result<HttpRequest, BuildError> {
    let object = values.as_object().ok_or_else(|| BuildError("the values must be a JSON object".into()))?;
    let mut path = entry.path.clone();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = entry.headers.iter().map(|h| (h.name.clone(), h.value.replace("{region}", region))).collect();
    let mut body = Map::new();
    let mut form: Vec<(String, String)> = Vec::new();
    let region_value = Value::String(region.to_string());

    for field in &entry.fields {
        let value = match object.get(&field.name).filter(|v| !v.is_null()) {
            Some(v) => v,
            None if field.region_default => &region_value,
            None => {
                if entry.location_of(field) == Location::Path {
                    return Err(BuildError(format!("path parameter {} has no value", field.name)));
                }
                continue;
            }
        };
        match entry.location_of(field) {
            Location::Path => {
                let text = scalar_text(value).ok_or_else(|| BuildError(format!("path parameter {} must be text", field.name)))?;
                path = path.replace(&format!("{{{}}}", field.name), &encode(&text));
            }
            Location::Query => push_parameter(field, value, &mut query),
            Location::Header => {
                let text = scalar_text(value).ok_or_else(|| BuildError(format!("header {} must be text", field.name)))?;
                headers.push((field.name.clone(), text));
            }
            Location::Body if entry.style == Style::Rpc => push_parameter(field, value, &mut form),
            Location::Body => {
                body.insert(field.name.clone(), ordered(Some(field), value));
            }
        }
    }
    for (key, value) in object {
        if entry.field(key).is_some() || value.is_null() {
            continue;
        }
        match entry.style {
            Style::Json => {
                body.insert(key.clone(), value.clone());
            }
            Style::Rpc => flatten(key, value, None, &mut query),
        }
    }
    if entry.style == Style::Rpc {
        // Byte order of names: the order the signature's canonical query uses too.
        query.sort();
    }
    let body_bytes = match entry.style {
        Style::Json => {
            let has_body_fields = entry.fields.iter().any(|f| entry.location_of(f) == Location::Body)
                || crate::profile::profile(entry.cloud).body_is_parameter_object;
            if has_body_fields || !body.is_empty() {
                json_ascii(&Value::Object(body)).into_bytes()
            } else {
                Vec::new()
            }
        }
        Style::Rpc if form.is_empty() => Vec::new(),
        Style::Rpc => {
            form.sort();
            headers.push(("Content-Type".into(), FORM_CONTENT_TYPE.into()));
            form_encode(&form).into_bytes()
        }
    };
    Ok(HttpRequest {
        method: entry.method.clone(),
        scheme: "https".into(),
        host: host_for(entry, region),
        path,
        query,
        headers,
        body: body_bytes,
    })
}

/// Compact JSON with every non-ASCII character written as `\uXXXX`, so the body survives any
/// terminal, shell or code page byte for byte.
pub fn json_ascii(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reorders object members to follow the catalog (unknown members keep their order, last).
fn ordered(field: Option<&Field>, value: &Value) -> Value {
    let Some(field) = field else { return value.clone() };
    match value {
        Value::Object(map) if !field.fields.is_empty() => {
            let mut out = Map::new();
            for member in &field.fields {
                if let Some(v) = map.get(&member.name) {
                    out.insert(member.name.clone(), ordered(Some(member), v));
                }
            }
            for (k, v) in map {
                if !out.contains_key(k) {
                    out.insert(k.clone(), v.clone());
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| ordered(field.items.as_deref(), v)).collect()),
        other => other.clone(),
    }
}

/// Content type of an RPC request's body (parameters the API takes in the body, not the query).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// One top-level RPC parameter: flattened, or as one JSON text when the field says so.
fn push_parameter(field: &Field, value: &Value, out: &mut Vec<(String, String)>) {
    match field.encode {
        Some(Encoding::Json) => match value {
            // A text is sent as it is (the caller already wrote the JSON).
            Value::String(text) => out.push((field.name.clone(), text.clone())),
            other => out.push((field.name.clone(), ordered(Some(field), other).to_string())),
        },
        None => flatten(&field.name, value, Some(field), out),
    }
}

/// `application/x-www-form-urlencoded`: every byte but `A-Z a-z 0-9 - _ . ~` percent-encoded,
/// spaces as `+`.
fn form_encode(pairs: &[(String, String)]) -> String {
    fn push(out: &mut String, text: &str) {
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
                b' ' => out.push('+'),
                other => out.push_str(&format!("%{other:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push(&mut out, name);
        out.push('=');
        push(&mut out, value);
    }
    out
}

/// RPC flattening: `Name.1.Member` for lists of objects (1-based), `Name.1` for lists,
/// `Name.Member` for objects; booleans lower case; nulls dropped.
fn flatten(name: &str, value: &Value, field: Option<&Field>, out: &mut Vec<(String, String)>) {
    let mut prefix = String::from(name);
    flatten_into(&mut prefix, value, field, out);
}

/// [`flatten`] with the key built in one buffer: each level appends its part and cuts it off
/// again (a list of a thousand objects has thousands of keys).
fn flatten_into(prefix: &mut String, value: &Value, field: Option<&Field>, out: &mut Vec<(String, String)>) {
    let len = prefix.len();
    match value {
        Value::Null => {}
        Value::Array(items) => {
            let item_field = field.and_then(|f| f.items.as_deref());
            for (i, item) in items.iter().enumerate() {
                let _ = write!(prefix, ".{}", i + 1);
                flatten_into(prefix, item, item_field, out);
                prefix.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let member = field.and_then(|f| f.fields.iter().find(|m| &m.name == k));
                prefix.push('.');
                prefix.push_str(k);
                flatten_into(prefix, v, member, out);
                prefix.truncate(len);
            }
        }
        Value::String(s) => out.push((prefix.clone(), s.clone())),
        other => out.push((prefix.clone(), other.to_string())),
    }
}

/// Values recovered from a documented request, and the region it was aimed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Values keyed by wire name.
    pub values: Value,
    /// Region id read from the host, when the host carries one.
    pub region: Option<String>,
}

/// Why a documented URL and body could not be read back into values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

/// Reads a full URL (and JSON body) back into values: path parameters from the template,
/// body members as they are, and (RPC style) flattened query keys rebuilt into nested values
/// typed by the catalog.
pub fn import(entry: &Entry, url: &str, body: Option<&Value>) -> Result<Imported, ImportError> {
    import_values(entry, url, body).map_err(ImportError)
}

fn import_values(entry: &Entry, url: &str, body: Option<&Value>) -> Result<Imported, String> {
    let rest = url.split_once("://").map(|(_, r)| r).ok_or("the URL has no scheme")?;
    let (authority, target) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    let (raw_path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    let mut values = Map::new();

    let template: Vec<&str> = entry.path.split('/').collect();
    let actual: Vec<&str> = raw_path.split('/').collect();
    if template.len() != actual.len() {
        return Err(format!("path {raw_path} does not match {}", entry.path));
    }
    for (t, a) in template.iter().zip(&actual) {
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            let decoded = percent_decode_str(a).decode_utf8().map_err(|e| e.to_string())?;
            values.insert(name.to_string(), Value::String(decoded.into_owned()));
        } else if t != a {
            return Err(format!("path {raw_path} does not match {}", entry.path));
        }
    }
    for pair in raw_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = percent_decode_str(k).decode_utf8().map_err(|e| e.to_string())?.into_owned();
        let v = percent_decode_str(v).decode_utf8().map_err(|e| e.to_string())?.into_owned();
        insert_flat(entry, &mut values, &k, v)?;
    }
    if let Some(body) = body {
        let members = body.as_object().ok_or("the body must be a JSON object")?;
        for (k, v) in members {
            values.insert(k.clone(), v.clone());
        }
    }
    let region = region_of_host(entry, authority);
    Ok(Imported { values: Value::Object(values), region })
}

fn region_of_host(entry: &Entry, host: &str) -> Option<String> {
    if let Some(r) = entry.endpoint.regions.iter().find(|r| r.host.as_deref() == Some(host)) {
        return Some(r.id.clone());
    }
    let (before, after) = entry.endpoint.host.split_once("{region}")?;
    let region = host.strip_prefix(before)?.strip_suffix(after)?;
    (!region.is_empty()).then(|| region.to_string())
}

/// Places one flattened RPC pair (`ApplicationConfigs.2.ConfigScope=NODE_GROUP`) into `values`.
fn insert_flat(entry: &Entry, values: &mut Map<String, Value>, key: &str, text: String) -> Result<(), String> {
    let mut parts = key.split('.');
    let top = parts.next().unwrap_or_default();
    let field = entry.field(top);
    let rest: Vec<&str> = parts.collect();
    let slot = values.entry(top.to_string()).or_insert(Value::Null);
    place(slot, field, &rest, text).map_err(|e| format!("{key}: {e}"))
}

fn place(slot: &mut Value, field: Option<&Field>, rest: &[&str], text: String) -> Result<(), String> {
    let Some((head, tail)) = rest.split_first() else {
        *slot = typed(field, text);
        return Ok(());
    };
    let is_list = field.map(|f| f.ty == FieldType::Array).unwrap_or_else(|| head.parse::<usize>().is_ok());
    if is_list {
        let n: usize = head.parse().map_err(|_| format!("{head} is not a list index"))?;
        if n == 0 {
            return Err("list indexes start at 1".into());
        }
        if slot.is_null() {
            *slot = Value::Array(Vec::new());
        }
        let items = slot.as_array_mut().ok_or("mixes a list and a value")?;
        while items.len() < n {
            items.push(Value::Null);
        }
        place(&mut items[n - 1], field.and_then(|f| f.items.as_deref()), tail, text)
    } else {
        if slot.is_null() {
            *slot = Value::Object(Map::new());
        }
        let map = slot.as_object_mut().ok_or("mixes an object and a value")?;
        let member = field.and_then(|f| f.fields.iter().find(|m| m.name == *head));
        let child = map.entry(head.to_string()).or_insert(Value::Null);
        place(child, member, tail, text)
    }
}

/// Turns flattened text back into the JSON type the catalog declares.
fn typed(field: Option<&Field>, text: String) -> Value {
    let Some(field) = field else { return Value::String(text) };
    match field.ty {
        FieldType::Integer => text.parse::<i64>().map(Value::from).unwrap_or(Value::String(text)),
        FieldType::Number => {
            text.parse::<f64>().ok().and_then(|x| serde_json::Number::from_f64(x).map(Value::Number)).unwrap_or(Value::String(text))
        }
        FieldType::Boolean => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        FieldType::Enum => field
            .values
            .iter()
            .map(|ev| &ev.value)
            .find(|v| scalar_text(v).as_deref() == Some(text.as_str()))
            .cloned()
            .unwrap_or(Value::String(text)),
        _ => Value::String(text),
    }
}

/// Whether the values give this top-level field.
pub fn has(values: &Value, name: &str) -> bool {
    is_present(values.get(name))
}
