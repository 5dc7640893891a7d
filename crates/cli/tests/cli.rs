//! The `cloudreq` binary end to end: commands, exit codes, messages.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn cloudreq(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudreq"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        // A command that fails before reading its input closes the pipe early: not an error here.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn list_shows_every_api_of_the_catalog() {
    let ids: Vec<&str> = cloudreq_core::catalog().entries.iter().map(|e| e.id.as_str()).collect();
    let out = cloudreq(&["list"], None);
    assert!(out.status.success());
    let listed: Vec<String> = text(&out.stdout).lines().map(|l| l.split_whitespace().next().unwrap_or("").to_string()).collect();
    assert_eq!(listed, ids);
    let out = cloudreq(&["list", "--json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed: Vec<&str> = v.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(listed, ids);
    assert!(listed.contains(&"tencent.emr.ScaleOutInstance"));
}

#[test]
fn show_describes_fields_rules_and_endpoints() {
    let out = cloudreq(&["show", "huawei.ddm.CreateInstance"], None);
    let s = text(&out.stdout);
    assert!(out.status.success());
    for needle in ["POST /v1/{project_id}/instances", "default region: ap-southeast-1", "admin_user_password", "period_num", "DBS.300376"] {
        assert!(s.contains(needle), "missing {needle} in\n{s}");
    }
    let out = cloudreq(&["show", "alibaba.emr.IncreaseNodes", "--json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["style"], "rpc");
    let names: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"IncreaseNodeCount"), "{names:?}");
    let out = cloudreq(&["show", "nope"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("known ids"));
}

#[test]
fn validate_prints_one_finding_per_line_and_exits_1_on_errors() {
    let values = r#"{"project_id":"p","instance":{"name":"1abc","flavor_id":"f","node_num":"12a","engine_id":"e","available_zones":[],"vpc_id":"v","security_group_id":"s","subnet_id":"n"},"extend_param":{"charge_mode":"prePaid"}}"#;
    let out = cloudreq(&["validate", "huawei.ddm.CreateInstance", "--values", "-"], Some(values));
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    for line in [
        "instance.name: error: must start with a letter",
        "instance.node_num: error: must be a whole number, not the text \"12a\"",
        "instance.available_zones: error: must not be empty (has 0)",
        "extend_param.period_type: error: extend_param.period_type is required when extend_param.charge_mode is \"prePaid\"",
    ] {
        assert!(s.lines().any(|l| l == line), "missing line {line:?} in\n{s}");
    }
    let good = r#"{"project_id":"p","flavor_id":"f","node_number":1,"group_id":"g","instance_id":"i"}"#;
    let out = cloudreq(&["validate", "otc.ddm.ExpandInstanceNodes", "--values", "-"], Some(good));
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn malformed_values_get_line_and_column() {
    let out = cloudreq(&["validate", "huawei.ddm.CreateInstance", "--values", "-"], Some("{\n  \"instance\": {,\n}"));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("not valid JSON") && err.contains("line 2, column"), "{err}");
    let out = cloudreq(&["validate", "huawei.ddm.CreateInstance", "--values", "/no/such/file"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("reading /no/such/file"));
}

#[test]
fn build_refuses_errors_unless_forced_and_uses_the_default_region() {
    let bad = r#"{"ClusterId":"c","NodeGroupId":"n","IncreaseNodeCount":0}"#;
    let out = cloudreq(&["build", "alibaba.emr.IncreaseNodes", "--values", "-"], Some(bad));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("IncreaseNodeCount: error: must be between 1 and 500 (is 0)"));
    assert!(out.stdout.is_empty());
    let out = cloudreq(&["build", "alibaba.emr.IncreaseNodes", "--values", "-", "--force", "--format", "http"], Some(bad));
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(
        s.starts_with(
            "POST /?ClusterId=c&IncreaseNodeCount=0&NodeGroupId=n&RegionId=cn-hangzhou HTTP/1.1\r\nHost: emr.cn-hangzhou.aliyuncs.com\r\n"
        ),
        "{s}"
    );
}

#[test]
fn build_formats_and_region() {
    let values = r#"{"project_id":"619d","instance_id":"5560","task_id":"ff80"}"#;
    let out = cloudreq(&["build", "huawei.dcs.CancelInstanceResize", "--values", "-", "--region", "cn-north-4"], Some(values));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "curl -X POST 'https://dcs.cn-north-4.myhuaweicloud.com/v2/619d/instances/5560/resize/cancel/ff80' \\\n  -H 'Content-Type: application/json' \\\n  -H 'X-Auth-Token: <IAM_TOKEN>' \\\n  -H 'Content-Length: 0'\n"
    );
    let out = cloudreq(&["build", "huawei.dcs.CancelInstanceResize", "--values", "-", "--region", "xx-nowhere-1"], Some(values));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("region: error: xx-nowhere-1 is not a known region"));
    let out = cloudreq(&["build", "huawei.dcs.CancelInstanceResize", "--values", "-", "--format", "yaml"], Some(values));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown format yaml"));
    for format in ["json", "curl", "curl-pwsh", "curl-cmd", "http"] {
        let out = cloudreq(&["build", "huawei.dcs.CancelInstanceResize", "--values", "-", "--format", format], Some(values));
        assert!(out.status.success(), "{format}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(cloudreq(&[], None).status.code(), Some(2));
    assert_eq!(cloudreq(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(cloudreq(&["build", "huawei.dcs.CancelInstanceResize"], None).status.code(), Some(2));
    assert!(cloudreq(&["--help"], None).status.success());
}
