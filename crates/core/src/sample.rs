//! Values that satisfy an operation's documented rules: the page's "Fill with sample values"
//! and the end-to-end checks that every catalog operation validates, builds, signs and is
//! answered. A documented example wins when it passes validation; otherwise every required
//! field (and, when a rule asks for more, those fields) gets a value chosen from its own
//! constraints: default, example, enum value, limits, character rules, and the rules of its
//! scope that name it alone (lengths, formats, listed values… read from the descriptions).

use crate::catalog::{CharClass, CharRule, Check, Entry, Field, FieldType, Rule};
use crate::path::Segment;
use crate::request::import;
use crate::validate::{has_errors, keeps, validate};
use serde_json::{json, Map, Number, Value};

/// Values for `entry` that pass validation when the catalog allows it (best effort otherwise:
/// the caller validates and shows what remains).
pub fn sample_values(entry: &Entry) -> Value {
    for example in &entry.examples {
        if let Ok(imported) = import(entry, &example.url, example.body.as_ref()) {
            if !has_errors(&validate(entry, &imported.values)) {
                return imported.values;
            }
        }
    }
    let scope: Vec<&Rule> = entry.rules.iter().collect();
    let mut values = object_of(&entry.fields, &scope, true);
    // Conditional rules may ask for more: add what the findings name, a few rounds at most.
    for _ in 0..3 {
        let findings = validate(entry, &values);
        // Members of objects only (a row of a list is the user's to add).
        let mut missing: Vec<String> = Vec::new();
        let mut any_of_done: Vec<&str> = Vec::new();
        for f in &findings {
            let members_only = !f.path.is_root() && f.path.segments().iter().all(|s| matches!(s, Segment::Key(_)));
            if !members_only {
                continue;
            }
            match f.rule.as_str() {
                "required" => missing.push(f.path.to_string()),
                // One of a group is needed: the first the rule names.
                "required_any" if !any_of_done.contains(&f.message.as_str()) => {
                    any_of_done.push(&f.message);
                    missing.push(f.path.to_string());
                }
                _ => {}
            }
        }
        if missing.is_empty() {
            break;
        }
        for path in missing {
            insert_at(&mut values, &entry.fields, &scope, &path);
        }
    }
    values
}

/// The rules of `scope` that check the value of member `name` alone, and those that speak of
/// paths inside it (with `name.` taken off), for its own members.
fn rules_for<'a>(scope: &[&'a Rule], name: &str) -> (Vec<&'a Check>, Vec<Rule>) {
    let mut own = Vec::new();
    let mut inner = Vec::new();
    let prefix = format!("{name}.");
    for rule in scope.iter().filter(|r| r.when.is_none()) {
        if let Some(path) = single_value_path(&rule.check) {
            if path == name {
                own.push(&rule.check);
            } else if let Some(rest) = path.strip_prefix(&prefix) {
                let mut moved = (*rule).clone();
                set_path(&mut moved.check, rest);
                inner.push(moved);
            }
        }
    }
    (own, inner)
}

/// The path of a check that speaks of one value alone.
fn single_value_path(check: &Check) -> Option<&str> {
    match check {
        Check::Length { path, .. }
        | Check::Chars { path, .. }
        | Check::Forbidden { path, .. }
        | Check::Format { path, .. }
        | Check::OneOf { path, .. }
        | Check::Range { path, .. }
        | Check::Items { path, .. } => Some(path),
        _ => None,
    }
}

fn set_path(check: &mut Check, to: &str) {
    if let Check::Length { path, .. }
    | Check::Chars { path, .. }
    | Check::Forbidden { path, .. }
    | Check::Format { path, .. }
    | Check::OneOf { path, .. }
    | Check::Range { path, .. }
    | Check::Items { path, .. } = check
    {
        *path = to.to_string();
    }
}

/// The required members of an object (all of them when `top`), each with a sample value; an
/// object none of whose members is required gets its first member, so it is not empty.
fn object_of(fields: &[Field], scope: &[&Rule], top: bool) -> Value {
    let mut out = Map::new();
    for field in fields.iter().filter(|f| f.required && !f.region_default && !f.deprecated) {
        out.insert(field.name.clone(), sample_in(field, scope));
    }
    if out.is_empty() && !top {
        if let Some(first) = fields.iter().find(|f| !f.deprecated).or(fields.first()) {
            out.insert(first.name.clone(), sample_in(first, scope));
        }
    }
    Value::Object(out)
}

fn insert_at(values: &mut Value, fields: &[Field], scope: &[&Rule], path: &str) {
    let mut node = values;
    let mut fields = fields;
    let mut rules: Vec<Rule> = scope.iter().map(|r| (*r).clone()).collect();
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let Some(field) = fields.iter().find(|f| f.name == *part) else { return };
        let Value::Object(map) = node else { return };
        let here: Vec<&Rule> = rules.iter().collect();
        if i + 1 == parts.len() {
            map.entry(field.name.clone()).or_insert_with(|| sample_in(field, &here));
            return;
        }
        if field.ty != FieldType::Object {
            return;
        }
        let (_, inner) = rules_for(&here, &field.name);
        node = map.entry(field.name.clone()).or_insert_with(|| Value::Object(Map::new()));
        fields = &field.fields;
        rules = inner.into_iter().chain(field.rules.iter().cloned()).collect();
    }
}

/// One field's sample value.
pub fn sample_field(field: &Field) -> Value {
    sample_in(field, &[])
}

/// A sample value for `field` within a scope whose rules may also name it.
fn sample_in(field: &Field, scope: &[&Rule]) -> Value {
    let (own, inner) = rules_for(scope, &field.name);
    let keeps_rules = |v: &Value| own.iter().all(|c| keeps(c, v));
    let candidates = [field.default.as_ref(), field.example.as_ref()];
    if let Some(good) = candidates.into_iter().flatten().find(|v| fits(field, v) && keeps_rules(v)) {
        return good.clone();
    }
    // Values the rules list, or a text in the format they ask for.
    for check in &own {
        match (check, field.ty) {
            (Check::OneOf { values, .. }, FieldType::Array) => {
                if let Some(v) = values.first() {
                    return Value::Array(vec![v.clone()]);
                }
            }
            (Check::OneOf { values, .. }, _) => {
                if let Some(v) = values.iter().find(|v| fits(field, v)) {
                    return v.clone();
                }
            }
            (Check::Format { format, .. }, FieldType::String) => return Value::String(crate::formats::sample(format)),
            (Check::Format { format, .. }, FieldType::Array) => return Value::Array(vec![Value::String(crate::formats::sample(format))]),
            _ => {}
        }
    }
    let narrowed = narrow(field, &own);
    let field = narrowed.as_ref().unwrap_or(field);
    match field.ty {
        FieldType::Enum => field.values.first().map(|v| v.value.clone()).unwrap_or(Value::Null),
        FieldType::Boolean => Value::Bool(false),
        FieldType::StringBool => Value::String("false".into()),
        FieldType::Integer => json!(number_in(field.min, field.max).round() as i64),
        // A whole number is written as one (`1`, as a user types it), others as decimals.
        FieldType::Number => match number_in(field.min, field.max) {
            x if x.fract() == 0.0 && x.abs() < 1e15 => json!(x as i64),
            x => Number::from_f64(x).map(Value::Number).unwrap_or(json!(1)),
        },
        FieldType::String => Value::String(text_for(field)),
        FieldType::JsonString => Value::String("{}".into()),
        FieldType::Array => {
            let count = field.min_items.unwrap_or(1).max(1);
            let item = match field.items.as_deref() {
                // Rules of a list of objects name the members of each item.
                Some(items) if items.ty == FieldType::Object => {
                    let scope: Vec<&Rule> = field.rules.iter().chain(items.rules.iter()).collect();
                    object_of(&items.fields, &scope, false)
                }
                // Rules on a list of values check each value.
                Some(items) => {
                    let per_item: Vec<Rule> = own
                        .iter()
                        .filter(|c| !matches!(c, Check::Items { .. }))
                        .map(|c| {
                            let mut check = (*c).clone();
                            set_path(&mut check, &items.name);
                            Rule {
                                when: None,
                                check,
                                severity: crate::catalog::Severity::Warning,
                                message: None,
                                source: None,
                                quote: None,
                            }
                        })
                        .collect();
                    let refs: Vec<&Rule> = per_item.iter().collect();
                    sample_in(items, &refs)
                }
                None => Value::String("sample".into()),
            };
            Value::Array(vec![item; count])
        }
        FieldType::Object => {
            let scope: Vec<Rule> = inner.into_iter().chain(field.rules.iter().cloned()).collect();
            let refs: Vec<&Rule> = scope.iter().collect();
            object_of(&field.fields, &refs, false)
        }
    }
}

/// The field with the limits of its rules folded in (`None` when they add nothing).
fn narrow(field: &Field, checks: &[&Check]) -> Option<Field> {
    if checks.is_empty() {
        return None;
    }
    let mut out = field.clone();
    let at_most = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) | (None, x) => x,
    };
    let at_least = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) | (None, x) => x,
    };
    for check in checks {
        match check {
            Check::Length { min, max, .. } => {
                out.min_length = at_least(out.min_length, *min);
                out.max_length = at_most(out.max_length, *max);
            }
            Check::Items { min, max, .. } => {
                out.min_items = at_least(out.min_items, *min);
                out.max_items = at_most(out.max_items, *max);
            }
            Check::Range { min, max, .. } => {
                out.min = match (out.min, *min) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                out.max = match (out.max, *max) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            Check::Chars { chars, .. } if out.chars.is_none() => out.chars = Some(chars.clone()),
            _ => {}
        }
    }
    Some(out)
}

/// Whether a documented value has the field's type and limits (rules are checked later).
fn fits(field: &Field, value: &Value) -> bool {
    let within = |x: f64| field.min.is_none_or(|m| x >= m) && field.max.is_none_or(|m| x <= m);
    match (field.ty, value) {
        (FieldType::Enum, v) => field.values.iter().any(|e| &e.value == v),
        (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::StringBool, Value::String(s)) => s == "true" || s == "false",
        (FieldType::Integer, Value::Number(n)) => n.as_i64().is_some_and(|x| within(x as f64)),
        (FieldType::Number, Value::Number(n)) => n.as_f64().is_some_and(within),
        (FieldType::String, Value::String(s)) => {
            let len = s.chars().count();
            len > 0 && field.min_length.is_none_or(|m| len >= m) && field.max_length.is_none_or(|m| len <= m) && field.chars.is_none()
        }
        (FieldType::JsonString, Value::String(s)) => serde_json::from_str::<Value>(s).is_ok(),
        (FieldType::Array, Value::Array(items)) => {
            !items.is_empty()
                && field.min_items.is_none_or(|m| items.len() >= m)
                && field.max_items.is_none_or(|m| items.len() <= m)
                && field.items.as_deref().is_none_or(|i| items.iter().all(|v| fits(i, v)))
        }
        (FieldType::Object, Value::Object(map)) => {
            field.fields.iter().filter(|f| f.required).all(|f| map.get(&f.name).is_some_and(|v| fits(f, v)))
                && map.iter().all(|(k, v)| field.fields.iter().find(|f| &f.name == k).is_none_or(|f| fits(f, v)))
        }
        _ => false,
    }
}

fn number_in(min: Option<f64>, max: Option<f64>) -> f64 {
    match (min, max) {
        (Some(lo), _) if lo > 1.0 => lo.ceil(),
        (_, Some(hi)) if hi < 1.0 => hi.floor(),
        _ => 1.0,
    }
}

/// A text that meets the length and character rules of a string field.
fn text_for(field: &Field) -> String {
    let Some(rule) = &field.chars else {
        let min = field.min_length.unwrap_or(1).max(1);
        let mut text = String::from("sample");
        while text.chars().count() < min {
            text.push('x');
        }
        let max = field.max_length.unwrap_or(usize::MAX);
        return text.chars().take(max).collect();
    };
    chars_text(rule, field.min_length.unwrap_or(1).max(1), field.max_length.unwrap_or(64))
}

fn one_of(class: &CharClass) -> Option<char> {
    match class {
        CharClass::Letter | CharClass::Lower => Some('a'),
        CharClass::Upper => Some('A'),
        CharClass::Digit => Some('1'),
        CharClass::Chinese => Some('中'),
        CharClass::Literal(set) => set.chars().next(),
    }
}

fn chars_text(rule: &CharRule, min: usize, max: usize) -> String {
    let mut text = String::new();
    if let Some(c) = rule.first.iter().find_map(one_of) {
        text.push(c);
    }
    let needed = rule.require_at_least.unwrap_or(rule.require.len()).min(rule.require.len());
    // Classes in the order that most often satisfies password-like rules: lower, upper, digit, other.
    let mut require: Vec<&CharClass> = rule.require.iter().collect();
    require.sort_by_key(|c| match c {
        CharClass::Lower | CharClass::Letter => 0,
        CharClass::Upper => 1,
        CharClass::Digit => 2,
        CharClass::Chinese | CharClass::Literal(_) => 3,
    });
    for class in require.into_iter().take(needed.max(rule.require.len())) {
        if let Some(c) = one_of(class) {
            text.push(c);
        }
    }
    let filler = rule.allowed.iter().find_map(|c| match c {
        CharClass::Letter | CharClass::Lower => Some('a'),
        CharClass::Digit => Some('1'),
        CharClass::Upper => Some('A'),
        CharClass::Chinese | CharClass::Literal(_) => None,
    });
    let filler = filler.or_else(|| rule.allowed.iter().find_map(one_of)).unwrap_or('a');
    while text.chars().count() < min.max(8).min(max) {
        text.push(filler);
    }
    text.chars().take(max).collect()
}
