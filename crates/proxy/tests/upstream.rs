//! Forwarding to a stand-in cloud over TLS (a catalog host pointed at 127.0.0.1 by the
//! explicit override, trusting the stand-in's generated certificate): bytes pass unchanged,
//! only allowlisted headers go out, redirects come back unfollowed, faults become clear errors,
//! and nothing secret reaches the logs.

mod common;

use cloudreq_proxy::Config;
use common::*;
use std::collections::HashMap;

const HOST: &str = "dcs.cn-north-4.myhuaweicloud.com";
const PATH: &str = "/v2/p/instances/i/resize/cancel";

async fn setup() -> (cloudreq_proxy::AppState, StandIn) {
    let s = stand_in(&[HOST]).await;
    let config = Config {
        overrides: HashMap::from([(HOST.to_string(), s.addr)]),
        extra_roots: vec![s.cert_der.clone().into()],
        ..Config::default()
    };
    (state(config), s)
}

#[tokio::test]
async fn forwards_bytes_unchanged_with_allowlisted_headers_only() {
    let (state, _s) = setup().await;
    let url = format!("https://{HOST}{PATH}/ok?b=%2A%20~&a=1");
    let headers = [
        ("Content-Type", "application/json;charset=utf-8"),
        ("X-Sdk-Date", "20250101T120000Z"),
        ("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc"),
        ("X-Auth-Token", "secret-token-value-123"),
        ("X-TC-Action", "ScaleOutInstance"),
        ("x-acs-date", "2025-01-01T00:00:00Z"),
        ("Cookie", "session=1"),
        ("X-Forwarded-For", "1.2.3.4"),
        ("Forwarded", "for=1.2.3.4"),
        ("Host", "evil.example"),
    ];
    let body = r#"{"a":"\u6570 \"q\" \\"}"#;
    let (status, answer) = call(&state, forward_request(envelope(&url, &headers, body))).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], 200);
    let echo: serde_json::Value = serde_json::from_str(answer["body"].as_str().unwrap()).unwrap();
    let head = echo["head"].as_str().unwrap().to_ascii_lowercase();
    assert!(head.starts_with(&format!("post {PATH}/ok?b=%2a%20~&a=1 http/1.1").to_ascii_lowercase()), "{head}");
    assert!(echo["head"].as_str().unwrap().contains("?b=%2A%20~&a=1 "), "query re-encoded");
    assert_eq!(echo["body"], body, "body changed");
    assert!(head.contains(&format!("host: {HOST}")));
    for kept in ["x-sdk-date: 20250101t120000z", "authorization: sdk-hmac-sha256", "x-auth-token:", "x-tc-action:", "x-acs-date:"] {
        assert!(head.contains(kept), "missing {kept} in {head}");
    }
    for dropped in ["cookie", "x-forwarded-for", "forwarded:", "evil.example"] {
        assert!(!head.contains(dropped), "{dropped} was forwarded: {head}");
    }
    let logs = state.log_lines().join("\n");
    assert!(!logs.contains("secret-token-value-123") && !logs.contains("Signature=abc") && !logs.contains("\\u6570"), "{logs}");
    assert!(logs.contains("dropped request headers: Cookie, X-Forwarded-For, Forwarded, Host"), "{logs}");
}

#[tokio::test]
async fn a_body_that_is_not_utf8_comes_back_as_base64_of_the_same_bytes() {
    let (state, _s) = setup().await;
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/binary"), &[], ""))).await;
    assert_eq!((status, answer["status"].as_u64()), (200, Some(502)), "{answer}");
    assert_eq!(answer["body_base64"], true);
    // `printf '\x7b\xff\xfe\x22\x00' | base64`
    assert_eq!(answer["body"], "e//+IgA=");
    let parsed: cloudreq_core::envelope::Answer = serde_json::from_value(answer).unwrap();
    assert_eq!(parsed.body_bytes().unwrap(), [0x7b, 0xff, 0xfe, 0x22, 0x00]);
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let (state, s) = setup().await;
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/redirect"), &[], ""))).await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], 302);
    let location = answer["headers"].as_array().unwrap().iter().find(|h| h[0] == "location").unwrap();
    assert_eq!(location[1], "https://evil.example/");
    assert_eq!(s.connections.load(std::sync::atomic::Ordering::SeqCst), 1, "followed the redirect");
}

#[tokio::test]
async fn upstream_faults_become_clear_errors_and_the_proxy_keeps_serving() {
    let (state, _s) = setup().await;
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/fail"), &[], ""))).await;
    assert_eq!((status, answer["status"].as_u64()), (200, Some(500)), "a cloud 5xx is an answer: {answer}");
    assert!(answer["body"].as_str().unwrap().contains("DCS.5000"));
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/reset"), &[], ""))).await;
    assert_eq!((status, answer["error"].as_str()), (502, Some("upstream")), "{answer}");
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/big"), &[], ""))).await;
    assert_eq!((status, answer["error"].as_str()), (502, Some("response_too_large")), "{answer}");
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/ok"), &[], ""))).await;
    assert_eq!(status, 200, "still serving: {answer}");
}

#[tokio::test]
async fn a_slow_cloud_times_out() {
    let s = stand_in(&[HOST]).await;
    let config = Config {
        overrides: HashMap::from([(HOST.to_string(), s.addr)]),
        extra_roots: vec![s.cert_der.clone().into()],
        total_timeout: Some(std::time::Duration::from_millis(500)),
        ..Config::default()
    };
    let state = state(config);
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/slow"), &[], ""))).await;
    assert_eq!((status, answer["error"].as_str()), (504, Some("timeout")), "{answer}");
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let s = stand_in(&[HOST]).await;
    // The override points at the stand-in, but its certificate is not trusted.
    let state = state(Config { overrides: HashMap::from([(HOST.to_string(), s.addr)]), ..Config::default() });
    let (status, answer) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/ok"), &[], ""))).await;
    assert_eq!((status, answer["error"].as_str()), (502, Some("upstream")), "{answer}");
    assert!(answer["message"].as_str().unwrap().to_lowercase().contains("certificate"), "{answer}");
}

#[tokio::test]
async fn overrides_are_only_for_catalog_hosts() {
    let config = Config { overrides: HashMap::from([("evil.example".to_string(), "127.0.0.1:1".parse().unwrap())]), ..Config::default() };
    let err = cloudreq_proxy::AppState::new(config, "127.0.0.1:8080".parse().unwrap()).err().unwrap();
    assert!(err.to_string().contains("not an API host of the catalog"), "{err}");
}

#[tokio::test]
async fn concurrency_is_limited() {
    let (state, _s) = setup().await;
    let url = format!("https://{HOST}{PATH}/slow");
    let mut slow = Vec::new();
    for _ in 0..cloudreq_proxy::MAX_CONCURRENT {
        let (st, u) = (state.clone(), url.clone());
        slow.push(tokio::spawn(async move { call(&st, forward_request(envelope(&u, &[], ""))).await }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let (status, body) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/ok"), &[], ""))).await;
    assert_eq!((status, body["error"].as_str()), (503, Some("busy")), "{body}");
    for t in slow {
        let (status, _) = t.await.unwrap();
        assert_eq!(status, 200);
    }
    let (status, _) = call(&state, forward_request(envelope(&format!("https://{HOST}{PATH}/ok"), &[], ""))).await;
    assert_eq!(status, 200, "free again after the slow ones finished");
}
