//! Golden files: every fixture × every emitter target, compared with the reviewed output in
//! `tests/golden/`. Regenerate with `UPDATE_GOLDEN=1 cargo test -p cloudreq-core --test golden`
//! and review the diff by eye.
//!
//! Fixtures: the first documented example of each catalog entry, plus the hand-written files in
//! `tests/fixtures/` (text with quotes, backslashes, `$`, backticks, `!`, `%`, `^`, `|`, line
//! breaks, tabs, non-ASCII and emoji).

use cloudreq_core::catalog::catalog;
use cloudreq_core::emit::{emit, with_auth_placeholders, Target};
use cloudreq_core::request::{build, import};
use serde_json::Value;
use std::path::{Path, PathBuf};

struct Fixture {
    name: String,
    entry: String,
    region: String,
    values: Value,
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for e in &catalog().entries {
        let ex = &e.examples[0];
        let imported = import(e, &ex.url, ex.body.as_ref()).unwrap();
        let region = ex.region.clone().or(imported.region).unwrap_or_else(|| e.endpoint.default_region.clone());
        out.push(Fixture { name: format!("example.{}", e.id), entry: e.id.clone(), region, values: imported.values });
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|d| d.unwrap().path()).collect();
    files.sort();
    for path in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.push(Fixture {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            entry: v["entry"].as_str().unwrap().to_string(),
            region: v["region"].as_str().unwrap().to_string(),
            values: v["values"].clone(),
        });
    }
    out
}

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
            let text = emit(&req, entry.style, target);
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
