//! Errors in OpenAI's shape, `{"error": {"message", "type", "param",
//! "code"}}`, with the status a client of OpenAI's API expects: decided on
//! the kind of the failure (the library's `ErrorKind`, the guard's and the
//! stop rules' types), never on message text. Every message passes the
//! redactor before it leaves.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use venice_image::{Error, ErrorKind};

use crate::engine::CallError;
use crate::engine::budget::GuardError;
use crate::mcp::Redactor;

/// One error answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// OpenAI's `type`: `invalid_request_error`, `server_error`, ...
    pub kind: &'static str,
    pub param: Option<String>,
    pub code: Option<&'static str>,
    /// Sent as `Retry-After` (seconds).
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, code: Option<&'static str>, message: String) -> Self {
        Self { status, message, kind, param: None, code, retry_after: None }
    }

    /// Invalid input, naming the field at fault.
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::BAD_REQUEST, "invalid_request_error", None, message.into());
        e.param = Some(param.to_owned());
        e
    }

    /// A field this server does not take.
    pub fn unsupported(param: &str, message: impl Into<String>) -> Self {
        let mut e = Self::invalid(param, message);
        e.code = Some("unsupported_parameter");
        e
    }

    /// A missing or wrong token.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            Some("invalid_api_key"),
            "a missing or wrong token: send the server's token as Authorization: Bearer TOKEN".into(),
        )
    }

    /// No such route or result.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            Some("not_found"),
            format!("{what} not found"),
        )
    }

    /// A request body that is too large or came too slowly.
    pub fn body(status: StatusCode, message: impl Into<String>) -> Self {
        Self::new(status, "invalid_request_error", None, message.into())
    }

    /// The server is shutting down or cannot do this now.
    pub fn unavailable(message: impl Into<String>, retry_after: Option<u64>) -> Self {
        let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, "server_error", None, message.into());
        e.retry_after = retry_after;
        e
    }

    /// A spending limit reached.
    pub fn quota(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "insufficient_quota",
            Some("insufficient_quota"),
            message.into(),
        )
    }

    /// The failure of one call through the engine, as a client should see it.
    pub fn from_call(e: &CallError, redactor: &Redactor) -> Self {
        let mut out = match e {
            CallError::Failed { error, .. } => Self::from_library(error),
            CallError::Guard(g) => Self::from_guard(g),
            CallError::Stopped(stop) => Self::unavailable(
                format!(
                    "not sent to Venice: {}; try again in {} s",
                    stop.reason,
                    crate::engine::stops::REFUSAL_WINDOW.as_secs()
                ),
                Some(crate::engine::stops::REFUSAL_WINDOW.as_secs()),
            ),
        };
        out.message = redactor.text(&out.message);
        out
    }

    fn from_guard(g: &GuardError) -> Self {
        match g {
            GuardError::Total { max, committed, .. } => Self::quota(format!(
                "the daily spending limit (--max-cost-per-day ${max:.2}) is reached: ${committed:.4} spent \
                 today; nothing was sent"
            )),
            GuardError::PerCall { usd, max } => Self::quota(format!(
                "the estimated cost ${usd:.4} is above --max-cost-per-request ${max:.4}; nothing was sent"
            )),
            GuardError::Unknown { .. } | GuardError::Unpriced => Self::quota(
                "a spending limit is set but the cost of this request cannot be estimated; nothing was sent",
            ),
        }
    }

    fn from_library(error: &Error) -> Self {
        let text = crate::ui::exit::describe(error);
        let upstream = |status, code| Self::new(status, "server_error", Some(code), text.clone());
        match error.kind() {
            ErrorKind::Policy => {
                let mut message = format!("Venice's content policy refused the request: {error}");
                if let Some(p) = error.api_failure().and_then(|f| f.advice.suggested_prompt.as_deref()) {
                    message.push_str(&format!("; a prompt it would accept: {p}"));
                }
                let mut e = Self::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_request_error",
                    Some("content_policy_violation"),
                    message,
                );
                e.param = Some("prompt".into());
                e
            }
            ErrorKind::InvalidInput | ErrorKind::Unreadable => match error {
                Error::InvalidInput(i) => Self::invalid(&openai_field(&i.field), text.clone()),
                _ => Self::invalid("image", text.clone()),
            },
            ErrorKind::Rejected => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_request_error", None, text.clone())
            }
            ErrorKind::RateLimited => {
                let mut e = Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limit_error",
                    Some("rate_limit_exceeded"),
                    text.clone(),
                );
                e.retry_after = Some(error.retry_after().unwrap_or(Duration::from_secs(1)).as_secs().max(1));
                e
            }
            ErrorKind::Payment => Self::quota(text.clone()),
            ErrorKind::Server | ErrorKind::Response => upstream(StatusCode::BAD_GATEWAY, "upstream_error"),
            ErrorKind::Network => match error {
                Error::Timeout { .. } => upstream(StatusCode::GATEWAY_TIMEOUT, "upstream_timeout"),
                _ => upstream(StatusCode::BAD_GATEWAY, "upstream_unreachable"),
            },
            ErrorKind::Auth => upstream(StatusCode::BAD_GATEWAY, "upstream_auth"),
            _ => upstream(StatusCode::INTERNAL_SERVER_ERROR, "internal_error"),
        }
    }

    /// The body, as OpenAI writes it.
    pub fn body_json(&self) -> serde_json::Value {
        json!({"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}})
    }
}

/// The library's field names as OpenAI's form names them.
fn openai_field(field: &str) -> String {
    match field {
        f if f.starts_with("images") || f.starts_with("image") => "image".into(),
        "aspect_ratio" | "resolution" => "size".into(),
        "safe_mode" => "moderation".into(),
        other => other.into(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body_json())).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use venice_image::ApiFailure;

    #[test]
    fn a_refusal_is_a_content_policy_violation_with_the_suggested_prompt() {
        let mut f = ApiFailure::new(422, "refused");
        f.advice.suggested_prompt = Some("a calm sea".into());
        let e = ApiError::from_call(&CallError::from(Error::ContentPolicy(f)), &Redactor::default());
        assert_eq!((e.status, e.code), (StatusCode::BAD_REQUEST, Some("content_policy_violation")));
        assert!(e.message.contains("a calm sea"), "{}", e.message);
    }

    #[test]
    fn upstream_failures_have_the_statuses_clients_expect() {
        let limited = Error::RateLimited {
            failure: ApiFailure::new(429, "slow down"),
            retry_after: Some(Duration::from_secs(7)),
        };
        let e = ApiError::from_call(&CallError::from(limited), &Redactor::default());
        assert_eq!((e.status, e.retry_after), (StatusCode::TOO_MANY_REQUESTS, Some(7)));
        let e = ApiError::from_call(
            &CallError::from(Error::Server(ApiFailure::new(500, "x"))),
            &Redactor::default(),
        );
        assert_eq!(e.status, StatusCode::BAD_GATEWAY);
        let spent = GuardError::Total { usd: 0.1, total: 1.1, max: 1.0, committed: 1.0 };
        let e = ApiError::from_call(&CallError::Guard(spent), &Redactor::default());
        assert_eq!((e.status, e.kind), (StatusCode::TOO_MANY_REQUESTS, "insufficient_quota"));
    }

    #[test]
    fn the_key_never_leaves_in_a_message() {
        let redactor = Redactor::new([zeroize::Zeroizing::new("sk-secret-key-123".to_owned())]);
        let e = Error::Rejected(ApiFailure::new(400, "model sk-secret-key-123 unknown"));
        let out = ApiError::from_call(&CallError::from(e), &redactor);
        assert!(!out.message.contains("sk-secret-key-123"), "{}", out.message);
    }
}
