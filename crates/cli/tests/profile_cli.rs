//! Messages that now come from the clouds' profiles must read as they did when the CLI wrote
//! them out by hand.

use std::process::Command;

fn stderr_of(args: &[&str], values: &str) -> (Option<i32>, String) {
    let path = std::env::temp_dir().join(format!("cloudreq-profile-cli-{}-{}.json", std::process::id(), args[1]));
    std::fs::write(&path, values).unwrap();
    let mut all = args.to_vec();
    let p = path.to_string_lossy().into_owned();
    all.extend_from_slice(&["--values", &p]);
    let out = Command::new(env!("CARGO_BIN_EXE_cloudreq"))
        .args(&all)
        .env("PROFILE_SK", "sk-profile")
        .env("PROFILE_TOKEN", "tok")
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn open_telekom_cloud_refuses_an_access_key_with_the_same_words() {
    let (code, err) = stderr_of(
        &["build", "otc.ddm.ExpandInstanceNodes", "--sign", "--access-key-id", "AK", "--secret-key-env", "PROFILE_SK"],
        r#"{"project_id":"p","instance_id":"i","flavor_id":"f","node_number":1,"group_id":"g"}"#,
    );
    assert_eq!(code, Some(2));
    assert!(
        err.ends_with("error: Open Telekom Cloud's DDM and DCS API references document token authentication only: pass --token-env NAME (an IAM token); AK/SK signing is offered for Huawei Cloud\n"),
        "{err}"
    );
}

#[test]
fn a_token_for_a_cloud_without_tokens_is_refused_with_the_same_words() {
    let (code, err) = stderr_of(
        &["build", "tencent.emr.ScaleOutInstance", "--sign", "--token-env", "PROFILE_TOKEN"],
        r#"{"TimeUnit":"s","TimeSpan":3600,"InstanceId":"emr-1","PayMode":0,"TaskCount":1}"#,
    );
    assert_eq!(code, Some(2));
    assert!(err.ends_with("error: --token-env (an IAM token) is for Huawei Cloud and Open Telekom Cloud\n"), "{err}");
}

#[test]
fn a_missing_key_id_names_the_clouds_that_also_take_a_token() {
    let (code, err) = stderr_of(
        &["build", "alibaba.emr.IncreaseNodes", "--sign", "--secret-key-env", "PROFILE_SK"],
        r#"{"ClusterId":"c-1","NodeGroupId":"ng-1","IncreaseNodeCount":2}"#,
    );
    assert_eq!(code, Some(2));
    assert!(err.ends_with("error: signing needs --access-key-id ID (or, for Huawei Cloud, --token-env NAME)\n"), "{err}");
}
