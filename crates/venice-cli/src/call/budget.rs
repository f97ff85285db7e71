//! The spending guard for agents left alone: `--max-cost-per-call` refuses a
//! call whose estimate is above it, `--max-cost-total` one that would bring
//! the estimated cost of this server's successful calls above it. A call's
//! estimate is held while it runs (so that calls at once cannot together
//! pass the total), counted when the service answers with a result (it was
//! paid for, even if writing it then fails), and released otherwise. With
//! a limit set, a call whose cost cannot be estimated is refused, as the
//! CLI's `--max-cost` does.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Why the guard refused a call. Nothing was sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GuardError {
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
    pub fn check(&self, estimate: Option<f64>) -> Result<(), GuardError> {
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

    /// Holds room for a call's estimate, or refuses the call.
    pub fn hold(&self, estimate: Option<f64>) -> Result<Hold<'_>, GuardError> {
        let mut ledger = self.ledger();
        let usd = self.decide(&ledger, estimate)?;
        ledger.held += usd;
        Ok(Hold { guard: self, usd, open: true })
    }
}

impl Hold<'_> {
    /// The call was paid for: its estimate counts from now on.
    pub fn count(mut self) {
        let mut ledger = self.guard.ledger();
        ledger.held = (ledger.held - self.usd).max(0.0);
        ledger.spent += self.usd;
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
        assert_eq!(g.hold(Some(0.08)).unwrap_err(), GuardError::PerCall { usd: 0.08, max: 0.05 });
        g.hold(Some(0.05)).unwrap().count();
        assert!((g.status().2 - 0.05).abs() < 1e-12);
    }

    #[test]
    fn total_counts_successes_only() {
        let g = Guard::new(None, Some(0.10)).unwrap();
        g.hold(Some(0.04)).unwrap().count();
        drop(g.hold(Some(0.04)).unwrap()); // failed: released
        g.hold(Some(0.04)).unwrap().count();
        let refused = g.hold(Some(0.04)).unwrap_err();
        assert!(matches!(refused, GuardError::Total { max, .. } if max == 0.10), "{refused:?}");
        assert!(refused.to_string().contains("$0.0800 spent so far"), "{refused}");
        g.hold(Some(0.02)).unwrap().count();
        assert!((g.status().2 - 0.10).abs() < 1e-12);
    }

    #[test]
    fn calls_at_once_cannot_pass_the_total_together() {
        let g = Guard::new(None, Some(0.10)).unwrap();
        let first = g.hold(Some(0.06)).unwrap();
        assert!(g.hold(Some(0.06)).is_err(), "the first call's estimate is held");
        drop(first);
        assert!(g.hold(Some(0.06)).is_ok());
    }

    #[test]
    fn unknown_costs_are_refused_only_when_a_limit_is_set() {
        assert!(Guard::new(None, None).unwrap().hold(None).is_ok());
        assert_eq!(
            Guard::new(None, Some(1.0)).unwrap().hold(None).unwrap_err(),
            GuardError::Unknown { flag: "--max-cost-total" }
        );
        assert_eq!(
            Guard::new(Some(1.0), None).unwrap().check(None).unwrap_err(),
            GuardError::Unknown { flag: "--max-cost-per-call" }
        );
    }

    #[test]
    fn limits_must_be_usd_amounts() {
        assert!(Guard::new(Some(-1.0), None).is_err());
        assert!(Guard::new(None, Some(f64::NAN)).is_err());
        assert!(Guard::new(Some(0.0), Some(0.0)).is_ok());
    }
}
