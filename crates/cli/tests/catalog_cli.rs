//! `cloudreq catalog check [DIR]` on the project's catalog and on broken copies of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cloudreq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudreq")).args(args).output().unwrap()
}

fn project_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A fresh copy of the project's catalog.
fn copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudreq-catalog-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&project_catalog(), &dir);
    dir
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_project_catalog_passes_built_in_and_from_its_folder() {
    let ids = cloudreq_core::catalog().entries.len();
    for args in [vec!["catalog", "check"], vec!["catalog", "check", project_catalog().to_str().unwrap()]] {
        let out = cloudreq(&args);
        assert!(out.status.success(), "{args:?}: {}{}", text(&out.stdout), text(&out.stderr));
        assert!(text(&out.stdout).contains(&format!("{ids} operations")), "{}", text(&out.stdout));
    }
}

#[test]
fn a_misspelled_key_fails_with_the_file_and_the_key() {
    let dir = copy("requird");
    edit(&dir.join("huawei/ddm/v1/CreateInstance.json"), "\"required\": true", "\"requird\": true");
    let out = cloudreq(&["catalog", "check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("huawei/ddm/v1/CreateInstance.json: unknown field `requird`"), "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unknown_character_class_fails() {
    let dir = copy("class");
    edit(&dir.join("otc/ddm/v1/CreateInstance.json"), "\"letter\"", "\"alpha\"");
    let out = cloudreq(&["catalog", "check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("otc/ddm/v1/CreateInstance.json: ")).unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("instance.name") && line.contains("unknown character class `alpha`"), "{line}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_new_operation_file_is_picked_up() {
    let dir = copy("new-op");
    let op = serde_json::json!({
        "title": "Throw-away operation (fixture)",
        "doc": "https://example.invalid/doc",
        "method": "POST",
        "path": "/",
        "action": "DescribeThrowaway",
        "fields": [{"name": "InstanceId", "type": "string", "required": true, "description": "Which instance."}],
        "examples": [{"title": "one", "source": "fixture", "url": "https://emr.tencentcloudapi.com/", "body": {"InstanceId": "emr-1"}}],
        "response": {"status": 200, "fields": [], "error_shape": "{}"},
        "errors": [{"code": "InvalidParameter", "meaning": "a parameter is wrong"}]
    });
    std::fs::write(dir.join("tencent/emr/2019-01-03/DescribeThrowaway.json"), op.to_string()).unwrap();
    let out = cloudreq(&["catalog", "check", dir.to_str().unwrap()]);
    let ids = cloudreq_core::catalog().entries.len();
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(&format!("{} operations", ids + 1)), "{}", text(&out.stdout));
    // Without its required field the example breaks its own rules.
    edit(&dir.join("tencent/emr/2019-01-03/DescribeThrowaway.json"), "{\"InstanceId\":\"emr-1\"}", "{}");
    let out = cloudreq(&["catalog", "check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("DescribeThrowaway.json: example 1 (one): breaks its own rules: InstanceId"),
        "{}",
        text(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    let out = cloudreq(&["catalog", "check", "/nonexistent/catalog"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = cloudreq(&["catalog", "lint"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The page links every operation to its documentation (`doc`): `catalog check` takes only
/// https addresses there, never a `javascript:`, `data:` or plain-http link. A copy of the
/// catalog with one operation's doc replaced, and what `catalog check` says of it.
fn with_doc(name: &str, doc: &str) -> (PathBuf, Output) {
    let dir = copy(&format!("doc-{name}"));
    let file = dir.join("huawei/ddm/v1/ListSlowLog.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("\"doc\": \"").expect("the operation has a doc") + "\"doc\": \"".len();
    let end = start + text[start..].find('"').unwrap();
    let doc_json = serde_json::to_string(doc).unwrap();
    std::fs::write(&file, format!("{}{}{}", &text[..start - 1], doc_json, &text[end + 1..])).unwrap();
    let out = cloudreq(&["catalog", "check", dir.to_str().unwrap()]);
    (dir, out)
}

#[test]
fn a_doc_link_that_is_not_https_fails_the_check() {
    for (name, doc) in [
        ("js", "javascript:alert(document.domain)"),
        ("js-case", "JavaScript:alert(1)"),
        ("data", "data:text/html,<script>alert(1)</script>"),
        ("http", "http://support.huaweicloud.com/api-ddm/ddm_api_01_0001.html"),
        ("no-host", "https:///path"),
        ("quote", "https://example.com/\" onmouseover=\"alert(1)"),
        ("user", "https://docs.example.com@evil.example/"),
    ] {
        let (dir, out) = with_doc(name, doc);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{doc}: {stdout}");
        let line = stdout.lines().find(|l| l.contains("must be an https:// address"));
        assert!(line.is_some_and(|l| l.starts_with("huawei/ddm/v1/ListSlowLog.json: ")), "{doc}: {stdout}");
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn an_https_doc_link_passes() {
    let (dir, out) = with_doc("https", "https://support.huaweicloud.com/intl/en-us/api-ddm/ddm_api_01_0001.html");
    // (Other problems of a catalog being edited are not this test's business.)
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("must be an https:// address"), "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}
