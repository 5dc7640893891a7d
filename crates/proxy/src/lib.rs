//! `cloudreq serve`: serves the built web app and forwards requests the page has already
//! signed, only to the clouds' API hosts in the catalog. It never sees a secret key: the page
//! signs; the proxy only passes bytes on.
//!
//! Defences (each tested in `tests/`): loopback bind by default; a per-start token the served
//! page must send, plus Origin / Sec-Fetch-Site / Host checks; https to catalog hosts only;
//! every resolved address checked in the resolver the connection uses; no redirects followed;
//! a header allowlist; method and size limits; timeouts; a concurrency limit; no secrets logged.

pub mod destination;
pub mod forward;
pub mod ip;
pub mod resolver;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use forward::Refusal;
use http_body_util::Full;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use resolver::GuardedResolver;
use rustls_pki_types::CertificateDer;
use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_http::services::ServeDir;

/// Requests forwarded at the same time; more get 503.
pub const MAX_CONCURRENT: usize = 32;
/// Largest envelope accepted (the body inside is limited to 1 MiB separately).
pub const MAX_ENVELOPE: usize = 3 * 1024 * 1024;
/// Log lines kept in memory (the oldest half is dropped when full); stderr gets every line.
pub const KEPT_LOG_LINES: usize = 10_000;

/// The HTTPS client used for every upstream request.
pub type UpstreamClient = Client<hyper_rustls::HttpsConnector<HttpConnector<GuardedResolver>>, Full<Bytes>>;

/// How to run.
#[derive(Default)]
pub struct Config {
    /// Address to bind; loopback unless the user insists.
    pub address: Option<IpAddr>,
    /// Port (0 picks a free one).
    pub port: u16,
    /// The built app (trunk's dist/).
    pub dist: Option<PathBuf>,
    /// Catalog host → address overrides, for a stand-in cloud (loudly warned about).
    pub overrides: HashMap<String, SocketAddr>,
    /// Extra trusted roots (PEM), for a stand-in cloud's test certificate.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Fixed token instead of a random one (tests).
    pub token: Option<String>,
    /// Limit on a whole exchange with the cloud (default 60 s).
    pub total_timeout: Option<Duration>,
    /// A fixed DNS table whose answers are still checked (tests only).
    #[cfg(feature = "test-support")]
    pub dns_table: Option<HashMap<String, Vec<IpAddr>>>,
}

/// Shared state of the server.
#[derive(Clone)]
pub struct AppState {
    /// The per-start token the page must send as `X-Cloudreq-Token`.
    pub token: Arc<str>,
    /// Origins of this server (`http://127.0.0.1:PORT`, `http://localhost:PORT`).
    pub own_origins: Arc<Vec<String>>,
    /// Host header values of this server.
    pub own_hosts: Arc<Vec<String>>,
    /// Hosts requests may go to.
    pub allowed_hosts: Arc<BTreeSet<String>>,
    /// The upstream client.
    pub client: UpstreamClient,
    /// index.html with the token, if an app was built.
    pub index_html: Option<Arc<str>>,
    /// The built app folder.
    pub dist: Option<PathBuf>,
    /// The latest log lines (at most [`KEPT_LOG_LINES`]; also printed to stderr unless quiet).
    pub logs: Arc<Mutex<Vec<String>>>,
    /// Print log lines to stderr.
    pub print_logs: bool,
    /// Limit on a whole exchange with the cloud.
    pub total_timeout: Duration,
    permits: Arc<Semaphore>,
}

impl AppState {
    /// Records a log line. Callers never pass header values or bodies.
    pub fn log(&self, line: String) {
        if self.print_logs {
            // One write per line: eprintln! on the unbuffered stderr makes a syscall per piece.
            use std::io::Write;
            let _ = std::io::stderr().write_all(format!("cloudreq serve: {line}\n").as_bytes());
        }
        if let Ok(mut logs) = self.logs.lock() {
            // A long-running server must not grow with every request it forwards.
            if logs.len() >= KEPT_LOG_LINES {
                logs.drain(..KEPT_LOG_LINES / 2);
            }
            logs.push(line);
        }
    }

    /// Builds the state for a server reachable at `bound`.
    pub fn new(config: Config, bound: SocketAddr) -> Result<AppState, String> {
        let allowed_hosts = destination::catalog_hosts();
        for host in config.overrides.keys() {
            if !allowed_hosts.contains(host) {
                return Err(format!("--upstream-override: {host} is not an API host of the catalog"));
            }
        }
        let token = match config.token {
            Some(t) => t,
            None => random_token()?,
        };
        let resolver = GuardedResolver {
            overrides: Arc::new(config.overrides),
            #[cfg(feature = "test-support")]
            table: config.dns_table.map(Arc::new),
        };
        let client = upstream_client(resolver, config.extra_roots)?;
        let port = bound.port();
        let mut own_hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
        if !bound.ip().is_loopback() && !bound.ip().is_unspecified() {
            own_hosts.push(bound.to_string());
        }
        let own_origins = own_hosts.iter().map(|h| format!("http://{h}")).collect();
        let index_html = match &config.dist {
            Some(dir) => match std::fs::read_to_string(dir.join("index.html")) {
                Ok(html) => Some(inject_token(&html, &token).into()),
                Err(e) => return Err(format!("{}: {e} (build the app first: trunk build --release)", dir.join("index.html").display())),
            },
            None => None,
        };
        Ok(AppState {
            token: token.into(),
            own_origins: Arc::new(own_origins),
            own_hosts: Arc::new(own_hosts),
            allowed_hosts: Arc::new(allowed_hosts),
            client,
            index_html,
            dist: config.dist,
            logs: Arc::new(Mutex::new(Vec::new())),
            print_logs: true,
            total_timeout: config.total_timeout.unwrap_or(forward::TOTAL_TIMEOUT),
            permits: Arc::new(Semaphore::new(MAX_CONCURRENT)),
        })
    }
}

fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for the page token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Puts the token into the page as `<meta name="cloudreq-token">`.
pub fn inject_token(html: &str, token: &str) -> String {
    let meta = format!("<meta name=\"cloudreq-token\" content=\"{token}\">");
    match html.find("</head>") {
        Some(i) => format!("{}{meta}{}", &html[..i], &html[i..]),
        None => format!("{meta}{html}"),
    }
}

fn upstream_client(resolver: GuardedResolver, extra_roots: Vec<CertificateDer<'static>>) -> Result<UpstreamClient, String> {
    let mut http = HttpConnector::new_with_resolver(resolver);
    http.enforce_http(false);
    http.set_connect_timeout(Some(Duration::from_secs(10)));
    http.set_nodelay(true);
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in extra_roots {
        roots.add(cert).map_err(|e| format!("extra root certificate: {e}"))?;
    }
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls).https_only().enable_http1().wrap_connector(http);
    // hyper's client never follows redirects and reads no proxy variables.
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

/// The routes: the app, its index with the token, and the forwarder.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/api/forward", post(forward_handler))
        .route("/api/health", get(|| async { "ok" }));
    if let Some(dir) = &state.dist {
        router = router.fallback_service(ServeDir::new(dir));
    }
    router
        .layer(DefaultBodyLimit::max(MAX_ENVELOPE))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

async fn index(State(state): State<AppState>) -> Response {
    // Read on every request, so a rebuilt app (new asset names) is served without a restart.
    if let Some(dir) = &state.dist {
        if let Ok(html) = tokio::fs::read_to_string(dir.join("index.html")).await {
            return Html(inject_token(&html, &state.token)).into_response();
        }
    }
    match &state.index_html {
        Some(html) => Html(html.to_string()).into_response(),
        None => (StatusCode::NOT_FOUND, "no app was built: run scripts/run\n").into_response(),
    }
}

/// Host check (DNS-rebinding defence) and security headers on every response.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let host_ok = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| state.own_hosts.iter().any(|own| own.eq_ignore_ascii_case(h)));
    let mut response = if host_ok {
        next.run(request).await
    } else {
        Refusal(StatusCode::FORBIDDEN, "host", "unexpected Host header".into()).into_response()
    };
    let h = response.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("frame-ancestors 'none'; connect-src 'self'; base-uri 'none'; object-src 'none'; form-action 'none'"),
    );
    response
}

async fn forward_handler(State(state): State<AppState>, headers: axum::http::HeaderMap, body: Bytes) -> Response {
    if let Err(r) = forward::check_caller(&state, &headers) {
        state.log(format!("refused caller: {}", r.1));
        return r.into_response();
    }
    let envelope: forward::Envelope = match serde_json::from_slice(&body) {
        Ok(e) => e,
        Err(e) => return Refusal(StatusCode::BAD_REQUEST, "envelope", format!("the envelope is not valid: {e}")).into_response(),
    };
    let Ok(_permit) = state.permits.clone().try_acquire_owned() else {
        return Refusal(StatusCode::SERVICE_UNAVAILABLE, "busy", format!("more than {MAX_CONCURRENT} requests at once")).into_response();
    };
    match forward::forward(&state, envelope).await {
        Ok(answer) => {
            let mut r = Json(answer).into_response();
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// Binds and serves until the process ends.
pub async fn serve(config: Config) -> Result<(), String> {
    let address = config.address.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !address.is_loopback() {
        eprintln!("WARNING: cloudreq serve is listening on {address}, not loopback: other machines can reach it.");
    }
    if !config.overrides.is_empty() {
        eprintln!("WARNING: --upstream-override sends these catalog hosts to other addresses (a stand-in cloud, for tests):");
        for (host, addr) in &config.overrides {
            eprintln!("WARNING:   {host} -> {addr}");
        }
    }
    let listener = tokio::net::TcpListener::bind((address, config.port)).await.map_err(|e| format!("binding {address}:{}: {e}", config.port))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let state = AppState::new(config, bound)?;
    let shown = if bound.ip().is_loopback() { format!("http://127.0.0.1:{}/", bound.port()) } else { format!("http://{bound}/") };
    println!("cloudreq is serving on {shown}");
    axum::serve(listener, app(state)).await.map_err(|e| e.to_string())
}

/// Unused body type re-export for tests building requests.
pub type RequestBody = Body;

/// Reads PEM certificates (for `--extra-ca`).
pub fn load_pem_certs(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls_pki_types::pem::PemObject;
    let certs: Result<Vec<_>, _> = CertificateDer::pem_file_iter(path).map_err(|e| format!("{}: {e}", path.display()))?.collect();
    let certs = certs.map_err(|e| format!("{}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no PEM certificate found", path.display()));
    }
    Ok(certs)
}

/// Runs [`serve`] on a new single-thread Tokio runtime (for the CLI). One local user does not
/// need a thread pool; on a small machine the pool's wake-ups cost more than they bring.
pub fn serve_blocking(config: Config) -> Result<(), String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(serve(config))
}
