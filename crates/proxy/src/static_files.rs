//! The built app's files. The page that carries the token has one address, `/`: every other
//! spelling of it (`//`, `/./index.html`, `/%69ndex.html`, a symlink to it…) redirects there.
//! Dotfiles, `..` and symlinks that lead out of the app's folder are not served.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// What a request path names inside the app's folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The app's index page: served only at `/`, with the token.
    Index,
    /// A regular file inside the folder (its real path).
    File(PathBuf),
    /// Nothing that is served.
    NotFound,
}

/// Resolves the request path `raw` (still percent-encoded) against `root`, which must be
/// canonical (no symlinks in it).
pub async fn lookup(root: &Path, raw: &str) -> Lookup {
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Lookup::NotFound;
    };
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Lookup::NotFound,
            s if s.starts_with('.') || s.contains(['\\', '\0']) => return Lookup::NotFound,
            s => parts.push(s),
        }
    }
    if parts.is_empty() || parts == ["index.html"] {
        return Lookup::Index;
    }
    let Ok(real) = tokio::fs::canonicalize(root.join(parts.iter().collect::<PathBuf>())).await else {
        return Lookup::NotFound;
    };
    let Ok(inside) = real.strip_prefix(root) else {
        return Lookup::NotFound;
    };
    if inside.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
        return Lookup::NotFound;
    }
    if inside == Path::new("index.html") {
        return Lookup::Index;
    }
    match tokio::fs::metadata(&real).await {
        Ok(meta) if meta.is_file() => Lookup::File(real),
        _ => Lookup::NotFound,
    }
}
