//! `cloudreq serve` binds loopback by default and warns loudly for any other address.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn dist() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudreq-serve-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html><head></head><body></body></html>").unwrap();
    dir
}

/// Starts serve, returns its first stdout line and its stderr so far, then stops it.
fn first_line(extra: &[&str]) -> (String, String) {
    let dir = dist();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudreq"))
        .args(["serve", "--port", "0", "--dist"])
        .arg(&dir)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    (line, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn binds_loopback_by_default() {
    let (line, stderr) = first_line(&[]);
    assert!(line.starts_with("cloudreq is serving on http://127.0.0.1:"), "{line}");
    assert!(!stderr.contains("WARNING"), "{stderr}");
}

#[test]
fn another_address_needs_the_flag_and_gets_a_warning() {
    let (line, stderr) = first_line(&["--address", "0.0.0.0"]);
    assert!(line.starts_with("cloudreq is serving on http://0.0.0.0:"), "{line}");
    assert!(stderr.contains("WARNING: cloudreq serve is listening on 0.0.0.0, not loopback"), "{stderr}");
}

#[test]
fn overrides_warn_and_must_name_catalog_hosts() {
    let (_, stderr) = first_line(&["--upstream-override", "emr.tencentcloudapi.com=127.0.0.1:9"]);
    assert!(stderr.contains("WARNING:   emr.tencentcloudapi.com -> 127.0.0.1:9"), "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_cloudreq"))
        .args(["serve", "--port", "0", "--dist"])
        .arg(dist())
        .args(["--upstream-override", "evil.example=127.0.0.1:9"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an API host of the catalog"));
}

fn test_ca() -> std::path::PathBuf {
    let cert = rcgen::generate_simple_self_signed(vec!["emr.tencentcloudapi.com".to_string()]).unwrap();
    let path = std::env::temp_dir().join(format!("cloudreq-serve-cli-ca-{}.pem", std::process::id()));
    std::fs::write(&path, cert.cert.pem()).unwrap();
    path
}

#[test]
fn extra_ca_alone_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudreq"))
        .args(["serve", "--port", "0", "--dist"])
        .arg(dist())
        .arg("--extra-ca")
        .arg(test_ca())
        .output()
        .unwrap();
    assert!(!out.status.success(), "serve started with --extra-ca and no override");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--extra-ca is only accepted with --upstream-override"), "{stderr}");
}

#[test]
fn extra_ca_warns_and_names_the_hosts_it_is_trusted_for() {
    let ca = test_ca();
    let (line, stderr) = first_line(&["--upstream-override", "emr.tencentcloudapi.com=127.0.0.1:9", "--extra-ca", ca.to_str().unwrap()]);
    assert!(line.starts_with("cloudreq is serving on"), "{line}");
    let warning =
        stderr.lines().find(|l| l.starts_with("WARNING: --extra-ca")).unwrap_or_else(|| panic!("no --extra-ca warning: {stderr}"));
    assert!(warning.contains("emr.tencentcloudapi.com only"), "{warning}");
    assert!(warning.contains("tokens included"), "{warning}");
}
