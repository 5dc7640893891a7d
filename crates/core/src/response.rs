//! Reading a cloud's answer: finds the error code in each cloud's error shape and explains it
//! from the catalog's error table, with the form field it points at.

use crate::catalog::{Cloud, Entry};
use crate::profile::{profile, PROFILES};
use serde::Serialize;
use serde_json::Value;

/// An explained error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    /// The cloud's error code.
    pub code: String,
    /// The cloud's own message.
    pub message: String,
    /// Our explanation from the catalog, when the code is documented.
    pub meaning: Option<String>,
    /// The request field the code points at, when there is one.
    pub field: Option<String>,
    /// For an API gateway signature error: the canonical request the gateway computed.
    pub server_canonical_request: Option<String>,
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Finds `(code, message)` in the error shapes of the entry's cloud (its
/// [`Profile`](crate::profile::Profile)), then in those of the other clouds (a gateway in
/// front may answer in another shape).
fn code_and_message(cloud: Cloud, body: &Value) -> Option<(String, String)> {
    let own = profile(cloud).error_shapes.iter();
    let others = PROFILES.iter().filter(|p| p.cloud != cloud).flat_map(|p| p.error_shapes.iter());
    own.chain(others).find_map(|shape| {
        let code = text(body.pointer(shape.code))?;
        Some((code, text(body.pointer(shape.message)).unwrap_or_default()))
    })
}

/// The longest top-level wire name that appears as a whole word in `message`.
fn field_named_in(entry: &Entry, message: &str) -> Option<String> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    entry
        .fields
        .iter()
        .filter(|f| {
            message.match_indices(f.name.as_str()).any(|(i, m)| {
                let before = message[..i].chars().next_back();
                let after = message[i + m.len()..].chars().next();
                !before.is_some_and(is_word) && !after.is_some_and(is_word)
            })
        })
        .max_by_key(|f| f.name.len())
        .map(|f| f.name.clone())
}

/// Explains an answer, or `None` when it is not an error in a known shape.
pub fn explain(entry: &Entry, status: u16, body: &str) -> Option<Explained> {
    let value: Value = serde_json::from_str(body).ok()?;
    let (code, message) = code_and_message(entry.cloud, &value)?;
    // Tencent answers 200 with an error body; others use the HTTP status.
    let is_error = status >= 400 || value.pointer("/Response/Error").is_some() || !code.is_empty();
    if !is_error {
        return None;
    }
    let documented = entry.errors.iter().find(|e| e.code == code);
    let server_canonical_request =
        message.split_once("canonicalRequest:").map(|(_, rest)| rest.trim().trim_end_matches(['"', '}']).replace('|', "\n"));
    let field = documented.and_then(|e| e.field.clone()).or_else(|| field_named_in(entry, &message));
    Some(Explained { meaning: documented.map(|e| e.meaning.clone()), field, code, message, server_canonical_request })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn explains_each_cloud_shape() {
        let t = catalog().get("tencent.emr.ScaleOutInstance").unwrap();
        let e = explain(t, 200, r#"{"Response":{"Error":{"Code":"InvalidParameter.InvalidTimeSpan","Message":"bad"},"RequestId":"r"}}"#)
            .unwrap();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("InvalidParameter.InvalidTimeSpan", Some("TimeSpan")));
        assert!(e.meaning.is_some());
        assert_eq!(explain(t, 200, r#"{"Response":{"InstanceId":"emr-1","RequestId":"r"}}"#), None);

        let d = catalog().get("huawei.dcs.CancelInstanceResize").unwrap();
        let e = explain(d, 400, r#"{"error_code":"DCS.4239","error_msg":"The instance status is not extending."}"#).unwrap();
        assert_eq!(e.field.as_deref(), Some("instance_id"));
        let e = explain(d, 401, r#"{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:POST|/v2/x/|","error_code":"APIGW.0301","request_id":"1"}"#).unwrap();
        assert_eq!(e.server_canonical_request.as_deref(), Some("POST\n/v2/x/\n"));

        let h = catalog().get("huawei.ddm.CreateInstance").unwrap();
        let e = explain(h, 400, r#"{"errCode":"DBS.280001","externalMessage":"Parameter error."}"#).unwrap();
        assert_eq!(e.code, "DBS.280001");
        assert!(e.meaning.is_some());

        let a = catalog().get("alibaba.emr.IncreaseNodes").unwrap();
        let e = explain(
            a,
            400,
            r#"{"RequestId":"x","Code":"InvalidParameterValue","Message":"The input parameter IncreaseNodeCount is invalid"}"#,
        )
        .unwrap();
        assert_eq!(e.code, "InvalidParameterValue");
        assert_eq!(e.field.as_deref(), Some("IncreaseNodeCount"), "the message names the parameter");
        assert_eq!(explain(a, 200, r#"{"OperationId":"op-1","RequestId":"x"}"#), None);
        assert_eq!(explain(a, 502, "not json"), None);
    }
}
