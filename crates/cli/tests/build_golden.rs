//! `cloudreq build` byte for byte, before and after the pipeline moved into core.
//!
//! Unsigned: every documented example and every core fixture, in every format, must print
//! exactly the reviewed files of crates/core/tests/golden/. Signed (fixed time, nonce and
//! credentials; AK/SK with and without a session token, and an IAM token): the outputs and
//! the `--explain` text recorded in tests/golden_signed/ from the binary as it was before the
//! pipeline existed. Regenerate (only on purpose) with `UPDATE_GOLDEN=1`.

use cloudreq_core::catalog::catalog;
use cloudreq_core::profile::profile;
use cloudreq_core::sign::AuthMode;
use std::path::{Path, PathBuf};
use std::process::Command;

const FORMATS: [&str; 5] = ["curl", "curl-pwsh", "curl-cmd", "json", "http"];
const SECRET: &str = "golden-secret-key-0123456789";
const SESSION: &str = "golden-session-token-abcdef";

#[path = "../../core/tests/common/fixtures.rs"]
mod fixtures;
use fixtures::{fixtures, Fixture};

fn values_file(fx: &Fixture, tag: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cloudreq-build-golden-{}-{tag}-{}.json", std::process::id(), fx.name));
    std::fs::write(&path, fx.values.to_string()).unwrap();
    path
}

/// Runs `cloudreq build` and returns (stdout, stderr); the command must succeed.
fn build(args: &[&str]) -> (String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_cloudreq")).args(args).env("GOLDEN_SK", SECRET).env("GOLDEN_TOKEN", SESSION).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "cloudreq {args:?} failed:\n{stderr}");
    (stdout, stderr)
}

struct Compare {
    update: bool,
    compared: usize,
    mismatches: Vec<String>,
}

impl Compare {
    fn check(&mut self, file: &Path, text: &str) {
        if self.update {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
            return;
        }
        let expected = std::fs::read_to_string(file).unwrap_or_else(|_| panic!("missing golden file {}", file.display()));
        self.compared += 1;
        if expected != text {
            self.mismatches.push(format!("{}\n--- expected\n{expected}\n--- got\n{text}", file.display()));
        }
    }
}

#[test]
fn unsigned_build_prints_the_reviewed_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/golden");
    let mut cmp = Compare { update: false, compared: 0, mismatches: Vec::new() };
    for fx in fixtures() {
        let values = values_file(&fx, "unsigned");
        for format in FORMATS {
            let (stdout, _) =
                build(&["build", &fx.entry, "--values", values.to_str().unwrap(), "--region", &fx.region, "--format", format, "--force"]);
            cmp.check(&dir.join(format!("{}.{format}.txt", fx.name)), &stdout);
        }
        std::fs::remove_file(values).ok();
    }
    assert!(cmp.mismatches.is_empty(), "{} mismatches:\n{}", cmp.mismatches.len(), cmp.mismatches.join("\n"));
    assert!(cmp.compared >= 45, "compared only {}", cmp.compared);
}

#[test]
fn signed_build_prints_what_it_printed_before_the_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_signed");
    let mut cmp = Compare { update: std::env::var_os("UPDATE_GOLDEN").is_some(), compared: 0, mismatches: Vec::new() };
    for fx in fixtures() {
        let cloud = catalog().get(&fx.entry).unwrap().cloud;
        let values_path = values_file(&fx, "signed");
        let values = values_path.to_str().unwrap();
        let token = ["--token-env", "GOLDEN_TOKEN"];
        let aksk = ["--access-key-id", "GOLDEN-AK-ID", "--secret-key-env", "GOLDEN_SK"];
        let sts = ["--access-key-id", "GOLDEN-AK-ID", "--secret-key-env", "GOLDEN_SK", "--security-token-env", "GOLDEN_TOKEN"];
        // Every auth mode the cloud takes: a token; an access key with and without a session
        // token.
        let profile = profile(cloud);
        let mut modes: Vec<(&str, &[&str])> = Vec::new();
        if profile.takes(AuthMode::Token) {
            modes.push(("token", &token));
        }
        if profile.takes(AuthMode::AccessKey) {
            modes.extend([("aksk", &aksk[..]), ("sts", &sts[..])]);
        }
        for (mode, creds) in modes {
            for format in FORMATS {
                let mut args =
                    vec!["build", &fx.entry, "--values", values, "--region", &fx.region, "--format", format, "--force", "--sign"];
                args.extend_from_slice(creds);
                args.extend_from_slice(&["--at", "2025-01-24T08:00:00Z", "--nonce", "golden-nonce-1", "--explain"]);
                let (stdout, stderr) = build(&args);
                assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET), "secret leaked");
                cmp.check(&dir.join(format!("{}.{mode}.{format}.txt", fx.name)), &stdout);
                if format == "http" {
                    cmp.check(&dir.join(format!("{}.{mode}.stderr.txt", fx.name)), &stderr);
                }
            }
        }
        std::fs::remove_file(&values_path).ok();
    }
    assert!(cmp.mismatches.is_empty(), "{} mismatches:\n{}", cmp.mismatches.len(), cmp.mismatches.join("\n"));
    assert!(cmp.update || cmp.compared >= 100, "compared only {}", cmp.compared);
}
