//! Request signing, per cloud, byte-compatible with the official SDKs.
//!
//! Signers take the assembled [`HttpRequest`], the credentials, the time and (Alibaba) a nonce
//! as inputs — nothing here reads a clock or draws randomness — and return the request with its
//! auth headers added, plus every intermediate stage as printable text (the "signature
//! debugger").

pub(crate) mod alibaba;
pub(crate) mod huawei;
pub(crate) mod tencent;
pub mod time;

use crate::catalog::{Cloud, Entry};
use crate::profile::profile;
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

/// How a request proves who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// An access key pair signs the request (HMAC), optionally with a session token.
    AccessKey,
    /// A bearer token is sent as a header; nothing is signed.
    Token,
}

/// Credentials, whatever the cloud: which cloud takes which mode is in its
/// [`Profile`](crate::profile::Profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// An access key pair: Huawei/OTC AK/SK, Tencent SecretId/SecretKey, Alibaba AccessKey.
    /// `session_token` is for temporary keys (`X-Security-Token`, `X-TC-Token`,
    /// `x-acs-security-token`).
    AccessKey { access_key_id: String, secret: Secret, session_token: Option<Secret> },
    /// A token sent as it is (Huawei/OTC IAM token in `X-Auth-Token`).
    Token { token: Secret },
}

impl Credentials {
    /// The mode these credentials authenticate with.
    pub fn mode(&self) -> AuthMode {
        match self {
            Credentials::AccessKey { .. } => AuthMode::AccessKey,
            Credentials::Token { .. } => AuthMode::Token,
        }
    }

    /// Every secret these credentials hold (for leak checks and masking).
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Credentials::AccessKey { secret, session_token, .. } => {
                let mut out = vec![secret.expose()];
                out.extend(session_token.as_ref().map(Secret::expose));
                out
            }
            Credentials::Token { token } => vec![token.expose()],
        }
    }
}

/// What a signature is made for: the cloud, the service and region named in a credential
/// scope (Tencent signs the service), and the moment of signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The cloud (picks the signer).
    pub cloud: Cloud,
    /// The service code, as the cloud's credential scope spells it (`emr`, `ddm`…).
    pub service: &'a str,
    /// The region the request goes to.
    pub region: &'a str,
    /// When the request is signed.
    pub at: UtcTime,
}

impl<'a> Scope<'a> {
    /// The scope of a request built for `entry` in `region`, signed at `at`.
    pub fn of(entry: &'a Entry, region: &'a str, at: UtcTime) -> Scope<'a> {
        Scope { cloud: entry.cloud, service: &entry.service, region, at }
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
pub enum SignError {
    /// The cloud does not take this kind of credentials; `reason` says what it takes.
    ModeNotTaken { cloud: Cloud, mode: AuthMode, reason: &'static str },
    /// A signer needs a nonce and none was given.
    MissingNonce { header: &'static str },
    /// A signer needs a header the request does not have.
    MissingHeader { header: &'static str },
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::ModeNotTaken { cloud, mode, reason } => {
                let what = match mode {
                    AuthMode::AccessKey => "access key",
                    AuthMode::Token => "token",
                };
                write!(f, "{} does not take {what} credentials: {reason}", cloud.as_str())
            }
            SignError::MissingNonce { header } => write!(f, "this signature needs a nonce ({header})"),
            SignError::MissingHeader { header } => write!(f, "this signature needs a {header} header"),
        }
    }
}

impl std::error::Error for SignError {}

/// Signs `req` for `scope`: with a token, adds the cloud's token header; with an access key,
/// runs the cloud's signer. The cloud's [`Profile`](crate::profile::Profile) decides which
/// modes it takes.
pub fn sign(scope: &Scope<'_>, req: &HttpRequest, creds: &Credentials, opts: &SignOptions) -> Result<Signed, SignError> {
    let profile = profile(scope.cloud);
    profile.check_mode(creds.mode())?;
    match creds {
        Credentials::Token { token } => {
            let header = profile.token_header.ok_or(SignError::ModeNotTaken {
                cloud: scope.cloud,
                mode: AuthMode::Token,
                reason: "it has no token header",
            })?;
            let mut request = req.clone();
            set_header(&mut request, header, token.expose());
            let stages = Stages { algorithm: "token".into(), ..Stages::default() };
            Ok(Signed { request, stages, valid_until: None })
        }
        Credentials::AccessKey { access_key_id, secret, session_token } => {
            let key = AccessKey { id: access_key_id, secret, session_token: session_token.as_ref() };
            (profile.signer)(scope, req, &key, opts)
        }
    }
}

/// An access key as the signers take it.
pub struct AccessKey<'a> {
    /// The key id (AK, SecretId, AccessKey id).
    pub id: &'a str,
    /// The secret.
    pub secret: &'a Secret,
    /// The session token of temporary keys.
    pub session_token: Option<&'a Secret>,
}

/// A signer: scope, request, key and options in, signed request out.
pub type Signer = fn(&Scope<'_>, &HttpRequest, &AccessKey<'_>, &SignOptions) -> Result<Signed, SignError>;

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
    let mut out = String::new();
    crate::request::push_encoded_pairs(pairs.into_iter().map(|(k, v)| (k.as_str(), v.as_str())), &mut out);
    out
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
        stages: Stages { algorithm: algorithm.into(), canonical_request, canonical_request_hash, string_to_sign, signature, authorization },
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
