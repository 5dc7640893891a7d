//! Shareable links: `#/<catalog id>?region=<r>&values=<JSON>`, percent-encoded. Credentials
//! are never part of it (they are not in the values).

use crate::request::encode;
use percent_encoding::percent_decode_str;
use serde_json::Value;

/// What a link restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Catalog id.
    pub id: String,
    /// Region, if the link fixes one.
    pub region: Option<String>,
    /// Form values, if the link carries them.
    pub values: Option<Value>,
}

/// The fragment (with `#`) for an API page, optionally carrying its form state.
pub fn encode_link(id: &str, region: Option<&str>, values: Option<&Value>) -> String {
    let mut out = format!("#/{}", encode(id));
    let mut params = Vec::new();
    if let Some(r) = region {
        params.push(format!("region={}", encode(r)));
    }
    if let Some(v) = values {
        params.push(format!("values={}", encode(&v.to_string())));
    }
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

/// Why a link cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// A part is not valid UTF-8 once percent-decoded.
    NotUtf8,
    /// The `values` parameter is not JSON.
    ValuesNotJson(String),
    /// The `values` parameter is JSON but not an object.
    ValuesNotObject,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotUtf8 => f.write_str("the link is not valid UTF-8"),
            LinkError::ValuesNotJson(e) => write!(f, "the link's values are not valid JSON: {e}"),
            LinkError::ValuesNotObject => f.write_str("the link's values must be a JSON object"),
        }
    }
}

impl std::error::Error for LinkError {}

/// Reads a fragment (`#/id?…`, with or without `#`). `Ok(None)` for the home page.
pub fn decode_link(fragment: &str) -> Result<Option<Link>, LinkError> {
    let f = fragment.trim_start_matches('#');
    let f = f.strip_prefix('/').unwrap_or(f);
    if f.is_empty() {
        return Ok(None);
    }
    let (id, query) = f.split_once('?').unwrap_or((f, ""));
    let decode = |s: &str| percent_decode_str(s).decode_utf8().map(|c| c.into_owned()).map_err(|_| LinkError::NotUtf8);
    let mut link = Link { id: decode(id)?, region: None, values: None };
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "region" => link.region = Some(decode(v)?),
            "values" => {
                let text = decode(v)?;
                let value: Value = serde_json::from_str(&text).map_err(|e| LinkError::ValuesNotJson(e.to_string()))?;
                if !value.is_object() {
                    return Err(LinkError::ValuesNotObject);
                }
                link.values = Some(value);
            }
            _ => {}
        }
    }
    Ok(Some(link))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip_with_awkward_text() {
        let values = json!({"name": "a b&c=d#e?f/数据🚀'\"%", "n": 3, "rows": [{"k": "v"}]});
        let link = encode_link("tencent.emr.ScaleOutInstance", Some("ap-guangzhou"), Some(&values));
        assert!(!link[1..].contains('#') && !link.contains(' '));
        let back = decode_link(&link).unwrap().unwrap();
        assert_eq!(back, Link { id: "tencent.emr.ScaleOutInstance".into(), region: Some("ap-guangzhou".into()), values: Some(values) });
        assert_eq!(decode_link("#/").unwrap(), None);
        assert_eq!(decode_link("").unwrap(), None);
        assert_eq!(decode_link("#/x").unwrap().unwrap().values, None);
        assert!(decode_link("#/x?values=%7Bbad").unwrap_err().to_string().contains("not valid JSON"));
        assert_eq!(decode_link("#/x?values=%5B%5D").unwrap_err(), LinkError::ValuesNotObject);
        assert_eq!(decode_link("#/x?region=%FF").unwrap_err(), LinkError::NotUtf8);
    }
}
