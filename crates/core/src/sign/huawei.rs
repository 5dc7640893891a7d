//! Huawei Cloud / OTC `SDK-HMAC-SHA256` (as huaweicloudsdkcore's `Signer` does it).

use super::{
    canonical_headers, canonical_query, complete, hex, hmac_sha256, set_header, sha256_hex, unsigned_copy, AccessKey, Scope, SignError,
    SignOptions, Signed,
};
use crate::request::{encode, HttpRequest};
use percent_encoding::percent_decode_str;

const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The gateway accepts an `X-Sdk-Date` up to 15 minutes away from its clock.
const VALID_SECONDS: i64 = 15 * 60;

/// The path as signed: decoded, each segment re-encoded (RFC 3986), always ending in `/`
/// (the request itself is sent without the added slash).
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Signs with an access key (the [`Signer`](super::Signer) of Huawei Cloud and OTC).
pub(crate) fn sign(scope: &Scope<'_>, req: &HttpRequest, key: &AccessKey<'_>, opts: &SignOptions) -> Result<Signed, SignError> {
    let AccessKey { id: access_key_id, secret, session_token: security_token } = *key;
    let at = scope.at;
    let mut request = unsigned_copy(req);
    if let Some(project) = opts.project_id.as_deref().filter(|p| !p.is_empty()) {
        set_header(&mut request, "X-Project-Id", project);
    }
    if let Some(token) = security_token {
        set_header(&mut request, "X-Security-Token", token.expose());
    }
    let date = at.compact();
    set_header(&mut request, "X-Sdk-Date", &date);

    // Every header is signed except names holding '_'; Host is the one the request goes to.
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(k, _)| !k.contains('_') && !k.eq_ignore_ascii_case("host"))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    headers.push(("host".into(), request.host.clone()));
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(&request.path),
        canonical_query(&request.query),
        canonical_headers,
        signed_headers,
        sha256_hex(&request.body)
    );
    Ok(complete(
        request,
        ALGORITHM,
        canonical_request,
        |hash| format!("{ALGORITHM}\n{date}\n{hash}"),
        |sts| hex(&hmac_sha256(secret.expose().as_bytes(), sts.as_bytes())),
        |sig| format!("{ALGORITHM} Access={access_key_id}, SignedHeaders={signed_headers}, Signature={sig}"),
        at.0 + VALID_SECONDS,
    ))
}
