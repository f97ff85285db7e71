//! Values read the same way by the flags (clap's value parsers) and by the
//! config file's keys: the lowest of the settings' files, so that `flags`
//! and `keys` both use it and neither uses the other's.

/// An amount of USD: finite, 0 or more (NaN would disable a cap).
pub fn parse_usd(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("{text:?} is not an amount of USD; give a number, 0 or more (e.g. 0.50)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_finite_and_not_negative() {
        assert_eq!(parse_usd(" 0.50 "), Ok(0.5));
        assert!(parse_usd("-1").is_err());
        assert!(parse_usd("NaN").is_err());
        assert!(parse_usd("inf").is_err());
    }
}
