//! Certificate checks for upstream connections: the public web roots for every host, and the
//! extra roots of `--extra-ca` only for the hosts sent to a stand-in by `--upstream-override`.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The public roots (webpki-roots).
pub fn public_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    roots
}

/// Verifies with the public roots, except for `extra_hosts`, which are verified with the
/// public roots plus the extra ones.
#[derive(Debug)]
pub struct ScopedRoots {
    public: Arc<WebPkiServerVerifier>,
    with_extra: Arc<WebPkiServerVerifier>,
    extra_hosts: BTreeSet<String>,
}

impl ScopedRoots {
    /// Trusts `extra` only for the (lower-case) host names in `extra_hosts`.
    pub fn new(
        extra: Vec<CertificateDer<'static>>,
        extra_hosts: BTreeSet<String>,
        provider: Arc<CryptoProvider>,
    ) -> Result<ScopedRoots, String> {
        let public = WebPkiServerVerifier::builder_with_provider(Arc::new(public_roots()), provider.clone())
            .build()
            .map_err(|e| format!("public roots: {e}"))?;
        let mut roots = public_roots();
        for cert in extra {
            roots.add(cert).map_err(|e| format!("extra root certificate: {e}"))?;
        }
        let with_extra = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| format!("extra root certificates: {e}"))?;
        Ok(ScopedRoots { public, with_extra, extra_hosts })
    }

    fn for_name(&self, name: &ServerName<'_>) -> &WebPkiServerVerifier {
        match name {
            ServerName::DnsName(dns) if self.extra_hosts.contains(&dns.as_ref().to_ascii_lowercase()) => &self.with_extra,
            _ => &self.public,
        }
    }
}

impl ServerCertVerifier for ScopedRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.for_name(server_name).verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.public.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.public.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.public.supported_verify_schemes()
    }
}
