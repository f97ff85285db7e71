//! Pacing under the key's rate limit: the service's `x-ratelimit-*-requests`
//! headers say how many requests the window has left and when it resets;
//! when none are left, new requests are held until the reset, so that a
//! batch does not collect 429s (which count towards a key's lock-out).
//!
//! Shared by every clone of a client. Each request takes a slot before it
//! starts; every answer (success or refusal) updates the count. The first
//! request after a held reset goes
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
    /// The window's size, when the service said.
    limit: Option<u64>,
    /// Whether the reset is never early: seconds from now (services round
    /// up) rather than a whole-second unix time (which may be rounded down).
    reset_not_early: bool,
    /// How many times the window was refilled at its reset: an answer to a
    /// request sent before the last refill is about an old window.
    generation: u64,
    /// Requests sent in this window (since the last refill).
    sent: u64,
    /// Requests sent and not yet done.
    in_flight: u64,
}

/// The window as the service last described it.
#[derive(Debug, Default)]
pub(crate) struct Pacer(Mutex<Window>);

/// A slot taken; a probe's slot frees the probe when dropped without an answer.
pub(crate) struct Slot<'a> {
    pacer: &'a Pacer,
    probe: bool,
    /// The window generation it was taken in.
    pub(crate) generation: u64,
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
    Go { probe: bool, generation: u64 },
    Wait(Duration),
}

impl Pacer {
    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next(&self, now: Instant) -> Next {
        let mut w = self.lock();
        let go = |w: &mut Window, probe: bool| {
            w.sent += 1;
            w.in_flight += 1;
            Next::Go { probe, generation: w.generation }
        };
        match (w.remaining, w.reset_at) {
            (Some(0), Some(at)) if now < at + MARGIN => Next::Wait(at + MARGIN - now),
            // The window turned: as many as its size, if the service said
            // (the reset is the window's; it is not a sliding one).
            (Some(0), Some(_)) if w.reset_not_early && w.limit.is_some_and(|l| l > 0) => {
                w.remaining = w.limit.map(|l| l - 1);
                w.reset_at = None;
                w.generation += 1;
                w.sent = 0;
                go(&mut w, false)
            }
            // The refilled window is used up and its answers are on the way.
            (Some(0), None) if w.in_flight > 0 && w.limit.is_some_and(|l| w.sent >= l) => Next::Wait(POLL),
            (Some(0), _) if w.probing => Next::Wait(POLL),
            (Some(0), reset) => {
                if reset.is_some() {
                    // The first request of a new window, if it turned.
                    w.generation += 1;
                    w.sent = 0;
                }
                w.probing = true;
                go(&mut w, true)
            }
            (Some(n), _) => {
                w.remaining = Some(n - 1);
                go(&mut w, false)
            }
            (None, _) => go(&mut w, false),
        }
    }

    /// Waits until the window has room, then takes a slot; a window that
    /// resets later than `max_wait` from now is not waited for: its wait
    /// comes back instead (capped like a `Retry-After`, so that a reset
    /// decades away cannot hold a call forever).
    pub(crate) async fn acquire(&self, max_wait: Duration) -> Result<Slot<'_>, Duration> {
        let mut held = Duration::ZERO;
        loop {
            match self.next(Instant::now()) {
                Next::Go { probe, generation } => {
                    if held > POLL {
                        tracing::info!(
                            held_ms = held.as_millis() as u64,
                            "paced: the rate-limit window reset"
                        );
                    }
                    return Ok(Slot { pacer: self, probe, generation });
                }
                Next::Wait(d) if d > max_wait => return Err(d),
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

    /// Reads an answer's window headers, if it has them. The service counts
    /// a request when it arrives; one still on its way when the answer was
    /// made is not in it, so what is left is also bounded by the window's
    /// size less what this client sent in it.
    pub(crate) fn observe(&self, headers: &HeaderMap, generation: u64, now: Instant, wall: SystemTime) {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let Some(remaining) = text("x-ratelimit-remaining-requests").and_then(|v| v.parse::<u64>().ok())
        else {
            return;
        };
        let reset = text("x-ratelimit-reset-requests").and_then(|v| reset_instant(v, now, wall));
        let mut reset_at = reset.map(|(at, _)| at);
        if generation < self.lock().generation {
            // About the window before the last refill.
            return;
        }
        if remaining == 0 && reset_at.is_some_and(|at| at <= now) {
            // Nothing left yet a reset already past: the time was coarse.
            reset_at = Some(now + Duration::from_secs(1));
        }
        let mut w = self.lock();
        // What this client alone sent in the window: an answer made before
        // some of them arrived says more is left than is.
        let remaining = match w.limit.or(text("x-ratelimit-limit-requests").and_then(|v| v.parse().ok())) {
            Some(limit) if generation == w.generation => remaining.min(limit.saturating_sub(w.sent)),
            _ => remaining,
        };
        let same_window = matches!((w.reset_at, reset_at), (Some(a), Some(b)) if a.max(b).duration_since(a.min(b)) < Duration::from_secs(1));
        // Answers arrive out of order: within one window the count only falls.
        w.remaining = Some(match w.remaining {
            Some(mine) if same_window => mine.min(remaining),
            _ => remaining,
        });
        w.reset_at = reset_at.or(w.reset_at);
        w.reset_not_early = reset.is_some_and(|(_, not_early)| not_early);
        w.limit = text("x-ratelimit-limit-requests").and_then(|v| v.parse().ok()).or(w.limit);
        w.probing = false;
    }
}

/// A reset given as seconds from now (`3`, `2.5`, `3s`, `250ms`) or as a
/// unix time in seconds; and whether it is never early (seconds from now
/// are; a whole-second unix time may have been rounded down).
pub(crate) fn reset_instant(value: &str, now: Instant, wall: SystemTime) -> Option<(Instant, bool)> {
    let (number, unit) = match value.strip_suffix("ms") {
        Some(n) => (n, 0.001),
        None => (value.strip_suffix('s').unwrap_or(value), 1.0),
    };
    let v: f64 = number.trim().parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let unix = unit == 1.0 && v > UNIX_TIME_THRESHOLD;
    let from_now = if unix {
        let since_epoch = wall.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
        (v - since_epoch).max(0.0)
    } else {
        v * unit
    };
    Some((now.checked_add(Duration::try_from_secs_f64(from_now).ok()?)?, !unix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::retry::tests::headers;

    #[test]
    fn resets_in_seconds_units_and_unix_time() {
        let now = Instant::now();
        let wall = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(reset_instant("3", now, wall), Some((now + Duration::from_secs(3), true)));
        assert_eq!(reset_instant("2.5s", now, wall), Some((now + Duration::from_millis(2500), true)));
        assert_eq!(reset_instant("250ms", now, wall), Some((now + Duration::from_millis(250), true)));
        assert_eq!(reset_instant("1700000004", now, wall), Some((now + Duration::from_secs(4), false)));
        assert_eq!(reset_instant("1699999990", now, wall), Some((now, false)), "a past reset is now");
        assert_eq!(reset_instant("soon", now, wall), None);
        assert_eq!(reset_instant("-1", now, wall), None);
    }

    /// Takes a slot and gives it back, as a request that was answered.
    fn answered(p: &Pacer, h: &HeaderMap, now: Instant) {
        let (probe, generation) = match p.next(now) {
            Next::Go { probe, generation } => (probe, generation),
            Next::Wait(_) => panic!("a slot was free"),
        };
        p.observe(h, generation, now, SystemTime::now());
        drop(Slot { pacer: p, probe, generation });
    }

    /// A window whose reset is decades away (a unix time far ahead, or a
    /// huge number of seconds) is not slept on: the wait comes back, and
    /// the caller stops with it, as for a `Retry-After` over the cap.
    #[tokio::test]
    async fn a_reset_far_away_is_returned_not_waited_for() {
        let p = Pacer::default();
        let far =
            (SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 40 * 365 * 86_400).to_string();
        let h =
            headers(&[("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", far.as_str())]);
        answered(&p, &headers(&[]), Instant::now());
        p.observe(&h, 0, Instant::now(), SystemTime::now());
        let started = Instant::now();
        let wait = p.acquire(Duration::from_secs(60)).await.err().expect("not waited for");
        assert!(wait > Duration::from_secs(30 * 365 * 86_400), "{wait:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        let h = headers(&[("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "900000")]);
        let generation = p.lock().generation;
        p.observe(&h, generation, Instant::now(), SystemTime::now());
        assert!(p.acquire(Duration::from_secs(60)).await.is_err());
    }

    #[test]
    fn a_spent_window_holds_requests_until_it_resets_then_probes_once() {
        let p = Pacer::default();
        let now = Instant::now();
        let h = headers(&[("x-ratelimit-remaining-requests", "1"), ("x-ratelimit-reset-requests", "4")]);
        answered(&p, &h, now);
        assert!(matches!(p.next(now), Next::Go { probe: false, .. }), "the last slot");
        match p.next(now) {
            Next::Wait(d) => {
                assert!(d > Duration::from_secs(3) && d <= Duration::from_secs(4) + MARGIN, "{d:?}")
            }
            Next::Go { .. } => panic!("the window is spent"),
        }
        let later = now + Duration::from_secs(5);
        assert!(matches!(p.next(later), Next::Go { probe: true, .. }), "one probe after the reset");
        assert!(matches!(p.next(later), Next::Wait(POLL)), "the others wait for its answer");
        let fresh = headers(&[("x-ratelimit-remaining-requests", "5"), ("x-ratelimit-reset-requests", "4")]);
        let generation = p.lock().generation;
        p.observe(&fresh, generation, later, SystemTime::now());
        assert_eq!(p.lock().remaining, Some(5));
        assert!(matches!(p.next(later), Next::Go { probe: false, .. }));
    }

    #[test]
    fn a_window_of_known_size_refills_whole_when_it_turns() {
        let p = Pacer::default();
        let now = Instant::now();
        let h = headers(&[
            ("x-ratelimit-limit-requests", "3"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "2"),
        ]);
        answered(&p, &h, now);
        assert!(matches!(p.next(now), Next::Wait(_)));
        let later = now + Duration::from_secs(3);
        for _ in 0..3 {
            assert!(matches!(p.next(later), Next::Go { probe: false, .. }), "the whole window, no probe");
        }
        assert!(
            matches!(p.next(later), Next::Wait(POLL)),
            "then a wait for the answers, not a fourth request"
        );
        let fresh = headers(&[
            ("x-ratelimit-limit-requests", "3"),
            ("x-ratelimit-remaining-requests", "5"),
            ("x-ratelimit-reset-requests", "2"),
        ]);
        let generation = p.lock().generation;
        p.observe(&fresh, generation, later, SystemTime::now());
        assert_eq!(
            p.lock().remaining,
            Some(0),
            "an answer saying more is left than the client's own count allows"
        );
    }

    #[test]
    fn what_this_client_sent_bounds_what_an_early_answer_says_is_left() {
        let p = Pacer::default();
        let now = Instant::now();
        let g = match (p.next(now), p.next(now), p.next(now), p.next(now)) {
            (Next::Go { generation, .. }, ..) => generation,
            _ => panic!("nothing known: all go"),
        };
        // Made when only the first had arrived: 5 of 6 left, but 4 were sent.
        let h = headers(&[
            ("x-ratelimit-limit-requests", "6"),
            ("x-ratelimit-remaining-requests", "5"),
            ("x-ratelimit-reset-requests", "4"),
        ]);
        p.observe(&h, g, now, SystemTime::now());
        assert_eq!(p.lock().remaining, Some(2));
    }

    #[test]
    fn a_late_answer_about_the_previous_window_does_not_refill_it_again() {
        let p = Pacer::default();
        let now = Instant::now();
        let spent = |reset: &str| {
            headers(&[
                ("x-ratelimit-limit-requests", "2"),
                ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-reset-requests", reset),
            ])
        };
        answered(&p, &spent("1"), now);
        let turned = now + Duration::from_secs(2);
        assert!(matches!(p.next(turned), Next::Go { probe: false, .. }), "refilled");
        // A request of the old window answers now, saying its window reset
        // a second ago (before the refill).
        p.observe(&spent("0"), 0, turned - Duration::from_secs(1), SystemTime::now());
        assert!(
            matches!(p.next(turned), Next::Go { probe: false, .. }),
            "the refill's second slot is still there"
        );
        assert!(matches!(p.next(turned), Next::Wait(POLL)), "and no second refill");
    }

    #[test]
    fn a_reset_given_as_a_unix_time_is_probed_first() {
        let p = Pacer::default();
        let now = Instant::now();
        let wall = SystemTime::now();
        let at = (wall.duration_since(UNIX_EPOCH).unwrap().as_secs() + 2).to_string();
        let h = headers(&[
            ("x-ratelimit-limit-requests", "3"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", &at),
        ]);
        let probe = matches!(p.next(now), Next::Go { probe: true, .. });
        p.observe(&h, 0, now, wall);
        drop(Slot { pacer: &p, probe, generation: 0 });
        let later = now + Duration::from_secs(3);
        assert!(matches!(p.next(later), Next::Go { probe: true, .. }));
        assert!(matches!(p.next(later), Next::Wait(POLL)));
    }

    #[test]
    fn a_probe_without_an_answer_frees_the_way_for_the_next() {
        let p = Pacer::default();
        let now = Instant::now();
        p.observe(
            &headers(&[("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "0")]),
            0,
            now,
            SystemTime::now(),
        );
        let later = now + Duration::from_secs(2);
        match p.next(later) {
            Next::Go { probe: true, .. } => drop(Slot { pacer: &p, probe: true, generation: 0 }),
            _ => panic!("expected a probe"),
        }
        assert!(matches!(p.next(later), Next::Go { probe: true, .. }), "a new probe, not a wait forever");
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
        p.observe(&h("1"), 0, now, wall);
        p.observe(&h("3"), 0, now, wall);
        assert_eq!(p.lock().remaining, Some(1));
        assert!(Pacer::default().lock().remaining.is_none());
        p.observe(&HeaderMap::new(), 0, now, wall);
        assert_eq!(p.lock().remaining, Some(1), "an answer without the headers changes nothing");
    }
}
