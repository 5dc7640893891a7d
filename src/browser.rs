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
    let filled =
        web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok()).unwrap_or(false);
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

/// Runs `f` once the browser has drawn the next frame: a frame callback, then a task after it.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || leptos::prelude::set_timeout(f, std::time::Duration::ZERO));
}

/// Measures `name` from the mark `start`, if there is one.
pub fn measure(name: &str, start: &str) {
    if let Some(p) = performance() {
        if p.get_entries_by_name(start).length() > 0 {
            let _ = p.measure_with_start_mark(name, start);
            p.clear_marks_with_mark_name(start);
        }
    }
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("the browser refused the download ({what})");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("no document"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| fail("link"))?.dyn_into().map_err(|_| fail("link"))?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // Revoked a little later: the download reads the URL after the click returns.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<(String, String), String> {
    let file = input.files().and_then(|f| f.get(0)).ok_or("no file was chosen")?;
    let name = file.name();
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|_| format!("{name} could not be read"))?;
    Ok((name, text.as_string().unwrap_or_default()))
}

/// A Unix time in milliseconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_time(ms: f64) -> String {
    // toISOString throws on dates outside its range (a tampered store).
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return "(unknown time)".into();
    }
    let iso: String = js_sys::Date::new(&JsValue::from_f64(ms)).to_iso_string().into();
    let mut text = iso.replace('T', " ");
    text.truncate(19);
    format!("{text} UTC")
}

/// A duration in whole milliseconds, `12 ms` (as `{:.0} ms` would print it, without pulling
/// the float formatting machinery into the bundle).
pub fn whole_ms(ms: f64) -> String {
    if ms.is_nan() {
        return "NaN ms".into();
    }
    format!("{} ms", ms.round_ties_even() as i64)
}

/// Whether the system asks for a dark theme.
pub fn system_prefers_dark() -> bool {
    web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).map(|m| m.matches()).unwrap_or(false)
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
                 Reload the page to start again (the draft saved before this is restored). Details: <code>{message}</code></div>"
            );
            let _ = body.insert_adjacent_html("afterbegin", &html);
        }
    }));
}
