//! Resource abuse against a real `serve` in its own process (this test binary run again as a
//! child), so its memory and open files are its own: RSS stays bounded after the abuse stops,
//! and idle connections cannot keep `/api/health` from answering under a low open-file limit.
//! Bounded: a few hundred connections, well under a minute, loopback only.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "resources-test-token-0123456789";
/// Catalog host sent to a closed local port, so forwards end at once.
const OVERRIDDEN: &str = "emr.tencentcloudapi.com";
/// Growth of the server's RSS allowed after all the abuse below has stopped.
const RSS_BOUND_KIB: u64 = 24 * 1024;

/// Not a test of its own: the server the other tests start as a child process.
#[test]
#[ignore = "run as a child process by the tests in this file"]
fn child_server() {
    if std::env::var("CLOUDREQ_PROXY_CHILD").is_err() {
        return;
    }
    let limits = cloudreq_proxy::ListenerLimits { header_read: Duration::from_secs(2), body: Duration::from_secs(2), ..Default::default() };
    let config = cloudreq_proxy::Config {
        port: 0,
        token: Some(TOKEN.into()),
        overrides: [(OVERRIDDEN.to_string(), "127.0.0.1:9".parse().unwrap())].into(),
        limits,
        ..Default::default()
    };
    if let Err(e) = cloudreq_proxy::serve_blocking(config) {
        eprintln!("child server: {e}");
    }
}

/// The child server; killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.stderr);
    }
}

impl Server {
    /// Starts the child, under `ulimit -n` when given.
    fn start(open_files: Option<u32>) -> Server {
        let exe = std::env::current_exe().unwrap();
        let stderr = std::env::temp_dir().join(format!("cloudreq-resources-{}-{:?}.log", std::process::id(), open_files));
        let args = ["child_server", "--exact", "--include-ignored", "--nocapture", "--test-threads=1"];
        let mut command = match open_files {
            Some(n) => {
                let mut c = Command::new("bash");
                c.arg("-c").arg(format!("ulimit -n {n} && exec \"$0\" \"$@\"")).arg(&exe).args(args);
                c
            }
            None => {
                let mut c = Command::new(&exe);
                c.args(args);
                c
            }
        };
        let mut child = command
            .env("CLOUDREQ_PROXY_CHILD", "1")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = lines.next().expect("the child ended before serving").unwrap();
            // libtest's "test child_server ... " may stand before it on the same line.
            let marker = "cloudreq is serving on http://127.0.0.1:";
            if let Some(at) = line.find(marker) {
                break line[at + marker.len()..].trim_end_matches('/').parse::<u16>().unwrap();
            }
        };
        // Keep reading its stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), stderr }
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    async fn health(&self) -> Option<Duration> {
        let started = Instant::now();
        let mut tcp = tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(self.addr)).await.ok()?.ok()?;
        tcp.write_all(format!("GET /api/health HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.host()).as_bytes()).await.ok()?;
        let head = read_head(&mut tcp, Duration::from_secs(3)).await?;
        head.starts_with("HTTP/1.1 200").then(|| started.elapsed())
    }
}

async fn read_head(tcp: &mut TcpStream, limit: Duration) -> Option<String> {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&got).into_owned())
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_bounded_after_abuse() {
    let server = Server::start(None);
    for _ in 0..20 {
        server.health().await.expect("health");
    }
    let baseline = server.rss_kib();
    eprintln!("figure: RSS at start {}", mib(baseline));
    let host = server.host();

    // 1. 100 callers without a token, each announcing a 3 MiB body and sending 256 KiB of it.
    let mut answers = Vec::new();
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let (addr, host) = (server.addr, host.clone());
        tasks.push(tokio::spawn(async move {
            let mut tcp = TcpStream::connect(addr).await.ok()?;
            let head = format!(
                "POST /api/forward HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                3 * 1024 * 1024
            );
            tcp.write_all(head.as_bytes()).await.ok()?;
            let started = Instant::now();
            let _ = tcp.write_all(&vec![b' '; 256 * 1024]).await;
            let head = read_head(&mut tcp, Duration::from_secs(10)).await?;
            Some((head.starts_with("HTTP/1.1 403"), started.elapsed()))
        }));
    }
    for task in tasks {
        answers.push(task.await.unwrap().expect("a tokenless large-body request got no answer"));
    }
    assert!(answers.iter().all(|(refused, _)| *refused), "every tokenless request is refused");
    let mut times: Vec<f64> = answers.iter().map(|(_, t)| t.as_secs_f64() * 1000.0).collect();
    times.sort_by(f64::total_cmp);
    let after_bodies = server.rss_kib();
    eprintln!(
        "figure: 100 tokenless 3 MiB requests: answered in median {:.1} ms, max {:.1} ms; RSS {} -> {}",
        times[50],
        times[99],
        mib(baseline),
        mib(after_bodies)
    );

    // 2. Ten envelopes (with the token) carrying a 2.9 MiB header name, and ten with a forged line.
    let huge = "X".repeat(2_900_000);
    let forged = "x-a\ncloudreq serve: forward POST emr.tencentcloudapi.com/FORGED -> 200 \u{1b}[2J";
    for name in std::iter::repeat_n(huge.as_str(), 10).chain(std::iter::repeat_n(forged, 10)) {
        let envelope = serde_json::json!({"method": "POST", "url": format!("https://{OVERRIDDEN}/"), "headers": [[name, "v"]], "body": ""})
            .to_string();
        let mut tcp = TcpStream::connect(server.addr).await.unwrap();
        let head = format!(
            "POST /api/forward HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nX-Cloudreq-Token: {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            envelope.len()
        );
        tcp.write_all(head.as_bytes()).await.unwrap();
        tcp.write_all(envelope.as_bytes()).await.unwrap();
        let answer = read_head(&mut tcp, Duration::from_secs(10)).await.expect("an envelope got no answer");
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    let after_names = server.rss_kib();
    eprintln!("figure: 10 envelopes with a 2.9 MiB header name + 10 forged names: RSS {} -> {}", mib(after_bodies), mib(after_names));

    // 3. 300 idle connections, and health while they are open.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    let health = server.health().await.expect("health did not answer with 300 idle connections open");
    let after_idle = server.rss_kib();
    eprintln!(
        "figure: 300 idle connections: health answered in {:.1} ms; RSS {} -> {}",
        health.as_secs_f64() * 1000.0,
        mib(after_names),
        mib(after_idle)
    );
    let started = Instant::now();
    let mut buf = [0u8; 16];
    let mut closed = 0;
    for conn in &mut idle {
        let left = Duration::from_secs(10).saturating_sub(started.elapsed());
        if matches!(tokio::time::timeout(left, conn.read(&mut buf)).await, Ok(Ok(0)) | Ok(Err(_))) {
            closed += 1;
        }
    }
    eprintln!(
        "figure: the server closed {closed} of 300 idle connections within {:.2} s (header-read limit 2 s)",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(closed, 300, "idle connections left open");
    drop(idle);

    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = server.rss_kib();
    eprintln!("figure: RSS after the abuse stopped {} (start {}, bound +{})", mib(after), mib(baseline), mib(RSS_BOUND_KIB));
    assert!(after <= baseline + RSS_BOUND_KIB, "RSS grew from {} to {}", mib(baseline), mib(after));

    // Nothing it printed holds a raw control character, a forged line or a huge name.
    let stderr = std::fs::read(&server.stderr).unwrap();
    assert!(stderr.len() < 64 * 1024, "stderr grew to {} bytes", stderr.len());
    let text = String::from_utf8_lossy(&stderr);
    assert!(!text.contains('\u{1b}') && !text.contains("XXXXXXXXXXXXXXXX"), "{text}");
    assert!(!text.lines().any(|l| l.contains("FORGED")), "{text}");
    assert!(server.health().await.is_some(), "health answers after the abuse");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_cannot_starve_health_under_a_low_file_limit() {
    let server = Server::start(Some(128));
    let mut idle = Vec::new();
    for _ in 0..200 {
        match tokio::time::timeout(Duration::from_secs(1), TcpStream::connect(server.addr)).await {
            Ok(Ok(tcp)) => idle.push(tcp),
            _ => break,
        }
    }
    for round in 0..3 {
        let answered = server.health().await;
        assert!(answered.is_some(), "round {round}: health did not answer with {} idle connections open under ulimit -n 128", idle.len());
    }
}
