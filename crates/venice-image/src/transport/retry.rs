//! When to try again, and how long to wait.
//!
//! Retried: 408, 429, 500, 502, 503, 504, connection failures, timeouts and
//! answers cut short. Never retried: 400, 401, 402, 403, 404, 413, 415, 422
//! (they cannot succeed unchanged, and about 20 failures in 30 seconds lock a
//! key out). An `x-should-retry: true|false` header from the service
//! overrides the status rule.
//!
//! The wait is the service's when it gives one (`retry-after-ms`, else
//! `Retry-After` in seconds or as an HTTP date); a service wait above
//! [`RetryPolicy::max_server_wait`] is not slept but returned as an error
//! carrying the wait. Otherwise it is `min(initial * 2^(n-1), max)` less up
//! to a quarter at random, so that clients do not retry in step.
//!
//! **Paid calls:** a 500 may come after the service did the work, so a
//! retried 500 can be charged twice, and a retried answer that was cut short
//! almost certainly is. Set [`RetryPolicy::max_attempts`] to 1 to never retry.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// What a failed attempt says, for [`RetryPolicy::decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// Worth another attempt (the status table, or `x-should-retry`).
    pub retryable: bool,
    /// The wait the service asked for, if any.
    pub asked: Option<Duration>,
}

/// The policy's decision after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The call ends with the attempt's error.
    GiveUp,
    /// The call ends, carrying a wait longer than the policy sleeps (every
    /// clone of the client holds off until then).
    Hold(Duration),
    /// Try again after this wait.
    RetryIn(Duration),
}

/// How a client retries.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry). Default 3.
    pub max_attempts: u32,
    /// Wait before the first retry when the service gives none. Default 0.5 s.
    pub initial_backoff: Duration,
    /// Longest computed wait. Default 8 s.
    pub max_backoff: Duration,
    /// Share of a computed wait removed at random, 0 to 1. Default 0.25.
    pub jitter: f64,
    /// Longest service-requested wait that is slept; a longer one ends the
    /// call with the wait in the error. Default 60 s.
    pub max_server_wait: Duration,
    /// Give up when the next attempt would start after this much time.
    pub deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            jitter: 0.25,
            max_server_wait: Duration::from_secs(60),
            deadline: None,
        }
    }
}

impl RetryPolicy {
    /// Whether an answer with this HTTP status is retried (408, 429, 500,
    /// 502, 503, 504; see the table in this type's module docs, which
    /// [`Error::is_retryable`](crate::Error::is_retryable) reads too). An
    /// `x-should-retry` header from the service overrides it.
    pub fn retries_status(status: u16) -> bool {
        retryable_status(status)
    }

    /// What to do after attempt `attempt` failed, `elapsed` into the call:
    /// give up (not retryable, no attempts left, `once`, or past the
    /// deadline), hold (the service asks for a wait longer than
    /// [`max_server_wait`](Self::max_server_wait): not slept, returned), or
    /// retry after the service's wait or the backoff (`random` in `[0, 1)`
    /// choosing its jitter).
    pub(crate) fn decide(
        &self,
        verdict: &Verdict,
        attempt: u32,
        elapsed: Duration,
        once: bool,
        random: f64,
    ) -> Decision {
        if !verdict.retryable || attempt >= self.max_attempts || once {
            return Decision::GiveUp;
        }
        if let Some(wait) = verdict.asked
            && wait > self.max_server_wait
        {
            return Decision::Hold(wait);
        }
        let wait = verdict.asked.unwrap_or_else(|| self.backoff(attempt, random));
        if self.deadline.is_some_and(|d| elapsed.saturating_add(wait) > d) {
            return Decision::GiveUp;
        }
        Decision::RetryIn(wait)
    }

    /// One attempt, no retries.
    pub fn never() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The default policy with `n` attempts in all.
    pub fn attempts(n: u32) -> Self {
        Self { max_attempts: n.max(1), ..Self::default() }
    }

    /// The computed wait before retry `retry` (1 for the first), with
    /// `random` in `[0, 1)` choosing the jitter.
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let exp = self.initial_backoff.as_secs_f64() * 2f64.powi(retry.saturating_sub(1).min(30) as i32);
        let capped = exp.min(self.max_backoff.as_secs_f64());
        let jitter = self.jitter.clamp(0.0, 1.0) * random.clamp(0.0, 1.0);
        Duration::from_secs_f64(capped * (1.0 - jitter))
    }
}

pub use crate::error::retryable::retryable_status;

/// The service's `x-should-retry` verdict, if it gave one.
pub fn should_retry_header(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Seconds as a `Duration`; a wait too long to represent is the longest
/// there is (and so always over the cap), never a panic.
fn seconds(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX))
}

/// The wait the service asks for: `retry-after-ms`, else `Retry-After` as
/// seconds or an HTTP date (measured from `now`).
pub fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(wait) =
        text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()).and_then(|ms| seconds(ms / 1000.0))
    {
        return Some(wait);
    }
    let value = text("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return seconds(secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// One retry about to happen, for [`ClientBuilder::on_retry`](crate::ClientBuilder::on_retry).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryEvent {
    /// The attempt that failed (1 for the first).
    pub attempt: u32,
    /// How long the client waits before the next.
    pub wait: Duration,
    /// Whether the wait came from the service.
    pub server_asked: bool,
    /// The status that failed, if there was an answer.
    pub status: Option<u16>,
    /// Why, in words.
    pub reason: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn the_policy_decides_after_a_failed_attempt() {
        let p = RetryPolicy { jitter: 0.0, ..RetryPolicy::default() };
        let retryable = Verdict { retryable: true, asked: None };
        let second = Duration::from_secs(1);
        // Backoff when the service asks for nothing; the service's wait when it does.
        assert_eq!(p.decide(&retryable, 1, Duration::ZERO, false, 0.5), Decision::RetryIn(p.initial_backoff));
        let asked = Verdict { retryable: true, asked: Some(second * 3) };
        assert_eq!(p.decide(&asked, 1, Duration::ZERO, false, 0.5), Decision::RetryIn(second * 3));
        // A wait above the cap is held, not slept.
        let long = Verdict { retryable: true, asked: Some(Duration::from_secs(3600)) };
        assert_eq!(p.decide(&long, 1, Duration::ZERO, false, 0.5), Decision::Hold(Duration::from_secs(3600)));
        // Not retryable, the last attempt, one attempt only, or past the deadline: give up.
        let refused = Verdict { retryable: false, asked: None };
        assert_eq!(p.decide(&refused, 1, Duration::ZERO, false, 0.5), Decision::GiveUp);
        assert_eq!(p.decide(&retryable, p.max_attempts, Duration::ZERO, false, 0.5), Decision::GiveUp);
        assert_eq!(p.decide(&retryable, 1, Duration::ZERO, true, 0.5), Decision::GiveUp);
        let tight = RetryPolicy { deadline: Some(second), ..p.clone() };
        assert_eq!(tight.decide(&asked, 1, Duration::ZERO, false, 0.5), Decision::GiveUp);
    }

    /// A header map from pairs.
    pub(crate) fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (reqwest::header::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    #[test]
    fn backoff_doubles_to_the_cap_and_jitter_only_shortens() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(500));
        assert_eq!(p.backoff(2, 0.0), Duration::from_secs(1));
        assert_eq!(p.backoff(5, 0.0), Duration::from_secs(8));
        assert_eq!(p.backoff(40, 0.0), Duration::from_secs(8));
        assert_eq!(p.backoff(1, 0.999_999), Duration::from_secs_f64(0.5 * (1.0 - 0.25 * 0.999_999)));
    }

    #[test]
    fn server_waits_in_every_form() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(server_wait(&headers(&[("retry-after", "3")]), now), Some(Duration::from_secs(3)));
        assert_eq!(server_wait(&headers(&[("retry-after", "1.5")]), now), Some(Duration::from_millis(1500)));
        assert_eq!(
            server_wait(&headers(&[("retry-after-ms", "250"), ("retry-after", "9")]), now),
            Some(Duration::from_millis(250)),
            "milliseconds win"
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(120));
        assert_eq!(server_wait(&headers(&[("retry-after", &date)]), now), Some(Duration::from_secs(120)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(server_wait(&headers(&[("retry-after", &past)]), now), Some(Duration::ZERO));
        assert_eq!(server_wait(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(server_wait(&headers(&[("retry-after", "-4")]), now), None);
        assert_eq!(server_wait(&HeaderMap::new(), now), None);
    }

    #[test]
    fn absurd_waits_saturate_instead_of_panicking() {
        // Found by the `response` fuzz target: `Retry-After: 7.E79` panicked.
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(server_wait(&headers(&[("retry-after", "7.E79")]), now), Some(Duration::MAX));
        assert_eq!(server_wait(&headers(&[("retry-after-ms", "1e308")]), now), Some(Duration::MAX));
        assert_eq!(server_wait(&headers(&[("retry-after", "NaN")]), now), None);
        assert_eq!(server_wait(&headers(&[("retry-after", "inf")]), now), None);
    }

    #[test]
    fn which_statuses_are_retried() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [400, 401, 402, 403, 404, 413, 415, 422] {
            assert!(!retryable_status(s), "{s}");
        }
        assert_eq!(should_retry_header(&headers(&[("x-should-retry", "false")])), Some(false));
    }
}
