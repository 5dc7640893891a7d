//! Shared helpers: a state for `oneshot` tests, envelope requests, and a TLS stand-in cloud on
//! 127.0.0.1 with a generated certificate.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, Response};
use cloudreq_proxy::{app, AppState, Config};
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

pub const TOKEN: &str = "test-token-0123456789";
pub const ORIGIN: &str = "http://127.0.0.1:8080";

pub fn state(config: Config) -> AppState {
    let mut config = config;
    config.token = Some(TOKEN.into());
    let mut s = AppState::new(config, "127.0.0.1:8080".parse().unwrap()).unwrap();
    s.print_logs = false;
    s
}

pub fn envelope(url: &str, headers: &[(&str, &str)], body: &str) -> String {
    serde_json::json!({"method": "POST", "url": url, "headers": headers, "body": body}).to_string()
}

pub fn forward_request(envelope: String) -> Request<Body> {
    Request::post("/api/forward")
        .header("host", "127.0.0.1:8080")
        .header("origin", ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header("x-cloudreq-token", TOKEN)
        .header("content-type", "application/json")
        .body(Body::from(envelope))
        .unwrap()
}

pub async fn call(state: &AppState, request: Request<Body>) -> (u16, serde_json::Value) {
    let response: Response<Body> = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value)
}

pub fn dns(entries: &[(&str, &[&str])]) -> HashMap<String, Vec<IpAddr>> {
    entries.iter().map(|(h, ips)| (h.to_string(), ips.iter().map(|i| i.parse().unwrap()).collect())).collect()
}

/// A TLS server on 127.0.0.1 answering by the last path segment:
/// `ok` 200 JSON echo, `redirect` 302 to another host, `slow` waits 3 s, `reset` closes
/// without answering, `fail` 500, `big` an 11 MiB body, `binary` 502 with a body that is not
/// UTF-8. Counts connections.
pub struct StandIn {
    pub addr: SocketAddr,
    pub connections: Arc<AtomicUsize>,
    pub cert_der: Vec<u8>,
}

pub async fn stand_in(hosts: &[&str]) -> StandIn {
    let cert = rcgen::generate_simple_self_signed(hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>()).unwrap();
    let cert_der = cert.cert.der().to_vec();
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            count.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let head_end = loop {
                    let Ok(n) = tls.read(&mut chunk).await else { return };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    let Ok(n) = tls.read(&mut chunk).await else { return };
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
                let target = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                let last = target.split('?').next().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
                let reply = |status: &str, headers: &str, body: String| {
                    format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}", body.len()).into_bytes()
                };
                let response = match last.as_str() {
                    "redirect" => reply("302 Found", "Location: https://evil.example/\r\n", String::new()),
                    "slow" => {
                        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
                        reply("200 OK", "", "{}".into())
                    }
                    "reset" => return,
                    "fail" => reply(
                        "500 Internal Server Error",
                        "Content-Type: application/json\r\n",
                        r#"{"error_code":"DCS.5000","error_msg":"boom"}"#.into(),
                    ),
                    "big" => reply("200 OK", "", "x".repeat(11 * 1024 * 1024)),
                    "binary" => {
                        // Not UTF-8: the proxy must pass it as base64.
                        let mut bytes = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 5\r\nConnection: close\r\n\r\n".to_vec();
                        bytes.extend_from_slice(&[0x7b, 0xff, 0xfe, 0x22, 0x00]);
                        bytes
                    }
                    _ => {
                        let echo = serde_json::json!({"head": head, "body": body}).to_string();
                        reply("200 OK", "Content-Type: application/json\r\n", echo)
                    }
                };
                let _ = tls.write_all(&response).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    StandIn { addr, connections, cert_der }
}
