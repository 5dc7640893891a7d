//! The colour theme: the system's setting at start and whenever it changes while the page is
//! open; the toggle overrides it until the system's setting changes again.

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};

const QUERY: &str = "(prefers-color-scheme: dark)";

fn media() -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|w| w.match_media(QUERY).ok().flatten())
}

/// A signal holding whether the page is dark, following the system's setting; applied to
/// `data-theme` on the root element.
pub fn follow_system() -> RwSignal<bool> {
    let list = media();
    let dark = RwSignal::new(crate::browser::system_prefers_dark());
    if let Some(list) = list {
        let listener = Closure::<dyn FnMut(JsValue)>::new({
            let list = list.clone();
            move |_: JsValue| {
                let _ = dark.try_set(list.matches());
            }
        });
        let _ = list.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        // The app lives as long as the page: the listener too.
        listener.forget();
    }
    Effect::new(move |_| crate::browser::apply_theme(if dark.get() { "dark" } else { "light" }));
    dark
}
