//! Every response isolates the page: cross-origin opener and resource policies, the strict
//! content security policy; and the page gets this installation's storage key (and only
//! from its own server's index).

use axum::body::Body;
use axum::http::Request;
use cloudreq_proxy::{AppState, Config, CONTENT_SECURITY_POLICY};

mod common;
use common::{forward_request, state, TOKEN};

fn dist(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudreq-isolation-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("catalog")).unwrap();
    std::fs::write(dir.join("index.html"), "<html><head><title>t</title></head><body>app</body></html>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("catalog/index.json"), "{}").unwrap();
    dir
}

async fn send(state: &AppState, request: Request<Body>) -> axum::http::Response<Body> {
    tower::ServiceExt::oneshot(cloudreq_proxy::app(state.clone()), request).await.unwrap()
}

fn get(path: &str, host: &str) -> Request<Body> {
    Request::get(path).header("host", host).body(Body::empty()).unwrap()
}

async fn text(response: axum::http::Response<Body>) -> String {
    use http_body_util::BodyExt;
    String::from_utf8_lossy(&response.into_body().collect().await.unwrap().to_bytes()).into_owned()
}

const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn every_response_carries_coop_corp_and_the_strict_csp() {
    let dir = dist("headers");
    let state = state(Config { dist: Some(dir.clone()), storage_key: Some(KEY.into()), ..Config::default() });
    let requests = vec![
        ("index", get("/", "127.0.0.1:8080")),
        ("file", get("/app.js", "127.0.0.1:8080")),
        ("catalog", get("/catalog/index.json", "127.0.0.1:8080")),
        ("missing", get("/nothing.js", "127.0.0.1:8080")),
        ("redirect", get("/index.html", "127.0.0.1:8080")),
        ("health", get("/api/health", "127.0.0.1:8080")),
        ("wrong host", get("/", "evil.example:8080")),
        ("refused forward", Request::post("/api/forward").header("host", "127.0.0.1:8080").body(Body::empty()).unwrap()),
        ("forward", forward_request(common::envelope("https://nowhere.example/", &[], ""))),
    ];
    for (what, request) in requests {
        let response = send(&state, request).await;
        let h = response.headers();
        assert_eq!(h.get("cross-origin-opener-policy").map(|v| v.to_str().unwrap()), Some("same-origin"), "{what}");
        assert_eq!(h.get("cross-origin-resource-policy").map(|v| v.to_str().unwrap()), Some("same-origin"), "{what}");
        assert_eq!(h.get("content-security-policy").map(|v| v.to_str().unwrap()), Some(CONTENT_SECURITY_POLICY), "{what}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_policy_is_strict() {
    let directives: Vec<&str> = CONTENT_SECURITY_POLICY.split(';').map(str::trim).collect();
    for want in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(directives.contains(&want), "{want} missing from {CONTENT_SECURITY_POLICY}");
    }
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline") && !CONTENT_SECURITY_POLICY.contains("'unsafe-eval'"));
}

#[tokio::test]
async fn the_index_carries_the_storage_key_beside_the_token() {
    let dir = dist("key");
    let with_key = state(Config { dist: Some(dir.clone()), storage_key: Some(KEY.into()), ..Config::default() });
    let page = text(send(&with_key, get("/", "127.0.0.1:8080")).await).await;
    assert!(page.contains(&format!("<meta name=\"cloudreq-storage-key\" content=\"{KEY}\">")), "{page}");
    assert!(page.contains(TOKEN));
    // No other file holds it.
    for path in ["/app.js", "/catalog/index.json", "/api/health"] {
        assert!(!text(send(&with_key, get(path, "127.0.0.1:8080")).await).await.contains(KEY), "{path}");
    }
    let without = state(Config { dist: Some(dir.clone()), ..Config::default() });
    assert!(!text(send(&without, get("/", "127.0.0.1:8080")).await).await.contains("cloudreq-storage-key"));
    let bad = AppState::new(Config { storage_key: Some("short".into()), ..Config::default() }, "127.0.0.1:8080".parse().unwrap());
    assert!(bad.is_err(), "a malformed key is refused");
    let _ = std::fs::remove_dir_all(dir);
}
