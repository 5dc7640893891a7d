//! Tencent Cloud API 3.0.

use super::{ErrorShape, KeyLabels, Profile};
use crate::catalog::Cloud;
use crate::sign::{tencent, AuthMode};

/// Tencent Cloud: SecretId/SecretKey (`TC3-HMAC-SHA256`); errors come with HTTP 200 inside
/// `Response.Error`.
pub const TENCENT: Profile = Profile {
    cloud: Cloud::Tencent,
    name: "Tencent Cloud",
    modes: &[AuthMode::AccessKey],
    modes_reason: "Tencent Cloud API 3.0 takes a SecretId and SecretKey",
    key_labels: KeyLabels { id: "SecretId", secret: "SecretKey", session_token: "Token" },
    token_header: None,
    token_name: "",
    signs_with_nonce: false,
    project_value: None,
    placeholders: &[("X-TC-Timestamp", "<UNIX_SECONDS>"), ("Authorization", "<TC3-HMAC-SHA256 signature: use --sign>")],
    forwarded_headers: &[],
    forwarded_prefixes: &["x-tc-"],
    credential_names: &["x-tc-token"],
    error_shapes: &[ErrorShape { code: "/Response/Error/Code", message: "/Response/Error/Message" }],
    signer: tencent::sign,
    body_is_parameter_object: true,
};
