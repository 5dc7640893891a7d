//! Reactive state: one [`Form`] per open API page, one [`CredStore`] for the whole app
//! (in memory only: never written to the URL, storage, history or the console).

use cloudreq_core::catalog::{Cloud, Entry};
use cloudreq_core::emit::{EmitError, Target};
use cloudreq_core::pipeline::{self, Input, Outcome, Signature, Signing};
use cloudreq_core::profile::{profile, PROFILES};
use cloudreq_core::request::HttpRequest;
use cloudreq_core::sign::{AuthMode, Credentials, Secret, UtcTime};
use cloudreq_core::validate::{has_errors, Finding};
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
    /// What the pipeline made of the values, region and credentials (unsigned without
    /// credentials); the findings below come from it.
    pub output: Memo<Output>,
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
        let creds = use_context::<CredStore>();
        let output = Memo::new(move |_| run_pipeline(entry, values, region, creds));
        let findings = Memo::new(move |_| output.with(|o| o.outcome.findings.clone()));
        let group = |all: &[Finding]| {
            let mut map: HashMap<String, Vec<Finding>> = HashMap::new();
            for f in all {
                map.entry(f.path.to_string()).or_default().push(f.clone());
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
            output,
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

/// The credential inputs of one cloud: a token and the three parts of an access key (its
/// profile says which of them it takes and what they are called).
#[derive(Clone, Copy)]
pub struct KeyInputs {
    pub token: RwSignal<String>,
    pub id: RwSignal<String>,
    pub secret: RwSignal<String>,
    pub session: RwSignal<String>,
}

impl KeyInputs {
    fn new() -> KeyInputs {
        let s = || RwSignal::new(String::new());
        KeyInputs { token: s(), id: s(), secret: s(), session: s() }
    }
}

/// Credentials typed into the page, per cloud, plus the signing clock settings.
#[derive(Clone, Copy)]
pub struct CredStore {
    /// Per cloud, in the order of [`PROFILES`].
    per_cloud: [KeyInputs; PROFILES.len()],
    /// Fixed signing time (RFC 3339); empty means now.
    pub at: RwSignal<String>,
    /// Fixed nonce (clouds whose signer takes one); empty means random.
    pub nonce: RwSignal<String>,
}

impl CredStore {
    /// An empty store.
    pub fn new() -> CredStore {
        CredStore {
            per_cloud: std::array::from_fn(|_| KeyInputs::new()),
            at: RwSignal::new(String::new()),
            nonce: RwSignal::new(String::new()),
        }
    }

    /// Forgets every credential of every cloud.
    pub fn forget(&self) {
        for k in &self.per_cloud {
            for s in [k.token, k.id, k.secret, k.session] {
                s.set(String::new());
            }
        }
    }

    /// The inputs of `cloud`.
    pub fn inputs(&self, cloud: Cloud) -> KeyInputs {
        let i = PROFILES.iter().position(|p| p.cloud == cloud).unwrap_or_default();
        self.per_cloud[i]
    }

    /// The credentials for `cloud`, when enough is filled in (a token first, where the cloud
    /// takes one).
    pub fn credentials(&self, cloud: Cloud) -> Option<Credentials> {
        let filled = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.is_empty());
        let KeyInputs { token, id, secret, session } = self.inputs(cloud);
        let profile = profile(cloud);
        if profile.takes(AuthMode::Token) {
            if let Some(token) = filled(token) {
                return Some(Credentials::Token { token: Secret::new(token) });
            }
        }
        if !profile.takes(AuthMode::AccessKey) {
            return None;
        }
        let access_key_id = filled(id)?;
        let secret = Secret::new(filled(secret)?);
        Some(Credentials::AccessKey { access_key_id, secret, session_token: filled(session).map(Secret::new) })
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

/// What the output panel shows: the pipeline's outcome, and why it is not signed.
#[derive(Clone, PartialEq)]
pub struct Output {
    /// Findings, the request, the signature and the request as shown.
    pub outcome: Outcome,
    /// Why it is not signed (no credentials, bad clock setting, signing refused…).
    pub unsigned_reason: String,
}

impl Output {
    /// The request as it would be sent (signed when credentials are there), or why it
    /// cannot be assembled.
    pub fn request(&self) -> Result<&HttpRequest, String> {
        match (&self.outcome.shown, &self.outcome.request) {
            (Some(shown), _) => Ok(shown),
            (None, Err(e)) => Err(e.to_string()),
            (None, Ok(_)) => Err("the request was not assembled".into()),
        }
    }

    /// The signature, when signed.
    pub fn signature(&self) -> Option<&Signature> {
        self.outcome.signed()
    }
}

/// Runs the pipeline on a form's inputs, signing when `creds` has what the cloud takes.
fn run_pipeline(entry: &'static Entry, values: RwSignal<Value>, region: RwSignal<String>, creds: Option<CredStore>) -> Output {
    let region = region.get();
    let credentials = creds.and_then(|c| c.credentials(entry.cloud));
    let mut unsigned_reason = String::new();
    let signing = match (creds, credentials.as_ref()) {
        (Some(creds), Some(credentials)) => match creds.time() {
            Ok(at) => {
                let nonce = Some(creds.nonce.get()).filter(|n| !n.trim().is_empty()).unwrap_or_else(crate::browser::random_nonce);
                Some(Signing { credentials, at, nonce: Some(nonce), tencent_sign_action: false })
            }
            Err(e) => {
                unsigned_reason = e;
                None
            }
        },
        _ => {
            unsigned_reason = "Not signed: add credentials below to sign in this page. Placeholders stand in for the auth headers.".into();
            None
        }
    };
    let outcome = values.with(|values| pipeline::run(&Input { entry, values, region: &region, signing, targets: &[] }));
    if let Some(Err(e)) = &outcome.signature {
        unsigned_reason = e.to_string();
    }
    if outcome.request.is_err() {
        unsigned_reason.clear();
    }
    Output { outcome, unsigned_reason }
}

/// The output of a form signed anew (a fresh timestamp and nonce), for Send.
pub fn fresh_output(form: &Form, creds: &CredStore) -> Output {
    run_pipeline(form.entry, form.values, form.region, Some(*creds))
}

/// The text of one output tab, rendered now (the pipeline renders none of them), or why the
/// operation has none. The operation targets are rendered from the form's values and region,
/// which `out` was computed from.
pub fn render_target(form: &Form, out: &Output, target: Target) -> Result<String, EmitError> {
    if let Err(e) = out.request() {
        return Ok(format!("The request cannot be assembled: {e}\n"));
    }
    form.values.with(|values| {
        form.region.with(|region| {
            let input = Input { entry: form.entry, values, region, signing: None, targets: &[] };
            out.outcome.render_for(&input, target).unwrap_or_else(|| Ok(String::new()))
        })
    })
}
