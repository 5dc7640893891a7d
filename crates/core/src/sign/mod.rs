//! Request signing, per cloud, byte-compatible with the official SDKs.
//!
//! Signers take the assembled [`HttpRequest`], the credentials, the time and (Alibaba) a nonce
//! as inputs — nothing here reads a clock or draws randomness — and return the request with its
//! auth headers added, plus every intermediate stage as printable text (the "signature
//! debugger").

mod alibaba;
mod huawei;
mod tencent;
pub mod time;

use crate::catalog::{Cloud, Entry};
use crate::request::HttpRequest;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fmt;

pub use time::UtcTime;

/// A secret string: shown as `***` in Debug and Display, never serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the signing code only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Credentials of one cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Huawei Cloud / OTC access key pair (`SDK-HMAC-SHA256`), optionally temporary
    /// (`X-Security-Token`).
    HuaweiAkSk { access_key_id: String, secret_access_key: Secret, security_token: Option<Secret> },
    /// Huawei Cloud / OTC IAM token (`X-Auth-Token`); nothing is signed.
    HuaweiToken { token: Secret },
    /// Tencent Cloud SecretId / SecretKey (`TC3-HMAC-SHA256`), optionally temporary (`X-TC-Token`).
    Tencent { secret_id: String, secret_key: Secret, token: Option<Secret> },
    /// Alibaba Cloud AccessKey (`ACS3-HMAC-SHA256`), optionally STS (`x-acs-security-token`).
    Alibaba { access_key_id: String, access_key_secret: Secret, security_token: Option<Secret> },
}

impl Credentials {
    /// Which clouds these credentials can sign for.
    pub fn fits(&self, cloud: Cloud) -> bool {
        matches!(
            (self, cloud),
            (Credentials::HuaweiAkSk { .. } | Credentials::HuaweiToken { .. }, Cloud::Huawei | Cloud::Otc)
                | (Credentials::Tencent { .. }, Cloud::Tencent)
                | (Credentials::Alibaba { .. }, Cloud::Alibaba)
        )
    }

    /// Every secret these credentials hold (for leak checks).
    pub fn secrets(&self) -> Vec<&str> {
        let mut out = Vec::new();
        match self {
            Credentials::HuaweiAkSk { secret_access_key, security_token, .. } => {
                out.push(secret_access_key.expose());
                out.extend(security_token.as_ref().map(Secret::expose));
            }
            Credentials::HuaweiToken { token } => out.push(token.expose()),
            Credentials::Tencent { secret_key, token, .. } => {
                out.push(secret_key.expose());
                out.extend(token.as_ref().map(Secret::expose));
            }
            Credentials::Alibaba { access_key_secret, security_token, .. } => {
                out.push(access_key_secret.expose());
                out.extend(security_token.as_ref().map(Secret::expose));
            }
        }
        out
    }
}

/// The intermediate texts of a signature, each exactly as hashed or sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Stages {
    /// Algorithm name (`SDK-HMAC-SHA256`, `TC3-HMAC-SHA256`, `ACS3-HMAC-SHA256`, or `token`).
    pub algorithm: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Lower-case hex SHA-256 of the canonical request.
    pub canonical_request_hash: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Lower-case hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl fmt::Display for Stages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.signature.is_empty() {
            return writeln!(f, "{}: no signature (the token header authenticates the request)", self.algorithm);
        }
        writeln!(f, "== algorithm\n{}", self.algorithm)?;
        writeln!(f, "== canonical request\n{}", self.canonical_request)?;
        writeln!(f, "== SHA-256 of the canonical request\n{}", self.canonical_request_hash)?;
        writeln!(f, "== string to sign\n{}", self.string_to_sign)?;
        writeln!(f, "== signature\n{}", self.signature)?;
        writeln!(f, "== Authorization\n{}", self.authorization)
    }
}

/// A signed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The request with its auth headers.
    pub request: HttpRequest,
    /// How the signature was made.
    pub stages: Stages,
    /// Unix time after which the cloud refuses the signature (None for token auth).
    pub valid_until: Option<i64>,
}

impl Signed {
    /// A one-line note on when the signature expires, for a comment above emitted commands.
    pub fn validity_comment(&self, at: UtcTime) -> Option<String> {
        let until = self.valid_until?;
        Some(format!(
            "signed {}; the signature stops being valid at {} ({} minutes later)",
            at.rfc3339(),
            UtcTime(until).rfc3339(),
            (until - at.0) / 60
        ))
    }

    /// The stages as text, with every credential value (session tokens, which are signed
    /// headers) replaced by `<secret: N characters>`: what `--explain` and the page show.
    pub fn explain(&self, creds: &Credentials) -> String {
        let mut text = self.stages.to_string();
        for secret in creds.secrets() {
            if !secret.is_empty() {
                text = text.replace(secret, &format!("<secret: {} characters>", secret.chars().count()));
            }
        }
        text
    }
}

/// Options that change what is signed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignOptions {
    /// Alibaba: the `x-acs-signature-nonce` (required there).
    pub nonce: Option<String>,
    /// Huawei: the project id sent as `X-Project-Id` (the SDK always sends it).
    pub project_id: Option<String>,
    /// Tencent: also sign `x-tc-action` (what the signature doc's newer example does; the SDKs
    /// sign only `content-type;host`).
    pub tencent_sign_action: bool,
}

/// Why signing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignError(pub String);

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Signs `req` (built for `entry`) at `at`.
pub fn sign(entry: &Entry, req: &HttpRequest, creds: &Credentials, at: UtcTime, opts: &SignOptions) -> Result<Signed, SignError> {
    if !creds.fits(entry.cloud) {
        return Err(SignError(format!("these credentials are not for {}", entry.cloud.as_str())));
    }
    match creds {
        Credentials::HuaweiToken { token } => {
            let mut request = req.clone();
            set_header(&mut request, "X-Auth-Token", token.expose());
            let stages = Stages { algorithm: "token".into(), ..Stages::default() };
            Ok(Signed { request, stages, valid_until: None })
        }
        Credentials::HuaweiAkSk { access_key_id, secret_access_key, security_token } => {
            huawei::sign(req, access_key_id, secret_access_key, security_token.as_ref(), at, opts)
        }
        Credentials::Tencent { secret_id, secret_key, token } => {
            tencent::sign(entry, req, secret_id, secret_key, token.as_ref(), at, opts)
        }
        Credentials::Alibaba { access_key_id, access_key_secret, security_token } => {
            let nonce = opts
                .nonce
                .as_deref()
                .filter(|n| !n.is_empty())
                .ok_or_else(|| SignError("Alibaba signing needs a nonce (x-acs-signature-nonce)".into()))?;
            alibaba::sign(req, access_key_id, access_key_secret, security_token.as_ref(), at, nonce)
        }
    }
}

/// The request to sign: a copy without any earlier `Authorization`.
pub(crate) fn unsigned_copy(req: &HttpRequest) -> HttpRequest {
    let mut request = req.clone();
    request.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
    request
}

/// Query pairs sorted by name then value (unencoded), then each part RFC 3986-encoded.
pub(crate) fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", crate::request::encode(k), crate::request::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Canonical header lines (`name:value\n` each, sorted by lower-case name) and the signed
/// header list (`a;b;c`).
pub(crate) fn canonical_headers(mut pairs: Vec<(String, String)>) -> (String, String) {
    pairs.sort();
    let lines = pairs.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let names = pairs.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(";");
    (lines, names)
}

/// The common end of every signer: hash the canonical request, build the string to sign,
/// sign it, add `Authorization`, and keep every stage.
pub(crate) fn complete(
    mut request: HttpRequest,
    algorithm: &str,
    canonical_request: String,
    string_to_sign: impl FnOnce(&str) -> String,
    signature: impl FnOnce(&str) -> String,
    authorization: impl FnOnce(&str) -> String,
    valid_until: i64,
) -> Signed {
    let canonical_request_hash = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = string_to_sign(&canonical_request_hash);
    let signature = signature(&string_to_sign);
    let authorization = authorization(&signature);
    set_header(&mut request, "Authorization", &authorization);
    Signed {
        request,
        stages: Stages {
            algorithm: algorithm.into(),
            canonical_request,
            canonical_request_hash,
            string_to_sign,
            signature,
            authorization,
        },
        valid_until: Some(valid_until),
    }
}

/// Replaces (or adds) a header, matching the name case-insensitively.
pub(crate) fn set_header(req: &mut HttpRequest, name: &str, value: &str) {
    req.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    req.headers.push((name.to_string(), value.to_string()));
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// HMAC-SHA256.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
