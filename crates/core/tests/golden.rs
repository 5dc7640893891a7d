//! Golden files: every fixture × every emitter target, compared with the reviewed output in
//! `tests/golden/`. Regenerate with `UPDATE_GOLDEN=1 cargo test -p cloudreq-core --test golden`
//! and review the diff by eye.
//!
//! Fixtures: the first documented example of each catalog entry, plus the hand-written files in
//! `tests/fixtures/` (text with quotes, backslashes, `$`, backticks, `!`, `%`, `^`, `|`, line
//! breaks, tabs, non-ASCII and emoji).

use cloudreq_core::catalog::catalog;
use cloudreq_core::emit::{emit, with_auth_placeholders, Target};
use cloudreq_core::request::build;
use std::path::Path;

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::fixtures;

#[test]
fn emitters_match_the_reviewed_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for fx in fixtures() {
        let entry = catalog().get(&fx.entry).unwrap();
        let req = with_auth_placeholders(&build(entry, &fx.values, &fx.region).unwrap(), entry.cloud);
        for target in Target::ALL {
            let text = emit(&req, entry.style, target).unwrap();
            let file = dir.join(format!("{}.{}.txt", fx.name, target.name()));
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
    assert!(update || compared >= 45, "compared only {compared}");
}
