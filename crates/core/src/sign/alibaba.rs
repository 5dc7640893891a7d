//! Alibaba Cloud OpenAPI `ACS3-HMAC-SHA256` (signature V3).

use super::{
    canonical_headers, canonical_query, complete, hex, hmac_sha256, set_header, sha256_hex, unsigned_copy, AccessKey, Scope, SignError,
    SignOptions, Signed,
};
use crate::request::HttpRequest;

const ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// `x-acs-date` may be at most 15 minutes away from the time of sending.
const VALID_SECONDS: i64 = 15 * 60;

/// Signs with an access key (Alibaba Cloud's [`Signer`](super::Signer)); needs a nonce.
pub(crate) fn sign(scope: &Scope<'_>, req: &HttpRequest, key: &AccessKey<'_>, opts: &SignOptions) -> Result<Signed, SignError> {
    let AccessKey { id: access_key_id, secret, session_token: security_token } = *key;
    let at = scope.at;
    let nonce = opts.nonce.as_deref().filter(|n| !n.is_empty()).ok_or(SignError::MissingNonce { header: "x-acs-signature-nonce" })?;
    let mut request = unsigned_copy(req);
    let payload_hash = sha256_hex(&request.body);
    set_header(&mut request, "x-acs-date", &at.rfc3339());
    set_header(&mut request, "x-acs-signature-nonce", nonce);
    set_header(&mut request, "x-acs-content-sha256", &payload_hash);
    if let Some(token) = security_token {
        set_header(&mut request, "x-acs-security-token", token.expose());
    }
    // Signed: host, every x-acs-* header, and content-type when there is one.
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .filter(|(k, _)| k.starts_with("x-acs-") || k == "content-type")
        .collect();
    headers.push(("host".into(), request.host.clone()));
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let canonical_query = canonical_query(&request.query);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        request.path,
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    Ok(complete(
        request,
        ALGORITHM,
        canonical_request,
        |hash| format!("{ALGORITHM}\n{hash}"),
        |sts| hex(&hmac_sha256(secret.expose().as_bytes(), sts.as_bytes())),
        |sig| format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={sig}"),
        at.0 + VALID_SECONDS,
    ))
}
