//! The API catalog: every supported API described as data.
//!
//! The files live in the project's `catalog/` folder (layout and keys: `catalog/README.md`;
//! JSON Schemas: `catalog/schema/`). The build script finds them, checks their structure (a
//! broken catalog fails the build) and compiles them in; [`catalog`] assembles them once.

mod load;
mod schema;

pub use load::{assemble, is_catalog_file, rule_paths, structure_problems, CatalogError};
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
