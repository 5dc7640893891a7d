//! Saved requests: named values of an API, kept by the page and exported as one JSON file
//! that the CLI reads too (`cloudreq build --saved FILE --name NAME`).
//!
//! The file:
//!
//! ```json
//! {"format": "cloudreq-saved-requests", "version": 1,
//!  "requests": [{"name": "scale prod", "id": "tencent.emr.ScaleOutInstance",
//!                "region": "ap-shanghai", "values": {"InstanceId": "emr-1"}}]}
//! ```
//!
//! Names are unique within a file. Values are form values only: never credentials.

use crate::catalog::Catalog;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// The `format` member that marks a saved-requests file.
pub const SAVED_FORMAT: &str = "cloudreq-saved-requests";

/// The file version this code writes and reads.
pub const SAVED_VERSION: u64 = 1;

/// The storage key of the page's saved requests (the text is a saved-requests file).
pub const SAVED_KEY: &str = "cloudreq.saved";

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// One saved request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedRequest {
    /// The name the user gave it (unique in a file).
    pub name: String,
    /// Catalog id of the API.
    pub id: String,
    /// Region.
    pub region: String,
    /// Values keyed by wire name, as the CLI's `--values` file.
    pub values: Value,
}

/// Why a saved-requests file (or an operation on saved requests) was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedError {
    /// Not JSON.
    Json { line: usize, column: usize, message: String },
    /// JSON, but not a saved-requests file (another tool's file, a values file…).
    Foreign(String),
    /// A saved-requests file of a version this code does not read.
    Version(Value),
    /// Request number `index` (from 1) is malformed.
    Request { index: usize, problem: String },
    /// Request number `index` names an API the catalog does not have.
    UnknownApi { index: usize, name: String, id: String },
    /// Two requests share a name.
    DuplicateName(String),
    /// A name that cannot be used (empty, too long, control characters).
    BadName(String),
    /// No request has that name.
    NoSuchName { name: String, known: Vec<String> },
}

impl fmt::Display for SavedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SavedError::Json { line, column, message } => {
                write!(f, "the file is not valid JSON: {message} (line {line}, column {column})")
            }
            SavedError::Foreign(why) => write!(f, "this is not a cloudreq saved-requests file: {why}"),
            SavedError::Version(v) => write!(f, "saved-requests file version {v} is not supported (this version reads {SAVED_VERSION})"),
            SavedError::Request { index, problem } => write!(f, "request {index}: {problem}"),
            SavedError::UnknownApi { index, name, id } => write!(f, "request {index} ({name:?}): there is no API with id {id:?}"),
            SavedError::DuplicateName(name) => write!(f, "two saved requests are named {name:?}; names must be unique"),
            SavedError::BadName(why) => write!(f, "{why}"),
            SavedError::NoSuchName { name, known } if known.is_empty() => {
                write!(f, "no saved request is named {name:?}; the file has none")
            }
            SavedError::NoSuchName { name, known } => {
                let list: Vec<String> = known.iter().map(|n| format!("{n:?}")).collect();
                write!(f, "no saved request is named {name:?}; the file has {}", list.join(", "))
            }
        }
    }
}

impl std::error::Error for SavedError {}

/// Checks a name the user typed; returns it trimmed.
pub fn check_name(name: &str) -> Result<String, SavedError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(SavedError::BadName("the name is empty; give the saved request a name".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(SavedError::BadName(format!("the name is longer than {MAX_NAME_CHARS} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(SavedError::BadName("the name holds control characters (line breaks, tabs…)".into()));
    }
    Ok(name.to_string())
}

/// What reading a saved-requests file needs of the catalog: whether it has an API, and that
/// API's default region (used when a request names none). The page, which fetches the catalog
/// in pieces, answers from the service lists it fetched; the CLI from the whole catalog.
pub trait KnownApis {
    /// The default region of API `id`, or `None` when the catalog does not have it.
    fn default_region(&self, id: &str) -> Option<String>;
}

impl KnownApis for Catalog {
    fn default_region(&self, id: &str) -> Option<String> {
        self.get(id).map(|e| e.endpoint.default_region.clone())
    }
}

/// Catalog id → default region.
impl KnownApis for std::collections::HashMap<String, String> {
    fn default_region(&self, id: &str) -> Option<String> {
        self.get(id).cloned()
    }
}

/// The ids a saved-requests file names (those that are strings), in order, without checking
/// anything else: what to look up before [`parse_saved`].
pub fn saved_ids(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let items = value.get("requests").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut ids: Vec<String> = items.iter().filter_map(|r| r.get("id")?.as_str().map(str::to_string)).collect();
    ids.dedup();
    ids
}

fn request_of(index: usize, item: &Value, catalog: &(impl KnownApis + ?Sized)) -> Result<SavedRequest, SavedError> {
    let bad = |problem: String| SavedError::Request { index, problem };
    let obj = item.as_object().ok_or_else(|| bad("must be a JSON object with name, id, region and values".into()))?;
    let text = |key: &str| -> Result<Option<&str>, SavedError> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(bad(format!("{key} must be a string"))),
        }
    };
    let raw_name = text("name")?.ok_or_else(|| bad("has no name".into()))?;
    let name = check_name(raw_name).map_err(|e| bad(e.to_string()))?;
    let id = text("id")?.ok_or_else(|| bad(format!("{name:?} has no id (the API's catalog id)")))?;
    let default_region =
        catalog.default_region(id).ok_or_else(|| SavedError::UnknownApi { index, name: name.clone(), id: id.to_string() })?;
    let region = match text("region")? {
        Some(r) if !r.trim().is_empty() => r.trim().to_string(),
        _ => default_region,
    };
    let values = match obj.get("values") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(bad(format!("{name:?}: values must be a JSON object keyed by wire names"))),
    };
    Ok(SavedRequest { name, id: id.to_string(), region, values })
}

/// Reads and checks a saved-requests file against `catalog`.
pub fn parse_saved(text: &str, catalog: &(impl KnownApis + ?Sized)) -> Result<Vec<SavedRequest>, SavedError> {
    let (list, mut unknown) = parse_saved_keeping(text, catalog)?;
    match unknown.is_empty() {
        true => Ok(list),
        false => Err(unknown.remove(0)),
    }
}

/// Like [`parse_saved`], but requests for APIs the catalog does not have (any more) are
/// returned apart as [`SavedError::UnknownApi`] instead of refusing the whole file: what the
/// page stored before a catalog change stays readable.
pub fn parse_saved_keeping(text: &str, catalog: &(impl KnownApis + ?Sized)) -> Result<(Vec<SavedRequest>, Vec<SavedError>), SavedError> {
    let value: Value = serde_json::from_str(text).map_err(|e| SavedError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
    })?;
    let Value::Object(obj) = value else {
        return Err(SavedError::Foreign("the file holds a JSON array or value, not an object".into()));
    };
    match obj.get("format") {
        Some(Value::String(f)) if f == SAVED_FORMAT => {}
        Some(other) => return Err(SavedError::Foreign(format!("its format is {other}, not {SAVED_FORMAT:?}"))),
        None => return Err(SavedError::Foreign(format!("it has no \"format\": {SAVED_FORMAT:?} member"))),
    }
    match obj.get("version") {
        Some(v) if v.as_u64() == Some(SAVED_VERSION) => {}
        Some(v) => return Err(SavedError::Version(v.clone())),
        None => return Err(SavedError::Version(Value::Null)),
    }
    let items =
        obj.get("requests").and_then(Value::as_array).ok_or_else(|| SavedError::Foreign("\"requests\" must be a JSON array".into()))?;
    let mut out: Vec<SavedRequest> = Vec::with_capacity(items.len());
    let mut unknown = Vec::new();
    let mut names = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let request = match request_of(i + 1, item, catalog) {
            Ok(r) => r,
            Err(e @ SavedError::UnknownApi { .. }) => {
                if let SavedError::UnknownApi { name, .. } = &e {
                    names.push(name.clone());
                }
                unknown.push(e);
                continue;
            }
            Err(e) => return Err(e),
        };
        if names.contains(&request.name) {
            return Err(SavedError::DuplicateName(request.name));
        }
        names.push(request.name.clone());
        out.push(request);
    }
    Ok((out, unknown))
}

/// The text of a saved-requests file (pretty JSON, ends with a newline).
pub fn to_file(requests: &[SavedRequest]) -> String {
    let file = serde_json::json!({"format": SAVED_FORMAT, "version": SAVED_VERSION, "requests": requests});
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// The request named `name`.
pub fn find<'a>(requests: &'a [SavedRequest], name: &str) -> Result<&'a SavedRequest, SavedError> {
    requests
        .iter()
        .find(|r| r.name == name)
        .ok_or_else(|| SavedError::NoSuchName { name: name.to_string(), known: requests.iter().map(|r| r.name.clone()).collect() })
}

/// Saves `request`: a new name is added; an existing name is replaced only with `replace`.
pub fn save(list: &mut Vec<SavedRequest>, request: SavedRequest, replace: bool) -> Result<(), SavedError> {
    let name = check_name(&request.name)?;
    let request = SavedRequest { name: name.clone(), ..request };
    match list.iter_mut().find(|r| r.name == name) {
        Some(existing) if replace => *existing = request,
        Some(_) => return Err(SavedError::DuplicateName(name)),
        None => list.push(request),
    }
    Ok(())
}

/// Renames a saved request; the new name must be free.
pub fn rename(list: &mut [SavedRequest], old: &str, new: &str) -> Result<(), SavedError> {
    let new = check_name(new)?;
    if new != old && list.iter().any(|r| r.name == new) {
        return Err(SavedError::DuplicateName(new));
    }
    let known = list.iter().map(|r| r.name.clone()).collect();
    let r = list.iter_mut().find(|r| r.name == old).ok_or(SavedError::NoSuchName { name: old.to_string(), known })?;
    r.name = new;
    Ok(())
}

/// What importing a file would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    /// Requests with new names.
    pub added: Vec<SavedRequest>,
    /// Names already there with the same content (nothing to do).
    pub unchanged: Vec<String>,
    /// Requests whose names are taken by different content: replaced only when asked.
    pub conflicts: Vec<SavedRequest>,
}

/// Compares an imported file with what is saved.
pub fn plan_import(existing: &[SavedRequest], incoming: Vec<SavedRequest>) -> ImportPlan {
    let mut plan = ImportPlan::default();
    for r in incoming {
        match existing.iter().find(|e| e.name == r.name) {
            None => plan.added.push(r),
            Some(e) if *e == r => plan.unchanged.push(r.name),
            Some(_) => plan.conflicts.push(r),
        }
    }
    plan
}

/// Carries out a plan: adds the new requests and, with `replace`, replaces the conflicting
/// ones (else keeps what was there).
pub fn apply_import(existing: &mut Vec<SavedRequest>, plan: &ImportPlan, replace: bool) {
    existing.extend(plan.added.iter().cloned());
    if replace {
        for r in &plan.conflicts {
            if let Some(e) = existing.iter_mut().find(|e| e.name == r.name) {
                *e = r.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use serde_json::json;

    fn req(name: &str, id: &str, values: Value) -> SavedRequest {
        SavedRequest { name: name.into(), id: id.into(), region: "ap-shanghai".into(), values }
    }

    #[test]
    fn a_file_round_trips() {
        let list = vec![
            req(
                "scale prod",
                "tencent.emr.ScaleOutInstance",
                json!({"InstanceId": "emr-1", "Tags": [{"TagKey": "k", "TagValue": "数据"}]}),
            ),
            req("ali", "alibaba.emr.IncreaseNodes", json!({})),
        ];
        let text = to_file(&list);
        assert!(text.ends_with('\n'));
        assert_eq!(parse_saved(&text, catalog()).unwrap(), list);
    }

    #[test]
    fn malformed_and_foreign_files_are_refused_with_the_reason() {
        let c = catalog();
        let err = |t: &str| parse_saved(t, c).unwrap_err();
        match err("{\n  \"format\": ,\n}") {
            SavedError::Json { line, column, .. } => assert_eq!((line, column), (2, 13)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(err("[1, 2]"), SavedError::Foreign(_)));
        assert!(matches!(err(r#"{"InstanceId": "emr-1"}"#), SavedError::Foreign(_)));
        assert!(matches!(err(r#"{"format": "postman", "version": 1, "requests": []}"#), SavedError::Foreign(_)));
        assert_eq!(err(r#"{"format": "cloudreq-saved-requests", "version": 2, "requests": []}"#), SavedError::Version(json!(2)));
        assert!(matches!(err(r#"{"format": "cloudreq-saved-requests", "version": 1}"#), SavedError::Foreign(_)));
        let one = |item: &str| err(&format!(r#"{{"format": "cloudreq-saved-requests", "version": 1, "requests": [{item}]}}"#));
        assert!(matches!(one("3"), SavedError::Request { index: 1, .. }));
        assert!(matches!(one(r#"{"id": "alibaba.emr.IncreaseNodes"}"#), SavedError::Request { index: 1, .. }));
        assert!(matches!(one(r#"{"name": " ", "id": "alibaba.emr.IncreaseNodes"}"#), SavedError::Request { .. }));
        assert!(matches!(one(r#"{"name": "a"}"#), SavedError::Request { .. }));
        assert!(matches!(one(r#"{"name": "a", "id": "alibaba.emr.IncreaseNodes", "values": [1]}"#), SavedError::Request { .. }));
        assert!(matches!(one(r#"{"name": "a", "id": "alibaba.emr.IncreaseNodes", "region": 5}"#), SavedError::Request { .. }));
        assert_eq!(one(r#"{"name": "a", "id": "nope.x.Y"}"#), SavedError::UnknownApi { index: 1, name: "a".into(), id: "nope.x.Y".into() });
        let dup = r#"{"format": "cloudreq-saved-requests", "version": 1, "requests": [
            {"name": "a", "id": "alibaba.emr.IncreaseNodes"}, {"name": "a", "id": "alibaba.emr.IncreaseNodes"}]}"#;
        assert_eq!(err(dup), SavedError::DuplicateName("a".into()));
        assert!(err(dup).to_string().contains("\"a\""));
    }

    #[test]
    fn requests_for_apis_no_longer_in_the_catalog_can_be_set_apart() {
        let text = r#"{"format": "cloudreq-saved-requests", "version": 1, "requests": [
            {"name": "kept", "id": "alibaba.emr.IncreaseNodes"},
            {"name": "gone", "id": "retired.api.Op"}]}"#;
        let (list, unknown) = parse_saved_keeping(text, catalog()).unwrap();
        assert_eq!(list.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["kept"]);
        assert_eq!(unknown, vec![SavedError::UnknownApi { index: 2, name: "gone".into(), id: "retired.api.Op".into() }]);
        assert!(matches!(parse_saved(text, catalog()), Err(SavedError::UnknownApi { index: 2, .. })));
        // A name may not hide behind an unknown API either.
        let dup = r#"{"format": "cloudreq-saved-requests", "version": 1, "requests": [
            {"name": "a", "id": "retired.api.Op"}, {"name": "a", "id": "alibaba.emr.IncreaseNodes"}]}"#;
        assert_eq!(parse_saved_keeping(dup, catalog()), Err(SavedError::DuplicateName("a".into())));
    }

    #[test]
    fn a_lookup_of_known_ids_reads_as_the_catalog_does() {
        let text = r#"{"format": "cloudreq-saved-requests", "version": 1, "requests": [
            {"name": "a", "id": "alibaba.emr.IncreaseNodes"}, {"name": "b", "id": "retired.api.Op", "region": "r"},
            {"name": "c", "id": 3}, {"name": "d", "id": "alibaba.emr.IncreaseNodes"}]}"#;
        assert_eq!(saved_ids(text), ["alibaba.emr.IncreaseNodes", "retired.api.Op", "alibaba.emr.IncreaseNodes"]);
        assert!(saved_ids("not json").is_empty());
        let fine = text.replace(r#"{"name": "c", "id": 3}, "#, "");
        let known: std::collections::HashMap<String, String> =
            saved_ids(&fine).into_iter().filter_map(|id| catalog().get(&id).map(|e| (id, e.endpoint.default_region.clone()))).collect();
        assert_eq!(parse_saved_keeping(&fine, &known), parse_saved_keeping(&fine, catalog()));
        assert!(matches!(parse_saved(&fine, &known), Err(SavedError::UnknownApi { index: 2, .. })));
    }

    #[test]
    fn a_missing_region_is_the_default_one_and_missing_values_are_empty() {
        let text =
            r#"{"format": "cloudreq-saved-requests", "version": 1, "requests": [{"name": " n ", "id": "alibaba.emr.IncreaseNodes"}]}"#;
        let list = parse_saved(text, catalog()).unwrap();
        let e = catalog().get("alibaba.emr.IncreaseNodes").unwrap();
        assert_eq!(
            list,
            vec![SavedRequest { name: "n".into(), id: e.id.clone(), region: e.endpoint.default_region.clone(), values: json!({}) }]
        );
    }

    #[test]
    fn names_are_checked_and_unique_on_save_and_rename() {
        let mut list = Vec::new();
        save(&mut list, req("a", "alibaba.emr.IncreaseNodes", json!({"ClusterId": "1"})), false).unwrap();
        assert_eq!(save(&mut list, req("a", "alibaba.emr.IncreaseNodes", json!({})), false), Err(SavedError::DuplicateName("a".into())));
        save(&mut list, req("a", "alibaba.emr.IncreaseNodes", json!({"ClusterId": "2"})), true).unwrap();
        assert_eq!(list[0].values, json!({"ClusterId": "2"}));
        assert!(matches!(save(&mut list, req("", "x", json!({})), false), Err(SavedError::BadName(_))));
        assert!(matches!(save(&mut list, req("a\nb", "x", json!({})), false), Err(SavedError::BadName(_))));
        save(&mut list, req("b", "alibaba.emr.IncreaseNodes", json!({})), false).unwrap();
        assert_eq!(rename(&mut list, "a", "b"), Err(SavedError::DuplicateName("b".into())));
        rename(&mut list, "a", "  c ").unwrap();
        assert_eq!(list.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["c", "b"]);
        assert!(matches!(rename(&mut list, "zz", "y"), Err(SavedError::NoSuchName { .. })));
        assert_eq!(find(&list, "b").unwrap().name, "b");
        let missing = find(&list, "q").unwrap_err().to_string();
        assert!(missing.contains("\"q\"") && missing.contains("\"c\", \"b\""), "{missing}");
    }

    #[test]
    fn importing_adds_new_names_and_replaces_others_only_when_asked() {
        let id = "alibaba.emr.IncreaseNodes";
        let existing = vec![req("same", id, json!({"a": 1})), req("differs", id, json!({"a": 1}))];
        let incoming = vec![req("same", id, json!({"a": 1})), req("differs", id, json!({"a": 2})), req("new", id, json!({}))];
        let plan = plan_import(&existing, incoming);
        assert_eq!(plan.unchanged, vec!["same"]);
        assert_eq!(plan.added.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["new"]);
        assert_eq!(plan.conflicts.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["differs"]);
        let mut keep = existing.clone();
        apply_import(&mut keep, &plan, false);
        assert_eq!(keep.len(), 3);
        assert_eq!(keep[1].values, json!({"a": 1}));
        let mut replace = existing.clone();
        apply_import(&mut replace, &plan, true);
        assert_eq!(replace[1].values, json!({"a": 2}));
    }
}
