//! How an emulator behaves: keys, limits, money, latency, and scripted faults.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;

/// Settings for a [`MockServer`](crate::MockServer). Start from
/// [`MockConfig::default`] and change what the test needs.
///
/// ```
/// use std::time::Duration;
/// use venice_mock::{MockConfig, RateLimit};
///
/// let config = MockConfig::default()
///     .key("test-key")
///     .rate_limit(Some(RateLimit { requests: 20, window: Duration::from_secs(60) }))
///     .balance_usd(1.00);
/// assert_eq!(config.keys, ["test-key"]);
/// ```
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// API keys accepted as `Authorization: Bearer <key>`.
    pub keys: Vec<String>,
    /// Added before every successful edit answer, like the model's time.
    pub latency: Duration,
    /// Added before every answer, `GET /models` included: a network round
    /// trip, for measuring how many a client makes (loopback has none).
    pub rtt: Duration,
    /// The freshness the catalogue's answers declare (`Cache-Control:
    /// public, max-age=N`); `None` sends `no-cache`, so clients revalidate
    /// every time. Every catalogue answer carries an `ETag`, and a
    /// `GET /models` whose `If-None-Match` has it gets a `304`.
    pub catalogue_max_age: Option<Duration>,
    /// Requests per key per window; `None` for no limit.
    pub rate_limit: Option<RateLimit>,
    /// How `x-ratelimit-reset-requests` tells when the window resets.
    pub rate_reset: ResetForm,
    /// The lock-out after repeated failed requests; `None` to disable.
    pub lockout: Option<Lockout>,
    /// Starting balance in USD, charged per successful call.
    pub balance_usd: f64,
    /// Price of one background removal (the catalogue prices the edit models only).
    pub background_remove_usd: f64,
    /// Prompts containing any of these words (any case) get a 422.
    pub blocked_words: Vec<String>,
    /// Image URLs the emulator can "fetch"; it has no internet.
    pub urls: HashMap<String, Bytes>,
    /// Models answered with deprecation headers, by id.
    pub deprecated: HashMap<String, Deprecation>,
    /// Random faults: the share of requests that get one, the seed, and the
    /// faults drawn from.
    pub random_faults: Option<RandomFaults>,
    /// Decode pixels to build the answer (true), or read only image headers
    /// and answer with a synthetic image of the right size (false, for
    /// measuring clients without the emulator's decoding cost).
    pub decode_pixels: bool,
    /// Append every recorded request to this file as a JSON line.
    pub log: Option<PathBuf>,
    /// Starting balances of x402 wallets, USD, by address (any case).
    pub wallet_balances: HashMap<String, f64>,
    /// The starting balance of a wallet not in `wallet_balances`, USD.
    pub default_wallet_balance_usd: f64,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            port: 0,
            keys: vec!["test-key".to_owned()],
            latency: Duration::ZERO,
            rtt: Duration::ZERO,
            catalogue_max_age: Some(Duration::from_secs(3600)),
            rate_limit: None,
            rate_reset: ResetForm::Seconds,
            lockout: Some(Lockout::default()),
            balance_usd: 100.0,
            background_remove_usd: 0.02,
            blocked_words: vec!["forbidden-content".to_owned()],
            urls: HashMap::new(),
            deprecated: HashMap::new(),
            random_faults: None,
            decode_pixels: true,
            log: None,
            wallet_balances: HashMap::new(),
            default_wallet_balance_usd: 0.0,
        }
    }
}

impl MockConfig {
    /// Accept only this key (replacing the default `test-key`).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.keys = vec![key.into()];
        self
    }
    /// See [`MockConfig::port`].
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }
    /// See [`MockConfig::latency`].
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }
    /// See [`MockConfig::rtt`].
    pub fn rtt(mut self, rtt: Duration) -> Self {
        self.rtt = rtt;
        self
    }
    /// See [`MockConfig::catalogue_max_age`].
    pub fn catalogue_max_age(mut self, max_age: Option<Duration>) -> Self {
        self.catalogue_max_age = max_age;
        self
    }
    /// See [`MockConfig::rate_limit`].
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = limit;
        self
    }
    /// See [`MockConfig::rate_reset`].
    pub fn rate_reset(mut self, form: ResetForm) -> Self {
        self.rate_reset = form;
        self
    }
    /// See [`MockConfig::lockout`].
    pub fn lockout(mut self, lockout: Option<Lockout>) -> Self {
        self.lockout = lockout;
        self
    }
    /// See [`MockConfig::balance_usd`].
    pub fn balance_usd(mut self, usd: f64) -> Self {
        self.balance_usd = usd;
        self
    }
    /// Add a word whose presence in a prompt triggers a 422.
    pub fn blocked_word(mut self, word: impl Into<String>) -> Self {
        self.blocked_words.push(word.into());
        self
    }
    /// Serve `bytes` when a request names `url` as its image.
    pub fn serve_url(mut self, url: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        self.urls.insert(url.into(), bytes.into());
        self
    }
    /// Mark a model deprecated.
    pub fn deprecate(mut self, model: impl Into<String>, deprecation: Deprecation) -> Self {
        self.deprecated.insert(model.into(), deprecation);
        self
    }
    /// See [`MockConfig::random_faults`].
    pub fn random_faults(mut self, faults: Option<RandomFaults>) -> Self {
        self.random_faults = faults;
        self
    }
    /// See [`MockConfig::log`].
    pub fn log(mut self, path: impl Into<PathBuf>) -> Self {
        self.log = Some(path.into());
        self
    }
    /// A wallet's starting balance (see [`MockConfig::wallet_balances`]).
    pub fn wallet_balance(mut self, address: impl Into<String>, usd: f64) -> Self {
        self.wallet_balances.insert(address.into().to_ascii_lowercase(), usd);
        self
    }
    /// See [`MockConfig::default_wallet_balance_usd`].
    pub fn default_wallet_balance(mut self, usd: f64) -> Self {
        self.default_wallet_balance_usd = usd;
        self
    }
    /// See [`MockConfig::decode_pixels`].
    pub fn decode_pixels(mut self, decode: bool) -> Self {
        self.decode_pixels = decode;
        self
    }
}

/// `requests` per key in each fixed `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// Length of the window.
    pub window: Duration,
}

impl std::str::FromStr for RateLimit {
    type Err = String;

    /// Parses `20/60s`, `100/1m` or `5/500ms`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, w) = s.split_once('/').ok_or_else(|| format!("{s:?} is not N/DURATION, e.g. 20/60s"))?;
        let requests = n.trim().parse().map_err(|_| format!("{n:?} is not a whole number of requests"))?;
        Ok(Self { requests, window: parse_duration(w)? })
    }
}

/// The form of the `x-ratelimit-reset-requests` header. Venice documents
/// both, so clients must read both; the emulator sends one, by choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ResetForm {
    /// Whole seconds until the key's window resets, rounded up (at least 1).
    #[default]
    Seconds,
    /// The unix time, in whole seconds rounded up, at which the key's
    /// window resets.
    UnixTimestamp,
}

impl std::str::FromStr for ResetForm {
    type Err = String;

    /// Parses `seconds` or `timestamp`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "seconds" => Ok(Self::Seconds),
            "timestamp" | "unix" => Ok(Self::UnixTimestamp),
            _ => Err(format!("{s:?} is not a reset form: use seconds or timestamp")),
        }
    }
}

/// Parses `300ms`, `2s`, `1m` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let value: f64 = num.parse().map_err(|_| format!("{s:?} is not a duration such as 300ms, 2s or 1m"))?;
    let secs = match unit {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("{s:?}: the unit must be ms, s or m")),
    };
    Duration::try_from_secs_f64(secs).map_err(|_| format!("{s:?} is out of range"))
}

/// The key lock-out after repeated failures: more than `failures` failed
/// requests within `within` lock the key for `lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failed requests allowed within the window before the lock.
    pub failures: u32,
    /// The sliding window failures are counted in.
    pub within: Duration,
    /// How long the key stays locked.
    pub lock: Duration,
}

impl Default for Lockout {
    fn default() -> Self {
        Self { failures: 20, within: Duration::from_secs(30), lock: Duration::from_secs(30) }
    }
}

/// What a deprecated model's answers carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// `x-venice-model-deprecation-warning`.
    pub warning: String,
    /// `x-venice-model-deprecation-date` (ISO 8601).
    pub date: String,
    /// `x-venice-deprecated-replacement`, when there is one.
    pub replacement: Option<String>,
}

/// How long a client is told to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <HTTP date>` this far in the future.
    HttpDate(Duration),
    /// `retry-after-ms: <milliseconds>`.
    Millis(u64),
}

/// A failure the emulator can inject instead of (or into) a normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and a JSON `{error}` body.
    Status {
        /// The HTTP status.
        status: u16,
        /// A wait to advertise.
        retry_after: Option<RetryAfter>,
    },
    /// Answer with this status and a JSON `{error}` body carrying `message`
    /// as given: a service's text, control characters and all, for testing
    /// what a client prints.
    Message {
        /// The HTTP status.
        status: u16,
        /// The `error` text.
        message: String,
    },
    /// Wait this long before answering (then answer normally).
    DelayHeaders(Duration),
    /// Answer normally but stall this long halfway through the body.
    DelayMidBody(Duration),
    /// Read a little of the upload, then drop the connection.
    ResetDuringUpload,
    /// Send success headers with the full `Content-Length`, half the body, then close.
    TruncatedBody,
    /// A 200 `image/png` whose body is not an image.
    NotAnImage,
    /// A 502 HTML page, as a proxy in front of the service sends.
    HtmlBadGateway,
    /// Never answer: read the request, then send nothing, not even headers,
    /// and keep the connection open until the client gives up. The request
    /// is recorded when it has been read, with status 0.
    Hang,
}

impl Fault {
    /// A short name for logs and recorded requests.
    pub fn name(&self) -> String {
        match self {
            Self::Status { status, retry_after } => match retry_after {
                None => format!("status {status}"),
                Some(r) => format!("status {status} ({r:?})"),
            },
            Self::Message { status, .. } => format!("status {status} with a given message"),
            Self::DelayHeaders(d) => format!("delay headers {d:?}"),
            Self::DelayMidBody(d) => format!("delay mid-body {d:?}"),
            Self::ResetDuringUpload => "reset during upload".into(),
            Self::TruncatedBody => "truncated body".into(),
            Self::NotAnImage => "not an image".into(),
            Self::HtmlBadGateway => "html 502".into(),
            Self::Hang => "hang".into(),
        }
    }
}

/// What the next top-up payment (`POST /x402/top-up` with a payment)
/// meets instead of a plain settlement (see
/// [`MockServer::script_top_up`](crate::MockServer::script_top_up)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TopUpFault {
    /// 409 `PAYMENT_IN_PROGRESS`: nothing credited yet; the same payment
    /// sent again settles.
    InProgress,
    /// 504 `SETTLEMENT_TIMEOUT`; the payment is credited all the same when
    /// `credited`.
    SettlementTimeout {
        /// Whether the payment settled behind the timeout.
        credited: bool,
    },
    /// 402 `SETTLEMENT_FAILED`: nothing taken.
    SettlementFailed,
}

/// Which requests a scripted fault waits for (see
/// [`MockServer::script_for`](crate::MockServer::script_for)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FaultScope {
    /// Any request, whatever its path.
    #[default]
    All,
    /// Requests to the image endpoints: paths under `/api/v1/image/`.
    Images,
    /// Requests to the catalogue: `/api/v1/models`.
    Models,
}

impl FaultScope {
    /// Whether a request to `path` (without the query) is in this scope.
    ///
    /// ```
    /// use venice_mock::FaultScope;
    ///
    /// assert!(FaultScope::Images.matches("/api/v1/image/edit"));
    /// assert!(!FaultScope::Images.matches("/api/v1/models"));
    /// assert!(FaultScope::Models.matches("/api/v1/models"));
    /// assert!(FaultScope::All.matches("/anything"));
    /// ```
    pub fn matches(self, path: &str) -> bool {
        match self {
            Self::All => true,
            Self::Images => path.starts_with("/api/v1/image/"),
            Self::Models => path == "/api/v1/models",
        }
    }
}

/// Faults drawn at random for a share of requests, reproducibly from a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomFaults {
    /// Share of requests that get a fault, 0.0 to 1.0.
    pub rate: f64,
    /// Seed of the generator: the same seed gives the same sequence.
    pub seed: u64,
    /// The faults drawn from, with equal chance.
    pub faults: Vec<Fault>,
}

impl RandomFaults {
    /// Retryable server-side failures: 500, 503, and 429 with `Retry-After: 1`.
    pub fn server_errors(rate: f64, seed: u64) -> Self {
        Self {
            rate,
            seed,
            faults: vec![
                Fault::Status { status: 500, retry_after: None },
                Fault::Status { status: 503, retry_after: None },
                Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(1)) },
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_and_durations_parse() {
        assert_eq!(
            "20/60s".parse::<RateLimit>().unwrap(),
            RateLimit { requests: 20, window: Duration::from_secs(60) }
        );
        assert_eq!("5/1m".parse::<RateLimit>().unwrap().window, Duration::from_secs(60));
        assert_eq!(parse_duration("300ms").unwrap(), Duration::from_millis(300));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert!("20".parse::<RateLimit>().is_err());
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn reset_forms_parse() {
        assert_eq!("seconds".parse::<ResetForm>(), Ok(ResetForm::Seconds));
        assert_eq!("timestamp".parse::<ResetForm>(), Ok(ResetForm::UnixTimestamp));
        assert!("later".parse::<ResetForm>().is_err());
        assert_eq!(MockConfig::default().rate_reset, ResetForm::Seconds);
    }
}
