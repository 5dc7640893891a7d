//! `cloudreq serve`: serves the built web app and forwards requests the page has already
//! signed, only to the clouds' API hosts in the catalog. It never sees a secret key: the page
//! signs; the proxy only passes bytes on.
//!
//! Defences (each tested in `tests/`): loopback bind by default; a per-start token the served
//! page must send, plus Origin / Sec-Fetch-Site / Host checks; https to catalog hosts only;
//! every resolved address checked in the resolver the connection uses; no redirects followed;
//! a header allowlist; method and size limits; timeouts; a concurrency limit; no secrets logged.
//! On the browser's side: the caller is checked before a body is read, request headers and
//! bodies have time limits, idle connections are closed and open ones capped, the log is
//! bounded and escaped, and the token-carrying page has one address and is never cached.

pub mod destination;
pub mod forward;
pub mod ip;
pub mod listener;
pub mod log;
pub mod resolver;
pub mod static_files;
pub mod storage_key;
pub mod tls;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
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
use tower::ServiceExt;
use tower_http::services::ServeFile;

pub use listener::ListenerLimits;
pub use log::{KEPT_LOG_BYTES, KEPT_LOG_LINES};

/// Requests forwarded at the same time; more get 503.
pub const MAX_CONCURRENT: usize = 32;
/// Largest envelope accepted (the body inside is limited to 1 MiB separately).
pub const MAX_ENVELOPE: usize = 3 * 1024 * 1024;

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
    /// Extra trusted roots (PEM), for a stand-in cloud's test certificate: trusted only for the
    /// hosts in `overrides`, and refused without them.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Fixed token instead of a random one (tests).
    pub token: Option<String>,
    /// This installation's storage key (64 hex digits, see [`storage_key`]): handed to the
    /// page, which seals what it stores with it. `None`: the page stores without seals.
    pub storage_key: Option<String>,
    /// Limit on a whole exchange with the cloud (default 60 s).
    pub total_timeout: Option<Duration>,
    /// Time limits and the connection cap of the local listener.
    pub limits: ListenerLimits,
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
    /// The storage key put into the page (see [`Config::storage_key`]).
    pub storage_key: Option<Arc<str>>,
    /// The built app folder, canonical (symlinks resolved).
    pub dist: Option<PathBuf>,
    /// The latest log lines, bounded (also printed to stderr unless quiet).
    pub logs: Arc<Mutex<log::KeptLog>>,
    /// Print log lines to stderr.
    pub print_logs: bool,
    /// Limit on a whole exchange with the cloud.
    pub total_timeout: Duration,
    /// Limits of the local listener.
    pub limits: ListenerLimits,
    permits: Arc<Semaphore>,
}

impl AppState {
    /// Records a log line, escaped and capped (see [`log`]). Callers never pass header values
    /// or bodies, and cap the caller-given values they put in with [`log::shown`].
    pub fn log(&self, line: &str) {
        let line = log::shown(line, log::MAX_LINE_CHARS);
        if self.print_logs {
            // One write per line: eprintln! on the unbuffered stderr makes a syscall per piece.
            use std::io::Write;
            let _ = std::io::stderr().write_all(format!("cloudreq serve: {line}\n").as_bytes());
        }
        if let Ok(mut logs) = self.logs.lock() {
            logs.push(line);
        }
    }

    /// A copy of the kept log lines, oldest first.
    pub fn log_lines(&self) -> Vec<String> {
        self.logs.lock().map(|logs| logs.lines().map(str::to_string).collect()).unwrap_or_default()
    }

    /// Builds the state for a server reachable at `bound`.
    pub fn new(config: Config, bound: SocketAddr) -> Result<AppState, ServeError> {
        let allowed_hosts = destination::catalog_hosts();
        for host in config.overrides.keys() {
            if !allowed_hosts.contains(host) {
                return Err(ServeError(format!("--upstream-override: {host} is not an API host of the catalog")));
            }
        }
        let token = match config.token {
            Some(t) => t,
            None => random_token()?,
        };
        if !config.extra_roots.is_empty() && config.overrides.is_empty() {
            return Err("--extra-ca is only accepted with --upstream-override: its certificates are trusted for the overridden hosts only"
                .to_string()
                .into());
        }
        let extra_hosts = config.overrides.keys().cloned().collect();
        let resolver = GuardedResolver {
            overrides: Arc::new(config.overrides),
            #[cfg(feature = "test-support")]
            table: config.dns_table.map(Arc::new),
        };
        let client = upstream_client(resolver, config.extra_roots, extra_hosts)?;
        let port = bound.port();
        let mut own_hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
        if !bound.ip().is_loopback() && !bound.ip().is_unspecified() {
            own_hosts.push(bound.to_string());
        }
        let own_origins = own_hosts.iter().map(|h| format!("http://{h}")).collect();
        if let Some(key) = &config.storage_key {
            if !storage_key::is_key(key) {
                return Err(ServeError("the storage key must be 64 hex digits".into()));
            }
        }
        let storage_key: Option<Arc<str>> = config.storage_key.map(Into::into);
        let index_html = match &config.dist {
            Some(dir) => match std::fs::read_to_string(dir.join("index.html")) {
                Ok(html) => Some(inject_page_meta(&html, &token, storage_key.as_deref()).into()),
                Err(e) => {
                    return Err(ServeError(format!(
                        "{}: {e} (build the app first: trunk build --release)",
                        dir.join("index.html").display()
                    )))
                }
            },
            None => None,
        };
        let dist = match config.dist {
            Some(dir) => Some(std::fs::canonicalize(&dir).map_err(|e| format!("{}: {e}", dir.display()))?),
            None => None,
        };
        Ok(AppState {
            token: token.into(),
            own_origins: Arc::new(own_origins),
            own_hosts: Arc::new(own_hosts),
            allowed_hosts: Arc::new(allowed_hosts),
            client,
            index_html,
            storage_key,
            dist,
            logs: Arc::new(Mutex::new(log::KeptLog::default())),
            print_logs: true,
            total_timeout: config.total_timeout.unwrap_or(forward::TOTAL_TIMEOUT),
            limits: config.limits,
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
    inject_page_meta(html, token, None)
}

/// Puts the token (`<meta name="cloudreq-token">`) and, when there is one, the storage key
/// (`<meta name="cloudreq-storage-key">`) into the page. Both are hex: nothing to escape.
pub fn inject_page_meta(html: &str, token: &str, storage_key: Option<&str>) -> String {
    let mut meta = format!("<meta name=\"cloudreq-token\" content=\"{token}\">");
    if let Some(key) = storage_key {
        meta.push_str(&format!("<meta name=\"cloudreq-storage-key\" content=\"{key}\">"));
    }
    match html.find("</head>") {
        Some(i) => format!("{}{meta}{}", &html[..i], &html[i..]),
        None => format!("{meta}{html}"),
    }
}

fn upstream_client(
    resolver: GuardedResolver,
    extra_roots: Vec<CertificateDer<'static>>,
    extra_hosts: BTreeSet<String>,
) -> Result<UpstreamClient, String> {
    let mut http = HttpConnector::new_with_resolver(resolver);
    http.enforce_http(false);
    http.set_connect_timeout(Some(Duration::from_secs(10)));
    http.set_nodelay(true);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder =
        rustls::ClientConfig::builder_with_provider(provider.clone()).with_safe_default_protocol_versions().map_err(|e| e.to_string())?;
    let tls = if extra_roots.is_empty() {
        builder.with_root_certificates(tls::public_roots()).with_no_client_auth()
    } else {
        let verifier = tls::ScopedRoots::new(extra_roots, extra_hosts, provider)?;
        builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier)).with_no_client_auth()
    };
    let https = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls).https_only().enable_http1().wrap_connector(http);
    // hyper's client never follows redirects and reads no proxy variables.
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

/// The routes: the app, its index with the token, and the forwarder.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/api/forward", post(forward_handler))
        .route("/api/health", get(|| async { "ok" }))
        .fallback(static_file)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// A file of the built app; any other spelling of the index redirects to `/`.
async fn static_file(State(state): State<AppState>, request: Request) -> Response {
    let Some(root) = &state.dist else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match static_files::lookup(root, request.uri().path()).await {
        static_files::Lookup::Index => Redirect::permanent("/").into_response(),
        static_files::Lookup::File(path) => match ServeFile::new(path).oneshot(request).await {
            Ok(response) => {
                // The app's wasm, glue and catalog keep their names across builds: a browser asks
                // again each time (a 304 when unchanged), so a rebuilt app never meets an old
                // module in its cache.
                let mut response = response.into_response();
                response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                response
            }
            Err(never) => match never {},
        },
        static_files::Lookup::NotFound => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

async fn index(State(state): State<AppState>) -> Response {
    // Read on every request, so a rebuilt app (new asset names) is served without a restart.
    let fresh = match &state.dist {
        Some(dir) => tokio::fs::read_to_string(dir.join("index.html")).await.ok(),
        None => None,
    };
    let html = match (fresh, &state.index_html) {
        (Some(html), _) => inject_page_meta(&html, &state.token, state.storage_key.as_deref()),
        (None, Some(html)) => html.to_string(),
        (None, None) => return (StatusCode::NOT_FOUND, "no app was built: run scripts/run\n").into_response(),
    };
    // The page carries the token: no cache may keep it.
    let mut response = Html(html).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page's content security policy, on every response. The app has no inline script (its
/// bootstrap is `bootstrap.js`) and no inline style; the wasm is compiled from the page's own
/// files (`'wasm-unsafe-eval'`); it talks to this server only. index.html carries the same
/// policy as a `<meta>` (for static hosts), less what a `<meta>` cannot state.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'none'";

/// Host check (DNS-rebinding defence) and security headers on every response.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host_ok = match (hosts.next(), hosts.next()) {
        (Some(h), None) => h.to_str().is_ok_and(|h| state.own_hosts.iter().any(|own| own.eq_ignore_ascii_case(h))),
        _ => false,
    };
    let mut response = if host_ok {
        next.run(request).await
    } else {
        Refusal(StatusCode::FORBIDDEN, "host", "unexpected, missing or repeated Host header".into()).into_response()
    };
    let h = response.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("content-security-policy", HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    // No other window keeps a handle on the page (a cloud's docs opened from it, or a page
    // that opened it), and no other site may load its files.
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    response
}

async fn forward_handler(State(state): State<AppState>, request: Request) -> Response {
    // Everything about the caller is checked on the headers, before a byte of the body is read.
    if let Err(r) = forward::check_caller(&state, request.headers()) {
        state.log(&format!("refused caller: {}", r.1));
        return r.into_response();
    }
    let body = match listener::read_body(request, MAX_ENVELOPE, state.limits.body).await {
        Ok(body) => body,
        Err(listener::BodyError::TooLarge) => {
            return Refusal(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("the envelope is larger than {MAX_ENVELOPE} bytes"))
                .into_response()
        }
        Err(listener::BodyError::TimedOut) => {
            let secs = state.limits.body.as_secs_f64();
            return Refusal(StatusCode::REQUEST_TIMEOUT, "body_timeout", format!("the envelope did not arrive within {secs:.1} s"))
                .into_response();
        }
        Err(listener::BodyError::BrokenOff) => {
            return Refusal(StatusCode::BAD_REQUEST, "body", "the envelope broke off".into()).into_response()
        }
    };
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
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let address = config.address.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !address.is_loopback() {
        eprintln!("WARNING: cloudreq serve is listening on {address}, not loopback: other machines can reach it.");
    }
    let mut overridden: Vec<_> = config.overrides.iter().collect();
    overridden.sort();
    if !overridden.is_empty() {
        eprintln!("WARNING: --upstream-override sends these catalog hosts to other addresses (a stand-in cloud, for tests):");
        for (host, addr) in &overridden {
            eprintln!("WARNING:   {host} -> {addr}");
        }
    }
    if !config.extra_roots.is_empty() && !overridden.is_empty() {
        let hosts: Vec<&str> = overridden.iter().map(|(h, _)| h.as_str()).collect();
        eprintln!(
            "WARNING: --extra-ca: {} extra root certificate(s) are trusted for {} only; whoever holds that CA's key can read and change their traffic, tokens included.",
            config.extra_roots.len(),
            hosts.join(", ")
        );
    }
    let listener =
        tokio::net::TcpListener::bind((address, config.port)).await.map_err(|e| format!("binding {address}:{}: {e}", config.port))?;
    let bound = listener.local_addr().map_err(|e| ServeError(e.to_string()))?;
    let state = AppState::new(config, bound)?;
    let shown = if bound.ip().is_loopback() { format!("http://127.0.0.1:{}/", bound.port()) } else { format!("http://{bound}/") };
    println!("cloudreq is serving on {shown}");
    listener::run(listener, state).await.map_err(|e| ServeError(e.to_string()))
}

/// Unused body type re-export for tests building requests.
pub type RequestBody = Body;

/// Why the server could not start or stopped: a configuration refused, a port not bound, a
/// certificate file not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeError(pub String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

impl From<String> for ServeError {
    fn from(message: String) -> ServeError {
        ServeError(message)
    }
}

/// Reads PEM certificates (for `--extra-ca`).
pub fn load_pem_certs(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, ServeError> {
    use rustls_pki_types::pem::PemObject;
    let certs: Result<Vec<_>, _> = CertificateDer::pem_file_iter(path).map_err(|e| format!("{}: {e}", path.display()))?.collect();
    let certs = certs.map_err(|e| format!("{}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(ServeError(format!("{}: no PEM certificate found", path.display())));
    }
    Ok(certs)
}

/// Runs [`serve`] on a new single-thread Tokio runtime (for the CLI). One local user does not
/// need a thread pool; on a small machine the pool's wake-ups cost more than they bring.
pub fn serve_blocking(config: Config) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| ServeError(e.to_string()))?.block_on(serve(config))
}
