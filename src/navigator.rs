//! The navigator: clouds → services → operations, and a search over id, title and wire names.
//! Only the small index is fetched at start; a service's operations when it is opened, the
//! search index on the first keystroke in the search box.

use crate::catalog_client::{self, services_of, Search};
use cloudreq_core::catalog::web::{OpSummary, TypingSearch, WebIndex};
use leptos::prelude::*;
use std::sync::Arc;

/// Search results drawn at first, and drawn more with each "Show more" (the count covers all of
/// them). Every result drawn is laid out again on each keystroke: 50 keep a keystroke within a
/// frame at 50,000 operations.
const SHOWN_RESULTS: usize = 50;

/// Above this many services, clouds start folded.
const UNFOLDED_SERVICES: usize = 40;

/// A fetched piece of the catalog.
#[derive(Clone)]
enum Piece<T> {
    Loading,
    Ready(T),
    Failed(String),
}

/// Services grouped by cloud (clouds in index order), as indexes into `index.services`.
fn by_cloud(index: &WebIndex) -> Vec<(&'static str, Vec<usize>)> {
    let mut groups: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (i, s) in index.services.iter().enumerate() {
        let cloud = s.cloud.as_str();
        match groups.iter_mut().find(|(c, _)| *c == cloud) {
            Some((_, list)) => list.push(i),
            None => groups.push((cloud, vec![i])),
        }
    }
    groups
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One operation row (tree and search results share it).
fn op_row(id: String, title: String, context: Option<String>, current: Signal<Option<String>>) -> impl IntoView {
    let href = format!("#/{id}");
    let row_id = id.clone();
    let here = {
        let id = id.clone();
        move || current.get().as_deref() == Some(id.as_str())
    };
    let here2 = here.clone();
    view! {
        <li class="api" data-api-id=row_id>
            <a href=href aria-current=move || here().then_some("page") class:current=here2>
                <code class="api-id">{id}</code>
                <span class="api-title">{title}</span>
                {context.map(|c| view! { <span class="api-where">{c}</span> })}
            </a>
        </li>
    }
}

/// A retry button and the reason something failed to load.
fn failure(message: String, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="alert fetch-error" role="alert" data-fetch-error="">
            <p>{message}</p>
            <button type="button" data-retry="" on:click=move |_| retry()>"Retry"</button>
        </div>
    }
}

/// The entry of service `i` in the navigator's lists.
fn get<T>(lists: &[(usize, T)], i: usize) -> Option<&T> {
    lists.iter().find(|(k, _)| *k == i).map(|(_, v)| v)
}

/// Sets the entry of service `i`.
fn put<T>(lists: &mut Vec<(usize, T)>, i: usize, value: T) {
    match lists.iter_mut().find(|(k, _)| *k == i) {
        Some((_, v)) => *v = value,
        None => lists.push((i, value)),
    }
}

/// The navigator. `current` is the id of the open operation, marked in the lists; `reveal`
/// names the operation whose service (and cloud) to unfold, once its page is drawn.
#[component]
pub fn Navigator(#[prop(into)] current: Signal<Option<String>>, #[prop(into)] reveal: Signal<Option<String>>) -> impl IntoView {
    let index = RwSignal::new(Piece::<Arc<WebIndex>>::Loading);
    // Lists, not hash maps: they hold what the user unfolded (a few entries), and each map or
    // set type would add its own code to the bundle.
    let lists = RwSignal::new(Vec::<(usize, Piece<Arc<Vec<OpSummary>>>)>::new());
    let open = RwSignal::new(Vec::<usize>::new());
    let folded = RwSignal::new(Vec::<&'static str>::new());
    let query = RwSignal::new(String::new());
    let search = RwSignal::new(None::<Piece<Arc<Search>>>);

    let load_index = move || {
        index.set(Piece::Loading);
        leptos::task::spawn_local(async move {
            let result = catalog_client::index().await;
            let _ = index.try_set(match result {
                Ok(i) => {
                    if i.services.len() > UNFOLDED_SERVICES {
                        let mut clouds = Vec::new();
                        for s in &i.services {
                            if !clouds.contains(&s.cloud.as_str()) {
                                clouds.push(s.cloud.as_str());
                            }
                        }
                        folded.set(clouds);
                    }
                    Piece::Ready(i)
                }
                Err(e) => Piece::Failed(format!("The list of APIs could not be loaded: {e}.")),
            });
        });
    };
    load_index();

    let load_list = move |i: usize| {
        let Piece::Ready(idx) = index.get_untracked() else { return };
        let Some(service) = idx.services.get(i).cloned() else { return };
        lists.update(|l| put(l, i, Piece::Loading));
        leptos::task::spawn_local(async move {
            let piece = match catalog_client::service_ops(&service).await {
                Ok(list) => Piece::Ready(list),
                Err(e) => Piece::Failed(format!("The operations of {} could not be loaded: {e}.", service.key())),
            };
            let _ = lists.try_update(|l| put(l, i, piece));
        });
    };
    let unfold = move |i: usize| {
        open.update(|o| {
            if !o.contains(&i) {
                o.push(i);
            }
        });
        if !lists.with_untracked(|l| matches!(get(l, i), Some(Piece::Ready(_) | Piece::Loading))) {
            load_list(i);
        }
    };

    // The open operation's service (and cloud) unfold, so that it shows where it is.
    Effect::new(move |_| {
        let Some(id) = reveal.get() else { return };
        let Piece::Ready(idx) = index.get() else { return };
        for (i, s) in services_of(&idx, &id) {
            let cloud = s.cloud.as_str();
            folded.update(|f| f.retain(|c| *c != cloud));
            if !open.with_untracked(|o| o.contains(&i)) {
                unfold(i);
            }
        }
    });

    let load_search = move || {
        search.set(Some(Piece::Loading));
        leptos::task::spawn_local(async move {
            let piece = match catalog_client::search().await {
                Ok(s) => Piece::Ready(s),
                Err(e) => Piece::Failed(format!("The search index could not be loaded: {e}.")),
            };
            let _ = search.try_set(Some(piece));
        });
    };
    let shown_results = RwSignal::new(SHOWN_RESULTS);
    let on_input = move |ev: leptos::ev::Event| {
        shown_results.set(SHOWN_RESULTS);
        query.set(event_target_value(&ev));
        if search.with_untracked(Option::is_none) {
            load_search();
        }
    };

    // Matches of the query; a longer query that extends the previous one searches within the
    // previous matches only, and erasing back to an earlier query reuses its matches.
    let typing = StoredValue::new(TypingSearch::default());
    let matches = Memo::new(move |_| {
        let q = query.get();
        let Some(Piece::Ready(s)) = search.get() else { return None };
        if q.trim().is_empty() {
            return None;
        }
        crate::browser::mark("cr-search");
        let found = typing.try_update_value(|t| t.matches(&s.searcher, &q))?;
        crate::browser::measure("cr-search-done", "cr-search");
        Some(found)
    });

    let results = move || {
        if query.with(|q| q.trim().is_empty()) {
            return None;
        }
        let body = match search.get() {
            None | Some(Piece::Loading) => view! { <p class="loading" role="status">"Loading the search index…"</p> }.into_any(),
            Some(Piece::Failed(message)) => failure(message, load_search).into_any(),
            Some(Piece::Ready(s)) => {
                let found = matches.get()?;
                let services = match index.get() {
                    Piece::Ready(i) => Some(i),
                    _ => None,
                };
                let total = services.as_ref().map_or(s.index.ops.len(), |i| i.total);
                let count = found.len();
                let shown = shown_results.get();
                let rows = found
                    .iter()
                    .take(shown)
                    .filter_map(|&i| s.index.ops.get(i))
                    .map(|op| {
                        let context = services.as_ref().and_then(|i| {
                            i.services.get(op.s).map(|sv| format!("{} · {} {}", i.cloud_name(sv.cloud.as_str()), sv.service, sv.version))
                        });
                        op_row(op.id.clone(), op.title.clone(), context, current)
                    })
                    .collect_view();
                let more = (count > shown).then(|| {
                    let next = SHOWN_RESULTS.min(count - shown);
                    view! {
                        <p class="hint">
                            {format!("Showing the first {shown}; type more to narrow the search, or ")}
                            <button type="button" class="small" data-search-more="" on:click=move |_| shown_results.update(|n| *n += SHOWN_RESULTS)>
                                {format!("show {next} more")}
                            </button>
                        </p>
                    }
                });
                view! {
                    <p class="match-count" role="status" data-match-count=count.to_string()>
                        {format!("{} of {total} match", plural(count, "operation", "operations"))}
                    </p>
                    <ul class="api-list results">{rows}</ul>
                    {more}
                }
                .into_any()
            }
        };
        Some(view! { <div class="search-results" data-search-results="">{body}</div> })
    };

    let service_item = move |i: usize, idx: &WebIndex| {
        let s = &idx.services[i];
        let key = s.key();
        let toggle_key = key.clone();
        let list_id = format!("ops-{key}");
        let is_open = move || open.with(|o| o.contains(&i));
        let toggle = move |_| {
            if open.with_untracked(|o| o.contains(&i)) {
                open.update(|o| o.retain(|x| *x != i));
            } else {
                unfold(i);
            }
        };
        let ops = move || {
            if !is_open() {
                return None;
            }
            Some(match lists.with(|l| get(l, i).cloned()) {
                None | Some(Piece::Loading) => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Piece::Failed(message)) => failure(message, move || load_list(i)).into_any(),
                Some(Piece::Ready(list)) => view! {
                    <ul class="api-list">
                        {list.iter().map(|op| op_row(op.id.clone(), op.title.clone(), None, current)).collect_view()}
                    </ul>
                }
                .into_any(),
            })
        };
        view! {
            <li class="service" data-service=key>
                <button type="button" class="service-toggle" data-service-toggle=toggle_key aria-expanded=move || is_open().to_string()
                    aria-controls=list_id.clone() on:click=toggle>
                    <span class="service-name">{s.service.clone()}</span>
                    " "<span class="service-version">{s.version.clone()}</span>
                    <span class="count" aria-label=plural(s.count, "operation", "operations")>{s.count}</span>
                </button>
                <div id=list_id>{ops}</div>
            </li>
        }
    };

    let searching = move || query.with(|q| !q.trim().is_empty());
    let tree = move || match index.get() {
        Piece::Loading => view! { <p class="loading" role="status">"Loading the list of APIs…"</p> }.into_any(),
        Piece::Failed(message) => failure(message, load_index).into_any(),
        Piece::Ready(idx) if idx.services.is_empty() => view! { <p class="empty">"The catalog has no APIs yet."</p> }.into_any(),
        Piece::Ready(idx) => {
            let groups = by_cloud(&idx)
                    .into_iter()
                    .map(|(cloud, services)| {
                        let heading_id = format!("cloud-{cloud}");
                        let labelled_by = heading_id.clone();
                        let list_id = format!("services-{cloud}");
                        let count: usize = services.iter().map(|&i| idx.services[i].count).sum();
                        let is_open = move || folded.with(|f| !f.contains(&cloud));
                        let items = services.into_iter().map(|i| service_item(i, &idx)).collect_view();
                        view! {
                            <section class="cloud" data-cloud=cloud aria-labelledby=labelled_by>
                                <h2 id=heading_id>
                                    <button type="button" class="cloud-toggle" data-cloud-toggle=cloud aria-expanded=move || is_open().to_string()
                                        aria-controls=list_id.clone()
                                        on:click=move |_| folded.update(|f| match f.iter().position(|c| *c == cloud) {
                                            Some(at) => {
                                                f.swap_remove(at);
                                            }
                                            None => f.push(cloud),
                                        })>
                                        {idx.cloud_name(cloud).to_string()}
                                        <span class="count" aria-label=plural(count, "operation", "operations")>{count}</span>
                                    </button>
                                </h2>
                                <ul class="services" id=list_id hidden=move || !is_open()>{items}</ul>
                            </section>
                        }
                    })
                    .collect_view();
            view! { <div class="tree" data-nav-ready=idx.total.to_string() hidden=searching>{groups}</div> }.into_any()
        }
    };

    view! {
        <section class="catalog" aria-label="Supported APIs">
            <label class="sr-only" for="api-search">"Search APIs by id, title or wire name"</label>
            <input id="api-search" type="search" placeholder="Search id, title, wire name" autocomplete="off"
                prop:value=move || query.get() on:input=on_input/>
            {results}
            {tree}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_grouped_by_cloud_in_index_order() {
        let files = cloudreq_core::catalog::web::web_files(cloudreq_core::catalog::FILES).unwrap_or_default();
        let text = files.iter().find(|(p, _)| p == "catalog/index.json").map(|(_, t)| t.as_str()).unwrap_or("{}");
        let index: WebIndex = serde_json::from_str(text).unwrap_or_else(|e| panic!("index.json: {e}"));
        let groups = by_cloud(&index);
        let flat: Vec<usize> = groups.iter().flat_map(|(_, list)| list.iter().copied()).collect();
        assert_eq!(flat, (0..index.services.len()).collect::<Vec<_>>(), "every service once, in order");
        for (cloud, list) in &groups {
            assert!(list.iter().all(|&i| index.services[i].cloud.as_str() == *cloud));
        }
        assert_eq!(plural(1, "operation", "operations"), "1 operation");
        assert_eq!(plural(2, "operation", "operations"), "2 operations");
    }
}
