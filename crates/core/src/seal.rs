//! Seals on what the page stores. Browser storage belongs to an origin
//! (`http://127.0.0.1:<port>`), not to cloudreq: any other program later served on that port
//! reads and writes the same storage. `cloudreq serve` hands the page a key of this
//! installation (random, created once, kept in the user's config folder); the page stores an
//! HMAC-SHA256 seal beside every record, and restores only records whose seal verifies with
//! that key. A record planted by another server (which never saw the key) is not restored.
//!
//! The core is pure: the caller passes the key in, and reads and writes the storage.

use crate::sign::hmac_sha256;

/// Where a record's seal is stored: the record's own key with this suffix.
pub const SEAL_SUFFIX: &str = ".seal";

/// Bytes of a storage key (it is written as 64 hex digits).
pub const KEY_BYTES: usize = 32;

/// A key of this installation, parsed from its hex text (`None` unless exactly
/// [`KEY_BYTES`] bytes of hex).
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey(Vec<u8>);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Option<SealKey> {
        let text = text.trim();
        if text.len() != KEY_BYTES * 2 || !text.is_ascii() {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..KEY_BYTES).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()).collect();
        bytes.map(SealKey)
    }
}

/// The seal of `text` stored under `name` (the name is sealed too: a record cannot be moved
/// to another key, e.g. one API's draft to another's).
pub fn seal(key: &SealKey, name: &str, text: &str) -> String {
    let mut data = Vec::with_capacity(name.len() + text.len() + 20);
    data.extend_from_slice(b"cloudreq-seal-v1\n");
    data.extend_from_slice(name.as_bytes());
    data.push(b'\n');
    data.extend_from_slice(text.as_bytes());
    hmac_sha256(&key.0, &data).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `given` is the seal of `text` under `name` (compared in constant time).
pub fn verify(key: &SealKey, name: &str, text: &str, given: Option<&str>) -> bool {
    let Some(given) = given else { return false };
    let want = seal(key, name, text);
    want.len() == given.len() && want.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SealKey {
        SealKey::from_hex(&format!("{byte:02x}").repeat(KEY_BYTES)).unwrap()
    }

    #[test]
    fn a_seal_verifies_with_its_key_name_and_text_only() {
        let k = key(7);
        let s = seal(&k, "cloudreq.draft.a", "{\"v\":1}");
        assert_eq!(s.len(), 64);
        assert!(verify(&k, "cloudreq.draft.a", "{\"v\":1}", Some(&s)));
        assert!(!verify(&k, "cloudreq.draft.b", "{\"v\":1}", Some(&s)), "moved to another key");
        assert!(!verify(&k, "cloudreq.draft.a", "{\"v\":2}", Some(&s)), "changed text");
        assert!(!verify(&key(8), "cloudreq.draft.a", "{\"v\":1}", Some(&s)), "another installation");
        assert!(!verify(&k, "cloudreq.draft.a", "{\"v\":1}", None), "no seal");
        assert!(!verify(&k, "cloudreq.draft.a", "{\"v\":1}", Some("00")), "short seal");
    }

    #[test]
    fn keys_are_exactly_32_bytes_of_hex() {
        assert!(SealKey::from_hex(&"ab".repeat(32)).is_some());
        assert!(SealKey::from_hex(&"ab".repeat(31)).is_none());
        assert!(SealKey::from_hex(&"zz".repeat(32)).is_none());
        assert!(SealKey::from_hex(&"é".repeat(32)).is_none());
        assert_eq!(format!("{:?}", key(1)), "SealKey(…)", "a key is never printed");
    }
}
