//! History of the requests sent with Send (all APIs, newest first): open one to fill the form
//! with its values, look at the request (without credentials) and the answer, clear it all.

use crate::persist::{Opening, Persist};
use crate::state::Form;
use cloudreq_core::history::{HistoryEntry, MAX_ENTRIES};
use leptos::prelude::*;

fn request_text(e: &HistoryEntry) -> String {
    let mut text = format!("{} {}\n", e.request.method, e.request.url);
    for (k, v) in &e.request.headers {
        text.push_str(&format!("{k}: {v}\n"));
    }
    if !e.request.body.is_empty() {
        text.push('\n');
        text.push_str(&e.request.body);
        if let Some(n) = e.request.body_cut_from {
            text.push_str(&format!("\n… (cut: {n} characters in all)"));
        }
    }
    text
}

fn answer_text(e: &HistoryEntry) -> String {
    match (&e.answer, &e.error) {
        (Some(a), _) => {
            let mut text = format!("HTTP {}\n", a.status);
            for (k, v) in &a.headers {
                text.push_str(&format!("{k}: {v}\n"));
            }
            text.push('\n');
            text.push_str(&a.body);
            if let Some(n) = a.body_cut_from {
                text.push_str(&format!("\n… (cut: {n} characters in all)"));
            }
            text
        }
        (None, Some(err)) => format!("No answer: {err}"),
        (None, None) => "No answer.".into(),
    }
}

/// The history panel.
#[component]
pub fn HistoryPanel(form: Form) -> impl IntoView {
    let persist = expect_context::<Persist>();
    let shown = RwSignal::new(None::<usize>);
    let clear = move |_| {
        persist.history.set(Vec::new());
        persist.store_history();
        shown.set(None);
    };
    let rows = move || {
        persist.history.with(|list| {
            list.iter()
                .enumerate()
                .map(|(i, e)| {
                    let when = crate::browser::format_time(e.at_ms);
                    let status = match &e.answer {
                        Some(a) => format!("HTTP {}", a.status),
                        None => "failed".into(),
                    };
                    let opening = Opening { id: e.id.clone(), region: e.region.clone(), values: e.values.clone(), source: format!("the history entry of {when}") };
                    let open = move |_| persist.open(opening.clone(), Some(&form));
                    view! {
                        <li data-history=i.to_string() data-history-id=e.id.clone()>
                            <span class="history-when">{when}</span> " "
                            <code>{e.id.clone()}</code> " "
                            <span class="region">{e.region.clone()}</span> " · "
                            <span data-history-status="">{status}</span> " · "
                            <span class="duration">{crate::browser::whole_ms(e.duration_ms)}</span> " "
                            <button type="button" class="small" data-history-open="" on:click=open>"Open"</button>
                            <button type="button" class="small" data-history-show="" aria-expanded=move || (shown.get() == Some(i)).to_string()
                                on:click=move |_| shown.update(|s| *s = if *s == Some(i) { None } else { Some(i) })>"Request and answer"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let detail = move || {
        let i = shown.get()?;
        persist.history.with(|list| list.get(i).cloned()).map(|e| {
            view! {
                <div class="history-detail" data-history-detail=i.to_string()>
                    <strong>"Request (without credentials)"</strong>
                    <pre class="code" data-history-request="">{request_text(&e)}</pre>
                    <strong>"Answer"</strong>
                    <pre class="code" data-history-answer="">{answer_text(&e)}</pre>
                </div>
            }
        })
    };
    view! {
        <details class="panel history">
            <summary>{move || format!("History ({})", persist.history.with(Vec::len))}</summary>
            <p class="hint">{format!(
                "Requests sent with Send, newest first (the last {MAX_ENTRIES}), kept in this browser without Authorization, signature or token headers."
            )}</p>
            <button type="button" class="danger small" data-clear-history="" disabled=move || persist.history.with(Vec::is_empty) on:click=clear>"Clear history"</button>
            <ol class="history-list">{rows}</ol>
            {detail}
        </details>
    }
}
