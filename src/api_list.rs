//! The supported APIs, grouped by cloud.

use cloudreq_core::catalog::{catalog, Entry};
use leptos::prelude::*;

/// Human name of a cloud, from its catalog id (`Cloud::as_str`).
fn cloud_name(cloud: &str) -> &str {
    match cloud {
        "huawei" => "Huawei Cloud",
        "otc" => "Open Telekom Cloud",
        "tencent" => "Tencent Cloud",
        "alibaba" => "Alibaba Cloud",
        other => other,
    }
}

/// Entries grouped by cloud, clouds in order of first appearance, entries in catalog order.
fn group_by_cloud(entries: &'static [Entry]) -> Vec<(&'static str, Vec<&'static Entry>)> {
    let mut groups: Vec<(&'static str, Vec<&'static Entry>)> = Vec::new();
    for entry in entries {
        let cloud = entry.cloud.as_str();
        match groups.iter_mut().find(|(c, _)| *c == cloud) {
            Some((_, list)) => list.push(entry),
            None => groups.push((cloud, vec![entry])),
        }
    }
    groups
}

/// Whether an entry matches the search text (id or title, case-insensitive, all words).
fn matches(entry: &Entry, query: &str) -> bool {
    let hay = format!("{} {} {}", entry.id, entry.title, cloud_name(entry.cloud.as_str())).to_lowercase();
    query.to_lowercase().split_whitespace().all(|w| hay.contains(w))
}

/// The catalog as navigation with a search box, or a visible alert when it failed to load.
#[component]
pub fn ApiList(#[prop(into)] current: Signal<Option<String>>) -> impl IntoView {
    let cat = catalog();
    let query = RwSignal::new(String::new());

    let alert = cat.load_error.clone().map(|error| {
        view! {
            <div class="alert" role="alert">
                <strong>"The API catalog could not be loaded."</strong>
                <pre>{error}</pre>
            </div>
        }
    });

    let empty = (cat.load_error.is_none() && cat.entries.is_empty())
        .then(|| view! { <p class="empty">"The catalog has no APIs yet."</p> });

    let groups = group_by_cloud(&cat.entries)
        .into_iter()
        .map(|(cloud, entries)| {
            let heading_id = format!("cloud-{cloud}");
            let labelled_by = heading_id.clone();
            let items = entries
                .into_iter()
                .map(|entry| {
                    let href = format!("#/{}", entry.id);
                    let id = entry.id.clone();
                    let id2 = entry.id.clone();
                    let e: &'static Entry = entry;
                    view! {
                        <li class="api" data-api-id=entry.id.clone() class:filtered=move || !matches(e, &query.get())>
                            <a href=href aria-current=move || (current.get().as_deref() == Some(id.as_str())).then_some("page")
                                class:current=move || current.get().as_deref() == Some(id2.as_str())>
                                <code class="api-id">{entry.id.clone()}</code>
                                <span class="api-title">{entry.title.clone()}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="cloud" data-cloud=cloud aria-labelledby=labelled_by>
                    <h2 id=heading_id>{cloud_name(cloud)}</h2>
                    <ul class="api-list">{items}</ul>
                </section>
            }
        })
        .collect_view();

    view! {
        <section class="catalog" aria-label="Supported APIs">
            <label class="sr-only" for="api-search">"Search APIs"</label>
            <input id="api-search" type="search" placeholder="Search APIs" autocomplete="off"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            {alert}
            {empty}
            {groups}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_catalog_order() {
        let cat = catalog();
        let groups = group_by_cloud(&cat.entries);
        let total: usize = groups.iter().map(|(_, list)| list.len()).sum();
        assert_eq!(total, cat.entries.len());
        for (cloud, list) in &groups {
            assert!(list.iter().all(|e| e.cloud.as_str() == *cloud));
        }
        let mut seen = Vec::new();
        for (cloud, _) in &groups {
            assert!(!seen.contains(cloud), "cloud {cloud} listed twice");
            seen.push(*cloud);
        }
    }

    #[test]
    fn cloud_names() {
        assert_eq!(cloud_name("otc"), "Open Telekom Cloud");
        assert_eq!(cloud_name("other"), "other");
    }
}
