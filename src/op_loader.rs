//! Opens the operation a link names: fetches its file (once per page session; the first time,
//! also the API page's wasm chunk), then draws its page; a failed fetch shows why, with a Retry.

use crate::api_page::ApiPage;
use crate::catalog_client::{cached_entry, entry, index, services_of, FetchError};
use cloudreq_core::catalog::Entry;
use cloudreq_core::permalink::Link;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use serde_json::Value;

/// The id of the operation whose page (or the reason it failed) is on screen. The navigator
/// unfolds that operation's service only then: drawing a service's few hundred operations
/// must not hold up the form the link asked for.
#[derive(Clone, Copy)]
pub struct ShownPage(pub RwSignal<Option<String>>);

impl ShownPage {
    /// Names `id` once the next frame is drawn, so that its page comes first.
    fn set_after_paint(self, id: String) {
        crate::browser::after_next_paint(move || {
            let _ = self.0.try_set(Some(id));
        });
    }
}

/// Where the fetch of an operation stands.
#[derive(Clone)]
enum Load {
    Loading,
    Ready(&'static Entry),
    Failed(String),
}

/// The message for a failed fetch: a missing file means an unknown id.
fn describe(id: &str, error: &FetchError) -> String {
    match error.status() {
        Some(404) => format!("There is no API with id {id:?}."),
        _ => format!("The API {id} could not be loaded: {error}."),
    }
}

/// The API page, drawn by code that lives in its own wasm chunk (`api_page`, fetched with the
/// first operation, see [`crate::catalog_client::entry`]): the first screen (header and
/// navigator) does not wait for the forms, checks, signers and emitters. On native targets this
/// is a plain call.
#[wasm_split(api_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn api_page_view(entry: &'static Entry, values: Option<Value>, region: Option<String>) -> Result<AnyView, FetchError> {
    Ok(view! { <ApiPage entry values region/> }.into_any())
}

/// The page of the operation in `link`, once fetched.
#[component]
pub fn OpLoader(link: Link) -> impl IntoView {
    let id = link.id.clone();
    let shown = use_context::<ShownPage>();
    let state = RwSignal::new(cached_entry(&id).map(Load::Ready).unwrap_or(Load::Loading));
    let attempt = RwSignal::new(0u32);
    Effect::new({
        let id = id.clone();
        move |_| {
            attempt.track();
            if matches!(state.get_untracked(), Load::Ready(_)) {
                return;
            }
            state.set(Load::Loading);
            crate::browser::mark("cr-op-fetch");
            let id = id.clone();
            leptos::task::spawn_local(async move {
                // An id whose cloud and service the index does not list is unknown: no request
                // for its file. (Without the index, the file is asked for all the same.)
                if let Ok(idx) = index().await {
                    if services_of(&idx, &id).next().is_none() {
                        let _ = state.try_set(Load::Failed(format!("There is no API with id {id:?}.")));
                        return;
                    }
                }
                let result = entry(&id).await;
                crate::browser::measure("cr-op-fetched", "cr-op-fetch");
                // The page may have moved on meanwhile (the signal is gone then).
                let _ = state.try_set(match result {
                    Ok(e) => Load::Ready(e),
                    Err(e) => {
                        if let Some(s) = shown {
                            s.set_after_paint(id.clone());
                        }
                        Load::Failed(describe(&id, &e))
                    }
                });
            });
        }
    });
    move || match state.get() {
        Load::Loading => view! {
            <p class="loading" role="status" data-loading=id.clone()>{format!("Loading {}…", id)}</p>
        }
        .into_any(),
        Load::Failed(message) => view! {
            <div class="alert fetch-error" role="alert" data-fetch-error="">
                <p>{message}</p>
                <button type="button" data-retry="" on:click=move |_| attempt.update(|a| *a += 1)>"Retry"</button>
            </div>
        }
        .into_any(),
        Load::Ready(entry) => {
            let (values, region) = (link.values.clone(), link.region.clone());
            Suspend::new(async move {
                let page = api_page_view(entry, values, region).await;
                if let Some(s) = shown {
                    s.set_after_paint(entry.id.clone());
                }
                match page {
                    Ok(page) => page,
                    Err(e) => view! { <div class="alert fetch-error" role="alert" data-fetch-error="">{e.to_string()}</div> }.into_any(),
                }
            })
            .into_any()
        }
    }
}
