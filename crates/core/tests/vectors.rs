//! Published signing vectors (from the clouds' docs and the official SDKs' signers, as recorded
//! in the reference files): one folder per case under `tests/vectors/`, `input.json` plus one
//! file per expected stage. Each stage is compared on its own, and a failure names it.

use cloudreq_core::catalog::Cloud;
use cloudreq_core::request::HttpRequest;
use cloudreq_core::sign::{sign, Credentials, Scope, Secret, SignOptions, UtcTime};
use serde_json::Value;
use std::path::Path;

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string())).collect()
}

#[test]
fn published_vectors_match_stage_by_stage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|d| d.unwrap().path()).collect();
    dirs.sort();
    let mut failures = Vec::new();
    let mut stages_checked = 0;
    for dir in &dirs {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap()).unwrap();
        let cloud: Cloud = serde_json::from_value(input["cloud"].clone()).unwrap();
        let req = HttpRequest {
            method: input["method"].as_str().unwrap().into(),
            scheme: "https".into(),
            host: input["host"].as_str().unwrap().into(),
            path: input["path"].as_str().unwrap().into(),
            query: pairs(&input["query"]),
            headers: pairs(&input["headers"]),
            body: input["body"].as_str().unwrap().as_bytes().to_vec(),
        };
        let at = match &input["time"] {
            Value::Number(n) => UtcTime(n.as_i64().unwrap()),
            Value::String(s) => UtcTime::parse_rfc3339(s).unwrap(),
            other => panic!("{case}: bad time {other}"),
        };
        let c = &input["credentials"];
        let id = c["access_key_id"].as_str().unwrap().to_string();
        let secret = Secret::new(c["secret"].as_str().unwrap());
        let token = c["token"].as_str().map(Secret::new);
        let creds = Credentials::AccessKey { access_key_id: id, secret, session_token: token };
        let opts = SignOptions {
            nonce: input["nonce"].as_str().map(str::to_string),
            project_id: input["project_id"].as_str().map(str::to_string),
            tencent_sign_action: input["tencent_sign_action"].as_bool().unwrap_or(false),
        };
        let scope = Scope { cloud, service: input["service"].as_str().unwrap(), region: input["region"].as_str().unwrap_or(""), at };
        let signed = sign(&scope, &req, &creds, &opts).unwrap_or_else(|e| panic!("{case}: {e}"));
        let s = &signed.stages;
        let actual = [
            ("canonical_request", &s.canonical_request),
            ("canonical_request_hash", &s.canonical_request_hash),
            ("string_to_sign", &s.string_to_sign),
            ("signature", &s.signature),
            ("authorization", &s.authorization),
        ];
        let mut found = 0;
        for (stage, got) in actual {
            let Ok(expected) = std::fs::read_to_string(dir.join(format!("{stage}.txt"))) else { continue };
            found += 1;
            stages_checked += 1;
            if &expected != got {
                failures.push(format!("{case}: stage {stage} differs\n--- expected\n{expected}\n--- got\n{got}"));
            }
        }
        assert!(found >= 2, "{case}: fewer than two expected stages");
        assert_eq!(signed.request.header("Authorization"), Some(s.authorization.as_str()), "{case}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(dirs.len() >= 11 && stages_checked >= 35, "{} cases, {stages_checked} stages", dirs.len());
    eprintln!("signing vectors: {} cases, {stages_checked} stages matched", dirs.len());
}
