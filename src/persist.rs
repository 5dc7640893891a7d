//! What the page keeps in the browser (`localStorage`): drafts, the history of sent requests
//! and saved requests, in the formats of the core (`draft`, `history`, `saved`). Credentials
//! never come here. Every failure (storage disabled, full, unreadable) becomes a message in
//! the page; the page then keeps working in memory.

use cloudreq_core::catalog::Entry;
use cloudreq_core::draft::{decode_draft, draft_key, encode_draft, fit, Fitted, DRAFT_PREFIX};
use cloudreq_core::history::{decode_history, encode_history, push, HistoryEntry, HISTORY_KEY};
use cloudreq_core::saved::{parse_saved_keeping, saved_ids, to_file, KnownApis, SavedError, SavedRequest, SAVED_KEY};
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

/// Reads a key; `Ok(None)` when absent.
pub fn read(key: &str) -> Result<Option<String>, String> {
    storage()?.get_item(key).map_err(|e| describe_error(&e, key))
}

/// Writes a key; the message names `what` on failure.
pub fn write(key: &str, value: &str, what: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| describe_error(&e, what))
}

/// Removes a key.
pub fn remove(key: &str) -> Result<(), String> {
    storage()?.remove_item(key).map_err(|e| describe_error(&e, key))
}

impl Persist {
    /// Loads the lists, noting any problem; call once for the app.
    pub fn load() -> Persist {
        let p = Persist {
            notice: RwSignal::new(Vec::new()),
            history: RwSignal::new(Vec::new()),
            saved: RwSignal::new(Vec::new()),
            opening: StoredValue::new(None),
            draft_elsewhere: RwSignal::new(None),
        };
        if let Err(e) = storage() {
            p.warn(e);
            return p;
        }
        p.reload_history();
        p.reload_saved();
        p
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
