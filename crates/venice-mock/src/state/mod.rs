//! The emulator's memory, shared by every connection: what it was set up
//! with, the model catalogue, what it has seen, and what it counts.
//!
//! - [`State`] (here): the configuration, the account balance, the
//!   scripted and random faults, each key's rate window and lock-out, the
//!   recorded requests, and the x402 wallets' [`Ledger`].
//! - [`catalogue`]: the models, their limits and their prices.
//! - [`record`]: what is remembered of each request, credentials redacted.

pub mod catalogue;
pub mod record;

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use self::catalogue::Catalogue;
use self::record::RecordedRequest;
use crate::config::{Fault, FaultScope, MockConfig};
use crate::wallet::Ledger;

pub(crate) struct State {
    pub config: MockConfig,
    pub catalogue: Catalogue,
    /// When the emulator started: recorded times are measured from here.
    pub started: Instant,
    /// The x402 wallets.
    pub ledger: Ledger,
    inner: Mutex<Inner>,
}

/// Requests kept for [`State::requests`]; older ones are dropped (the log
/// file, when set, keeps them all).
pub const MAX_RECORDED: usize = 10_000;
/// Keys whose recent failures are tracked for the lock-out.
pub const MAX_KEYS: usize = 10_000;

struct Inner {
    seq: u64,
    balance_usd: f64,
    windows: HashMap<String, Window>,
    failures: HashMap<String, VecDeque<Instant>>,
    locked_until: HashMap<String, Instant>,
    /// Scripted faults, each waiting for a request its scope matches.
    script: VecDeque<(FaultScope, Fault)>,
    rng: SplitMix64,
    /// The latest requests, at most [`MAX_RECORDED`] (oldest dropped).
    requests: VecDeque<RecordedRequest>,
    log: Option<std::fs::File>,
}

struct Window {
    started: Instant,
    used: u32,
}

/// The outcome of counting a request against its key's rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateStatus {
    pub limit: u32,
    pub remaining: u32,
    /// Time until the window resets.
    pub reset_in: Duration,
    /// Set when the request is refused: how long until it would be allowed.
    pub refused_for: Option<Duration>,
}

/// A small, seedable generator: reproducible fault sequences without a
/// dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl State {
    pub fn new(config: MockConfig) -> std::io::Result<Self> {
        let log = match &config.log {
            Some(path) => Some(std::fs::OpenOptions::new().create(true).append(true).open(path)?),
            None => None,
        };
        let seed = config.random_faults.as_ref().map_or(0, |r| r.seed);
        Ok(Self {
            catalogue: Catalogue::builtin().with_background_remover(config.background_remove_usd),
            started: Instant::now(),
            ledger: Ledger::new(&config),
            inner: Mutex::new(Inner {
                seq: 0,
                balance_usd: config.balance_usd,
                windows: HashMap::new(),
                failures: HashMap::new(),
                locked_until: HashMap::new(),
                script: VecDeque::new(),
                rng: SplitMix64(seed),
                requests: VecDeque::new(),
                log,
            }),
            config,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data; keep serving.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn next_seq(&self) -> u64 {
        let mut inner = self.lock();
        inner.seq += 1;
        inner.seq
    }

    /// The fault for a request to `path`: the first scripted one whose
    /// scope matches it (taken from the queue), else perhaps a random one.
    pub fn take_fault_for(&self, path: &str) -> Option<Fault> {
        let mut inner = self.lock();
        if let Some(i) = inner.script.iter().position(|(scope, _)| scope.matches(path)) {
            return inner.script.remove(i).map(|(_, f)| f);
        }
        let random = self.config.random_faults.as_ref()?;
        if random.faults.is_empty() {
            return None;
        }
        if inner.rng.next_f64() < random.rate {
            let i = (inner.rng.next_u64() % random.faults.len() as u64) as usize;
            Some(random.faults[i].clone())
        } else {
            None
        }
    }

    /// The fault for a request that only [`FaultScope::All`] matches.
    #[cfg(test)]
    pub fn take_fault(&self) -> Option<Fault> {
        self.take_fault_for("")
    }

    /// Queues faults for any request.
    pub fn script(&self, faults: impl IntoIterator<Item = Fault>) {
        self.script_for(FaultScope::All, faults);
    }

    /// Queues faults for requests in `scope`, behind those already queued.
    pub fn script_for(&self, scope: FaultScope, faults: impl IntoIterator<Item = Fault>) {
        self.lock().script.extend(faults.into_iter().map(|f| (scope, f)));
    }

    /// How long `key` stays locked out, if it is.
    pub fn locked_for(&self, key: &str) -> Option<Duration> {
        let now = Instant::now();
        let inner = self.lock();
        inner
            .locked_until
            .get(key)
            .and_then(|until| until.checked_duration_since(now))
            .filter(|d| !d.is_zero())
    }

    /// Counts a failed request; too many within the window lock the key.
    pub fn record_failure(&self, key: &str) {
        let Some(rule) = self.config.lockout else { return };
        let now = Instant::now();
        let mut inner = self.lock();
        // Keys are whatever callers send: forget the quiet ones before the
        // map grows past its bound.
        if inner.failures.len() >= MAX_KEYS && !inner.failures.contains_key(key) {
            inner.failures.retain(|_, log| log.back().is_some_and(|t| now.duration_since(*t) <= rule.within));
            inner.locked_until.retain(|_, until| *until > now);
            if inner.failures.len() >= MAX_KEYS {
                return;
            }
        }
        let log = inner.failures.entry(key.to_owned()).or_default();
        log.push_back(now);
        while log.front().is_some_and(|t| now.duration_since(*t) > rule.within) {
            log.pop_front();
        }
        if log.len() > rule.failures as usize {
            log.clear();
            inner.locked_until.insert(key.to_owned(), now + rule.lock);
        }
    }

    /// Counts a request against `key`'s fixed window.
    pub fn rate(&self, key: &str) -> Option<RateStatus> {
        self.window(key, true)
    }

    /// `key`'s window as it stands, without counting a request.
    pub fn peek_rate(&self, key: &str) -> Option<RateStatus> {
        self.window(key, false)
    }

    fn window(&self, key: &str, count: bool) -> Option<RateStatus> {
        let rule = self.config.rate_limit?;
        let now = Instant::now();
        let mut inner = self.lock();
        if inner.windows.len() >= MAX_KEYS && !inner.windows.contains_key(key) {
            // Windows that have turned hold nothing worth keeping.
            inner.windows.retain(|_, w| now.duration_since(w.started) < rule.window);
        }
        let w = inner.windows.entry(key.to_owned()).or_insert(Window { started: now, used: 0 });
        if now.duration_since(w.started) >= rule.window {
            *w = Window { started: now, used: 0 };
        }
        let left = rule.window.saturating_sub(now.duration_since(w.started));
        let refused_for = if !count {
            None
        } else if w.used >= rule.requests {
            Some(left)
        } else {
            w.used += 1;
            None
        };
        Some(RateStatus {
            limit: rule.requests,
            remaining: rule.requests.saturating_sub(w.used),
            reset_in: left,
            refused_for,
        })
    }

    pub fn balance_usd(&self) -> f64 {
        self.lock().balance_usd
    }

    pub fn set_balance_usd(&self, usd: f64) {
        self.lock().balance_usd = usd;
    }

    /// Takes `usd` from the balance; false (and nothing taken) when short.
    pub fn charge(&self, usd: f64) -> bool {
        let mut inner = self.lock();
        if inner.balance_usd + 1e-9 < usd {
            return false;
        }
        inner.balance_usd -= usd;
        true
    }

    pub fn record(&self, request: RecordedRequest) {
        let mut inner = self.lock();
        if let Some(file) = inner.log.as_mut()
            && let Ok(line) = serde_json::to_string(&request)
        {
            let _ = writeln!(file, "{line}");
        }
        if inner.requests.len() >= MAX_RECORDED {
            inner.requests.pop_front();
        }
        inner.requests.push_back(request);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.iter().cloned().collect()
    }

    pub fn clear_requests(&self) {
        self.lock().requests.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Lockout, RandomFaults, RateLimit};

    #[test]
    fn rate_limit_counts_per_key_in_a_fixed_window() {
        let config = MockConfig::default()
            .rate_limit(Some(RateLimit { requests: 2, window: Duration::from_secs(60) }));
        let s = State::new(config).unwrap();
        assert_eq!(s.rate("a").unwrap().remaining, 1);
        assert_eq!(s.rate("a").unwrap().remaining, 0);
        let refused = s.rate("a").unwrap();
        assert!(refused.refused_for.unwrap() > Duration::from_secs(58));
        assert!(s.rate("b").unwrap().refused_for.is_none(), "keys are counted apart");
    }

    #[test]
    fn peeking_at_a_window_counts_nothing() {
        let config = MockConfig::default()
            .rate_limit(Some(RateLimit { requests: 1, window: Duration::from_secs(60) }));
        let s = State::new(config).unwrap();
        let seen = s.peek_rate("a").unwrap();
        assert_eq!((seen.remaining, seen.refused_for), (1, None));
        assert!(seen.reset_in > Duration::from_secs(58));
        assert_eq!(s.rate("a").unwrap().refused_for, None, "the peek did not use the slot");
        assert_eq!(s.peek_rate("a").unwrap().remaining, 0);
        assert_eq!(s.peek_rate("a").unwrap().refused_for, None);
        assert!(State::new(MockConfig::default()).unwrap().peek_rate("a").is_none(), "no limit");
    }

    #[test]
    fn what_is_recorded_is_bounded() {
        let state = State::new(MockConfig::default()).unwrap();
        for seq in 0..(MAX_RECORDED as u64 + 5) {
            state.record(RecordedRequest { seq, ..RecordedRequest::default() });
        }
        let kept = state.requests();
        assert_eq!(kept.len(), MAX_RECORDED);
        assert_eq!(kept.first().map(|r| r.seq), Some(5), "the oldest were dropped");
    }

    #[test]
    fn lockout_after_more_than_the_allowed_failures() {
        let rule = Lockout { failures: 3, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
        let s = State::new(MockConfig::default().lockout(Some(rule))).unwrap();
        for _ in 0..3 {
            s.record_failure("k");
        }
        assert_eq!(s.locked_for("k"), None);
        s.record_failure("k");
        assert!(s.locked_for("k").unwrap() > Duration::from_secs(29));
        assert_eq!(s.locked_for("other"), None);
    }

    #[test]
    fn random_faults_are_reproducible_from_the_seed() {
        let draw = |seed| {
            let s =
                State::new(MockConfig::default().random_faults(Some(RandomFaults::server_errors(0.3, seed))))
                    .unwrap();
            (0..200).map(|_| s.take_fault().map(|f| f.name())).collect::<Vec<_>>()
        };
        let a = draw(7);
        assert_eq!(a, draw(7));
        assert_ne!(a, draw(8));
        let hits = a.iter().filter(|f| f.is_some()).count();
        assert!((40..=80).contains(&hits), "about 30% of 200, got {hits}");
    }

    #[test]
    fn scripted_faults_come_first_and_in_order() {
        let s = State::new(MockConfig::default()).unwrap();
        s.script([Fault::NotAnImage, Fault::TruncatedBody]);
        assert_eq!(s.take_fault(), Some(Fault::NotAnImage));
        assert_eq!(s.take_fault(), Some(Fault::TruncatedBody));
        assert_eq!(s.take_fault(), None);
    }

    #[test]
    fn a_scoped_fault_waits_for_a_request_it_matches_in_one_queue() {
        let s = State::new(MockConfig::default()).unwrap();
        s.script_for(FaultScope::Images, [Fault::NotAnImage]);
        s.script([Fault::TruncatedBody]);
        s.script_for(FaultScope::Models, [Fault::HtmlBadGateway]);
        // The catalogue fetch skips the image fault and takes the next match.
        assert_eq!(s.take_fault_for("/api/v1/models"), Some(Fault::TruncatedBody));
        assert_eq!(s.take_fault_for("/api/v1/models"), Some(Fault::HtmlBadGateway));
        assert_eq!(s.take_fault_for("/api/v1/models"), None);
        assert_eq!(s.take_fault_for("/api/v1/image/edit"), Some(Fault::NotAnImage));
        assert_eq!(s.take_fault_for("/api/v1/image/edit"), None);
    }

    #[test]
    fn charging_never_goes_below_zero() {
        let s = State::new(MockConfig::default().balance_usd(0.05)).unwrap();
        assert!(s.charge(0.04));
        assert!(!s.charge(0.04));
        assert!((s.balance_usd() - 0.01).abs() < 1e-9);
    }
}
