//! Paste a JSON body (or the values JSON the CLI takes), or a curl, tccli, aliyun or hcloud
//! command, to fill the form.

use crate::state::Form;
use cloudreq_core::import::{
    command_kind, id_from_action, id_from_command, import_command, parse_curl, place, CommandKind, ImportError, Index,
};
use leptos::prelude::*;
use serde_json::Value;

/// The import box.
#[component]
pub fn ImportPanel(form: Form) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    // Names of what a curl command held that no field takes.
    let unplaced = RwSignal::new(Vec::<String>::new());
    // The operation a curl command is for, when it is not the open one.
    let elsewhere = RwSignal::new(None::<String>);
    let import = move |_| {
        let t = text.get();
        unplaced.set(Vec::new());
        elsewhere.set(None);
        match command_kind(&t) {
            Some(CommandKind::Curl) => {
                import_curl(&form, &t, message, unplaced, elsewhere);
                return;
            }
            Some(kind) => {
                import_vendor(&form, kind, &t, message, unplaced, elsewhere);
                return;
            }
            None => {}
        }
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
            <summary>"Paste JSON, curl, tccli or aliyun to fill the form"</summary>
            <label class="field-label" for="import-text">
                "A request body, the values file of " <code>"cloudreq build"</code> ", or a curl, tccli, aliyun or hcloud command (bash/zsh)"
            </label>
            <textarea id="import-text" rows="5" spellcheck="false" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <button type="button" data-import="" on:click=import>"Import"</button>
            <p class="import-message" role="status" aria-live="polite">{move || message.get()}</p>
            <Show when=move || elsewhere.get().is_some()>
                <p class="import-elsewhere">
                    {move || {
                        let id = elsewhere.get().unwrap_or_default();
                        view! { <a href=format!("#/{id}") data-import-open=id.clone()>"Open " {id.clone()}</a> }
                    }}
                </p>
            </Show>
            <Show when=move || !unplaced.get().is_empty()>
                <div class="import-unplaced">
                    <p>"Not placed in the form:"</p>
                    <ul>
                        {move || unplaced.get().into_iter().map(|name| view! { <li><code>{name}</code></li> }).collect_view()}
                    </ul>
                </div>
            </Show>
        </details>
    }
}

/// A curl command for the open operation fills the form (values replaced, region set) and
/// names what it could not place; one for another operation says which, with a link.
fn import_curl(form: &Form, text: &str, message: RwSignal<String>, unplaced: RwSignal<Vec<String>>, elsewhere: RwSignal<Option<String>>) {
    let request = match parse_curl(text) {
        Ok(r) => r,
        Err(e) => {
            message.set(format!("This curl command cannot be read: {e}."));
            return;
        }
    };
    let index = Index::new([form.entry]);
    match index.recognise(&request) {
        Ok((entry, region)) => {
            let (values, names) = place(entry, &request);
            form.replace(values);
            if let Some(region) = region {
                form.region.set(region);
            }
            message.set(if names.is_empty() {
                "Imported from the curl command.".into()
            } else {
                format!("Imported from the curl command; {} item(s) could not be placed (listed below).", names.len())
            });
            unplaced.set(names);
        }
        Err(_) => match id_from_action(&request).filter(|id| id != &form.entry.id) {
            Some(id) => {
                message.set(format!("This curl command calls {id}, not {}. Nothing was changed.", form.entry.id));
                elsewhere.set(Some(id));
            }
            None => message.set(format!(
                "This curl command ({} {}{}) is not for {}. Nothing was changed.",
                request.method, request.host, request.path, form.entry.id
            )),
        },
    }
}

/// A `tccli`, `aliyun` or `hcloud` command for the open operation fills the form (values
/// replaced, region set) and names what it could not place; one for another operation says
/// which, with a link.
fn import_vendor(
    form: &Form,
    kind: CommandKind,
    text: &str,
    message: RwSignal<String>,
    unplaced: RwSignal<Vec<String>>,
    elsewhere: RwSignal<Option<String>>,
) {
    let tool = match kind {
        CommandKind::Tccli => "tccli",
        CommandKind::Aliyun => "aliyun",
        CommandKind::Hcloud => "hcloud",
        CommandKind::Curl => "curl",
    };
    let index = Index::new([form.entry]);
    match import_command(text, &index) {
        Ok(imported) => {
            form.replace(imported.values);
            if let Some(region) = imported.region {
                form.region.set(region);
            }
            let names = imported.unplaced;
            message.set(if names.is_empty() {
                format!("Imported from the {tool} command.")
            } else {
                format!("Imported from the {tool} command; {} item(s) could not be placed (listed below).", names.len())
            });
            unplaced.set(names);
        }
        Err(ImportError::Unrecognised(why)) => match id_from_command(text).filter(|id| id != &form.entry.id) {
            Some(id) => {
                message.set(format!("This {tool} command calls {id}, not {}. Nothing was changed.", form.entry.id));
                elsewhere.set(Some(id));
            }
            None => message.set(format!("This {tool} command is not for {}: {why}. Nothing was changed.", form.entry.id)),
        },
        Err(e) => message.set(format!("This {tool} command cannot be read: {e}.")),
    }
}
