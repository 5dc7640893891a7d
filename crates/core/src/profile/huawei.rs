//! Huawei Cloud and Open Telekom Cloud (the same gateway and signer; OTC documents token
//! authentication only for the APIs cloudreq knows).

use super::{ErrorShape, KeyLabels, Profile};
use crate::catalog::Cloud;
use crate::sign::{huawei, AuthMode};

const PLACEHOLDERS: &[(&str, &str)] = &[("X-Auth-Token", "<IAM_TOKEN>")];
const FORWARDED: &[&str] = &["x-sdk-date", "x-project-id", "x-security-token", "x-auth-token", "x-sdk-content-sha256"];
/// DDM `errCode/externalMessage`, DCS and the API gateway `error_code/error_msg`, and the
/// other spellings Huawei services use.
const ERROR_SHAPES: &[ErrorShape] = &[
    ErrorShape { code: "/errCode", message: "/externalMessage" },
    ErrorShape { code: "/error_code", message: "/error_msg" },
    ErrorShape { code: "/code", message: "/message" },
    ErrorShape { code: "/errorCode", message: "/errorMsg" },
    ErrorShape { code: "/error/code", message: "/error/message" },
    ErrorShape { code: "/error/error_code", message: "/error/error_msg" },
];
const LABELS: KeyLabels = KeyLabels { id: "Access key id (AK)", secret: "Secret access key (SK)", session_token: "Security token" };

/// Huawei Cloud: AK/SK (`SDK-HMAC-SHA256`) or an IAM token.
pub const HUAWEI: Profile = Profile {
    cloud: Cloud::Huawei,
    name: "Huawei Cloud",
    modes: &[AuthMode::AccessKey, AuthMode::Token],
    modes_reason: "",
    key_labels: LABELS,
    token_header: Some("X-Auth-Token"),
    token_name: "IAM token",
    signs_with_nonce: false,
    project_value: Some("project_id"),
    placeholders: PLACEHOLDERS,
    forwarded_headers: FORWARDED,
    forwarded_prefixes: &[],
    credential_names: &["x-auth-token", "x-security-token"],
    error_shapes: ERROR_SHAPES,
    signer: huawei::sign,
    body_is_parameter_object: false,
};

/// Open Telekom Cloud: an IAM token only.
pub const OTC: Profile = Profile {
    cloud: Cloud::Otc,
    name: "Open Telekom Cloud",
    modes: &[AuthMode::Token],
    modes_reason: "Open Telekom Cloud's DDM and DCS API references document token authentication only",
    ..HUAWEI
};
