//! A reader that stops early (`cloudreq list | head -1`) ends the command quietly: exit 0, no
//! panic message, also under `set -o pipefail`.

use std::process::Command;

fn through_head(args: &str) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_cloudreq");
    let script = format!("set -o pipefail; '{bin}' {args} | head -1 >/dev/null");
    Command::new("bash").arg("-c").arg(script).output().expect("bash runs")
}

#[test]
fn list_and_show_into_a_closed_pipe_exit_quietly() {
    for args in [
        "list",
        "list --json",
        "show huawei.ecs.CreateServers",
        "show huawei.ecs.CreateServers --json",
        "export openapi --cloud huawei --service ecs",
    ] {
        let out = through_head(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args}: {stderr}");
    }
}
