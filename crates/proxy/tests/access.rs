//! Who may drive the proxy: the page this server served (token), from its own origin, at its
//! own Host; JSON only; bounded sizes.

mod common;

use axum::body::Body;
use axum::http::Request;
use cloudreq_proxy::Config;
use common::*;

fn req(token: Option<&str>, origin: Option<&str>, site: Option<&str>, host: &str, ctype: &str, body: String) -> Request<Body> {
    let mut b = Request::post("/api/forward").header("host", host).header("content-type", ctype);
    if let Some(t) = token {
        b = b.header("x-cloudreq-token", t);
    }
    if let Some(o) = origin {
        b = b.header("origin", o);
    }
    if let Some(s) = site {
        b = b.header("sec-fetch-site", s);
    }
    b.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn token_origin_site_host_and_type_are_enforced() {
    let state = state(Config::default());
    let env = || envelope("https://evil.com/", &[], "");
    let host = "127.0.0.1:8080";
    let cases = [
        (req(None, Some(ORIGIN), Some("same-origin"), host, "application/json", env()), 403, "token"),
        (req(Some("wrong"), Some(ORIGIN), Some("same-origin"), host, "application/json", env()), 403, "token"),
        (req(Some(&TOKEN[..TOKEN.len() - 1]), Some(ORIGIN), None, host, "application/json", env()), 403, "token"),
        (req(Some(TOKEN), Some("https://evil.example"), Some("cross-site"), host, "application/json", env()), 403, "origin"),
        (req(Some(TOKEN), Some("http://127.0.0.1:9999"), None, host, "application/json", env()), 403, "origin"),
        (req(Some(TOKEN), Some("null"), None, host, "application/json", env()), 403, "origin"),
        (req(Some(TOKEN), None, Some("same-site"), host, "application/json", env()), 403, "origin"),
        (req(Some(TOKEN), Some(ORIGIN), Some("same-origin"), "evil.example", "application/json", env()), 403, "host"),
        (req(Some(TOKEN), Some(ORIGIN), Some("same-origin"), "127.0.0.1:8080.evil", "application/json", env()), 403, "host"),
        (req(Some(TOKEN), Some(ORIGIN), Some("same-origin"), host, "text/plain", env()), 415, "content_type"),
        (req(Some(TOKEN), Some(ORIGIN), Some("same-origin"), host, "application/x-www-form-urlencoded", env()), 415, "content_type"),
        (req(Some(TOKEN), Some(ORIGIN), Some("same-origin"), host, "application/json", "{not json".into()), 400, "envelope"),
    ];
    for (i, (request, status, error)) in cases.into_iter().enumerate() {
        let (got, body) = call(&state, request).await;
        assert_eq!(got, status, "case {i}: {body}");
        assert_eq!(body["error"], error, "case {i}: {body}");
    }
    // The right caller gets through to the destination check.
    let (got, body) = call(&state, forward_request(env())).await;
    assert_eq!((got, body["error"].as_str()), (403, Some("destination")));
}

#[tokio::test]
async fn sizes_are_bounded() {
    let state = state(Config::default());
    let big_body = "x".repeat(1024 * 1024 + 1);
    let (status, body) = call(&state, forward_request(envelope("https://emr.tencentcloudapi.com/", &[], &big_body))).await;
    assert_eq!(status, 413, "{body}");
    let long_url = format!("https://emr.cn-hangzhou.aliyuncs.com/?{}", "a".repeat(256 * 1024));
    let (status, body) = call(&state, forward_request(envelope(&long_url, &[], ""))).await;
    assert_eq!((status, body["error"].as_str()), (414, Some("url_too_long")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("longer than"));
    let huge = "y".repeat(4 * 1024 * 1024);
    let (status, _) = call(&state, forward_request(envelope("https://emr.tencentcloudapi.com/", &[], &huge))).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn the_page_gets_the_token_and_security_headers() {
    let dir = std::env::temp_dir().join(format!("cloudreq-proxy-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html><head><title>t</title></head><body></body></html>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let state = state(Config { dist: Some(dir.clone()), ..Config::default() });
    let get = |path: &str, host: &str| Request::get(path).header("host", host).body(Body::empty()).unwrap();
    let (status, body) = call(&state, get("/", "127.0.0.1:8080")).await;
    assert_eq!(status, 200);
    assert!(body.as_str().unwrap().contains(&format!("<meta name=\"cloudreq-token\" content=\"{TOKEN}\"></head>")));
    let (status, _) = call(&state, get("/app.js", "localhost:8080")).await;
    assert_eq!(status, 200);
    let file = tower::ServiceExt::oneshot(cloudreq_proxy::app(state.clone()), get("/app.js", "127.0.0.1:8080")).await.unwrap();
    assert_eq!(file.headers()["cache-control"], "no-cache", "the app's files keep their names: always revalidated");
    let (status, _) = call(&state, get("/", "attacker.example:8080")).await;
    assert_eq!(status, 403, "DNS rebinding: foreign Host refused");
    let response = tower::ServiceExt::oneshot(cloudreq_proxy::app(state.clone()), get("/", "127.0.0.1:8080")).await.unwrap();
    let h = response.headers();
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["content-security-policy"].to_str().unwrap().contains("connect-src 'self'"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_kept_log_is_bounded() {
    // A long-running server logs every forward; memory must not grow with each one.
    let state = state(Config::default());
    let n = cloudreq_proxy::KEPT_LOG_LINES * 5 / 2;
    for i in 0..n {
        state.log(&format!("line {i}"));
    }
    let logs = state.log_lines();
    assert!(logs.len() <= cloudreq_proxy::KEPT_LOG_LINES, "{} lines kept", logs.len());
    assert_eq!(logs.last().map(String::as_str), Some(format!("line {}", n - 1).as_str()), "the newest line is kept");
}
