//! `cloudreq import`: what `cloudreq build --format curl` prints, piped back in, gives the
//! operation, region and values it was built from; failures say why and exit non-zero.

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `cloudreq build … --format curl` (unsigned, and signed with a session token) piped into
/// `cloudreq import -`.
#[test]
fn built_curl_imports_back() {
    let values = json!({
        "ClusterId": "c-'quoted' $HOME `date` !x",
        "NodeGroupId": "ng-数据-🚀",
        "IncreaseNodeCount": 2,
        "AutoPayOrder": false,
        "ApplicationConfigs": [{"ApplicationName": "HDFS", "ConfigFileName": "hdfs-site.xml", "ConfigItemKey": "a b", "ConfigItemValue": "line\nbreak", "ConfigScope": "CLUSTER"}]
    });
    let file = std::env::temp_dir().join(format!("cloudreq-import-cli-{}.json", std::process::id()));
    std::fs::write(&file, values.to_string()).unwrap();
    let file = file.to_string_lossy().into_owned();
    let base = ["build", "alibaba.emr.IncreaseNodes", "--values", file.as_str(), "--region", "cn-shanghai", "--format", "curl", "--force"];
    let signed: Vec<&str> = base
        .iter()
        .copied()
        .chain([
            "--sign",
            "--access-key-id",
            "AKID-CLI",
            "--secret-key-env",
            "SK",
            "--security-token-env",
            "TOKEN",
            "--at",
            "2025-01-24T08:00:00Z",
        ])
        .collect();
    let env = [("SK", "sk-import-cli"), ("TOKEN", "token-import-cli")];
    for args in [&base[..], &signed[..]] {
        let built = run(args, &env, "");
        assert!(built.status.success(), "{}", stderr(&built));
        let curl = stdout(&built);
        assert!(curl.starts_with("curl ") || curl.starts_with("# signed"), "{curl}");

        let imported = run(&["import", "-"], &[], &curl);
        assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));
        let got: Value = serde_json::from_str(&stdout(&imported)).unwrap();
        assert_eq!(got["id"], "alibaba.emr.IncreaseNodes");
        assert_eq!(got["region"], "cn-shanghai");
        let mut want = values.clone();
        // RegionId is filled from the region when absent, and travels on the wire.
        want["RegionId"] = json!("cn-shanghai");
        assert_eq!(got["values"], want);
        assert_eq!(got["unplaced"], json!([]), "the signature's headers are auth, not unplaced");
        let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "region", "values", "unplaced"]);
        // Nothing of the credentials comes back.
        assert!(!stdout(&imported).contains("AKID-CLI") && !stdout(&imported).contains("token-import-cli"));
    }
}

#[test]
fn a_file_argument_and_unplaced_names() {
    let file = std::env::temp_dir().join(format!("cloudreq-import-cli-{}.sh", std::process::id()));
    std::fs::write(&file, "curl -s https://cvm.tencentcloudapi.com -H 'X-TC-Action: DescribeZones' -H 'X-TC-Version: 2017-03-12' -H 'X-TC-Region: ap-beijing' -H 'X-Trace: 1' -d '{}'\n").unwrap();
    let out = run(&["import", &file.to_string_lossy()], &[], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got, json!({"id": "tencent.cvm.DescribeZones", "region": "ap-beijing", "values": {}, "unplaced": ["header:X-Trace"]}));
    assert!(stderr(&out).contains("header:X-Trace"), "{}", stderr(&out));
}

#[test]
fn unrecognised_and_unreadable_commands_fail_clearly() {
    let out = run(&["import", "-"], &[], "curl -X POST https://ddm.ap-southeast-1.myhuaweicloud.com/v9/nothing/here\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("POST /v9/nothing/here matches no operation"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let out = run(&["import"], &[], "curl 'https://cvm.tencentcloudapi.com\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("single quote is not closed"), "{}", stderr(&out));

    let out = run(&["import", "/nonexistent/cmd.sh"], &[], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/cmd.sh"), "{}", stderr(&out));
}

/// `cloudreq build … --format tccli` and `--format aliyun` piped into `cloudreq import -`:
/// the same operation, region and values come back.
#[test]
fn built_vendor_commands_import_back() {
    let cases = [
        (
            "tencent.emr.ScaleOutInstance",
            "ap-shanghai",
            "tccli",
            json!({"InstanceId": "emr-'q' $HOME `date` !x", "ClientToken": "-数据\n🚀", "TimeSpan": 1, "TimeUnit": "s", "PayMode": 0, "Tags": [{"TagKey": "a b", "TagValue": "\"c\""}]}),
        ),
        (
            "alibaba.emr.IncreaseNodes",
            "cn-shanghai",
            "aliyun",
            json!({"ClusterId": "c-'q' $HOME `date` !x", "NodeGroupId": "-ng-数据-🚀", "IncreaseNodeCount": 2, "AutoPayOrder": false, "RegionId": "cn-shanghai", "ApplicationConfigs": [{"ApplicationName": "HDFS", "ConfigItemValue": "line\nbreak"}]}),
        ),
    ];
    for (id, region, format, values) in cases {
        let file = std::env::temp_dir().join(format!("cloudreq-import-cli-{format}-{}.json", std::process::id()));
        std::fs::write(&file, values.to_string()).unwrap();
        let built = run(&["build", id, "--values", &file.to_string_lossy(), "--region", region, "--format", format, "--force"], &[], "");
        assert!(built.status.success(), "{}", stderr(&built));
        let command = stdout(&built);
        assert!(command.contains(&format!("\n{format} ")), "{command}");
        let imported = run(&["import", "-"], &[], &command);
        assert_eq!(imported.status.code(), Some(0), "{}\n{command}", stderr(&imported));
        let got: Value = serde_json::from_str(&stdout(&imported)).unwrap();
        assert_eq!(got, json!({"id": id, "region": region, "values": values, "unplaced": []}), "{command}");
    }
}
