//! `cloudreq catalog export DIR`: writes the web app's catalog files (index, service lists,
//! search index, one file per operation; see `cloudreq_core::catalog::web`) into DIR/catalog/.

use cloudreq_core::catalog::web::{web_files, WEB_DIR};
use cloudreq_core::catalog::FILES;
use std::path::Path;

/// Writes the files of the built-in catalog under `dir`, replacing an earlier export. Returns
/// a one-line summary, or what went wrong.
pub fn run(dir: &str) -> Result<String, String> {
    let files = web_files(FILES).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the built-in catalog cannot be exported:\n{}", lines.join("\n"))
    })?;
    let root = Path::new(dir);
    let target = root.join(WEB_DIR);
    if target.exists() {
        // Only an earlier export is replaced: anything else under that name is left alone.
        if !target.join("index.json").is_file() {
            return Err(format!("{} exists and is not an earlier export; not touching it", target.display()));
        }
        std::fs::remove_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let mut bytes = 0usize;
    for (relative, text) in &files {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        bytes += text.len();
    }
    Ok(format!("{} files ({bytes} bytes) written to {}", files.len(), target.display()))
}
