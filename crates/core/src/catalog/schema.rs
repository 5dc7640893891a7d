//! The catalog's data types: what the files say and what an assembled [`Entry`] holds. Every
//! struct refuses unknown keys, so a misspelled key is an error naming it, never a silent
//! default. Only serde and serde_json are used here: the build script compiles this file too.

use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// The language a description is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Chinese, as the provider wrote it (no English text exists in the sources).
    Zh,
}

impl Lang {
    fn is_en(&self) -> bool {
        *self == Lang::En
    }

    /// The BCP 47 tag (`lang` attribute of the text in the page).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// How a structured value travels when it is not flattened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// The whole value as one compact JSON text (Alibaba's `style: json` parameters).
    Json,
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
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire value (string or integer).
    pub value: Value,
    /// What it means, in a few words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// A class of characters in a [`CharRule`]: a named class, or a literal set written
/// `{"literal": "-_"}`. Any other name is an error, never a set of characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CharClass {
    /// ASCII letters.
    Letter,
    /// ASCII uppercase letters.
    Upper,
    /// ASCII lowercase letters.
    Lower,
    /// ASCII digits.
    Digit,
    /// Chinese characters (CJK ideographs, and the full-width punctuation Chinese text uses).
    Chinese,
    /// Exactly these characters.
    Literal(String),
}

impl CharClass {
    /// Whether `c` belongs to the class.
    pub fn contains(&self, c: char) -> bool {
        match self {
            CharClass::Letter => c.is_ascii_alphabetic(),
            CharClass::Upper => c.is_ascii_uppercase(),
            CharClass::Lower => c.is_ascii_lowercase(),
            CharClass::Digit => c.is_ascii_digit(),
            CharClass::Chinese => {
                matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FA1F}')
            }
            CharClass::Literal(set) => set.contains(c),
        }
    }
}

impl std::fmt::Display for CharClass {
    /// The class name, or the literal characters themselves.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CharClass::Letter => "letter",
            CharClass::Upper => "upper",
            CharClass::Lower => "lower",
            CharClass::Digit => "digit",
            CharClass::Chinese => "chinese",
            CharClass::Literal(set) => set,
        })
    }
}

impl Serialize for CharClass {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CharClass::Literal(set) => {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("literal", set)?;
                map.end()
            }
            named => serializer.serialize_str(&named.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for CharClass {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<CharClass, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Literal {
            literal: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Name(String),
            Literal(Literal),
        }
        use serde::de::Error;
        match Written::deserialize(deserializer)
            .map_err(|_| D::Error::custom("a character class is a name (letter, upper, lower, digit, chinese) or {\"literal\": \"…\"}"))?
        {
            Written::Name(name) => match name.as_str() {
                "letter" => Ok(CharClass::Letter),
                "upper" => Ok(CharClass::Upper),
                "lower" => Ok(CharClass::Lower),
                "digit" => Ok(CharClass::Digit),
                "chinese" => Ok(CharClass::Chinese),
                other => Err(D::Error::custom(format!(
                    "unknown character class `{other}`, expected letter, upper, lower, digit or chinese (write a set of characters as {{\"literal\": \"{other}\"}})"
                ))),
            },
            Written::Literal(Literal { literal }) if literal.is_empty() => Err(D::Error::custom("a literal character set is empty")),
            Written::Literal(Literal { literal }) => Ok(CharClass::Literal(literal)),
        }
    }
}

/// Character rules for a string, expressed as data (no regex engine ships in the page).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharRule {
    /// Classes the first character must belong to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<CharClass>,
    /// Classes every character must belong to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<CharClass>,
    /// Classes that must each appear at least once (a password's "combination of").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<CharClass>,
    /// How many of `require` must be present; all of them when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_at_least: Option<usize>,
}

/// A field of a request (top level or nested).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Short description in our own words (or the provider's, in a generated base).
    #[serde(default)]
    pub description: String,
    /// Language of `description` when it differs from the operation's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Sent as one encoded text instead of flattened (top level, RPC style).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encode: Option<Encoding>,
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
    /// A secret (a password, a secret key): the page keeps its value in memory only, never in
    /// drafts, history, saved requests or links.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
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
#[serde(deny_unknown_fields)]
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
    /// True when the value is one of these.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Value>>,
    /// True when the value is absent or none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<Value>>,
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
    /// The text at `path` (each item of a list) must have `min` to `max` characters.
    Length {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<usize>,
    },
    /// The list at `path` must have `min` to `max` items.
    Items {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<usize>,
    },
    /// The text at `path` (each item of a list) must keep these character rules.
    Chars {
        path: String,
        #[serde(flatten)]
        chars: CharRule,
    },
    /// The text at `path` (each item of a list) must not start with any of `prefixes`, end
    /// with any of `suffixes` nor contain any of `substrings` (letter case ignored when
    /// `ignore_case`).
    Forbidden {
        path: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        prefixes: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        suffixes: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        substrings: Vec<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        ignore_case: bool,
    },
    /// The text at `path` (each item of a list) must be written in `format`.
    Format { path: String, format: Format },
    /// These paths must not be present.
    Absent { paths: Vec<String> },
    /// At least one of these paths must be present.
    RequiredAny { paths: Vec<String> },
    /// The value at `path` compared with the value at `other` (numbers, or times in any
    /// format the catalog knows) must hold `op`.
    Compare { path: String, op: Comparison, other: String },
    /// The time (or number) at `to` must lie at least `min` and at most `max` after the one at
    /// `from` (and never before it); for times both count seconds (Unix times in milliseconds
    /// included), and times of day (`22:00`) wrap at midnight.
    Span {
        from: String,
        to: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
}

/// How a [`Check::Compare`] relates its two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Strictly less.
    Lt,
    /// Less or equal.
    Le,
    /// Strictly greater.
    Gt,
    /// Greater or equal.
    Ge,
}

impl Comparison {
    /// The operator in words (`must be earlier than or equal to` is written `at most`).
    pub fn words(self) -> &'static str {
        match self {
            Comparison::Lt => "less than",
            Comparison::Le => "at most",
            Comparison::Gt => "greater than",
            Comparison::Ge => "at least",
        }
    }

    /// Whether `a op b` holds.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Comparison::Lt => a < b,
            Comparison::Le => a <= b,
            Comparison::Gt => a > b,
            Comparison::Ge => a >= b,
        }
    }
}

/// A written form of a value: addresses, identifiers, encodings, or a date/time pattern.
///
/// A pattern is written with the letters `yyyy` (year), `MM` (month), `dd` (day), `HH` (hour),
/// `mm` (minute), `ss` (second) and `SSS` (milliseconds); every other character stands for
/// itself, e.g. `yyyyMMddHHmmss` or `yyyy-MM-ddTHH:mm:ssZ`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// An IPv4 address in dotted decimal.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// An IPv4 or IPv6 address.
    Ip,
    /// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/16`).
    Cidr,
    /// A UUID (8-4-4-4-12 hexadecimal digits).
    Uuid,
    /// An RFC 3339 date and time (`2025-01-24T08:00:00Z`, an offset or fraction allowed).
    DateTime,
    /// An ISO 8601 date, or date and time (seconds, fraction and zone optional:
    /// `2025-01-24`, `2025-01-24T08:00Z`, `2025-01-24T08:00:00+08:00`).
    Iso8601,
    /// Standard base64 with padding.
    Base64,
    /// An e-mail address.
    Email,
    /// A date/time written to a pattern.
    Pattern(String),
    /// A text that starts with these characters (an id such as `ins-…`), named `prefix:ins-`.
    Prefix(String),
    /// A Unix time in milliseconds written as digits (`1737705600000`).
    UnixMillis,
    /// An offset from GMT between `GMT-12:00` and `GMT+12:00` (`GMT+08:00`).
    GmtOffset,
}

impl Format {
    /// The name used in catalog files (`ipv4`, `cidr`, … or the pattern itself; a prefix's
    /// name is `prefix:` and the prefix, see [`Format::written`]).
    pub fn name(&self) -> &str {
        match self {
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Ip => "ip",
            Format::Cidr => "cidr",
            Format::Uuid => "uuid",
            Format::DateTime => "date-time",
            Format::Iso8601 => "iso8601",
            Format::Base64 => "base64",
            Format::Email => "email",
            Format::Pattern(p) => p,
            Format::Prefix(p) => p,
            Format::UnixMillis => "unix-ms",
            Format::GmtOffset => "gmt-offset",
        }
    }

    /// The name as catalog files write it.
    pub fn written(&self) -> String {
        match self {
            Format::Prefix(p) => format!("prefix:{p}"),
            other => other.name().to_string(),
        }
    }

    /// Reads a catalog name; a pattern must hold at least `yyyy` or `HH`.
    pub fn from_name(name: &str) -> Option<Format> {
        if let Some(prefix) = name.strip_prefix("prefix:") {
            return (!prefix.is_empty()).then(|| Format::Prefix(prefix.to_string()));
        }
        Some(match name {
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "ip" => Format::Ip,
            "cidr" => Format::Cidr,
            "uuid" => Format::Uuid,
            "date-time" => Format::DateTime,
            "iso8601" => Format::Iso8601,
            "base64" => Format::Base64,
            "email" => Format::Email,
            "unix-ms" => Format::UnixMillis,
            "gmt-offset" => Format::GmtOffset,
            p if (p.contains("yyyy") || p.contains("HH")) && p.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) => {
                Format::Pattern(p.to_string())
            }
            _ => return None,
        })
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.written())
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Format, D::Error> {
        let name = String::deserialize(deserializer)?;
        Format::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown format `{name}`, expected ipv4, ipv6, ip, cidr, uuid, date-time, iso8601, base64, email, unix-ms, prefix:<text> or a date pattern such as yyyyMMddHHmmss"
            ))
        })
    }
}

/// A cross-field rule: a check, an optional condition, a severity and an optional message.
///
/// Read through [`RawRule`], so that a misspelled key is an error (serde cannot refuse unknown
/// keys next to a flattened member).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawRule")]
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
    /// Where the rule comes from (doc, SDK, error-code text); `doc text` marks a rule the
    /// importer read from a description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The sentence of the documentation the rule states, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

impl Rule {
    /// Whether the importer read this rule from a description (a warning until reviewed).
    pub fn is_mined(&self) -> bool {
        self.source.as_deref().is_some_and(|s| s.starts_with(MINED_SOURCE))
    }
}

/// The `source` of rules read from description text, and its prefix.
pub const MINED_SOURCE: &str = "doc text";

/// A rule as written in a file: every key any check takes, unknown keys refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[serde(default)]
    when: Option<Condition>,
    check: String,
    #[serde(default)]
    severity: Severity,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    paths: Option<Vec<String>>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    values: Option<Vec<Value>>,
    #[serde(default)]
    groups: Option<Vec<Vec<String>>>,
    #[serde(default)]
    count: Option<String>,
    #[serde(default)]
    other: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    first: Option<Vec<CharClass>>,
    #[serde(default)]
    allowed: Option<Vec<CharClass>>,
    #[serde(default)]
    require: Option<Vec<CharClass>>,
    #[serde(default)]
    require_at_least: Option<usize>,
    #[serde(default)]
    prefixes: Option<Vec<String>>,
    #[serde(default)]
    suffixes: Option<Vec<String>>,
    #[serde(default)]
    substrings: Option<Vec<String>>,
    #[serde(default)]
    ignore_case: Option<bool>,
    #[serde(default)]
    format: Option<Format>,
    #[serde(default)]
    op: Option<Comparison>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

impl TryFrom<RawRule> for Rule {
    type Error = String;

    fn try_from(raw: RawRule) -> Result<Rule, String> {
        let kind = raw.check.clone();
        let mut given: Vec<&str> = Vec::new();
        for (key, present) in [
            ("path", raw.path.is_some()),
            ("paths", raw.paths.is_some()),
            ("min", raw.min.is_some()),
            ("max", raw.max.is_some()),
            ("values", raw.values.is_some()),
            ("groups", raw.groups.is_some()),
            ("count", raw.count.is_some()),
            ("other", raw.other.is_some()),
            ("first", raw.first.is_some()),
            ("allowed", raw.allowed.is_some()),
            ("require", raw.require.is_some()),
            ("require_at_least", raw.require_at_least.is_some()),
            ("prefixes", raw.prefixes.is_some()),
            ("suffixes", raw.suffixes.is_some()),
            ("substrings", raw.substrings.is_some()),
            ("ignore_case", raw.ignore_case.is_some()),
            ("format", raw.format.is_some()),
            ("op", raw.op.is_some()),
            ("from", raw.from.is_some()),
            ("to", raw.to.is_some()),
        ] {
            if present {
                given.push(key);
            }
        }
        let takes: &[&str] = match kind.as_str() {
            "required" | "ignored" | "absent" | "required_any" => &["paths"],
            "range" | "length" | "items" => &["path", "min", "max"],
            "one_of" => &["path", "values"],
            "exclusive" => &["groups"],
            "count_equals" => &["path", "count"],
            "not_greater_than" => &["path", "other"],
            "hint" => &["path"],
            "chars" => &["path", "first", "allowed", "require", "require_at_least"],
            "forbidden" => &["path", "prefixes", "suffixes", "substrings", "ignore_case"],
            "format" => &["path", "format"],
            "compare" => &["path", "op", "other"],
            "span" => &["from", "to", "min", "max"],
            other => {
                return Err(format!(
                    "unknown check `{other}`, expected one of required, required_any, absent, range, length, items, one_of, chars, forbidden, format, exclusive, count_equals, not_greater_than, compare, span, ignored, hint"
                ))
            }
        };
        if let Some(extra) = given.iter().find(|k| !takes.contains(k)) {
            return Err(format!("a `{kind}` rule takes {}, not `{extra}`", takes.join(", ")));
        }
        fn need<T>(v: Option<T>, kind: &str, key: &str) -> Result<T, String> {
            v.ok_or_else(|| format!("a `{kind}` rule needs `{key}`"))
        }
        let count = |x: Option<f64>, key: &str| -> Result<Option<usize>, String> {
            match x {
                None => Ok(None),
                Some(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e12 => Ok(Some(v as usize)),
                Some(v) => Err(format!("a `{kind}` rule's `{key}` is a count, not {v}")),
            }
        };
        let k = kind.as_str();
        let check = match k {
            "required" => Check::Required { paths: need(raw.paths, k, "paths")? },
            "ignored" => Check::Ignored { paths: need(raw.paths, k, "paths")? },
            "absent" => Check::Absent { paths: need(raw.paths, k, "paths")? },
            "required_any" => Check::RequiredAny { paths: need(raw.paths, k, "paths")? },
            "range" => Check::Range { path: need(raw.path, k, "path")?, min: raw.min, max: raw.max },
            "length" | "items" => {
                let (min, max) = (count(raw.min, "min")?, count(raw.max, "max")?);
                if min.is_none() && max.is_none() {
                    return Err(format!("a `{kind}` rule needs `min` or `max`"));
                }
                let path = need(raw.path, k, "path")?;
                if k == "length" {
                    Check::Length { path, min, max }
                } else {
                    Check::Items { path, min, max }
                }
            }
            "one_of" => Check::OneOf { path: need(raw.path, k, "path")?, values: need(raw.values, k, "values")? },
            "exclusive" => Check::Exclusive { groups: need(raw.groups, k, "groups")? },
            "count_equals" => Check::CountEquals { path: need(raw.path, k, "path")?, count: need(raw.count, k, "count")? },
            "not_greater_than" => Check::NotGreaterThan { path: need(raw.path, k, "path")?, other: need(raw.other, k, "other")? },
            "chars" => {
                let chars = CharRule {
                    first: raw.first.unwrap_or_default(),
                    allowed: raw.allowed.unwrap_or_default(),
                    require: raw.require.unwrap_or_default(),
                    require_at_least: raw.require_at_least,
                };
                if chars.first.is_empty() && chars.allowed.is_empty() && chars.require.is_empty() {
                    return Err("a `chars` rule needs `first`, `allowed` or `require`".into());
                }
                Check::Chars { path: need(raw.path, k, "path")?, chars }
            }
            "forbidden" => {
                let (prefixes, suffixes, substrings) =
                    (raw.prefixes.unwrap_or_default(), raw.suffixes.unwrap_or_default(), raw.substrings.unwrap_or_default());
                let all: Vec<&String> = prefixes.iter().chain(&suffixes).chain(&substrings).collect();
                if all.is_empty() || all.iter().any(|s| s.is_empty()) {
                    return Err("a `forbidden` rule needs non-empty `prefixes`, `suffixes` or `substrings`".into());
                }
                Check::Forbidden {
                    path: need(raw.path, k, "path")?,
                    prefixes,
                    suffixes,
                    substrings,
                    ignore_case: raw.ignore_case.unwrap_or(false),
                }
            }
            "format" => Check::Format { path: need(raw.path, k, "path")?, format: need(raw.format, k, "format")? },
            "compare" => {
                Check::Compare { path: need(raw.path, k, "path")?, op: need(raw.op, k, "op")?, other: need(raw.other, k, "other")? }
            }
            "span" => {
                if raw.min.is_none() && raw.max.is_none() {
                    return Err("a `span` rule needs `min` or `max`".to_string());
                }
                Check::Span { from: need(raw.from, k, "from")?, to: need(raw.to, k, "to")?, min: raw.min, max: raw.max }
            }
            _ => Check::Hint { path: need(raw.path, k, "path")? },
        };
        Ok(Rule { when: raw.when, check, severity: raw.severity, message: raw.message, source: raw.source, quote: raw.quote })
    }
}

/// One region of an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct FixedHeader {
    /// Header name.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// One API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// What the operation does (from the provider's description, when imported).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Language of the descriptions (fields may say otherwise with their own `lang`).
    #[serde(default, skip_serializing_if = "Lang::is_en")]
    pub lang: Lang,
    /// The provider marks the operation deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
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

/// `<cloud>/<service>/<version>/service.json`: what every operation of one service version
/// shares.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// The JSON Schema an editor checks the file with.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Set by the importer on files it writes (what they were generated from); never by hand.
    #[serde(default)]
    pub generated: Option<String>,
    /// Cloud (must be the first folder's name).
    pub cloud: Cloud,
    /// Service code (must be the second folder's name).
    pub service: String,
    /// Version folder name (`v1`, `2019-01-03`).
    pub version: String,
    /// The API version sent on the wire (Tencent `X-TC-Version`, Alibaba `x-acs-version`).
    #[serde(default)]
    pub api_version: Option<String>,
    /// Wire style of every operation.
    pub style: Style,
    /// Headers every request carries.
    #[serde(default)]
    pub headers: Vec<FixedHeader>,
    /// Hosts and regions.
    pub endpoint: Endpoint,
    /// Error codes every operation may answer (added after each operation's own).
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
}

/// `<Operation>.json`: one operation written in full (generated, or by hand).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationFile {
    /// The JSON Schema an editor checks the file with.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Set by the importer on files it writes (what they were generated from); never by hand.
    #[serde(default)]
    pub generated: Option<String>,
    /// Short title.
    pub title: String,
    /// What the operation does.
    #[serde(default)]
    pub description: Option<String>,
    /// Language of the descriptions (default English).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// The provider marks the operation deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Official documentation page.
    pub doc: String,
    /// HTTP method.
    pub method: String,
    /// Path template with `{name}` placeholders for path fields.
    pub path: String,
    /// Action name (required when the service has an `api_version`; equals the file name).
    #[serde(default)]
    pub action: Option<String>,
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
    /// Error codes of this operation.
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
    /// Remarks: where sources disagree and what we chose.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// `<Operation>.json` with `base`: the same operation on another cloud (Open Telekom Cloud's
/// flavour of a Huawei API), written as what differs. Lists given here replace the base's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantFile {
    /// The JSON Schema an editor checks the file with.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Set by the importer on variants it writes (what they were generated from); never by hand.
    #[serde(default)]
    pub generated: Option<String>,
    /// Id of the operation this one varies.
    pub base: String,
    /// Title, if it differs.
    #[serde(default)]
    pub title: Option<String>,
    /// Description, if it differs (in `lang`, or else the base's language).
    #[serde(default)]
    pub description: Option<String>,
    /// Language of the description, if it differs from the base's.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Whether this cloud marks the operation deprecated, if it differs from the base.
    #[serde(default)]
    pub deprecated: Option<bool>,
    /// Documentation page, if it differs.
    #[serde(default)]
    pub doc: Option<String>,
    /// Dotted paths of the base's fields this cloud lacks.
    #[serde(default)]
    pub remove_fields: Vec<String>,
    /// Dotted field path → members that replace the field's (`null` deletes one).
    #[serde(default)]
    pub field_overrides: serde_json::Map<String, Value>,
    /// Rules, replacing the base's.
    #[serde(default)]
    pub rules: Option<Vec<Rule>>,
    /// Examples, replacing the base's.
    #[serde(default)]
    pub examples: Option<Vec<Example>>,
    /// Error codes, replacing the base's.
    #[serde(default)]
    pub errors: Option<Vec<ErrorCode>>,
    /// Notes, replacing the base's.
    #[serde(default)]
    pub notes: Option<Vec<String>>,
}

/// `<cloud>/<service>/<version>/overlays/<Operation>.json`: hand-written knowledge added to an
/// operation of the same folder (kept apart from generated files, so a regenerated base never
/// erases it). Lists are appended; field overrides replace members.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayFile {
    /// The JSON Schema an editor checks the file with.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Where this knowledge comes from (doc pages, seed pages, error answers).
    pub source: String,
    /// Title, replacing the base's.
    #[serde(default)]
    pub title: Option<String>,
    /// Documentation page, replacing the base's.
    #[serde(default)]
    pub doc: Option<String>,
    /// Description, replacing the base's (in the operation's language).
    #[serde(default)]
    pub description: Option<String>,
    /// Response, replacing the base's.
    #[serde(default)]
    pub response: Option<Response>,
    /// Dotted paths of fields to drop (corrections).
    #[serde(default)]
    pub remove_fields: Vec<String>,
    /// Dotted field path → members that replace the field's (`null` deletes one).
    #[serde(default)]
    pub field_overrides: serde_json::Map<String, Value>,
    /// Rules to add.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Examples to add.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Error codes to add.
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
    /// Notes to add.
    #[serde(default)]
    pub notes: Vec<String>,
}
