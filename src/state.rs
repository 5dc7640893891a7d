//! Reactive state: one [`Form`] per open API page, one [`CredStore`] for the whole app
//! (in memory only: never written to the URL, storage, history or the console).

use cloudreq_core::catalog::{Cloud, Entry, Style};
use cloudreq_core::emit::{emit, emit_with_comment, with_auth_placeholders, Target};
use cloudreq_core::request::{build, HttpRequest};
use cloudreq_core::sign::{sign, Credentials, Secret, SignOptions, Signed, UtcTime};
use cloudreq_core::validate::{has_errors, validate, validate_region, Finding};
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Findings grouped by field path.
pub type FindingMap = Arc<HashMap<String, Vec<Finding>>>;

/// Everything one API page computes from its inputs.
#[derive(Clone, Copy)]
pub struct Form {
    /// The API.
    pub entry: &'static Entry,
    /// Values keyed by wire name, as the CLI's `--values` file.
    pub values: RwSignal<Value>,
    /// Selected region.
    pub region: RwSignal<String>,
    /// Bumped when values change from outside the inputs (example, import, rows added), so
    /// the inputs are drawn again from the values.
    pub version: RwSignal<u64>,
    /// Build even when rules are broken.
    pub ignore_rules: RwSignal<bool>,
    /// All findings, in field order.
    pub findings: Memo<Vec<Finding>>,
    /// Findings by path. A signal set only when the findings really change: a memo would wake
    /// every per-field display (thousands with 1000 list rows) on each keystroke to re-check it.
    pub by_path: RwSignal<FindingMap>,
    /// A field to highlight (named by a cloud error).
    pub highlight: RwSignal<Option<String>>,
    /// Where the values came from when they were not typed here (draft, saved request…).
    pub restored: RwSignal<Option<Restored>>,
}

/// Values put into the form from a store, and what of them no longer fits the catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Restored {
    /// `draft`, `saved request "x"`, `history entry of …`.
    pub source: String,
    /// Paths (and region) that were left out, by name.
    pub left_out: Vec<String>,
    /// The values and region they displaced (the draft, or what the form held), to go back to.
    pub previous: Option<(Value, String)>,
}

impl Form {
    /// A form for `entry` starting from `values`.
    pub fn new(entry: &'static Entry, values: Value, region: String) -> Form {
        let values = RwSignal::new(values);
        let region = RwSignal::new(region);
        let findings = Memo::new(move |_| {
            let mut all = values.with(|v| validate(entry, v));
            all.extend(region.with(|r| validate_region(entry, r)));
            all
        });
        let group = |all: &[Finding]| {
            let mut map: HashMap<String, Vec<Finding>> = HashMap::new();
            for f in all {
                map.entry(f.path.clone()).or_default().push(f.clone());
            }
            Arc::new(map)
        };
        let by_path = RwSignal::new(findings.with_untracked(|all| group(all)));
        Effect::new(move |_| {
            let map = findings.with(|all| group(all));
            if by_path.with_untracked(|old| *old != map) {
                by_path.set(map);
            }
        });
        Form {
            entry,
            values,
            region,
            version: RwSignal::new(0),
            ignore_rules: RwSignal::new(false),
            findings,
            by_path,
            highlight: RwSignal::new(None),
            restored: RwSignal::new(None),
        }
    }

    /// Fills the form with stored values, fitted to the catalog; what does not fit is named.
    pub fn open(&self, opening: &crate::persist::Opening) {
        let fitted = cloudreq_core::draft::fit(self.entry, &opening.values, &opening.region);
        let before = (self.values.get_untracked(), self.region.get_untracked());
        let previous = (before.0.as_object().is_some_and(|o| !o.is_empty()) && before.0 != fitted.values).then_some(before);
        self.region.set(fitted.region);
        self.replace(fitted.values);
        self.restored.set(Some(Restored { source: opening.source.clone(), left_out: fitted.left_out, previous }));
    }

    /// Sets or clears the value at a path (from an input).
    pub fn set(&self, path: &str, value: Option<Value>) {
        crate::browser::mark_input();
        self.values.update(|v| cloudreq_core::path::set(v, path, value));
    }

    /// Replaces every value (example, import, permalink).
    pub fn replace(&self, values: Value) {
        self.values.set(values);
        self.version.update(|n| *n += 1);
    }

    /// Whether errors block copying and sending.
    pub fn blocked(&self) -> bool {
        !self.ignore_rules.get() && has_errors(&self.findings.get())
    }
}

/// Credentials typed into the page, per cloud, plus the signing clock settings.
#[derive(Clone, Copy)]
pub struct CredStore {
    pub huawei_ak: RwSignal<String>,
    pub huawei_sk: RwSignal<String>,
    pub huawei_sts: RwSignal<String>,
    pub huawei_iam: RwSignal<String>,
    pub otc_iam: RwSignal<String>,
    pub tencent_id: RwSignal<String>,
    pub tencent_key: RwSignal<String>,
    pub tencent_token: RwSignal<String>,
    pub alibaba_id: RwSignal<String>,
    pub alibaba_secret: RwSignal<String>,
    pub alibaba_sts: RwSignal<String>,
    /// Fixed signing time (RFC 3339); empty means now.
    pub at: RwSignal<String>,
    /// Fixed Alibaba nonce; empty means random.
    pub nonce: RwSignal<String>,
}

impl CredStore {
    /// An empty store.
    pub fn new() -> CredStore {
        let s = || RwSignal::new(String::new());
        CredStore {
            huawei_ak: s(),
            huawei_sk: s(),
            huawei_sts: s(),
            huawei_iam: s(),
            otc_iam: s(),
            tencent_id: s(),
            tencent_key: s(),
            tencent_token: s(),
            alibaba_id: s(),
            alibaba_secret: s(),
            alibaba_sts: s(),
            at: s(),
            nonce: s(),
        }
    }

    /// Forgets every credential of every cloud.
    pub fn forget(&self) {
        for s in [
            self.huawei_ak, self.huawei_sk, self.huawei_sts, self.huawei_iam, self.otc_iam, self.tencent_id,
            self.tencent_key, self.tencent_token, self.alibaba_id, self.alibaba_secret, self.alibaba_sts,
        ] {
            s.set(String::new());
        }
    }

    /// The credentials for `cloud`, when enough is filled in.
    pub fn credentials(&self, cloud: Cloud) -> Option<Credentials> {
        let opt = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.is_empty()).map(Secret::new);
        match cloud {
            Cloud::Huawei => {
                if let Some(token) = opt(self.huawei_iam) {
                    return Some(Credentials::HuaweiToken { token });
                }
                let id = self.huawei_ak.get();
                let secret = opt(self.huawei_sk)?;
                (!id.is_empty()).then(|| Credentials::HuaweiAkSk { access_key_id: id, secret_access_key: secret, security_token: opt(self.huawei_sts) })
            }
            Cloud::Otc => opt(self.otc_iam).map(|token| Credentials::HuaweiToken { token }),
            Cloud::Tencent => {
                let id = self.tencent_id.get();
                let key = opt(self.tencent_key)?;
                (!id.is_empty()).then(|| Credentials::Tencent { secret_id: id, secret_key: key, token: opt(self.tencent_token) })
            }
            Cloud::Alibaba => {
                let id = self.alibaba_id.get();
                let secret = opt(self.alibaba_secret)?;
                (!id.is_empty()).then(|| Credentials::Alibaba { access_key_id: id, access_key_secret: secret, security_token: opt(self.alibaba_sts) })
            }
        }
    }

    /// The signing time: the fixed one if it parses, else the browser clock.
    pub fn time(&self) -> Result<UtcTime, String> {
        let at = self.at.get();
        if at.trim().is_empty() {
            return Ok(UtcTime(crate::browser::now_unix()));
        }
        UtcTime::parse_rfc3339(at.trim()).ok_or_else(|| format!("signing time {at:?} is not an RFC 3339 time such as 2025-01-24T08:00:00Z"))
    }
}

/// What the output panel shows.
#[derive(Clone, PartialEq)]
pub struct Output {
    /// The request as it would be sent (signed when credentials are there).
    pub request: Result<HttpRequest, String>,
    /// The signature, when signed.
    pub signed: Option<(Signed, UtcTime, String)>,
    /// Why it is not signed (no credentials, bad clock setting…).
    pub unsigned_reason: String,
}

/// Builds (and signs, with credentials) the request of a form.
pub fn compute_output(form: &Form, creds: &CredStore) -> Output {
    let entry = form.entry;
    let built = form.values.with(|v| build(entry, v, &form.region.get())).map_err(|e| e.0);
    let Ok(request) = built else {
        return Output { request: built, signed: None, unsigned_reason: String::new() };
    };
    let Some(credentials) = creds.credentials(entry.cloud) else {
        let reason = "Not signed: add credentials below to sign in this page. Placeholders stand in for the auth headers.".to_string();
        return Output { request: Ok(with_auth_placeholders(&request, entry.cloud)), signed: None, unsigned_reason: reason };
    };
    let at = match creds.time() {
        Ok(at) => at,
        Err(e) => return Output { request: Ok(with_auth_placeholders(&request, entry.cloud)), signed: None, unsigned_reason: e },
    };
    let nonce = Some(creds.nonce.get()).filter(|n| !n.trim().is_empty()).unwrap_or_else(crate::browser::random_nonce);
    let project_id = form.values.with(|v| v.get("project_id").and_then(Value::as_str).map(str::to_string));
    let opts = SignOptions { nonce: Some(nonce), project_id, tencent_sign_action: false };
    match sign(entry, &request, &credentials, at, &opts) {
        Ok(signed) => {
            let explain = signed.explain(&credentials);
            Output { request: Ok(signed.request.clone()), signed: Some((signed, at, explain)), unsigned_reason: String::new() }
        }
        Err(e) => Output { request: Ok(with_auth_placeholders(&request, entry.cloud)), signed: None, unsigned_reason: e.0 },
    }
}

/// The text of one output tab.
pub fn render_target(out: &Output, style: Style, target: Target) -> String {
    match &out.request {
        Err(e) => format!("The request cannot be assembled: {e}\n"),
        Ok(req) => match out.signed.as_ref().and_then(|(s, at, _)| s.validity_comment(*at)) {
            Some(comment) => emit_with_comment(req, style, target, &comment),
            None => emit(req, style, target),
        },
    }
}
