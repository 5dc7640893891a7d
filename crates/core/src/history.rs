//! History of sent requests: what the page keeps of each Send. The request is recorded without
//! anything that authenticates it (Authorization, signature and token headers or query
//! parameters), the answer is capped, and the list is bounded in entries and bytes.

use crate::request::HttpRequest;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The storage key of the history.
pub const HISTORY_KEY: &str = "cloudreq.history";

/// Most entries kept (newest first).
pub const MAX_ENTRIES: usize = 200;

/// Most bytes of stored history text; older entries go first.
pub const MAX_BYTES: usize = 1_500_000;

/// Most characters of an answer body kept per entry.
pub const MAX_ANSWER_CHARS: usize = 16 * 1024;

/// Most characters of a request body kept per entry (a 1,000-row request stays whole).
pub const MAX_REQUEST_CHARS: usize = 256 * 1024;

/// The request as sent, minus its credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentRequest {
    /// Method.
    pub method: String,
    /// Full URL (query parameters that authenticate removed).
    pub url: String,
    /// Headers in wire order, without the ones that authenticate.
    pub headers: Vec<(String, String)>,
    /// Body text (capped at [`MAX_REQUEST_CHARS`]).
    pub body: String,
    /// The body's length in characters when it was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_cut_from: Option<usize>,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Received {
    /// HTTP status of the cloud's answer.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<(String, String)>,
    /// Body text (capped at [`MAX_ANSWER_CHARS`]).
    pub body: String,
    /// The body's length in characters when it was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_cut_from: Option<usize>,
}

/// One Send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When it was sent, Unix milliseconds (from the page's clock).
    pub at_ms: f64,
    /// Catalog id of the API.
    pub id: String,
    /// Region.
    pub region: String,
    /// Form values, to fill the form again.
    pub values: Value,
    /// How long until the answer, in milliseconds.
    pub duration_ms: f64,
    /// The request, without credentials.
    pub request: SentRequest,
    /// The answer, when one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Received>,
    /// Why there is no answer (the local server refused or was unreachable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Whether a header or query parameter authenticates the request (credentials, signatures,
/// session or IAM tokens: what the clouds' profiles name, and anything called a signature or
/// credential) and so is never recorded.
pub fn authenticates(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    crate::profile::carries_credential(&n) || n.contains("signature") || n.contains("credential")
}

fn cut(text: &str, max: usize) -> (String, Option<usize>) {
    let count = text.chars().count();
    if count <= max {
        (text.to_string(), None)
    } else {
        (text.chars().take(max).collect(), Some(count))
    }
}

/// The record of a sent request: headers and query parameters that authenticate removed, the
/// body capped.
pub fn redact(request: &HttpRequest) -> SentRequest {
    let mut clean = request.clone();
    clean.headers.retain(|(k, _)| !authenticates(k));
    clean.query.retain(|(k, _)| !authenticates(k));
    let (body, body_cut_from) = cut(&String::from_utf8_lossy(&request.body), MAX_REQUEST_CHARS);
    SentRequest { method: clean.method.clone(), url: clean.url(), headers: clean.headers, body, body_cut_from }
}

/// The record of a request sent for `entry` from `values`: as [`redact`], and when the values
/// hold a secret field, the URL and body as built with every secret masked
/// ([`crate::secrets::MASK`]), so no password or secret key is recorded.
pub fn record_request(entry: &crate::catalog::Entry, values: &Value, region: &str, sent: &HttpRequest) -> SentRequest {
    let mut record = redact(sent);
    if crate::secrets::without_secrets(entry, values).1.is_empty() {
        return record;
    }
    match crate::request::build(entry, &crate::secrets::masked(entry, values), region) {
        Ok(rebuilt) => {
            let masked = redact(&rebuilt);
            record.url = masked.url;
            record.body = masked.body;
            record.body_cut_from = masked.body_cut_from;
        }
        Err(_) => {
            record.url = format!("{}://{}{}", sent.scheme, sent.host, sent.path);
            record.body = "(not kept: it held a secret)".into();
            record.body_cut_from = None;
        }
    }
    record
}

/// Whether a response header carries something that authenticates its holder (a cookie, a
/// token the cloud hands out such as Huawei IAM's `X-Subject-Token`, credentials) and so is
/// never recorded. A challenge (`WWW-Authenticate`) names a scheme, no secret: it is kept.
pub fn answer_header_kept(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let dropped = matches!(
        n.as_str(),
        "set-cookie" | "set-cookie2" | "cookie" | "authorization" | "proxy-authorization" | "x-subject-token" | "x-auth-token"
    );
    !dropped && !authenticates(&n) && !n.ends_with("-token")
}

/// The record of an answer: cookies and token headers removed, its body capped.
pub fn received(status: u16, headers: Vec<(String, String)>, body: &str) -> Received {
    let (body, body_cut_from) = cut(body, MAX_ANSWER_CHARS);
    let headers = headers.into_iter().filter(|(k, _)| answer_header_kept(k)).collect();
    Received { status, headers, body, body_cut_from }
}

/// Adds `entry` in front and drops the oldest entries beyond [`MAX_ENTRIES`] or
/// [`MAX_BYTES`]; returns how many were dropped.
pub fn push(entries: &mut Vec<HistoryEntry>, entry: HistoryEntry) -> usize {
    entries.insert(0, entry);
    let before = entries.len();
    entries.truncate(MAX_ENTRIES);
    let sizes: Vec<usize> = entries.iter().map(|e| serde_json::to_string(e).map(|s| s.len() + 1).unwrap_or(0)).collect();
    let mut total = 2;
    let mut keep = 0;
    for size in sizes {
        if keep > 0 && total + size > MAX_BYTES {
            break;
        }
        total += size;
        keep += 1;
    }
    entries.truncate(keep);
    before - entries.len()
}

/// The stored text of the history.
pub fn encode_history(entries: &[HistoryEntry]) -> String {
    serde_json::to_string(entries).unwrap_or_else(|_| "[]".into())
}

/// The stored history could not be read.
#[derive(Debug)]
pub struct HistoryError(serde_json::Error);

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the stored history is not readable ({})", self.0)
    }
}

impl std::error::Error for HistoryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Reads the stored history.
pub fn decode_history(text: &str) -> Result<Vec<HistoryEntry>, HistoryError> {
    let mut entries: Vec<HistoryEntry> = serde_json::from_str(text).map_err(HistoryError)?;
    // A history written before cookies were dropped loses them now.
    for entry in &mut entries {
        if let Some(answer) = &mut entry.answer {
            answer.headers.retain(|(k, _)| answer_header_kept(k));
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::sign::{sign, Credentials, Scope, Secret, SignOptions, UtcTime};
    use serde_json::json;

    const SECRET: &str = "historySecretKey0123456789";
    const TOKEN: &str = "historySessionToken0123456789";

    /// One set of credentials per auth mode the cloud takes.
    fn creds_for(cloud: crate::catalog::Cloud) -> Vec<Credentials> {
        use crate::sign::AuthMode;
        let secret = || Secret::new(SECRET.to_string());
        crate::profile::profile(cloud)
            .modes
            .iter()
            .map(|mode| match mode {
                AuthMode::AccessKey => Credentials::AccessKey {
                    access_key_id: "AKID1".into(),
                    secret: secret(),
                    session_token: Some(Secret::new(TOKEN.to_string())),
                },
                AuthMode::Token => Credentials::Token { token: Secret::new(TOKEN.to_string()) },
            })
            .collect()
    }

    #[test]
    fn signed_requests_of_every_api_are_recorded_without_what_authenticates_them() {
        let mut checked = 0;
        for e in &catalog().entries {
            let values = crate::sample::sample_values(e);
            let region = e.endpoint.default_region.clone();
            let built = crate::request::build(e, &values, &region).unwrap();
            for creds in creds_for(e.cloud) {
                let opts = SignOptions { nonce: Some("n0nce".into()), project_id: None, tencent_sign_action: false };
                let signed = sign(&Scope::of(e, &region, UtcTime(1_737_705_600)), &built, &creds, &opts).unwrap();
                let sig_hex: Vec<String> = signed
                    .request
                    .headers
                    .iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                    .map(|(_, v)| v.rsplit('=').next().unwrap_or_default().to_string())
                    .collect();
                let record = redact(&signed.request);
                let text = serde_json::to_string(&record).unwrap();
                assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{}: {text}", e.id);
                for sig in sig_hex.iter().filter(|s| s.len() >= 32) {
                    assert!(!text.contains(sig.as_str()), "{}: signature kept", e.id);
                }
                for (k, _) in &record.headers {
                    assert!(!authenticates(k), "{}: {k} kept", e.id);
                }
                // Everything else is kept, in order.
                let kept: Vec<_> = signed.request.headers.iter().filter(|(k, _)| !authenticates(k)).cloned().collect();
                assert_eq!(record.headers, kept);
                assert!(record.headers.len() < signed.request.headers.len(), "{}: nothing removed", e.id);
                checked += 1;
            }
        }
        assert!(checked >= 8);
    }

    #[test]
    fn cookies_and_token_headers_of_an_answer_are_not_recorded() {
        let headers: Vec<(String, String)> = [
            ("Content-Type", "application/json"),
            ("Set-Cookie", "session=historyCookie0123; HttpOnly"),
            ("set-cookie2", "old=historyCookie0123"),
            ("X-Subject-Token", "historyIamToken0123"),
            ("X-Auth-Token", "historyIamToken0123"),
            ("Authorization", "Bearer historyIamToken0123"),
            ("Proxy-Authorization", "Basic historyIamToken0123"),
            ("X-Security-Token", "historyIamToken0123"),
            ("WWW-Authenticate", "Bearer realm=\"api\""),
            ("X-Request-Id", "r-1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let answer = received(401, headers.clone(), "{}");
        let names: Vec<&str> = answer.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["Content-Type", "WWW-Authenticate", "X-Request-Id"]);
        // An older stored history loses them when read.
        let entry = HistoryEntry {
            at_ms: 1.0,
            id: "huawei.dcs.CancelInstanceResize".into(),
            region: "ap-southeast-1".into(),
            values: json!({}),
            duration_ms: 1.0,
            request: SentRequest {
                method: "GET".into(),
                url: "https://x/".into(),
                headers: vec![],
                body: String::new(),
                body_cut_from: None,
            },
            answer: Some(Received { status: 200, headers, body: String::new(), body_cut_from: None }),
            error: None,
        };
        let text = encode_history(&[entry]);
        let back = decode_history(&text).unwrap();
        let stored = encode_history(&back);
        assert!(!stored.contains("historyCookie") && !stored.contains("historyIamToken"), "{stored}");
        assert!(stored.contains("WWW-Authenticate"));
    }

    #[test]
    fn the_named_headers_authenticate_and_ordinary_ones_do_not() {
        for h in [
            "Authorization",
            "X-Auth-Token",
            "X-Security-Token",
            "X-TC-Token",
            "x-acs-security-token",
            "x-acs-signature-nonce",
            "SecurityToken",
        ] {
            assert!(authenticates(h), "{h}");
        }
        for h in ["Content-Type", "X-Sdk-Date", "X-TC-Action", "x-acs-action", "X-Project-Id", "ClientToken"] {
            assert!(!authenticates(h), "{h}");
        }
    }

    fn entry(i: usize, body_len: usize) -> HistoryEntry {
        HistoryEntry {
            at_ms: i as f64,
            id: "tencent.emr.ScaleOutInstance".into(),
            region: "ap-shanghai".into(),
            values: json!({"InstanceId": format!("emr-{i}")}),
            duration_ms: 1.0,
            request: SentRequest {
                method: "POST".into(),
                url: "https://h/".into(),
                headers: vec![],
                body: "x".repeat(body_len),
                body_cut_from: None,
            },
            answer: Some(received(200, vec![], "{}")),
            error: None,
        }
    }

    #[test]
    fn the_history_keeps_the_newest_entries_within_its_bounds() {
        let mut list = Vec::new();
        for i in 0..(MAX_ENTRIES + 15) {
            push(&mut list, entry(i, 10));
        }
        assert_eq!(list.len(), MAX_ENTRIES);
        assert_eq!(list[0].at_ms, (MAX_ENTRIES + 14) as f64);
        let mut list = Vec::new();
        for i in 0..40 {
            push(&mut list, entry(i, 100_000));
        }
        assert!(encode_history(&list).len() <= MAX_BYTES, "{}", encode_history(&list).len());
        assert!(list.len() >= 10 && list.len() < 40, "{}", list.len());
        assert_eq!(list[0].at_ms, 39.0);
        assert_eq!(decode_history(&encode_history(&list)).unwrap(), list);
        // One entry larger than the cap is still kept (it is the newest).
        let mut list = Vec::new();
        push(&mut list, entry(0, MAX_BYTES + 10));
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn answers_and_bodies_are_capped_and_say_so() {
        let long = "é".repeat(MAX_ANSWER_CHARS + 5);
        let r = received(400, vec![], &long);
        assert_eq!((r.body.chars().count(), r.body_cut_from), (MAX_ANSWER_CHARS, Some(MAX_ANSWER_CHARS + 5)));
        assert_eq!(received(200, vec![], "{}").body_cut_from, None);
        assert!(decode_history("{broken").unwrap_err().to_string().contains("not readable"));
    }
}
