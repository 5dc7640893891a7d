//! The comparison both import round-trip tests make (import_roundtrip.rs for curl,
//! import_vendor_roundtrip.rs for the clouds' own tools): the imported operation, region and
//! values against what was emitted, forgiving what each test's `normalise` says the wire
//! cannot tell apart.

use cloudreq_core::catalog::Entry;
use cloudreq_core::import::Imported;
use serde_json::{Map, Value};

/// How the round trips of one group went.
#[derive(Default, Debug)]
pub struct Tally {
    /// Imported exactly as emitted.
    pub exact: usize,
    /// Equal after normalising.
    pub normalised: usize,
    /// Values the catalog does not know, listed as unplaced.
    pub listed_unknown: usize,
    /// Cases that could not be emitted (unbuildable values, a format the operation lacks).
    pub skipped: usize,
}

/// Compares an import of `text` with the values it was emitted from; `Err` describes a mismatch.
pub fn compare(
    e: &Entry,
    values: &Value,
    region: &str,
    text: &str,
    got: Imported,
    normalise: fn(&Entry, &Value, &str) -> Map<String, Value>,
    tally: &mut Tally,
) -> Result<(), String> {
    if got.id != e.id {
        return Err(format!("recognised as {} instead of {}\n{text}", got.id, e.id));
    }
    if got.region.as_deref() != Some(region) {
        return Err(format!("region {:?} instead of {region}\n{text}", got.region));
    }
    if &got.values == values && got.unplaced.is_empty() {
        tally.exact += 1;
        return Ok(());
    }
    let want = normalise(e, values, region);
    let have = normalise(e, &got.values, region);
    let mut listed = false;
    for (k, v) in &want {
        match have.get(k) {
            Some(h) if h == v => {}
            None if e.field(k).is_none() && got.unplaced.iter().any(|u| u == k || u.starts_with(&format!("{k}."))) => listed = true,
            other => return Err(format!("{k}: sent {v}, imported {other:?}\n{text}")),
        }
    }
    for k in have.keys() {
        if !want.contains_key(k) {
            return Err(format!("{k}: imported but never sent\n{text}"));
        }
    }
    // Anything unplaced must be a value the catalog does not know.
    for u in &got.unplaced {
        let top = u.split('.').next().unwrap_or_default();
        if e.field(top).is_some() || !want.contains_key(top) {
            return Err(format!("unexpectedly unplaced: {u} ({:?})\n{text}", got.unplaced));
        }
    }
    if listed {
        tally.listed_unknown += 1;
    } else {
        tally.normalised += 1;
    }
    Ok(())
}
