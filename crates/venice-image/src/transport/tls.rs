//! The TLS crypto provider. With the `rustls-ring` feature and not `rustls`,
//! reqwest is built without a provider of its own: ring is installed as the
//! process's rustls default before a client is built, unless the program
//! installed one already (which is then used).

/// Makes sure rustls has a crypto provider.
pub(crate) fn prepare() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one first: either is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
