//! Credentials for the current cloud, kept in memory only, with a "forget" button; plus the
//! signing clock (now, or a fixed time for reproducible signatures) and the nonce of signers
//! that take one. What is asked for, and how it is labelled, comes from the cloud's profile.

use crate::state::CredStore;
use cloudreq_core::catalog::Cloud;
use cloudreq_core::profile::profile;
use cloudreq_core::sign::AuthMode;
use leptos::prelude::*;

#[component]
fn SecretInput(label: String, id: String, value: RwSignal<String>, secret: bool) -> impl IntoView {
    view! {
        <div class="scalar">
            <label class="field-label" for=id.clone()>{label}</label>
            <input id=id.clone() data-cred=id type=if secret { "password" } else { "text" } autocomplete="off" spellcheck="false"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// The credentials of `cloud`. Input ids are `cred-<cloud>-<part>`, part being `id`, `secret`,
/// `session` (an access key) or `token`.
#[component]
pub fn CredentialsPanel(cloud: Cloud) -> impl IntoView {
    let creds = expect_context::<CredStore>();
    let p = profile(cloud);
    let keys = creds.inputs(cloud);
    let id = |part: &str| format!("cred-{}-{part}", cloud.as_str());
    let labels = p.key_labels;
    let takes_key = p.takes(AuthMode::AccessKey);
    let access_key = takes_key.then(|| {
        view! {
            <SecretInput label=labels.id.to_string() id=id("id") value=keys.id secret=false/>
            <SecretInput label=labels.secret.to_string() id=id("secret") value=keys.secret secret=true/>
            <SecretInput label=format!("{} (temporary keys, optional)", labels.session_token) id=id("session") value=keys.session secret=true/>
        }
    });
    let token = p.token_header.filter(|_| p.takes(AuthMode::Token)).map(|header| {
        let label = if takes_key {
            format!("Or an {} ({header}; replaces the access key)", p.token_name)
        } else {
            format!("{} ({header})", p.token_name)
        };
        view! { <SecretInput label=label id=id("token") value=keys.token secret=true/> }
    });
    let reason = (!p.modes_reason.is_empty()).then(|| view! { <p class="hint">{format!("{}.", p.modes_reason)}</p> });
    let nonce = p.signs_with_nonce.then(
        || view! { <SecretInput label="Nonce (empty: random)".to_string() id="cred-nonce".to_string() value=creds.nonce secret=false/> },
    );
    view! {
        <details class="panel credentials">
            <summary>"Credentials (sign in this page)"</summary>
            <p class="hint">"Kept in this page's memory only: never in the link, storage or history. Signing happens here; nothing is sent."</p>
            {reason}
            {access_key}
            {token}
            <SecretInput label="Signing time (RFC 3339; empty: now)".to_string() id="cred-at".to_string() value=creds.at secret=false/>
            {nonce}
            <button type="button" class="danger" data-forget="" on:click=move |_| creds.forget()>"Forget credentials"</button>
        </details>
    }
}
