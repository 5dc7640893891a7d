//! Alibaba Cloud OpenAPI (V3 signature).

use super::{ErrorShape, KeyLabels, Profile};
use crate::catalog::Cloud;
use crate::sign::{alibaba, AuthMode};

/// Alibaba Cloud: AccessKey (`ACS3-HMAC-SHA256`, with a nonce).
pub const ALIBABA: Profile = Profile {
    cloud: Cloud::Alibaba,
    name: "Alibaba Cloud",
    modes: &[AuthMode::AccessKey],
    modes_reason: "Alibaba Cloud OpenAPI takes an AccessKey",
    key_labels: KeyLabels { id: "AccessKey id", secret: "AccessKey secret", session_token: "STS token" },
    token_header: None,
    token_name: "",
    signs_with_nonce: true,
    project_value: None,
    placeholders: &[
        ("x-acs-date", "<UTC yyyy-MM-ddTHH:mm:ssZ>"),
        ("x-acs-signature-nonce", "<UNIQUE_NONCE>"),
        ("x-acs-content-sha256", "<SHA256_OF_BODY>"),
        ("Authorization", "<ACS3-HMAC-SHA256 signature: use --sign>"),
    ],
    forwarded_headers: &[],
    forwarded_prefixes: &["x-acs-"],
    // `SecurityToken` is the STS token as a query parameter (RPC-style signature V2).
    credential_names: &["x-acs-security-token", "securitytoken"],
    error_shapes: &[ErrorShape { code: "/Code", message: "/Message" }],
    signer: alibaba::sign,
    body_is_parameter_object: false,
};
