//! What kind of failure an [`Error`](crate::Error) is, as a small closed set
//! that callers decide on (exit codes, tool errors, whether to stop a batch,
//! whether a rerun can finish the work) instead of matching every variant or
//! reading message text. [`Error::kind`](crate::Error::kind), next to the
//! error type, matches every variant exhaustively, so that a new variant
//! cannot reach callers without a kind.

/// The kind of an [`Error`](crate::Error).
///
/// `#[non_exhaustive]`: a caller's `match` needs a fallback arm; test it
/// against [`ErrorKind::ALL`] so that no kind reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Refused before anything was sent: a rule of the API or of the model
    /// ([`Error::InvalidInput`](crate::Error::InvalidInput)).
    InvalidInput,
    /// An input could not be read ([`Error::Io`](crate::Error::Io)).
    Unreadable,
    /// The service refused the request itself: 400, 413 or 415.
    Rejected,
    /// No credential, a credential that cannot be used, or one the service
    /// refused (401, 403).
    Auth,
    /// The balance does not cover the call (402).
    Payment,
    /// The content policy refused the call (422).
    Policy,
    /// Still rate limited after the retries, or asked to wait longer than
    /// the policy sleeps (429).
    RateLimited,
    /// The service failed after the retries (408, 5xx).
    Server,
    /// No answer in time, or the connection failed.
    Network,
    /// The answer is not what the API promises.
    Response,
    /// An output cannot be written.
    Output,
    /// The client's configuration is wrong (the base URL).
    Config,
    /// The client could not be set up (TLS) or could not encode a request:
    /// neither the input's fault nor the service's.
    Internal,
}

impl ErrorKind {
    /// Every kind, for callers to test their mapping against.
    pub const ALL: [ErrorKind; 13] = [
        Self::InvalidInput,
        Self::Unreadable,
        Self::Rejected,
        Self::Auth,
        Self::Payment,
        Self::Policy,
        Self::RateLimited,
        Self::Server,
        Self::Network,
        Self::Response,
        Self::Output,
        Self::Config,
        Self::Internal,
    ];

    /// A short machine-readable name (`rate_limited`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::Unreadable => "unreadable_input",
            Self::Rejected => "rejected",
            Self::Auth => "authentication",
            Self::Payment => "payment_required",
            Self::Policy => "content_policy",
            Self::RateLimited => "rate_limited",
            Self::Server => "server_error",
            Self::Network => "network",
            Self::Response => "invalid_response",
            Self::Output => "output",
            Self::Config => "configuration",
            Self::Internal => "internal",
        }
    }

    /// Whether the service refused the request as it stands (400, 413, 415,
    /// 422): these count towards the service's lock-out of a key (about 20
    /// failures in 30 s).
    pub fn is_refusal(self) -> bool {
        match self {
            Self::Rejected | Self::Policy => true,
            Self::InvalidInput
            | Self::Unreadable
            | Self::Auth
            | Self::Payment
            | Self::RateLimited
            | Self::Server
            | Self::Network
            | Self::Response
            | Self::Output
            | Self::Config
            | Self::Internal => false,
        }
    }

    /// Whether the same call, made again later unchanged, may succeed (the
    /// service was busy or out of reach).
    pub fn is_transient(self) -> bool {
        match self {
            Self::RateLimited | Self::Server | Self::Network => true,
            Self::InvalidInput
            | Self::Unreadable
            | Self::Rejected
            | Self::Auth
            | Self::Payment
            | Self::Policy
            | Self::Response
            | Self::Output
            | Self::Config
            | Self::Internal => false,
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiFailure, Error};

    #[test]
    fn all_lists_every_kind_once() {
        let mut seen = std::collections::BTreeSet::new();
        for k in ErrorKind::ALL {
            assert!(seen.insert(k), "{k:?} twice");
            assert!(!k.as_str().is_empty());
        }
        assert_eq!(seen.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn statuses_map_to_their_kinds() {
        let f = |s| ApiFailure::new(s, "m");
        assert_eq!(Error::PayloadTooLarge(f(413)).kind(), ErrorKind::Rejected);
        assert_eq!(Error::ContentPolicy(f(422)).kind(), ErrorKind::Policy);
        assert!(ErrorKind::Policy.is_refusal() && ErrorKind::Rejected.is_refusal());
        assert!(!ErrorKind::InvalidInput.is_refusal(), "a local refusal costs the key nothing");
        assert_eq!(Error::MissingCredentials.kind(), ErrorKind::Auth);
        assert_eq!(Error::Unauthorized(f(401)).kind(), ErrorKind::Auth);
        assert!(ErrorKind::Server.is_transient() && !ErrorKind::Payment.is_transient());
    }
}
