//! The validation engine: checks values against an entry's fields and rules.
//!
//! Everything it knows about a particular API comes from the catalog. It never panics on any
//! JSON value; every problem becomes a [`Finding`] naming the field path and the rule.

use crate::catalog::{CharClass, CharRule, Check, Condition, Entry, Field, FieldType, Location, Rule, Severity};
use crate::formats;
use crate::path::{is_present, lookup, FieldPath};
use serde::Serialize;
use serde_json::{Map, Value};

/// One problem found in the values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Where: a field path such as `extend_param.period_num` or
    /// `ApplicationConfigs[3].ConfigItemKey` (`region` for the region; the root for the whole
    /// values object). Its text is what the page names its inputs by; JSON carries the text.
    #[serde(serialize_with = "path_text")]
    pub path: FieldPath,
    /// Error or warning.
    pub severity: Severity,
    /// Short rule name (`required`, `max_length`, `one_of`, …).
    pub rule: String,
    /// The rule in plain words.
    pub message: String,
    /// Where the rule comes from (`doc text` for a rule read from a description), when the
    /// catalog says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The documentation's sentence the rule states, when the catalog has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

fn path_text<S: serde::Serializer>(path: &FieldPath, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(path)
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_root() {
            f.write_str("(values)")?;
        } else {
            write!(f, "{}", self.path)?;
        }
        write!(f, ": {}: {}", self.severity.as_str(), self.message)?;
        match (&self.source, &self.quote) {
            (Some(source), Some(quote)) => write!(f, " [{source}: “{quote}”]"),
            (None, Some(quote)) => write!(f, " [“{quote}”]"),
            _ => Ok(()),
        }
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// One requirement of a string's character rules, and whether a value meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Rule name (`length`, `first`, `allowed`, `require`).
    pub rule: String,
    /// What is required, in plain words.
    pub label: String,
    /// Whether the value meets it.
    pub met: bool,
}

/// Validates `values` (a JSON object keyed by wire names) against `entry`.
pub fn validate(entry: &Entry, values: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(object) = values.as_object() else {
        out.push(error(&FieldPath::root(), "type", "the values must be a JSON object keyed by wire names".into()));
        return out;
    };
    let root = FieldPath::root();
    check_members(&entry.fields, object, &root, &mut out);
    for field in &entry.fields {
        let value = object.get(&field.name);
        if field.region_default && !is_present(value) {
            continue; // filled from the selected region
        }
        check_field(field, value, &root.key(&field.name), &mut out);
    }
    for rule in &entry.rules {
        apply_rule(rule, values, &root, &mut out);
    }
    check_raw_text(entry, object, &root, &mut out);
    out
}

/// A character that ends or breaks a line somewhere a request's text goes: C0 controls
/// (U+0000–U+001F, tab included), DEL, NEL (U+0085) and the Unicode line and paragraph
/// separators (U+2028, U+2029).
pub fn is_control_or_break(c: char) -> bool {
    c < ' ' || matches!(c, '\u{7f}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The rule named in findings on a control character in a header value or path parameter.
pub const CONTROL_CHARS_RULE: &str = "control_chars";

/// Header values and path parameters go into the request as they are (a header line, a path
/// segment the signer reads; Huawei's `project_id` also becomes the `X-Project-Id` header): a
/// control character or line break there would split the request, or a command line that
/// carries it. Body and query values are always escaped or encoded, so they may hold any text.
fn check_raw_text(entry: &Entry, object: &Map<String, Value>, root: &FieldPath, out: &mut Vec<Finding>) {
    let copied = crate::profile::profile(entry.cloud).project_value;
    for field in &entry.fields {
        let raw = matches!(field.location, Some(Location::Header | Location::Path)) || Some(field.name.as_str()) == copied;
        let Some(text) = object.get(&field.name).and_then(Value::as_str).filter(|_| raw) else { continue };
        if let Some(c) = text.chars().find(|&c| is_control_or_break(c)) {
            let name = &field.name;
            out.push(error(
                &root.key(name),
                CONTROL_CHARS_RULE,
                format!("{name}: must not contain control characters or line breaks (it holds U+{:04X})", c as u32),
            ));
        }
    }
}

/// Checks a region id against the entry's region list.
pub fn validate_region(entry: &Entry, region: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let well_formed = !region.is_empty() && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !well_formed {
        out.push(error(
            &FieldPath::root().key("region"),
            "region",
            format!("{region:?} is not a region id (lower-case letters, digits and '-')"),
        ));
    } else if entry.region(region).is_none() {
        let known: Vec<&str> = entry.endpoint.regions.iter().map(|r| r.id.as_str()).collect();
        let severity = if entry.endpoint.open_region_list { Severity::Warning } else { Severity::Error };
        out.push(Finding {
            path: FieldPath::root().key("region"),
            severity,
            rule: "region".into(),
            message: format!("{region} is not a known region of this API; known: {}", known.join(", ")),
            source: None,
            quote: None,
        });
    }
    out
}

/// Lists each character requirement of a string field and whether `value` meets it (the
/// password checklist of the form).
pub fn requirements(field: &Field, value: &str) -> Vec<Requirement> {
    let mut out = Vec::new();
    let len = value.chars().count();
    if field.min_length.is_some() || field.max_length.is_some() {
        let (label, met) = match (field.min_length, field.max_length) {
            (Some(lo), Some(hi)) => (format!("{lo} to {hi} characters"), len >= lo && len <= hi),
            (Some(lo), None) => (format!("at least {lo} characters"), len >= lo),
            (None, Some(hi)) => (format!("at most {hi} characters"), len <= hi),
            (None, None) => unreachable!("guarded above"),
        };
        out.push(Requirement { rule: "length".into(), label, met });
    }
    if let Some(chars) = &field.chars {
        char_requirements(chars, value, &mut out);
    }
    out
}

/// The requirements a rule on one text adds to a field's checklist (its lengths and character
/// rules); other rules add none.
pub fn rule_requirements(check: &Check, value: &str) -> Vec<Requirement> {
    let mut out = Vec::new();
    match check {
        Check::Length { min, max, .. } => {
            let len = value.chars().count();
            let label = count_words(*min, *max, "character").replacen("must have ", "", 1);
            out.push(Requirement { rule: "length".into(), label, met: min.is_none_or(|lo| len >= lo) && max.is_none_or(|hi| len <= hi) });
        }
        Check::Chars { chars, .. } => char_requirements(chars, value, &mut out),
        _ => {}
    }
    out
}

fn char_requirements(chars: &CharRule, value: &str, out: &mut Vec<Requirement>) {
    if !chars.first.is_empty() {
        let met = value.chars().next().is_some_and(|c| in_classes(c, &chars.first));
        out.push(Requirement { rule: "first".into(), label: format!("starts with {}", describe_one_of(&chars.first)), met });
    }
    if !chars.allowed.is_empty() {
        let bad: Vec<char> = value.chars().filter(|c| !in_classes(*c, &chars.allowed)).collect();
        let mut label = format!("only {}", describe_classes(&chars.allowed));
        if let Some(c) = bad.first() {
            label.push_str(&format!(" (found {})", show_char(*c)));
        }
        out.push(Requirement { rule: "allowed".into(), label, met: bad.is_empty() });
    }
    if !chars.require.is_empty() {
        let need = chars.require_at_least.unwrap_or(chars.require.len());
        if need >= chars.require.len() {
            for class in &chars.require {
                out.push(Requirement {
                    rule: "require".into(),
                    label: format!("contains {}", describe_one_of(std::slice::from_ref(class))),
                    met: value.chars().any(|c| in_class(c, class)),
                });
            }
        } else {
            let have = chars.require.iter().filter(|k| value.chars().any(|c| in_class(c, k))).count();
            out.push(Requirement {
                rule: "require".into(),
                label: format!("contains at least {need} of: {}", describe_classes(&chars.require)),
                met: have >= need,
            });
        }
    }
}

fn in_class(c: char, class: &CharClass) -> bool {
    class.contains(c)
}

fn in_classes(c: char, classes: &[CharClass]) -> bool {
    classes.iter().any(|k| k.contains(c))
}

fn class_noun(class: &CharClass, singular: bool) -> String {
    let (one, many) = match class {
        CharClass::Letter => ("a letter", "letters"),
        CharClass::Upper => ("an uppercase letter", "uppercase letters"),
        CharClass::Lower => ("a lowercase letter", "lowercase letters"),
        CharClass::Digit => ("a digit", "digits"),
        CharClass::Chinese => ("a Chinese character", "Chinese characters"),
        CharClass::Literal(literal) => {
            let list: Vec<String> = literal.chars().map(show_char).collect();
            return if singular && list.len() > 1 { format!("one of {}", literal) } else { join_words(&list) };
        }
    };
    if singular { one } else { many }.to_string()
}

fn describe_classes(classes: &[CharClass]) -> String {
    let mut words = Vec::new();
    for class in classes {
        match class {
            CharClass::Literal(literal) => words.extend(literal.chars().map(show_char)),
            named => words.push(class_noun(named, false)),
        }
    }
    join_words(&words)
}

fn describe_one_of(classes: &[CharClass]) -> String {
    let words: Vec<String> = classes.iter().map(|k| class_noun(k, true)).collect();
    words.join(" or ")
}

fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

fn error(path: &FieldPath, rule: &str, message: String) -> Finding {
    Finding { path: path.clone(), severity: Severity::Error, rule: rule.into(), message, source: None, quote: None }
}

/// Reports members of `object` that `fields` does not declare.
fn check_members(fields: &[Field], object: &Map<String, Value>, base: &FieldPath, out: &mut Vec<Finding>) {
    for key in object.keys() {
        if !fields.iter().any(|f| &f.name == key) {
            let known: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            let hint = closest(key, &known).map(|k| format!("; did you mean {k}?")).unwrap_or_default();
            out.push(error(&base.key(key), "unknown", format!("{key} is not a parameter of this API{hint}")));
        }
    }
}

/// A declared name that differs from `key` only in case or by one character.
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known.iter().copied().find(|k| {
        k.eq_ignore_ascii_case(key) || {
            let (a, b): (Vec<char>, Vec<char>) = (k.chars().collect(), key.chars().collect());
            a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
        }
    })
}

fn describe_value(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a JSON boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn check_field(field: &Field, value: Option<&Value>, path: &FieldPath, out: &mut Vec<Finding>) {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        if field.required {
            out.push(error(path, "required", format!("{} is required", field.name)));
        }
        return;
    };
    match field.ty {
        FieldType::String => match value.as_str() {
            Some(s) => check_string(field, s, path, out),
            None => out.push(error(path, "type", format!("must be text, not {}", kind_of(value)))),
        },
        FieldType::Integer | FieldType::Number => check_number(field, value, path, out),
        FieldType::Boolean => {
            if !value.is_boolean() {
                let extra = match value.as_str() {
                    Some("true" | "false") => " (send the JSON boolean, without quotes)",
                    _ => "",
                };
                out.push(error(path, "type", format!("must be true or false, not {}{extra}", describe_value(value))));
            }
        }
        FieldType::StringBool => {
            if !matches!(value.as_str(), Some("true" | "false")) {
                let extra = if value.is_boolean() { " (this API wants the text, in quotes)" } else { "" };
                out.push(error(path, "type", format!("must be the string \"true\" or \"false\", not {}{extra}", describe_value(value))));
            }
        }
        FieldType::Enum => {
            if !field.values.iter().any(|ev| &ev.value == value) {
                let allowed: Vec<String> = field.values.iter().map(|ev| ev.value.to_string()).collect();
                out.push(error(path, "one_of", format!("must be one of {}, not {}", allowed.join(", "), describe_value(value))));
            }
        }
        FieldType::JsonString => match value.as_str() {
            Some(s) => {
                check_string(field, s, path, out);
                if let Err(e) = serde_json::from_str::<Value>(s) {
                    out.push(error(path, "json", format!("must contain valid JSON: {e}")));
                }
            }
            None => out.push(error(path, "type", format!("must be JSON encoded as text (a string), not {}", kind_of(value)))),
        },
        FieldType::Array => check_array(field, value, path, out),
        FieldType::Object => match value.as_object() {
            Some(object) => {
                check_members(&field.fields, object, path, out);
                for member in &field.fields {
                    check_field(member, object.get(&member.name), &path.key(&member.name), out);
                }
                for rule in &field.rules {
                    apply_rule(rule, value, path, out);
                }
            }
            None => out.push(error(path, "type", format!("must be an object, not {}", kind_of(value)))),
        },
    }
}

fn check_string(field: &Field, s: &str, path: &FieldPath, out: &mut Vec<Finding>) {
    let len = s.chars().count();
    let length_ok = field.min_length.is_none_or(|lo| len >= lo) && field.max_length.is_none_or(|hi| len <= hi);
    for req in requirements(field, s) {
        if req.met {
            continue;
        }
        let mut message = requirement_message(&req);
        if req.rule == "length" {
            message.push_str(&format!(" (has {len})"));
        }
        let rule = if req.rule == "length" { "length" } else { "chars" };
        // An empty value only reports its length, not every missing character class.
        if s.is_empty() && !length_ok && rule != "length" {
            continue;
        }
        out.push(error(path, rule, message));
    }
}

fn check_number(field: &Field, value: &Value, path: &FieldPath, out: &mut Vec<Finding>) {
    let number = match value {
        Value::Number(n) => n,
        Value::String(s) => {
            let hint = if s.trim().parse::<f64>().is_ok() { " (write it without quotes)" } else { "" };
            let what = if field.ty == FieldType::Integer { "a whole number" } else { "a number" };
            out.push(error(path, "type", format!("must be {what}, not the text {}{hint}", describe_value(value))));
            return;
        }
        other => {
            let what = if field.ty == FieldType::Integer { "a whole number" } else { "a number" };
            out.push(error(path, "type", format!("must be {what}, not {}", kind_of(other))));
            return;
        }
    };
    if field.ty == FieldType::Integer && !(number.is_i64() || number.is_u64()) {
        out.push(error(path, "type", format!("must be a whole number, not {number}")));
        return;
    }
    let x = number.as_f64().unwrap_or(f64::NAN);
    let bounds = match (field.min, field.max) {
        (Some(lo), Some(hi)) if x < lo || x > hi => Some(format!("must be between {} and {}", num(lo), num(hi))),
        (Some(lo), None) if x < lo => Some(format!("must be at least {}", num(lo))),
        (None, Some(hi)) if x > hi => Some(format!("must be at most {}", num(hi))),
        _ => None,
    };
    if let Some(message) = bounds {
        out.push(error(path, "range", format!("{message} (is {number})")));
    }
}

/// A limit or value in a message: whole numbers as integers, others in the shortest form that
/// reads back (as JSON writes them; Rust's own float formatting would add 8 KB to the page).
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or_else(|| "a non-finite number".to_string(), |n| n.to_string())
    }
}

fn check_array(field: &Field, value: &Value, path: &FieldPath, out: &mut Vec<Finding>) {
    let Some(items) = value.as_array() else {
        out.push(error(path, "type", format!("must be a list, not {}", kind_of(value))));
        return;
    };
    if let Some(lo) = field.min_items {
        if items.len() < lo {
            let message = if lo == 1 { "must not be empty".to_string() } else { format!("needs at least {lo} items") };
            out.push(error(path, "min_items", format!("{message} (has {})", items.len())));
        }
    }
    if let Some(hi) = field.max_items {
        if items.len() > hi {
            out.push(error(path, "max_items", format!("takes at most {hi} items (has {})", items.len())));
        }
    }
    for (i, item) in items.iter().enumerate() {
        let item_path = path.index(i);
        if item.is_null() {
            out.push(error(&item_path, "type", "an item cannot be null".into()));
            continue;
        }
        if let Some(item_field) = &field.items {
            check_field(item_field, Some(item), &item_path, out);
        }
        // Rules written on the list apply to each item, as the form shows them per row.
        if item.is_object() {
            for rule in &field.rules {
                apply_rule(rule, item, &item_path, out);
            }
        }
    }
}

/// ` when <condition>` after a rule's message, or nothing for a rule without a condition.
struct WhenClause<'a>(Option<&'a Condition>);

impl std::fmt::Display for WhenClause<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(cond) => write!(f, " when {}", describe_condition(cond)),
            None => Ok(()),
        }
    }
}

/// Whether a rule condition holds for the values in `scope`.
pub fn condition_holds(cond: &Condition, scope: &Value) -> bool {
    let value = lookup(scope, &cond.path).filter(|v| !v.is_null());
    if let Some(expected) = &cond.equals {
        if value != Some(expected) {
            return false;
        }
    }
    if let Some(unexpected) = &cond.not_equals {
        if value == Some(unexpected) {
            return false;
        }
    }
    if let Some(present) = cond.present {
        if value.is_some() != present {
            return false;
        }
    }
    if let Some(listed) = &cond.one_of {
        if !value.is_some_and(|v| listed.contains(v)) {
            return false;
        }
    }
    if let Some(listed) = &cond.not_in {
        if value.is_some_and(|v| listed.contains(v)) {
            return false;
        }
    }
    true
}

/// A condition in words, e.g. `extend_param.charge_mode is "prePaid"`.
pub fn describe_condition(cond: &Condition) -> String {
    if let Some(v) = &cond.equals {
        format!("{} is {}", cond.path, v)
    } else if let Some(v) = &cond.not_equals {
        format!("{} is not {}", cond.path, v)
    } else if let Some(listed) = &cond.one_of {
        let words: Vec<String> = listed.iter().map(Value::to_string).collect();
        format!("{} is {}", cond.path, words.join(" or "))
    } else if let Some(listed) = &cond.not_in {
        let words: Vec<String> = listed.iter().map(Value::to_string).collect();
        format!("{} is neither {}", cond.path, words.join(" nor "))
    } else if cond.present == Some(false) {
        format!("{} is not set", cond.path)
    } else {
        format!("{} is set", cond.path)
    }
}

fn apply_rule(rule: &Rule, scope: &Value, base: &FieldPath, out: &mut Vec<Finding>) {
    if let Some(cond) = &rule.when {
        if !condition_holds(cond, scope) {
            return;
        }
    }
    // Written into a message only when the rule finds something (it runs once per list row).
    let when = WhenClause(rule.when.as_ref());
    let finding = |path: FieldPath, name: &str, generated: String| Finding {
        path,
        severity: rule.severity,
        rule: name.into(),
        message: rule.message.clone().unwrap_or(generated),
        source: rule.source.clone(),
        quote: rule.quote.clone(),
    };
    let mut push = |path: &str, name: &str, generated: String| out.push(finding(base.members(path), name, generated));
    let get = |p: &str| lookup(scope, p).filter(|v| !v.is_null());
    match &rule.check {
        Check::Required { paths } => {
            for p in paths {
                if get(p).is_none() {
                    push(p, "required", format!("{p} is required{when}"));
                }
            }
        }
        Check::Exclusive { groups } => {
            let used: Vec<(usize, Vec<&String>)> = groups
                .iter()
                .enumerate()
                .map(|(i, g)| (i, g.iter().filter(|p| get(p).is_some()).collect::<Vec<_>>()))
                .filter(|(_, present)| !present.is_empty())
                .collect();
            if used.len() > 1 {
                for (i, present) in &used {
                    let others: Vec<String> =
                        used.iter().filter(|(j, _)| j != i).flat_map(|(_, p)| p.iter().map(|s| s.to_string())).collect();
                    for p in present {
                        push(p, "exclusive", format!("{p} cannot be combined with {}{when}", others.join(", ")));
                    }
                }
            }
        }
        Check::CountEquals { path, count } => {
            if let (Some(items), Some(n)) = (get(path).and_then(Value::as_array), get(count).and_then(Value::as_u64)) {
                if items.len() as u64 != n {
                    push(path, "count_equals", format!("must list as many items as {count} ({n}){when}; has {}", items.len()));
                }
            }
        }
        Check::NotGreaterThan { path, other } => {
            if let (Some(a), Some(b)) = (get(path).and_then(Value::as_f64), get(other).and_then(Value::as_f64)) {
                if a > b {
                    push(path, "not_greater_than", format!("must not be greater than {other} ({}){when}", num(b)));
                }
            }
        }
        Check::Ignored { paths } => {
            for p in paths {
                if get(p).is_some() {
                    push(p, "ignored", format!("{p} has no effect{when}"));
                }
            }
        }
        Check::Hint { path } => push(path, "hint", format!("check {path}{when}")),
        Check::RequiredAny { paths } => {
            if paths.iter().all(|p| get(p).is_none()) {
                let all = paths.join(", ");
                for p in paths {
                    push(p, "required_any", format!("give at least one of {all}{when}"));
                }
            }
        }
        Check::Absent { paths } => {
            for p in paths {
                if get(p).is_some() {
                    push(p, "absent", format!("{p} must not be given{when}"));
                }
            }
        }
        Check::Items { path, min, max } => {
            if let Some(items) = get(path).and_then(Value::as_array) {
                let n = items.len();
                if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
                    push(path, "items", format!("{}{when} (has {n})", count_words(*min, *max, "item")));
                }
            }
        }
        Check::Compare { path, op, other } => {
            if let (Some(a), Some(b)) = (get(path), get(other)) {
                if let Some((x, y)) = comparable(a, b) {
                    if !op.holds(x, y) {
                        push(path, "compare", format!("must be {} {other} ({}){when}", op.words(), describe_value(b)));
                    }
                }
            }
        }
        Check::Span { from, to, min, max } => {
            if let (Some(a), Some(b)) = (get(from), get(to)) {
                // Times of day ("22:00:00" to "02:00:00") wrap at midnight.
                let clock = a
                    .as_str()
                    .zip(b.as_str())
                    .and_then(|(x, y)| Some((formats::time_of_day_seconds(x)?, formats::time_of_day_seconds(y)?)));
                let pair = match clock {
                    Some((x, y)) => Some((x, if y < x { y + 86_400.0 } else { y })),
                    None => comparable(a, b),
                };
                if let Some((x, y)) = pair {
                    // Unix times in milliseconds (13 digits) count a second as 1000.
                    let per_second = if x.abs() >= 1e11 && y.abs() >= 1e11 { 1000.0 } else { 1.0 };
                    let times = !(a.is_number() && b.is_number()) || per_second > 1.0;
                    let words = |n: f64| if times { duration_words(n) } else { num(n) };
                    let gap = (y - x) / per_second;
                    let (min, max) = (*min, *max);
                    let exact = min.filter(|lo| Some(*lo) == max);
                    if y < x {
                        // A span runs forwards: an end before its start is no interval at all.
                        let order = if times { "before" } else { "less than" };
                        push(to, "span", format!("must not be {order} {from}{when}"));
                    } else if let Some(n) = exact {
                        if gap != n {
                            push(to, "span", format!("must be exactly {} after {from}{when}", words(n)));
                        }
                    } else if let Some(lo) = min.filter(|lo| gap < *lo) {
                        push(to, "span", format!("must be at least {} after {from}{when}", words(lo)));
                    } else if let Some(hi) = max.filter(|hi| gap > *hi) {
                        push(to, "span", format!("must be at most {} after {from}{when}", words(hi)));
                    }
                }
            }
        }
        Check::Range { path, .. }
        | Check::OneOf { path, .. }
        | Check::Length { path, .. }
        | Check::Chars { path, .. }
        | Check::Forbidden { path, .. }
        | Check::Format { path, .. } => {
            let at = base.members(path);
            match get(path) {
                // A list's items are each checked (unless the allowed values are lists).
                Some(Value::Array(items)) if !matches!(&rule.check, Check::OneOf { values, .. } if values.iter().any(Value::is_array)) => {
                    for (i, item) in items.iter().enumerate() {
                        value_check(&rule.check, item, &when, &mut |name, message| out.push(finding(at.index(i), name, message)));
                    }
                }
                Some(value) => value_check(&rule.check, value, &when, &mut |name, message| out.push(finding(at.clone(), name, message))),
                None => {}
            }
        }
    }
}

/// Whether `value` keeps a check that speaks of one value alone (lengths, characters, formats,
/// listed values, ranges, item counts); checks between fields always hold here.
pub fn keeps(check: &Check, value: &Value) -> bool {
    let mut ok = true;
    let none = WhenClause(None);
    match (check, value) {
        (Check::Items { min, max, .. }, Value::Array(items)) => {
            ok = !(min.is_some_and(|lo| items.len() < lo) || max.is_some_and(|hi| items.len() > hi));
        }
        (Check::OneOf { values, .. }, Value::Array(_)) if values.iter().any(Value::is_array) => {
            value_check(check, value, &none, &mut |_, _| ok = false);
        }
        (_, Value::Array(items)) => {
            for item in items {
                value_check(check, item, &none, &mut |_, _| ok = false);
            }
        }
        _ => value_check(check, value, &none, &mut |_, _| ok = false),
    }
    ok
}

/// `must have 1 to 10 items`, `takes at most 64 characters` and the like.
fn count_words(min: Option<usize>, max: Option<usize>, unit: &str) -> String {
    let plural = |n: usize| if n == 1 { unit.to_string() } else { format!("{unit}s") };
    match (min, max) {
        (Some(lo), Some(hi)) if lo == hi => format!("must have exactly {lo} {}", plural(lo)),
        (Some(lo), Some(hi)) => format!("must have {lo} to {hi} {}", plural(hi)),
        (Some(lo), None) => format!("must have at least {lo} {}", plural(lo)),
        (None, Some(hi)) => format!("must have at most {hi} {}", plural(hi)),
        (None, None) => String::new(),
    }
}

/// Two values as numbers to compare: both numbers, or both times in a form the catalog knows.
fn comparable(a: &Value, b: &Value) -> Option<(f64, f64)> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Some((x.as_f64()?, y.as_f64()?)),
        // Times first ("20250101000000" is a time, not a number); then numbers written as text
        // (Unix times such as "1737705600000" compare as the numbers they are).
        (Value::String(x), Value::String(y)) => match (formats::any_time_seconds(x), formats::any_time_seconds(y)) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => match (x.trim().parse::<f64>(), y.trim().parse::<f64>()) {
                (Ok(a), Ok(b)) if a.is_finite() && b.is_finite() => Some((a, b)),
                _ => None,
            },
        },
        _ => None,
    }
}

/// Seconds in the largest whole unit (`7 days`, `90 minutes`).
fn duration_words(seconds: f64) -> String {
    for (size, unit) in [(86_400.0, "day"), (3_600.0, "hour"), (60.0, "minute")] {
        if seconds >= size && (seconds / size).fract() == 0.0 {
            let n = seconds / size;
            return format!("{} {unit}{}", num(n), if n == 1.0 { "" } else { "s" });
        }
    }
    format!("{} seconds", num(seconds))
}

/// The checks of a rule on one value (the field's, or an item of a list).
fn value_check(check: &Check, value: &Value, when: &WhenClause, report: &mut dyn FnMut(&str, String)) {
    match check {
        Check::Range { min, max, .. } => {
            // A number written as text (some APIs take every setting as a string) counts too.
            let number = value.as_f64().or_else(|| value.as_str().and_then(|s| s.trim().parse::<f64>().ok()).filter(|x| x.is_finite()));
            if let Some(x) = number {
                if min.is_some_and(|lo| x < lo) || max.is_some_and(|hi| x > hi) {
                    let range = match (min, max) {
                        (Some(lo), Some(hi)) if lo == hi => format!("must be {}", num(*lo)),
                        (Some(lo), Some(hi)) => format!("must be between {} and {}", num(*lo), num(*hi)),
                        (Some(lo), None) => format!("must be at least {}", num(*lo)),
                        (None, Some(hi)) => format!("must be at most {}", num(*hi)),
                        (None, None) => String::new(),
                    };
                    report("range", format!("{range}{when} (is {})", num(x)));
                }
            }
            return;
        }
        Check::OneOf { values, .. } => {
            if !values.contains(value) {
                let allowed: Vec<String> = values.iter().map(Value::to_string).collect();
                let need =
                    if allowed.len() == 1 { format!("must be {}", allowed[0]) } else { format!("must be one of {}", allowed.join(", ")) };
                report("one_of", format!("{need}{when} (is {})", describe_value(value)));
            }
            return;
        }
        // A Unix time in milliseconds may be sent as a number as well.
        Check::Format { format: crate::catalog::Format::UnixMillis, .. } if value.is_number() => {
            let digits = value.as_u64().map(|n| n.to_string().len());
            if !digits.is_some_and(|n| (12..=14).contains(&n)) {
                let format = crate::catalog::Format::UnixMillis;
                report("format", format!("must be {}{when}, not {}", formats::describe(&format), describe_value(value)));
            }
            return;
        }
        _ => {}
    }
    let Some(text) = value.as_str() else { return };
    match check {
        Check::Length { min, max, .. } => {
            let n = text.chars().count();
            if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
                let words = count_words(*min, *max, "character").replacen("must have", "must be", 1);
                report("length", format!("{words} long{when} (has {n})"));
            }
        }
        Check::Chars { chars, .. } => {
            let mut reqs = Vec::new();
            char_requirements(chars, text, &mut reqs);
            for req in reqs.into_iter().filter(|r| !r.met) {
                if text.is_empty() && req.rule != "first" {
                    continue;
                }
                report("chars", format!("{}{when}", requirement_message(&req)));
            }
        }
        Check::Forbidden { prefixes, suffixes, substrings, ignore_case, .. } => {
            let folded = if *ignore_case { text.to_lowercase() } else { text.to_string() };
            let fold = |s: &str| if *ignore_case { s.to_lowercase() } else { s.to_string() };
            if let Some(p) = prefixes.iter().find(|p| folded.starts_with(&fold(p))) {
                report("forbidden", format!("must not start with {p:?}{when}"));
            }
            if let Some(p) = suffixes.iter().find(|p| folded.ends_with(&fold(p))) {
                report("forbidden", format!("must not end with {p:?}{when}"));
            }
            if let Some(p) = substrings.iter().find(|p| folded.contains(&fold(p))) {
                report("forbidden", format!("must not contain {p:?}{when}"));
            }
        }
        Check::Format { format, .. } if !formats::matches(format, text) => {
            report("format", format!("must be {}{when}, not {}", formats::describe(format), describe_value(&Value::String(text.into()))));
        }
        _ => {}
    }
}

/// A character requirement that is not met, as a finding's message.
fn requirement_message(req: &Requirement) -> String {
    match req.rule.as_str() {
        "length" => format!("must be {} long", req.label),
        "first" => format!("must start with {}", req.label.trim_start_matches("starts with ")),
        "allowed" => format!("may contain {}", req.label),
        _ => format!("must contain {}", req.label.trim_start_matches("contains ")),
    }
}
