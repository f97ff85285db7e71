//! Injected faults: the answers (or non-answers) that replace or spoil a
//! normal one. See [`Fault`] for what each does.

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::StatusCode;

use crate::config::{Fault, RetryAfter};
use crate::http::{Fail, Reply};

/// What a fault does to the request before it is routed.
pub(super) enum Before {
    /// Answer with this instead, as the service (true) or as a proxy in
    /// front of it (false).
    Answer(Reply, bool),
    /// Read some of the upload, then drop the connection.
    Reset,
    /// Read the request, then never answer.
    Hang,
    /// Go on as normal (perhaps after a delay, perhaps spoiling the answer).
    Proceed,
}

/// Applies the part of `fault` that comes before routing.
pub(super) async fn before(fault: Option<&Fault>) -> Before {
    match fault {
        Some(Fault::Status { status, retry_after }) => {
            Before::Answer(status_reply(*status, *retry_after), true)
        }
        Some(Fault::Message { status, message }) => {
            Before::Answer(Reply::from_fail(Fail::new(*status, message.clone())), true)
        }
        Some(Fault::HtmlBadGateway) => Before::Answer(
            Reply::raw(
            StatusCode::BAD_GATEWAY,
            "text/html",
            Bytes::from_static(
                b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>\n",
            ),
            ),
            false,
        ),
        Some(Fault::NotAnImage) => Before::Answer(
            Reply::raw(
                StatusCode::OK,
                "image/png",
                Bytes::from_static(b"this is not an image, whatever the header says"),
            ),
            true,
        ),
        Some(Fault::ResetDuringUpload) => Before::Reset,
        Some(Fault::Hang) => Before::Hang,
        Some(Fault::DelayHeaders(d)) => {
            tokio::time::sleep(*d).await;
            Before::Proceed
        }
        _ => Before::Proceed,
    }
}

/// Applies the part of `fault` that spoils a normal answer.
pub(super) fn after(fault: Option<&Fault>, reply: &mut Reply) {
    match fault {
        Some(Fault::DelayMidBody(d)) => reply.stall = Some(*d),
        Some(Fault::TruncatedBody) if reply.status.is_success() => reply.truncate = true,
        _ => {}
    }
}

/// Reads up to 64 KiB of `body` and returns how much it read: what a proxy
/// has taken in when it gives up on an upload.
pub(super) async fn read_some<B>(body: B) -> u64
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
{
    read_up_to(body, 64 * 1024).await
}

/// Reads the whole of `body` (or until it fails), keeping nothing, and
/// returns how much it read.
pub(super) async fn read_all<B>(body: B) -> u64
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
{
    read_up_to(body, usize::MAX).await
}

/// Reads and discards up to `limit` bytes of `body`: how much it read.
pub(super) async fn read_up_to<B>(body: B, limit: usize) -> u64
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
{
    let mut body = body;
    let mut seen = 0usize;
    while seen < limit {
        match body.frame().await {
            Some(Ok(frame)) => seen = seen.saturating_add(frame.data_ref().map_or(0, Bytes::len)),
            _ => break,
        }
    }
    seen as u64
}

/// A status fault's answer: the service's message for that status, and the
/// asked form of wait.
fn status_reply(status: u16, retry_after: Option<RetryAfter>) -> Reply {
    let message = match status {
        429 => "Rate limit exceeded",
        500 => "Inference processing failed",
        503 => "The model is at capacity. Please try again later.",
        _ => "Injected failure",
    };
    let mut r = Reply::from_fail(Fail::new(status, message));
    match retry_after {
        Some(RetryAfter::Seconds(s)) => r.headers.push(("retry-after", s.to_string())),
        Some(RetryAfter::HttpDate(d)) => {
            r.headers.push(("retry-after", httpdate::fmt_http_date(std::time::SystemTime::now() + d)));
        }
        Some(RetryAfter::Millis(ms)) => r.headers.push(("retry-after-ms", ms.to_string())),
        None => {}
    }
    r
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http_body_util::Full;

    use super::*;

    fn answer(b: Before) -> Reply {
        match b {
            Before::Answer(r, _) => r,
            _ => panic!("not an answer"),
        }
    }

    fn header<'a>(r: &'a Reply, name: &str) -> Option<&'a str> {
        r.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    #[tokio::test]
    async fn status_faults_answer_with_the_services_message_and_the_wait() {
        let r = answer(before(Some(&Fault::Status { status: 503, retry_after: None })).await);
        assert_eq!(r.status, 503);
        assert_eq!(&r.body[..], br#"{"error":"The model is at capacity. Please try again later."}"#);
        assert!(r.headers.is_empty());
        let r = answer(
            before(Some(&Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(7)) })).await,
        );
        assert_eq!(header(&r, "retry-after"), Some("7"));
        let r = answer(
            before(Some(&Fault::Status { status: 418, retry_after: Some(RetryAfter::Millis(250)) })).await,
        );
        assert_eq!((header(&r, "retry-after-ms"), header(&r, "retry-after")), (Some("250"), None));
        let r = answer(
            before(Some(&Fault::Status {
                status: 500,
                retry_after: Some(RetryAfter::HttpDate(Duration::from_secs(60))),
            }))
            .await,
        );
        assert!(httpdate::parse_http_date(header(&r, "retry-after").unwrap()).is_ok());
    }

    #[tokio::test]
    async fn html_and_non_image_faults_are_what_they_say() {
        let proxy = before(Some(&Fault::HtmlBadGateway)).await;
        assert!(matches!(proxy, Before::Answer(_, false)), "a proxy's page, not the service's answer");
        let r = answer(proxy);
        assert_eq!((r.status.as_u16(), r.content_type), (502, "text/html"));
        assert!(matches!(before(Some(&Fault::NotAnImage)).await, Before::Answer(_, true)));
        let r = answer(before(Some(&Fault::NotAnImage)).await);
        assert_eq!((r.status.as_u16(), r.content_type), (200, "image/png"));
        assert!(image::load_from_memory(&r.body).is_err());
    }

    #[tokio::test]
    async fn other_faults_let_the_request_through_and_spoil_the_answer() {
        assert!(matches!(before(None).await, Before::Proceed));
        assert!(matches!(before(Some(&Fault::DelayHeaders(Duration::ZERO))).await, Before::Proceed));
        assert!(matches!(before(Some(&Fault::ResetDuringUpload)).await, Before::Reset));
        assert!(matches!(before(Some(&Fault::Hang)).await, Before::Hang));

        let ok = || Reply::raw(StatusCode::OK, "image/png", Bytes::from_static(b"png"));
        let mut r = ok();
        after(Some(&Fault::TruncatedBody), &mut r);
        assert!(r.truncate);
        let mut refused = Reply::raw(StatusCode::BAD_REQUEST, "application/json", Bytes::new());
        after(Some(&Fault::TruncatedBody), &mut refused);
        assert!(!refused.truncate, "only a success is truncated");
        let mut r = ok();
        after(Some(&Fault::DelayMidBody(Duration::from_secs(1))), &mut r);
        assert_eq!(r.stall, Some(Duration::from_secs(1)));
    }

    #[tokio::test]
    async fn a_reset_reads_about_64_kib_of_the_upload() {
        assert_eq!(read_some(Full::new(Bytes::from(vec![0u8; 1000]))).await, 1000);
        let frames = (0..10).map(|_| {
            Ok::<_, std::convert::Infallible>(hyper::body::Frame::data(Bytes::from(vec![0u8; 16 * 1024])))
        });
        let body = http_body_util::StreamBody::new(futures_util::stream::iter(frames));
        assert_eq!(read_some(body).await, 64 * 1024, "four frames of ten");
        let frames = (0..10).map(|_| {
            Ok::<_, std::convert::Infallible>(hyper::body::Frame::data(Bytes::from(vec![0u8; 16 * 1024])))
        });
        let body = http_body_util::StreamBody::new(futures_util::stream::iter(frames));
        assert_eq!(read_all(body).await, 160 * 1024, "a hang reads the whole request");
    }
}
