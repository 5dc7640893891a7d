//! Page shell: header, a line on what the tool does, and the API list.

use leptos::prelude::*;

use crate::api_list::ApiList;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="wrap">
                <h1>"cloudreq"</h1>
                <p class="tagline">
                    "Build and check cloud API requests (Huawei Cloud, Open Telekom Cloud, "
                    "Tencent Cloud, Alibaba Cloud) before you send them."
                </p>
            </div>
        </header>
        <main id="main" class="wrap">
            <ApiList/>
        </main>
    }
}
