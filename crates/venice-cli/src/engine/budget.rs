//! The spending guard for agents left alone: `--max-cost-per-call` refuses a
//! call whose estimate is above it, `--max-cost-total` one that would bring
//! the estimated cost of this server's calls above it. A call's estimate is
//! held while it runs (so that calls at once cannot together pass the
//! total), then counted for what may have been charged: once per attempt of
//! a call that got a result (a retried 500 may be charged twice), and so for
//! a call that failed after the service may have done the work (a 5xx, a
//! timeout after the upload, an answer that is not an image); released only
//! when nothing can have been charged. With a limit set, a call whose cost
//! cannot be estimated is refused, as the CLI's `--max-cost` does, and so is
//! one asking for something charged beyond the catalogue's price
//! (`enhance_prompt`).

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Why the guard refused a call. Nothing was sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GuardError {
    #[error(
        "enhance_prompt is charged extra at a price the catalogue does not give, so a spending limit cannot \
         hold it; leave it out (or start the server without limits); nothing was sent"
    )]
    Unpriced,
    #[error(
        "{flag} is set but the cost of this call cannot be estimated (the catalogue is unavailable or has no \
         price for it); nothing was sent"
    )]
    Unknown { flag: &'static str },
    #[error("the estimated cost ${usd:.4} is above --max-cost-per-call ${max:.4}; nothing was sent")]
    PerCall { usd: f64, max: f64 },
    #[error(
        "the estimated cost ${usd:.4} would bring this server's total to ${total:.4}, above --max-cost-total \
         ${max:.4} (${committed:.4} spent so far); nothing was sent"
    )]
    Total { usd: f64, total: f64, max: f64, committed: f64 },
}

#[derive(Debug, Default)]
struct Ledger {
    /// Estimates of the calls that succeeded.
    spent: f64,
    /// Estimates of the calls running now.
    held: f64,
}

/// The limits and what has been spent under them.
#[derive(Debug)]
pub struct Guard {
    per_call: Option<f64>,
    total: Option<f64>,
    ledger: Mutex<Ledger>,
}

/// Room for one call's estimate, held until it is counted or dropped.
#[derive(Debug)]
pub struct Hold<'a> {
    guard: &'a Guard,
    usd: f64,
    open: bool,
}

const EPSILON: f64 = 1e-9;

impl Guard {
    /// A guard with these limits (none: it allows everything).
    pub fn new(per_call: Option<f64>, total: Option<f64>) -> Result<Self, String> {
        for (flag, v) in [("--max-cost-per-call", per_call), ("--max-cost-total", total)] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(format!("{flag} takes a number of USD, 0 or more (got {v})"));
            }
        }
        Ok(Self { per_call, total, ledger: Mutex::new(Ledger::default()) })
    }

    /// The same guard counting `spent` as already spent (a daily total
    /// kept across restarts).
    pub fn with_spent(self, spent: f64) -> Self {
        self.ledger().spent = if spent.is_finite() { spent.max(0.0) } else { 0.0 };
        self
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        // The ledger is two numbers, consistent after any panic.
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether any limit is set.
    pub fn is_set(&self) -> bool {
        self.per_call.is_some() || self.total.is_some()
    }

    /// The limits, and what the successful calls have cost so far.
    pub fn status(&self) -> (Option<f64>, Option<f64>, f64) {
        (self.per_call, self.total, self.ledger().spent)
    }

    /// Checks a call's estimate against the limits, sending nothing.
    pub fn check(&self, estimate: Option<f64>, extra: bool) -> Result<(), GuardError> {
        if extra && self.is_set() {
            return Err(GuardError::Unpriced);
        }
        self.decide(&self.ledger(), estimate).map(|_| ())
    }

    fn decide(&self, ledger: &Ledger, estimate: Option<f64>) -> Result<f64, GuardError> {
        let usd = match (estimate, self.per_call, self.total) {
            (Some(usd), _, _) => usd,
            (None, Some(_), _) => return Err(GuardError::Unknown { flag: "--max-cost-per-call" }),
            (None, None, Some(_)) => return Err(GuardError::Unknown { flag: "--max-cost-total" }),
            (None, None, None) => 0.0,
        };
        if let Some(max) = self.per_call
            && usd > max + EPSILON
        {
            return Err(GuardError::PerCall { usd, max });
        }
        if let Some(max) = self.total {
            let committed = ledger.spent + ledger.held;
            let total = committed + usd;
            if total > max + EPSILON {
                return Err(GuardError::Total { usd, total, max, committed: ledger.spent });
            }
        }
        Ok(usd)
    }

    /// Holds room for a call's estimate, or refuses the call; `extra` when
    /// it asks for something charged beyond the estimate.
    pub fn hold(&self, estimate: Option<f64>, extra: bool) -> Result<Hold<'_>, GuardError> {
        if extra && self.is_set() {
            return Err(GuardError::Unpriced);
        }
        let mut ledger = self.ledger();
        let usd = self.decide(&ledger, estimate)?;
        ledger.held += usd;
        Ok(Hold { guard: self, usd, open: true })
    }
}

impl Hold<'_> {
    /// The call may have been charged `times` (once per attempt that may
    /// have been paid for): its estimate counts that often from now on.
    pub fn count(mut self, times: u32) {
        let mut ledger = self.guard.ledger();
        ledger.held = (ledger.held - self.usd).max(0.0);
        ledger.spent += self.usd * f64::from(times.max(1));
        self.open = false;
    }
}

impl Drop for Hold<'_> {
    fn drop(&mut self) {
        if self.open {
            let mut ledger = self.guard.ledger();
            ledger.held = (ledger.held - self.usd).max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_call_refuses_a_dearer_call_and_allows_an_equal_one() {
        let g = Guard::new(Some(0.05), None).unwrap();
        assert_eq!(g.hold(Some(0.08), false).unwrap_err(), GuardError::PerCall { usd: 0.08, max: 0.05 });
        g.hold(Some(0.05), false).unwrap().count(1);
        assert!((g.status().2 - 0.05).abs() < 1e-12);
    }

    #[test]
    fn total_counts_successes_only() {
        let g = Guard::new(None, Some(0.10)).unwrap();
        g.hold(Some(0.04), false).unwrap().count(1);
        drop(g.hold(Some(0.04), false).unwrap()); // failed: released
        g.hold(Some(0.04), false).unwrap().count(1);
        let refused = g.hold(Some(0.04), false).unwrap_err();
        assert!(matches!(refused, GuardError::Total { max, .. } if max == 0.10), "{refused:?}");
        assert!(refused.to_string().contains("$0.0800 spent so far"), "{refused}");
        g.hold(Some(0.02), false).unwrap().count(1);
        assert!((g.status().2 - 0.10).abs() < 1e-12);
    }

    #[test]
    fn calls_at_once_cannot_pass_the_total_together() {
        let g = Guard::new(None, Some(0.10)).unwrap();
        let first = g.hold(Some(0.06), false).unwrap();
        assert!(g.hold(Some(0.06), false).is_err(), "the first call's estimate is held");
        drop(first);
        assert!(g.hold(Some(0.06), false).is_ok());
    }

    #[test]
    fn unknown_costs_are_refused_only_when_a_limit_is_set() {
        assert!(Guard::new(None, None).unwrap().hold(None, false).is_ok());
        assert_eq!(
            Guard::new(None, Some(1.0)).unwrap().hold(None, false).unwrap_err(),
            GuardError::Unknown { flag: "--max-cost-total" }
        );
        assert_eq!(
            Guard::new(Some(1.0), None).unwrap().check(None, false).unwrap_err(),
            GuardError::Unknown { flag: "--max-cost-per-call" }
        );
    }

    #[test]
    fn every_attempt_that_may_have_been_paid_counts() {
        let g = Guard::new(None, Some(0.10)).unwrap();
        g.hold(Some(0.03), false).unwrap().count(3);
        assert!((g.status().2 - 0.09).abs() < 1e-12, "three attempts of a retried 500");
        assert!(g.hold(Some(0.03), false).is_err(), "the total holds what may have been charged");
    }

    #[test]
    fn a_charge_the_catalogue_cannot_price_is_refused_under_a_limit() {
        assert_eq!(
            Guard::new(Some(1.0), None).unwrap().hold(Some(0.01), true).unwrap_err(),
            GuardError::Unpriced
        );
        assert!(Guard::new(None, None).unwrap().hold(Some(0.01), true).is_ok(), "no limit, no refusal");
    }

    #[test]
    fn limits_must_be_usd_amounts() {
        assert!(Guard::new(Some(-1.0), None).is_err());
        assert!(Guard::new(None, Some(f64::NAN)).is_err());
        assert!(Guard::new(Some(0.0), Some(0.0)).is_ok());
    }
}
