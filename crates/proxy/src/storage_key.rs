//! This installation's storage key: 32 random bytes, written once as 64 hex digits into a
//! file only the user can read (by default `$XDG_CONFIG_HOME/cloudreq/storage-key`, else
//! `~/.config/cloudreq/storage-key`). `cloudreq serve` puts it into the page, which seals what
//! it keeps in the browser with it (see `cloudreq_core::seal`): another server run later on the
//! same port shares the browser storage, but never sees this key, so it cannot plant records
//! the page would restore.

use crate::ServeError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether `text` is a key: exactly 64 hex digits.
pub fn is_key(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The default key file, from the environment (`None` without `XDG_CONFIG_HOME` and `HOME`).
pub fn default_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("cloudreq").join("storage-key"))
}

/// Reads the key in `path`, creating it (and its folder) with a new random key on first use.
/// A file that holds no key is an error, never overwritten.
pub fn load_or_create(path: &Path) -> Result<String, ServeError> {
    match std::fs::read_to_string(path) {
        Ok(text) if is_key(text.trim()) => return Ok(text.trim().to_ascii_lowercase()),
        Ok(_) => return Err(ServeError(format!("{}: not a storage key (64 hex digits); move it away to make a new one", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(ServeError(format!("{}: {e}", path.display()))),
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for the storage key: {e}"))?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(format!("{key}\n").as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(key)
        }
        // Another `cloudreq serve` created it a moment ago: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(e) => Err(ServeError(format!("{}: {e}", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_private_and_kept() {
        let dir = std::env::temp_dir().join(format!("cloudreq-key-test-{}", std::process::id()));
        let path = dir.join("sub").join("storage-key");
        let first = load_or_create(&path).unwrap();
        assert!(is_key(&first));
        assert_eq!(load_or_create(&path).unwrap(), first, "the same key on the next start");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "not a key").unwrap();
        assert!(load_or_create(&path).is_err(), "a damaged key file is not overwritten");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
