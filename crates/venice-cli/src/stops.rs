//! When a batch stops early to protect the user's money and key: a key
//! that is refused (401) or a balance that ran out (402); the service
//! asking to wait longer than the retries sleep (a 429 or 503 whose
//! `Retry-After` is over the policy's cap); an output location that cannot be written; and a run of
//! refusals before Venice's lock-out (about 20 failures in 30 s).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use venice_image::{Error, RetryPolicy};

use crate::exit::Exit;

/// Why a batch stopped early.
#[derive(Debug, Clone)]
pub struct Stop {
    pub exit: Exit,
    pub reason: String,
}

/// Refusals within this window that stop a batch before the key is locked
/// out (Venice locks a key after about 20 failures in 30 s).
pub const REFUSALS_BEFORE_STOP: usize = 10;
pub const REFUSAL_WINDOW: Duration = Duration::from_secs(30);

/// The refusals seen lately.
#[derive(Default)]
pub struct Refusals(VecDeque<Instant>);

impl Refusals {
    /// Counts one at `now`; whether the window is now full.
    fn count(&mut self, now: Instant) -> bool {
        self.0.push_back(now);
        while self.0.front().is_some_and(|t| now.duration_since(*t) > REFUSAL_WINDOW) {
            self.0.pop_front();
        }
        self.0.len() >= REFUSALS_BEFORE_STOP
    }
}

/// Whether `e` stops the batch, and how.
pub fn stop_for(e: &Error, refusals: &mut Refusals, now: Instant) -> Option<Stop> {
    let stop = |exit, reason: String| Some(Stop { exit, reason });
    let long_wait = |e: &Error| e.retry_after().filter(|w| *w > RetryPolicy::default().max_server_wait);
    match e {
        Error::Unauthorized(_) => stop(Exit::Auth, "authentication failed".into()),
        Error::InsufficientBalance(_) => stop(Exit::Payment, "the balance ran out".into()),
        Error::RateLimited { .. } => {
            long_wait(e).and_then(|w| stop(Exit::RateLimited, format!("the service asks to wait {}", human(w))))
        }
        Error::Server(_) => long_wait(e).and_then(|w| {
            stop(Exit::Server, format!("the service is unavailable and asks to wait {}", human(w)))
        }),
        Error::Output { path, .. } => stop(Exit::Output, format!("{} cannot be written", path.display())),
        Error::Rejected(_) | Error::ContentPolicy(_) | Error::PayloadTooLarge(_) | Error::UnsupportedMediaType(_) => {
            refusals.count(now).then(|| Stop {
                exit: Exit::Partial,
                reason: format!(
                    "{REFUSALS_BEFORE_STOP} requests were refused within {} s; stopping before Venice locks the key out",
                    REFUSAL_WINDOW.as_secs()
                ),
            })
        }
        _ => None,
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use venice_image::ApiFailure;

    fn failure(status: u16, wait: Option<u64>) -> ApiFailure {
        let mut f = ApiFailure::new(status, "m");
        f.retry_after = wait.map(Duration::from_secs);
        f
    }

    #[test]
    fn long_waits_stop_with_the_codes_of_their_status() {
        let mut r = Refusals::default();
        let now = Instant::now();
        let limited = Error::RateLimited {
            failure: failure(429, Some(3600)),
            retry_after: Some(Duration::from_secs(3600)),
        };
        let s = stop_for(&limited, &mut r, now).unwrap();
        assert_eq!((s.exit, s.reason.as_str()), (Exit::RateLimited, "the service asks to wait 1 h 0 min"));
        let busy = Error::Server(failure(503, Some(600)));
        assert_eq!(stop_for(&busy, &mut r, now).unwrap().exit, Exit::Server);
        assert!(stop_for(&Error::Server(failure(500, None)), &mut r, now).is_none(), "one 500 does not stop");
        let short =
            Error::RateLimited { failure: failure(429, Some(1)), retry_after: Some(Duration::from_secs(1)) };
        assert!(
            stop_for(&short, &mut r, now).is_none(),
            "a short wait that outlasted the retries does not stop"
        );
        let output = Error::Output { path: "o/a.png".into(), source: std::io::Error::other("read-only") };
        assert_eq!(stop_for(&output, &mut r, now).unwrap().exit, Exit::Output);
    }

    #[test]
    fn ten_refusals_in_the_window_stop_the_batch() {
        let mut r = Refusals::default();
        let now = Instant::now();
        for i in 0..9 {
            assert!(stop_for(&Error::ContentPolicy(failure(422, None)), &mut r, now).is_none(), "{i}");
        }
        assert_eq!(stop_for(&Error::Rejected(failure(400, None)), &mut r, now).unwrap().exit, Exit::Partial);
        let mut spread = Refusals::default();
        for i in 0..20 {
            let t = now + Duration::from_secs(31 * i);
            assert!(stop_for(&Error::Rejected(failure(400, None)), &mut spread, t).is_none());
        }
    }
}
