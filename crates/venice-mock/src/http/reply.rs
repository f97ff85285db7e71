//! What the emulator answers: a refusal ([`Fail`]) or an answer ([`Reply`]),
//! and how either becomes an HTTP response (streamed, so that faults can
//! stall or cut the body).

use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::BodyExt;
use hyper::body::Frame;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Response, StatusCode};
use serde_json::{Map, Value, json};

use crate::pixels::imaging::ImageProblem;

/// The response body type: streamed so faults can stall or cut it.
pub(crate) type Body = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

/// A refusal: status, JSON body, extra headers, and whether it counts
/// towards the key's lock-out.
#[derive(Debug, thiserror::Error)]
#[error("{status}: {body}")]
pub(crate) struct Fail {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
    pub counts: bool,
}

impl Fail {
    /// A `{error}` answer; client errors other than 429 count towards the
    /// lock-out.
    pub fn new(status: u16, error: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: json!({ "error": error.into() }),
            headers: Vec::new(),
            counts: (400..500).contains(&status) && status != 429,
        }
    }

    /// An answer whose whole body is `body`, for answers with their own
    /// shape (the x402 ones); counted as [`Fail::new`] counts.
    pub fn with_body(status: u16, body: Value) -> Self {
        let mut f = Self::new(status, "");
        f.body = body;
        f
    }

    /// A 400 with per-field `details`, in the shape the service's validator
    /// uses (`{field: {_errors: [..]}, _errors: [..]}`).
    pub fn invalid(details: Map<String, Value>) -> Self {
        let mut f = Self::new(400, "Invalid request parameters");
        let mut d = details;
        d.entry("_errors").or_insert_with(|| json!([]));
        f.body["details"] = Value::Object(d);
        f
    }

    /// A 400 about one field, whose message is also the `error`.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut f =
            Self::invalid(Map::from_iter([(field.to_owned(), json!({ "_errors": [message.clone()] }))]));
        f.body["error"] = json!(message);
        f
    }

    /// A 400 about an input image in `field`.
    pub fn image(field: &str, problem: &ImageProblem) -> Self {
        Self::field(field, problem.message())
    }

    /// The `error` text.
    #[cfg(test)]
    pub fn message(&self) -> &str {
        self.body["error"].as_str().unwrap_or("")
    }
}

/// An answer and how to deliver it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
    pub content_type: &'static str,
    /// Pause this long after the first half of the body.
    pub stall: Option<Duration>,
    /// Send the first half of the body, then fail the connection.
    pub truncate: bool,
}

impl Reply {
    pub fn raw(status: StatusCode, content_type: &'static str, body: Bytes) -> Self {
        Self { status, headers: Vec::new(), body, content_type, stall: None, truncate: false }
    }

    pub fn json(status: StatusCode, body: &Value) -> Self {
        Self::raw(status, "application/json", Bytes::from(serde_json::to_vec(body).unwrap_or_default()))
    }

    pub fn from_fail(f: Fail) -> Self {
        let mut r = Self::json(f.status, &f.body);
        r.headers = f.headers;
        r
    }
}

/// The HTTP response for `reply`, with the headers every answer carries
/// (`cf-ray` from the request's sequence number, `x-venice-version`).
pub(crate) fn into_response(reply: Reply, seq: u64) -> hyper::Response<Body> {
    let len = reply.body.len();
    let body: Body = if reply.truncate || reply.stall.is_some() {
        let half = len / 2;
        let first = reply.body.slice(..half);
        let rest = reply.body.slice(half..);
        let stall = reply.stall;
        let truncate = reply.truncate;
        let chunks = futures_util::stream::iter([0u8, 1u8]).then(move |i| {
            let (first, rest) = (first.clone(), rest.clone());
            async move {
                if i == 0 {
                    return Ok(Frame::data(first));
                }
                if let Some(d) = stall {
                    tokio::time::sleep(d).await;
                }
                if truncate {
                    // Let the head and the first half reach the client first.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "truncated on purpose"))
                } else {
                    Ok(Frame::data(rest))
                }
            }
        });
        BodyExt::boxed(http_body_util::StreamBody::new(chunks))
    } else {
        http_body_util::Full::new(reply.body).map_err(|never| match never {}).boxed()
    };
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(reply.content_type) {
        h.insert(CONTENT_TYPE, v);
    }
    h.insert(CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(
        "cf-ray",
        HeaderValue::from_str(&format!("{seq:016x}-MOCK")).unwrap_or(HeaderValue::from_static("0-MOCK")),
    );
    h.insert(
        "x-venice-version",
        HeaderValue::from_static(concat!("venice-mock-", env!("CARGO_PKG_VERSION"))),
    );
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(HeaderName::from_static(name), v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_count_towards_the_lockout_but_429_and_5xx_do_not() {
        assert!(Fail::new(400, "x").counts);
        assert!(Fail::new(401, "x").counts);
        assert!(!Fail::new(429, "x").counts);
        assert!(!Fail::new(500, "x").counts);
        assert_eq!(Fail::new(1000, "x").status, StatusCode::INTERNAL_SERVER_ERROR, "no such status");
    }

    #[test]
    fn a_field_refusal_names_the_field_in_the_details() {
        let f = Fail::field("prompt", "Required");
        assert_eq!(f.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            f.body,
            json!({
                "error": "Required",
                "details": {"prompt": {"_errors": ["Required"]}, "_errors": []}
            })
        );
    }

    #[tokio::test]
    async fn a_refusal_becomes_json_with_its_headers_and_the_common_ones() {
        let mut f = Fail::new(429, "Rate limit exceeded");
        f.headers.push(("retry-after", "3".into()));
        let response = into_response(Reply::from_fail(f), 255);
        assert_eq!(response.status(), 429);
        let h = response.headers();
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["retry-after"], "3");
        assert_eq!(h["cf-ray"], "00000000000000ff-MOCK");
        assert!(h["x-venice-version"].to_str().unwrap().starts_with("venice-mock-"));
        let declared: usize = h["content-length"].to_str().unwrap().parse().unwrap();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(body.len(), declared);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v, json!({"error": "Rate limit exceeded"}));
    }

    #[tokio::test]
    async fn a_truncated_reply_declares_the_full_length_and_then_fails() {
        let mut reply = Reply::raw(StatusCode::OK, "image/png", Bytes::from_static(b"0123456789"));
        reply.truncate = true;
        let response = into_response(reply, 1);
        assert_eq!(response.headers()["content-length"], "10");
        let mut body = response.into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&first[..], b"01234");
        assert!(body.frame().await.unwrap().is_err(), "the second half is an error");
    }

    #[tokio::test]
    async fn a_stalled_reply_still_delivers_every_byte() {
        let mut reply = Reply::raw(StatusCode::OK, "image/png", Bytes::from_static(b"0123456789"));
        reply.stall = Some(Duration::from_millis(1));
        let body = into_response(reply, 1).into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], b"0123456789");
    }
}
