//! The retry policy and error mapping against injected faults.

use std::time::{Duration, Instant};

use crate::common::*;
use venice_image::{EditRequest, Error, ImageSource, RetryPolicy};
use venice_mock::{Fault, FaultScope, MockConfig, RetryAfter, fixtures};

fn request() -> EditRequest {
    EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "x")
}

fn status(status: u16, retry_after: Option<RetryAfter>) -> Fault {
    Fault::Status { status, retry_after }
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_succeeds() {
    let server = mock(MockConfig::default()).await;
    let (c, events) = recording_client(&server, RetryPolicy::default());
    server.script_for(FaultScope::Images, [status(429, Some(RetryAfter::Seconds(1)))]);
    let started = Instant::now();
    let edited = c.edit(request()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(edited.meta().attempts, 2);
    assert_eq!(edits(&server).len(), 2);
    let events = events.lock().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].wait, events[0].server_asked, events[0].status),
        (Duration::from_secs(1), true, Some(429))
    );
}

#[tokio::test]
async fn http_dates_and_milliseconds_are_honoured() {
    let server = mock(MockConfig::default()).await;
    let (c, events) = recording_client(&server, RetryPolicy::default());
    server.script_for(
        FaultScope::Images,
        [
            status(429, Some(RetryAfter::Millis(300))),
            status(503, Some(RetryAfter::HttpDate(Duration::from_secs(2)))),
        ],
    );
    let edited = c.edit(request()).await.unwrap();
    assert_eq!(edited.meta().attempts, 3);
    let events = events.lock().unwrap();
    assert_eq!(events[0].wait, Duration::from_millis(300));
    // An HTTP date has one-second resolution: between 1 and 2 seconds remain.
    assert!(
        events[1].server_asked
            && events[1].wait <= Duration::from_secs(2)
            && events[1].wait >= Duration::from_secs(1)
    );
}

#[tokio::test]
async fn a_wait_beyond_the_cap_is_returned_not_slept() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    server.script_for(FaultScope::Images, [status(429, Some(RetryAfter::Seconds(3600)))]);
    let started = Instant::now();
    let err = c.edit(request()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    match &err {
        Error::RateLimited { retry_after, failure } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
            assert_eq!(failure.attempts, 1);
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().ends_with("the service asks to wait 1 h 0 min"), "{err}");
    assert_eq!(edits(&server).len(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_within_the_attempts() {
    let server = mock(MockConfig::default()).await;
    let (c, events) = recording_client(
        &server,
        RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() },
    );
    server.script_for(FaultScope::Images, [status(503, None), status(503, None)]);
    assert_eq!(c.edit(request()).await.unwrap().meta().attempts, 3);
    // Computed waits double: 10 ms, then 20 ms, less up to a quarter.
    let waits: Vec<_> = events.lock().unwrap().iter().map(|e| e.wait).collect();
    assert!(waits[0] <= Duration::from_millis(10) && waits[0] >= Duration::from_micros(7500), "{waits:?}");
    assert!(waits[1] <= Duration::from_millis(20) && waits[1] >= Duration::from_millis(15), "{waits:?}");

    server.clear_requests();
    server.script_for(
        FaultScope::Images,
        [status(500, None), status(500, None), status(500, None), status(500, None)],
    );
    let err = c.edit(request()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Server(f) if f.attempts == 3 && f.message == "Inference processing failed"),
        "{err}"
    );
    assert_eq!(edits(&server).len(), 3);
}

#[tokio::test]
async fn never_means_one_attempt() {
    let server = mock(MockConfig::default()).await;
    let c = builder(&server).retry_policy(RetryPolicy::never()).build().unwrap();
    server.script_for(FaultScope::Images, [status(503, None)]);
    assert!(matches!(c.edit(request()).await.unwrap_err(), Error::Server(_)));
    assert_eq!(edits(&server).len(), 1);
}

#[tokio::test]
async fn what_cannot_succeed_is_tried_once_and_named() {
    let server = mock(MockConfig::default().blocked_word("kaboom")).await;
    let c = builder(&server).fetch_catalogue(false).build().unwrap();
    let unknown_model = c.edit(request().model("no-such-model")).await.unwrap_err();
    assert!(
        matches!(&unknown_model, Error::Rejected(f) if f.status == 400 && f.message.contains("no-such-model")),
        "{unknown_model}"
    );

    let wrong_key = builder(&server).api_key("wrong").build().unwrap().edit(request()).await.unwrap_err();
    assert!(matches!(wrong_key, Error::Unauthorized(_)), "{wrong_key}");

    let policy =
        c.edit(EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "kaboom")).await.unwrap_err();
    assert!(matches!(policy, Error::ContentPolicy(_)), "{policy}");

    server.script_for(FaultScope::Images, [status(413, None), status(415, None)]);
    assert!(matches!(c.edit(request()).await.unwrap_err(), Error::PayloadTooLarge(_)));
    assert!(matches!(c.edit(request()).await.unwrap_err(), Error::UnsupportedMediaType(_)));

    server.set_balance_usd(0.0);
    let broke = c.edit(request()).await.unwrap_err();
    assert!(matches!(&broke, Error::InsufficientBalance(f) if f.request_id.is_some()), "{broke}");
    assert!(!broke.is_retryable());
    assert_eq!(edits(&server).len(), 6, "one attempt each");
}

#[tokio::test]
async fn a_reset_upload_and_a_cut_answer_are_retried() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let noise: Vec<u8> = fixtures::png(2000, 2000);
    let path = write(dir.path(), "big.png", &noise);
    let c = client(&server);
    server.script_for(FaultScope::Images, [Fault::ResetDuringUpload, Fault::TruncatedBody]);
    let edited = c.edit(EditRequest::new(ImageSource::path(&path), "x")).await.unwrap();
    assert_eq!(edited.meta().attempts, 3, "reset, truncated, then whole");
    assert!(image::load_from_memory(edited.bytes()).is_ok());
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let server = mock(MockConfig::default()).await;
    let c = builder(&server).timeout(Duration::from_millis(400)).build().unwrap();
    server.script_for(FaultScope::Images, [Fault::DelayHeaders(Duration::from_secs(2))]);
    assert_eq!(c.edit(request()).await.unwrap().meta().attempts, 2);

    let once = builder(&server)
        .timeout(Duration::from_millis(400))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    server.script_for(FaultScope::Images, [Fault::DelayHeaders(Duration::from_secs(2))]);
    let err = once.edit(request()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err}");
}

#[tokio::test]
async fn a_200_that_is_not_an_image_is_an_error_and_not_retried() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    server.script_for(FaultScope::Images, [Fault::NotAnImage]);
    let err = c.edit(request()).await.unwrap_err();
    match &err {
        Error::InvalidResponse { message, request_id } => {
            assert!(message.contains("not an image (content-type image/png"), "{message}");
            assert!(request_id.is_some());
        }
        other => panic!("{other}"),
    }
    assert_eq!(edits(&server).len(), 1);
}

#[tokio::test]
async fn a_proxy_html_502_is_a_retryable_server_error() {
    let server = mock(MockConfig::default()).await;
    let c = builder(&server).retry_policy(RetryPolicy::never()).build().unwrap();
    server.script_for(FaultScope::Images, [Fault::HtmlBadGateway]);
    let err = c.edit(request()).await.unwrap_err();
    assert!(matches!(&err, Error::Server(f) if f.status == 502 && f.message.contains("HTML page")), "{err}");
    assert!(err.is_retryable());
    let retrying = client(&server);
    server.script_for(FaultScope::Images, [Fault::HtmlBadGateway]);
    assert_eq!(retrying.edit(request()).await.unwrap().meta().attempts, 2);
}

#[tokio::test]
async fn the_deadline_stops_retries_that_would_end_too_late() {
    let server = mock(MockConfig::default()).await;
    let policy = RetryPolicy { deadline: Some(Duration::from_secs(1)), ..RetryPolicy::default() };
    let c = builder(&server).retry_policy(policy).build().unwrap();
    server.script_for(FaultScope::Images, [status(429, Some(RetryAfter::Seconds(5)))]);
    let started = Instant::now();
    assert!(matches!(c.edit(request()).await.unwrap_err(), Error::RateLimited { .. }));
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// With no retries left (`RetryPolicy::never`), a 429 asking for an hour
/// still pauses every clone: the next call returns at once, unsent.
#[tokio::test]
async fn a_long_wait_pauses_the_clones_even_without_retries() {
    let server = mock(MockConfig::default()).await;
    let c = venice_image::Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    server.script_for(FaultScope::Images, [status(429, Some(RetryAfter::Seconds(3600)))]);
    let first = c.edit(request()).await.unwrap_err();
    assert!(matches!(first, Error::RateLimited { .. }), "{first}");
    let started = Instant::now();
    let second = c.clone().edit(request()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(second, Error::RateLimited { .. }), "{second}");
    assert_eq!(edits(&server).len(), 1, "the second call was not sent");
}

#[tokio::test]
async fn a_429_pauses_every_clone_of_the_client() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    server.script_for(FaultScope::Images, [status(429, Some(RetryAfter::Seconds(1)))]);
    let first = tokio::spawn({
        let c = c.clone();
        async move { c.edit(request()).await }
    });
    // Let the first call get its 429, then start a second on a clone.
    while edits(&server).is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let second = c.clone().edit(request()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "the clone waited for the pause: {:?}",
        started.elapsed()
    );
    assert_eq!(second.meta().attempts, 1);
    assert_eq!(first.await.unwrap().unwrap().meta().attempts, 2);
}

#[tokio::test]
async fn no_key_is_a_typed_error_before_sending() {
    let server = mock(MockConfig::default()).await;
    let c = venice_image::Client::builder().without_env().base_url(server.base_url()).build().unwrap();
    assert!(!c.has_credentials());
    let err = c.edit(request()).await.unwrap_err();
    assert!(matches!(&err, Error::MissingCredentials), "{err:?}");
    assert!(err.to_string().contains("VENICE_API_KEY"), "{err}");
    assert!(edits(&server).is_empty());
}
