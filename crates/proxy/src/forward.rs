//! `POST /api/forward`: one already-signed request, checked, forwarded, answered.

use crate::destination;
use crate::log::{shown, MAX_VALUE_CHARS};
use crate::resolver::ForbiddenAddress;
use crate::{AppState, MAX_ENVELOPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use cloudreq_core::envelope::ProxyRefusal;
use cloudreq_core::profile::forwards_header;
use http_body_util::{BodyExt, Full, Limited};
use std::time::{Duration, Instant};

/// Largest request body forwarded.
pub const MAX_BODY: usize = 1024 * 1024;
/// Largest response body read back.
pub const MAX_RESPONSE: usize = 10 * 1024 * 1024;
/// Whole exchange with the cloud.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Headers an envelope may carry at most.
pub const MAX_HEADERS: usize = 64;
/// Longest header name in an envelope, in bytes.
pub const MAX_HEADER_NAME: usize = 128;
/// Caller headers that must appear at most once.
const SINGLE_CALLER_HEADERS: [&str; 6] = ["x-cloudreq-token", "origin", "sec-fetch-site", "content-type", "content-length", "host"];
/// Methods forwarded.
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];
pub use cloudreq_core::envelope::{Answer, Envelope};

/// A refusal or failure of the proxy itself.
pub struct Refusal(pub StatusCode, pub &'static str, pub String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = ProxyRefusal { error: self.1.to_string(), message: self.2 };
        (self.0, Json(body)).into_response()
    }
}

fn error_chain_has_forbidden(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(f) = err.downcast_ref::<ForbiddenAddress>() {
            return Some(f.0.clone());
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(f) = inner.downcast_ref::<ForbiddenAddress>() {
                    return Some(f.0.clone());
                }
            }
        }
        cur = err.source();
    }
    None
}

fn describe_error(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(err) = cur {
        let s = err.to_string();
        if !parts.contains(&s) {
            parts.push(s);
        }
        cur = err.source();
    }
    parts.join(": ")
}

/// Refuses an envelope whose header names are too many, too long or not header names, before
/// anything of them is logged.
fn check_header_names(headers: &[(String, String)]) -> Result<(), Refusal> {
    if headers.len() > MAX_HEADERS {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "header",
            format!("the envelope has {} headers; at most {MAX_HEADERS}", headers.len()),
        ));
    }
    for (name, _) in headers {
        if name.len() > MAX_HEADER_NAME {
            let start = shown(name, 40);
            return Err(Refusal(
                StatusCode::BAD_REQUEST,
                "header",
                format!("a header name is longer than {MAX_HEADER_NAME} bytes ({start})"),
            ));
        }
        if HeaderName::from_bytes(name.as_bytes()).is_err() {
            let name = shown(name, MAX_VALUE_CHARS);
            return Err(Refusal(StatusCode::BAD_REQUEST, "header", format!("\"{name}\" is not a header name")));
        }
    }
    Ok(())
}

/// Checks the envelope and forwards it.
pub async fn forward(state: &AppState, envelope: Envelope) -> Result<Answer, Refusal> {
    check_header_names(&envelope.headers)?;
    if envelope.url.len() > destination::MAX_URL {
        let limit = destination::MAX_URL;
        return Err(Refusal(
            StatusCode::URI_TOO_LONG,
            "url_too_long",
            format!("the URL is longer than {limit} bytes, the most that can be forwarded"),
        ));
    }
    let method = envelope.method.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) {
        return Err(Refusal(StatusCode::METHOD_NOT_ALLOWED, "method", format!("method {method:?} is not forwarded")));
    }
    if envelope.body.len() > MAX_BODY {
        return Err(Refusal(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", format!("the body is larger than {MAX_BODY} bytes")));
    }
    let dest = destination::check(&envelope.url, &state.allowed_hosts).map_err(|m| Refusal(StatusCode::FORBIDDEN, "destination", m))?;
    let uri: Uri = format!("https://{}{}", dest.host, dest.target)
        .parse()
        .map_err(|e| Refusal(StatusCode::BAD_REQUEST, "url", format!("the URL is not valid: {e}")))?;
    let mut builder = Request::builder().method(Method::from_bytes(method.as_bytes()).expect("allowlisted")).uri(uri);
    let mut dropped = Vec::new();
    for (name, value) in &envelope.headers {
        // Only what the clouds sign or authenticate with (their profiles say which); Cookie,
        // Forwarded, X-Forwarded-*, Host… are dropped.
        if !forwards_header(name) {
            dropped.push(shown(name, MAX_VALUE_CHARS));
            continue;
        }
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Refusal(StatusCode::BAD_REQUEST, "header", format!("{name:?} is not a header name")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| Refusal(StatusCode::BAD_REQUEST, "header", format!("the value of {name} is not a valid header value")))?;
        builder = builder.header(name, value);
    }
    let request = builder
        .body(Full::new(Bytes::from(envelope.body.into_bytes())))
        .map_err(|e| Refusal(StatusCode::BAD_REQUEST, "request", e.to_string()))?;

    let started = Instant::now();
    let path_only = shown(dest.target.split('?').next().unwrap_or("/"), MAX_VALUE_CHARS);
    let exchange = async {
        let response = state.client.request(request).await.map_err(|e| {
            if let Some(why) = error_chain_has_forbidden(&e) {
                return Refusal(StatusCode::FORBIDDEN, "destination", why);
            }
            Refusal(StatusCode::BAD_GATEWAY, "upstream", format!("could not reach {}: {}", dest.host, describe_error(&e)))
        })?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> =
            response.headers().iter().map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect();
        let body = Limited::new(response.into_body(), MAX_RESPONSE).collect().await.map_err(|e| {
            if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
                Refusal(StatusCode::BAD_GATEWAY, "response_too_large", format!("the answer is larger than {MAX_RESPONSE} bytes"))
            } else {
                Refusal(StatusCode::BAD_GATEWAY, "upstream", format!("the answer broke off: {e}"))
            }
        })?;
        Ok::<_, Refusal>((status, headers, body.to_bytes()))
    };
    let limit = state.total_timeout;
    let result = match tokio::time::timeout(limit, exchange).await {
        Ok(r) => r,
        Err(_) => Err(Refusal(
            StatusCode::GATEWAY_TIMEOUT,
            "timeout",
            format!("{} did not answer within {:.1} s", dest.host, limit.as_secs_f64()),
        )),
    };
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match &result {
        Ok((status, ..)) => state.log(&format!("forward {method} {}{path_only} -> {status} in {elapsed_ms:.1} ms", dest.host)),
        Err(r) => state.log(&format!("forward {method} {}{path_only} -> refused/failed {} ({})", dest.host, r.0.as_u16(), r.1)),
    }
    if !dropped.is_empty() {
        state.log(&format!("dropped request headers: {}", dropped.join(", ")));
    }
    let (status, headers, bytes) = result?;
    Ok(Answer::new(status, headers, bytes.to_vec(), elapsed_ms))
}

/// Constant-time comparison of the page token.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The checks on who is calling, all on the headers (so before the body is read): none of
/// them repeated, the token, Origin and Sec-Fetch-Site, Content-Type, Content-Length.
pub fn check_caller(state: &AppState, headers: &HeaderMap) -> Result<(), Refusal> {
    for name in SINGLE_CALLER_HEADERS {
        if headers.get_all(name).iter().nth(1).is_some() {
            return Err(Refusal(StatusCode::BAD_REQUEST, "repeated_header", format!("the {name} header is given more than once")));
        }
    }
    let token = headers.get("x-cloudreq-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !same_token(token, &state.token) {
        return Err(Refusal(
            StatusCode::FORBIDDEN,
            "token",
            "missing or wrong X-Cloudreq-Token: only the page this server served may send".into(),
        ));
    }
    if let Some(origin) = headers.get("origin") {
        let ok = origin.to_str().map(|o| state.own_origins.iter().any(|own| own == o)).unwrap_or(false);
        if !ok {
            return Err(Refusal(StatusCode::FORBIDDEN, "origin", "requests from other web pages are refused".into()));
        }
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        if site.as_bytes() != b"same-origin" {
            return Err(Refusal(StatusCode::FORBIDDEN, "origin", "cross-site requests are refused".into()));
        }
    }
    let json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Refusal(StatusCode::UNSUPPORTED_MEDIA_TYPE, "content_type", "send the envelope as application/json".into()));
    }
    let declared = headers.get("content-length").map(|v| v.to_str().ok().and_then(|v| v.parse::<u64>().ok()));
    match declared {
        Some(None) => return Err(Refusal(StatusCode::BAD_REQUEST, "content_length", "Content-Length is not a number".into())),
        Some(Some(n)) if n > MAX_ENVELOPE as u64 => {
            return Err(Refusal(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("the envelope is larger than {MAX_ENVELOPE} bytes")))
        }
        _ => {}
    }
    Ok(())
}
