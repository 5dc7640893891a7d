//! Above the form: where its values came from (the draft of the last visit, a saved request,
//! a history entry), what of them no longer fits the API, a notice when another tab changed
//! this draft, and "Clear form" with undo.

use crate::persist::{Opening, Persist};
use crate::state::Form;
use leptos::prelude::*;
use serde_json::Value;

fn source_text(source: &str) -> String {
    match source {
        "draft" => "Restored your draft of this API from the last visit.".into(),
        "link" => "Opened the values of a link.".into(),
        _ => format!("Opened {source}."),
    }
}

/// The draft bar of a form.
#[component]
pub fn DraftBar(form: Form) -> impl IntoView {
    let persist = expect_context::<Persist>();
    let entry = form.entry;
    let undo = StoredValue::new(None::<(Value, String)>);
    let cleared = RwSignal::new(false);
    // The count of other-tab changes already seen (or loaded).
    let seen = RwSignal::new(persist.draft_elsewhere.with_untracked(|d| d.as_ref().map(|(_, n)| *n).unwrap_or(0)));
    let elsewhere = move || persist.draft_elsewhere.with(|d| matches!(d, Some((id, n)) if *id == entry.id && *n > seen.get()));

    let clear = move |_| {
        undo.set_value(Some((form.values.get_untracked(), form.region.get_untracked())));
        form.region.set(entry.endpoint.default_region.clone());
        form.replace(Value::Object(Default::default()));
        form.restored.set(None);
        persist.forget_draft(&entry.id);
        cleared.set(true);
    };
    let undo_clear = move |_| {
        if let Some((values, region)) = undo.get_value() {
            form.region.set(region);
            form.replace(values);
        }
        undo.set_value(None);
        cleared.set(false);
    };
    let load_elsewhere = move |_| {
        seen.set(persist.draft_elsewhere.with_untracked(|d| d.as_ref().map(|(_, n)| *n).unwrap_or(0)));
        match persist.load_draft(entry) {
            Some(fitted) => form.open(&Opening {
                id: entry.id.clone(),
                region: fitted.region,
                values: fitted.values,
                source: "the draft another tab wrote".into(),
            }),
            None => {
                // The other tab cleared the form.
                form.region.set(entry.endpoint.default_region.clone());
                form.replace(Value::Object(Default::default()));
                form.restored.set(None);
            }
        }
    };

    view! {
        <div class="draft-bar" data-draft-bar="">
            {move || form.restored.get().map(|r| {
                let is_draft = r.source == "draft";
                let left_out = (!r.left_out.is_empty()).then(|| view! {
                    <div class="left-out" data-left-out="">
                        <p>"Not restored, because this API no longer has these fields (or they no longer fit):"</p>
                        <ul>{r.left_out.iter().map(|p| view! { <li><code>{p.clone()}</code></li> }).collect_view()}</ul>
                    </div>
                });
                let back = r.previous.clone().map(|(values, region)| {
                    let go_back = move |_| {
                        form.region.set(region.clone());
                        form.replace(values.clone());
                        form.restored.set(None);
                    };
                    view! {
                        " " <span class="draft-hint">"Your earlier values of this API are kept until you change the form."</span> " "
                        <button type="button" class="small" data-restore-previous="" on:click=go_back>"Back to my earlier values"</button>
                    }
                });
                view! {
                    <p class="draft-note" role="status" data-restored-from=r.source.clone() data-draft-restored=is_draft.then_some("")>
                        {source_text(&r.source)}
                        {back}
                    </p>
                    {left_out}
                }
            })}
            {move || elsewhere().then(|| view! {
                <p class="draft-note elsewhere" role="status" data-draft-elsewhere="">
                    "Another tab changed the draft of this API; whichever tab writes last is kept. "
                    <button type="button" class="small" data-load-elsewhere="" on:click=load_elsewhere>"Load that version"</button>
                </p>
            })}
            <div class="draft-actions">
                <button type="button" class="small" data-clear-form="" on:click=clear>"Clear form"</button>
                <span class="draft-hint">" Drafts are kept in this browser as you type (never credentials)."</span>
                {move || cleared.get().then(|| view! {
                    <span class="draft-note" role="status" data-cleared="">
                        " Form cleared. "
                        <button type="button" class="small" data-undo-clear="" on:click=undo_clear>"Undo"</button>
                    </span>
                })}
            </div>
        </div>
    }
}
