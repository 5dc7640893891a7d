//! Saved requests: "Save as…" names the current values; the ones of this API and of all APIs
//! are listed (open, rename, delete); all of them export to one JSON file (the one
//! `cloudreq build --saved` reads) and import from it, asking before replacing anything.

use crate::persist::{Opening, Persist};
use crate::state::Form;
use cloudreq_core::saved::{
    apply_import, parse_saved, plan_import, rename, save, saved_ids, to_file, ImportPlan, SavedError, SavedRequest,
};
use cloudreq_core::secrets::without_secrets;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// The file name of an export.
const EXPORT_NAME: &str = "cloudreq-saved-requests.json";

/// A message of the panel: text, and whether it reports a problem.
#[derive(Clone, PartialEq)]
struct Message(String, bool);

fn count(n: usize) -> String {
    if n == 1 {
        "1 saved request".into()
    } else {
        format!("{n} saved requests")
    }
}

/// The saved-requests panel.
#[component]
pub fn SavedPanel(form: Form) -> impl IntoView {
    let persist = expect_context::<Persist>();
    let entry = form.entry;
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Message>);
    // A save that would replace a request of the same name, waiting for "Replace".
    let pending_save = StoredValue::new(None::<SavedRequest>);
    let asking_save = RwSignal::new(false);
    // An import with names taken by other content, waiting for an answer.
    let pending_import = StoredValue::new(None::<ImportPlan>);
    let asking_import = RwSignal::new(false);
    // The list before "Delete all", for undo.
    let deleted = StoredValue::new(None::<Vec<SavedRequest>>);
    let can_undo = RwSignal::new(false);
    let renaming = RwSignal::new(None::<String>);
    let rename_text = RwSignal::new(String::new());

    // A new message ends any question or undo offer of the one before.
    let say = move |text: String, problem: bool| {
        message.set(Some(Message(text, problem)));
        asking_save.set(false);
        asking_import.set(false);
        can_undo.set(false);
    };
    let store = move |f: &dyn Fn(&mut Vec<SavedRequest>) -> Result<(), SavedError>| -> Result<(), SavedError> {
        let mut list = persist.saved.get_untracked();
        f(&mut list)?;
        persist.saved.set(list);
        persist.store_saved();
        Ok(())
    };

    let do_save = move |replace: bool| {
        let request = if replace {
            pending_save.get_value()
        } else {
            Some(SavedRequest {
                name: name.get_untracked(),
                id: entry.id.clone(),
                region: form.region.get_untracked(),
                // Passwords and secret keys stay in memory only.
                values: form.values.with_untracked(|v| without_secrets(entry, v).0),
            })
        };
        let Some(request) = request else { return };
        let shown = request.name.trim().to_string();
        let secrets = form.values.with_untracked(|v| without_secrets(entry, v).1);
        let not_kept = if secrets.is_empty() {
            String::new()
        } else {
            format!(" Not kept: {} (secrets are never stored; type them again after opening it).", secrets.join(", "))
        };
        match store(&|list| save(list, request.clone(), replace)) {
            Ok(()) => {
                say(format!("Saved as “{shown}”.{not_kept}"), false);
                name.set(String::new());
                pending_save.set_value(None);
                asking_save.set(false);
            }
            Err(SavedError::DuplicateName(n)) => {
                pending_save.set_value(Some(request));
                say(format!("A saved request is already named “{n}”. Replace it with the current values?"), true);
                asking_save.set(true);
            }
            Err(e) => say(format!("Not saved: {e}."), true),
        }
    };

    let export = move |_| {
        let text = persist.saved.with_untracked(|l| to_file(l));
        match crate::browser::download(EXPORT_NAME, &text, "application/json") {
            Ok(()) => say(format!("Exported {} to {EXPORT_NAME}.", persist.saved.with_untracked(|l| count(l.len()))), false),
            Err(e) => say(format!("Not exported: {e}."), true),
        }
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        leptos::task::spawn_local(async move {
            let result = crate::browser::read_chosen_file(&input).await;
            input.set_value("");
            let (file, text) = match result {
                Ok(x) => x,
                Err(e) => return say(format!("Not imported: {e}."), true),
            };
            // The ids are checked against the catalog's service lists (fetched as needed).
            let known = match crate::catalog_client::known_apis(&saved_ids(&text)).await {
                Ok(known) => known,
                Err(e) => return say(format!("Not imported: the catalog could not be loaded to check {file} against it ({e})."), true),
            };
            let incoming = match parse_saved(&text, &known) {
                Ok(list) => list,
                Err(e) => return say(format!("Not imported: {file}: {e}."), true),
            };
            let plan = persist.saved.with_untracked(|existing| plan_import(existing, incoming));
            let added = plan.added.len();
            let same = plan.unchanged.len();
            let conflicts: Vec<String> = plan.conflicts.iter().map(|r| format!("“{}”", r.name)).collect();
            let _ = store(&|list| {
                apply_import(list, &plan, false);
                Ok(())
            });
            let mut text = format!("Imported {} from {file}", count(added));
            if same > 0 {
                text.push_str(&format!("; {same} already saved with the same values"));
            }
            if conflicts.is_empty() {
                text.push('.');
                say(text, false);
            } else {
                text.push_str(&format!(
                    ". Already saved with other values: {}. Replace them with the file's version, or keep yours?",
                    conflicts.join(", ")
                ));
                pending_import.set_value(Some(plan));
                say(text, true);
                asking_import.set(true);
            }
        });
    };
    let answer_import = move |replace: bool| {
        if let Some(plan) = pending_import.get_value() {
            if replace {
                let only_conflicts = ImportPlan { conflicts: plan.conflicts.clone(), ..Default::default() };
                let _ = store(&|list| {
                    apply_import(list, &only_conflicts, true);
                    Ok(())
                });
                say(format!("Replaced {} with the file's version.", count(plan.conflicts.len())), false);
            } else {
                say(format!("Kept your {}; the file's versions were not imported.", count(plan.conflicts.len())), false);
            }
        }
        pending_import.set_value(None);
        asking_import.set(false);
    };

    let delete_all = move |_| {
        deleted.set_value(Some(persist.saved.get_untracked()));
        let n = persist.saved.with_untracked(Vec::len);
        let _ = store(&|list| {
            list.clear();
            Ok(())
        });
        say(format!("Deleted {}.", count(n)), false);
        can_undo.set(true);
    };
    let undo_delete = move |_| {
        if let Some(before) = deleted.get_value() {
            let _ = store(&|list| {
                *list = before.clone();
                Ok(())
            });
            say("Restored the deleted saved requests.".into(), false);
        }
        deleted.set_value(None);
        can_undo.set(false);
    };

    let row = move |r: SavedRequest, show_id: bool| {
        let (n1, n2, n3, n4) = (r.name.clone(), r.name.clone(), r.name.clone(), r.name.clone());
        let opening =
            Opening {
                id: r.id.clone(), region: r.region.clone(), values: r.values.clone(), source: format!("saved request “{}”", r.name)
            };
        let open = move |_| persist.open(opening.clone(), Some(&form));
        let delete = move |_| {
            let n = n2.clone();
            let _ = store(&|list| {
                list.retain(|x| x.name != n);
                Ok(())
            });
            say(format!("Deleted “{n}”."), false);
        };
        let start_rename = move |_| {
            rename_text.set(n3.clone());
            renaming.set(Some(n3.clone()));
        };
        let finish_rename = move |_| {
            let old = n4.clone();
            let new = rename_text.get_untracked();
            match store(&|list| rename(list, &old, &new)) {
                Ok(()) => {
                    renaming.set(None);
                    say(format!("Renamed “{old}” to “{}”.", new.trim()), false);
                }
                Err(e) => say(format!("Not renamed: {e}."), true),
            }
        };
        let is_renaming = {
            let n = n1.clone();
            move || renaming.with(|r| r.as_deref() == Some(n.as_str()))
        };
        view! {
            <li data-saved=r.name.clone() data-saved-id=r.id.clone()>
                {move || if is_renaming() {
                    view! {
                        <input type="text" class="rename" aria-label="New name" data-rename-input="" prop:value=move || rename_text.get()
                            on:input=move |ev| rename_text.set(event_target_value(&ev))/>
                        <button type="button" class="small" data-rename-ok="" on:click=finish_rename.clone()>"Rename"</button>
                        <button type="button" class="small" on:click=move |_| renaming.set(None)>"Cancel"</button>
                    }.into_any()
                } else {
                    view! { <span class="saved-name">{n1.clone()}</span> }.into_any()
                }}
                " "
                {show_id.then(|| view! { <code class="saved-api">{r.id.clone()}</code> " " })}
                <span class="region">{r.region.clone()}</span> " "
                <button type="button" class="small" data-saved-open="" on:click=open>"Open"</button>
                <button type="button" class="small" data-saved-rename="" on:click=start_rename>"Rename"</button>
                <button type="button" class="small danger" data-saved-delete="" on:click=delete>"Delete"</button>
            </li>
        }
    };

    let this_api = move || {
        let list: Vec<SavedRequest> = persist.saved.with(|l| l.iter().filter(|r| r.id == entry.id).cloned().collect());
        if list.is_empty() {
            view! { <p class="hint">"Nothing saved for this API yet."</p> }.into_any()
        } else {
            view! { <ul class="saved-list" data-saved-list="this">{list.into_iter().map(|r| row(r, false)).collect_view()}</ul> }.into_any()
        }
    };
    let all_apis = move || {
        let list = persist.saved.get();
        view! { <ul class="saved-list" data-saved-list="all">{list.into_iter().map(|r| row(r, true)).collect_view()}</ul> }
    };

    view! {
        <details class="panel saved">
            <summary>{move || format!("Saved requests ({})", persist.saved.with(Vec::len))}</summary>
            <div class="save-as">
                <label class="field-label" for="save-name">"Save the current values as…"</label>
                <input id="save-name" type="text" autocomplete="off" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { do_save(false) }/>
                <button type="button" data-save="" on:click=move |_| do_save(false)>"Save"</button>
            </div>
            <p class="saved-message" role="status" aria-live="polite" data-saved-message=""
                data-problem=move || message.with(|m| m.as_ref().is_some_and(|m| m.1)).then_some("")>
                <span data-saved-text="">{move || message.get().map(|m| m.0)}</span>
                {move || asking_save.get().then(|| view! {
                    " " <button type="button" class="small" data-save-replace="" on:click=move |_| do_save(true)>"Replace"</button>
                    <button type="button" class="small" on:click=move |_| { asking_save.set(false); message.set(None); }>"Cancel"</button>
                })}
                {move || asking_import.get().then(|| view! {
                    " " <button type="button" class="small" data-import-replace="" on:click=move |_| answer_import(true)>"Replace them"</button>
                    <button type="button" class="small" data-import-keep="" on:click=move |_| answer_import(false)>"Keep mine"</button>
                })}
                {move || can_undo.get().then(|| view! {
                    " " <button type="button" class="small" data-saved-undo="" on:click=undo_delete>"Undo"</button>
                })}
            </p>
            <h3 class="saved-heading">"For this API"</h3>
            {this_api}
            <details class="saved-all">
                <summary>{move || format!("All APIs ({})", persist.saved.with(Vec::len))}</summary>
                {all_apis}
            </details>
            <div class="saved-file">
                <button type="button" data-saved-export="" on:click=export>"Export all…"</button>
                <label class="file-pick">"Import a file… "
                    <input type="file" accept=".json,application/json" data-saved-import="" on:change=import/>
                </label>
                <button type="button" class="danger small" data-saved-clear="" disabled=move || persist.saved.with(Vec::is_empty) on:click=delete_all>"Delete all"</button>
            </div>
            <p class="hint">"The exported file is what " <code>"cloudreq build --saved FILE --name NAME"</code> " reads. Saved requests hold form values only, never credentials."</p>
        </details>
    }
}
