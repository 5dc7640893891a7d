//! Round trip through real programs: generated values → request → `curl` command text, run by
//! real bash, dash (POSIX sh) and zsh with real curl against an echo server on 127.0.0.1. The
//! server must receive exactly the request the core built: method, path and query, every
//! header, and the body, byte for byte.

use cloudreq_core::catalog::{catalog, Entry};
use cloudreq_core::emit::{emit, Target};
use cloudreq_core::request::{build, HttpRequest};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod nasty;
use nasty::Rng;

/// What the echo server saw.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<Seen> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line)?;
    let request_line = String::from_utf8_lossy(&line).trim_end().to_string();
    let mut parts = request_line.splitn(3, ' ');
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_until(b'\n', &mut line)?;
        let text = String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_string();
        if text.is_empty() {
            break;
        }
        if let Some((k, v)) = text.split_once(':') {
            headers.push((k.to_string(), v.trim_start().to_string()));
        }
    }
    let length: usize =
        headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    Ok(Seen { method, target, headers, body })
}

/// Starts the echo server; returns its port and the log of requests.
fn echo_server() -> (u16, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if let Ok(seen) = read_request(&mut stream) {
                sink.lock().unwrap().push(seen);
            }
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, log)
}

/// One generated request per call, rotating over entries and over where the text goes.
fn generate(rng: &mut Rng, i: usize) -> (&'static Entry, Value, String) {
    let cat = catalog();
    match i % 4 {
        0 => {
            let e = cat.get("tencent.emr.ScaleOutInstance").unwrap();
            let v = json!({"TimeUnit": "s", "TimeSpan": 3600, "InstanceId": rng.text(), "PayMode": 0,
                "ClientToken": rng.text(), "TaskCount": 1 + rng.below(20),
                "Tags": [{"TagKey": rng.text(), "TagValue": rng.text()}],
                "ScaleOutServiceConfAssign": rng.text()});
            (e, v, "ap-guangzhou".into())
        }
        1 => {
            let e = cat.get("alibaba.emr.IncreaseNodes").unwrap();
            let rows: Vec<Value> = (0..1 + rng.below(3))
                .map(|_| {
                    json!({"ApplicationName": rng.text(), "ConfigFileName": rng.text(),
                    "ConfigItemKey": rng.text(), "ConfigItemValue": rng.text(), "ConfigScope": "CLUSTER"})
                })
                .collect();
            let v = json!({"ClusterId": rng.text(), "NodeGroupId": rng.text(), "IncreaseNodeCount": 1 + rng.below(500),
                "AutoRenew": rng.below(2) == 1, "ApplicationConfigs": rows});
            (e, v, "cn-hangzhou".into())
        }
        2 => {
            let e = cat.get("huawei.ddm.CreateInstance").unwrap();
            let v = json!({"project_id": rng.text(), "instance": {"name": rng.text(), "flavor_id": rng.text(),
                "node_num": 1 + rng.below(8), "engine_id": rng.text(), "available_zones": [rng.text(), rng.text()],
                "vpc_id": rng.text(), "security_group_id": rng.text(), "subnet_id": rng.text(),
                "admin_user_password": rng.text()}});
            (e, v, "cn-north-4".into())
        }
        _ => {
            let e = cat.get("huawei.dcs.CancelInstanceResize").unwrap();
            let v = json!({"project_id": rng.text(), "instance_id": rng.text(), "task_id": rng.text()});
            (e, v, "cn-north-4".into())
        }
    }
}

fn check(expected: &HttpRequest, seen: &Seen) -> Result<(), String> {
    if seen.method != expected.method {
        return Err(format!("method {} != {}", seen.method, expected.method));
    }
    if seen.target != expected.target() {
        return Err(format!("target {:?} != {:?}", seen.target, expected.target()));
    }
    for (name, value) in &expected.headers {
        if !seen.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case(name) && v == value) {
            return Err(format!("header {name}: {value:?} missing; got {:?}", seen.headers));
        }
    }
    if seen.body != expected.body {
        return Err(format!("body {:?} != {:?}", String::from_utf8_lossy(&seen.body), String::from_utf8_lossy(&expected.body)));
    }
    Ok(())
}

#[test]
fn curl_commands_reproduce_the_request_in_bash_dash_and_zsh() {
    let cases: usize = std::env::var("ROUNDTRIP_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let shells: Vec<&str> = ["bash", "dash", "zsh"]
        .into_iter()
        .filter(|s| Command::new(s).arg("-c").arg("true").status().is_ok_and(|st| st.success()))
        .collect();
    assert_eq!(shells, ["bash", "dash", "zsh"], "bash, dash and zsh must be installed (scripts/setup does it)");
    let (port, log) = echo_server();
    let mut rng = Rng(0x5eed_c10d_0e9e_0001 ^ cases as u64);
    let requests: Vec<HttpRequest> = (0..cases)
        .map(|i| {
            let (entry, values, region) = generate(&mut rng, i);
            let mut req = build(entry, &values, &region).expect("builds");
            req.scheme = "http".into();
            req.host = format!("127.0.0.1:{port}");
            req
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("cloudreq-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    let mut passed = 0;
    for shell in &shells {
        for (batch_ix, batch) in requests.chunks(100).enumerate() {
            log.lock().unwrap().clear();
            let mut script = String::new();
            for req in batch {
                let cmd = emit(req, cloudreq_core::catalog::Style::Json, Target::Curl).expect("bash takes every character but NUL");
                script.push_str(&cmd.replacen("curl ", "curl -sS -o /dev/null --max-time 10 ", 1));
            }
            let file = dir.join(format!("{shell}-{batch_ix}.sh"));
            std::fs::write(&file, &script).unwrap();
            let out = Command::new(shell).arg(&file).output().unwrap();
            assert!(out.status.success(), "{shell} failed on {}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
            let seen = log.lock().unwrap().clone();
            assert_eq!(seen.len(), batch.len(), "{shell}: {} of {} requests arrived", seen.len(), batch.len());
            for (k, (req, s)) in batch.iter().zip(&seen).enumerate() {
                match check(req, s) {
                    Ok(()) => passed += 1,
                    Err(e) => failures.push(format!("{shell} case {}: {e}", batch_ix * 100 + k)),
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("round trip: {passed} requests reproduced exactly ({cases} generated × {} shells)", shells.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures[..failures.len().min(20)].join("\n"));
    assert_eq!(passed, cases * shells.len());
}
