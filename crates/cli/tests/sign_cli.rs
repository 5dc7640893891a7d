//! `cloudreq build --sign` and `cloudreq sign`: where secrets may come from, the validity
//! comment, --explain, and that the secret never shows up anywhere.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SK: &str = "SK-cli-never-leak-5e4d3c2b1a";
const TOKEN: &str = "sts-token-cli-never-leak-99";

fn run(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cloudreq"));
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn values_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("cloudreq-sign-cli-{}-{name}.json", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn all_text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn signed_build_has_comment_signature_and_no_secret() {
    let v = values_file("ali", r#"{"ClusterId":"c-1","NodeGroupId":"ng-1","IncreaseNodeCount":2}"#);
    let out = run(
        &[
            "build",
            "alibaba.emr.IncreaseNodes",
            "--values",
            &v,
            "--sign",
            "--access-key-id",
            "AKID",
            "--secret-key-env",
            "CR_SK",
            "--security-token-env",
            "CR_TOKEN",
            "--at",
            "2025-01-24T08:00:00Z",
            "--nonce",
            "abc123",
            "--explain",
        ],
        &[("CR_SK", SK), ("CR_TOKEN", TOKEN)],
        "",
    );
    assert!(out.status.success(), "{}", all_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "# signed 2025-01-24T08:00:00Z; the signature stops being valid at 2025-01-24T08:15:00Z (15 minutes later)\ncurl -X POST "
        ),
        "{stdout}"
    );
    assert!(stdout.contains("-H 'x-acs-signature-nonce: abc123'"));
    assert!(stdout.contains("-H 'Authorization: ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature="));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("== canonical request") && stderr.contains("== string to sign"));
    assert!(stderr.contains("x-acs-security-token:<secret: 27 characters>"), "{stderr}");
    assert!(!all_text(&out).contains(SK));
    assert!(!stderr.contains(TOKEN), "token leaked into --explain");
}

#[test]
fn secret_from_stdin_and_cmd_comment() {
    let v = values_file("dcs", r#"{"project_id":"p","instance_id":"i","task_id":"t"}"#);
    let out = run(
        &[
            "build",
            "huawei.dcs.CancelInstanceResize",
            "--values",
            &v,
            "--sign",
            "--access-key-id",
            "AKID",
            "--secret-key-stdin",
            "--at",
            "2025-01-01T12:00:00Z",
            "--format",
            "curl-cmd",
        ],
        &[],
        &format!("{SK}\n"),
    );
    assert!(out.status.success(), "{}", all_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("rem signed 2025-01-01T12:00:00Z;"), "{stdout}");
    assert!(stdout.contains("-H \"X-Sdk-Date: 20250101T120000Z\""));
    assert!(stdout.contains("-H \"X-Project-Id: p\""));
    assert!(!all_text(&out).contains(SK));
}

#[test]
fn secrets_are_refused_on_the_command_line_and_missing_ones_explained() {
    let v = values_file("t", r#"{"TimeUnit":"s","TimeSpan":3600,"InstanceId":"emr-1","PayMode":0}"#);
    let base = ["build", "tencent.emr.ScaleOutInstance", "--values", &v, "--sign", "--access-key-id", "AKID"];
    let out = run(&[&base[..], &[&format!("--secret-key={SK}")]].concat(), &[], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not accepted on the command line"));
    assert!(!all_text(&out).contains(SK), "the refused secret must not be echoed back");
    let out = run(&base, &[], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--secret-key-env NAME or --secret-key-stdin"));
    let out = run(&[&base[..], &["--secret-key-env", "CR_UNSET_VAR"]].concat(), &[], "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("CR_UNSET_VAR (secret key) is not set"));
    let out = run(&[&base[..], &["--secret-key-env", "CR_SK", "--at", "yesterday"]].concat(), &[("CR_SK", SK)], "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an RFC 3339 time"));
    assert!(!all_text(&out).contains(SK));
    let out = run(&["build", "tencent.emr.ScaleOutInstance", "--values", &v, "--access-key-id", "AKID"], &[], "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("credentials were given without --sign"));
}

#[test]
fn otc_uses_an_iam_token() {
    let v = values_file("otc", r#"{"project_id":"p","instance_id":"i","flavor_id":"f","node_number":1,"group_id":"g"}"#);
    let out = run(
        &["build", "otc.ddm.ExpandInstanceNodes", "--values", &v, "--sign", "--access-key-id", "AKID", "--secret-key-env", "CR_SK"],
        &[("CR_SK", SK)],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("token authentication only"));
    let out = run(
        &["build", "otc.ddm.ExpandInstanceNodes", "--values", &v, "--sign", "--token-env", "CR_TOKEN", "--format", "http"],
        &[("CR_TOKEN", TOKEN)],
        "",
    );
    assert!(out.status.success(), "{}", all_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("X-Auth-Token: {TOKEN}\r\n")));
    assert!(!stdout.contains("Authorization"));
}

#[test]
fn raw_sign_reproduces_a_published_vector() {
    // huawei.md §6.3 V1 (huaweicloudsdkcore Signer, OTC host, fixed date).
    let request = r#"{"method":"POST","host":"ddm.eu-de.otc.t-systems.com",
      "path":"/v2/619d3e78f61b4be68bc5aa0b59edcf7b/instances/1f5c9fd6cd984056ba89c8c87cc03278in09/action/enlarge",
      "headers":[["Content-Type","application/json;charset=utf-8"]],
      "body":"{\"flavor_id\":\"8f2e696c-a9c1-30bd-af90-25522bc67606\",\"node_number\":1}",
      "project_id":"619d3e78f61b4be68bc5aa0b59edcf7b"}"#;
    let out = run(
        &[
            "sign",
            "--cloud",
            "huawei",
            "--service",
            "ddm",
            "--access-key-id",
            "QTWAOYTTINDUT2QVKYUC",
            "--secret-key-env",
            "CR_SK",
            "--at",
            "2025-01-01T12:00:00Z",
        ],
        &[("CR_SK", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")],
        request,
    );
    assert!(out.status.success(), "{}", all_text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stages"]["signature"], "f0731785310c3c120ab5776295411c1cd9f76466d612bd62b13a7ab5a4b0c259");
}
