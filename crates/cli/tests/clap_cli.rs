//! The command line as clap parses it: per-command help, completion scripts, and secrets kept
//! out of every message however they are mistyped.

use std::process::{Command, Output};

fn cloudreq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudreq")).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const SUBCOMMANDS: [&str; 8] = ["list", "show", "validate", "build", "serve", "sign", "catalog", "completions"];

#[test]
fn bash_completion_names_every_subcommand_and_runs_in_bash() {
    let out = cloudreq(&["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    for sub in SUBCOMMANDS {
        assert!(script.contains(sub), "{sub} missing from the bash completion");
    }
    for option in ["--values", "--secret-key-env", "--upstream-override", "--tencent-sign-action"] {
        assert!(script.contains(option), "{option} missing from the bash completion");
    }
    // The script must load in a real bash and complete "cloudreq bu" to "build".
    let path = std::env::temp_dir().join(format!("cloudreq-completion-{}.bash", std::process::id()));
    std::fs::write(&path, &script).unwrap();
    let probe = format!(
        "source {}; COMP_WORDS=(cloudreq bu); COMP_CWORD=1; COMP_LINE='cloudreq bu'; COMP_POINT=11; _cloudreq cloudreq bu cloudreq; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let out = Command::new("bash").args(["--norc", "-c", &probe]).output().unwrap();
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "build", "{}", text(&out.stderr));
}

#[test]
fn other_shells_get_their_scripts_and_an_unknown_shell_is_a_usage_error() {
    for (shell, marker) in [("zsh", "#compdef cloudreq"), ("fish", "complete -c cloudreq"), ("powershell", "Register-ArgumentCompleter")] {
        let out = cloudreq(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        assert!(text(&out.stdout).contains(marker), "{shell}: no {marker:?}");
    }
    assert_eq!(cloudreq(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn each_command_has_its_own_help() {
    for (sub, option) in [("build", "--saved"), ("serve", "--extra-ca"), ("sign", "--cloud"), ("validate", "--values"), ("list", "--json")]
    {
        let out = cloudreq(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}");
        let help = text(&out.stdout);
        assert!(help.contains(&format!("Usage: cloudreq {sub}")) && help.contains(option), "{sub}: {help}");
    }
    let out = cloudreq(&["help", "catalog"]);
    assert!(out.status.success() && text(&out.stdout).contains("check"));
}

#[test]
fn a_mistyped_secret_is_never_echoed() {
    const SECRET: &str = "sk-typed-on-the-command-line-7f3a";
    for args in [
        vec!["build", "tencent.emr.ScaleOutInstance", "--secret-key", SECRET],
        vec!["build", "tencent.emr.ScaleOutInstance", &format!("--secret-key={SECRET}")],
        vec!["build", "tencent.emr.ScaleOutInstance", &format!("--token={SECRET}")],
        vec!["sign", "--cloud", "tencent", &format!("--secret={SECRET}")],
        vec!["build", "tencent.emr.ScaleOutInstance", &format!("--sk={SECRET}")],
    ] {
        let out = cloudreq(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!all.contains(SECRET), "{args:?} echoed the secret: {all}");
    }
}

#[test]
fn option_values_may_start_with_a_dash() {
    // Random key ids and nonces do; the hand-written parser took any next word as the value.
    let out = Command::new(env!("CARGO_BIN_EXE_cloudreq"))
        .args([
            "sign",
            "--cloud",
            "alibaba",
            "--service",
            "-emr",
            "--access-key-id",
            "-Wk3",
            "--secret-key-env",
            "DASH_SK",
            "--at",
            "2025-01-24T08:00:00Z",
            "--nonce",
            "-n0",
        ])
        .env("DASH_SK", "dash-secret")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    // Standard input is empty, so the request is refused as input (exit 2), after every
    // option parsed.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("the request is not valid JSON"), "{}", text(&out.stderr));
}
