//! The catalog as the web app fetches it, in small pieces so that the first screen stays small
//! however large the catalog grows:
//!
//! - `catalog/index.json` ([`WebIndex`]): one line per cloud/service/version with its count;
//!   fetched at start.
//! - `catalog/services/<cloud>.<service>.<version>.json` (a list of [`OpSummary`]): the
//!   operations of one service; fetched when the service is opened in the navigator.
//! - `catalog/search.json` ([`SearchIndex`]): id, title and wire names of every operation;
//!   fetched on the first search keystroke.
//! - `catalog/ops/<id>.json`: one assembled [`super::Entry`], without the error codes its
//!   service shares with every operation; fetched when the operation is opened.
//! - `catalog/errors/<cloud>.<service>.<version>.json` (a list of [`ErrorCode`]): those shared
//!   codes (Tencent CVM has 422), once per service; fetched with the first operation of the
//!   service and appended to each operation's own ([`with_common_errors`]).
//!
//! Pure: [`web_files`] says which files and what JSON; the CLI (`cloudreq catalog export`)
//! writes them.

use super::load::{assemble_with_files, CatalogError};
use super::schema::{Cloud, Entry, ErrorCode, Field, ServiceFile};
use serde::{Deserialize, Serialize};

/// Folder (inside the web app's root) that holds every file below.
pub const WEB_DIR: &str = "catalog";

/// Format tag of [`WebIndex`]; bumped when a file's shape changes.
pub const WEB_FORMAT: u32 = 3;

/// `catalog/index.json`: the services, for the navigator's first level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebIndex {
    /// [`WEB_FORMAT`].
    pub format: u32,
    /// Number of operations in the whole catalog.
    pub total: usize,
    /// The clouds of the services, once each, in catalog order, with the names the page shows.
    pub clouds: Vec<CloudSummary>,
    /// Services in catalog order (cloud, service, version).
    pub services: Vec<ServiceSummary>,
}

/// A cloud of the index and its name (its profile's: `Open Telekom Cloud`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloudSummary {
    /// Cloud.
    pub cloud: Cloud,
    /// Its name.
    pub name: String,
}

impl WebIndex {
    /// The name of `cloud` (its id when the index does not name it).
    pub fn cloud_name<'a>(&'a self, cloud: &'a str) -> &'a str {
        self.clouds.iter().find(|c| c.cloud.as_str() == cloud).map_or(cloud, |c| c.name.as_str())
    }
}

/// One service version of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    /// Cloud.
    pub cloud: Cloud,
    /// Service code (`ddm`).
    pub service: String,
    /// Version folder (`v1`, `2019-01-03`).
    pub version: String,
    /// Number of operations.
    pub count: usize,
    /// The region an operation of this service uses when none is given (the endpoint is the
    /// service's).
    pub default_region: String,
    /// How many error codes every operation of the service shares (kept in
    /// [`ServiceSummary::errors_path`], not in each operation's file).
    #[serde(default)]
    pub common_errors: usize,
}

impl ServiceSummary {
    /// `<cloud>.<service>.<version>`: a stable key (DOM ids, file names).
    pub fn key(&self) -> String {
        format!("{}.{}.{}", self.cloud.as_str(), self.service, self.version)
    }

    /// Path of its operation list, relative to the app's root.
    pub fn path(&self) -> String {
        format!("{WEB_DIR}/services/{}.json", self.key())
    }

    /// Path of the error codes every operation of the service shares.
    pub fn errors_path(&self) -> String {
        format!("{WEB_DIR}/errors/{}.json", self.key())
    }
}

/// An operation as fetched plus its service's common error codes: the entry the catalog has
/// (own codes first, then the common ones it does not list itself).
pub fn with_common_errors(mut entry: Entry, common: &[ErrorCode]) -> Entry {
    let own: std::collections::BTreeSet<String> = entry.errors.iter().map(|e| e.code.clone()).collect();
    entry.errors.extend(common.iter().filter(|e| !own.contains(&e.code)).cloned());
    entry
}

/// One operation in a service list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpSummary {
    /// Catalog id.
    pub id: String,
    /// Title.
    pub title: String,
}

/// `catalog/search.json`: what the search box matches. Wire names repeat across operations
/// (`InstanceId`, `project_id`…), so they are listed once in `words` and referenced by index.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchIndex {
    /// Distinct wire names (and action names), sorted.
    pub words: Vec<String>,
    /// Every operation, in catalog order.
    pub ops: Vec<SearchOp>,
}

/// One operation of the search index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchOp {
    /// Catalog id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index of its service in [`WebIndex::services`].
    pub s: usize,
    /// Indexes into [`SearchIndex::words`]: its wire names, at every depth.
    pub w: Vec<u32>,
}

/// Path of an operation's file, relative to the app's root.
pub fn op_path(id: &str) -> String {
    format!("{WEB_DIR}/ops/{id}.json")
}

/// Whether an id can name a file and a URL without escaping (letters, digits, `.`, `_`, `-`).
pub fn safe_id(id: &str) -> bool {
    !id.is_empty() && !id.starts_with('.') && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn wire_names<'a>(fields: &'a [Field], out: &mut Vec<&'a str>) {
    for f in fields {
        out.push(&f.name);
        wire_names(&f.fields, out);
        if let Some(items) = &f.items {
            wire_names(&items.fields, out);
        }
    }
}

/// Every file of the web catalog as (path relative to the app's root, JSON text), from the
/// catalog files (as [`super::assemble`] takes them). Fails on a catalog problem, or an id
/// that cannot be a file name.
pub fn web_files<P: AsRef<str>, T: AsRef<str>>(files: &[(P, T)]) -> Result<Vec<(String, String)>, Vec<CatalogError>> {
    let entries = assemble_with_files(files)?;
    let bad: Vec<CatalogError> = entries
        .iter()
        .filter(|(_, e)| !safe_id(&e.id))
        .map(|(file, e)| CatalogError { file: file.clone(), message: format!("id {:?} cannot be a file name", e.id) })
        .collect();
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut services: Vec<ServiceSummary> = Vec::new();
    let mut lists: Vec<Vec<OpSummary>> = Vec::new();
    let mut search = SearchIndex::default();
    let mut op_words: Vec<Vec<&str>> = Vec::new();
    let mut out = Vec::new();
    // Each service's common error codes, by folder (`cloud/service/version`).
    let common: std::collections::BTreeMap<String, Vec<ErrorCode>> = files
        .iter()
        .filter_map(|(path, text)| {
            let folder = path.as_ref().strip_suffix("/service.json")?;
            let service: ServiceFile = serde_json::from_str(text.as_ref()).ok()?;
            Some((folder.to_string(), service.errors))
        })
        .collect();
    for (file, entry) in &entries {
        let version = file.split('/').nth(2).unwrap_or_default().to_string();
        let folder = file.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        let shared = common.get(&folder).map(Vec::as_slice).unwrap_or_default();
        let s = match services.iter().position(|s| s.cloud == entry.cloud && s.service == entry.service && s.version == version) {
            Some(s) => s,
            None => {
                services.push(ServiceSummary {
                    cloud: entry.cloud,
                    service: entry.service.clone(),
                    version,
                    count: 0,
                    default_region: entry.endpoint.default_region.clone(),
                    common_errors: shared.len(),
                });
                lists.push(Vec::new());
                services.len() - 1
            }
        };
        services[s].count += 1;
        lists[s].push(OpSummary { id: entry.id.clone(), title: entry.title.clone() });
        let mut words = Vec::new();
        wire_names(&entry.fields, &mut words);
        if let Some(action) = &entry.action {
            words.push(action);
        }
        op_words.push(words);
        search.ops.push(SearchOp { id: entry.id.clone(), title: entry.title.clone(), s, w: Vec::new() });
        out.push((op_path(&entry.id), json(&without_common_errors(entry, shared))));
    }
    let mut words: Vec<&str> = op_words.iter().flatten().copied().collect();
    words.sort_unstable();
    words.dedup();
    for (op, names) in search.ops.iter_mut().zip(&op_words) {
        let mut w: Vec<u32> = names.iter().filter_map(|n| words.binary_search(n).ok()).map(|i| i as u32).collect();
        w.sort_unstable();
        w.dedup();
        op.w = w;
    }
    search.words = words.into_iter().map(String::from).collect();
    for (summary, list) in services.iter().zip(&lists) {
        out.push((summary.path(), json(list)));
        if summary.common_errors > 0 {
            let folder = format!("{}/{}/{}", summary.cloud.as_str(), summary.service, summary.version);
            out.push((summary.errors_path(), json(common.get(&folder).map(Vec::as_slice).unwrap_or_default())));
        }
    }
    out.push((format!("{WEB_DIR}/search.json"), json(&search)));
    let mut clouds: Vec<CloudSummary> = Vec::new();
    for s in &services {
        if !clouds.iter().any(|c| c.cloud == s.cloud) {
            clouds.push(CloudSummary { cloud: s.cloud, name: crate::profile::profile(s.cloud).name.to_string() });
        }
    }
    let index = WebIndex { format: WEB_FORMAT, total: entries.len(), clouds, services };
    out.push((format!("{WEB_DIR}/index.json"), json(&index)));
    Ok(out)
}

/// The entry without the common codes that [`with_common_errors`] puts back: a common code the
/// operation lists itself (an overlay's reading of it) stays.
fn without_common_errors(entry: &Entry, common: &[ErrorCode]) -> Entry {
    let mut entry = entry.clone();
    let mut remaining: Vec<&ErrorCode> = common.iter().collect();
    entry.errors.retain(|e| match remaining.iter().position(|c| *c == e) {
        Some(i) => {
            remaining.remove(i);
            false
        }
        None => true,
    });
    entry
}

/// Compact JSON (serializing these plain data types cannot fail: string keys, finite numbers).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The search index prepared for matching. Every operation's text (id, title words, wire names,
/// lower case) is split into tokens; the distinct tokens are kept in one string, each with the
/// operations that hold it. A query word is looked for once in that string (not once per
/// operation), and the operations of the tokens it occurs in are the word's matches.
#[derive(Debug, Clone, Default)]
pub struct Searcher {
    /// Each operation's lower-case text, tokens separated by spaces (for narrowing).
    hay: Vec<String>,
    /// The distinct tokens, each followed by `\n`.
    tokens: String,
    /// Where each token starts in `tokens`, ascending.
    starts: Vec<usize>,
    /// Operations holding each token, ascending.
    postings: Vec<Vec<u32>>,
}

impl Searcher {
    /// Prepares `index` (id, title and wire names of each operation, ASCII lower case).
    pub fn new(index: &SearchIndex) -> Searcher {
        let lower: Vec<String> = index.words.iter().map(|w| w.to_ascii_lowercase()).collect();
        let hay: Vec<String> = index
            .ops
            .iter()
            .map(|op| {
                let mut text = format!("{} {}", op.id, op.title).to_ascii_lowercase();
                for &i in &op.w {
                    if let Some(w) = lower.get(i as usize) {
                        text.push(' ');
                        text.push_str(w);
                    }
                }
                text
            })
            .collect();
        let mut by_token: std::collections::BTreeMap<&str, Vec<u32>> = std::collections::BTreeMap::new();
        for (i, text) in hay.iter().enumerate() {
            for token in text.split_whitespace() {
                let list = by_token.entry(token).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let mut tokens = String::new();
        let mut starts = Vec::with_capacity(by_token.len());
        let mut postings = Vec::with_capacity(by_token.len());
        for (token, list) in by_token {
            starts.push(tokens.len());
            tokens.push_str(token);
            tokens.push('\n');
            postings.push(list);
        }
        Searcher { hay, tokens, starts, postings }
    }

    /// Indexes (into [`SearchIndex::ops`]) of the operations holding every word of `query`
    /// (ASCII letters case-insensitive: ids, titles and wire names are ASCII, and the Unicode
    /// case tables would cost the page 8 KB) in their id, title or wire names, ascending; within `among` when
    /// given (the matches of a shorter query this one extends).
    pub fn find(&self, query: &str, among: Option<&[usize]>) -> Vec<usize> {
        let query = query.to_ascii_lowercase();
        let mut words: Vec<&str> = query.split_whitespace().collect();
        let hit = |i: &usize, words: &[&str]| self.hay.get(*i).is_some_and(|h| words.iter().all(|w| h.contains(w)));
        if let Some(list) = among {
            // Checking each candidate's text pays off for a short list only; a long one is
            // searched through the token index like a fresh query (the matches are the same).
            if list.len() <= self.hay.len() / 16 {
                return list.iter().copied().filter(|i| hit(i, &words)).collect();
            }
        }
        let Some(first) = words.iter().copied().max_by_key(|w| w.len()) else {
            return (0..self.hay.len()).collect();
        };
        // The longest word narrows most: its matches from the token list, then the others
        // checked on those operations' texts.
        words.retain(|w| *w != first);
        self.matches_of(first).into_iter().filter(|i| hit(i, &words)).collect()
    }

    /// Operations with a token containing `word`, ascending.
    fn matches_of(&self, word: &str) -> Vec<usize> {
        let mut seen = vec![false; self.hay.len()];
        let mut last_token = usize::MAX;
        for (at, _) in self.tokens.match_indices(word) {
            // The token holding this occurrence (a word has no newline, so it lies inside one).
            let token = self.starts.partition_point(|&s| s <= at) - 1;
            if token == last_token {
                continue;
            }
            last_token = token;
            for &op in &self.postings[token] {
                seen[op as usize] = true;
            }
        }
        seen.iter().enumerate().filter(|(_, &s)| s).map(|(i, _)| i).collect()
    }
}

/// The matches of a query as the user types it. A query that extends the previous one is
/// searched within that one's matches; erasing back to a query typed on the way gives its
/// matches again without searching (one step is kept per query typed, at most [`Self::DEPTH`]).
#[derive(Debug, Clone, Default)]
pub struct TypingSearch {
    steps: Vec<(String, std::sync::Arc<Vec<usize>>)>,
}

impl TypingSearch {
    /// Most queries remembered.
    pub const DEPTH: usize = 64;

    /// The matches of `query` (as [`Searcher::find`] gives them).
    pub fn matches(&mut self, searcher: &Searcher, query: &str) -> std::sync::Arc<Vec<usize>> {
        while self.steps.last().is_some_and(|(typed, _)| !query.starts_with(typed.as_str())) {
            self.steps.pop();
        }
        if let Some((typed, found)) = self.steps.last() {
            if typed == query {
                return found.clone();
            }
        }
        // (After a space the next word starts; its matches are searched afresh.)
        let among = self.steps.last().filter(|(typed, _)| !typed.trim().is_empty() && !typed.ends_with(' '));
        let found = std::sync::Arc::new(searcher.find(query, among.map(|(_, found)| found.as_slice())));
        if self.steps.len() == Self::DEPTH {
            self.steps.remove(0);
        }
        self.steps.push((query.to_string(), found.clone()));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{catalog, Entry, FILES};

    fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
        &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no {path}")).1
    }

    #[test]
    fn every_operation_round_trips_and_is_indexed() {
        let files = web_files(FILES).unwrap();
        let cat = catalog();
        assert!(!cat.entries.is_empty());
        let index: WebIndex = serde_json::from_str(file(&files, "catalog/index.json")).unwrap();
        assert_eq!(index.format, WEB_FORMAT);
        assert_eq!(index.total, cat.entries.len());
        assert_eq!(index.services.iter().map(|s| s.count).sum::<usize>(), cat.entries.len());
        // Every cloud of a service is named once, as its profile names it, in catalog order.
        let mut clouds: Vec<Cloud> = index.services.iter().map(|s| s.cloud).collect();
        clouds.dedup();
        assert_eq!(index.clouds.iter().map(|c| c.cloud).collect::<Vec<_>>(), clouds);
        for c in &index.clouds {
            assert_eq!(index.cloud_name(c.cloud.as_str()), crate::profile::profile(c.cloud).name);
        }
        assert_eq!(index.cloud_name("nosuchcloud"), "nosuchcloud");
        let search: SearchIndex = serde_json::from_str(file(&files, "catalog/search.json")).unwrap();
        let mut listed = Vec::new();
        for s in &index.services {
            let list: Vec<OpSummary> = serde_json::from_str(file(&files, &s.path())).unwrap();
            assert_eq!(list.len(), s.count, "{}", s.key());
            listed.extend(list.into_iter().map(|o| o.id));
        }
        let expected: Vec<String> = cat.entries.iter().map(|e| e.id.clone()).collect();
        assert_eq!(listed, expected, "the service lists name every id once, in catalog order");
        assert_eq!(search.ops.iter().map(|o| o.id.clone()).collect::<Vec<_>>(), expected);
        for entry in &cat.entries {
            let service = index.services.iter().find(|s| s.cloud == entry.cloud && s.service == entry.service).unwrap();
            assert_eq!(service.default_region, entry.endpoint.default_region, "{}", entry.id);
            let fetched: Entry = serde_json::from_str(file(&files, &op_path(&entry.id))).unwrap();
            let common: Vec<ErrorCode> = match service.common_errors {
                0 => Vec::new(),
                n => {
                    let list: Vec<ErrorCode> = serde_json::from_str(file(&files, &service.errors_path())).unwrap();
                    assert_eq!(list.len(), n, "{}", service.key());
                    list
                }
            };
            if service.common_errors > 0 {
                assert!(fetched.errors.len() < entry.errors.len(), "{}: the common codes left its file", entry.id);
            }
            let back = with_common_errors(fetched, &common);
            assert_eq!(&back, entry, "{} changed on the way through JSON", entry.id);
        }
        // One file per operation, one per service (and one more with its common error codes),
        // the search index and the index: no more.
        let with_errors = index.services.iter().filter(|s| s.common_errors > 0).count();
        assert!(with_errors >= 2, "Tencent EMR and CVM share their SDK's error codes");
        assert_eq!(files.len(), cat.entries.len() + index.services.len() + with_errors + 2);
    }

    #[test]
    fn search_words_hold_nested_wire_names() {
        let files = web_files(FILES).unwrap();
        let search: SearchIndex = serde_json::from_str(file(&files, "catalog/search.json")).unwrap();
        let op = search.ops.iter().find(|o| o.id == "alibaba.emr.IncreaseNodes").unwrap();
        let names: Vec<&str> = op.w.iter().map(|&i| search.words[i as usize].as_str()).collect();
        // A top-level field, a member of an array of objects, and the action.
        for expected in ["ClusterId", "ConfigItemKey", "IncreaseNodes"] {
            assert!(names.contains(&expected), "{expected} missing from {names:?}");
        }
        let searcher = Searcher::new(&search);
        let ids = |found: Vec<usize>| found.into_iter().map(|i| search.ops[i].id.as_str()).collect::<Vec<_>>();
        assert!(ids(searcher.find("configitemkey", None)).contains(&"alibaba.emr.IncreaseNodes"));
        assert_eq!(ids(searcher.find("configitemkey  IncreaseNodes", None)), ["alibaba.emr.IncreaseNodes"]);
        assert!(ids(searcher.find("Alibaba  ClusterId", None)).iter().all(|id| id.starts_with("alibaba.")));
        assert!(searcher.find("clusterid no-such-word", None).is_empty());
        let ddm = searcher.find("ddm", None);
        assert!(ddm.len() >= 4, "{ddm:?}");
        // Narrowing within earlier matches gives what a full search gives.
        assert_eq!(searcher.find("ddm expand", Some(&ddm)), searcher.find("ddm expand", None));
    }

    #[test]
    fn the_token_index_finds_what_a_scan_of_every_text_finds() {
        let files = web_files(FILES).unwrap();
        let search: SearchIndex = serde_json::from_str(file(&files, "catalog/search.json")).unwrap();
        let searcher = Searcher::new(&search);
        // An independent reading of the rule: every query word occurs in the operation's id,
        // title or one of its wire names (case-insensitive).
        let scan = |query: &str| -> Vec<usize> {
            let query = query.to_ascii_lowercase();
            let words: Vec<&str> = query.split_whitespace().collect();
            (0..search.ops.len())
                .filter(|&i| {
                    let op = &search.ops[i];
                    let mut texts: Vec<String> = vec![op.id.to_ascii_lowercase(), op.title.to_ascii_lowercase()];
                    texts.extend(op.w.iter().map(|&w| search.words[w as usize].to_ascii_lowercase()));
                    words.iter().all(|w| texts.iter().any(|t| t.contains(w)))
                })
                .collect()
        };
        let mut queries: Vec<String> =
            ["", "  ", "ddm", "instance", "Describe Instances", "e", "zz", "tencent.cvm.run", "x-"].iter().map(|q| q.to_string()).collect();
        for (i, word) in search.words.iter().enumerate().step_by(97) {
            let cut = word.len().min(1 + i % 6);
            queries.push(word[..cut].to_string());
            queries.push(format!(
                "{} {}",
                &word[word.len() - cut..],
                search.ops[i % search.ops.len()].title.split(' ').next().unwrap_or("")
            ));
        }
        for q in &queries {
            assert_eq!(searcher.find(q, None), scan(q), "query {q:?}");
        }
        assert!(queries.len() > 50);
    }

    #[test]
    fn typing_and_erasing_gives_what_a_fresh_search_gives() {
        let files = web_files(FILES).unwrap();
        let search: SearchIndex = serde_json::from_str(file(&files, "catalog/search.json")).unwrap();
        let searcher = Searcher::new(&search);
        let mut typing = TypingSearch::default();
        // Keystrokes: a character appends, '<' erases the last one.
        let keys = "instance<<<<<clus<<<<zone pay<<<<<<<<ddm expand<<<<<<<<<<<<<<Describe  Inst<<<<<<<<<<<<<<<<x-";
        let mut query = String::new();
        let mut checked = 0;
        for key in keys.chars() {
            if key == '<' {
                query.pop();
            } else {
                query.push(key);
            }
            let typed = typing.matches(&searcher, &query);
            if !query.trim().is_empty() {
                assert_eq!(*typed, searcher.find(&query, None), "query {query:?}");
                checked += 1;
            }
        }
        assert!(checked > 60, "{checked}");
        // The depth is bounded.
        let long: String = "e".repeat(TypingSearch::DEPTH + 10);
        for n in 1..=long.len() {
            typing.matches(&searcher, &long[..n]);
        }
        assert!(typing.steps.len() <= TypingSearch::DEPTH);
    }

    #[test]
    fn unsafe_ids_are_refused() {
        assert!(safe_id("huawei.ddm.CreateInstance"));
        for bad in ["", "../x", "a/b", "a b", ".hidden", "a?b"] {
            assert!(!safe_id(bad), "{bad:?}");
        }
    }
}
