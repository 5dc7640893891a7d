//! The output tabs (curl, PowerShell, cmd, JSON, HTTP, the cloud's own CLI and SDK where it
//! has them, Signature), each with a copy button.

use crate::state::{render_target, CredStore, Form, Output};
use cloudreq_core::emit::{EmitError, Target};
use cloudreq_core::Cloud;
use leptos::prelude::*;

/// A tab: (key, label, target; None = the signature stages).
type Tab = (&'static str, &'static str, Option<Target>);

/// Every tab; a form shows those whose target applies to its cloud ([`tabs_for`]).
const TABS: [Tab; 10] = [
    ("curl", "curl (bash/zsh)", Some(Target::Curl)),
    ("curl-pwsh", "PowerShell", Some(Target::CurlPwsh)),
    ("curl-cmd", "cmd", Some(Target::CurlCmd)),
    ("json", "JSON", Some(Target::Json)),
    ("http", "HTTP", Some(Target::Http)),
    ("tccli", "tccli", Some(Target::Tccli)),
    ("aliyun", "aliyun", Some(Target::Aliyun)),
    ("hcloud", "hcloud", Some(Target::Hcloud)),
    ("python", "Python", Some(Target::Python)),
    ("signature", "Signature", None),
];

/// The tabs of an operation of `cloud`.
fn tabs_for(cloud: Cloud) -> Vec<Tab> {
    TABS.into_iter().filter(|(_, _, t)| t.is_none_or(|t| t.applies_to(cloud))).collect()
}

/// The placeholders' hint is the CLI's (`use --sign`); the page says where to sign instead.
const CLI_HINT: &str = ": use --sign>";
const PAGE_HINT: &str = ": open Credentials>";

/// A tab's text, and why it may not be copied (a value its shell would break on).
fn tab_text(form: &Form, out: &Output, target: Option<Target>) -> (String, Option<String>) {
    let text = match target {
        Some(t) => match render_target(form, out, t) {
            Err(EmitError::Unwritable(e)) => {
                let message = e.to_string();
                return (format!("Not written: {message}\n"), Some(message));
            }
            Err(e) => format!("Not available for this operation: {e}\n"),
            Ok(text) if out.signature().is_none() && text.contains(CLI_HINT) => text.replace(CLI_HINT, PAGE_HINT),
            Ok(text) => text,
        },
        None => match out.signature() {
            Some(signature) => signature.explanation.clone(),
            None => format!("{}\n", out.unsigned_reason),
        },
    };
    (text, None)
}

/// Longest output drawn on screen unless the user asks for all of it. The browser lays the
/// shown text out again on every keystroke, at about 1 ms per 12 KB of a long wrapped line, so
/// 16 KB keeps typing in a form with a huge output within a frame. Copy always copies all.
const SHOWN_BYTES: usize = 16 * 1024;

/// The text drawn in the panel: all of it, or its first [`SHOWN_BYTES`] and an ellipsis.
fn shown_text(text: &str, all: bool) -> String {
    if all || text.len() <= SHOWN_BYTES {
        return text.to_string();
    }
    let mut end = SHOWN_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// The output panel of a form.
#[component]
pub fn OutputPanel(form: Form, output: Memo<Output>) -> impl IntoView {
    let _ = use_context::<CredStore>();
    let tabs_list = std::sync::Arc::new(tabs_for(form.entry.cloud));
    let tab_key = {
        let tabs_list = tabs_list.clone();
        move |i: usize| tabs_list[i].0
    };
    let active = RwSignal::new(0usize);
    let copied = RwSignal::new(String::new());
    let show_all = RwSignal::new(false);
    let rendered = {
        let tabs_list = tabs_list.clone();
        Memo::new(move |_| {
            let i = active.get();
            output.with(|o| tab_text(&form, o, tabs_list[i].2))
        })
    };
    let text = Memo::new(move |_| rendered.with(|(t, _)| t.clone()));
    // A tab whose shell would break on a value (a line break in a header, for cmd) is not
    // copied, even with "ignore rules".
    let unwritable = Memo::new(move |_| rendered.with(|(_, u)| u.clone()));
    Effect::new(move |_| {
        text.track();
        crate::browser::measure_output();
    });
    let copy = move |_| {
        if form.blocked() || unwritable.with_untracked(Option::is_some) {
            return;
        }
        let t = text.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = crate::browser::copy_text(t).await;
            copied.set(if ok {
                "Copied to the clipboard.".into()
            } else {
                "The browser refused the clipboard; select the text and copy it.".into()
            });
            set_timeout(move || copied.set(String::new()), std::time::Duration::from_millis(2500));
        });
    };
    let n = tabs_list.len();
    let tabs = tabs_list
        .iter()
        .enumerate()
        .map(|(i, (key, label, _))| {
            let tab_key = tab_key.clone();
            let selected = move || active.get() == i;
            view! {
                <button type="button" role="tab" id=format!("tab-{key}") data-tab=*key
                    aria-selected=move || selected().to_string() aria-controls="output-panel"
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| active.set(i)
                    on:keydown=move |ev| {
                        match ev.key().as_str() {
                            "ArrowRight" => active.set((i + 1) % n),
                            "ArrowLeft" => active.set((i + n - 1) % n),
                            _ => return,
                        }
                        // Move focus along with the selection.
                        let key = tab_key(active.get_untracked());
                        if let Some(el) = document().get_element_by_id(&format!("tab-{key}")) {
                            use leptos::wasm_bindgen::JsCast;
                            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                let _ = el.focus();
                            }
                        }
                    }>
                    {*label}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="output" aria-label="Request output">
            <div class="tabs" role="tablist" aria-label="Output format">{tabs}</div>
            <div class="output-actions">
                <button type="button" class="primary" data-copy="" disabled=move || form.blocked() || unwritable.with(Option::is_some) on:click=copy>"Copy"</button>
                <span class="copied" role="status" aria-live="polite">{move || copied.get()}</span>
            </div>
            {move || unwritable.get().map(|message| view! {
                <p class="blocked" role="alert" data-unwritable="">{format!("Copy is off for this tab: {message}.")}</p>
            })}
            <crate::secret_note::SecretFieldsLine form/>
            {move || form.blocked().then(|| view! {
                <p class="blocked" role="status">
                    {move || {
                        let n = form.findings.with(|f| f.iter().filter(|x| x.severity == cloudreq_core::Severity::Error).count());
                        format!("{n} error{} above: fix {}, or tick “ignore rules” to copy anyway.", if n == 1 { "" } else { "s" }, if n == 1 { "it" } else { "them" })
                    }}
                </p>
            })}
            <pre id="output-panel" role="tabpanel" tabindex="0" class="code" data-output={let k = tab_key.clone(); move || k(active.get())}
                aria-labelledby={let k = tab_key.clone(); move || format!("tab-{}", k(active.get()))}>{move || text.with(|t| shown_text(t, show_all.get()))}</pre>
            {move || {
                let total_kb = text.with(|t| (t.len() > SHOWN_BYTES).then(|| t.len().div_ceil(1024)))?;
                Some(if show_all.get() {
                    view! {
                        <p class="hint" data-output-cut="all">
                            {format!("Showing all {total_kb} KB (typing is slower while it is all shown). ")}
                            <button type="button" class="small" data-output-show-less="" on:click=move |_| show_all.set(false)>{format!("Show the first {} KB", SHOWN_BYTES / 1024)}</button>
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="hint" data-output-cut="first">
                            {format!("Showing the first {} KB of {total_kb} KB; Copy copies all of it. ", SHOWN_BYTES / 1024)}
                            <button type="button" class="small" data-output-show-all="" on:click=move |_| show_all.set(true)>{format!("Show all {total_kb} KB")}</button>
                        </p>
                    }
                    .into_any()
                })
            }}
        </section>
    }
}
