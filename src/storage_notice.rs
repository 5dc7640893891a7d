//! Storage problems (storage disabled, full or unreadable), shown above the page without
//! blocking it; the page goes on working in memory.

use crate::persist::Persist;
use leptos::prelude::*;

/// The notice, when there is something to say.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let persist = expect_context::<Persist>();
    move || {
        let messages = persist.notice.get();
        (!messages.is_empty()).then(|| {
            view! {
                <div class="storage-notice" role="status" data-storage-notice="">
                    <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    <button type="button" class="small" data-dismiss-notice="" on:click=move |_| persist.notice.set(Vec::new())>"Dismiss"</button>
                </div>
            }
        })
    }
}
