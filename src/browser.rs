//! The few browser calls the app needs: clock, randomness, location, clipboard, timing marks,
//! theme, and a visible message when something panics.

use leptos::wasm_bindgen::{JsCast, JsValue};

/// Unix seconds from the browser clock.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// 32 hex digits from `crypto.getRandomValues` (an Alibaba signature nonce).
pub fn random_nonce() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The current `location.hash` (with `#`), or empty.
pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The page URL without its fragment.
pub fn page_url_without_hash() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Copies text; resolves to whether the browser accepted it.
pub async fn copy_text(text: String) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let navigator: JsValue = window.navigator().into();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else { return false };
    if clipboard.is_undefined() {
        return false;
    }
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else { return false };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else { return false };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(&text)) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Marks the start of a keystroke (Performance API), once per pending update.
pub fn mark_input() {
    if let Some(p) = performance() {
        if p.get_entries_by_name("cr-input").length() == 0 {
            let _ = p.mark("cr-input");
        }
    }
}

/// Measures `cr-keystroke-to-output` from the pending keystroke mark, if any.
pub fn measure_output() {
    if let Some(p) = performance() {
        if p.get_entries_by_name("cr-input").length() > 0 {
            let _ = p.measure_with_start_mark("cr-keystroke-to-output", "cr-input");
            p.clear_marks_with_mark_name("cr-input");
        }
    }
}

/// A named mark, e.g. `cr-form-ready`.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Whether the system asks for a dark theme.
pub fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// Sets `data-theme` on the root element (`light` or `dark`).
pub fn apply_theme(theme: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme);
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Shows a readable message in the page for a panic (the wasm module cannot continue after
/// one), and still logs it to the console.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = escape_html(&info.to_string());
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let html = format!(
                "<div class=\"fatal\" role=\"alert\"><strong>cloudreq stopped because of an internal error.</strong> \
                 Reload the page to start again (your form values are not kept). Details: <code>{message}</code></div>"
            );
            let _ = body.insert_adjacent_html("afterbegin", &html);
        }
    }));
}
