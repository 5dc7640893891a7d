//! Signing behaviour beyond the vectors: secrets stay out of every printable thing, inputs
//! (time, nonce) drive the output, and misuse is an error, not a panic.

use cloudreq_core::catalog::catalog;
use cloudreq_core::emit::{emit, Target};
use cloudreq_core::request::{build, import};
use cloudreq_core::sign::{sign, AuthMode, Credentials, Scope, Secret, SignOptions, UtcTime};

const SK: &str = "SK-must-never-leak-0f9e8d7c6b5a";
const TOKEN: &str = "session-token-must-not-leak-1234";

/// The cloud's preferred credentials (an access key where it takes one; a token otherwise).
fn creds_for(cloud: cloudreq_core::Cloud) -> Credentials {
    let profile = cloudreq_core::profile::profile(cloud);
    if profile.takes(AuthMode::AccessKey) {
        // A session token where the signer sends one beside the key (Tencent, Alibaba here).
        let session_token = (cloud != cloudreq_core::Cloud::Huawei).then(|| Secret::new(TOKEN));
        Credentials::AccessKey { access_key_id: "AKID".into(), secret: Secret::new(SK), session_token }
    } else {
        Credentials::Token { token: Secret::new(TOKEN) }
    }
}

fn opts() -> SignOptions {
    SignOptions { nonce: Some("n0nce".into()), project_id: Some("p".into()), tencent_sign_action: false }
}

#[test]
fn secret_keys_appear_in_no_output_stage_or_debug_print() {
    for e in &catalog().entries {
        let (values, region) = match e.examples.first() {
            Some(ex) => {
                let imported = import(e, &ex.url, ex.body.as_ref()).unwrap();
                (imported.values, ex.region.clone().or(imported.region).unwrap_or(e.endpoint.default_region.clone()))
            }
            None => (cloudreq_core::sample::sample_values(e), e.endpoint.default_region.clone()),
        };
        let req = build(e, &values, &region).unwrap();
        let creds = creds_for(e.cloud);
        assert!(!format!("{creds:?}").contains(SK), "Debug of credentials leaks");
        assert!(!format!("{creds:?}").contains(TOKEN), "Debug of credentials leaks the token");
        let signed = sign(&Scope::of(e, "r", UtcTime(1_700_000_000)), &req, &creds, &opts()).unwrap();
        assert!(!format!("{signed:?}").contains(SK));
        assert!(!signed.stages.to_string().contains(SK));
        for t in Target::ALL {
            assert!(!emit(&signed.request, e.style, t).unwrap().contains(SK), "{} {:?}", e.id, t);
        }
    }
    assert_eq!(format!("{:?}", Secret::new(SK)), "Secret(***)");
    assert_eq!(Secret::new(SK).to_string(), "***");
}

#[test]
fn time_and_nonce_change_the_signature_and_set_expiry() {
    let e = catalog().get("alibaba.emr.IncreaseNodes").unwrap();
    let values = serde_json::json!({"ClusterId": "c", "NodeGroupId": "n", "IncreaseNodeCount": 1});
    let req = build(e, &values, "cn-hangzhou").unwrap();
    let creds = creds_for(e.cloud);
    let a = sign(&Scope::of(e, "r", UtcTime(1_700_000_000)), &req, &creds, &opts()).unwrap();
    let b = sign(&Scope::of(e, "r", UtcTime(1_700_000_000)), &req, &creds, &opts()).unwrap();
    assert_eq!(a, b, "signing is a pure function of its inputs");
    let later = sign(&Scope::of(e, "r", UtcTime(1_700_000_001)), &req, &creds, &opts()).unwrap();
    assert_ne!(a.stages.signature, later.stages.signature);
    let other_nonce = SignOptions { nonce: Some("other".into()), ..opts() };
    assert_ne!(a.stages.signature, sign(&Scope::of(e, "r", UtcTime(1_700_000_000)), &req, &creds, &other_nonce).unwrap().stages.signature);
    assert_eq!(a.valid_until, Some(1_700_000_000 + 900));
    assert_eq!(a.request.header("x-acs-security-token"), Some(TOKEN));
    assert!(a.stages.canonical_request.contains("x-acs-security-token:"), "the STS token is signed");

    let t = catalog().get("tencent.emr.ScaleOutInstance").unwrap();
    let tv = serde_json::json!({"TimeUnit": "s", "TimeSpan": 3600, "InstanceId": "emr-1", "PayMode": 0});
    let treq = build(t, &tv, "ap-guangzhou").unwrap();
    let ts = sign(&Scope::of(t, "r", UtcTime(1_700_000_000)), &treq, &creds_for(t.cloud), &opts()).unwrap();
    assert_eq!(ts.valid_until, Some(1_700_000_000 + 300));
    assert_eq!(ts.request.header("X-TC-Token"), Some(TOKEN));
    assert!(!ts.stages.canonical_request.contains(TOKEN), "the TC3 token header is not signed");

    let h = catalog().get("huawei.dcs.CancelInstanceResize").unwrap();
    let hv = serde_json::json!({"project_id": "p", "instance_id": "i", "task_id": "t"});
    let hreq = build(h, &hv, "cn-north-4").unwrap();
    let hs = sign(&Scope::of(h, "r", UtcTime(1_700_000_000)), &hreq, &creds_for(h.cloud), &opts()).unwrap();
    assert_eq!(hs.request.header("X-Sdk-Date"), Some("20231114T221320Z"));
    assert_eq!(hs.request.header("X-Project-Id"), Some("p"));
    assert_eq!(hs.valid_until, Some(1_700_000_000 + 900));
}

#[test]
fn token_auth_adds_the_token_and_signs_nothing() {
    let e = catalog().get("otc.ddm.ExpandInstanceNodes").unwrap();
    let v = serde_json::json!({"project_id": "p", "instance_id": "i", "flavor_id": "f", "node_number": 1});
    let req = build(e, &v, "eu-de").unwrap();
    let creds = Credentials::Token { token: Secret::new(TOKEN) };
    let s = sign(&Scope::of(e, "r", UtcTime(0)), &req, &creds, &SignOptions::default()).unwrap();
    assert_eq!(s.request.header("X-Auth-Token"), Some(TOKEN));
    assert_eq!(s.request.header("Authorization"), None);
    assert_eq!(s.valid_until, None);
    assert!(!s.stages.to_string().contains(TOKEN));
}

#[test]
fn misuse_is_an_error() {
    let e = catalog().get("alibaba.emr.IncreaseNodes").unwrap();
    let req = build(e, &serde_json::json!({"ClusterId": "c", "NodeGroupId": "n", "IncreaseNodeCount": 1}), "cn-hangzhou").unwrap();
    let no_nonce = SignOptions::default();
    assert!(sign(&Scope::of(e, "r", UtcTime(0)), &req, &creds_for(e.cloud), &no_nonce).unwrap_err().to_string().contains("nonce"));
    let token = Credentials::Token { token: Secret::new(TOKEN) };
    let err = sign(&Scope::of(e, "r", UtcTime(0)), &req, &token, &opts()).unwrap_err();
    assert_eq!(err.to_string(), "alibaba does not take token credentials: Alibaba Cloud OpenAPI takes an AccessKey");
    let otc = catalog().get("otc.ddm.ExpandInstanceNodes").unwrap();
    let key = creds_for(cloudreq_core::Cloud::Huawei);
    let err = sign(&Scope::of(otc, "eu-de", UtcTime(0)), &req, &key, &opts()).unwrap_err();
    assert!(err.to_string().contains("token authentication only"), "{err}");
}
