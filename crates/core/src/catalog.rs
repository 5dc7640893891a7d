//! The API catalog: every supported API described as data.
//!
//! Entries live in `crates/core/catalog/*.json` (schema: `catalog/README.md`) and are compiled
//! into the binary. A variant entry (e.g. the Open Telekom Cloud flavour of a Huawei API) names
//! its `base` and lists only what differs; [`Catalog::load`] merges it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The JSON sources, in display order.
const SOURCES: &[(&str, &str)] = &[
    ("huawei_ddm_create.json", include_str!("../catalog/huawei_ddm_create.json")),
    ("otc_ddm_create.json", include_str!("../catalog/otc_ddm_create.json")),
    ("huawei_ddm_enlarge.json", include_str!("../catalog/huawei_ddm_enlarge.json")),
    ("otc_ddm_enlarge.json", include_str!("../catalog/otc_ddm_enlarge.json")),
    ("huawei_dcs_cancel_resize.json", include_str!("../catalog/huawei_dcs_cancel_resize.json")),
    ("tencent_emr_scale_out.json", include_str!("../catalog/tencent_emr_scale_out.json")),
    ("alibaba_emr_increase_nodes.json", include_str!("../catalog/alibaba_emr_increase_nodes.json")),
];

/// Which cloud (and so which endpoint family and signing scheme) an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// Huawei Cloud.
    Huawei,
    /// Open Telekom Cloud (Huawei technology, its own endpoints and docs).
    Otc,
    /// Tencent Cloud API 3.0.
    Tencent,
    /// Alibaba Cloud OpenAPI.
    Alibaba,
}

impl Cloud {
    /// Lower-case name as used in catalog ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Huawei => "huawei",
            Cloud::Otc => "otc",
            Cloud::Tencent => "tencent",
            Cloud::Alibaba => "alibaba",
        }
    }
}

/// How parameters travel on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Path parameters plus a JSON body (Huawei, OTC, Tencent).
    Json,
    /// Everything in the query string, arrays flattened with 1-based indexes (Alibaba RPC).
    Rpc,
}

/// Where a top-level field goes in the HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// Substituted into the path template.
    Path,
    /// A query-string parameter.
    Query,
    /// A request header.
    Header,
    /// A member of the JSON body.
    Body,
}

/// The value type of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// JSON string.
    String,
    /// JSON whole number.
    Integer,
    /// JSON number (may have a fraction).
    Number,
    /// JSON `true` / `false`.
    Boolean,
    /// The JSON *string* `"true"` or `"false"`.
    StringBool,
    /// One of the listed `values` (strings or integers).
    Enum,
    /// JSON array of `items`.
    Array,
    /// JSON object with `fields`.
    Object,
    /// A JSON string whose content must itself parse as JSON.
    JsonString,
}

/// One allowed value of an enum field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The wire value (string or integer).
    pub value: Value,
    /// What it means, in a few words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// Character rules for a string, expressed as data (no regex engine ships in the page).
///
/// Class tokens: `letter`, `upper`, `lower`, `digit`; any other token is a list of literal
/// characters (e.g. `"-_"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CharRule {
    /// Classes the first character must belong to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<String>,
    /// Classes every character must belong to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    /// Classes that must each appear at least once (a password's "combination of").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<String>,
    /// How many of `require` must be present; all of them when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_at_least: Option<usize>,
}

/// A field of a request (top level or nested).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Wire name, exactly as the API spells it.
    pub name: String,
    /// Value type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Placement of a top-level field; defaults to body (JSON style) or query (RPC style).
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Must be present.
    #[serde(default)]
    pub required: bool,
    /// The server-side default, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Short description in our own words.
    #[serde(default)]
    pub description: String,
    /// An example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Allowed values of an enum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValue>,
    /// Smallest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Shortest allowed string, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// Longest allowed string, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// Character rules of a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chars: Option<CharRule>,
    /// Fewest array items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    /// Most array items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// Item description of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Field>>,
    /// Members of an object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Cross-field rules evaluated relative to this object (or to each item of an array of objects).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Where sources disagree, which reading we chose and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The provider marks the field deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Rarely needed; the form may fold it away.
    #[serde(default, skip_serializing_if = "is_false")]
    pub advanced: bool,
    /// When absent, the selected region id is used (e.g. Alibaba `RegionId`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub region_default: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The request is wrong; the cloud would reject it.
    #[default]
    Error,
    /// Probably a mistake, or a documented limit of uncertain standing.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A condition on the value at `path` (relative to the rule's scope).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// Dotted path of the value tested.
    pub path: String,
    /// True when the value equals this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Value>,
    /// True when the value is present and differs from this, or is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_equals: Option<Value>,
    /// True when the value is present (`true`) or absent (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
}

/// The check a rule makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Check {
    /// These paths must be present.
    Required { paths: Vec<String> },
    /// The number at `path` must lie in `[min, max]`.
    Range {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// The value at `path` must be one of `values`.
    OneOf { path: String, values: Vec<Value> },
    /// At most one of the groups may be used (a group is used when any of its paths is present).
    Exclusive { groups: Vec<Vec<String>> },
    /// The array at `path` must have as many items as the integer at `count`.
    CountEquals { path: String, count: String },
    /// The number at `path` must not exceed the number at `other`.
    NotGreaterThan { path: String, other: String },
    /// These paths have no effect (reported when present).
    Ignored { paths: Vec<String> },
    /// Advice attached to `path`, reported when the rule's condition holds.
    Hint { path: String },
}

/// A cross-field rule: a check, an optional condition, a severity and an optional message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// The rule applies only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// What is checked.
    #[serde(flatten)]
    pub check: Check,
    /// Error (default) or warning.
    #[serde(default)]
    pub severity: Severity,
    /// Wording that replaces the generated message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Where the rule comes from (doc, SDK, error-code text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One region of an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Region id, e.g. `ap-southeast-1`.
    pub id: String,
    /// Human name, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Host for this region when it does not follow the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// Where an API is served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Host template; `{region}` is replaced by the region id.
    pub host: String,
    /// Known regions.
    pub regions: Vec<Region>,
    /// Region used when none is chosen.
    pub default_region: String,
    /// Whether ids outside `regions` are accepted (with a warning).
    #[serde(default)]
    pub open_region_list: bool,
    /// Remarks on the endpoint (sources, alternatives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A documented example request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// What the example shows.
    pub title: String,
    /// Where it is documented.
    pub source: String,
    /// Full URL (with the real path and, for RPC style, the query string).
    pub url: String,
    /// The JSON body, when the API has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Region the example belongs to, when the host does not say (Tencent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorCode {
    /// Error code as returned.
    pub code: String,
    /// HTTP status, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// What it means, in our words.
    pub meaning: String,
    /// The request field it points at, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// HTTP status of success.
    pub status: u16,
    /// Fields of the success body (types and meanings).
    pub fields: Vec<Field>,
    /// Shape of the error body, e.g. `{"errCode","externalMessage"}`.
    pub error_shape: String,
    /// A documented success example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

/// A fixed header every request of the entry carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixedHeader {
    /// Header name.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// One API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// `<cloud>.<service>.<Operation>`.
    pub id: String,
    /// Cloud.
    pub cloud: Cloud,
    /// Service code (`ddm`, `dcs`, `emr`).
    pub service: String,
    /// Short title.
    pub title: String,
    /// Official documentation page.
    pub doc: String,
    /// HTTP method.
    pub method: String,
    /// Path template with `{name}` placeholders for path fields.
    pub path: String,
    /// Wire style.
    pub style: Style,
    /// API action name (Tencent `X-TC-Action`, Alibaba `x-acs-action`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// API version (Tencent `X-TC-Version`, Alibaba `x-acs-version`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Headers sent with every request (Content-Type included when there is one).
    #[serde(default)]
    pub headers: Vec<FixedHeader>,
    /// Endpoint hosts and regions.
    pub endpoint: Endpoint,
    /// Request fields, in wire order.
    pub fields: Vec<Field>,
    /// Cross-field rules over the whole request.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Documented example requests.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Success response and error shape.
    pub response: Response,
    /// Documented error codes.
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
    /// Remarks: status of the API, where sources disagree and what we chose.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Entry {
    /// Where a top-level field goes.
    pub fn location_of(&self, field: &Field) -> Location {
        field.location.unwrap_or(match self.style {
            Style::Json => Location::Body,
            Style::Rpc => Location::Query,
        })
    }

    /// The top-level field with this wire name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The region record for an id, if listed.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.endpoint.regions.iter().find(|r| r.id == id)
    }
}

/// All entries.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Entries in display order.
    pub entries: Vec<Entry>,
    /// Set when the compiled-in data failed to load (a build bug, caught by tests).
    pub load_error: Option<String>,
}

impl Catalog {
    /// Parses and merges the compiled-in JSON sources.
    pub fn load() -> Result<Catalog, String> {
        let mut raw: Vec<(String, Value)> = Vec::new();
        for (file, text) in SOURCES {
            let value: Value =
                serde_json::from_str(text).map_err(|e| format!("catalog/{file}: {e}"))?;
            let value = match value.get("base").and_then(Value::as_str) {
                Some(base) => {
                    let base_value = raw
                        .iter()
                        .find(|(_, v)| v.get("id").and_then(Value::as_str) == Some(base))
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| format!("catalog/{file}: unknown base {base}"))?;
                    merge_variant(base_value, value).map_err(|e| format!("catalog/{file}: {e}"))?
                }
                None => value,
            };
            raw.push((file.to_string(), value));
        }
        let mut entries = Vec::new();
        for (file, value) in raw {
            let entry: Entry =
                serde_json::from_value(value).map_err(|e| format!("catalog/{file}: {e}"))?;
            entries.push(entry);
        }
        Ok(Catalog { entries, load_error: None })
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// The compiled-in catalog, loaded once. Never panics: a load failure yields an empty catalog
/// with [`Catalog::load_error`] set.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::load().unwrap_or_else(|e| Catalog { entries: Vec::new(), load_error: Some(e) })
    })
}

/// Applies a variant onto its base: top-level keys replace the base's, except the variant-only
/// keys `base`, `remove_fields` (dotted field paths to drop) and `field_overrides` (dotted field
/// path → members that replace the field's members).
fn merge_variant(mut base: Value, variant: Value) -> Result<Value, String> {
    let Value::Object(variant) = variant else { return Err("variant is not an object".into()) };
    let base_obj = base.as_object_mut().ok_or("base is not an object")?;
    for (key, value) in &variant {
        match key.as_str() {
            "base" | "remove_fields" | "field_overrides" => {}
            _ => {
                base_obj.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(list) = variant.get("remove_fields").and_then(Value::as_array) {
        for path in list {
            let path = path.as_str().ok_or("remove_fields holds a non-string")?;
            let (parent, name) = split_field_path(path);
            let fields = field_list_mut(base_obj, parent)
                .ok_or_else(|| format!("remove_fields: no field {path}"))?;
            let before = fields.len();
            fields.retain(|f| f.get("name").and_then(Value::as_str) != Some(name));
            if fields.len() == before {
                return Err(format!("remove_fields: no field {path}"));
            }
        }
    }
    if let Some(Value::Object(overrides)) = variant.get("field_overrides") {
        for (path, members) in overrides {
            let (parent, name) = split_field_path(path);
            let fields = field_list_mut(base_obj, parent)
                .ok_or_else(|| format!("field_overrides: no field {path}"))?;
            let field = fields
                .iter_mut()
                .find(|f| f.get("name").and_then(Value::as_str) == Some(name))
                .and_then(Value::as_object_mut)
                .ok_or_else(|| format!("field_overrides: no field {path}"))?;
            let Value::Object(members) = members else {
                return Err(format!("field_overrides.{path} is not an object"));
            };
            for (k, v) in members {
                if v.is_null() {
                    field.remove(k);
                } else {
                    field.insert(k.clone(), v.clone());
                }
            }
        }
    }
    Ok(base)
}

fn split_field_path(path: &str) -> (Option<&str>, &str) {
    match path.rsplit_once('.') {
        Some((parent, name)) => (Some(parent), name),
        None => (None, path),
    }
}

/// The `fields` array of the entry (parent `None`) or of the nested object field at `parent`.
fn field_list_mut<'a>(entry: &'a mut Map<String, Value>, parent: Option<&str>) -> Option<&'a mut Vec<Value>> {
    let mut list = entry.get_mut("fields")?.as_array_mut()?;
    if let Some(parent) = parent {
        for name in parent.split('.') {
            let field = list
                .iter_mut()
                .find(|f| f.get("name").and_then(Value::as_str) == Some(name))?
                .as_object_mut()?;
            let holder = if field.contains_key("items") { field.get_mut("items")?.as_object_mut()? } else { field };
            list = holder.get_mut("fields")?.as_array_mut()?;
        }
    }
    Some(list)
}
