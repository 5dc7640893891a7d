//! Storage problems (storage disabled, full or unreadable), shown above the page without
//! blocking it; the page goes on working in memory. And, once per browser, a note on whose
//! storage this is: it belongs to the page's origin, which any other program later served on
//! the same port shares.

use crate::persist::Persist;
use leptos::prelude::*;

/// The notice, when there is something to say.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let persist = expect_context::<Persist>();
    let problems = move || {
        let messages = persist.notice.get();
        (!messages.is_empty()).then(|| {
            view! {
                <div class="storage-notice" role="status" data-storage-notice="">
                    <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    <button type="button" class="small" data-dismiss-notice="" on:click=move |_| persist.notice.set(Vec::new())>"Dismiss"</button>
                </div>
            }
        })
    };
    let origin_note = move || {
        persist.origin_note.get().then(|| {
            let origin = crate::persist::origin();
            let sealed = if crate::persist::sealing() {
                " This cloudreq seals what it stores and does not restore anything it did not seal."
            } else {
                " Served from a plain file host, the page cannot tell its own records from planted ones: use cloudreq serve."
            };
            view! {
                <div class="storage-notice origin-note" role="note" data-origin-notice="">
                    <p>
                        {format!(
                            "Drafts, saved requests and the history are kept in this browser's storage for {origin}. \
                             That storage belongs to the address, not to cloudreq: any other program you later run on \
                             the same port can read it and add to it. Passwords, secret keys and tokens are never stored."
                        )}
                        {sealed}
                    </p>
                    <button type="button" class="small" data-dismiss-origin-notice="" on:click=move |_| persist.dismiss_origin_note()>"Got it"</button>
                </div>
            }
        })
    };
    view! { {origin_note} {problems} }
}
