//! Findings of the attack run against `cloudreq serve`, one test each: the log bounded and
//! escaped, header names checked before they are logged, the caller checked before the body is
//! read, time limits on the local connections, `--extra-ca` scoped to the overridden hosts, the
//! token page uncached and at one address, no dotfiles or escaping symlinks, repeated caller
//! headers refused, the IPv4-translated range blocked, and a URL limit that really holds.

mod common;

use axum::body::Body;
use axum::http::Request;
use cloudreq_proxy::{AppState, Config, ListenerLimits};
use common::*;
use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const EMR: &str = "https://emr.tencentcloudapi.com/";

/// A real listener on 127.0.0.1 with `limits`.
async fn start(config: Config) -> (SocketAddr, AppState) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = AppState::new(Config { token: Some(TOKEN.into()), ..config }, addr).unwrap();
    state.print_logs = false;
    tokio::spawn(cloudreq_proxy::listener::run(listener, state.clone()));
    (addr, state)
}

fn short_limits() -> ListenerLimits {
    ListenerLimits { header_read: Duration::from_secs(1), body: Duration::from_secs(1), max_connections: 64 }
}

/// Reads until the peer closes, or `None` if it is still open after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<(Duration, Vec<u8>)> {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some((started.elapsed(), got)),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Reads one response head (status line and headers) within `limit`.
async fn response_head(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&got).into_owned())
}

fn no_control_characters(lines: &[String]) -> bool {
    lines.iter().all(|l| !l.chars().any(char::is_control))
}

#[test]
fn the_kept_log_is_bounded_in_bytes_and_every_line_capped() {
    let state = state(Config::default());
    for _ in 0..10 {
        state.log(&"N".repeat(3 * 1024 * 1024));
    }
    for i in 0..20_000 {
        state.log(&format!("forward POST emr.tencentcloudapi.com/{} -> 200 in 1.0 ms", "p".repeat(i % 700)));
    }
    let lines = state.log_lines();
    let bytes: usize = lines.iter().map(String::len).sum();
    assert!(bytes <= cloudreq_proxy::KEPT_LOG_BYTES, "{bytes} bytes kept");
    assert!(lines.len() <= cloudreq_proxy::KEPT_LOG_LINES);
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= cloudreq_proxy::log::MAX_LINE_CHARS + 20, "a line of {longest} characters");
    assert!(lines.last().unwrap().contains(&"p".repeat(19_999 % 700)), "the newest line is kept");
}

#[test]
fn log_lines_cannot_forge_lines_or_reach_the_terminal() {
    let state = state(Config::default());
    state.log("dropped request headers: x\ncloudreq serve: forward POST emr.tencentcloudapi.com/FORGED -> 200 \u{1b}[2J\u{202e}");
    let lines = state.log_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(no_control_characters(&lines), "{lines:?}");
    assert!(!lines[0].contains('\u{202e}'), "{lines:?}");
    assert!(lines[0].contains("\\n") && lines[0].contains("\\u{1b}"), "escaped, not dropped: {lines:?}");
}

#[tokio::test]
async fn bad_header_names_are_refused_before_they_are_logged() {
    // The destination resolves to a refused address, so a forward runs to its end (and logs).
    let state = state(Config { dns_table: Some(dns(&[("emr.tencentcloudapi.com", &["127.0.0.1"])])), ..Config::default() });
    let forged = "x-a\ncloudreq serve: forward POST emr.tencentcloudapi.com/FORGED -> 200";
    let huge = "X".repeat(2_900_000);
    for name in [forged, "x-\u{1b}[2J", huge.as_str(), "", "with space"] {
        let (status, body) = call(&state, forward_request(envelope(EMR, &[(name, "v")], ""))).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("header")), "{}", &body.to_string()[..200.min(body.to_string().len())]);
        assert!(body.to_string().len() < 1000, "the refusal does not echo the whole name");
    }
    let many: Vec<(String, String)> = (0..100).map(|i| (format!("x-h{i}"), "v".to_string())).collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (status, _) = call(&state, forward_request(envelope(EMR, &many, ""))).await;
    assert_eq!(status, 400, "100 headers");
    let logs = state.log_lines();
    assert!(!logs.iter().any(|l| l.contains("FORGED") || l.contains("XXXXXXXX")), "{logs:?}");
    // A valid name that is not forwarded is still logged, capped.
    let long_name = format!("x-{}", "n".repeat(120));
    let (status, body) = call(&state, forward_request(envelope(EMR, &[(long_name.as_str(), "v"), ("Cookie", "c")], ""))).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("destination")), "{body}");
    let logs = state.log_lines();
    let dropped = logs.iter().find(|l| l.starts_with("dropped request headers:")).expect("dropped headers logged");
    assert!(dropped.contains("Cookie") && dropped.len() < 300, "{dropped}");
    assert!(no_control_characters(&logs));
}

#[tokio::test]
async fn the_caller_is_refused_before_the_body_is_read() {
    let (addr, _state) =
        start(Config { limits: ListenerLimits { body: Duration::from_secs(30), ..short_limits() }, ..Config::default() }).await;
    let host = format!("127.0.0.1:{}", addr.port());
    // No token, 3 MiB announced, 1 KiB sent: the answer comes at once.
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/forward HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        3 * 1024 * 1024
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&[b' '; 1024]).await.unwrap();
    let started = Instant::now();
    let answer = response_head(&mut tcp, Duration::from_secs(5)).await.expect("no answer before the body was sent");
    eprintln!("figure: tokenless 3 MiB request answered in {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    // With the token, an announced size over the limit is refused the same way.
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/forward HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nX-Cloudreq-Token: {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        4 * 1024 * 1024
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let answer = response_head(&mut tcp, Duration::from_secs(5)).await.expect("no answer to an oversized announcement");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn idle_slow_and_stalled_connections_are_closed() {
    let (addr, _state) = start(Config { limits: short_limits(), ..Config::default() }).await;
    let host = format!("127.0.0.1:{}", addr.port());
    let limit = Duration::from_secs(4);

    // Opened, nothing sent.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let (after, _) = closed_within(&mut silent, limit).await.expect("a silent connection stayed open");
    eprintln!("figure: silent connection closed after {:.2} s (header-read limit 1 s)", after.as_secs_f64());

    // Headers dripped a byte at a time (slowloris).
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let drip = format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nX-Slow: {}", "a".repeat(100));
    let started = Instant::now();
    let mut closed = false;
    for byte in drip.bytes() {
        if slow.write_all(&[byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        if started.elapsed() > limit {
            break;
        }
    }
    if !closed {
        closed = closed_within(&mut slow, Duration::from_millis(500)).await.is_some();
    }
    assert!(closed && started.elapsed() < limit, "a dripping connection stayed open for {:?}", started.elapsed());

    // Kept alive after an answer, then idle.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    kept.write_all(format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes()).await.unwrap();
    let head = response_head(&mut kept, limit).await.expect("health answers");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (after, _) = closed_within(&mut kept, limit).await.expect("an idle kept-alive connection stayed open");
    eprintln!("figure: idle kept-alive connection closed after {:.2} s (header-read limit 1 s)", after.as_secs_f64());

    // A body that stops coming.
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/forward HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nX-Cloudreq-Token: {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"method\""
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    let answer = response_head(&mut stalled, limit).await.expect("no answer to a stalled body");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn at_the_connection_cap_health_still_answers() {
    let limits = ListenerLimits { header_read: Duration::from_secs(60), max_connections: 8, ..short_limits() };
    let (addr, _state) = start(Config { limits, ..Config::default() }).await;
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(format!("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", addr.port()).as_bytes()).await.unwrap();
    let head = response_head(&mut tcp, Duration::from_secs(3)).await.expect("health did not answer at the cap");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    // The oldest idle connections made room: all but the cap's worth are closed.
    let mut open = 0;
    for conn in &mut idle {
        if closed_within(conn, Duration::from_millis(50)).await.is_none() {
            open += 1;
        }
    }
    assert!(open < 8, "{open} of the idle connections are still open");
}

#[test]
fn extra_roots_need_an_override() {
    let cert = rcgen::generate_simple_self_signed(vec!["stand-in.example".to_string()]).unwrap();
    let config = Config { extra_roots: vec![cert.cert.der().clone()], ..Config::default() };
    let err = AppState::new(config, "127.0.0.1:8080".parse().unwrap()).err().expect("--extra-ca alone was accepted");
    assert!(err.to_string().contains("--extra-ca is only accepted with --upstream-override"), "{err}");
}

#[test]
fn extra_roots_are_trusted_for_the_overridden_hosts_only() {
    use rustls::client::danger::ServerCertVerifier;
    use rustls_pki_types::{ServerName, UnixTime};
    let cert = rcgen::generate_simple_self_signed(vec!["emr.tencentcloudapi.com".into(), "cvm.tencentcloudapi.com".into()]).unwrap();
    let der = cert.cert.der().clone();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        cloudreq_proxy::tls::ScopedRoots::new(vec![der.clone()], BTreeSet::from(["emr.tencentcloudapi.com".to_string()]), provider)
            .unwrap();
    let check = |host: &'static str| verifier.verify_server_cert(&der, &[], &ServerName::try_from(host).unwrap(), &[], UnixTime::now());
    assert!(check("emr.tencentcloudapi.com").is_ok(), "the overridden host trusts the extra CA");
    assert!(check("EMR.tencentcloudapi.com").is_ok(), "host names compare without case");
    let other = check("cvm.tencentcloudapi.com");
    assert!(other.is_err(), "another catalog host trusted the extra CA");
}

fn dist_with_traps() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudreq-hardening-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<html><head><title>t</title></head><body>app</body></html>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("assets/.secret"), "hidden").unwrap();
    std::fs::write(dir.join(".env"), "KEY=hidden").unwrap();
    std::fs::write(dir.join(".git/config"), "[core] hidden").unwrap();
    let outside = std::env::temp_dir().join(format!("cloudreq-hardening-outside-{}", std::process::id()));
    std::fs::write(&outside, "outside the dist").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("outside.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", dir.join("etc")).unwrap();
    std::os::unix::fs::symlink(dir.join("app.js"), dir.join("alias.js")).unwrap();
    std::os::unix::fs::symlink(dir.join("index.html"), dir.join("home.html")).unwrap();
    std::os::unix::fs::symlink(dir.join(".env"), dir.join("env.txt")).unwrap();
    dir
}

async fn get(state: &AppState, path: &str) -> axum::http::Response<Body> {
    let request = Request::get(path).header("host", "127.0.0.1:8080").body(Body::empty()).unwrap();
    tower::ServiceExt::oneshot(cloudreq_proxy::app(state.clone()), request).await.unwrap()
}

async fn text(response: axum::http::Response<Body>) -> String {
    use http_body_util::BodyExt;
    String::from_utf8_lossy(&response.into_body().collect().await.unwrap().to_bytes()).into_owned()
}

#[tokio::test]
async fn the_token_page_has_one_address_and_is_never_cached() {
    let dir = dist_with_traps();
    let state = state(Config { dist: Some(dir.clone()), ..Config::default() });
    let page = get(&state, "/").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(text(page).await.contains(TOKEN));
    for path in ["//", "/./index.html", "/%69ndex.html", "/index.html", "/.//index.html", "//index.html", "/index.html/", "/home.html"] {
        let response = get(&state, path).await;
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string());
        let cache = response.headers().get("cache-control").map(|c| c.to_str().unwrap().to_string());
        let body = text(response).await;
        let redirected = (301..=308).contains(&status) && location.as_deref() == Some("/");
        let with_token = status == 200 && body.contains(TOKEN) && cache.as_deref() == Some("no-store");
        assert!(redirected || with_token, "{path}: {status} {location:?} {body}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn dotfiles_and_symlinks_out_of_dist_are_not_served() {
    let dir = dist_with_traps();
    let state = state(Config { dist: Some(dir.clone()), ..Config::default() });
    for path in [
        "/.env",
        "/.git/config",
        "/assets/.secret",
        "/%2eenv",
        "/passwd.txt",
        "/outside.txt",
        "/etc/passwd",
        "/etc/hostname",
        "/env.txt",
        "/../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/assets/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let response = get(&state, path).await;
        let status = response.status().as_u16();
        let body = text(response).await;
        assert!((400..500).contains(&status), "{path}: {status} {body}");
        assert!(!body.contains("root:") && !body.contains("hidden") && !body.contains("outside the dist"), "{path}: {body}");
    }
    for (path, want) in [("/app.js", "console.log(1)"), ("/alias.js", "console.log(1)")] {
        let response = get(&state, path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(text(response).await, want);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn repeated_caller_headers_are_refused() {
    let state = state(Config::default());
    let body = || Body::from(envelope(EMR, &[], ""));
    let base = || {
        Request::post("/api/forward")
            .header("host", "127.0.0.1:8080")
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/json")
    };
    let two_tokens =
        base().header("origin", ORIGIN).header("x-cloudreq-token", TOKEN).header("x-cloudreq-token", "wrong").body(body()).unwrap();
    let two_origins =
        base().header("x-cloudreq-token", TOKEN).header("origin", ORIGIN).header("origin", "https://evil.example").body(body()).unwrap();
    let two_types =
        base().header("x-cloudreq-token", TOKEN).header("origin", ORIGIN).header("content-type", "text/plain").body(body()).unwrap();
    let two_sites =
        base().header("x-cloudreq-token", TOKEN).header("origin", ORIGIN).header("sec-fetch-site", "cross-site").body(body()).unwrap();
    for (what, request) in [("token", two_tokens), ("origin", two_origins), ("content-type", two_types), ("sec-fetch-site", two_sites)] {
        let (status, answer) = call(&state, request).await;
        assert_eq!((status, answer["error"].as_str()), (400, Some("repeated_header")), "{what}: {answer}");
    }
    let two_hosts = Request::post("/api/forward")
        .header("host", "127.0.0.1:8080")
        .header("host", "evil.example")
        .header("origin", ORIGIN)
        .header("x-cloudreq-token", TOKEN)
        .header("content-type", "application/json")
        .body(body())
        .unwrap();
    let (status, answer) = call(&state, two_hosts).await;
    assert_eq!((status, answer["error"].as_str()), (403, Some("host")), "{answer}");
}

#[tokio::test]
async fn ipv4_translated_and_other_special_ranges_are_refused() {
    use cloudreq_proxy::ip::forbidden;
    for bad in [
        "::ffff:0:7f00:1",
        "::ffff:0:a9fe:a9fe",
        "::ffff:0:808:808",
        "192.31.196.1",
        "192.52.193.1",
        "192.175.48.1",
        "3fff::1",
        "5f00::1",
        "2001:2::1",
        "2001:1::1",
        "2001:20::1",
        "2620:4f:8000::1",
        "100:0:0:1::1",
        "64:ff9b:1::a00:1",
    ] {
        assert!(forbidden(bad.parse().unwrap()).is_some(), "{bad} is allowed");
    }
    for good in ["2001:4860:4860::8888", "2a00:1450:4001::1", "2400:cb00::1", "8.8.8.8", "192.31.195.1", "2620:4f:8001::1"] {
        assert_eq!(forbidden(good.parse().unwrap()), None, "{good}");
    }
    let state = state(Config { dns_table: Some(dns(&[("emr.tencentcloudapi.com", &["::ffff:0:7f00:1"])])), ..Config::default() });
    let (status, body) = call(&state, forward_request(envelope(EMR, &[], ""))).await;
    assert_eq!((status, body["error"].as_str()), (403, Some("destination")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("IPv4-translated"), "{body}");
}

#[tokio::test]
async fn the_url_limit_is_the_one_enforced() {
    const HOST: &str = "emr.cn-hangzhou.aliyuncs.com";
    let s = stand_in(&[HOST]).await;
    let state = state(Config {
        overrides: HashMap::from([(HOST.to_string(), s.addr)]),
        extra_roots: vec![s.cert_der.clone().into()],
        ..Config::default()
    });
    let limit = cloudreq_proxy::destination::MAX_URL;
    let prefix = format!("https://{HOST}/ok?A=");
    let longest = format!("{prefix}{}", "a".repeat(limit - prefix.len()));
    assert_eq!(longest.len(), limit);
    let (status, body) = call(&state, forward_request(envelope(&longest, &[], ""))).await;
    assert_eq!(status, 200, "a URL of exactly the limit is forwarded: {}", &body.to_string()[..300.min(body.to_string().len())]);
    let echo: serde_json::Value = serde_json::from_str(body["body"].as_str().unwrap()).unwrap();
    assert!(echo["head"].as_str().unwrap().contains(&longest[prefix.len() - 3..]), "the query arrived whole");
    let too_long = format!("{longest}a");
    let (status, body) = call(&state, forward_request(envelope(&too_long, &[], ""))).await;
    assert_eq!((status, body["error"].as_str()), (414, Some("url_too_long")), "{body}");
    assert!(body["message"].as_str().unwrap().contains(&limit.to_string()), "{body}");
}
