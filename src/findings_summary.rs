//! The count of findings at the top of a form, each linking to its field.

use crate::field_input::{dom_id, RuleSource};
use crate::state::Form;
use cloudreq_core::Severity;
use leptos::prelude::*;

/// Counts and a list of all findings.
#[component]
pub fn FindingsSummary(form: Form) -> impl IntoView {
    let counts = move || {
        form.findings.with(|f| {
            let e = f.iter().filter(|x| x.severity == Severity::Error).count();
            (e, f.len() - e)
        })
    };
    view! {
        <section class="summary" aria-label="Rule check">
            <p class="counts" role="status" aria-live="polite" data-errors=move || counts().0.to_string() data-warnings=move || counts().1.to_string()>
                {move || {
                    let (e, w) = counts();
                    if e + w == 0 {
                        "All documented rules pass.".to_string()
                    } else {
                        format!("{e} error{}, {w} warning{}", if e == 1 { "" } else { "s" }, if w == 1 { "" } else { "s" })
                    }
                }}
            </p>
            <ul class="summary-list">
                {move || form.findings.get().into_iter().take(50).map(|f| {
                    let path = f.path.to_string();
                    let href = format!("#{}", dom_id(&path));
                    let class = format!("finding {}", f.severity.as_str());
                    let target = dom_id(&path);
                    let shown = if f.path.is_root() { "(values)".to_string() } else { path.clone() };
                    view! {
                        <li class=class>
                            <a href=href on:click=move |ev| {
                                // Focus the field without changing the page's route.
                                ev.prevent_default();
                                if !focus_by_id(&target) {
                                    // A row on another page of a long list: naming it turns the
                                    // list to that page; focus once it is drawn.
                                    form.highlight.set(Some(path.clone()));
                                    let target = target.clone();
                                    set_timeout(move || { focus_by_id(&target); }, std::time::Duration::from_millis(0));
                                }
                            }><code>{shown}</code></a>
                            ": " {f.message.clone()}
                            <RuleSource finding=f.clone()/>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Focuses the element with this id; false when it is not on the page.
fn focus_by_id(id: &str) -> bool {
    use leptos::wasm_bindgen::JsCast;
    match document().get_element_by_id(id).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(el) => {
            let _ = el.focus();
            true
        }
        None => false,
    }
}
