//! Credentials for the current cloud, kept in memory only, with a "forget" button; plus the
//! signing clock (now, or a fixed time for reproducible signatures) and the Alibaba nonce.

use crate::state::CredStore;
use cloudreq_core::catalog::Cloud;
use leptos::prelude::*;

#[component]
fn SecretInput(label: &'static str, id: &'static str, value: RwSignal<String>, secret: bool) -> impl IntoView {
    view! {
        <div class="scalar">
            <label class="field-label" for=id>{label}</label>
            <input id=id data-cred=id type=if secret { "password" } else { "text" } autocomplete="off" spellcheck="false"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// The credentials of `cloud`.
#[component]
pub fn CredentialsPanel(cloud: Cloud) -> impl IntoView {
    let creds = expect_context::<CredStore>();
    let inputs = match cloud {
        Cloud::Huawei => view! {
            <SecretInput label="Access key id (AK)" id="cred-huawei-ak" value=creds.huawei_ak secret=false/>
            <SecretInput label="Secret access key (SK)" id="cred-huawei-sk" value=creds.huawei_sk secret=true/>
            <SecretInput label="Security token (temporary keys, optional)" id="cred-huawei-sts" value=creds.huawei_sts secret=true/>
            <SecretInput label="Or an IAM token (X-Auth-Token; replaces AK/SK)" id="cred-huawei-iam" value=creds.huawei_iam secret=true/>
        }
        .into_any(),
        Cloud::Otc => view! {
            <p class="hint">"Open Telekom Cloud documents token authentication for DDM."</p>
            <SecretInput label="IAM token (X-Auth-Token)" id="cred-otc-iam" value=creds.otc_iam secret=true/>
        }
        .into_any(),
        Cloud::Tencent => view! {
            <SecretInput label="SecretId" id="cred-tencent-id" value=creds.tencent_id secret=false/>
            <SecretInput label="SecretKey" id="cred-tencent-key" value=creds.tencent_key secret=true/>
            <SecretInput label="Token (temporary keys, optional)" id="cred-tencent-token" value=creds.tencent_token secret=true/>
        }
        .into_any(),
        Cloud::Alibaba => view! {
            <SecretInput label="AccessKey id" id="cred-alibaba-id" value=creds.alibaba_id secret=false/>
            <SecretInput label="AccessKey secret" id="cred-alibaba-secret" value=creds.alibaba_secret secret=true/>
            <SecretInput label="STS token (optional)" id="cred-alibaba-sts" value=creds.alibaba_sts secret=true/>
        }
        .into_any(),
    };
    let nonce = (cloud == Cloud::Alibaba)
        .then(|| view! { <SecretInput label="Nonce (empty: random)" id="cred-nonce" value=creds.nonce secret=false/> });
    view! {
        <details class="panel credentials">
            <summary>"Credentials (sign in this page)"</summary>
            <p class="hint">"Kept in this page's memory only: never in the link, storage or history. Signing happens here; nothing is sent."</p>
            {inputs}
            <SecretInput label="Signing time (RFC 3339; empty: now)" id="cred-at" value=creds.at secret=false/>
            {nonce}
            <button type="button" class="danger" data-forget="" on:click=move |_| creds.forget()>"Forget credentials"</button>
        </details>
    }
}
