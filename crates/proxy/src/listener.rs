//! The local listener: HTTP/1.1 with a time limit on request headers (which also closes idle
//! connections), a time limit on request bodies, and a cap on open connections. At the cap, the connection idle the longest makes room for
//! the new one, so a pile of idle (or slowly dripping) connections never keeps the page or
//! `/api/health` from being answered.

use crate::AppState;
use axum::body::Body;
use axum::extract::Request;
use bytes::Bytes;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower::ServiceExt;

/// Limits of the local listener (the browser's side of the proxy).
#[derive(Clone, Copy, Debug)]
pub struct ListenerLimits {
    /// Time a client has to send a request's headers, counted from when the connection opens
    /// or its previous answer was written: a silent, slowly dripping or idle kept-alive
    /// connection is closed after it (hyper's header-read timer runs whenever it waits for a
    /// request head).
    pub header_read: Duration,
    /// Time a client has to send a whole request body.
    pub body: Duration,
    /// Open connections at most (lowered to fit the process's open-file limit).
    pub max_connections: usize,
}

impl Default for ListenerLimits {
    fn default() -> Self {
        ListenerLimits { header_read: Duration::from_secs(10), body: Duration::from_secs(30), max_connections: 256 }
    }
}

/// File descriptors kept free for everything but client connections: upstream connections
/// (at most [`crate::MAX_CONCURRENT`] at a time), files being served, the runtime's own.
const RESERVED_FILES: usize = crate::MAX_CONCURRENT + 32;

/// `wanted`, lowered so that client connections cannot use up the open-file limit.
pub fn connection_cap(wanted: usize) -> usize {
    let soft_limit = std::fs::read_to_string("/proc/self/limits").ok().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("Max open files"))?;
        line.split_whitespace().nth(3)?.parse::<usize>().ok()
    });
    match soft_limit {
        Some(limit) => wanted.min(limit.saturating_sub(RESERVED_FILES)).max(4),
        None => wanted,
    }
}

/// One open connection, as the cap sees it.
struct Connection {
    /// Requests being answered on it (a request counts until its answer is written).
    busy: AtomicUsize,
    /// When it last became idle (or was opened).
    idle_since: Mutex<Instant>,
    /// Told to close.
    close: Notify,
}

impl Connection {
    fn idle_for(&self) -> Option<Duration> {
        if self.busy.load(Ordering::SeqCst) > 0 {
            return None;
        }
        self.idle_since.lock().ok().map(|t| t.elapsed())
    }
}

/// Counts a request on its connection until dropped.
struct Busy(Arc<Connection>);

impl Busy {
    fn new(conn: Arc<Connection>) -> Busy {
        conn.busy.fetch_add(1, Ordering::SeqCst);
        Busy(conn)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Ok(mut t) = self.0.idle_since.lock() {
            *t = Instant::now();
        }
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its connection counted as busy until it is written.
struct CountedBody {
    inner: Body,
    _busy: Busy,
}

impl hyper::body::Body for CountedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The open connections.
struct Connections {
    cap: usize,
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Connection>>>,
}

impl Connections {
    /// Registers a new connection; at the cap, closes the connection idle the longest to make
    /// room. `None` when every open connection is busy.
    fn admit(&self) -> Option<(u64, Arc<Connection>)> {
        let mut open = self.open.lock().ok()?;
        if open.len() >= self.cap {
            let longest_idle = open.iter().filter_map(|(id, c)| c.idle_for().map(|d| (d, *id))).max().map(|(_, id)| id)?;
            if let Some(evicted) = open.remove(&longest_idle) {
                evicted.close.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let conn = Arc::new(Connection { busy: AtomicUsize::new(0), idle_since: Mutex::new(Instant::now()), close: Notify::new() });
        open.insert(id, conn.clone());
        Some((id, conn))
    }

    fn remove(&self, id: u64) {
        if let Ok(mut open) = self.open.lock() {
            open.remove(&id);
        }
    }
}

/// Serves `state`'s routes on `listener` until the process ends.
pub async fn run(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let limits = state.limits;
    let router = crate::app(state);
    let connections =
        Arc::new(Connections { cap: connection_cap(limits.max_connections), next: AtomicU64::new(0), open: Mutex::new(BTreeMap::new()) });
    loop {
        let tcp = match listener.accept().await {
            Ok((tcp, _)) => tcp,
            Err(_) => {
                // Out of file descriptors or a connection that died in the queue: wait a
                // moment rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Some((id, conn)) = connections.admit() else {
            drop(tcp);
            continue;
        };
        let router = router.clone();
        let connections = connections.clone();
        tokio::spawn(async move {
            serve_connection(tcp, router, conn, limits).await;
            connections.remove(id);
        });
    }
}

async fn serve_connection(tcp: TcpStream, router: axum::Router, conn: Arc<Connection>, limits: ListenerLimits) {
    let _ = tcp.set_nodelay(true);
    let for_requests = conn.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let busy = Busy::new(for_requests.clone());
        let router = router.clone();
        async move {
            let response = router.oneshot(request.map(Body::new)).await?;
            Ok::<_, std::convert::Infallible>(response.map(|inner| CountedBody { inner, _busy: busy }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read).keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(tcp), service);
    // Dropping the connection closes it: when it is told to make room at the cap.
    tokio::select! {
        _ = connection => {}
        _ = conn.close.notified() => {}
    }
}

/// Used by the forwarder: reads a request body within the listener's body time limit.
pub(crate) async fn read_body(request: Request, limit: usize, within: Duration) -> Result<Bytes, BodyError> {
    use http_body_util::{BodyExt, Limited};
    match tokio::time::timeout(within, Limited::new(request.into_body(), limit).collect()).await {
        Err(_) => Err(BodyError::TimedOut),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(BodyError::TooLarge),
        Ok(Err(_)) => Err(BodyError::BrokenOff),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// Why a request body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    TimedOut,
    TooLarge,
    BrokenOff,
}
