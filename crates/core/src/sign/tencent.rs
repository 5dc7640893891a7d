//! Tencent Cloud API 3.0 `TC3-HMAC-SHA256` (as the official SDKs do it: signed headers
//! `content-type;host`, optionally `x-tc-action` as in the signature doc's newer example).

use super::{complete, hex, hmac_sha256, set_header, sha256_hex, unsigned_copy, AccessKey, Scope, SignError, SignOptions, Signed};
use crate::request::HttpRequest;

const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The API refuses an `X-TC-Timestamp` more than 5 minutes away from its clock.
const VALID_SECONDS: i64 = 5 * 60;

/// Signs with a SecretId/SecretKey (Tencent Cloud's [`Signer`](super::Signer)); the scope's
/// service goes into the credential scope.
pub(crate) fn sign(scope: &Scope<'_>, req: &HttpRequest, key: &AccessKey<'_>, opts: &SignOptions) -> Result<Signed, SignError> {
    let AccessKey { id: secret_id, secret: secret_key, session_token: token } = *key;
    let at = scope.at;
    let mut request = unsigned_copy(req);
    let content_type = request.header("Content-Type").ok_or(SignError::MissingHeader { header: "Content-Type" })?.to_string();
    set_header(&mut request, "X-TC-Timestamp", &at.0.to_string());
    if let Some(token) = token {
        set_header(&mut request, "X-TC-Token", token.expose());
    }
    let service = scope.service;
    let date = at.date();
    let scope = format!("{date}/{service}/tc3_request");

    let mut canonical_headers = format!("content-type:{}\nhost:{}\n", content_type.trim(), request.host);
    let mut signed_headers = String::from("content-type;host");
    if opts.tencent_sign_action {
        let action = request.header("X-TC-Action").unwrap_or_default().trim().to_ascii_lowercase();
        canonical_headers.push_str(&format!("x-tc-action:{action}\n"));
        signed_headers.push_str(";x-tc-action");
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        request.path,
        request.query_string(),
        canonical_headers,
        signed_headers,
        sha256_hex(&request.body)
    );
    let timestamp = at.0;
    Ok(complete(
        request,
        ALGORITHM,
        canonical_request,
        |hash| format!("{ALGORITHM}\n{timestamp}\n{scope}\n{hash}"),
        |sts| {
            let secret_date = hmac_sha256(format!("TC3{}", secret_key.expose()).as_bytes(), date.as_bytes());
            let secret_service = hmac_sha256(&secret_date, service.as_bytes());
            let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
            hex(&hmac_sha256(&secret_signing, sts.as_bytes()))
        },
        |sig| format!("{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={signed_headers}, Signature={sig}"),
        at.0 + VALID_SECONDS,
    ))
}
