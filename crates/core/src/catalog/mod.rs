//! The API catalog: every supported API described as data.
//!
//! The files live in the project's `catalog/` folder (layout and keys: `catalog/README.md`;
//! JSON Schemas: `catalog/schema/`). The build script finds them, checks their structure (a
//! broken catalog fails the build) and compiles them in; [`catalog`] assembles them once.

mod load;
mod schema;
pub mod web;

pub use load::{assemble, assemble_with_files, is_catalog_file, rule_paths, structure_problems, CatalogError};
pub use schema::*;

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// The catalog files, as (path relative to `catalog/`, text), in path order.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// All entries.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Entries ordered by cloud, service, version and operation.
    pub entries: Vec<Entry>,
    /// Set when the compiled-in data failed to load (the build script makes this unreachable).
    pub load_error: Option<String>,
}

impl Catalog {
    /// Assembles catalog files (see [`assemble`]).
    pub fn from_files<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Result<Catalog, Vec<CatalogError>> {
        Ok(Catalog { entries: assemble(files)?, load_error: None })
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
        Catalog::from_files(FILES).unwrap_or_else(|errors| {
            let message = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
            Catalog { entries: Vec::new(), load_error: Some(message) }
        })
    })
}

/// One entry, assembled from its own files only (its service.json, its operation file, its
/// overlay and, for a variant, its base's): what a command about one operation needs, without
/// parsing the whole catalog. `None` when no operation file has that id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    static LOADED: OnceLock<Mutex<BTreeMap<String, &'static Entry>>> = OnceLock::new();
    let loaded = LOADED.get_or_init(Default::default);
    if let Some(found) = loaded.lock().ok()?.get(id) {
        return Some(found);
    }
    let mut files = Vec::new();
    collect_files(id, &mut files, 0)?;
    let entry = assemble(&files).ok()?.into_iter().find(|e| e.id == id)?;
    let entry: &'static Entry = Box::leak(Box::new(entry));
    loaded.lock().ok()?.insert(id.to_string(), entry);
    Some(entry)
}

/// Ids of every operation, read from the file names (nothing parsed): `<cloud>.<service>.<Op>`.
pub fn ids() -> impl Iterator<Item = String> {
    FILES.iter().filter_map(|(path, _)| {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            [cloud, service, _version, file] if *file != "service.json" => {
                file.strip_suffix(".json").map(|op| format!("{cloud}.{service}.{op}"))
            }
            _ => None,
        }
    })
}

fn collect_files(id: &str, out: &mut Vec<(&'static str, &'static str)>, depth: usize) -> Option<()> {
    let mut parts = id.splitn(3, '.');
    let (cloud, service, op) = (parts.next()?, parts.next()?, parts.next()?);
    let prefix = format!("{cloud}/{service}/");
    let file_name = format!("/{op}.json");
    let &(op_path, op_text) =
        FILES.iter().find(|(p, _)| p.starts_with(&prefix) && p.ends_with(&file_name) && p.matches('/').count() == 3)?;
    let folder = &op_path[..op_path.len() - file_name.len()];
    let wanted = [format!("{folder}/service.json"), op_path.to_string(), format!("{folder}/overlays/{op}.json")];
    for file in FILES.iter().filter(|(p, _)| wanted.iter().any(|w| w == p)) {
        if !out.contains(file) {
            out.push(*file);
        }
    }
    // A variant needs its base (a variant of a variant is refused by assembly anyway).
    if op_text.contains("\"base\"") && depth == 0 {
        let base = serde_json::from_str::<serde_json::Value>(op_text).ok()?.get("base")?.as_str()?.to_string();
        collect_files(&base, out, depth + 1)?;
    }
    Some(())
}

/// A documented value that hides a secret (`"****"`): it stands for a value and is no value.
pub fn is_mask(value: Option<&serde_json::Value>) -> bool {
    value.and_then(serde_json::Value::as_str).is_some_and(|s| s.len() >= 3 && s.chars().all(|c| c == '*'))
}

/// Findings of rules the importer read from description text (`doc text`), which no documented
/// value may trip: such a rule is then wrong, or the reading of it is.
fn mined_findings(entry: &Entry, values: &serde_json::Value) -> Vec<crate::validate::Finding> {
    crate::validate::validate(entry, values)
        .into_iter()
        .filter(|f| f.source.as_deref().is_some_and(|s| s.starts_with(schema::MINED_SOURCE)))
        .collect()
}

/// Checks catalog files as `cloudreq catalog check` does: everything [`assemble`] checks
/// (unknown keys, folders, path placeholders, rules naming real fields, overlays pointing at
/// real fields, unique ids), and that every documented example satisfies its own rules,
/// and that no rule read from description text rejects an example or the sample values.
/// Returns the number of operations, or every problem found.
pub fn check<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Result<usize, Vec<CatalogError>> {
    let entries = assemble_with_files(files)?;
    let mut problems = Vec::new();
    for (file, entry) in &entries {
        for (i, example) in entry.examples.iter().enumerate() {
            let problem =
                |message: String| CatalogError { file: file.clone(), message: format!("example {} ({}): {message}", i + 1, example.title) };
            match crate::request::import(entry, &example.url, example.body.as_ref()) {
                Err(e) => problems.push(problem(e.to_string())),
                Ok(imported) => {
                    let errors: Vec<String> = crate::validate::validate(entry, &imported.values)
                        .into_iter()
                        .filter(|f| f.severity == Severity::Error && !is_mask(f.path.get(&imported.values)))
                        .map(|f| f.to_string())
                        .collect();
                    if !errors.is_empty() {
                        problems.push(problem(format!("breaks its own rules: {}", errors.join("; "))));
                    }
                    for finding in mined_findings(entry, &imported.values).into_iter().filter(|f| !is_mask(f.path.get(&imported.values))) {
                        problems.push(problem(format!("a rule read from the description rejects it: {finding}")));
                    }
                }
            }
        }
        for finding in mined_findings(entry, &crate::sample::sample_values(entry)) {
            problems.push(CatalogError {
                file: file.clone(),
                message: format!("the sample values: a rule read from the description rejects them: {finding}"),
            });
        }
    }
    if problems.is_empty() {
        Ok(entries.len())
    } else {
        Err(problems)
    }
}
