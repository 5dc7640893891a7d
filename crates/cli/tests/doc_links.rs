//! The page links every operation to its documentation (`doc`): `catalog check` takes only
//! https addresses there, never a `javascript:`, `data:` or plain-http link.

use std::path::{Path, PathBuf};
use std::process::Command;

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

fn catalog_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudreq-doc-links-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog"), &dir);
    dir
}

fn with_doc(name: &str, doc: &str) -> (PathBuf, std::process::Output) {
    let dir = catalog_copy(name);
    let file = dir.join("huawei/ddm/v1/ListSlowLog.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("\"doc\": \"").expect("the operation has a doc") + "\"doc\": \"".len();
    let end = start + text[start..].find('"').unwrap();
    let doc_json = serde_json::to_string(doc).unwrap();
    std::fs::write(&file, format!("{}{}{}", &text[..start - 1], doc_json, &text[end + 1..])).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cloudreq")).args(["catalog", "check"]).arg(&dir).output().unwrap();
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
