//! The one way from values to output: validate → build → sign → emit. The web app and the CLI
//! both call [`run`]; neither assembles, signs or emits a request any other way.

use crate::catalog::{Entry, Style};
use crate::emit::{emit, emit_operation, emit_with_comment, with_auth_placeholders, EmitError, Target, Unwritable};
use crate::profile::profile;
use crate::request::{build, BuildError, HttpRequest};
use crate::sign::{sign, Credentials, Scope, SignError, SignOptions, Signed, UtcTime};
use crate::validate::{has_errors, validate, validate_region, Finding};
use serde_json::Value;

/// What to sign with: credentials, the moment and (Alibaba) the nonce. The caller reads the
/// clock and draws the nonce; the core does neither.
#[derive(Debug, Clone)]
pub struct Signing<'a> {
    /// The credentials.
    pub credentials: &'a Credentials,
    /// When the request is signed.
    pub at: UtcTime,
    /// The nonce, for clouds that sign one.
    pub nonce: Option<String>,
    /// Tencent: also sign `x-tc-action`.
    pub tencent_sign_action: bool,
}

/// Everything the pipeline starts from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The API.
    pub entry: &'a Entry,
    /// Values keyed by wire name.
    pub values: &'a Value,
    /// The region the request goes to.
    pub region: &'a str,
    /// Credentials and time, to sign; `None` emits `<…>` placeholders for the auth headers.
    pub signing: Option<Signing<'a>>,
    /// Which emitters to run (the CLI wants one; the page none, it renders the tab on screen
    /// with [`Outcome::render_for`]).
    pub targets: &'a [Target],
}

/// A signature and what is shown of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The signed request and its stages.
    pub signed: Signed,
    /// When it was signed.
    pub at: UtcTime,
    /// The stages as text with every credential masked (`--explain`, the page's Signature tab).
    pub explanation: String,
    /// When the signature expires, for a comment above emitted commands.
    pub comment: Option<String>,
}

/// Everything the pipeline produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Findings on the values, then on the region.
    pub findings: Vec<Finding>,
    /// The request as assembled from the values (unsigned, no placeholders).
    pub request: Result<HttpRequest, BuildError>,
    /// The signature, when signing was asked for and the request could be assembled.
    pub signature: Option<Result<Signature, SignError>>,
    /// The request the texts show: signed, or with `<…>` placeholders when unsigned or when
    /// signing failed. `None` when the request could not be assembled.
    pub shown: Option<HttpRequest>,
    /// Each requested emitter's text of [`Outcome::shown`] (empty when there is none), or why
    /// a value cannot be written into it.
    pub texts: Vec<(Target, Result<String, Unwritable>)>,
    /// The API's request style (the JSON emitter needs it).
    pub style: Style,
    /// The requested operation targets ([`Target::OPERATION`]) that exist for the API's cloud,
    /// rendered from the values (empty when the request could not be assembled).
    pub operation_texts: Vec<(Target, Result<String, EmitError>)>,
}

impl Outcome {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.findings)
    }

    /// The text of one emitter, if it was requested, the request was assembled and its values
    /// can be written into it (else see [`Outcome::unwritable`]).
    pub fn text(&self, target: Target) -> Option<&str> {
        self.texts.iter().find(|(t, _)| *t == target).and_then(|(_, text)| text.as_deref().ok())
    }

    /// Why a requested target (request or operation target) cannot carry the request's values.
    pub fn unwritable(&self, target: Target) -> Option<&Unwritable> {
        let request = self.texts.iter().find(|(t, _)| *t == target).and_then(|(_, r)| r.as_ref().err());
        let operation = self.operation_texts.iter().find(|(t, _)| *t == target).and_then(|(_, r)| match r {
            Err(EmitError::Unwritable(u)) => Some(u),
            _ => None,
        });
        request.or(operation)
    }

    /// Runs one emitter on [`Outcome::shown`] (with the signature's expiry comment), whether
    /// or not it was requested: the page renders only the tab on screen. An operation target
    /// gives its text only when it was requested (else see [`Outcome::render_for`]).
    pub fn render(&self, target: Target) -> Option<Result<String, Unwritable>> {
        if target.needs_operation() {
            let (_, text) = self.operation_texts.iter().find(|(t, _)| *t == target)?;
            return match text {
                Ok(text) => Some(Ok(text.clone())),
                Err(EmitError::Unwritable(u)) => Some(Err(u.clone())),
                Err(EmitError::NotOffered(_)) => None,
            };
        }
        let shown = self.shown.as_ref()?;
        Some(match self.signed().and_then(|s| s.comment.as_deref()) {
            Some(comment) => emit_with_comment(shown, self.style, target, comment),
            None => emit(shown, self.style, target),
        })
    }

    /// A requested operation target's text, or why the operation has none (`None`: not
    /// requested, not of this cloud, or the request could not be assembled).
    pub fn operation_text(&self, target: Target) -> Option<&Result<String, EmitError>> {
        self.operation_texts.iter().find(|(t, _)| *t == target).map(|(_, text)| text)
    }

    /// Renders any target now, whether or not `input.targets` asked for it (the page renders
    /// only the tab on screen). `input` is what this outcome was run on: the operation targets
    /// ([`Target::OPERATION`]) read its entry, values and region. `None` when the request could
    /// not be assembled, or for an operation target of another cloud.
    pub fn render_for(&self, input: &Input<'_>, target: Target) -> Option<Result<String, EmitError>> {
        if !target.needs_operation() {
            return self.render(target).map(|r| r.map_err(EmitError::from));
        }
        if !target.applies_to(input.entry.cloud) {
            return None;
        }
        let built = self.request.as_ref().ok()?;
        Some(emit_operation(input.entry, built, input.values, input.region, target))
    }

    /// The signature, when signing succeeded.
    pub fn signed(&self) -> Option<&Signature> {
        self.signature.as_ref().and_then(|s| s.as_ref().ok())
    }
}

/// The value the cloud's signer also sends as a header (Huawei `project_id`), from the values.
fn project_value(entry: &Entry, values: &Value) -> Option<String> {
    let name = profile(entry.cloud).project_value?;
    values.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Validates, builds, signs (when asked) and emits.
pub fn run(input: &Input<'_>) -> Outcome {
    let Input { entry, values, region, .. } = *input;
    let mut findings = validate(entry, values);
    findings.extend(validate_region(entry, region));
    let request = build(entry, values, region);
    let Ok(built) = &request else {
        return Outcome {
            findings,
            request,
            signature: None,
            shown: None,
            texts: Vec::new(),
            style: entry.style,
            operation_texts: Vec::new(),
        };
    };
    let signature = input.signing.as_ref().map(|signing| {
        let scope = Scope::of(entry, region, signing.at);
        let opts = SignOptions {
            nonce: signing.nonce.clone(),
            project_id: project_value(entry, values),
            tencent_sign_action: signing.tencent_sign_action,
        };
        sign(&scope, built, signing.credentials, &opts).map(|signed| Signature {
            explanation: signed.explain(signing.credentials),
            comment: signed.validity_comment(signing.at),
            at: signing.at,
            signed,
        })
    });
    let shown = match signature.as_ref() {
        Some(Ok(s)) => s.signed.request.clone(),
        _ => with_auth_placeholders(built, entry.cloud),
    };
    let mut outcome =
        Outcome { findings, request, signature, shown: Some(shown), texts: Vec::new(), style: entry.style, operation_texts: Vec::new() };
    outcome.operation_texts = Target::OPERATION
        .into_iter()
        .filter(|t| input.targets.contains(t))
        .filter_map(|t| Some((t, outcome.render_for(input, t)?)))
        .collect();
    outcome.texts = input.targets.iter().filter_map(|&target| Some((target, outcome.render(target)?))).collect();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::sign::Secret;
    use serde_json::json;

    #[test]
    fn unsigned_outcome_has_findings_placeholders_and_every_text() {
        let entry = catalog().get("huawei.dcs.CancelInstanceResize").unwrap();
        let values = json!({"project_id": "p1", "instance_id": "i1", "task_id": "t1"});
        let out = run(&Input { entry, values: &values, region: "nowhere-1", signing: None, targets: &Target::ALL });
        assert!(out.findings.iter().any(|f| f.path == "region"), "an unknown region is a finding: {:?}", out.findings);
        assert_eq!(out.shown.as_ref().unwrap().header("X-Auth-Token"), Some("<IAM_TOKEN>"));
        assert_eq!(out.texts.len(), Target::ALL.len());
        assert!(out.text(Target::Curl).unwrap().starts_with("curl -X "));
        assert!(out.signature.is_none());
    }

    #[test]
    fn one_target_is_rendered_as_among_every_target_and_no_other_is_rendered() {
        let creds = Credentials::AccessKey { access_key_id: "AK".into(), secret: Secret::new("sk"), session_token: None };
        for id in ["tencent.emr.ScaleOutInstance", "alibaba.emr.IncreaseNodes", "huawei.dcs.CancelInstanceResize", "otc.ddm.CreateInstance"]
        {
            let entry = catalog().get(id).unwrap();
            let values = crate::sample::sample_values(entry);
            let region = entry.endpoint.default_region.as_str();
            for signed in [false, true] {
                let signing = signed.then(|| Signing {
                    credentials: &creds,
                    at: UtcTime(1_700_000_000),
                    nonce: Some("n".into()),
                    tencent_sign_action: false,
                });
                let input = Input { entry, values: &values, region, signing, targets: &[] };
                let every = run(&Input { targets: &Target::EVERY, ..input.clone() });
                assert!(!every.texts.is_empty(), "{id}: {:?}", every.request);
                let none = run(&input);
                assert!(none.texts.is_empty() && none.operation_texts.is_empty(), "{id}: nothing asked, nothing rendered");
                for target in Target::EVERY {
                    let one = run(&Input { targets: &[target], ..input.clone() });
                    assert_eq!(one.text(target), every.text(target), "{id} {}", target.name());
                    assert_eq!(one.operation_text(target), every.operation_text(target), "{id} {}", target.name());
                    let asked = |t: &Target| *t == target;
                    assert!(
                        one.texts.iter().all(|(t, _)| asked(t)) && one.operation_texts.iter().all(|(t, _)| asked(t)),
                        "{id} {}",
                        target.name()
                    );
                    // Rendered on demand from an outcome that asked for none: the same text.
                    let on_demand = none.render_for(&input, target);
                    assert_eq!(on_demand.clone().and_then(Result::ok).as_deref(), every.text(target), "{id} {}", target.name());
                    if target.needs_operation() {
                        assert_eq!(on_demand.as_ref(), every.operation_text(target), "{id} {}", target.name());
                    }
                }
            }
        }
    }

    #[test]
    fn signing_failure_keeps_the_placeholders() {
        let entry = catalog().get("otc.ddm.ExpandInstanceNodes").unwrap();
        let values = json!({"project_id": "p", "instance_id": "i", "flavor_id": "f", "node_number": 1});
        let creds = Credentials::AccessKey { access_key_id: "AK".into(), secret: Secret::new("sk"), session_token: None };
        let signing = Signing { credentials: &creds, at: UtcTime(0), nonce: None, tencent_sign_action: false };
        let out = run(&Input { entry, values: &values, region: "eu-de", signing: Some(signing), targets: &[Target::Http] });
        let err = out.signature.unwrap().unwrap_err();
        assert!(err.to_string().contains("token authentication only"), "{err}");
        assert!(out.texts[0].1.as_ref().unwrap().contains("X-Auth-Token: <IAM_TOKEN>"));
    }
}
