//! Pacing under the key's rate limit: the service's `x-ratelimit-*-requests`
//! headers say how many requests the window has left and when it resets;
//! when none are left, new requests are held until the reset, so that a
//! batch does not collect 429s (which count towards a key's lock-out).
//!
//! Shared by every clone of a client. Each request takes a slot before it
//! starts; every answer (success or refusal) updates the count. After a
//! held reset, one request goes first as a probe and the others wait for its
//! answer: the reset time may be coarse (whole seconds, or a unix time), so
//! at most that one request can be refused if the window had not yet turned.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// Added to a reset time before sending again: the service's clock and
/// ours are not the same.
const MARGIN: Duration = Duration::from_millis(50);
/// How often a request held behind a probe looks again.
const POLL: Duration = Duration::from_millis(20);
/// Values above this are unix times, below it seconds from now.
const UNIX_TIME_THRESHOLD: f64 = 1e9;

#[derive(Debug, Default)]
struct Window {
    /// Requests the window has left, when the service said.
    remaining: Option<u64>,
    /// When it resets.
    reset_at: Option<Instant>,
    /// A probe is out after a reset; others wait for its answer.
    probing: bool,
}

/// The window as the service last described it.
#[derive(Debug, Default)]
pub(crate) struct Pacer(Mutex<Window>);

/// A slot taken; a probe's slot frees the probe when dropped without an answer.
pub(crate) struct Slot<'a> {
    pacer: &'a Pacer,
    probe: bool,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if self.probe {
            self.pacer.lock().probing = false;
        }
    }
}

/// What a request must do before it starts.
enum Next {
    Go { probe: bool },
    Wait(Duration),
}

impl Pacer {
    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next(&self, now: Instant) -> Next {
        let mut w = self.lock();
        match (w.remaining, w.reset_at) {
            (Some(0), Some(at)) if now < at + MARGIN => Next::Wait(at + MARGIN - now),
            (Some(0), _) if w.probing => Next::Wait(POLL),
            (Some(0), _) => {
                w.probing = true;
                Next::Go { probe: true }
            }
            (Some(n), _) => {
                w.remaining = Some(n - 1);
                Next::Go { probe: false }
            }
            (None, _) => Next::Go { probe: false },
        }
    }

    /// Waits until the window has room, then takes a slot.
    pub(crate) async fn acquire(&self) -> Slot<'_> {
        let mut held = Duration::ZERO;
        loop {
            match self.next(Instant::now()) {
                Next::Go { probe } => {
                    if held > POLL {
                        tracing::info!(
                            held_ms = held.as_millis() as u64,
                            "paced: the rate-limit window reset"
                        );
                    }
                    return Slot { pacer: self, probe };
                }
                Next::Wait(d) => {
                    if held.is_zero() && d > POLL {
                        tracing::info!(
                            wait_ms = d.as_millis() as u64,
                            "pacing: the key's rate-limit window is spent; holding new requests until it resets"
                        );
                    }
                    held += d;
                    tokio::time::sleep(d).await;
                }
            }
        }
    }

    /// Reads an answer's window headers, if it has them.
    pub(crate) fn observe(&self, headers: &HeaderMap, now: Instant, wall: SystemTime) {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let Some(remaining) = text("x-ratelimit-remaining-requests").and_then(|v| v.parse::<u64>().ok())
        else {
            return;
        };
        let reset_at = text("x-ratelimit-reset-requests").and_then(|v| reset_instant(v, now, wall));
        let mut w = self.lock();
        let same_window = matches!((w.reset_at, reset_at), (Some(a), Some(b)) if a.max(b).duration_since(a.min(b)) < Duration::from_secs(1));
        // Answers arrive out of order: within one window the count only falls.
        w.remaining = Some(match w.remaining {
            Some(mine) if same_window => mine.min(remaining),
            _ => remaining,
        });
        w.reset_at = reset_at.or(w.reset_at);
        w.probing = false;
    }
}

/// A reset given as seconds from now (`3`, `2.5`, `3s`, `250ms`) or as a
/// unix time in seconds.
pub(crate) fn reset_instant(value: &str, now: Instant, wall: SystemTime) -> Option<Instant> {
    let (number, unit) = match value.strip_suffix("ms") {
        Some(n) => (n, 0.001),
        None => (value.strip_suffix('s').unwrap_or(value), 1.0),
    };
    let v: f64 = number.trim().parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let from_now = if unit == 1.0 && v > UNIX_TIME_THRESHOLD {
        let since_epoch = wall.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
        (v - since_epoch).max(0.0)
    } else {
        v * unit
    };
    now.checked_add(Duration::try_from_secs_f64(from_now).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::tests::headers;

    #[test]
    fn resets_in_seconds_units_and_unix_time() {
        let now = Instant::now();
        let wall = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(reset_instant("3", now, wall), Some(now + Duration::from_secs(3)));
        assert_eq!(reset_instant("2.5s", now, wall), Some(now + Duration::from_millis(2500)));
        assert_eq!(reset_instant("250ms", now, wall), Some(now + Duration::from_millis(250)));
        assert_eq!(reset_instant("1700000004", now, wall), Some(now + Duration::from_secs(4)));
        assert_eq!(reset_instant("1699999990", now, wall), Some(now), "a past reset is now");
        assert_eq!(reset_instant("soon", now, wall), None);
        assert_eq!(reset_instant("-1", now, wall), None);
    }

    #[test]
    fn a_spent_window_holds_requests_until_it_resets_then_probes_once() {
        let p = Pacer::default();
        let now = Instant::now();
        assert!(matches!(p.next(now), Next::Go { probe: false }), "nothing known: go");
        let h = headers(&[("x-ratelimit-remaining-requests", "1"), ("x-ratelimit-reset-requests", "4")]);
        p.observe(&h, now, SystemTime::now());
        assert!(matches!(p.next(now), Next::Go { probe: false }), "the last slot");
        match p.next(now) {
            Next::Wait(d) => {
                assert!(d > Duration::from_secs(3) && d <= Duration::from_secs(4) + MARGIN, "{d:?}")
            }
            Next::Go { .. } => panic!("the window is spent"),
        }
        let later = now + Duration::from_secs(5);
        assert!(matches!(p.next(later), Next::Go { probe: true }), "one probe after the reset");
        assert!(matches!(p.next(later), Next::Wait(POLL)), "the others wait for its answer");
        let fresh = headers(&[("x-ratelimit-remaining-requests", "5"), ("x-ratelimit-reset-requests", "4")]);
        p.observe(&fresh, later, SystemTime::now());
        assert!(matches!(p.next(later), Next::Go { probe: false }));
    }

    #[test]
    fn a_probe_without_an_answer_frees_the_way_for_the_next() {
        let p = Pacer::default();
        let now = Instant::now();
        p.observe(
            &headers(&[("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "0")]),
            now,
            SystemTime::now(),
        );
        let later = now + Duration::from_secs(1);
        match p.next(later) {
            Next::Go { probe: true } => drop(Slot { pacer: &p, probe: true }),
            _ => panic!("expected a probe"),
        }
        assert!(matches!(p.next(later), Next::Go { probe: true }), "a new probe, not a wait forever");
    }

    #[test]
    fn late_answers_in_the_same_window_do_not_raise_the_count() {
        let p = Pacer::default();
        let now = Instant::now();
        let wall = SystemTime::now();
        let h =
            |n: &str| headers(&[("x-ratelimit-remaining-requests", n), ("x-ratelimit-reset-requests", "4")]);
        p.observe(&h("1"), now, wall);
        p.observe(&h("3"), now, wall);
        assert_eq!(p.lock().remaining, Some(1));
        assert!(Pacer::default().lock().remaining.is_none());
        p.observe(&HeaderMap::new(), now, wall);
        assert_eq!(p.lock().remaining, Some(1), "an answer without the headers changes nothing");
    }
}
