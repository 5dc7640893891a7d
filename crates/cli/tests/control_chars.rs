//! Control characters and line breaks in values that go into a command as they are (header
//! values; Huawei's `project_id`, copied into `X-Project-Id` by the signer): validation names
//! the field and the rule; each emitter either writes the value so that its shell gets it back
//! exactly (bash: checked with real bash) or refuses with a typed error (cmd, PowerShell, raw
//! HTTP; NUL everywhere a shell word carries it). Nothing panics, nothing is written mangled.

use cloudreq_core::catalog::{catalog, Entry, Location};
use cloudreq_core::emit::{emit, emit_operation, EmitError, Target, Unwritable};
use cloudreq_core::pipeline::{self, Input, Signing};
use cloudreq_core::request::build;
use cloudreq_core::sample::sample_values;
use cloudreq_core::sign::{Credentials, Secret, UtcTime};
use cloudreq_core::validate::validate;
use serde_json::{json, Value};
use std::process::Command;

mod nasty;
use nasty::{Rng, CONTROLS};

const POST_PAID: &str = "huawei.ecs.CreatePostPaidServers";

fn entry(id: &str) -> &'static Entry {
    catalog().get(id).unwrap_or_else(|| panic!("{id} is in the catalog"))
}

fn with(entry: &Entry, name: &str, text: &str) -> Value {
    let mut values = sample_values(entry);
    values[name] = json!(text);
    values
}

/// Every header field of the catalog, with the entry it belongs to.
fn header_fields() -> Vec<(&'static Entry, &'static str)> {
    catalog()
        .entries
        .iter()
        .flat_map(|e| e.fields.iter().filter(|f| f.location == Some(Location::Header)).map(move |f| (e, f.name.as_str())))
        .collect()
}

#[test]
fn a_line_break_in_any_header_field_is_an_error_naming_the_field_and_the_rule() {
    let headers = header_fields();
    assert!(headers.len() >= 11, "header fields in the catalog: {}", headers.len());
    assert!(headers.iter().any(|(e, n)| e.id == POST_PAID && *n == "X-Client-Token"));
    for (e, name) in headers {
        for c in CONTROLS {
            let values = with(e, name, &format!("ok{c}more"));
            let found = validate(e, &values);
            let hit = found.iter().find(|f| f.path == name && f.rule == "control_chars");
            let hit = hit.unwrap_or_else(|| panic!("{} {name} U+{:04X}: no control_chars finding in {found:?}", e.id, *c as u32));
            assert!(hit.message.starts_with(&format!("{name}: must not contain control characters or line breaks")), "{}", hit.message);
        }
        // A plain value passes this rule.
        let values = with(e, name, "plain-value-1");
        assert!(validate(e, &values).iter().all(|f| f.rule != "control_chars"), "{} {name}", e.id);
    }
}

#[test]
fn a_line_break_in_project_id_and_in_path_parameters_is_an_error() {
    for id in ["huawei.dcs.CancelInstanceResize", POST_PAID, "otc.ddm.ExpandInstanceNodes"] {
        let e = entry(id);
        let values = with(e, "project_id", "619d3e78\r\nX-Evil: 1");
        let found = validate(e, &values);
        assert!(found.iter().any(|f| f.path == "project_id" && f.rule == "control_chars"), "{id}: {found:?}");
    }
    // Body text may hold anything: it is escaped JSON.
    let e = entry(POST_PAID);
    let mut values = sample_values(e);
    values["server"]["name"] = json!("a\nb");
    assert!(validate(e, &values).iter().all(|f| f.rule != "control_chars"));
}

fn unwritable(result: Result<String, Unwritable>) -> Unwritable {
    match result {
        Err(u) => u,
        Ok(text) => panic!("written although it holds a control character:\n{text:?}"),
    }
}

#[test]
fn cmd_powershell_and_http_refuse_control_characters_in_headers_and_say_where() {
    let e = entry(POST_PAID);
    let mut rng = Rng(0x5eed_c0de);
    for _ in 0..300 {
        let value = rng.control_text();
        let req = build(e, &with(e, "X-Client-Token", &value), "ap-southeast-1").expect("builds without validation");
        let c = value.chars().find(|c| CONTROLS.contains(c)).unwrap();
        for target in [Target::CurlCmd, Target::CurlPwsh, Target::Http] {
            let result = emit(&req, e.style, target);
            if c == '\t' && !value.chars().any(|c| c != '\t' && CONTROLS.contains(&c)) {
                assert!(result.is_ok(), "a tab is harmless for {}", target.name());
                continue;
            }
            let u = unwritable(result);
            assert_eq!((u.target, u.place.as_str()), (target, "X-Client-Token"), "{value:?}");
            assert!(u.to_string().starts_with("X-Client-Token: holds a control character or line break"), "{u}");
        }
        // JSON carries it escaped.
        assert!(emit(&req, e.style, Target::Json).is_ok());
    }
}

#[test]
fn the_signed_project_id_header_is_refused_too_and_the_pipeline_says_why() {
    let e = entry("huawei.dcs.CancelInstanceResize");
    let values = json!({"project_id": "p1\nX-Evil: 1", "instance_id": "i1", "task_id": "t1"});
    let creds = Credentials::AccessKey { access_key_id: "AK".into(), secret: Secret::new("sk"), session_token: None };
    let signing = Signing { credentials: &creds, at: UtcTime(1_700_000_000), nonce: None, tencent_sign_action: false };
    let out = pipeline::run(&Input {
        entry: e,
        values: &values,
        region: "ap-southeast-1",
        signing: Some(signing),
        targets: &[Target::CurlCmd, Target::CurlPwsh, Target::Http, Target::Curl],
    });
    assert!(out.has_errors());
    for target in [Target::CurlCmd, Target::CurlPwsh, Target::Http] {
        let u = out.unwritable(target).unwrap_or_else(|| panic!("{} written", target.name()));
        assert_eq!(u.place, "X-Project-Id");
        assert!(out.text(target).is_none());
    }
    assert!(out.text(Target::Curl).is_some(), "bash single quotes carry a line break");
}

#[test]
fn no_emitter_writes_a_raw_control_character_where_its_shell_breaks() {
    // Every target, every control character, in a header, in the body and in a path value.
    let mut rng = Rng(0xbad_5eed);
    for id in [POST_PAID, "huawei.dcs.CancelInstanceResize", "tencent.cvm.ResetInstancesPassword", "alibaba.ecs.CreateInstance"] {
        let e = entry(id);
        for _ in 0..60 {
            let value = rng.control_text();
            let mut values = sample_values(e);
            let header = e.fields.iter().find(|f| f.location == Some(Location::Header)).map(|f| f.name.clone());
            if let Some(h) = &header {
                values[h.as_str()] = json!(value);
            }
            if let Some(f) = e.fields.iter().find(|f| f.location != Some(Location::Header) && sample_values(e)[&f.name].is_string()) {
                values[f.name.as_str()] = json!(value);
            }
            let region = e.endpoint.default_region.clone();
            let Ok(req) = build(e, &values, &region) else { continue };
            for target in Target::EVERY.into_iter().filter(|t| t.applies_to(e.cloud)) {
                let result = if target.needs_operation() {
                    emit_operation(e, &req, &values, &region, target)
                } else {
                    emit(&req, e.style, target).map_err(EmitError::from)
                };
                let text = match result {
                    Ok(text) => text,
                    Err(EmitError::Unwritable(u)) => {
                        assert_eq!(u.target, target);
                        continue;
                    }
                    Err(EmitError::NotOffered(n)) => panic!("{id} {}: {n}", target.name()),
                };
                let raw: Vec<char> = text.chars().filter(|c| CONTROLS.contains(c) && *c != '\n').collect();
                match target {
                    // Our own line ends only; tabs are harmless.
                    Target::CurlCmd | Target::CurlPwsh | Target::Python => {
                        assert!(raw.iter().all(|c| *c == '\t'), "{id} {}: raw {raw:?} in\n{text}", target.name())
                    }
                    // Anything but NUL inside single quotes.
                    Target::Curl | Target::Tccli | Target::Aliyun | Target::Hcloud => {
                        assert!(!text.contains('\0'), "{id} {}: NUL written", target.name())
                    }
                    Target::Http | Target::Json => {}
                }
            }
        }
    }
}

/// Runs `text` (a curl command) with real bash, `curl` being a function that prints its
/// arguments NUL-separated: what bash would hand to curl.
fn bash_arguments(text: &str) -> Vec<String> {
    let script = format!("curl() {{ printf '%s\\0' \"$@\"; }}\n{text}");
    let out = Command::new("bash").arg("-c").arg(&script).output().expect("bash runs");
    assert!(out.status.success(), "bash failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split('\0').map(str::to_string).filter(|s| !s.is_empty()).collect()
}

#[test]
fn real_bash_gets_every_allowed_value_back_exactly() {
    let e = entry(POST_PAID);
    let mut rng = Rng(0xba5e);
    let mut checked = 0;
    for i in 0..400 {
        let value = if i % 2 == 0 { rng.control_text() } else { rng.text() };
        let req = build(e, &with(e, "X-Client-Token", &value), "ap-southeast-1").unwrap();
        match emit(&req, e.style, Target::Curl) {
            Ok(text) => {
                let args = bash_arguments(&text);
                let want = if value.is_empty() { "X-Client-Token;".to_string() } else { format!("X-Client-Token: {value}") };
                assert!(args.contains(&want), "bash did not get {want:?} back from\n{text}\nargs: {args:?}");
                checked += 1;
            }
            Err(u) => {
                assert!(value.contains('\0'), "refused without a NUL: {u}");
                assert_eq!(u.place, "X-Client-Token");
            }
        }
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn the_cli_refuses_a_cmd_command_with_a_line_break_even_with_force() {
    let dir = std::env::temp_dir().join(format!("cloudreq-control-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("values.json");
    let e = entry(POST_PAID);
    std::fs::write(&file, with(e, "X-Client-Token", "abc\r\ncalc.exe").to_string()).unwrap();
    let bin = env!("CARGO_BIN_EXE_cloudreq");
    let run = |format: &str, force: bool| {
        let mut cmd = Command::new(bin);
        cmd.args(["build", POST_PAID, "--values"]).arg(&file).args(["--format", format]);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let plain = run("curl-cmd", false);
    assert_eq!(plain.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&plain.stderr)
        .contains("X-Client-Token: error: X-Client-Token: must not contain control characters or line breaks"));
    for format in ["curl-cmd", "curl-pwsh", "http"] {
        let forced = run(format, true);
        let stderr = String::from_utf8_lossy(&forced.stderr);
        assert_eq!(forced.status.code(), Some(1), "{format}: {stderr}");
        assert!(forced.stdout.is_empty(), "{format}: nothing is written");
        assert!(stderr.contains("error: X-Client-Token: holds a control character or line break (U+000D)"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
