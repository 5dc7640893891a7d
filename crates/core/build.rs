//! Finds the catalog files under the project's `catalog/` folder, checks their structure with
//! the same code the library uses (a broken catalog fails the build of everything that uses the
//! core), and writes the list the library compiles in.

#[allow(dead_code)]
#[path = "src/catalog/schema.rs"]
mod schema;

#[allow(dead_code)]
#[path = "src/catalog/load.rs"]
mod load;

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let mut children: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for path in children {
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("../../catalog").canonicalize().expect("the project's catalog/ folder");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    let mut files = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(&root).expect("under the root").to_string_lossy().replace('\\', "/");
        if !load::is_catalog_file(&relative) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("catalog/{relative}: {e}"));
        files.push((relative, path, text));
    }
    let texts: Vec<(&str, &str)> = files.iter().map(|(r, _, t)| (r.as_str(), t.as_str())).collect();
    if let Err(errors) = load::assemble(&texts) {
        for e in &errors {
            println!("cargo:warning=catalog/{e}");
        }
        panic!("the catalog has {} problem(s); `cloudreq catalog check` lists them", errors.len());
    }
    let mut list = String::from("&[\n");
    for (relative, path, _) in &files {
        list.push_str(&format!("    ({relative:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    list.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog_files.rs");
    std::fs::write(out, list).expect("writing the catalog list");
}
