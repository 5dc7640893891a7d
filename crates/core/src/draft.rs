//! Drafts: the form values and region of one API, kept by the page between visits, and how
//! values written against an older catalog are fitted to the current one. Whatever no longer
//! fits is set aside and named, never dropped silently.
//!
//! A draft holds form values only: credentials, signatures and signed headers live elsewhere
//! and never pass through here.

use crate::catalog::{Entry, Field, FieldType};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// Version of the stored draft format.
pub const DRAFT_VERSION: u32 = 1;

/// Prefix of the storage keys of drafts; the catalog id follows.
pub const DRAFT_PREFIX: &str = "cloudreq.draft.";

/// The storage key of the draft of an API.
pub fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Format version ([`DRAFT_VERSION`]).
    pub v: u32,
    /// Catalog id of the API.
    pub id: String,
    /// Selected region.
    pub region: String,
    /// Values keyed by wire name, as the CLI's `--values` file.
    pub values: Value,
}

/// Why a stored draft cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftError {
    /// Not JSON at all (a corrupted store).
    Json(String),
    /// JSON, but not a draft of this format.
    Shape(String),
    /// A draft of another API (a key that does not match its content).
    OtherApi(String),
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::Json(e) => write!(f, "the stored draft is not valid JSON ({e})"),
            DraftError::Shape(e) => write!(f, "the stored draft is not in a known format ({e})"),
            DraftError::OtherApi(id) => write!(f, "the stored draft belongs to another API ({id})"),
        }
    }
}

impl std::error::Error for DraftError {}

/// The stored text of a draft.
pub fn encode_draft(id: &str, region: &str, values: &Value) -> String {
    let draft = Draft { v: DRAFT_VERSION, id: id.to_string(), region: region.to_string(), values: values.clone() };
    serde_json::to_string(&draft).unwrap_or_default()
}

/// Reads a stored draft of API `id`.
pub fn decode_draft(text: &str, id: &str) -> Result<Draft, DraftError> {
    let value: Value = serde_json::from_str(text).map_err(|e| DraftError::Json(e.to_string()))?;
    let draft: Draft = serde_json::from_value(value).map_err(|e| DraftError::Shape(e.to_string()))?;
    if draft.v != DRAFT_VERSION {
        return Err(DraftError::Shape(format!("version {} (this page reads {DRAFT_VERSION})", draft.v)));
    }
    if !draft.values.is_object() {
        return Err(DraftError::Shape("values must be a JSON object".into()));
    }
    if draft.id != id {
        return Err(DraftError::OtherApi(draft.id));
    }
    Ok(draft)
}

/// Values fitted to the current catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// What fits: known fields with values of the right shape.
    pub values: Value,
    /// The region to use (the stored one, or the default when the API no longer has it).
    pub region: String,
    /// Paths (and the region) that were set aside, e.g. `instance.old_name`.
    pub left_out: Vec<String>,
}

/// Fits stored values and region to `entry`: members the catalog no longer has, and values of
/// the wrong shape (an object where a list is expected…), are left out and named. Scalars of
/// a known field are kept even when they break a rule: validation shows that.
pub fn fit(entry: &Entry, values: &Value, region: &str) -> Fitted {
    let mut left_out = Vec::new();
    let values = match values {
        Value::Object(members) => Value::Object(fit_members(&entry.fields, members, "", &mut left_out)),
        Value::Null => Value::Object(Map::new()),
        _ => {
            left_out.push("(values that were not a JSON object)".into());
            Value::Object(Map::new())
        }
    };
    let known = entry.endpoint.open_region_list || entry.endpoint.regions.iter().any(|r| r.id == region);
    let region = if known && !region.is_empty() {
        region.to_string()
    } else {
        if !region.is_empty() {
            left_out.push(format!("region {region}"));
        }
        entry.endpoint.default_region.clone()
    };
    Fitted { values, region, left_out }
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

fn fit_members(fields: &[Field], members: &Map<String, Value>, base: &str, left_out: &mut Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in members {
        let path = join(base, name);
        match fields.iter().find(|f| f.name == *name) {
            Some(field) => {
                if let Some(v) = fit_value(field, value, &path, left_out) {
                    out.insert(name.clone(), v);
                }
            }
            None => left_out.push(path),
        }
    }
    out
}

fn fit_value(field: &Field, value: &Value, path: &str, left_out: &mut Vec<String>) -> Option<Value> {
    match (&field.ty, value) {
        (FieldType::Object, Value::Object(members)) => Some(Value::Object(fit_members(&field.fields, members, path, left_out))),
        (FieldType::Array, Value::Array(items)) => {
            let Some(item_field) = field.items.as_deref() else { return Some(value.clone()) };
            let mut kept = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                // A row that no longer fits is named by its stored index and left out.
                if let Some(v) = fit_value(item_field, item, &format!("{path}[{i}]"), left_out) {
                    kept.push(v);
                }
            }
            Some(Value::Array(kept))
        }
        (FieldType::Object | FieldType::Array, Value::Null) => None,
        (FieldType::Object | FieldType::Array, _) => {
            left_out.push(path.to_string());
            None
        }
        (_, Value::Object(_) | Value::Array(_)) => {
            left_out.push(path.to_string());
            None
        }
        _ => Some(value.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use serde_json::json;

    fn entry(id: &str) -> &'static Entry {
        catalog().get(id).unwrap()
    }

    #[test]
    fn a_draft_round_trips_through_its_text() {
        let values = json!({"InstanceId": "emr-1", "Tags": [{"TagKey": "a", "TagValue": "数据"}]});
        let text = encode_draft("tencent.emr.ScaleOutInstance", "ap-shanghai", &values);
        let d = decode_draft(&text, "tencent.emr.ScaleOutInstance").unwrap();
        assert_eq!((d.region.as_str(), &d.values), ("ap-shanghai", &values));
    }

    #[test]
    fn corrupted_foreign_and_misplaced_drafts_are_refused_with_a_reason() {
        let id = "tencent.emr.ScaleOutInstance";
        assert!(matches!(decode_draft("{not json", id), Err(DraftError::Json(_))));
        assert!(matches!(decode_draft("[1]", id), Err(DraftError::Shape(_))));
        assert!(matches!(decode_draft(r#"{"v":9,"id":"x","region":"r","values":{}}"#, id), Err(DraftError::Shape(_))));
        assert!(matches!(decode_draft(r#"{"v":1,"id":"x","region":"r","values":[]}"#, id), Err(DraftError::Shape(_))));
        let other = encode_draft("alibaba.emr.IncreaseNodes", "cn-hangzhou", &json!({}));
        assert_eq!(decode_draft(&other, id), Err(DraftError::OtherApi("alibaba.emr.IncreaseNodes".into())));
        assert!(DraftError::Json("x".into()).to_string().contains("not valid JSON"));
    }

    #[test]
    fn fields_the_catalog_no_longer_has_are_left_out_and_named() {
        let e = entry("huawei.ddm.CreateInstance");
        let stored = json!({
            "project_id": "p",
            "renamed_top": 1,
            "instance": {"name": "n", "old_name": "x", "available_zones": ["a", "b"]},
            "extend_param": "not an object"
        });
        let fitted = fit(e, &stored, "cn-north-4");
        assert_eq!(fitted.values, json!({"project_id": "p", "instance": {"name": "n", "available_zones": ["a", "b"]}}));
        assert_eq!(fitted.left_out, vec!["renamed_top", "instance.old_name", "extend_param"]);
        assert_eq!(fitted.region, "cn-north-4");
    }

    #[test]
    fn rows_that_no_longer_fit_are_named_by_their_stored_index() {
        let e = entry("alibaba.emr.IncreaseNodes");
        let stored = json!({"ApplicationConfigs": [
            {"ApplicationName": "HDFS", "Gone": 1},
            "not a row",
            {"ApplicationName": "YARN"}
        ]});
        let fitted = fit(e, &stored, "cn-hangzhou");
        assert_eq!(fitted.values["ApplicationConfigs"], json!([{"ApplicationName": "HDFS"}, {"ApplicationName": "YARN"}]));
        assert_eq!(fitted.left_out, vec!["ApplicationConfigs[0].Gone", "ApplicationConfigs[1]"]);
    }

    #[test]
    fn a_region_the_api_no_longer_lists_falls_back_to_the_default_and_is_named() {
        let e = entry("huawei.ddm.CreateInstance");
        assert!(!e.endpoint.open_region_list);
        let fitted = fit(e, &json!({}), "xx-gone-1");
        assert_eq!(fitted.region, e.endpoint.default_region);
        assert_eq!(fitted.left_out, vec!["region xx-gone-1"]);
        let fitted = fit(e, &json!({}), "");
        assert_eq!((fitted.region.as_str(), fitted.left_out.len()), (e.endpoint.default_region.as_str(), 0));
    }

    #[test]
    fn values_that_fit_are_kept_whole_for_every_documented_example() {
        for e in &catalog().entries {
            for ex in &e.examples {
                let imported = crate::request::import(e, &ex.url, ex.body.as_ref()).unwrap();
                let fitted = fit(e, &imported.values, &e.endpoint.default_region);
                assert_eq!(fitted.values, imported.values, "{} {}", e.id, ex.title);
                assert!(fitted.left_out.is_empty(), "{}: {:?}", e.id, fitted.left_out);
            }
        }
    }
}
