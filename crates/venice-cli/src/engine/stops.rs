//! When calls stop, to protect the user's money and key, decided on the
//! error's kind: a key that is refused or a balance that ran out; the
//! service asking to wait longer than the retries sleep (a 429 or 503 whose
//! `Retry-After` is over the policy's cap); an output location that cannot
//! be written; and refusals before Venice's lock-out (about 20 failures in
//! 30 s).
//!
//! Every call asks [`Stops::admit`] right before it is sent. A run's stop is
//! sticky (a batch, `compare`: nothing more is sent once one is decided,
//! whichever call decided it); for a server (`venice mcp`) only the
//! lock-out guard applies, for as long as its window is full. Calls in
//! flight count as possible refusals, so that calls at once can never pass
//! the guard together.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use venice_image::{Error, ErrorKind, RetryPolicy};

use crate::ui::exit::Exit;

/// Why calls stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub exit: Exit,
    pub reason: String,
}

/// Refusals within this window stop calls before the key is locked out
/// (Venice locks a key after about 20 failures in 30 s).
pub const REFUSALS_BEFORE_STOP: usize = 10;
pub const REFUSAL_WINDOW: Duration = Duration::from_secs(30);

/// Whether `e` stops a run, and how. The refusal rule is
/// [`Stops`]'s: it needs the window.
pub fn stop_for(e: &Error) -> Option<Stop> {
    let stop = |exit, reason: String| Some(Stop { exit, reason });
    let long_wait = || e.retry_after().filter(|w| *w > RetryPolicy::default().max_server_wait);
    match e.kind() {
        ErrorKind::Auth => stop(Exit::Auth, "authentication failed".into()),
        ErrorKind::Payment => {
            stop(Exit::Payment, crate::ui::advice::payment(e).unwrap_or_else(|| "the balance ran out".into()))
        }
        ErrorKind::RateLimited => long_wait()
            .and_then(|w| stop(Exit::RateLimited, format!("the service asks to wait {}", human(w)))),
        ErrorKind::Server => long_wait().and_then(|w| {
            stop(Exit::Server, format!("the service is unavailable and asks to wait {}", human(w)))
        }),
        ErrorKind::Output => match e {
            Error::Output { path, .. } => stop(Exit::Output, format!("{} cannot be written", path.display())),
            _ => stop(Exit::Output, "an output cannot be written".into()),
        },
        _ => None,
    }
}

fn refusal_stop(exit: Exit) -> Stop {
    Stop {
        exit,
        reason: format!(
            "{REFUSALS_BEFORE_STOP} requests were refused within {} s; stopping before Venice locks the key out",
            REFUSAL_WINDOW.as_secs()
        ),
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

#[derive(Default)]
struct State {
    /// When each recent refusal came, and its exit code.
    refusals: VecDeque<(Instant, Exit)>,
    /// Calls admitted and not yet finished.
    in_flight: usize,
    /// The run's stop, once decided (sticky only).
    stop: Option<Stop>,
}

impl State {
    fn prune(&mut self, now: Instant) {
        while self.refusals.front().is_some_and(|(t, _)| now.duration_since(*t) > REFUSAL_WINDOW) {
            self.refusals.pop_front();
        }
    }

    /// When the oldest refusal leaves the window.
    fn next_expiry(&self, now: Instant) -> Option<Duration> {
        self.refusals.front().map(|(t, _)| (*t + REFUSAL_WINDOW).saturating_duration_since(now))
    }
}

/// The stop state shared by every call of a run (or of a server).
pub struct Stops {
    sticky: bool,
    state: Mutex<State>,
    changed: Notify,
}

/// A call admitted to be sent; it must be [`finish`](Admission::finish)ed
/// with the call's result (dropped unfinished, it counts as nothing).
pub struct Admission<'a> {
    stops: &'a Stops,
    open: bool,
}

impl Stops {
    /// For a run: the first stop ends it.
    pub fn for_run() -> Self {
        Self { sticky: true, state: Mutex::default(), changed: Notify::new() }
    }

    /// For a server: only a full refusal window refuses calls, while it is full.
    pub fn for_server() -> Self {
        Self { sticky: false, state: Mutex::default(), changed: Notify::new() }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A few counters, consistent after any panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The run's stop, once decided.
    pub fn current(&self) -> Option<Stop> {
        self.state().stop.clone()
    }

    /// Decides a stop for the run from outside a call (e.g. an output that
    /// cannot be written found while planning).
    pub fn stop(&self, stop: Stop) {
        let mut state = self.state();
        if self.sticky {
            state.stop.get_or_insert(stop);
        }
        drop(state);
        self.changed.notify_waiters();
    }

    /// Waits until a call may be sent: refused with the stop once one is
    /// decided; held while the refusals in the window and the calls in
    /// flight together could reach the lock-out guard.
    pub async fn admit(&self) -> Result<Admission<'_>, Stop> {
        // Answers that have arrived are read (and their stops recorded)
        // before this call is let through: the runtime reads its sockets
        // and runs the calls they wake before this one goes on.
        tokio::task::yield_now().await;
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait = {
                let mut state = self.state();
                if let Some(stop) = &state.stop {
                    return Err(stop.clone());
                }
                let now = Instant::now();
                state.prune(now);
                if state.refusals.len() >= REFUSALS_BEFORE_STOP {
                    let exit = state.refusals.back().map_or(Exit::Partial, |(_, e)| *e);
                    return Err(refusal_stop(exit));
                }
                if state.refusals.len() + state.in_flight < REFUSALS_BEFORE_STOP {
                    state.in_flight += 1;
                    return Ok(Admission { stops: self, open: true });
                }
                state.next_expiry(now)
            };
            match wait {
                Some(d) => {
                    let _ = tokio::time::timeout(d, changed).await;
                }
                None => changed.await,
            }
        }
    }

    fn finish(&self, error: Option<&Error>) -> Option<Stop> {
        let mut state = self.state();
        state.in_flight = state.in_flight.saturating_sub(1);
        let now = Instant::now();
        let decided = match error {
            Some(e) if e.kind().is_refusal() => {
                state.prune(now);
                state.refusals.push_back((now, crate::ui::exit::Exit::of(e)));
                (state.refusals.len() >= REFUSALS_BEFORE_STOP).then(|| refusal_stop(Exit::of(e)))
            }
            Some(e) => stop_for(e),
            None => None,
        };
        if self.sticky
            && let Some(s) = &decided
        {
            state.stop.get_or_insert_with(|| s.clone());
        }
        drop(state);
        self.changed.notify_waiters();
        decided
    }

    /// Records a failure of a call that was never admitted (its output
    /// could not be reserved, say): the stop it calls for, if any.
    pub fn record(&self, e: &Error) -> Option<Stop> {
        let decided = stop_for(e);
        if let Some(s) = &decided {
            self.stop(s.clone());
        }
        decided
    }
}

impl Admission<'_> {
    /// The call ended (`error` when it failed): counts a refusal, decides
    /// a stop. The stop it decided, if any.
    pub fn finish(mut self, error: Option<&Error>) -> Option<Stop> {
        self.open = false;
        self.stops.finish(error)
    }
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        if self.open {
            self.stops.finish(None);
        }
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
        let limited = Error::RateLimited {
            failure: failure(429, Some(3600)),
            retry_after: Some(Duration::from_secs(3600)),
        };
        let s = stop_for(&limited).unwrap();
        assert_eq!((s.exit, s.reason.as_str()), (Exit::RateLimited, "the service asks to wait 1 h 0 min"));
        assert_eq!(stop_for(&Error::Server(failure(503, Some(600)))).unwrap().exit, Exit::Server);
        assert!(stop_for(&Error::Server(failure(500, None))).is_none(), "one 500 does not stop");
        let short =
            Error::RateLimited { failure: failure(429, Some(1)), retry_after: Some(Duration::from_secs(1)) };
        assert!(stop_for(&short).is_none(), "a short wait that outlasted the retries does not stop");
        let output = Error::Output { path: "o/a.png".into(), source: std::io::Error::other("read-only") };
        assert_eq!(stop_for(&output).unwrap().exit, Exit::Output);
        assert_eq!(stop_for(&Error::MissingCredentials).unwrap().exit, Exit::Auth);
    }

    #[tokio::test]
    async fn ten_refusals_stop_a_run_with_the_refusals_code() {
        let stops = Stops::for_run();
        for i in 0..9 {
            let a = stops.admit().await.unwrap();
            assert!(a.finish(Some(&Error::ContentPolicy(failure(422, None)))).is_none(), "{i}");
        }
        let a = stops.admit().await.unwrap();
        let s = a.finish(Some(&Error::ContentPolicy(failure(422, None)))).unwrap();
        assert_eq!(s.exit, Exit::Policy);
        assert_eq!(stops.admit().await.err(), Some(s), "sticky: nothing more is sent");
    }

    #[tokio::test]
    async fn calls_in_flight_count_as_possible_refusals() {
        let stops = Stops::for_server();
        let mut held = Vec::new();
        for _ in 0..REFUSALS_BEFORE_STOP {
            held.push(stops.admit().await.unwrap());
        }
        let waiting = tokio::time::timeout(Duration::from_millis(50), stops.admit()).await;
        assert!(waiting.is_err(), "an eleventh call waits while ten are in flight");
        held.pop().unwrap().finish(None);
        assert!(stops.admit().await.is_ok(), "a success frees its place");
    }

    #[tokio::test]
    async fn a_server_refuses_only_while_the_window_is_full() {
        let stops = Stops::for_server();
        for _ in 0..REFUSALS_BEFORE_STOP {
            stops.admit().await.unwrap().finish(Some(&Error::Rejected(failure(400, None))));
        }
        assert_eq!(stops.admit().await.err().map(|s| s.exit), Some(Exit::Invalid));
        assert!(stops.current().is_none(), "not sticky");
        let a = stops.admit().await;
        assert!(a.is_err());
        let auth = Stops::for_server();
        auth.admit().await.unwrap().finish(Some(&Error::MissingCredentials));
        assert!(auth.admit().await.is_ok(), "a server goes on after a 401");
    }
}
