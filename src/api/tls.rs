//! TLS for every connection `cloud` makes: rustls, verifying certificates against the
//! platform's roots (or only those of `SSL_CERT_FILE` / `SSL_CERT_DIR`), else the bundled
//! Mozilla roots. Nothing here, or anywhere in `cloud`, can switch verification off.
//!
//! The roots are loaded when the first certificate is verified, not when the client is built:
//! reading and parsing the platform's bundle costs milliseconds that a command talking plain
//! http to a loopback emulator, or failing before any request, never needs.

use std::sync::{Arc, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// The client configuration: HTTP/1.1 only, certificates verified by [`LazyRoots`].
pub(super) fn config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("could not set up TLS: {e}"))?
        // "dangerous" only in that rustls cannot see what the verifier does: it is rustls's
        // own WebPKI verifier, built on first use.
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(LazyRoots {
            provider,
            verifier: OnceLock::new(),
        }))
        .with_no_client_auth();
    // HTTP/1.1 only: reqwest is built without HTTP/2 (one exchange per command gains nothing
    // from it), so offering h2 would let a server pick a protocol the client cannot speak.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// rustls's WebPKI verifier over the roots of [`roots`], made when first needed.
#[derive(Debug)]
struct LazyRoots {
    provider: Arc<CryptoProvider>,
    verifier: OnceLock<Result<Arc<WebPkiServerVerifier>, String>>,
}

impl LazyRoots {
    fn verifier(&self) -> Result<&Arc<WebPkiServerVerifier>, rustls::Error> {
        self.verifier
            .get_or_init(|| {
                let roots = roots()?;
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), self.provider.clone())
                    .build()
                    .map_err(|e| format!("could not set up certificate verification: {e}"))
            })
            .as_ref()
            .map_err(|message| rustls::Error::General(message.clone()))
    }
}

impl ServerCertVerifier for LazyRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.verifier()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    // Signatures are checked with the provider's algorithms alone; no root is involved.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Platform roots (or `SSL_CERT_FILE` / `SSL_CERT_DIR`), else the bundled Mozilla roots.
fn roots() -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    let (added, _unparsable) = roots.add_parsable_certificates(native.certs);
    if added == 0 {
        let chosen = ["SSL_CERT_FILE", "SSL_CERT_DIR"]
            .into_iter()
            .find(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
        if let Some(name) = chosen {
            let errors: Vec<String> = native.errors.iter().map(|e| e.to_string()).collect();
            return Err(format!(
                "{name} is set but no usable CA certificate was found there{}",
                if errors.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", errors.join("; "))
                }
            ));
        }
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    Ok(roots)
}
