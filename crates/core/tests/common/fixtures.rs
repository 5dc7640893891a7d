//! The golden fixtures, shared by the core's emitter goldens and the CLI's `cloudreq build`
//! goldens: the first documented example of each reviewed operation (the seven hand-curated
//! ones whose outputs were checked by hand when they were written), plus the hand-written files
//! in `crates/core/tests/fixtures/`. Generated operations are covered by the oracle tests
//! against the official SDKs instead.

use cloudreq_core::catalog::catalog;
use cloudreq_core::request::import;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One fixture: values for an entry and a region.
pub struct Fixture {
    pub name: String,
    pub entry: String,
    pub region: String,
    pub values: Value,
}

/// The operations whose outputs have reviewed golden files.
pub const REVIEWED: [&str; 7] = [
    "alibaba.emr.IncreaseNodes",
    "huawei.dcs.CancelInstanceResize",
    "huawei.ddm.CreateInstance",
    "huawei.ddm.ExpandInstanceNodes",
    "otc.ddm.CreateInstance",
    "otc.ddm.ExpandInstanceNodes",
    "tencent.emr.ScaleOutInstance",
];

/// Every fixture, examples first, then the files in name order.
pub fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for id in REVIEWED {
        let e = catalog().get(id).unwrap_or_else(|| panic!("{id} left the catalog"));
        let ex = e.examples.first().unwrap_or_else(|| panic!("{id} lost its documented examples"));
        let imported = import(e, &ex.url, ex.body.as_ref()).unwrap();
        let region = ex.region.clone().or(imported.region).unwrap_or_else(|| e.endpoint.default_region.clone());
        out.push(Fixture { name: format!("example.{}", e.id), entry: e.id.clone(), region, values: imported.values });
    }
    // From either crate's manifest folder, `../core` is crates/core.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures");
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
