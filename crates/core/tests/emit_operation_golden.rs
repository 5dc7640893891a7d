//! Golden files of the operation targets (the clouds' CLIs and SDKs), beside the request
//! targets' in `tests/golden/`: every golden fixture (`common/fixtures.rs`) and one sample
//! operation per service × every operation target that applies to its cloud, compared with
//! the reviewed output in `tests/golden_operation/`. Regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p cloudreq-core --test emit_operation_golden` and review the
//! diff by eye.

use cloudreq_core::catalog::catalog;
use cloudreq_core::emit::{emit_operation, Target};
use cloudreq_core::request::build;
use cloudreq_core::sample::sample_values;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::fixtures;

/// (file stem, id, region, values): the fixtures, then the first operation (by id) of every
/// service with its sample values.
fn cases() -> Vec<(String, String, String, Value)> {
    let mut out: Vec<_> = fixtures().into_iter().map(|f| (f.name, f.entry, f.region, f.values)).collect();
    let mut services = BTreeSet::new();
    let mut entries: Vec<_> = catalog().entries.iter().collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    for e in entries {
        if services.insert((e.cloud.as_str(), e.service.clone())) {
            out.push((format!("sample.{}", e.id), e.id.clone(), e.endpoint.default_region.clone(), sample_values(e)));
        }
    }
    out
}

#[test]
fn operation_targets_match_the_reviewed_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_operation");
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for (name, id, region, values) in cases() {
        let entry = catalog().get(&id).unwrap();
        let req = build(entry, &values, &region).unwrap();
        for target in Target::OPERATION.into_iter().filter(|t| t.applies_to(entry.cloud)) {
            let text = emit_operation(entry, &req, &values, &region, target).unwrap_or_else(|e| panic!("{name} {}: {e}", target.name()));
            let file = dir.join(format!("{name}.{}.txt", target.name()));
            if update {
                std::fs::write(&file, &text).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("missing golden file {}", file.display()));
            compared += 1;
            if expected != text {
                mismatches.push(format!("{}\n--- expected\n{expected}\n--- got\n{text}", file.display()));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} golden mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
    assert!(update || compared >= 4, "compared only {compared}");
}
