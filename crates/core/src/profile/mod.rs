//! What cloudreq knows about each cloud apart from its APIs: which credentials it takes and
//! how they are labelled, the placeholders of an unsigned request, the headers the proxy may
//! forward, the shape of its error answers, and its signer. Adding a cloud is one module here
//! (plus its signer in [`crate::sign`] and its name in [`Cloud`]).

mod alibaba;
mod huawei;
mod tencent;

use crate::catalog::Cloud;
use crate::sign::{AuthMode, SignError, Signer};

/// Where a cloud's error answer keeps its code and message (JSON pointers into the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorShape {
    /// Pointer to the error code, e.g. `/Response/Error/Code`.
    pub code: &'static str,
    /// Pointer to the message.
    pub message: &'static str,
}

/// How the parts of an access key are called by a cloud (the page's labels, the CLI's
/// messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLabels {
    /// The key id (`Access key id (AK)`, `SecretId`…).
    pub id: &'static str,
    /// The secret.
    pub secret: &'static str,
    /// The session token of temporary keys.
    pub session_token: &'static str,
}

/// One cloud's profile.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// The cloud.
    pub cloud: Cloud,
    /// Its name in messages (`Open Telekom Cloud`).
    pub name: &'static str,
    /// The auth modes it takes, preferred first.
    pub modes: &'static [AuthMode],
    /// Why it takes only these modes, when it does not take them all.
    pub modes_reason: &'static str,
    /// Labels of the access key parts.
    pub key_labels: KeyLabels,
    /// The header a token goes into (token mode).
    pub token_header: Option<&'static str>,
    /// What the cloud calls the token it takes (`IAM token`; empty when it takes none).
    pub token_name: &'static str,
    /// The signer takes a nonce (the page offers a fixed one for reproducible signatures).
    pub signs_with_nonce: bool,
    /// The value (wire name) that the signer also sends as a header (Huawei: `project_id` as
    /// `X-Project-Id`, as the SDK does).
    pub project_value: Option<&'static str>,
    /// `<…>` stand-ins for the auth headers of an unsigned request.
    pub placeholders: &'static [(&'static str, &'static str)],
    /// Request headers the proxy forwards for this cloud (lower case), besides
    /// `content-type` and `authorization`.
    pub forwarded_headers: &'static [&'static str],
    /// Prefixes of further forwarded request headers (lower case).
    pub forwarded_prefixes: &'static [&'static str],
    /// Headers and query parameters (lower case) that carry a credential: never kept in the
    /// history, masked wherever shown.
    pub credential_names: &'static [&'static str],
    /// Where its error answers keep code and message, most specific first.
    pub error_shapes: &'static [ErrorShape],
    /// Signs with an access key.
    pub signer: Signer,
    /// Every operation's body is its parameter object, sent as `{}` when no parameter is given
    /// (Tencent Cloud API 3.0, as its SDK does); otherwise an operation without body fields
    /// sends no body.
    pub body_is_parameter_object: bool,
}

impl Profile {
    /// Whether the cloud takes credentials of `mode`; the error says what it takes instead.
    pub fn check_mode(&self, mode: AuthMode) -> Result<(), SignError> {
        if self.modes.contains(&mode) {
            Ok(())
        } else {
            Err(SignError::ModeNotTaken { cloud: self.cloud, mode, reason: self.modes_reason })
        }
    }

    /// Whether the cloud takes credentials of `mode`.
    pub fn takes(&self, mode: AuthMode) -> bool {
        self.modes.contains(&mode)
    }
}

/// Every cloud's profile, in the order of [`Cloud`].
pub const PROFILES: [&Profile; 4] = [&huawei::HUAWEI, &huawei::OTC, &tencent::TENCENT, &alibaba::ALIBABA];

/// The profile of `cloud`.
pub fn profile(cloud: Cloud) -> &'static Profile {
    match cloud {
        Cloud::Huawei => &huawei::HUAWEI,
        Cloud::Otc => &huawei::OTC,
        Cloud::Tencent => &tencent::TENCENT,
        Cloud::Alibaba => &alibaba::ALIBABA,
    }
}

/// Whether a header or query parameter carries a credential for any cloud (its
/// `Authorization`, a token, a session token).
pub fn carries_credential(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "authorization" || PROFILES.iter().any(|p| p.credential_names.contains(&name.as_str()))
}

/// Request headers every cloud needs forwarded.
const COMMON_FORWARDED: [&str; 2] = ["content-type", "authorization"];

/// Whether the proxy may forward a request header (any cloud's: the proxy does not know which
/// cloud a host belongs to beyond its allow-list).
pub fn forwards_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    COMMON_FORWARDED.contains(&name.as_str())
        || PROFILES
            .iter()
            .any(|p| p.forwarded_headers.contains(&name.as_str()) || p.forwarded_prefixes.iter().any(|prefix| name.starts_with(prefix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_has_its_own_profile() {
        for p in PROFILES {
            assert_eq!(profile(p.cloud).cloud, p.cloud);
            assert!(!p.modes.is_empty());
        }
    }

    /// The clouds the catalog's files may name (the JSON Schema) are the clouds with a profile
    /// in [`PROFILES`]: a cloud added to one list and not the other fails here.
    #[test]
    fn the_catalog_schema_names_exactly_the_clouds_with_a_profile() {
        let schema: serde_json::Value = serde_json::from_str(include_str!("../../../../catalog/schema/catalog.schema.json")).unwrap();
        let names: Vec<&str> = schema["$defs"]["cloud"]["enum"].as_array().unwrap().iter().filter_map(|n| n.as_str()).collect();
        let profiled: Vec<&str> = PROFILES.iter().map(|p| p.cloud.as_str()).collect();
        assert_eq!(names, profiled);
        for name in names {
            let cloud: Cloud = serde_json::from_value(serde_json::json!(name)).unwrap();
            assert_eq!(cloud.as_str(), name);
        }
    }

    #[test]
    fn the_proxy_forwards_what_the_clouds_sign_and_nothing_else() {
        for name in [
            "Content-Type",
            "Authorization",
            "X-Sdk-Date",
            "x-project-id",
            "X-Security-Token",
            "X-Auth-Token",
            "x-sdk-content-sha256",
            "X-TC-Action",
            "x-acs-date",
        ] {
            assert!(forwards_header(name), "{name}");
        }
        for name in ["Cookie", "Host", "Forwarded", "X-Forwarded-For", "x-tcaction", "Origin"] {
            assert!(!forwards_header(name), "{name}");
        }
    }

    #[test]
    fn open_telekom_cloud_takes_a_token_only() {
        assert_eq!(profile(Cloud::Otc).modes, &[AuthMode::Token]);
        assert!(profile(Cloud::Otc).check_mode(AuthMode::AccessKey).unwrap_err().to_string().contains("token authentication only"));
        assert!(profile(Cloud::Huawei).takes(AuthMode::AccessKey) && profile(Cloud::Huawei).takes(AuthMode::Token));
        assert!(!profile(Cloud::Tencent).takes(AuthMode::Token));
    }
}
