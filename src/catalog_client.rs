//! The catalog as the page fetches it: `catalog/` next to index.html, written by
//! `cloudreq catalog export` (see `cloudreq_core::catalog::web`). Every file is fetched once
//! per page session and kept; an operation, once fetched, lives as long as the page
//! (`&'static Entry`, which the form holds).

use cloudreq_core::catalog::web::{
    op_path, with_common_errors, OpSummary, SearchIndex, Searcher, ServiceSummary, WebIndex, WEB_DIR, WEB_FORMAT,
};
use cloudreq_core::catalog::{Entry, ErrorCode};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

/// Why a catalog file could not be had.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// No answer at all (offline, server gone, request blocked).
    Network { path: String },
    /// An answer other than 200.
    Status { path: String, status: u16, text: String },
    /// An answer that is not the expected JSON.
    Corrupt { path: String, problem: String },
    /// The code that reads operations (the API page's wasm chunk) could not be fetched.
    Code,
}

impl From<SplitLoaderError> for FetchError {
    fn from(_: SplitLoaderError) -> Self {
        FetchError::Code
    }
}

impl FetchError {
    /// The HTTP status, when the server answered with an error.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network { path } => {
                write!(f, "{path} could not be fetched: no answer from the server (offline, or the server stopped)")
            }
            FetchError::Status { path, status, text } => write!(f, "{path} could not be fetched: the server answered {status} {text}"),
            FetchError::Corrupt { path, problem } => write!(f, "{path} is damaged: {problem}"),
            FetchError::Code => f.write_str("the code of the API page could not be fetched (offline, or the app was updated meanwhile)"),
        }
    }
}

/// Fetches a file of the app (a path relative to the page) as text.
async fn fetch_text(path: &str) -> Result<String, FetchError> {
    let response = gloo_net::http::Request::get(path).send().await.map_err(|_| FetchError::Network { path: path.into() })?;
    if !response.ok() {
        return Err(FetchError::Status { path: path.into(), status: response.status(), text: response.status_text() });
    }
    response.text().await.map_err(|_| FetchError::Network { path: path.into() })
}

/// A fetch in flight, shared by everyone who asks for the same file meanwhile (the navigator
/// and the page both want the index at start).
type Pending = Shared<LocalBoxFuture<'static, Result<Rc<str>, FetchError>>>;

thread_local! {
    static IN_FLIGHT: RefCell<Vec<(String, Pending)>> = const { RefCell::new(Vec::new()) };
}

/// [`fetch_text`], one request per file at a time.
async fn fetch_shared(path: &str) -> Result<Rc<str>, FetchError> {
    let pending = IN_FLIGHT.with(|f| {
        let mut f = f.borrow_mut();
        if let Some((_, p)) = f.iter().find(|(p, _)| p == path) {
            return p.clone();
        }
        let owned = path.to_string();
        let p = async move { fetch_text(&owned).await.map(Rc::from) }.boxed_local().shared();
        f.push((path.to_string(), p.clone()));
        p
    });
    let result = pending.await;
    // Done: the next request (a Retry) asks the server again.
    IN_FLIGHT.with(|f| f.borrow_mut().retain(|(p, _)| p != path));
    result
}

/// Fetches and parses a JSON file of the app.
async fn fetch_json<T: DeserializeOwned>(path: &str) -> Result<T, FetchError> {
    parse(path, &fetch_shared(path).await?)
}

/// Parses the JSON text of the app's file `path`.
fn parse<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, FetchError> {
    serde_json::from_str(text).map_err(|e| FetchError::Corrupt { path: path.into(), problem: format!("not the expected JSON ({e})") })
}

/// The search index with its prepared matcher.
pub struct Search {
    /// As fetched.
    pub index: SearchIndex,
    /// Lower-case texts to match against.
    pub searcher: Searcher,
}

thread_local! {
    // Few entries (what this page opened): a list is as fast as a map here, and smaller.
    static OPS: RefCell<Vec<&'static Entry>> = const { RefCell::new(Vec::new()) };
    static INDEX: RefCell<Option<Arc<WebIndex>>> = const { RefCell::new(None) };
    static SERVICES: RefCell<Vec<(String, Arc<Vec<OpSummary>>)>> = const { RefCell::new(Vec::new()) };
    static SEARCH: RefCell<Option<Arc<Search>>> = const { RefCell::new(None) };
}

/// The operation `id` if this page fetched it already.
pub fn cached_entry(id: &str) -> Option<&'static Entry> {
    OPS.with(|o| o.borrow().iter().find(|e| e.id == id).copied())
}

/// The operation `id` (fetched once, then kept for the page's life). Its file is read by
/// code in the API page's wasm chunk (fetched with the first operation): the first screen
/// carries no decoder for operations.
pub async fn entry(id: &str) -> Result<&'static Entry, FetchError> {
    if let Some(e) = cached_entry(id) {
        return Ok(e);
    }
    let path = op_path(id);
    // The decoder's wasm chunk loads while the files are fetched, not after them.
    let chunk = async { load_decoder().await.map_err(FetchError::from) };
    let (text, errors, ()) = futures::try_join!(fetch_shared(&path), common_errors(id), chunk)?;
    let entry = decode_entry(id.to_string(), path, text, errors).await?;
    // A race with another fetch of the same id keeps the first one stored.
    Ok(cached_entry(id).unwrap_or_else(|| {
        let entry: &'static Entry = Box::leak(Box::new(entry));
        OPS.with(|o| o.borrow_mut().push(entry));
        entry
    }))
}

/// An operation's file and its service's shared error codes (file path and text), read into
/// one operation.
#[wasm_split(api_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_decoder))]
fn decode_entry(id: String, path: String, text: Rc<str>, errors: Option<(String, Rc<str>)>) -> Result<Entry, FetchError> {
    let entry: Entry = parse(&path, &text)?;
    if entry.id != id {
        return Err(FetchError::Corrupt { path, problem: format!("it describes {:?}", entry.id) });
    }
    let errors: Vec<ErrorCode> = match errors {
        Some((path, text)) => parse(&path, &text)?,
        None => Vec::new(),
    };
    Ok(with_common_errors(entry, &errors))
}

/// The error codes file every operation of `id`'s service shares (kept once per service): its
/// path and text.
async fn common_errors(id: &str) -> Result<Option<(String, Rc<str>)>, FetchError> {
    let index = index().await?;
    let candidates: Vec<&ServiceSummary> = services_of(&index, id).map(|(_, s)| s).collect();
    for service in &candidates {
        if service.common_errors == 0 {
            continue;
        }
        // Several versions of one service: the one whose list has the id.
        if candidates.len() > 1 && !service_ops(service).await?.iter().any(|op| op.id == id) {
            continue;
        }
        let path = service.errors_path();
        let text = fetch_shared(&path).await?;
        return Ok(Some((path, text)));
    }
    Ok(None)
}

/// The top-level index (services and counts).
pub async fn index() -> Result<Arc<WebIndex>, FetchError> {
    if let Some(i) = INDEX.with(|i| i.borrow().clone()) {
        return Ok(i);
    }
    let path = format!("{WEB_DIR}/index.json");
    let index: WebIndex = fetch_json(&path).await?;
    if index.format != WEB_FORMAT {
        return Err(FetchError::Corrupt {
            path,
            problem: format!("format {} (this page reads {WEB_FORMAT}); reload the page", index.format),
        });
    }
    let index = Arc::new(index);
    INDEX.with(|i| *i.borrow_mut() = Some(index.clone()));
    Ok(index)
}

/// The operations of one service.
pub async fn service_ops(service: &ServiceSummary) -> Result<Arc<Vec<OpSummary>>, FetchError> {
    let key = service.key();
    if let Some(list) = SERVICES.with(|s| s.borrow().iter().find(|(k, _)| *k == key).map(|(_, l)| l.clone())) {
        return Ok(list);
    }
    let list: Arc<Vec<OpSummary>> = Arc::new(fetch_json(&service.path()).await?);
    SERVICES.with(|s| {
        let mut s = s.borrow_mut();
        match s.iter_mut().find(|(k, _)| *k == key) {
            Some((_, l)) => *l = list.clone(),
            None => s.push((key, list.clone())),
        }
    });
    Ok(list)
}

/// The search index, prepared.
pub async fn search() -> Result<Arc<Search>, FetchError> {
    if let Some(s) = SEARCH.with(|s| s.borrow().clone()) {
        return Ok(s);
    }
    let index: SearchIndex = fetch_json(&format!("{WEB_DIR}/search.json")).await?;
    let search = Arc::new(Search { searcher: Searcher::new(&index), index });
    SEARCH.with(|s| *s.borrow_mut() = Some(search.clone()));
    Ok(search)
}

/// The services an id may belong to (same cloud and service code, any version).
pub fn services_of<'a>(index: &'a WebIndex, id: &str) -> impl Iterator<Item = (usize, &'a ServiceSummary)> {
    let mut parts = id.splitn(3, '.');
    let (cloud, service) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
    index.services.iter().enumerate().filter(move |(_, s)| s.cloud.as_str() == cloud && s.service == service)
}

/// Which of `ids` the catalog has, each with its service's default region (for saved
/// requests, which are checked against the catalog). Fetches the index and the lists of the
/// services named.
pub async fn known_apis(ids: &[String]) -> Result<HashMap<String, String>, FetchError> {
    let index = index().await?;
    let mut known = HashMap::new();
    let mut seen = Vec::new();
    for id in ids {
        for (i, service) in services_of(&index, id) {
            if seen.contains(&i) {
                continue;
            }
            seen.push(i);
            for op in service_ops(service).await?.iter() {
                known.insert(op.id.clone(), service.default_region.clone());
            }
        }
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudreq_core::catalog::web::web_files;
    use cloudreq_core::catalog::{catalog, FILES};

    fn exported_index() -> WebIndex {
        let files = web_files(FILES).unwrap_or_default();
        let text = files.iter().find(|(p, _)| p == "catalog/index.json").map(|(_, t)| t.clone()).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("index.json: {e}"))
    }

    #[test]
    fn every_id_finds_its_service_and_no_other_id_does() {
        let index = exported_index();
        for e in &catalog().entries {
            let found: Vec<&ServiceSummary> = services_of(&index, &e.id).map(|(_, s)| s).collect();
            assert!(!found.is_empty(), "{}", e.id);
            assert!(found.iter().all(|s| s.cloud == e.cloud && s.service == e.service), "{}", e.id);
        }
        for unknown in ["nope.x.Y", "huawei", "", "huawei.nosuchservice.Op"] {
            assert_eq!(services_of(&index, unknown).count(), 0, "{unknown}");
        }
    }

    #[test]
    fn messages_name_the_file_and_the_cause() {
        let path = "catalog/ops/x.json".to_string();
        assert_eq!(FetchError::Status { path: path.clone(), status: 404, text: "Not Found".into() }.status(), Some(404));
        assert!(FetchError::Network { path: path.clone() }.to_string().starts_with("catalog/ops/x.json could not be fetched"));
        assert!(FetchError::Corrupt { path, problem: "bad".into() }.to_string().contains("damaged: bad"));
    }
}
