//! What the page and `cloudreq serve` say to each other: the [`Envelope`] the page posts to
//! `/api/forward` (an already-signed request), the [`Answer`] the proxy returns for anything the
//! cloud answered, and the [`ProxyRefusal`] it returns when it refuses or fails itself.

use crate::request::HttpRequest;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An already-signed request for the proxy to forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// HTTP method.
    pub method: String,
    /// Full URL (`https://host/path?query`).
    pub url: String,
    /// Headers in wire order.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// Body text (the clouds' bodies are JSON or empty).
    #[serde(default)]
    pub body: String,
}

impl Envelope {
    /// The envelope of a request.
    pub fn of(request: &HttpRequest) -> Envelope {
        Envelope {
            method: request.method.clone(),
            url: request.url(),
            headers: request.headers.clone(),
            body: String::from_utf8_lossy(&request.body).into_owned(),
        }
    }
}

/// The cloud's answer (any HTTP status), as the proxy passes it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The cloud's HTTP status.
    pub status: u16,
    /// Response headers in the order received.
    pub headers: Vec<(String, String)>,
    /// The body: text when it is UTF-8, else base64 (see `body_base64`).
    pub body: String,
    /// Whether `body` is base64 of bytes that are not UTF-8.
    #[serde(default)]
    pub body_base64: bool,
    /// Time from sending to the last byte of the answer, in milliseconds.
    pub elapsed_ms: f64,
}

impl Answer {
    /// The answer of a cloud, with the body kept as text when it is UTF-8 and as base64 when
    /// it is not.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>, elapsed_ms: f64) -> Answer {
        let (body, body_base64) = match String::from_utf8(body) {
            Ok(text) => (text, false),
            Err(e) => (base64_encode(e.as_bytes()), true),
        };
        Answer { status, headers, body, body_base64, elapsed_ms }
    }

    /// The body's bytes (decoded when it came as base64).
    pub fn body_bytes(&self) -> Result<Vec<u8>, Base64Error> {
        if self.body_base64 {
            base64_decode(&self.body)
        } else {
            Ok(self.body.as_bytes().to_vec())
        }
    }

    /// The body as text to show: decoded from base64 when it came so, with bytes that are not
    /// UTF-8 shown as U+FFFD.
    pub fn body_text(&self) -> Result<String, Base64Error> {
        if self.body_base64 {
            Ok(String::from_utf8_lossy(&base64_decode(&self.body)?).into_owned())
        } else {
            Ok(self.body.clone())
        }
    }
}

/// The proxy's own refusal or failure (its HTTP status is not 200): a short code and a
/// message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyRefusal {
    /// A short code: `token`, `destination`, `upstream`, `timeout`…
    pub error: String,
    /// What happened, in words.
    pub message: String,
}

/// Text that is not valid base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base64Error {
    /// Byte offset of the first character that does not fit.
    pub at: usize,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the body is not valid base64 (at byte {})", self.at)
    }
}

impl std::error::Error for Base64Error {}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 with padding (RFC 4648 §4); anything else is an error.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return Err(Base64Error { at: bytes.len() });
    }
    let value = |at: usize| -> Result<u32, Base64Error> {
        let c = bytes[at];
        ALPHABET.iter().position(|&a| a == c).map(|p| p as u32).ok_or(Base64Error { at })
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (q, quad) in bytes.chunks(4).enumerate() {
        let last = (q + 1) * 4 == bytes.len();
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return Err(Base64Error { at: q * 4 + 4 - pad });
        }
        let mut n = 0u32;
        for i in 0..4 - pad {
            n |= value(q * 4 + i)? << (18 - 6 * i);
        }
        let keep = 3 - pad;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + keep]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors.
    const RFC4648: [(&str, &str); 7] =
        [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
        // Every byte value, checked against a known encoding's length and a round trip.
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9*", "Zm 9"] {
            assert!(base64_decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_binary_answer_travels_as_base64_and_comes_back_as_bytes() {
        let bytes = vec![0x7b, 0xff, 0xfe, 0x22, 0x00];
        let answer = Answer::new(502, vec![], bytes.clone(), 1.0);
        assert!(answer.body_base64);
        assert_eq!(answer.body, "e//+IgA=");
        let wire = serde_json::to_string(&answer).unwrap();
        let back: Answer = serde_json::from_str(&wire).unwrap();
        assert_eq!(back.body_bytes().unwrap(), bytes);
        assert_eq!(back.body_text().unwrap(), "{\u{fffd}\u{fffd}\"\u{0}");
        let text = Answer::new(200, vec![], b"{\"ok\":true}".to_vec(), 1.0);
        assert!(!text.body_base64);
        assert_eq!(text.body_text().unwrap(), "{\"ok\":true}");
    }

    #[test]
    fn the_envelope_keeps_the_proxys_wire_names() {
        let e: Envelope = serde_json::from_str(r#"{"method":"GET","url":"https://h/p"}"#).unwrap();
        assert_eq!((e.headers.len(), e.body.as_str()), (0, ""));
        let v = serde_json::to_value(Answer::new(200, vec![("a".into(), "b".into())], b"x".to_vec(), 2.5)).unwrap();
        assert_eq!(v, serde_json::json!({"status": 200, "headers": [["a", "b"]], "body": "x", "body_base64": false, "elapsed_ms": 2.5}));
    }
}
