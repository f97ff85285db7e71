//! Which statuses are worth retrying: the one table the retry policy, the
//! error type (`Error::is_retryable`) and callers read. It sits with the
//! errors, below the transport, so that both can read it.

/// Whether a status is worth retrying, before any `x-should-retry`.
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}
