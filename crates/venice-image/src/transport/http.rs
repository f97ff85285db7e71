//! The settings the client's own `reqwest::Client`s are built with, kept so
//! that a second one (the generated client's, carrying the credential) is
//! built the same way.

use std::time::Duration;

use crate::error::Error;

/// What the client's own `reqwest::Client`s are built with.
pub(crate) struct HttpSettings {
    pub connect_timeout: Duration,
    pub user_agent: String,
}

impl HttpSettings {
    /// A client; with `default_headers`, every request carries them (the
    /// generated client's credential).
    pub(crate) fn client(
        &self,
        default_headers: Option<reqwest::header::HeaderMap>,
    ) -> Result<reqwest::Client, Error> {
        crate::transport::tls::prepare();
        let mut b = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent.clone())
            .pool_idle_timeout(Duration::from_secs(60))
            // A redirect would be followed without the upload or (to another
            // host) with a credential header reqwest does not know to drop.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(h) = default_headers {
            b = b.default_headers(h);
        }
        b.build().map_err(Error::HttpClient)
    }
}
