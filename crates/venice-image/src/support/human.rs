//! Numbers as people read them in messages: sizes, counts and waits.

use std::time::Duration;

/// `33,177,600`.
pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `12.3 MB` (binary megabytes, as the limit is), or `10.9 KB` below one.
pub(crate) fn megabytes(n: u64) -> String {
    if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// `1.5 s`, `2 min 5 s`, `1 h 0 min`.
pub(crate) fn duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 365 * 24 * 3600 {
        return "more than a year".to_owned();
    }
    if s >= 3600 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else if s >= 120 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(33_177_600), "33,177,600");
        assert_eq!(thousands(65_025), "65,025");
        assert_eq!(thousands(7), "7");
        assert_eq!(megabytes(26 * 1024 * 1024), "26.0 MB");
        assert_eq!(megabytes(11_117), "10.9 KB");
    }

    #[test]
    fn waits_read_well() {
        assert_eq!(duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(duration(Duration::from_secs(125)), "2 min 5 s");
        assert_eq!(duration(Duration::from_secs(3600)), "1 h 0 min");
        assert_eq!(duration(Duration::MAX), "more than a year");
    }
}
