//! How often a key may call: the rate limit (requests per fixed window,
//! and the form of its reset header) and the lock-out after repeated
//! failures; and reading durations such as `300ms` or `2s`.

use std::time::Duration;

/// `requests` per key in each fixed `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// Length of the window.
    pub window: Duration,
}

impl std::str::FromStr for RateLimit {
    type Err = String;

    /// Parses `20/60s`, `100/1m` or `5/500ms`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, w) = s.split_once('/').ok_or_else(|| format!("{s:?} is not N/DURATION, e.g. 20/60s"))?;
        let requests = n.trim().parse().map_err(|_| format!("{n:?} is not a whole number of requests"))?;
        Ok(Self { requests, window: parse_duration(w)? })
    }
}

/// The form of the `x-ratelimit-reset-requests` header. Venice documents
/// both, so clients must read both; the emulator sends one, by choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ResetForm {
    /// Whole seconds until the key's window resets, rounded up (at least 1).
    #[default]
    Seconds,
    /// The unix time, in whole seconds rounded up, at which the key's
    /// window resets.
    UnixTimestamp,
}

impl std::str::FromStr for ResetForm {
    type Err = String;

    /// Parses `seconds` or `timestamp`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "seconds" => Ok(Self::Seconds),
            "timestamp" | "unix" => Ok(Self::UnixTimestamp),
            _ => Err(format!("{s:?} is not a reset form: use seconds or timestamp")),
        }
    }
}

/// Parses `300ms`, `2s`, `1m` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let value: f64 = num.parse().map_err(|_| format!("{s:?} is not a duration such as 300ms, 2s or 1m"))?;
    let secs = match unit {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("{s:?}: the unit must be ms, s or m")),
    };
    Duration::try_from_secs_f64(secs).map_err(|_| format!("{s:?} is out of range"))
}

/// The key lock-out after repeated failures: more than `failures` failed
/// requests within `within` lock the key for `lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failed requests allowed within the window before the lock.
    pub failures: u32,
    /// The sliding window failures are counted in.
    pub within: Duration,
    /// How long the key stays locked.
    pub lock: Duration,
}

impl Default for Lockout {
    fn default() -> Self {
        Self { failures: 20, within: Duration::from_secs(30), lock: Duration::from_secs(30) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_and_durations_parse() {
        assert_eq!(
            "20/60s".parse::<RateLimit>().unwrap(),
            RateLimit { requests: 20, window: Duration::from_secs(60) }
        );
        assert_eq!("5/1m".parse::<RateLimit>().unwrap().window, Duration::from_secs(60));
        assert_eq!(parse_duration("300ms").unwrap(), Duration::from_millis(300));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert!("20".parse::<RateLimit>().is_err());
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn reset_forms_parse() {
        assert_eq!("seconds".parse::<ResetForm>(), Ok(ResetForm::Seconds));
        assert_eq!("timestamp".parse::<ResetForm>(), Ok(ResetForm::UnixTimestamp));
        assert!("later".parse::<ResetForm>().is_err());
    }
}
