//! Human-readable description of an entry for `cloudreq show`.

use cloudreq_core::catalog::{Entry, Field, FieldType};
use std::fmt::Write;

/// Renders the entry: request line, endpoint, fields with their rules, cross-field rules,
/// errors and notes.
pub fn describe(entry: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", entry.id, entry.title);
    let _ = writeln!(out, "docs:    {}", entry.doc);
    let _ = writeln!(out, "request: {} {}", entry.method, entry.path);
    if let (Some(action), Some(version)) = (&entry.action, &entry.version) {
        let _ = writeln!(out, "action:  {action} (version {version})");
    }
    let _ = writeln!(out, "host:    {}", entry.endpoint.host);
    let _ = writeln!(out, "default region: {}", entry.endpoint.default_region);
    let regions: Vec<&str> = entry.endpoint.regions.iter().map(|r| r.id.as_str()).collect();
    let _ = writeln!(out, "regions: {}", regions.join(", "));
    for h in &entry.headers {
        let _ = writeln!(out, "header:  {}: {}", h.name, h.value);
    }
    let _ = writeln!(out, "\nfields:");
    for f in &entry.fields {
        field(&mut out, entry, f, 1, true);
    }
    let rules = cloudreq_core::openapi::all_rules(entry);
    if !rules.is_empty() {
        let _ = writeln!(out, "\nrules:");
        for (scope, rule) in rules {
            let _ = writeln!(out, "  - {}", cloudreq_core::openapi::rule_text(&scope, rule));
        }
    }
    if !entry.errors.is_empty() {
        let _ = writeln!(out, "\nerror codes:");
        for e in &entry.errors {
            let status = e.status.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
            let field = e.field.as_ref().map(|f| format!(" [{f}]")).unwrap_or_default();
            let _ = writeln!(out, "  {status:>3} {}: {}{field}", e.code, e.meaning);
        }
    }
    if !entry.notes.is_empty() {
        let _ = writeln!(out, "\nnotes:");
        for n in &entry.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

fn opt(x: &Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_else(|| "…".into())
}

fn type_name(f: &Field) -> String {
    match f.ty {
        FieldType::Array => match &f.items {
            Some(items) => format!("array of {}", type_name(items)),
            None => "array".into(),
        },
        FieldType::StringBool => "string \"true\"/\"false\"".into(),
        FieldType::JsonString => "string holding JSON".into(),
        FieldType::Enum => {
            let values: Vec<String> = f.values.iter().map(|v| v.value.to_string()).collect();
            format!("enum {}", values.join("|"))
        }
        other => format!("{other:?}").to_lowercase(),
    }
}

fn field(out: &mut String, entry: &Entry, f: &Field, depth: usize, top: bool) {
    let indent = "  ".repeat(depth);
    let mut facts = vec![type_name(f)];
    if top {
        facts.push(format!("{:?}", entry.location_of(f)).to_lowercase());
    }
    if f.required {
        facts.push("required".into());
    }
    if let Some(d) = &f.default {
        facts.push(format!("default {d}"));
    }
    if f.min.is_some() || f.max.is_some() {
        facts.push(format!("range [{}, {}]", opt(&f.min), opt(&f.max)));
    }
    if f.min_length.is_some() || f.max_length.is_some() {
        let lo = f.min_length.map(|v| v.to_string()).unwrap_or_else(|| "0".into());
        let hi = f.max_length.map(|v| v.to_string()).unwrap_or_else(|| "…".into());
        facts.push(format!("length {lo}–{hi}"));
    }
    if f.min_items.is_some() || f.max_items.is_some() {
        let lo = f.min_items.map(|v| v.to_string()).unwrap_or_else(|| "0".into());
        let hi = f.max_items.map(|v| v.to_string()).unwrap_or_else(|| "…".into());
        facts.push(format!("{lo}–{hi} items"));
    }
    if let Some(c) = &f.chars {
        if !c.first.is_empty() {
            facts.push(format!("first: {}", c.first.iter().map(ToString::to_string).collect::<Vec<_>>().join("/")));
        }
        if !c.allowed.is_empty() {
            facts.push(format!("chars: {}", c.allowed.iter().map(ToString::to_string).collect::<Vec<_>>().join("/")));
        }
        if !c.require.is_empty() {
            facts.push(format!("needs: {}", c.require.iter().map(ToString::to_string).collect::<Vec<_>>().join("/")));
        }
    }
    if f.deprecated {
        facts.push("deprecated".into());
    }
    if f.region_default {
        facts.push("defaults to the region".into());
    }
    let _ = writeln!(out, "{indent}{} ({}) — {}", f.name, facts.join("; "), f.description);
    if let Some(note) = &f.note {
        let _ = writeln!(out, "{indent}  note: {note}");
    }
    let members = match &f.items {
        Some(items) => &items.fields,
        None => &f.fields,
    };
    for m in members {
        field(out, entry, m, depth + 1, false);
    }
}
