//! Who is calling, and whether they may call now: authentication (a key,
//! or an x402 sign-in verified as the service does, with its 401 codes; no
//! credentials at all is the x402 402), a wallet's 5 requests in flight
//! (429), the failed-request lock-out (429) and the rate limit (429), with
//! the `x-ratelimit-*` headers that describe the caller's window.
//!
//! With a rate limit set, every answer to an identified caller on an image
//! endpoint carries the window's headers: successes, refusals, both kinds of
//! 429 and injected status faults. Only an admitted request uses a slot.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::HeaderMap;
use serde_json::json;

use crate::config::ResetForm;
use crate::http::{Fail, header};
use crate::state::{RateStatus, State};
use crate::wallet::siwx::Refusal;
use crate::wallet::{Slot, no_credentials, resource_url, sign_in_header, sign_in_refused, verify_sign_in};

/// Most requests a wallet may have in flight.
const WALLET_IN_FLIGHT: usize = 5;

/// An admitted caller.
#[derive(Debug)]
pub(super) struct Caller<'a> {
    /// The key for `Bearer` auth, or `x402:<address>`: what lock-out and
    /// rate limit are counted against.
    pub key: String,
    /// This request's place in the key's window, when a limit is set.
    pub rate: Option<RateStatus>,
    /// The signed-in wallet (`0x` + lower-case hex), for x402 callers.
    pub wallet: Option<String>,
    /// The wallet's place in flight, held until the answer.
    pub _slot: Option<Slot<'a>>,
}

/// Why a caller is not identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unknown {
    /// No credentials at all.
    Missing,
    /// A key that is not accepted (as presented).
    Key(String),
    /// A sign-in refused.
    SignIn(Refusal),
}

/// Who is calling: the key for `Bearer` auth, or `x402:<address>` for a
/// verified sign-in (its nonce spent when `spend`).
pub(super) fn identity(state: &State, headers: &HeaderMap, spend: bool) -> Result<String, Unknown> {
    if let Some(auth) = header(headers, "authorization") {
        let token = auth.strip_prefix("Bearer ").unwrap_or("").trim();
        return if state.config.keys.iter().any(|k| k == token) {
            Ok(token.to_owned())
        } else {
            Err(Unknown::Key(token.to_owned()))
        };
    }
    match sign_in_header(headers) {
        Some(v) => {
            let host = header(headers, "host");
            verify_sign_in(&state.ledger, &v, host.as_deref(), spend)
                .map(|a| format!("x402:{a}"))
                .map_err(Unknown::SignIn)
        }
        None => Err(Unknown::Missing),
    }
}

/// Admits a caller or refuses them: 401 without valid credentials (which
/// counts as a failure of the presented token), 429 while the key is locked
/// out, 429 when the key's window is used up. An admitted request is counted
/// against the window.
pub(super) fn admit<'a>(state: &'a State, headers: &HeaderMap, path: &str) -> Result<Caller<'a>, Fail> {
    let key = match identity(state, headers, true) {
        Ok(k) => k,
        Err(Unknown::Key(presented)) => {
            state.record_failure(&presented);
            return Err(Fail::new(401, "Authentication failed"));
        }
        Err(Unknown::SignIn(refusal)) => {
            state.record_failure("x402");
            return Err(sign_in_refused(&refusal));
        }
        Err(Unknown::Missing) => {
            state.record_failure("");
            return Err(no_credentials(&resource_url(headers, path)));
        }
    };
    let wallet = key.strip_prefix("x402:").map(str::to_owned);
    let slot = match &wallet {
        Some(w) => match state.ledger.enter(w, WALLET_IN_FLIGHT) {
            Some(slot) => Some(slot),
            None => {
                let mut f = Fail::new(429, "Too many requests in flight for this wallet");
                f.body["code"] = json!("X402_CONCURRENCY_LIMIT");
                f.headers.push(("retry-after", "1".into()));
                return Err(f);
            }
        },
        None => None,
    };
    let form = state.config.rate_reset;
    if let Some(left) = state.locked_for(&key) {
        let mut f = Fail::new(429, "Too many failed requests; this key is locked out for a while");
        f.headers.push(("retry-after", left.as_secs().max(1).to_string()));
        f.headers.extend(rate_headers(state.peek_rate(&key), form));
        return Err(f);
    }
    let rate = state.rate(&key);
    if let Some(wait) = rate.and_then(|r| r.refused_for) {
        let mut f = Fail::new(429, "Rate limit exceeded");
        f.headers.push(("retry-after", whole_seconds(wait).to_string()));
        f.headers.extend(rate_headers(rate, form));
        return Err(f);
    }
    Ok(Caller { key, rate, wallet, _slot: slot })
}

/// The window headers for whoever `headers` identify, without counting a
/// request (for answers that do not go through [`admit`], such as injected
/// faults); none for an unknown caller or without a limit.
pub(super) fn window_headers(state: &State, headers: &HeaderMap) -> Vec<(&'static str, String)> {
    match identity(state, headers, false) {
        Ok(key) => rate_headers(state.peek_rate(&key), state.config.rate_reset),
        Err(_) => Vec::new(),
    }
}

/// A wait in whole seconds, rounded up, at least 1.
fn whole_seconds(d: Duration) -> u64 {
    (d.as_secs_f64().ceil() as u64).max(1)
}

/// The `x-ratelimit-*-requests` headers for a window (none without a
/// limit), the reset in `form`.
pub(super) fn rate_headers(rate: Option<RateStatus>, form: ResetForm) -> Vec<(&'static str, String)> {
    let Some(r) = rate else { return Vec::new() };
    let reset = match form {
        ResetForm::UnixTimestamp => {
            let at = (SystemTime::now() + r.reset_in).duration_since(UNIX_EPOCH).unwrap_or_default();
            at.as_secs() + u64::from(at.subsec_nanos() > 0)
        }
        ResetForm::Seconds => whole_seconds(r.reset_in),
    };
    vec![
        ("x-ratelimit-limit-requests", r.limit.to_string()),
        ("x-ratelimit-remaining-requests", r.remaining.to_string()),
        ("x-ratelimit-reset-requests", reset.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::{Lockout, MockConfig, RateLimit};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (hyper::header::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    fn value<'a>(f: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
        f.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_known_key_or_a_verified_sign_in_identifies_the_caller() {
        let s = State::new(MockConfig::default().key("right")).unwrap();
        let id = |h: &[(&'static str, &str)]| identity(&s, &headers(h), true);
        assert_eq!(id(&[("authorization", "Bearer right")]), Ok("right".into()));
        assert_eq!(id(&[("authorization", "Bearer wrong")]), Err(Unknown::Key("wrong".into())));
        assert_eq!(id(&[("authorization", "right")]), Err(Unknown::Key(String::new())), "no scheme");
        for name in ["sign-in-with-x", "x-sign-in-with-x"] {
            let refused = id(&[(name, "garbage")]);
            assert!(matches!(&refused, Err(Unknown::SignIn(r)) if r.code == "PARSE_ERROR"), "{refused:?}");
        }
        assert_eq!(id(&[("sign-in-with-x", "  ")]), Err(Unknown::Missing));
        assert_eq!(identity(&s, &HeaderMap::new(), true), Err(Unknown::Missing));
    }

    #[test]
    fn without_credentials_the_answer_is_401_and_it_counts_as_a_failure() {
        let rule = Lockout { failures: 1, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
        let s = State::new(MockConfig::default().key("right").lockout(Some(rule))).unwrap();
        let wrong = headers(&[("authorization", "Bearer wrong")]);
        let f = admit(&s, &wrong, "/api/v1/image/edit").unwrap_err();
        assert_eq!((f.status.as_u16(), f.message()), (401, "Authentication failed"));
        assert!(s.locked_for("wrong").is_none());
        admit(&s, &wrong, "/api/v1/image/edit").unwrap_err();
        assert!(s.locked_for("wrong").is_some(), "the second failure locks the presented token");
    }

    #[test]
    fn a_locked_key_gets_429_with_the_time_left() {
        let rule = Lockout { failures: 0, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
        let s = State::new(MockConfig::default().lockout(Some(rule))).unwrap();
        s.record_failure("test-key");
        let f = admit(&s, &headers(&[("authorization", "Bearer test-key")]), "/").unwrap_err();
        assert_eq!(f.status.as_u16(), 429);
        assert!(!f.counts, "a lock-out answer does not extend the lock-out");
        let wait: u64 = value(&f.headers, "retry-after").unwrap().parse().unwrap();
        assert!((1..=30).contains(&wait), "{wait}");
    }

    #[test]
    fn the_window_admits_its_requests_then_refuses_with_the_window_headers() {
        let limit = RateLimit { requests: 1, window: Duration::from_secs(60) };
        let s = State::new(MockConfig::default().rate_limit(Some(limit))).unwrap();
        let auth = headers(&[("authorization", "Bearer test-key")]);
        let caller = admit(&s, &auth, "/").unwrap();
        assert_eq!(caller.key, "test-key");
        let h = rate_headers(caller.rate, ResetForm::Seconds);
        assert_eq!(value(&h, "x-ratelimit-limit-requests"), Some("1"));
        assert_eq!(value(&h, "x-ratelimit-remaining-requests"), Some("0"));
        let f = admit(&s, &auth, "/").unwrap_err();
        assert_eq!((f.status.as_u16(), f.message()), (429, "Rate limit exceeded"));
        let wait: u64 = value(&f.headers, "retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(value(&f.headers, "x-ratelimit-remaining-requests"), Some("0"));
    }

    #[test]
    fn the_reset_is_whole_seconds_left_or_a_unix_time() {
        let status = |secs: f64| RateStatus {
            limit: 20,
            remaining: 3,
            reset_in: Duration::from_secs_f64(secs),
            refused_for: None,
        };
        let reset = |r, form| rate_headers(Some(r), form)[2].1.parse::<u64>().unwrap();
        assert_eq!(reset(status(41.2), ResetForm::Seconds), 42, "rounded up");
        assert_eq!(reset(status(0.3), ResetForm::Seconds), 1, "never 0");
        assert_eq!(reset(status(60.0), ResetForm::Seconds), 60);
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let at = reset(status(30.0), ResetForm::UnixTimestamp);
        assert!((now + 30..=now + 32).contains(&at), "{at} vs now {now}");
    }

    #[test]
    fn a_locked_out_caller_still_sees_the_window_and_a_peek_uses_no_slot() {
        let rule = Lockout { failures: 0, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
        let limit = RateLimit { requests: 5, window: Duration::from_secs(60) };
        let s = State::new(MockConfig::default().lockout(Some(rule)).rate_limit(Some(limit))).unwrap();
        let auth = headers(&[("authorization", "Bearer test-key")]);
        assert_eq!(value(&window_headers(&s, &auth), "x-ratelimit-remaining-requests"), Some("5"));
        assert!(window_headers(&s, &headers(&[("authorization", "Bearer wrong")])).is_empty());
        s.record_failure("test-key");
        let f = admit(&s, &auth, "/").unwrap_err();
        assert_eq!(f.status.as_u16(), 429);
        assert_eq!(value(&f.headers, "x-ratelimit-limit-requests"), Some("5"));
        assert_eq!(value(&f.headers, "x-ratelimit-remaining-requests"), Some("5"), "not counted");
        assert_eq!(value(&f.headers, "x-ratelimit-reset-requests"), Some("60"));
    }

    #[test]
    fn without_a_limit_there_are_no_window_headers() {
        let s = State::new(MockConfig::default()).unwrap();
        let caller = admit(&s, &headers(&[("authorization", "Bearer test-key")]), "/").unwrap();
        assert_eq!(caller.rate, None);
        assert!(rate_headers(caller.rate, ResetForm::Seconds).is_empty());
        assert!(window_headers(&s, &headers(&[("authorization", "Bearer test-key")])).is_empty());
    }
}
