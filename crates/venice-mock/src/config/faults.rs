//! What the emulator can inject instead of (or into) a normal answer: a
//! scripted [`Fault`] and the requests it is aimed at ([`FaultScope`]),
//! faults drawn at a seeded random rate ([`RandomFaults`]), and the faults
//! a top-up payment can meet ([`TopUpFault`]).

use std::time::Duration;

/// How long a client is told to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <HTTP date>` this far in the future.
    HttpDate(Duration),
    /// `retry-after-ms: <milliseconds>`.
    Millis(u64),
}

/// A failure the emulator can inject instead of (or into) a normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and a JSON `{error}` body.
    Status {
        /// The HTTP status.
        status: u16,
        /// A wait to advertise.
        retry_after: Option<RetryAfter>,
    },
    /// Answer with this status and a JSON `{error}` body carrying `message`
    /// as given: a service's text, control characters and all, for testing
    /// what a client prints.
    Message {
        /// The HTTP status.
        status: u16,
        /// The `error` text.
        message: String,
    },
    /// Wait this long before answering (then answer normally).
    DelayHeaders(Duration),
    /// Answer normally but stall this long halfway through the body.
    DelayMidBody(Duration),
    /// Read a little of the upload, then drop the connection.
    ResetDuringUpload,
    /// Send success headers with the full `Content-Length`, half the body, then close.
    TruncatedBody,
    /// A 200 `image/png` whose body is not an image.
    NotAnImage,
    /// A 502 HTML page, as a proxy in front of the service sends.
    HtmlBadGateway,
    /// Never answer: read the request, then send nothing, not even headers,
    /// and keep the connection open until the client gives up. The request
    /// is recorded when it has been read, with status 0.
    Hang,
}

impl Fault {
    /// A short name for logs and recorded requests.
    pub fn name(&self) -> String {
        match self {
            Self::Status { status, retry_after } => match retry_after {
                None => format!("status {status}"),
                Some(r) => format!("status {status} ({r:?})"),
            },
            Self::Message { status, .. } => format!("status {status} with a given message"),
            Self::DelayHeaders(d) => format!("delay headers {d:?}"),
            Self::DelayMidBody(d) => format!("delay mid-body {d:?}"),
            Self::ResetDuringUpload => "reset during upload".into(),
            Self::TruncatedBody => "truncated body".into(),
            Self::NotAnImage => "not an image".into(),
            Self::HtmlBadGateway => "html 502".into(),
            Self::Hang => "hang".into(),
        }
    }
}

/// What the next top-up payment (`POST /x402/top-up` with a payment)
/// meets instead of a plain settlement (see
/// [`MockServer::script_top_up`](crate::MockServer::script_top_up)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TopUpFault {
    /// 409 `PAYMENT_IN_PROGRESS`: nothing credited yet; the same payment
    /// sent again settles.
    InProgress,
    /// 504 `SETTLEMENT_TIMEOUT`; the payment is credited all the same when
    /// `credited`.
    SettlementTimeout {
        /// Whether the payment settled behind the timeout.
        credited: bool,
    },
    /// 402 `SETTLEMENT_FAILED`: nothing taken.
    SettlementFailed,
}

/// Which requests a scripted fault waits for (see
/// [`MockServer::script_for`](crate::MockServer::script_for)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FaultScope {
    /// Any request, whatever its path.
    #[default]
    All,
    /// Requests to the image endpoints: paths under `/api/v1/image/` but
    /// the style listing (`GET /api/v1/image/styles`), which makes nothing.
    Images,
    /// Requests to the catalogue: `/api/v1/models`.
    Models,
}

impl FaultScope {
    /// Whether a request to `path` (without the query) is in this scope.
    ///
    /// ```
    /// use venice_mock::FaultScope;
    ///
    /// assert!(FaultScope::Images.matches("/api/v1/image/edit"));
    /// assert!(FaultScope::Images.matches("/api/v1/image/generate"));
    /// assert!(!FaultScope::Images.matches("/api/v1/image/styles"));
    /// assert!(!FaultScope::Images.matches("/api/v1/models"));
    /// assert!(FaultScope::Models.matches("/api/v1/models"));
    /// assert!(FaultScope::All.matches("/anything"));
    /// ```
    pub fn matches(self, path: &str) -> bool {
        match self {
            Self::All => true,
            Self::Images => path.starts_with("/api/v1/image/") && path != "/api/v1/image/styles",
            Self::Models => path == "/api/v1/models",
        }
    }
}

/// Faults drawn at random for a share of requests, reproducibly from a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomFaults {
    /// Share of requests that get a fault, 0.0 to 1.0.
    pub rate: f64,
    /// Seed of the generator: the same seed gives the same sequence.
    pub seed: u64,
    /// The faults drawn from, with equal chance.
    pub faults: Vec<Fault>,
}

impl RandomFaults {
    /// Retryable server-side failures: 500, 503, and 429 with `Retry-After: 1`.
    pub fn server_errors(rate: f64, seed: u64) -> Self {
        Self {
            rate,
            seed,
            faults: vec![
                Fault::Status { status: 500, retry_after: None },
                Fault::Status { status: 503, retry_after: None },
                Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(1)) },
            ],
        }
    }
}
