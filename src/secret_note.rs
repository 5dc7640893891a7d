//! What the page tells about secret fields (`"secret": true` in the catalog: passwords, secret
//! keys, tokens): a badge on each, and a line under the output listing those of the form. Their
//! values stay in the page's memory only: no draft, share link, saved request, export or history
//! entry holds them.

use crate::state::Form;
use cloudreq_core::catalog::{Entry, Field};
use leptos::prelude::*;

/// The badge beside a secret field's name.
#[component]
pub fn SecretBadge(field: &'static Field) -> impl IntoView {
    field.secret.then(|| {
        view! {
            <span class="secret-badge" data-secret-field=""
                title="Kept in memory only: not saved in drafts, links, saved requests or history.">
                <span aria-hidden="true">"🔒 "</span>"kept in memory only: not saved in drafts, links, history"
            </span>
        }
    })
}

/// Paths of the entry's secret fields (list items as `name[]`), in form order.
pub fn secret_paths(entry: &Entry) -> Vec<String> {
    fn walk(fields: &[Field], base: &str, out: &mut Vec<String>) {
        for f in fields {
            let here = if base.is_empty() { f.name.clone() } else { format!("{base}.{}", f.name) };
            if f.secret {
                out.push(here.clone());
            }
            walk(&f.fields, &here, out);
            if let Some(item) = f.items.as_deref() {
                let at = format!("{here}[]");
                if item.secret {
                    out.push(at.clone());
                }
                walk(&item.fields, &at, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&entry.fields, "", &mut out);
    out
}

/// The line under the output naming the form's secret fields (nothing when it has none).
#[component]
pub fn SecretFieldsLine(form: Form) -> impl IntoView {
    let paths = secret_paths(form.entry);
    (!paths.is_empty()).then(|| {
        view! {
            <p class="hint secret-line" data-secret-fields="">
                <span aria-hidden="true">"🔒 "</span>
                {format!(
                    "Kept in memory only (never in drafts, links, saved requests or history): {}.",
                    paths.join(", ")
                )}
            </p>
        }
    })
}
