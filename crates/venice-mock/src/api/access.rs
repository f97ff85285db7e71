//! Who is calling, and whether they may call now: authentication (401), the
//! failed-request lock-out (429) and the rate limit (429), with the
//! `x-ratelimit-*` headers that describe the caller's window.
//!
//! With a rate limit set, every answer to an identified caller on an image
//! endpoint carries the window's headers: successes, refusals, both kinds of
//! 429 and injected status faults. Only an admitted request uses a slot.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::HeaderMap;

use super::header;
use super::reply::Fail;
use crate::config::ResetForm;
use crate::state::{RateStatus, State};

/// An admitted caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Caller {
    /// The key for `Bearer` auth, or `x402:<identity>`: what lock-out and
    /// rate limit are counted against.
    pub key: String,
    /// This request's place in the key's window, when a limit is set.
    pub rate: Option<RateStatus>,
}

/// Who is calling: the key for `Bearer` auth, or the x402 identity. The
/// error is the token that was presented (empty when there was none).
pub(super) fn identity(state: &State, headers: &HeaderMap) -> Result<String, String> {
    if let Some(auth) = header(headers, "authorization") {
        let token = auth.strip_prefix("Bearer ").unwrap_or("").trim();
        return if state.config.keys.iter().any(|k| k == token) {
            Ok(token.to_owned())
        } else {
            Err(token.to_owned())
        };
    }
    for name in ["sign-in-with-x", "x-sign-in-with-x"] {
        if let Some(v) = header(headers, name).filter(|v| !v.trim().is_empty()) {
            return Ok(format!("x402:{v}"));
        }
    }
    Err(String::new())
}

/// Admits a caller or refuses them: 401 without valid credentials (which
/// counts as a failure of the presented token), 429 while the key is locked
/// out, 429 when the key's window is used up. An admitted request is counted
/// against the window.
pub(super) fn admit(state: &State, headers: &HeaderMap) -> Result<Caller, Fail> {
    let key = match identity(state, headers) {
        Ok(k) => k,
        Err(presented) => {
            state.record_failure(&presented);
            return Err(Fail::new(401, "Authentication failed"));
        }
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
    Ok(Caller { key, rate })
}

/// The window headers for whoever `headers` identify, without counting a
/// request (for answers that do not go through [`admit`], such as injected
/// faults); none for an unknown caller or without a limit.
pub(super) fn window_headers(state: &State, headers: &HeaderMap) -> Vec<(&'static str, String)> {
    match identity(state, headers) {
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
    fn a_known_key_or_an_x402_header_identifies_the_caller() {
        let s = State::new(MockConfig::default().key("right")).unwrap();
        assert_eq!(identity(&s, &headers(&[("authorization", "Bearer right")])), Ok("right".into()));
        assert_eq!(identity(&s, &headers(&[("authorization", "Bearer wrong")])), Err("wrong".into()));
        assert_eq!(identity(&s, &headers(&[("authorization", "right")])), Err(String::new()), "no scheme");
        assert_eq!(identity(&s, &headers(&[("sign-in-with-x", "proof")])), Ok("x402:proof".into()));
        assert_eq!(identity(&s, &headers(&[("x-sign-in-with-x", "old")])), Ok("x402:old".into()));
        assert_eq!(identity(&s, &headers(&[("sign-in-with-x", "  ")])), Err(String::new()));
        assert_eq!(identity(&s, &HeaderMap::new()), Err(String::new()));
    }

    #[test]
    fn without_credentials_the_answer_is_401_and_it_counts_as_a_failure() {
        let rule = Lockout { failures: 1, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
        let s = State::new(MockConfig::default().key("right").lockout(Some(rule))).unwrap();
        let wrong = headers(&[("authorization", "Bearer wrong")]);
        let f = admit(&s, &wrong).unwrap_err();
        assert_eq!((f.status.as_u16(), f.message()), (401, "Authentication failed"));
        assert!(s.locked_for("wrong").is_none());
        admit(&s, &wrong).unwrap_err();
        assert!(s.locked_for("wrong").is_some(), "the second failure locks the presented token");
    }

    #[test]
    fn a_locked_key_gets_429_with_the_time_left() {
        let rule = Lockout { failures: 0, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
        let s = State::new(MockConfig::default().lockout(Some(rule))).unwrap();
        s.record_failure("test-key");
        let f = admit(&s, &headers(&[("authorization", "Bearer test-key")])).unwrap_err();
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
        let caller = admit(&s, &auth).unwrap();
        assert_eq!(caller.key, "test-key");
        let h = rate_headers(caller.rate, ResetForm::Seconds);
        assert_eq!(value(&h, "x-ratelimit-limit-requests"), Some("1"));
        assert_eq!(value(&h, "x-ratelimit-remaining-requests"), Some("0"));
        let f = admit(&s, &auth).unwrap_err();
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
        let f = admit(&s, &auth).unwrap_err();
        assert_eq!(f.status.as_u16(), 429);
        assert_eq!(value(&f.headers, "x-ratelimit-limit-requests"), Some("5"));
        assert_eq!(value(&f.headers, "x-ratelimit-remaining-requests"), Some("5"), "not counted");
        assert_eq!(value(&f.headers, "x-ratelimit-reset-requests"), Some("60"));
    }

    #[test]
    fn without_a_limit_there_are_no_window_headers() {
        let s = State::new(MockConfig::default()).unwrap();
        let caller = admit(&s, &headers(&[("authorization", "Bearer test-key")])).unwrap();
        assert_eq!(caller.rate, None);
        assert!(rate_headers(caller.rate, ResetForm::Seconds).is_empty());
        assert!(window_headers(&s, &headers(&[("authorization", "Bearer test-key")])).is_empty());
    }
}
