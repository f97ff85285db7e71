//! Pacing under the key's rate limit: the service's `x-ratelimit-*-requests`
//! headers say how many requests the window has left and when it resets;
//! when none are left, new requests are held until the reset, so that a
//! batch does not collect 429s (which count towards a key's lock-out).
//!
//! Shared by every clone of a client. Each request takes a slot before it
//! starts; every answer (success or refusal) updates the count, less the
//! requests still in flight. The first request after a held reset goes
//! alone, as a probe the others wait for: a reset time is coarse (whole
//! seconds, or a unix time), and a probe sent early is the only request
//! that can be refused. Before the first answer the window's size is not
//! known: the caller's concurrency (`--jobs`) bounds that first burst.

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
    /// Requests sent and not yet answered.
    in_flight: u64,
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
        let mut w = self.pacer.lock();
        w.in_flight = w.in_flight.saturating_sub(1);
        if self.probe {
            w.probing = false;
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
                w.in_flight += 1;
                Next::Go { probe: true }
            }
            (Some(n), _) => {
                w.remaining = Some(n - 1);
                w.in_flight += 1;
                Next::Go { probe: false }
            }
            (None, _) => {
                w.in_flight += 1;
                Next::Go { probe: false }
            }
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

    /// Reads an answer's window headers, if it has them. Call it while the
    /// answered request still holds its slot: the other requests in flight
    /// may not have reached the service when it counted, so they are taken
    /// off what it says is left.
    pub(crate) fn observe(&self, headers: &HeaderMap, now: Instant, wall: SystemTime) {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let Some(remaining) = text("x-ratelimit-remaining-requests").and_then(|v| v.parse::<u64>().ok())
        else {
            return;
        };
        let mut reset_at = text("x-ratelimit-reset-requests").and_then(|v| reset_instant(v, now, wall));
        if remaining == 0 && reset_at.is_some_and(|at| at <= now) {
            // Nothing left yet a reset already past: the time was coarse.
            reset_at = Some(now + Duration::from_secs(1));
        }
        let mut w = self.lock();
        let remaining = remaining.saturating_sub(w.in_flight.saturating_sub(1));
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
        // A whole-second time: the window turns somewhere in that second,
        // so wait for its end rather than probe early.
        let since_epoch = wall.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
        (v.floor() + 1.0 - since_epoch).max(0.0)
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
        assert_eq!(
            reset_instant("1700000004", now, wall),
            Some(now + Duration::from_secs(5)),
            "the end of that second"
        );
        assert_eq!(reset_instant("1699999990", now, wall), Some(now), "a past reset is now");
        assert_eq!(reset_instant("soon", now, wall), None);
        assert_eq!(reset_instant("-1", now, wall), None);
    }

    /// Takes a slot and gives it back, as a request that was answered.
    fn answered(p: &Pacer, h: &HeaderMap, now: Instant) {
        let probe = matches!(p.next(now), Next::Go { probe: true });
        p.observe(h, now, SystemTime::now());
        drop(Slot { pacer: p, probe });
    }

    #[test]
    fn requests_still_in_flight_are_taken_off_what_the_service_says_is_left() {
        let p = Pacer::default();
        let now = Instant::now();
        let slots: Vec<Slot<'_>> = (0..3)
            .map(|_| Slot { pacer: &p, probe: matches!(p.next(now), Next::Go { probe: true }) })
            .collect();
        // The first answer was counted before the other two arrived.
        p.observe(
            &headers(&[("x-ratelimit-remaining-requests", "3"), ("x-ratelimit-reset-requests", "4")]),
            now,
            SystemTime::now(),
        );
        drop(slots);
        assert_eq!(p.lock().remaining, Some(1), "3 left, less the 2 still in flight");
        assert_eq!(p.lock().in_flight, 0);
    }

    #[test]
    fn a_spent_window_holds_requests_until_it_resets_then_probes_once() {
        let p = Pacer::default();
        let now = Instant::now();
        let h = headers(&[("x-ratelimit-remaining-requests", "1"), ("x-ratelimit-reset-requests", "4")]);
        answered(&p, &h, now);
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
        assert_eq!(p.lock().remaining, Some(4), "5 left, less the other request in flight");
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
        let later = now + Duration::from_secs(2);
        match p.next(later) {
            Next::Go { probe: true } => drop(Slot { pacer: &p, probe: true }),
            _ => panic!("expected a probe"),
        }
        assert!(matches!(p.next(later), Next::Go { probe: true }), "a new probe, not a wait forever");
    }

    #[test]
    fn a_spent_window_whose_reset_is_past_waits_a_second() {
        let p = Pacer::default();
        let now = Instant::now();
        let h = headers(&[("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "0")]);
        answered(&p, &h, now);
        assert!(matches!(p.next(now), Next::Wait(d) if d > Duration::from_millis(900)));
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
