//! The resolver the upstream connections really use: every address a host resolves to is
//! checked, and one forbidden address refuses the host.

use crate::ip::forbidden;
use hyper_util::client::legacy::connect::dns::Name;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The error a refused resolution carries (found again in the connect error's sources).
#[derive(Debug)]
pub struct ForbiddenAddress(pub String);

impl std::fmt::Display for ForbiddenAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ForbiddenAddress {}

/// Resolves API hosts and refuses private, loopback, link-local, metadata and similar
/// addresses.
#[derive(Clone, Default)]
pub struct GuardedResolver {
    /// Explicit host → address overrides (`--upstream-override`, for a stand-in cloud). Not
    /// checked: whoever sets one is warned loudly, and only catalog hosts may be overridden.
    pub overrides: Arc<HashMap<String, SocketAddr>>,
    /// A fixed DNS table whose answers are still checked (tests only).
    #[cfg(feature = "test-support")]
    pub table: Option<Arc<HashMap<String, Vec<IpAddr>>>>,
}

impl GuardedResolver {
    async fn lookup(self, host: String) -> io::Result<Vec<SocketAddr>> {
        if let Some(addr) = self.overrides.get(&host) {
            return Ok(vec![*addr]);
        }
        #[cfg(feature = "test-support")]
        let found: Vec<IpAddr> = match &self.table {
            Some(table) => table.get(&host).cloned().unwrap_or_default(),
            None => tokio::net::lookup_host((host.as_str(), 443)).await?.map(|a| a.ip()).collect(),
        };
        #[cfg(not(feature = "test-support"))]
        let found: Vec<IpAddr> = tokio::net::lookup_host((host.as_str(), 443)).await?.map(|a| a.ip()).collect();
        if found.is_empty() {
            return Err(io::Error::new(io::ErrorKind::NotFound, format!("{host} has no address")));
        }
        for ip in &found {
            if let Some(why) = forbidden(*ip) {
                let message = format!("{host} resolves to {ip}, a {why} address: refused");
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, ForbiddenAddress(message)));
            }
        }
        Ok(found.into_iter().map(|ip| SocketAddr::new(ip, 443)).collect())
    }
}

impl tower::Service<Name> for GuardedResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let this = self.clone();
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move { this.lookup(host).await.map(Vec::into_iter) })
    }
}
