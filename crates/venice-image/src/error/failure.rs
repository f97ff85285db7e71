//! What the service said when it refused a call ([`ApiFailure`]), and the
//! advice some error bodies add ([`FailureAdvice`]): plain data, carried by
//! the [`Error`](crate::Error) variants that come from an answer and by the
//! wallet's failures. Re-exported from `error`.

use std::fmt;
use std::time::Duration;

/// What the service said when it refused a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiFailure {
    /// HTTP status.
    pub status: u16,
    /// The service's message (the `error` field), or a summary of the body.
    pub message: String,
    /// Field details of a 400, as JSON text, when given.
    pub details: Option<String>,
    /// The request id (`CF-RAY`), for support.
    pub request_id: Option<String>,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// How long the service asked to wait (`Retry-After`), when it said.
    pub retry_after: Option<Duration>,
    /// The extra advice some error bodies carry (a suggested prompt, a model
    /// to try, whether credits were refunded, a machine-readable code);
    /// boxed, to keep errors small.
    pub advice: Box<FailureAdvice>,
}

impl ApiFailure {
    /// A failure with this status and message, after one attempt, nothing
    /// else known (for tests of code that handles errors).
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            details: None,
            request_id: None,
            attempts: 1,
            retry_after: None,
            advice: Box::default(),
        }
    }
}

/// What an error body says beyond its message, each when given: read from
/// the service's documented error shapes (`ContentViolationError`,
/// `ProviderContentPolicyError`, `PayloadTooLargeError`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct FailureAdvice {
    /// `code`: a machine-readable code (`PAYLOAD_TOO_LARGE`).
    pub code: Option<String>,
    /// `error.type`: the kind of refusal (`provider_content_policy`).
    pub kind: Option<String>,
    /// `suggested_prompt`: a prompt the content policy would accept.
    pub suggested_prompt: Option<String>,
    /// `error.recommended_model`: a model that may take the request.
    pub recommended_model: Option<String>,
    /// `error.credits_refunded`: whether the charge was refunded.
    pub credits_refunded: Option<bool>,
}

impl FailureAdvice {
    /// True when the body said nothing beyond its message.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.message, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        if self.attempts > 1 {
            write!(f, ", after {} attempts", self.attempts)?;
        }
        f.write_str(")")
    }
}
