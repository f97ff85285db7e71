//! Building a [`Client`]: credentials, base URL, timeouts, retries, the
//! catalogue, and the HTTP client underneath. The environment
//! (`VENICE_API_KEY`, `VENICE_BASE_URL`) is read here and nowhere else.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{self, Credentials, Secret};
use crate::client::cache::CatalogueCache;
use crate::client::{Client, Inner};
use crate::error::Error;
use crate::limits::{DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES};
use crate::request::catalogue::Catalogue;
use crate::transport::http::{HttpSettings, LazyHttp};
use crate::transport::retry::{RetryEvent, RetryPolicy};
use crate::transport::{RetryHook, Rules, Transport};

/// The environment variable the base URL is read from when none is given.
pub const BASE_URL_ENV: &str = "VENICE_BASE_URL";

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use venice_image::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .api_key("sk-example")
///     .base_url("http://127.0.0.1:8080/api/v1")
///     .timeout(Duration::from_secs(120))
///     .retry_policy(RetryPolicy::attempts(5))
///     .build()
///     .unwrap();
/// assert!(!format!("{client:?}").contains("sk-example"));
/// ```
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    api_key_file: Option<PathBuf>,
    base_url: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    catalogue: Option<Catalogue>,
    fetch_catalogue: bool,
    cache: Option<CatalogueCache>,
    on_retry: Option<RetryHook>,
    max_response_bytes: u64,
    use_env: bool,
    allow_insecure_http: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            api_key_file: None,
            base_url: None,
            connect_timeout: Duration::from_secs(30),
            timeout: Duration::from_secs(300),
            user_agent: concat!("venice-image/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            catalogue: None,
            fetch_catalogue: true,
            cache: None,
            on_retry: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            use_env: true,
        }
    }
}

impl ClientBuilder {
    /// The API key (otherwise the key file, else `VENICE_API_KEY`).
    pub fn api_key(mut self, key: impl AsRef<str>) -> Self {
        self.credentials = Some(Credentials::ApiKey(Secret::new(key)));
        self
    }
    /// Read the API key from this file when [`ClientBuilder::build`] runs
    /// (used unless a key is given directly). A file other users can read
    /// is noted in [`Client::credential_source`] and logged as a warning.
    pub fn api_key_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.api_key_file = Some(path.into());
        self
    }
    /// Pay with an x402 wallet instead of an API key: every attempt of
    /// every request carries a `SIGN-IN-WITH-X` header the wallet signs
    /// afresh (see [`WalletSigner`](crate::WalletSigner) and the `wallet` module). With the `x402` feature,
    /// `EvmWallet` is one.
    pub fn wallet(mut self, signer: Arc<dyn crate::auth::signer::WalletSigner>) -> Self {
        self.credentials = Some(Credentials::Wallet(signer));
        self
    }
    /// The API's base URL, ending in `/api/v1` (otherwise `VENICE_BASE_URL`,
    /// else [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// Ignore `VENICE_API_KEY` and `VENICE_BASE_URL`.
    pub fn without_env(mut self) -> Self {
        self.use_env = false;
        self
    }
    /// Time to connect (default 30 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    /// Time for one attempt of any request, upload and answer included
    /// (default 300 s: edits can take minutes).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }
    /// The `User-Agent` (default `venice-image/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }
    /// How to retry (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
    /// Use this `reqwest::Client` (proxies, custom roots). Its own timeouts
    /// and user agent then apply; the per-attempt timeout is still set.
    /// [`Client::raw`] does not use it (see there).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }
    /// Validate against this catalogue instead of fetching one.
    pub fn catalogue(mut self, catalogue: Catalogue) -> Self {
        self.catalogue = Some(catalogue);
        self
    }
    /// Whether to fetch the catalogue (once, cached) to validate requests
    /// against the model's rules (default true). Without one, only the API's
    /// general bounds are checked.
    pub fn fetch_catalogue(mut self, fetch: bool) -> Self {
        self.fetch_catalogue = fetch;
        self
    }
    /// Keep the catalogue (and the upscaler's prices) between runs in this
    /// cache, per base URL (default: none, fetched once per client). See
    /// [`CatalogueCache`] for how long an entry is used.
    pub fn catalogue_cache(mut self, cache: CatalogueCache) -> Self {
        self.cache = Some(cache);
        self
    }
    /// Called before each retry with what failed and how long the client waits.
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }
    /// Allow a plain `http://` base URL to another machine (default false:
    /// plain http goes only to this machine, the emulator's case, so that a
    /// key never crosses a network in clear text by mistake).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }
    /// Largest answer accepted (default 128 MB).
    pub fn max_response_bytes(mut self, n: u64) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Builds the client. No key is needed to build one: listing models and
    /// dry runs work without, and a call that needs one fails with
    /// [`Error::MissingCredentials`]. A key file that cannot be read is an
    /// error here.
    pub fn build(self) -> Result<Client, Error> {
        let (credentials, credential_source) =
            auth::resolve(self.credentials, self.api_key_file.as_deref(), self.use_env)?;
        let from_env = self.use_env.then(|| std::env::var(BASE_URL_ENV).ok()).flatten();
        let raw_url = self
            .base_url
            .or(from_env.filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base_url = parse_base_url(&raw_url, self.allow_insecure_http)?;
        let settings = HttpSettings { connect_timeout: self.connect_timeout, user_agent: self.user_agent };
        let http = match self.http {
            Some(c) => LazyHttp::given(c, settings.clone()),
            None => LazyHttp::start(settings.clone()),
        };
        let rules = Rules {
            credentials,
            timeout: self.timeout,
            retry: self.retry,
            on_retry: self.on_retry,
            max_response_bytes: self.max_response_bytes,
        };
        let transport = Transport::new(http, base_url, rules);
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                credential_source,
                http_settings: settings,
                raw: std::sync::OnceLock::new(),
                supplied: self.catalogue.map(Arc::new),
                catalogue: Default::default(),
                fetch_catalogue: self.fetch_catalogue,
                upscalers: Default::default(),
                generators: Default::default(),
                removers: Default::default(),
                cache: self.cache,
            }),
        })
    }
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

/// The base URL, checked and without a trailing slash. Plain `http://`
/// goes only to this machine (`localhost`, `127.0.0.0/8`, `::1`) unless
/// `allow_insecure`: elsewhere the key (or a wallet's signature) would cross
/// the network in clear text.
fn parse_base_url(raw: &str, allow_insecure: bool) -> Result<String, Error> {
    let bad = |reason: String| Error::InvalidBaseUrl { url: raw.to_owned(), reason };
    let parsed = reqwest::Url::parse(raw.trim()).map_err(|e| bad(format!("is not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(bad("must be http(s)://host/...".to_owned()));
    }
    if parsed.scheme() == "http" && !allow_insecure && !is_loopback(&parsed) {
        return Err(bad(
            "is plain http to another machine: the key would cross the network in clear text; use https \
             (or, on a network you trust, allow it with --allow-insecure-http)"
                .to_owned(),
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Whether a URL's host is this machine.
fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_trimmed() {
        let parse = |u| parse_base_url(u, false);
        assert_eq!(parse("http://127.0.0.1:8080/api/v1/").unwrap(), "http://127.0.0.1:8080/api/v1");
        assert!(matches!(parse("ftp://x/api/v1"), Err(Error::InvalidBaseUrl { .. })));
        assert!(matches!(parse("not a url"), Err(Error::InvalidBaseUrl { .. })));
    }

    #[test]
    fn plain_http_goes_only_to_this_machine_unless_allowed() {
        for local in ["http://localhost:9/api/v1", "http://127.3.4.5:9/api/v1", "http://[::1]:9/api/v1"] {
            assert!(parse_base_url(local, false).is_ok(), "{local}");
        }
        for remote in
            ["http://203.0.113.7:9/api/v1", "http://api.example/api/v1", "http://localhost.example/x"]
        {
            let e = parse_base_url(remote, false).unwrap_err();
            assert!(e.to_string().contains("clear text"), "{remote}: {e}");
            assert!(parse_base_url(remote, true).is_ok(), "{remote}");
        }
        assert!(parse_base_url("https://203.0.113.7/api/v1", false).is_ok());
    }

    #[test]
    fn a_missing_key_file_fails_the_build_with_a_typed_error() {
        let e = ClientBuilder::default().without_env().api_key_file("/nonexistent/key").build().unwrap_err();
        assert!(matches!(e, Error::KeyFile { .. }), "{e:?}");
        assert_eq!(e.to_string(), "the API key file /nonexistent/key does not exist");
    }
}
