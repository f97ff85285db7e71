//! `GET /metrics`: counters in Prometheus' text format: requests by route
//! and status, calls to Venice and their retries, answers of 429, the time
//! requests waited for a place, the estimated dollars spent, and what is in
//! flight now.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    pub upstream_calls: AtomicU64,
    pub upstream_retries: AtomicU64,
    pub upstream_429: AtomicU64,
    pub joined: AtomicU64,
    wait_micros: AtomicU64,
    pub in_flight_requests: AtomicU64,
    pub in_flight_calls: AtomicU64,
}

impl Metrics {
    /// One request answered.
    pub fn request(&self, route: &'static str, status: u16) {
        *self.requests.lock().unwrap_or_else(PoisonError::into_inner).entry((route, status)).or_default() +=
            1;
    }

    /// Time one call waited for a place among the calls to Venice.
    pub fn waited(&self, d: Duration) {
        self.wait_micros.fetch_add(u64::try_from(d.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// The text exposition; `spent` is today's estimated spend in USD.
    pub fn render(&self, spent: f64) -> String {
        let mut out = String::new();
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        out.push_str("# HELP venice_serve_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE venice_serve_requests_total counter\n");
        for ((route, status), n) in self.requests.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            let _ = writeln!(out, "venice_serve_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}");
        }
        let counters = [
            (
                "venice_serve_upstream_calls_total",
                "Calls sent to Venice through the engine.",
                get(&self.upstream_calls),
            ),
            (
                "venice_serve_upstream_retries_total",
                "Attempts Venice's calls were retried.",
                get(&self.upstream_retries),
            ),
            (
                "venice_serve_upstream_rate_limited_total",
                "Calls that ended in a 429 after their retries.",
                get(&self.upstream_429),
            ),
            (
                "venice_serve_joined_total",
                "Requests answered by a call already made or in flight.",
                get(&self.joined),
            ),
        ];
        for (name, help, v) in counters {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}");
        }
        let wait = get(&self.wait_micros) as f64 / 1e6;
        let floats = [
            ("venice_serve_queue_wait_seconds_total", "Time calls waited for a place.", "counter", wait),
            ("venice_serve_spent_usd_today", "Estimated USD spent today (UTC).", "gauge", spent),
            (
                "venice_serve_in_flight_requests",
                "Requests being answered.",
                "gauge",
                get(&self.in_flight_requests) as f64,
            ),
            (
                "venice_serve_in_flight_calls",
                "Calls to Venice being made.",
                "gauge",
                get(&self.in_flight_calls) as f64,
            ),
        ];
        for (name, help, kind, v) in floats {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_has_every_series() {
        let m = Metrics::default();
        m.request("edits", 200);
        m.request("edits", 200);
        m.upstream_calls.fetch_add(2, Ordering::Relaxed);
        let text = m.render(0.08);
        assert!(text.contains("venice_serve_requests_total{route=\"edits\",status=\"200\"} 2"), "{text}");
        assert!(text.contains("venice_serve_upstream_calls_total 2"), "{text}");
        assert!(text.contains("venice_serve_spent_usd_today 0.08"), "{text}");
    }
}
