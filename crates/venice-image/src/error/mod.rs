//! One error type for everything a call can fail with.
//!
//! | variant | cause | retried by the client |
//! |---|---|---|
//! | [`Error::InvalidInput`] | refused before sending: a rule of the API or the model | never (nothing was sent) |
//! | [`Error::Rejected`] | 400: the service refused the request | no |
//! | [`Error::Unauthorized`] | 401 (or 403): bad or missing key | no |
//! | [`Error::InsufficientBalance`] | 402: the balance does not cover it | no |
//! | [`Error::PaymentRequired`] | 402 to a wallet: the balance, the minimum and suggested top-up, the steps | no |
//! | [`Error::SignInRefused`] | 401 to a wallet's sign-in, with the service's code | no |
//! | [`Error::Wallet`] | the wallet's key or keystore, the top-up policy, a settlement | no |
//! | [`Error::PayloadTooLarge`] | 413 | no |
//! | [`Error::UnsupportedMediaType`] | 415 | no |
//! | [`Error::ContentPolicy`] | 422: the content policy refused it | no |
//! | [`Error::RateLimited`] | 429 after the retries, or a wait longer than allowed | yes, within the policy |
//! | [`Error::Server`] | 408, 5xx after the retries | yes, within the policy |
//! | [`Error::Timeout`] | no answer in time | yes, within the policy |
//! | [`Error::Transport`] | connection refused, reset, TLS, truncated answer | yes, within the policy |
//! | [`Error::InvalidResponse`] | a 200 whose body is not an image, or a body too large | no |
//! | [`Error::Io`] | reading an input failed | no |
//! | [`Error::Output`] | an output cannot be written | no |
//! | [`Error::MissingCredentials`] | a call that needs a key, and none was given | no |
//! | [`Error::InvalidCredentials`] | the key holds characters a header cannot carry | no |
//! | [`Error::KeyFile`] | the key file cannot be read, or is empty | no |
//! | [`Error::InsecureKeyFile`] | the key file is readable by others or not yours | no |
//! | [`Error::InvalidBaseUrl`] | the base URL is not an http(s) URL | no |
//! | [`Error::HttpClient`] | the HTTP client cannot be built (TLS set-up) | no |
//!
//! Which statuses are retried is defined once ([`RetryPolicy::retries_status`](crate::RetryPolicy::retries_status));
//! the client's retry loop and [`Error::is_retryable`] both read it. What
//! callers decide on is [`Error::kind`](crate::Error::kind): a small closed set.

pub(crate) mod body;
pub(crate) mod failure;
pub(crate) mod kind;
pub(crate) mod payment;
pub(crate) mod retryable;
pub(crate) mod wallet;

use std::path::PathBuf;
use std::time::Duration;

use crate::error::kind::ErrorKind;
use crate::support::human;

pub use crate::error::failure::{ApiFailure, FailureAdvice};

/// A request refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidInput {
    /// The field at fault (`image`, `images[1]`, `prompt`, `aspect_ratio`, ...).
    pub field: String,
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl InvalidInput {
    /// A refusal of `field` under `rule`.
    pub fn new(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> Self {
        Self { field: field.into(), rule, message: message.into() }
    }
}

/// The rules validation enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A required field or input is missing.
    Required,
    /// A text field is empty.
    Empty,
    /// A text is longer than allowed.
    TooLong,
    /// An image has fewer pixels than the API takes.
    TooFewPixels,
    /// An image has more pixels than the API takes.
    TooManyPixels,
    /// An image file is 25 MB or larger.
    FileTooLarge,
    /// An image format the API does not take.
    UnsupportedFormat,
    /// The bytes are not a readable image.
    CorruptImage,
    /// An input cannot be read (missing, a directory, no permission).
    Unreadable,
    /// A value the model does not accept (ratio, resolution, quality).
    NotSupportedByModel,
    /// The model id is not in the catalogue.
    UnknownModel,
    /// More images than the model takes.
    TooManyImages,
    /// Exactly one of two inputs must be given.
    ExactlyOne,
    /// A URL that is not http(s), or malformed.
    InvalidUrl,
    /// Base64 text that does not decode.
    InvalidBase64,
    /// The chosen encoding cannot carry this input.
    Encoding,
    /// A number outside the range the API takes (or not a number).
    OutOfRange,
    /// The request needs a feature this build of the library leaves out
    /// (fitting without the `fit` feature).
    FeatureDisabled,
    /// The image file is cut short: its container ends before its end
    /// marker (a download or copy interrupted, a file still being written).
    Truncated,
    /// Metadata was to be removed from the upload, but the file's container
    /// cannot be walked to remove it: the upload is refused rather than
    /// sent with it.
    MetadataNotRemovable,
}

/// Everything a call can fail with; see the module table for which the
/// client retries.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Refused before sending.
    #[error("invalid input: {0}")]
    InvalidInput(#[from] InvalidInput),
    /// 400 from the service.
    #[error("the service refused the request: {0}")]
    Rejected(ApiFailure),
    /// 401 or 403.
    #[error("not authorized: {0}; check the API key")]
    Unauthorized(ApiFailure),
    /// 402.
    #[error("insufficient balance: {0}; top up the account")]
    InsufficientBalance(ApiFailure),
    /// 402 to a wallet (or to a caller without credentials): the parsed
    /// x402 answer.
    #[error("payment required: {0}")]
    PaymentRequired(Box<crate::error::payment::PaymentRequired>),
    /// 401 to a wallet's sign-in.
    #[error("the wallet's sign-in was refused: {0}")]
    SignInRefused(Box<crate::error::payment::SignInRefusal>),
    /// The wallet's side: its key, its keystore, a top-up refused by the
    /// policy before signing, a settlement that failed or is unknown.
    #[error(transparent)]
    Wallet(#[from] crate::error::wallet::WalletError),
    /// 413.
    #[error("request too large: {0}")]
    PayloadTooLarge(ApiFailure),
    /// 415.
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(ApiFailure),
    /// 422.
    #[error("refused by the content policy: {0}")]
    ContentPolicy(ApiFailure),
    /// 429 after the retries, or a wait the policy would not sleep.
    #[error("rate limited: {failure}{}", wait_text(*.retry_after))]
    RateLimited {
        /// The last refusal.
        failure: ApiFailure,
        /// How long the service asked to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// 408 or 5xx after the retries (including a proxy's HTML error page).
    #[error("server error: {0}")]
    Server(ApiFailure),
    /// No answer within the per-attempt timeout (or the overall deadline).
    #[error("timed out after {attempts} attempt(s) ({elapsed:.1?} in all)")]
    Timeout {
        /// Attempts made.
        attempts: u32,
        /// Time spent in all.
        elapsed: Duration,
    },
    /// The connection failed: refused, reset, TLS, or an answer cut short.
    #[error("network error after {attempts} attempt(s): {source}")]
    Transport {
        /// Attempts made.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The answer is not what the API promises.
    #[error("invalid response from the service: {message}")]
    InvalidResponse {
        /// What is wrong with it.
        message: String,
        /// The request id, when known.
        request_id: Option<String>,
    },
    /// Reading an input or writing an output failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, naming the path.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output cannot be written (its folder cannot be created, is not
    /// writable, the disk is full, the name is refused).
    #[error("cannot write {}: {source}", path.display())]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A call that needs a key was made without one.
    #[error("no API key: set VENICE_API_KEY, or give the key in a file readable only by you")]
    MissingCredentials,
    /// The key holds characters an HTTP header cannot carry.
    #[error("the API key holds characters a header cannot carry; check it was copied whole")]
    InvalidCredentials,
    /// The key file cannot be read, or holds no key.
    #[error("the API key file {}{}", path.display(), key_file_problem(source.as_ref()))]
    KeyFile {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read; `None` when it is empty.
        #[source]
        source: Option<std::io::Error>,
    },
    /// The key file can be read by other users, or belongs to another user:
    /// refused before it is read.
    #[error("the API key file {} is refused: {reason}; restrict it with: chmod 600 {}", path.display(), path.display())]
    InsecureKeyFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with its permissions.
        reason: String,
    },
    /// The base URL is not an `http(s)://host/...` URL.
    #[error("the base URL {url:?} {reason}; it looks like https://api.venice.ai/api/v1")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client cannot be built (its TLS set-up failed).
    #[error("cannot set up the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// A request body could not be encoded.
    #[error("cannot encode the request: {0}")]
    Encode(#[from] serde_json::Error),
}

fn key_file_problem(source: Option<&std::io::Error>) -> String {
    match source {
        Some(e) if e.kind() == std::io::ErrorKind::NotFound => " does not exist".to_owned(),
        Some(e) => format!(" cannot be read: {e}"),
        None => " is empty; put the key in it".to_owned(),
    }
}

fn wait_text(wait: Option<Duration>) -> String {
    match wait {
        Some(d) => format!("; the service asks to wait {}", human::duration(d)),
        None => String::new(),
    }
}

impl Error {
    /// Whether this kind of failure is worth another attempt later. The
    /// client has already retried these within its policy.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Transport { .. } => true,
            other => other.api_failure().is_some_and(|f| crate::error::retryable::retryable_status(f.status)),
        }
    }

    /// The service's failure report, for errors that come from an answer.
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Self::Rejected(f)
            | Self::Unauthorized(f)
            | Self::InsufficientBalance(f)
            | Self::PayloadTooLarge(f)
            | Self::UnsupportedMediaType(f)
            | Self::ContentPolicy(f)
            | Self::Server(f)
            | Self::RateLimited { failure: f, .. } => Some(f),
            Self::PaymentRequired(p) => Some(&p.failure),
            Self::SignInRefused(r) => Some(&r.failure),
            Self::Wallet(w) => w.api_failure(),
            _ => None,
        }
    }

    /// How long the service asked to wait, when the answer said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, failure } => retry_after.or(failure.retry_after),
            other => other.api_failure().and_then(|f| f.retry_after),
        }
    }

    /// The request id (`CF-RAY`) to quote to support, when there is one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::InvalidResponse { request_id, .. } => request_id.as_deref(),
            other => other.api_failure().and_then(|f| f.request_id.as_deref()),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io { context: context.into(), source }
    }
}

impl Error {
    /// The kind of this failure; see [`ErrorKind`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidInput(_) => ErrorKind::InvalidInput,
            Self::Io { .. } => ErrorKind::Unreadable,
            Self::Rejected(_) | Self::PayloadTooLarge(_) | Self::UnsupportedMediaType(_) => {
                ErrorKind::Rejected
            }
            Self::Unauthorized(_)
            | Self::MissingCredentials
            | Self::InvalidCredentials
            | Self::KeyFile { .. }
            | Self::InsecureKeyFile { .. }
            | Self::SignInRefused(_) => ErrorKind::Auth,
            Self::InsufficientBalance(_) | Self::PaymentRequired(_) => ErrorKind::Payment,
            Self::Wallet(w) => w.kind(),
            Self::ContentPolicy(_) => ErrorKind::Policy,
            Self::RateLimited { .. } => ErrorKind::RateLimited,
            Self::Server(_) => ErrorKind::Server,
            Self::Timeout { .. } | Self::Transport { .. } => ErrorKind::Network,
            Self::InvalidResponse { .. } => ErrorKind::Response,
            Self::Output { .. } => ErrorKind::Output,
            Self::InvalidBaseUrl { .. } => ErrorKind::Config,
            Self::HttpClient(_) | Self::Encode(_) => ErrorKind::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: u16) -> ApiFailure {
        ApiFailure {
            status,
            message: "Rate limit exceeded".into(),
            details: None,
            request_id: Some("8f00-AMS".into()),
            attempts: 3,
            retry_after: None,
            advice: Box::default(),
        }
    }

    #[test]
    fn messages_carry_the_service_text_request_id_and_wait() {
        let e = Error::RateLimited { failure: failure(429), retry_after: Some(Duration::from_secs(3600)) };
        assert_eq!(
            e.to_string(),
            "rate limited: Rate limit exceeded (HTTP 429, request id 8f00-AMS, after 3 attempts); the service asks to wait 1 h 0 min"
        );
        assert_eq!(e.request_id(), Some("8f00-AMS"));
        assert!(e.is_retryable());
        assert!(!Error::ContentPolicy(failure(422)).is_retryable());
        assert!(!Error::Server(failure(501)).is_retryable(), "one definition: 501 is not retried");
        assert!(Error::Server(failure(503)).is_retryable());
    }

    #[test]
    fn invalid_input_names_the_field() {
        let e: Error =
            InvalidInput::new("prompt", Rule::TooLong, "1502 characters; the model takes 1500").into();
        assert_eq!(e.to_string(), "invalid input: prompt: 1502 characters; the model takes 1500");
    }
}
