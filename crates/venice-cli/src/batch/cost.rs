//! The cost line every source of work says before it sends anything
//! (`3 image(s) to process; estimated cost $0.1200`), and `--max-cost`
//! held against the estimate.

use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// Says `what` and its estimated cost, then holds it to `--max-cost`.
pub fn price_gate(ui: Ui, what: &str, estimate: Option<f64>, max: Option<f64>) -> Result<(), Failure> {
    ui.info(&cost_line(what, estimate));
    check_max_cost(max, estimate)
}

/// `what; estimated cost $X` (or unknown).
pub fn cost_line(what: &str, estimate: Option<f64>) -> String {
    match estimate {
        Some(usd) => format!("{what}; estimated cost ${usd:.4}"),
        None => format!("{what}; estimated cost unknown"),
    }
}

/// Refuses a run whose estimated cost is above `--max-cost`, or unknown
/// when a cap is set; nothing has been sent.
pub fn check_max_cost(max: Option<f64>, estimate: Option<f64>) -> Result<(), Failure> {
    match (max, estimate) {
        (Some(max), Some(usd)) if usd > max + 1e-9 => Err(Failure::new(
            Exit::Invalid,
            format!("the estimated cost ${usd:.4} is above --max-cost ${max:.4}; nothing was sent"),
        )),
        (Some(_), None) => Err(Failure::new(
            Exit::Invalid,
            "--max-cost is set but the cost cannot be estimated (the catalogue is unavailable or has no price)",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_line_says_an_unknown_price() {
        assert_eq!(
            cost_line("2 image(s) to process", Some(0.08)),
            "2 image(s) to process; estimated cost $0.0800"
        );
        assert_eq!(cost_line("2 image(s) to process", None), "2 image(s) to process; estimated cost unknown");
    }

    #[test]
    fn max_cost_refuses_a_higher_or_unknown_estimate() {
        assert!(check_max_cost(Some(0.1), Some(0.2)).is_err_and(|f| f.exit == Exit::Invalid));
        assert!(check_max_cost(Some(0.1), None).is_err());
        assert!(check_max_cost(Some(0.1), Some(0.1)).is_ok());
        assert!(check_max_cost(None, None).is_ok());
    }
}
