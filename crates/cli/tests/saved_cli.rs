//! `cloudreq build --saved FILE --name NAME`: a saved-requests file (the web app's export
//! format) builds exactly what `build --values` builds for the same values, for every API
//! the CLI lists and every documented example; bad files and names exit 2 with a reason.

#[allow(dead_code)]
#[path = "../../core/tests/common/fixtures.rs"]
mod fixtures;
use cloudreq_core::catalog::catalog;
use cloudreq_core::request::import;
use cloudreq_core::saved::{to_file, SavedRequest};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn cloudreq(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cloudreq"));
    cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A file in a folder of its own per test (`tag`): the tests run in parallel.
fn scratch(tag: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudreq-saved-cli-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Ids as the CLI lists them (not a copied list).
fn listed_ids() -> Vec<String> {
    let out = cloudreq(&["list", "--json"], &[]);
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

/// One saved request per documented example of every listed service's first API that has
/// examples (and of every API of a service with few), with the values file the CLI takes for
/// the same values. (The per-operation check of every example is the oracle's
/// test_every_operation.py: one CLI run each, where this test runs ten.)
fn cases(tag: &str) -> Vec<(SavedRequest, PathBuf)> {
    let mut out = Vec::new();
    let mut services_seen: Vec<(String, usize)> = Vec::new();
    for id in listed_ids() {
        let entry = catalog().get(&id).unwrap();
        if entry.examples.is_empty() {
            continue;
        }
        let service = id.rsplit_once('.').map_or(id.clone(), |(s, _)| s.to_string());
        let taken = match services_seen.iter_mut().find(|(s, _)| *s == service) {
            Some((_, n)) => n,
            None => {
                services_seen.push((service, 0));
                &mut services_seen.last_mut().unwrap().1
            }
        };
        let reviewed = fixtures::REVIEWED.contains(&id.as_str());
        if *taken >= 3 && !reviewed {
            continue;
        }
        *taken += 1;
        for (i, ex) in entry.examples.iter().enumerate() {
            let imported = import(entry, &ex.url, ex.body.as_ref()).unwrap();
            let region = ex.region.clone().or(imported.region).unwrap_or_else(|| entry.endpoint.default_region.clone());
            let name = format!("{id} example {i} «{}»", ex.title);
            let file = scratch(tag, &format!("{id}-{i}.json"));
            std::fs::write(&file, serde_json::to_string_pretty(&imported.values).unwrap()).unwrap();
            out.push((SavedRequest { name, id: id.clone(), region, values: imported.values }, file));
        }
    }
    out
}

#[test]
fn build_saved_equals_build_values_for_every_api_and_format() {
    let cases = cases("all");
    let saved = scratch("all", "all.json");
    std::fs::write(&saved, to_file(&cases.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>())).unwrap();
    let saved = saved.to_str().unwrap();
    let mut compared = 0;
    for (s, values) in &cases {
        let values = values.to_str().unwrap();
        for format in ["curl", "curl-pwsh", "curl-cmd", "json", "http"] {
            let by_values = cloudreq(&["build", &s.id, "--values", values, "--region", &s.region, "--format", format, "--force"], &[]);
            // The region comes from the saved request.
            let by_saved = cloudreq(&["build", "--saved", saved, "--name", &s.name, "--format", format, "--force"], &[]);
            assert_eq!(by_values.status.code(), Some(0), "{}: {}", s.name, text(&by_values.stderr));
            assert_eq!(by_saved.status.code(), Some(0), "{}: {}", s.name, text(&by_saved.stderr));
            assert!(!by_values.stdout.is_empty());
            assert_eq!(text(&by_saved.stdout), text(&by_values.stdout), "{} {format}", s.name);
            assert_eq!(text(&by_saved.stderr), text(&by_values.stderr), "{} {format}: findings", s.name);
            compared += 1;
        }
    }
    assert!(compared >= 7 * 5, "{compared}");
}

#[test]
fn build_saved_signs_like_build_values() {
    let env = [("SK", "savedCliSecretKey0123456789"), ("TOK", "savedCliIamToken0123456789")];
    for (s, values) in cases("sign") {
        let entry = catalog().get(&s.id).unwrap();
        let creds: Vec<&str> = match entry.cloud.as_str() {
            "otc" => vec!["--token-env", "TOK"],
            _ => vec!["--access-key-id", "AKIDsavedcli", "--secret-key-env", "SK"],
        };
        let common =
            [&["--sign", "--at", "2025-01-24T08:00:00Z", "--nonce", "n0nce", "--format", "http", "--force"][..], &creds[..]].concat();
        let values = values.to_str().unwrap();
        let saved = scratch("sign", &format!("one-{}.json", s.id));
        std::fs::write(&saved, to_file(std::slice::from_ref(&s))).unwrap();
        let by_values = cloudreq(&[&["build", &s.id, "--values", values, "--region", &s.region][..], &common[..]].concat(), &env);
        let by_saved =
            cloudreq(&[&["build", &s.id, "--saved", saved.to_str().unwrap(), "--name", &s.name][..], &common[..]].concat(), &env);
        assert_eq!(by_values.status.code(), Some(0), "{}", text(&by_values.stderr));
        assert_eq!(text(&by_saved.stdout), text(&by_values.stdout), "{}", s.name);
        assert!(text(&by_saved.stdout).contains("Authorization") || text(&by_saved.stdout).contains("X-Auth-Token"));
    }
}

#[test]
fn region_option_overrides_the_saved_region() {
    let (s, values) = cases("region").into_iter().find(|(s, _)| s.id == "tencent.emr.ScaleOutInstance").unwrap();
    let saved = scratch("region", "region.json");
    std::fs::write(&saved, to_file(std::slice::from_ref(&s))).unwrap();
    let other = if s.region == "ap-singapore" { "ap-guangzhou" } else { "ap-singapore" };
    assert_ne!(s.region, other);
    let by_saved = cloudreq(&["build", "--saved", saved.to_str().unwrap(), "--name", &s.name, "--region", other, "--format", "http"], &[]);
    let by_values = cloudreq(&["build", &s.id, "--values", values.to_str().unwrap(), "--region", other, "--format", "http"], &[]);
    assert_eq!(text(&by_saved.stdout), text(&by_values.stdout));
    assert!(text(&by_saved.stdout).contains(other));
}

#[test]
fn bad_files_names_and_options_exit_2_with_a_reason() {
    let (s, values) = cases("bad").into_iter().next().unwrap();
    let good = scratch("bad", "good.json");
    std::fs::write(&good, to_file(std::slice::from_ref(&s))).unwrap();
    let good = good.to_str().unwrap();
    let other_id = catalog().entries.iter().map(|e| e.id.clone()).find(|id| *id != s.id).unwrap();
    let not_other = format!("not {other_id}");
    let write = |name: &str, body: &str| {
        let p = scratch("bad", name);
        std::fs::write(&p, body).unwrap();
        p.to_str().unwrap().to_string()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "--saved".into(),
                write("broken.json", "{\n  \"format\": \"cloudreq-saved-requests\",\n  \"version\": 1,\n  \"requests\": [\n}"),
                "--name".into(),
                "x".into(),
            ],
            "line 5, column 1",
        ),
        (vec!["--saved".into(), values.to_str().unwrap().into(), "--name".into(), "x".into()], "not a cloudreq saved-requests file"),
        (
            vec![
                "--saved".into(),
                write("v9.json", r#"{"format": "cloudreq-saved-requests", "version": 9, "requests": []}"#),
                "--name".into(),
                "x".into(),
            ],
            "version 9 is not supported",
        ),
        (
            vec![
                "--saved".into(),
                write(
                    "unknown.json",
                    r#"{"format": "cloudreq-saved-requests", "version": 1, "requests": [{"name": "a", "id": "nope.x.Y"}]}"#,
                ),
                "--name".into(),
                "a".into(),
            ],
            "no API with id \"nope.x.Y\"",
        ),
        (vec!["--saved".into(), good.into(), "--name".into(), "missing".into()], "no saved request is named \"missing\""),
        (vec!["--saved".into(), good.into()], "needs --name"),
        (vec!["--name".into(), "x".into(), s.id.clone()], "--name goes with --saved"),
        (vec!["--saved".into(), good.into(), "--name".into(), s.name.clone(), "--values".into(), good.into()], "not both"),
        (vec![other_id.clone(), "--saved".into(), good.into(), "--name".into(), s.name.clone()], not_other.as_str()),
        (vec!["--saved".into(), scratch("bad", "absent.json").to_str().unwrap().into(), "--name".into(), "x".into()], "reading"),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = std::iter::once("build").chain(args.iter().map(String::as_str)).collect();
        let out = cloudreq(&args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(needle), "{args:?}: {needle:?} not in {}", text(&out.stderr));
        assert!(out.stdout.is_empty());
    }
}
