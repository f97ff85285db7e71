//! Dates without a date crate: the civil date of a day count since 1970
//! (Howard Hinnant's `civil_from_days`), written as RFC 3339 in UTC, with
//! or without milliseconds. Output metadata (provenance times) and wallet
//! sign-in messages both write times; this is the crate's one calendar.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Now, as `2026-12-02T15:04:05Z`.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub fn now_rfc3339() -> String {
    format_utc(unix(SystemTime::now()))
}

/// Seconds since the Unix epoch (0 for times before it).
#[cfg_attr(not(feature = "x402"), allow(dead_code))]
pub(crate) fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `secs` since 1970 as RFC 3339 in UTC, to the second.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn format_utc(secs: u64) -> String {
    let (date, clock) = date_and_clock(secs);
    format!("{date}T{clock}Z")
}

/// `t` as `YYYY-MM-DDTHH:MM:SS.mmmZ`, as sign-in messages write it (times
/// before 1970 are written as 1970).
#[cfg_attr(not(feature = "x402"), allow(dead_code))]
pub(crate) fn iso8601(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let (date, clock) = date_and_clock(d.as_secs());
    format!("{date}T{clock}.{:03}Z", d.subsec_millis())
}

/// `YYYY-MM-DD` and `HH:MM:SS` of `secs` since 1970, in UTC.
fn date_and_clock(secs: u64) -> (String, String) {
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60),
    )
}

/// The date (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_to_the_second() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    #[test]
    fn dates_with_milliseconds() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_796_126_400_123);
        assert_eq!(iso8601(t), "2026-12-01T12:00:00.123Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(iso8601(leap), "2000-02-29T00:00:00.000Z");
    }
}
