//! How an emulator behaves: keys, limits, money, latency, and scripted
//! faults. [`MockConfig`] (here) gathers them; [`limits`] holds the rate
//! limit and the lock-out, [`faults`] what can be injected.

mod faults;
mod limits;

pub use faults::{Fault, FaultScope, RandomFaults, RetryAfter, TopUpFault};
pub use limits::{Lockout, RateLimit, ResetForm, parse_duration};

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
    /// Price of one background removal: what is charged, and the price the
    /// catalogue lists for the background remover (`bria-bg-remover`, type
    /// `image`, `model_spec.pricing.generation`), as Venice lists it.
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
    /// Starting balances of x402 wallets, USD, by address (an EVM address
    /// in any case; a Solana address as written: base58 is case-sensitive).
    pub wallet_balances: HashMap<String, f64>,
    /// The starting balance of a wallet not in `wallet_balances`, USD.
    pub default_wallet_balance_usd: f64,
}

/// The form a wallet's address is kept in: an EVM address (`0x…`) in lower
/// case, any other (Solana's base58, which is case-sensitive) as written.
pub fn wallet_key(address: &str) -> String {
    let a = address.trim();
    if a.starts_with("0x") || a.starts_with("0X") { a.to_ascii_lowercase() } else { a.to_owned() }
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
            background_remove_usd: 0.03,
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
    /// See [`MockConfig::background_remove_usd`].
    pub fn background_remove_usd(mut self, usd: f64) -> Self {
        self.background_remove_usd = usd;
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
        self.wallet_balances.insert(wallet_key(&address.into()), usd);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reset_form_is_seconds_unless_asked() {
        assert_eq!(MockConfig::default().rate_reset, ResetForm::Seconds);
    }
}
