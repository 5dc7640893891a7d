//! Paste a JSON body (or the values JSON the CLI takes) to fill the form.

use crate::state::Form;
use leptos::prelude::*;
use serde_json::Value;

/// The import box.
#[component]
pub fn ImportPanel(form: Form) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let import = move |_| {
        let t = text.get();
        match serde_json::from_str::<Value>(&t) {
            Ok(Value::Object(members)) => {
                let mut values = form.values.get_untracked();
                if let Some(obj) = values.as_object_mut() {
                    for (k, v) in members {
                        obj.insert(k, v);
                    }
                }
                form.replace(values);
                message.set("Imported.".into());
            }
            Ok(_) => message.set("The pasted JSON must be an object, e.g. {\"name\": \"…\"}.".into()),
            Err(e) => message.set(format!("Not valid JSON: {e} (line {}, column {}).", e.line(), e.column())),
        }
    };
    view! {
        <details class="panel import">
            <summary>"Paste JSON to fill the form"</summary>
            <label class="field-label" for="import-text">"A request body, or the values file of " <code>"cloudreq build"</code></label>
            <textarea id="import-text" rows="5" spellcheck="false" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <button type="button" data-import="" on:click=import>"Import"</button>
            <p class="import-message" role="status" aria-live="polite">{move || message.get()}</p>
        </details>
    }
}
