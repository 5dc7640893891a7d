//! Page shell: header with theme toggle, the navigator, and the page of the API in the URL
//! (`#/<catalog id>`, optionally carrying shared form values), fetched when opened.

use crate::navigator::Navigator;
use crate::op_loader::{OpLoader, ShownPage};
use crate::persist::Persist;
use crate::state::CredStore;
use crate::storage_notice::StorageNotice;
use cloudreq_core::catalog::web::safe_id;
use cloudreq_core::permalink::{decode_link, Link};
use leptos::prelude::*;

/// What the URL asks for.
#[derive(Clone, PartialEq)]
enum Route {
    Home,
    Api(Link),
    Bad(String),
}

fn current_route() -> Route {
    match decode_link(&crate::browser::location_hash()) {
        Ok(None) => Route::Home,
        Ok(Some(link)) if safe_id(&link.id) => Route::Api(link),
        Ok(Some(link)) => Route::Bad(format!("There is no API with id {:?}.", link.id)),
        Err(e) => Route::Bad(e.to_string()),
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    provide_context(CredStore::new());
    let persist = Persist::load();
    provide_context(persist);
    let _storage = window_event_listener(leptos::ev::storage, move |ev| persist.on_storage_event(ev.key()));
    let route = RwSignal::new(current_route());
    let shown = RwSignal::new(None::<String>);
    provide_context(ShownPage(shown));
    // On narrow screens the navigator folds behind a button, so that the form comes first.
    let nav_open = RwSignal::new(false);
    // Each route change draws a fresh page: rebuilding the previous page's DOM in place left
    // inputs added inside a closed <details> without layout in Chromium (invisible).
    let generation = RwSignal::new(0u64);
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(current_route());
        generation.update(|g| *g += 1);
        nav_open.set(false);
    });

    let dark = crate::theme::follow_system();

    let page = move || match route.get_untracked() {
        Route::Home => view! {
            <p class="intro">"Pick an API. Each form knows every documented rule and shows the exact request as you type."</p>
        }
        .into_any(),
        Route::Bad(message) => view! { <div class="alert" role="alert">{message}</div> }.into_any(),
        Route::Api(link) => view! { <OpLoader link/> }.into_any(),
    };
    let current_id = Signal::derive(move || match route.get() {
        Route::Api(link) => Some(link.id),
        _ => None,
    });

    view! {
        <a class="skip" href="#main" on:click=move |ev| {
            ev.prevent_default();
            if let Some(el) = document().get_element_by_id("main") {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() { let _ = el.focus(); }
            }
        }>"Skip to the form"</a>
        <header class="site-header">
            <div class="wrap head-row">
                <div>
                    <h1><a href="#/">"cloudreq"</a></h1>
                    <p class="tagline">"Exact, checked requests for Huawei Cloud, Open Telekom Cloud, Tencent Cloud and Alibaba Cloud APIs."</p>
                </div>
                <button type="button" class="theme" data-theme-toggle="" aria-pressed=move || dark.get().to_string()
                    on:click=move |_| dark.update(|d| *d = !*d)>
                    {move || if dark.get() { "Light theme" } else { "Dark theme" }}
                </button>
            </div>
        </header>
        <div class="wrap shell">
            <button type="button" class="nav-toggle" data-nav-toggle="" aria-controls="navigator"
                aria-expanded=move || nav_open.get().to_string() on:click=move |_| nav_open.update(|o| *o = !*o)>
                {move || if nav_open.get() { "Hide the API list" } else { "Choose an API" }}
            </button>
            <nav class="sidebar" id="navigator" aria-label="APIs" class:open=move || nav_open.get()>
                <Navigator current=current_id reveal=shown/>
            </nav>
            <main id="main" tabindex="-1">
                <StorageNotice/>
                <For each=move || [generation.get()] key=|g| *g children=move |_| page()/>
            </main>
        </div>
    }
}
