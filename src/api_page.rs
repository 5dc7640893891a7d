//! One API: header, region, examples, import, share link, rule check, the form, credentials
//! and the output.

use crate::credentials_panel::CredentialsPanel;
use crate::draft_bar::DraftBar;
use crate::field_input::FieldView;
use crate::findings_summary::FindingsSummary;
use crate::history_panel::HistoryPanel;
use crate::import_panel::ImportPanel;
use crate::output_panel::OutputPanel;
use crate::persist::Persist;
use crate::saved_panel::SavedPanel;
use crate::send_panel::SendPanel;
use crate::state::{Form, Restored};
use cloudreq_core::catalog::Entry;
use cloudreq_core::permalink::encode_link;
use cloudreq_core::request::import;
use cloudreq_core::secrets::without_secrets;
use leptos::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// How long typing must pause before the draft is written.
const DRAFT_DELAY: Duration = Duration::from_millis(300);

/// The stored draft, when it differs from what the page starts with (it is offered back).
fn displaced(entry: &'static Entry, values: &Value, region: &str, persist: &Persist) -> Option<(Value, String)> {
    persist.load_draft(entry).filter(|d| d.values != *values || d.region != region).map(|d| (d.values, d.region))
}

/// What the page starts from: a link's values, values handed over by the history or the saved
/// requests, else the stored draft, else an empty form.
fn initial(entry: &'static Entry, values: Option<Value>, region: Option<String>, persist: &Persist) -> (Value, String, Option<Restored>) {
    let default_region = || entry.endpoint.default_region.clone();
    if let Some(values) = values {
        let region = region.unwrap_or_else(default_region);
        let restored = displaced(entry, &values, &region, persist).map(|previous| Restored {
            source: "link".into(),
            left_out: Vec::new(),
            previous: Some(previous),
        });
        return (values, region, restored);
    }
    let handed = persist.opening.try_update_value(|o| o.take_if(|o| o.id == entry.id)).flatten();
    if let Some(o) = handed {
        let fitted = cloudreq_core::draft::fit(entry, &o.values, &o.region);
        let previous = displaced(entry, &fitted.values, &fitted.region, persist);
        return (fitted.values, fitted.region, Some(Restored { source: o.source, left_out: fitted.left_out, previous }));
    }
    crate::browser::mark("cr-draft-read");
    let draft = persist.load_draft(entry);
    crate::browser::measure("cr-draft-restore", "cr-draft-read");
    match draft {
        Some(fitted) => {
            let restored = Restored { source: "draft".into(), left_out: fitted.left_out, previous: None };
            (fitted.values, region.unwrap_or(fitted.region), Some(restored))
        }
        None => (Value::Object(Default::default()), region.unwrap_or_else(default_region), None),
    }
}

/// Writes the draft of the form a moment after the last change, and at once when the page
/// goes away (reload, close, another API).
fn autosave(form: Form, persist: Persist) {
    let dirty = StoredValue::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let flush = move || {
        if dirty.try_get_value() != Some(true) {
            return;
        }
        dirty.try_set_value(false);
        if let Some(Some(t)) = timer.try_get_value() {
            t.clear();
        }
        if let Some(region) = form.region.try_get_untracked() {
            crate::browser::mark("cr-draft-write-start");
            form.values.try_with_untracked(|v| persist.store_draft(form.entry, &region, v));
            crate::browser::measure("cr-draft-write", "cr-draft-write-start");
        }
    };
    Effect::new(move |prev: Option<()>| {
        form.values.track();
        form.region.track();
        if prev.is_none() {
            return;
        }
        dirty.set_value(true);
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(set_timeout_with_handle(flush, DRAFT_DELAY).ok());
    });
    let listener = window_event_listener_untyped("pagehide", move |_| flush());
    on_cleanup(move || {
        flush();
        listener.remove();
    });
}

/// The page of `entry`: from a link's `values` and `region` when given, else from the draft.
#[component]
pub fn ApiPage(entry: &'static Entry, values: Option<Value>, region: Option<String>) -> impl IntoView {
    let persist = expect_context::<Persist>();
    let (values, region, restored) = initial(entry, values, region, &persist);
    let form = Form::new(entry, values, region);
    form.restored.set(restored);
    autosave(form, persist);
    let output = form.output;
    let share = RwSignal::new(String::new());
    let share_left_out = RwSignal::new(Vec::<String>::new());

    let region_input = {
        let options = entry
            .endpoint
            .regions
            .iter()
            .map(|r| {
                let text = if r.name.is_empty() { r.id.clone() } else { format!("{} — {}", r.id, r.name) };
                view! { <option value=r.id.clone()>{text}</option> }
            })
            .collect_view();
        if entry.endpoint.open_region_list {
            view! {
                <input id="region" type="text" list="region-list" autocomplete="off" prop:value=move || form.region.get()
                    on:input=move |ev| form.region.set(event_target_value(&ev))/>
                <datalist id="region-list">{options}</datalist>
            }
            .into_any()
        } else {
            view! {
                <select id="region" prop:value=move || form.region.get() on:change=move |ev| form.region.set(event_target_value(&ev))>
                    {options}
                </select>
            }
            .into_any()
        }
    };
    let host = move || cloudreq_core::request::host_for(entry, &form.region.get());

    let examples =
        entry.examples.iter().enumerate().map(|(i, ex)| view! { <option value=i.to_string()>{ex.title.clone()}</option> }).collect_view();
    let load_example = move |ev: leptos::ev::Event| {
        let Ok(i) = event_target_value(&ev).parse::<usize>() else { return };
        let Some(ex) = entry.examples.get(i) else { return };
        if let Ok(imported) = import(entry, &ex.url, ex.body.as_ref()) {
            if let Some(r) = ex.region.clone().or(imported.region) {
                form.region.set(r);
            }
            form.replace(imported.values);
        }
    };
    let make_link = move |_| {
        // Links never carry passwords or secret keys.
        let (kept, secrets) = form.values.with(|v| without_secrets(entry, v));
        share_left_out.set(secrets);
        let link = encode_link(&entry.id, Some(&form.region.get()), Some(&kept));
        let full = format!("{}{}", crate::browser::page_url_without_hash(), link);
        share.set(full.clone());
        leptos::task::spawn_local(async move {
            let _ = crate::browser::copy_text(full).await;
        });
    };

    let form_body = move || {
        form.version.track();
        entry.fields.iter().map(|f| view! { <FieldView form field=f path=f.name.clone()/> }).collect_view()
    };
    crate::browser::mark("cr-form-ready");

    view! {
        <article class="api-page" data-api=entry.id.clone()>
            <header class="api-head">
                <p class="crumbs"><a href="#/">"All APIs"</a> " / " {entry.cloud.as_str()} " / " {entry.service.clone()}</p>
                <h2>{entry.title.clone()}</h2>
                {entry.deprecated.then(|| view! { <p class="deprecated" data-deprecated="">"Deprecated by the provider: prefer its successor."</p> })}
                {(!entry.description.is_empty()).then(|| view! { <p class="api-desc" lang=entry.lang.code()>{entry.description.clone()}</p> })}
                <p class="meta">
                    <code>{entry.id.clone()}</code> " · "
                    <code>{format!("{} {}", entry.method, entry.path)}</code> " · "
                    <a href=entry.doc.clone() target="_blank" rel="noopener noreferrer">"Official documentation"</a>
                </p>
                {(!entry.notes.is_empty()).then(|| view! {
                    <details class="notes"><summary>"Notes on this API"</summary>
                        <ul>{entry.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                    </details>
                })}
            </header>
            <div class="layout">
                <div class="form-column">
                    <div class="toolbar">
                        <div class="scalar">
                            <label class="field-label" for="region">"Region"</label>
                            {region_input}
                            <span class="desc">"Host: " <code data-host="">{host}</code></span>
                        </div>
                        <div class="scalar">
                            <label class="field-label" for="example">"Load example"</label>
                            <select id="example" on:change=load_example>
                                <option value="">"— choose a documented example —"</option>
                                {examples}
                            </select>
                        </div>
                    </div>
                    <DraftBar form/>
                    <ImportPanel form/>
                    <FindingsSummary form/>
                    <label class="ignore">
                        <input type="checkbox" id="ignore-rules" prop:checked=move || form.ignore_rules.get()
                            on:change=move |ev| form.ignore_rules.set(event_target_checked(&ev))/>
                        " Ignore rules (to test the server's own checks)"
                    </label>
                    {move || form.ignore_rules.get().then(|| view! {
                        <p class="ignoring" role="status">"Rules are ignored: the request may break documented rules."</p>
                    })}
                    <form class="api-form" on:submit=move |ev| ev.prevent_default() aria-label=format!("{} parameters", entry.id)>
                        {form_body}
                    </form>
                </div>
                <div class="output-column">
                    <OutputPanel form output/>
                    <SendPanel form output/>
                    <CredentialsPanel cloud=entry.cloud/>
                    <SavedPanel form/>
                    <HistoryPanel form/>
                    <div class="share">
                        <button type="button" data-share="" on:click=make_link>"Share link"</button>
                        <span class="hint">" (region and values only, never credentials)"</span>
                        {move || (!share.get().is_empty()).then(|| view! {
                            <p><a class="share-link" href=share.get()>{share.get()}</a></p>
                        })}
                        {move || share_left_out.with(|s| (!s.is_empty()).then(|| view! {
                            <p class="hint" data-share-left-out="">{format!("Not in the link: {} (secrets are never put in links).", s.join(", "))}</p>
                        }))}
                    </div>
                </div>
            </div>
        </article>
    }
}
