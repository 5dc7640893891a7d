//! What the page keeps in the browser (`localStorage`): drafts, the history of sent requests
//! and saved requests, in the formats of the core (`draft`, `history`, `saved`). Credentials
//! never come here. Every failure (storage disabled, full, unreadable) becomes a message in
//! the page; the page then keeps working in memory.

use cloudreq_core::catalog::Entry;
use cloudreq_core::draft::{decode_draft, draft_key, encode_draft, fit, Fitted, DRAFT_PREFIX};
use cloudreq_core::history::{decode_history, encode_history, push, HistoryEntry, HISTORY_KEY};
use cloudreq_core::saved::{parse_saved_keeping, saved_ids, to_file, KnownApis, SavedError, SavedRequest, SAVED_KEY};
use cloudreq_core::seal::{seal, verify, SealKey, SEAL_SUFFIX};
use cloudreq_core::secrets::without_secrets;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use serde_json::Value;

/// Takes every id for one the catalog has (its default region left empty: the page fills it
/// in when the request is opened), for reading stored requests before the catalog's lists are
/// fetched.
struct Unchecked;

impl KnownApis for Unchecked {
    fn default_region(&self, _id: &str) -> Option<String> {
        Some(String::new())
    }
}

/// Values to open on the page of an API, handed over when switching pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    /// Catalog id.
    pub id: String,
    /// Region.
    pub region: String,
    /// Values (not yet fitted to the catalog).
    pub values: Value,
    /// Where they come from, for the message (e.g. `saved request "x"`).
    pub source: String,
}

/// The app-wide store: the lists in memory, mirrored to the browser when it allows.
#[derive(Clone, Copy)]
pub struct Persist {
    /// Storage problems (each once, the latest last), shown until dismissed.
    pub notice: RwSignal<Vec<String>>,
    /// Sent requests, newest first.
    pub history: RwSignal<Vec<HistoryEntry>>,
    /// Saved requests, in the order saved.
    pub saved: RwSignal<Vec<SavedRequest>>,
    /// Values to open on the next API page of that id.
    pub opening: StoredValue<Option<Opening>>,
    /// Bumped with the catalog id whose draft another tab wrote.
    pub draft_elsewhere: RwSignal<Option<(String, u64)>>,
    /// The one-time note on whose storage this is (shown until dismissed, once per browser).
    pub origin_note: RwSignal<bool>,
}

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => Err("Browser storage is unavailable (disabled, or a private window): drafts, history and saved requests \
                  last only until this page is closed."
            .into()),
    }
}

fn describe_error(e: &JsValue, what: &str) -> String {
    let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name()).unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        format!("Browser storage is full: could not store {what} (it stays in this page until it is closed). Clear the history or delete saved requests to make room.")
    } else {
        let name = if name.is_empty() { "unknown error".to_string() } else { name };
        format!("Browser storage refused to store {what} ({name}): it stays in this page until it is closed.")
    }
}

/// This installation's storage key, when the page was served by `cloudreq serve` (its
/// `<meta name="cloudreq-storage-key">`); read once. Without it (a static host) records are
/// stored and read without seals.
fn seal_key() -> Option<SealKey> {
    thread_local! {
        static KEY: Option<SealKey> = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=\"cloudreq-storage-key\"]").ok().flatten())
            .and_then(|m| m.get_attribute("content"))
            .and_then(|k| SealKey::from_hex(&k));
    }
    KEY.with(Clone::clone)
}

/// Whether stored records are sealed (the page has this installation's storage key).
pub fn sealing() -> bool {
    seal_key().is_some()
}

/// The page's origin, for messages (`http://127.0.0.1:8080`).
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_else(|| "this address".into())
}

/// Where a record whose seal does not verify is kept aside (never deleted).
pub const UNVERIFIED_SUFFIX: &str = ".unverified";

/// Reads a key as stored, unchecked; `Ok(None)` when absent.
fn read_raw(key: &str) -> Result<Option<String>, String> {
    storage()?.get_item(key).map_err(|e| describe_error(&e, key))
}

/// Reads a record; `Ok(None)` when absent. When the page has a storage key, a record whose
/// seal does not verify (written by another program served on this origin, or by a cloudreq
/// without this key) is not returned: it is kept aside under `<key>.unverified` and the error
/// says so.
pub fn read(key: &str) -> Result<Option<String>, String> {
    let Some(text) = read_raw(key)? else { return Ok(None) };
    let Some(seal_key) = seal_key() else { return Ok(Some(text)) };
    let given = read_raw(&format!("{key}{SEAL_SUFFIX}"))?;
    if verify(&seal_key, key, &text, given.as_deref()) {
        return Ok(Some(text));
    }
    let aside = format!("{key}{UNVERIFIED_SUFFIX}");
    if read_raw(&aside).ok().flatten().as_deref() != Some(text.as_str()) {
        let _ = storage().and_then(|s| s.set_item(&aside, &text).map_err(|e| describe_error(&e, &aside)));
    }
    Err(format!(
        "Not restored: {key} in this browser's storage was not written by this cloudreq (its seal does not match). \
         Any program served on {} can write there. It is kept, unused, under {aside}.",
        origin()
    ))
}

/// Writes a record (and its seal, when the page has a storage key); the message names `what`
/// on failure.
pub fn write(key: &str, value: &str, what: &str) -> Result<(), String> {
    let s = storage()?;
    s.set_item(key, value).map_err(|e| describe_error(&e, what))?;
    if let Some(seal_key) = seal_key() {
        s.set_item(&format!("{key}{SEAL_SUFFIX}"), &seal(&seal_key, key, value)).map_err(|e| describe_error(&e, what))?;
    }
    Ok(())
}

/// Removes a record and its seal.
pub fn remove(key: &str) -> Result<(), String> {
    let s = storage()?;
    s.remove_item(key).map_err(|e| describe_error(&e, key))?;
    s.remove_item(&format!("{key}{SEAL_SUFFIX}")).map_err(|e| describe_error(&e, key))
}

/// Set once the user has dismissed the note on whose storage this is.
const ORIGIN_NOTE_KEY: &str = "cloudreq.origin-note-seen";

impl Persist {
    /// Loads the lists, noting any problem; call once for the app.
    pub fn load() -> Persist {
        let p = Persist {
            notice: RwSignal::new(Vec::new()),
            history: RwSignal::new(Vec::new()),
            saved: RwSignal::new(Vec::new()),
            opening: StoredValue::new(None),
            draft_elsewhere: RwSignal::new(None),
            origin_note: RwSignal::new(false),
        };
        if let Err(e) = storage() {
            p.warn(e);
            return p;
        }
        p.origin_note.set(matches!(read_raw(ORIGIN_NOTE_KEY), Ok(None)));
        p.reload_history();
        p.reload_saved();
        p
    }

    /// Dismisses the note on whose storage this is, for good (best effort).
    pub fn dismiss_origin_note(&self) {
        self.origin_note.set(false);
        if let Ok(s) = storage() {
            let _ = s.set_item(ORIGIN_NOTE_KEY, "1");
        }
    }

    /// Shows a storage problem.
    pub fn warn(&self, message: String) {
        if self.notice.with_untracked(|n| n.contains(&message)) {
            return;
        }
        self.notice.update(|n| {
            n.push(message);
            if n.len() > 5 {
                n.remove(0);
            }
        });
    }

    fn reload_history(&self) {
        match read(HISTORY_KEY) {
            Ok(None) => self.history.set(Vec::new()),
            Ok(Some(text)) => match decode_history(&text) {
                Ok(list) => self.history.set(list),
                Err(e) => {
                    self.set_aside(HISTORY_KEY, &text);
                    self.warn(format!("{e}: the history starts empty; the unreadable copy is kept under {HISTORY_KEY}.unreadable."));
                }
            },
            Err(e) => self.warn(e),
        }
    }

    fn reload_saved(&self) {
        let text = match read(SAVED_KEY) {
            Ok(None) => return self.saved.set(Vec::new()),
            Ok(Some(text)) => text,
            Err(e) => return self.warn(e),
        };
        // First every request as stored (ids not checked yet: nothing is hidden or lost while
        // the catalog's service lists are fetched), then checked against them.
        let first = match parse_saved_keeping(&text, &Unchecked) {
            Ok((list, _)) => list,
            Err(e) => {
                self.set_aside(SAVED_KEY, &text);
                return self.warn(format!(
                    "The stored saved requests are unreadable ({e}): the list starts empty; the unreadable copy is kept under {SAVED_KEY}.unreadable."
                ));
            }
        };
        self.saved.set(first.clone());
        let p = *self;
        leptos::task::spawn_local(async move {
            // Without the catalog's lists (offline) the requests stay as stored.
            let Ok(known) = crate::catalog_client::known_apis(&saved_ids(&text)).await else { return };
            let Ok((list, unknown)) = parse_saved_keeping(&text, &known) else { return };
            // Only when the list in memory is still the one read (no save or import since).
            if p.saved.try_with_untracked(|l| *l == first) != Some(true) {
                return;
            }
            p.saved.set(list);
            if !unknown.is_empty() {
                let names: Vec<String> = unknown
                    .iter()
                    .filter_map(|e| match e {
                        SavedError::UnknownApi { name, id, .. } => Some(format!("“{name}” ({id})")),
                        _ => None,
                    })
                    .collect();
                p.set_aside(SAVED_KEY, &text);
                p.warn(format!(
                    "Saved requests for APIs this version does not have are not listed: {}; the stored copy with them is kept under {SAVED_KEY}.unreadable.",
                    names.join(", ")
                ));
            }
        });
    }

    /// Keeps an unreadable stored text under `<key>.unreadable` (best effort) so that the next
    /// write does not destroy what a user may still want.
    fn set_aside(&self, key: &str, text: &str) {
        let _ = write(&format!("{key}.unreadable"), text, "the unreadable copy");
    }

    /// The draft of `entry`, fitted to the catalog; problems become a message.
    pub fn load_draft(&self, entry: &'static Entry) -> Option<Fitted> {
        let text = match read(&draft_key(&entry.id)) {
            Ok(Some(t)) => t,
            Ok(None) => return None,
            Err(e) => {
                self.warn(e);
                return None;
            }
        };
        match decode_draft(&text, &entry.id) {
            Ok(d) => Some(fit(entry, &d.values, &d.region)),
            Err(e) => {
                self.warn(format!("The draft of {} could not be restored: {e}. The form starts empty.", entry.id));
                None
            }
        }
    }

    /// Stores the draft of an API (removes it when the form is empty in the default region).
    pub fn store_draft(&self, entry: &'static Entry, region: &str, values: &Value) {
        let empty = values.as_object().is_none_or(|o| o.is_empty()) && region == entry.endpoint.default_region;
        let result = if empty {
            remove(&draft_key(&entry.id))
        } else {
            // Passwords and secret keys stay in memory only.
            let (kept, _) = without_secrets(entry, values);
            write(&draft_key(&entry.id), &encode_draft(&entry.id, region, &kept), &format!("the draft of {}", entry.id))
        };
        if let Err(e) = result {
            self.warn(e);
        }
    }

    /// Removes the draft of an API.
    pub fn forget_draft(&self, id: &str) {
        if let Err(e) = remove(&draft_key(id)) {
            self.warn(e);
        }
    }

    /// Records a Send.
    pub fn add_history(&self, entry: HistoryEntry) {
        self.history.update(|list| {
            push(list, entry);
        });
        self.store_history();
    }

    /// Writes the history as it is in memory.
    pub fn store_history(&self) {
        let text = self.history.with_untracked(|l| encode_history(l));
        let result =
            if self.history.with_untracked(Vec::is_empty) { remove(HISTORY_KEY) } else { write(HISTORY_KEY, &text, "the history") };
        if let Err(e) = result {
            self.warn(e);
        }
    }

    /// Writes the saved requests as they are in memory.
    pub fn store_saved(&self) {
        let text = self.saved.with_untracked(|l| to_file(l));
        if let Err(e) = write(SAVED_KEY, &text, "the saved requests") {
            self.warn(e);
        }
    }

    /// Follows another tab's writes (the `storage` event): lists are read again; a draft change
    /// is announced to the page of that API.
    pub fn on_storage_event(&self, key: Option<String>) {
        // With seals, a record is complete once its seal is written (the seal comes second):
        // act on the seal's event, for its record.
        let key = match (key, seal_key().is_some()) {
            (Some(k), true) => match k.strip_suffix(SEAL_SUFFIX) {
                Some(record) => Some(record.to_string()),
                None => return,
            },
            (Some(k), false) if k.ends_with(SEAL_SUFFIX) => return,
            (key, _) => key,
        };
        if key.as_deref().is_some_and(|k| k.ends_with(UNVERIFIED_SUFFIX) || k == ORIGIN_NOTE_KEY) {
            return;
        }
        match key.as_deref() {
            None => {
                self.reload_history();
                self.reload_saved();
            }
            Some(HISTORY_KEY) => self.reload_history(),
            Some(SAVED_KEY) => self.reload_saved(),
            Some(k) if k.starts_with(DRAFT_PREFIX) => {
                let id = k[DRAFT_PREFIX.len()..].to_string();
                let n = self.draft_elsewhere.with_untracked(|d| d.as_ref().map(|(_, n)| n + 1).unwrap_or(1));
                self.draft_elsewhere.set(Some((id, n)));
            }
            _ => {}
        }
    }

    /// Opens values on the page of `id`: directly when it is open, else after switching pages.
    pub fn open(&self, opening: Opening, current: Option<&crate::state::Form>) {
        if let Some(form) = current.filter(|f| f.entry.id == opening.id) {
            form.open(&opening);
            return;
        }
        let id = opening.id.clone();
        self.opening.set_value(Some(opening));
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&format!("/{id}"));
        }
    }
}
