//! "Send": forwards the signed request through `cloudreq serve` and shows the answer, with the
//! cloud's error code explained from the catalog and the field it names highlighted.

use crate::field_input::dom_id;
use crate::persist::Persist;
use crate::state::{fresh_output, CredStore, Form, Output};
use cloudreq_core::envelope::{Answer as ProxyAnswer, Envelope, ProxyRefusal};
use cloudreq_core::history::{received, record_request, HistoryEntry};
use cloudreq_core::response::{explain, Explained};
use cloudreq_core::secrets::without_secrets;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use serde_json::Value;

/// Bodies longer than this are shown cut, with a button for the rest.
const SHOWN_CHARS: usize = 100_000;

#[derive(Clone, PartialEq)]
struct Answer {
    status: u16,
    elapsed_ms: f64,
    headers: Vec<(String, String)>,
    body: String,
    /// The cloud's body was not UTF-8 (it came as base64 and is shown decoded).
    binary: bool,
    explained: Option<Explained>,
    /// The canonical request of the request that was sent (signed at Send time), to set
    /// beside a gateway's echo: the one on screen may carry an older timestamp.
    sent_canonical: Option<String>,
}

#[derive(Clone, PartialEq)]
enum SendState {
    Idle,
    Sending,
    Answered(Answer),
    Failed(String),
}

/// The token `cloudreq serve` put into the page, if it served it.
fn page_token() -> Option<String> {
    document()
        .query_selector("meta[name=\"cloudreq-token\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .filter(|t| !t.is_empty())
}

async fn post_envelope(token: &str, envelope: String) -> Result<(u16, String), String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&envelope));
    let headers = web_sys::Headers::new().map_err(|_| "headers")?;
    headers.set("content-type", "application/json").map_err(|_| "headers")?;
    headers.set("x-cloudreq-token", token).map_err(|_| "headers")?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init("/api/forward", &init).map_err(|_| "request")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| "the local server did not answer (is cloudreq serve still running?)".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "response")?;
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| "body")?).await.map_err(|_| "body")?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

fn pretty(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| body.to_string()),
        Err(_) => body.to_string(),
    }
}

fn focus_field(path: &str) {
    if let Some(el) = document().get_element_by_id(&dom_id(path)) {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Why Send is disabled, or `None` when it may send.
fn send_blocker(form: &Form, out: &Output, token: bool) -> Option<String> {
    if !token {
        return Some("Sending needs the local server: start it with scripts/run (cloudreq serve).".into());
    }
    if form.blocked() {
        return Some("Fix the errors (or tick “ignore rules”) to send.".into());
    }
    if out.signature().is_none() {
        return Some("Add credentials to sign the request; only signed or token requests are sent.".into());
    }
    None
}

/// The Send button and the answer.
#[component]
pub fn SendPanel(form: Form, output: Memo<Output>) -> impl IntoView {
    let creds = expect_context::<CredStore>();
    let persist = expect_context::<Persist>();
    let token = page_token();
    let has_token = token.is_some();
    let state = RwSignal::new(SendState::Idle);
    let show_all = RwSignal::new(false);
    let blocker = move || output.with(|o| send_blocker(&form, o, has_token));
    let send = move |_| {
        if blocker().is_some() {
            return;
        }
        let Some(token) = token.clone() else { return };
        // Sign again now: a fresh timestamp and nonce for this send.
        let fresh = fresh_output(&form, &creds);
        let Ok(request) = fresh.request().cloned() else { return };
        let sent_canonical = fresh.signature().map(|s| s.signed.stages.canonical_request.clone());
        // What the history keeps: the values and the request without what authenticates it,
        // and without passwords or secret keys.
        let values = form.values.get_untracked();
        let region = form.region.get_untracked();
        let record = HistoryEntry {
            at_ms: js_sys::Date::now(),
            id: form.entry.id.clone(),
            request: record_request(form.entry, &values, &region, &request),
            values: without_secrets(form.entry, &values).0,
            region,
            duration_ms: 0.0,
            answer: None,
            error: None,
        };
        let envelope = serde_json::to_string(&Envelope::of(&request)).unwrap_or_default();
        state.set(SendState::Sending);
        show_all.set(false);
        form.highlight.set(None);
        leptos::task::spawn_local(async move {
            let started = js_sys::Date::now();
            let result = post_envelope(&token, envelope).await;
            let elapsed = js_sys::Date::now() - started;
            let mut record = record;
            record.duration_ms = elapsed;
            let next = match result {
                Err(e) => SendState::Failed(e),
                Ok((200, text)) => match serde_json::from_str::<ProxyAnswer>(&text) {
                    Ok(answer) => {
                        // A body that is not UTF-8 comes as base64: shown decoded, with the
                        // bytes that are not text replaced.
                        let body = answer.body_text().unwrap_or_else(|e| format!("({e})"));
                        let status = answer.status;
                        let explained = explain(form.entry, status, &body);
                        record.answer = Some(received(status, answer.headers.clone(), &body));
                        if let Some(field) = explained.as_ref().and_then(|e| e.field.clone()) {
                            form.highlight.set(Some(field));
                        }
                        record.duration_ms = answer.elapsed_ms;
                        SendState::Answered(Answer {
                            status,
                            elapsed_ms: answer.elapsed_ms,
                            headers: answer.headers,
                            body,
                            binary: answer.body_base64,
                            explained,
                            sent_canonical,
                        })
                    }
                    Err(_) => SendState::Failed("the local server's answer was not understood".into()),
                },
                Ok((status, text)) => {
                    let message = serde_json::from_str::<ProxyRefusal>(&text).map(|r| r.message).unwrap_or(text);
                    SendState::Failed(format!("the local server refused ({status}): {message}"))
                }
            };
            if let SendState::Failed(e) = &next {
                record.error = Some(e.clone());
            }
            persist.add_history(record);
            state.set(next);
        });
    };
    view! {
        <section class="send panel-like" aria-label="Send">
            <div class="output-actions">
                <button type="button" class="primary" data-send="" disabled=move || blocker().is_some() || state.get() == SendState::Sending on:click=send>
                    {move || if state.get() == SendState::Sending { "Sending…" } else { "Send" }}
                </button>
                <span class="hint" data-send-blocker="">{move || blocker().unwrap_or_default()}</span>
            </div>
            <div class="answer" role="status" aria-live="polite">
                {move || match state.get() {
                    SendState::Idle | SendState::Sending => ().into_any(),
                    SendState::Failed(message) => view! { <p class="finding error" data-send-error="">{message}</p> }.into_any(),
                    SendState::Answered(a) => {
                        let pretty_body = if a.binary { a.body.clone() } else { pretty(&a.body) };
                        let long = pretty_body.chars().count() > SHOWN_CHARS;
                        let total = pretty_body.len();
                        let body = move || if long && !show_all.get() { pretty_body.chars().take(SHOWN_CHARS).collect::<String>() } else { pretty_body.clone() };
                        let class = if a.status < 300 && a.explained.is_none() { "status ok" } else { "status bad" };
                        let headers = a.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n");
                        let explanation = a.explained.clone().map(|e| {
                            let field = e.field.clone().map(|f| {
                                let (f2, f3) = (f.clone(), f.clone());
                                view! { <p>"Related field: " <button type="button" class="small" data-goto-field=f3 on:click=move |_| focus_field(&f2)><code>{f}</code></button></p> }
                            });
                            let ours = a.sent_canonical.clone().unwrap_or_default();
                            let canonical = e.server_canonical_request.clone().map(|server| view! {
                                <div class="compare">
                                    <div><strong>"Gateway's canonical request"</strong><pre class="code">{server}</pre></div>
                                    <div><strong>"Ours"</strong><pre class="code">{ours}</pre></div>
                                </div>
                            });
                            view! {
                                <div class="explain" data-error-code=e.code.clone()>
                                    <p><strong>"Error " <code>{e.code.clone()}</code></strong> ": " {e.message.clone()}</p>
                                    {e.meaning.clone().map(|m| view! { <p class="meaning">{m}</p> })}
                                    {field}
                                    {canonical}
                                </div>
                            }
                        });
                        view! {
                            <p class=class data-answer-status=a.status.to_string()>
                                {format!("HTTP {} · {}", a.status, crate::browser::whole_ms(a.elapsed_ms))}
                            </p>
                            {explanation}
                            {a.binary.then(|| view! { <p class="hint" data-answer-binary="">"The body is not text (UTF-8): shown with the bytes that are not text replaced by �."</p> })}
                            <details class="answer-headers"><summary>"Response headers"</summary><pre class="code">{headers}</pre></details>
                            <pre class="code answer-body" data-answer-body="">{body}</pre>
                            {long.then(|| view! {
                                <button type="button" class="small" on:click=move |_| show_all.set(true)>{format!("Show all ({} KB)", total / 1024)}</button>
                            })}
                        }
                        .into_any()
                    }
                }}
            </div>
        </section>
    }
}
