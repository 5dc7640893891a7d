//! Assembling the catalog from its files, and the structural checks every file must pass.
//!
//! The files live in `<cloud>/<service>/<version>/`: `service.json`, one `<Operation>.json`
//! per operation (written in full, or as a variant of another cloud's operation with `base`),
//! and `overlays/<Operation>.json` for hand-written knowledge added to an operation. Pure: the
//! callers read the files (the build script, the CLI's `catalog check`, tests). The build
//! script compiles this file too, so a broken catalog fails the build.

use super::schema::{Check, Entry, Field, FixedHeader, Location, OperationFile, OverlayFile, Rule, ServiceFile, Style, VariantFile};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A problem with one catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// The file, relative to the catalog folder.
    pub file: String,
    /// What is wrong, naming the key or field.
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CatalogError {}

/// Whether `path` (relative to the catalog folder, `/`-separated) is one of its data files:
/// JSON, outside `schema/`, and no hidden part.
pub fn is_catalog_file(path: &str) -> bool {
    path.ends_with(".json") && !path.starts_with("schema/") && !path.split('/').any(|part| part.starts_with('.'))
}

/// Where a file sits, and so what it is.
enum Place<'a> {
    Service { folder: [&'a str; 3] },
    Operation { folder: [&'a str; 3], name: &'a str },
    Overlay { folder: [&'a str; 3], name: &'a str },
}

fn place(path: &str) -> Result<Place<'_>, String> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [c, s, v, "service.json"] => Ok(Place::Service { folder: [c, s, v] }),
        [c, s, v, "overlays", file] => Ok(Place::Overlay { folder: [c, s, v], name: file.trim_end_matches(".json") }),
        [c, s, v, file] => Ok(Place::Operation { folder: [c, s, v], name: file.trim_end_matches(".json") }),
        _ => Err(
            "not where catalog files go: <cloud>/<service>/<version>/ holds service.json, <Operation>.json and overlays/<Operation>.json"
                .into(),
        ),
    }
}

/// Reads catalog files (path relative to the catalog folder, text) into entries, ordered by
/// cloud, service, version and operation. Every problem is reported, with its file.
pub fn assemble<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Result<Vec<Entry>, Vec<CatalogError>> {
    Ok(assemble_with_files(files)?.into_iter().map(|(_, entry)| entry).collect())
}

/// As [`assemble`], each entry with the file that defines it.
pub fn assemble_with_files<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Result<Vec<(String, Entry)>, Vec<CatalogError>> {
    let mut errors = Vec::new();
    let mut fail = |file: &str, message: String| errors.push(CatalogError { file: file.to_string(), message });

    let mut services: BTreeMap<[&str; 3], ServiceFile> = BTreeMap::new();
    let mut operations: Vec<(&str, [&str; 3], &str, OperationFile)> = Vec::new();
    let mut variants: Vec<(&str, [&str; 3], &str, VariantFile)> = Vec::new();
    let mut overlays: Vec<(&str, [&str; 3], &str, OverlayFile)> = Vec::new();
    for (path, text) in files {
        let (path, text) = (path.as_ref(), text.as_ref());
        if !is_catalog_file(path) {
            continue;
        }
        match place(path) {
            Err(message) => fail(path, message),
            Ok(Place::Service { folder }) => match serde_json::from_str::<ServiceFile>(text) {
                Ok(service) => {
                    services.insert(folder, service);
                }
                Err(e) => fail(path, e.to_string()),
            },
            Ok(Place::Operation { folder, name }) => {
                let has_base = serde_json::from_str::<Value>(text).ok().is_some_and(|v| v.get("base").is_some());
                if has_base {
                    match serde_json::from_str::<VariantFile>(text) {
                        Ok(variant) => variants.push((path, folder, name, variant)),
                        Err(e) => fail(path, e.to_string()),
                    }
                } else {
                    match serde_json::from_str::<OperationFile>(text) {
                        Ok(operation) => operations.push((path, folder, name, operation)),
                        Err(e) => fail(path, e.to_string()),
                    }
                }
            }
            Ok(Place::Overlay { folder, name }) => match serde_json::from_str::<OverlayFile>(text) {
                Ok(overlay) => overlays.push((path, folder, name, overlay)),
                Err(e) => fail(path, e.to_string()),
            },
        }
    }
    for (folder, service) in &services {
        let file = format!("{}/service.json", folder.join("/"));
        let said = [service.cloud.as_str(), service.service.as_str(), service.version.as_str()];
        if said != *folder {
            fail(&file, format!("cloud, service and version say {}, the folders {}", said.join("/"), folder.join("/")));
        }
    }

    let mut entries: BTreeMap<String, (String, Entry)> = BTreeMap::new();
    let add = |entries: &mut BTreeMap<String, (String, Entry)>, file: &str, entry: Entry, fail: &mut dyn FnMut(&str, String)| {
        if let Some((other, _)) = entries.get(&entry.id) {
            fail(file, format!("id {} is also defined in {other}", entry.id));
        } else {
            entries.insert(entry.id.clone(), (file.to_string(), entry));
        }
    };
    for (file, folder, name, op) in operations {
        let Some(service) = services.get(&folder) else {
            fail(file, format!("no service.json in {}", folder.join("/")));
            continue;
        };
        match (&service.api_version, &op.action) {
            (Some(_), Some(action)) if action != name => fail(file, format!("action {action} differs from the file name {name}")),
            (Some(_), None) => fail(file, "this service has an api_version, so each operation needs its action".into()),
            _ => {}
        }
        let mut errors_of = op.errors;
        errors_of.extend(service.errors.iter().cloned());
        let headers = headers_for(service, op.action.as_deref());
        let entry = Entry {
            id: format!("{}.{}.{name}", folder[0], folder[1]),
            cloud: service.cloud,
            service: service.service.clone(),
            title: op.title,
            doc: op.doc,
            description: op.description.unwrap_or_default(),
            lang: op.lang.unwrap_or_default(),
            deprecated: op.deprecated,
            method: op.method,
            path: op.path,
            style: service.style,
            action: op.action,
            version: service.api_version.clone(),
            headers,
            endpoint: service.endpoint.clone(),
            fields: op.fields,
            rules: op.rules,
            examples: op.examples,
            response: op.response,
            errors: errors_of,
            notes: op.notes,
        };
        add(&mut entries, file, entry, &mut fail);
    }
    // Overlays of operations written in full come first, so variants based on them inherit
    // the curated knowledge; overlays of variants follow once the variants exist.
    let (early, late): (Vec<_>, Vec<_>) =
        overlays.into_iter().partition(|(_, folder, name, _)| entries.contains_key(&format!("{}.{}.{name}", folder[0], folder[1])));
    for (file, folder, name, overlay) in early {
        apply_overlay(&mut entries, &services, file, folder, name, overlay, &mut fail);
    }
    for (file, folder, name, variant) in variants {
        let Some(service) = services.get(&folder) else {
            fail(file, format!("no service.json in {}", folder.join("/")));
            continue;
        };
        let Some((_, base)) = entries.get(&variant.base) else {
            fail(file, format!("base {} is not an operation written in full", variant.base));
            continue;
        };
        let mut entry = base.clone();
        entry.id = format!("{}.{}.{name}", folder[0], folder[1]);
        entry.cloud = service.cloud;
        entry.service = service.service.clone();
        entry.style = service.style;
        entry.version = service.api_version.clone();
        entry.headers = headers_for(service, entry.action.as_deref());
        entry.endpoint = service.endpoint.clone();
        entry.title = variant.title.unwrap_or(entry.title);
        entry.doc = variant.doc.unwrap_or(entry.doc);
        entry.description = variant.description.unwrap_or(entry.description);
        entry.lang = variant.lang.unwrap_or(entry.lang);
        entry.deprecated = variant.deprecated.unwrap_or(entry.deprecated);
        entry.rules = variant.rules.unwrap_or(entry.rules);
        entry.examples = variant.examples.unwrap_or(entry.examples);
        entry.errors = variant.errors.unwrap_or(entry.errors);
        entry.notes = variant.notes.unwrap_or(entry.notes);
        // Its own service's common error codes, after the ones it has (as for any operation).
        let known: BTreeSet<String> = entry.errors.iter().map(|e| e.code.clone()).collect();
        entry.errors.extend(service.errors.iter().filter(|e| !known.contains(&e.code)).cloned());
        if let Err(message) = patch_fields(&mut entry.fields, &variant.remove_fields, &variant.field_overrides) {
            fail(file, message);
            continue;
        }
        add(&mut entries, file, entry, &mut fail);
    }
    for (file, folder, name, overlay) in late {
        apply_overlay(&mut entries, &services, file, folder, name, overlay, &mut fail);
    }
    for (file, entry) in entries.values() {
        for message in structure_problems(entry) {
            fail(file, message);
        }
    }
    if errors.is_empty() {
        let mut assembled: Vec<(String, Entry)> = entries.into_values().collect();
        assembled.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(assembled)
    } else {
        Err(errors)
    }
}

/// Adds one overlay's knowledge to the operation it names.
fn apply_overlay(
    entries: &mut BTreeMap<String, (String, Entry)>,
    services: &BTreeMap<[&str; 3], ServiceFile>,
    file: &str,
    folder: [&str; 3],
    name: &str,
    overlay: OverlayFile,
    fail: &mut dyn FnMut(&str, String),
) {
    let id = format!("{}.{}.{name}", folder[0], folder[1]);
    let Some((_, entry)) = entries.get_mut(&id) else {
        fail(file, format!("overlays an operation that is not there: {id}"));
        return;
    };
    if overlay.source.trim().is_empty() {
        fail(file, "an overlay says where its knowledge comes from in `source`".into());
    }
    if let Err(message) = patch_fields(&mut entry.fields, &overlay.remove_fields, &overlay.field_overrides) {
        fail(file, message);
        return;
    }
    entry.title = overlay.title.unwrap_or(std::mem::take(&mut entry.title));
    entry.doc = overlay.doc.unwrap_or(std::mem::take(&mut entry.doc));
    if let Some(description) = overlay.description {
        entry.description = description;
    }
    if let Some(response) = overlay.response {
        entry.response = response;
    }
    entry.rules.extend(overlay.rules);
    entry.examples.extend(overlay.examples);
    // The overlay's error codes come before the service's common ones and replace a common
    // one with the same code (the first match is the one explained).
    let common = services.get(&folder).map_or(0, |s| s.errors.len());
    let split = entry.errors.len().saturating_sub(common);
    let tail = entry.errors.split_off(split);
    entry.errors.extend(overlay.errors);
    let curated: BTreeSet<String> = entry.errors.iter().map(|e| e.code.clone()).collect();
    entry.errors.extend(tail.into_iter().filter(|e| !curated.contains(&e.code)));
    entry.notes.extend(overlay.notes);
}

/// The service's fixed headers for one operation: a service writes `{action}` and `{version}`
/// once, and each operation fills in its own (`{region}` is filled when a request is built).
fn headers_for(service: &ServiceFile, action: Option<&str>) -> Vec<FixedHeader> {
    let fill = |value: &str| {
        value.replace("{action}", action.unwrap_or_default()).replace("{version}", service.api_version.as_deref().unwrap_or_default())
    };
    service.headers.iter().map(|h| FixedHeader { name: h.name.clone(), value: fill(&h.value) }).collect()
}

/// Removes the fields at `remove` and replaces members of the fields at the keys of
/// `overrides` (a `null` member deletes it); the result must still be a valid field.
fn patch_fields(fields: &mut Vec<Field>, remove: &[String], overrides: &Map<String, Value>) -> Result<(), String> {
    for path in remove {
        let (list, name) = field_list(fields, path).ok_or_else(|| format!("remove_fields: no field {path}"))?;
        let before = list.len();
        list.retain(|f| f.name != name);
        if list.len() == before {
            return Err(format!("remove_fields: no field {path}"));
        }
    }
    for (path, members) in overrides {
        // `List[]` is the item of a list: its description, note, rules…
        let (target, item) = path.strip_suffix("[]").map_or((path.as_str(), false), |p| (p, true));
        let (list, name) = field_list(fields, target).ok_or_else(|| format!("field_overrides: no field {path}"))?;
        let field = list.iter_mut().find(|f| f.name == name).ok_or_else(|| format!("field_overrides: no field {path}"))?;
        let field = match (item, field.items.as_deref_mut()) {
            (false, _) => field,
            (true, Some(items)) => items,
            (true, None) => return Err(format!("field_overrides: {target} is not a list, so {path} names nothing")),
        };
        let Value::Object(members) = members else {
            return Err(format!("field_overrides.{path} is not an object"));
        };
        let Ok(Value::Object(mut written)) = serde_json::to_value(&*field) else {
            return Err(format!("field_overrides.{path}: the field cannot be rewritten"));
        };
        for (key, value) in members {
            if value.is_null() {
                written.remove(key);
            } else {
                written.insert(key.clone(), value.clone());
            }
        }
        *field = serde_json::from_value(Value::Object(written)).map_err(|e| format!("field_overrides.{path}: {e}"))?;
    }
    Ok(())
}

/// The list holding the field at dotted `path` (through objects and array items), and the
/// field's name.
fn field_list<'a, 'p>(fields: &'a mut Vec<Field>, path: &'p str) -> Option<(&'a mut Vec<Field>, &'p str)> {
    let (parent, name) = match path.rsplit_once('.') {
        Some((parent, name)) => (Some(parent), name),
        None => (None, path),
    };
    let mut list = fields;
    for part in parent.into_iter().flat_map(|p| p.split('.')) {
        let field = list.iter_mut().find(|f| f.name == part)?;
        list = match &mut field.items {
            Some(items) => &mut items.fields,
            None => &mut field.fields,
        };
    }
    Some((list, name))
}

/// Structural problems of an assembled entry: path placeholders and path fields, rules naming
/// fields that are not there, shapes that cannot hold a value.
pub fn structure_problems(entry: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    let placeholders: BTreeSet<&str> =
        entry.path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect();
    let path_fields: BTreeSet<&str> =
        entry.fields.iter().filter(|f| entry.location_of(f) == Location::Path).map(|f| f.name.as_str()).collect();
    for missing in placeholders.difference(&path_fields) {
        out.push(format!("path placeholder {{{missing}}} is not a field with \"in\": \"path\""));
    }
    for unused in path_fields.difference(&placeholders) {
        out.push(format!("path field {unused} has no {{{unused}}} in the path {}", entry.path));
    }
    for field in entry.fields.iter().filter(|f| entry.location_of(f) == Location::Path && !f.required) {
        out.push(format!("path field {} must be required", field.name));
    }
    for rule in &entry.rules {
        rule_problems(rule, &entry.fields, "the request", &mut out);
    }
    for field in &entry.fields {
        field_problems(field, &field.name, &mut out);
        if field.encode.is_some() && (entry.style != Style::Rpc || matches!(entry.location_of(field), Location::Path | Location::Header)) {
            out.push(format!("{}: \"encode\" is for query or body parameters of the rpc style", field.name));
        }
    }
    if !entry.endpoint.regions.iter().any(|r| r.id == entry.endpoint.default_region) {
        out.push(format!("default_region {} is not among the regions", entry.endpoint.default_region));
    }
    if !is_https_address(&entry.doc) {
        out.push(format!("doc {:?} must be an https:// address (the page links to it)", entry.doc));
    }
    out
}

/// Whether `text` is an `https://` address with a host and nothing a link could misread: no
/// whitespace, control characters, quotes or angle brackets (a `javascript:` or `data:` link
/// would run in the page).
pub fn is_https_address(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.contains('@')
        && rest.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

fn field_problems(field: &Field, path: &str, out: &mut Vec<String>) {
    use super::schema::FieldType;
    let items = field.items.as_deref();
    let nested = field.fields.iter().chain(items).chain(items.into_iter().flat_map(|i| i.fields.iter()));
    for member in nested {
        if member.encode.is_some() {
            out.push(format!("{path}.{}: \"encode\" is for top-level parameters only", member.name));
        }
    }
    match field.ty {
        FieldType::Enum if field.values.is_empty() => out.push(format!("{path}: an enum needs values")),
        FieldType::Array if field.items.is_none() => out.push(format!("{path}: an array needs items")),
        FieldType::Object if field.fields.is_empty() => out.push(format!("{path}: an object needs fields")),
        _ => {}
    }
    if let (Some(default), FieldType::Enum) = (&field.default, field.ty) {
        if !field.values.iter().any(|v| &v.value == default) {
            out.push(format!("{path}: default {default} is not among the values"));
        }
    }
    // Rules of an array (and of its items) apply to each item.
    let scope = field.items.as_deref().unwrap_or(field);
    let scope_name = format!("{path} (each item)");
    for rule in field.rules.iter().chain(field.items.iter().flat_map(|i| i.rules.iter())) {
        rule_problems(rule, &scope.fields, if field.items.is_some() { &scope_name } else { path }, out);
    }
    for member in &field.fields {
        field_problems(member, &format!("{path}.{}", member.name), out);
    }
    if let Some(items) = &field.items {
        for member in &items.fields {
            field_problems(member, &format!("{path}[].{}", member.name), out);
        }
    }
}

fn rule_problems(rule: &Rule, fields: &[Field], scope: &str, out: &mut Vec<String>) {
    for path in rule_paths(rule) {
        if !resolves(fields, path) {
            out.push(format!("a rule on {scope} names {path}, which is not a field there"));
        }
    }
    if matches!(rule.check, Check::Hint { .. }) && rule.message.is_none() {
        out.push(format!("a hint rule on {scope} needs a message"));
    }
}

/// Every field path a rule names.
pub fn rule_paths(rule: &Rule) -> Vec<&str> {
    let mut out: Vec<&str> = rule.when.iter().map(|c| c.path.as_str()).collect();
    match &rule.check {
        Check::Required { paths } | Check::Ignored { paths } | Check::Absent { paths } | Check::RequiredAny { paths } => {
            out.extend(paths.iter().map(String::as_str))
        }
        Check::Range { path, .. }
        | Check::OneOf { path, .. }
        | Check::Hint { path }
        | Check::Length { path, .. }
        | Check::Items { path, .. }
        | Check::Chars { path, .. }
        | Check::Forbidden { path, .. }
        | Check::Format { path, .. } => out.push(path),
        Check::Compare { path, other, .. } => out.extend([path.as_str(), other.as_str()]),
        Check::Span { from, to, .. } => out.extend([from.as_str(), to.as_str()]),
        Check::Exclusive { groups } => out.extend(groups.iter().flatten().map(String::as_str)),
        Check::CountEquals { path, count } => out.extend([path.as_str(), count.as_str()]),
        Check::NotGreaterThan { path, other } => out.extend([path.as_str(), other.as_str()]),
    }
    out
}

/// Whether dotted `path` names a field in `fields` (through nested objects).
fn resolves(fields: &[Field], path: &str) -> bool {
    let mut list = fields;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(field) = list.iter().find(|f| f.name == part) else {
            return false;
        };
        if parts.peek().is_some() {
            list = &field.fields;
        }
    }
    true
}
