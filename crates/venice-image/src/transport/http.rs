//! The settings the client's own `reqwest::Client`s are built with, kept so
//! that a second one (the generated client's, carrying the credential) is
//! built the same way; and the sender's own client, built in the
//! background ([`LazyHttp`]).

use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::Error;

/// What the client's own `reqwest::Client`s are built with.
#[derive(Clone)]
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

/// The sender's `reqwest::Client`, built on a thread of its own from the
/// moment the venice `Client` is: building it loads the system's root
/// certificates (about 150 files, 1.3 ms measured), which then overlaps the
/// first request's local checks (reading and walking the input) instead of
/// coming before them. The first send waits for it; a failure to build is
/// [`Error::HttpClient`] there, and the next send builds again.
pub(crate) struct LazyHttp {
    ready: OnceLock<reqwest::Client>,
    pending: Mutex<Option<JoinHandle<Result<reqwest::Client, Error>>>>,
    settings: HttpSettings,
}

impl LazyHttp {
    /// Starts building a client with `settings`.
    pub(crate) fn start(settings: HttpSettings) -> Self {
        let background = settings.clone();
        let pending = std::thread::Builder::new()
            .name("venice-http-setup".into())
            .spawn(move || background.client(None))
            .ok();
        Self { ready: OnceLock::new(), pending: Mutex::new(pending), settings }
    }

    /// A client given by the caller, used as it is.
    pub(crate) fn given(client: reqwest::Client, settings: HttpSettings) -> Self {
        Self { ready: OnceLock::from(client), pending: Mutex::new(None), settings }
    }

    /// The client, once built (waiting for the background build if it is
    /// still running, building here if it could not start or failed).
    /// Concurrent first sends wait on one build: the lock is held until
    /// the client is ready (a millisecond or two at most, once).
    pub(crate) fn get(&self) -> Result<&reqwest::Client, Error> {
        if let Some(client) = self.ready.get() {
            return Ok(client);
        }
        let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(client) = self.ready.get() {
            return Ok(client);
        }
        let built = match pending.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            // Not started, or the thread panicked: build here.
            Some(Err(_)) | None => self.settings.client(None),
        }?;
        let client = self.ready.get_or_init(|| built);
        drop(pending);
        Ok(client)
    }
}
