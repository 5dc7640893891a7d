//! `cloudreq catalog check [DIR]`: checks a catalog folder (default: the one built in).

use cloudreq_core::catalog::{check, is_catalog_file, FILES};
use std::path::{Path, PathBuf};

/// Every file under `dir`, as (path relative to `dir` with `/` separators, full path), sorted.
fn files_under(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                out.push((relative.to_string_lossy().replace('\\', "/"), path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Checks `dir` (or the built-in catalog) and prints one line per problem. Returns whether the
/// catalog is sound, or an error reading the folder.
pub fn run(dir: Option<&str>) -> Result<bool, String> {
    let (what, files): (String, Vec<(String, String)>) = match dir {
        None => ("the built-in catalog".into(), FILES.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()),
        Some(dir) => {
            let listed = files_under(Path::new(dir)).map_err(|e| format!("{dir}: {e}"))?;
            let mut files = Vec::new();
            for (relative, path) in listed.into_iter().filter(|(r, _)| is_catalog_file(r)) {
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.push((relative, text));
            }
            (dir.to_string(), files)
        }
    };
    match check(&files) {
        Ok(operations) => {
            outln!("{what}: {operations} operations in {} files, no problems", files.len());
            Ok(true)
        }
        Err(problems) => {
            for problem in &problems {
                outln!("{problem}");
            }
            eprintln!("{what}: {} problem(s)", problems.len());
            Ok(false)
        }
    }
}
