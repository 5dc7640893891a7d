//! cloudreq core: the API catalog, validation, request assembly and emitters.
//!
//! Pure: no I/O, no clock, no randomness. Builds for wasm32 (the web app) and native (the CLI
//! and the tests).

pub mod catalog;
pub mod draft;
pub mod emit;
pub mod envelope;
pub mod form;
pub mod formats;
pub mod history;
pub mod import;
pub mod openapi;
pub mod path;
pub mod permalink;
pub mod pipeline;
pub mod profile;
pub mod request;
pub mod response;
pub mod sample;
pub mod saved;
pub mod seal;
pub mod secrets;
pub mod sign;
pub mod validate;

pub use catalog::{catalog, Catalog, Cloud, Entry, Field, FieldType, Severity};
pub use emit::{emit, Target};
pub use request::{build, HttpRequest};
pub use validate::{validate, Finding};
