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

use std::sync::OnceLock;

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

/// Checks catalog files as `cloudreq catalog check` does: everything [`assemble`] checks
/// (unknown keys, folders, path placeholders, rules naming real fields, overlays pointing at
/// real fields, unique ids), and that every documented example satisfies its own rules.
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
                        .filter(|f| f.severity == Severity::Error)
                        .map(|f| f.to_string())
                        .collect();
                    if !errors.is_empty() {
                        problems.push(problem(format!("breaks its own rules: {}", errors.join("; "))));
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(entries.len())
    } else {
        Err(problems)
    }
}
