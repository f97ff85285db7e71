//! One transport for every request: `GET /models` is retried, paced, timed
//! and capped exactly as an edit is, and the generated client handed out by
//! `Client::raw` authenticates.

use std::time::{Duration, Instant};

use crate::common::*;
use futures_util::TryStreamExt;
use venice_image::{Error, RetryPolicy};
use venice_mock::{Fault, FaultScope, MockConfig, RetryAfter, fixtures};
use venice_raw::types;

fn status(status: u16, retry_after: Option<RetryAfter>) -> Fault {
    Fault::Status { status, retry_after }
}

fn model_requests(server: &venice_mock::MockServer) -> usize {
    server.requests().iter().filter(|r| r.path.contains("/models")).count()
}

#[tokio::test]
async fn the_model_list_honours_retry_after_and_reports_the_retry() {
    let server = mock(MockConfig::default()).await;
    let (c, events) = recording_client(&server, RetryPolicy::default());
    // The catalogue fetch is the client's first request.
    server.script_for(FaultScope::Models, [status(429, Some(RetryAfter::Seconds(1)))]);
    let started = Instant::now();
    let models = c.models().await.unwrap();
    assert!(models.get("gpt-image-2-edit").is_some());
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(model_requests(&server), 2);
    let events = events.lock().unwrap();
    assert_eq!(events.len(), 1, "the on_retry hook sees catalogue retries too");
    assert_eq!(
        (events[0].wait, events[0].server_asked, events[0].status),
        (Duration::from_secs(1), true, Some(429))
    );
}

#[tokio::test]
async fn a_429_on_the_model_list_pauses_the_edits_of_every_clone() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    server.script_for(FaultScope::Models, [status(429, Some(RetryAfter::Seconds(1)))]);
    let listing = tokio::spawn({
        let c = c.clone();
        async move { c.models().await.map(|m| m.models().len()) }
    });
    while server.requests().is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let request =
        venice_image::EditRequest::new(venice_image::ImageSource::bytes(fixtures::png(300, 300)), "x");
    let edited = c.clone().edit(request).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(800), "the edit waited: {:?}", started.elapsed());
    assert_eq!(edited.meta().attempts, 1);
    assert!(listing.await.unwrap().unwrap() > 0);
}

#[tokio::test]
async fn the_model_list_obeys_the_per_attempt_timeout() {
    let server = mock(MockConfig::default()).await;
    let c = builder(&server)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    server.script_for(FaultScope::Models, [Fault::DelayHeaders(Duration::from_secs(5))]);
    let started = Instant::now();
    let err = c.models().await.unwrap_err();
    match err {
        Error::Timeout { attempts, elapsed } => {
            assert_eq!(attempts, 1);
            assert!(elapsed >= Duration::from_millis(250), "the real time is reported: {elapsed:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(4), "did not wait for the slow answer");
    let retried = builder(&server).timeout(Duration::from_millis(300)).build().unwrap();
    server.script_for(FaultScope::Models, [Fault::DelayHeaders(Duration::from_secs(5))]);
    assert!(retried.models().await.is_ok(), "a timed-out catalogue fetch is retried like an edit");
}

#[tokio::test]
async fn the_model_list_is_cut_off_at_the_body_limit() {
    let server = mock(MockConfig::default()).await;
    let c = builder(&server).max_response_bytes(1024).build().unwrap();
    let err = c.models().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidResponse { message, .. } if message.contains("larger than 1.0 KB")),
        "{err:?}"
    );
    assert_eq!(model_requests(&server), 1, "a too-large answer is not retried");
}

/// An edit as the generated type, the image inline as base64.
fn raw_edit(prompt: &str) -> types::EditRequest {
    types::EditRequest {
        image: base64_simd::STANDARD.encode_to_string(fixtures::png(300, 300)),
        prompt: prompt.to_owned().try_into().unwrap(),
        model: None,
        model_id: None,
        aspect_ratio: None,
        resolution: None,
        output_format: None,
        safe_mode: None,
        enhance_prompt: None,
        disable_prompt_optimization_thinking: None,
    }
}

#[tokio::test]
async fn the_raw_client_authenticates() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let body = raw_edit("make it night");
    let answer = c.raw().unwrap().edit_image().body(body).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let bytes: Vec<u8> = answer.into_inner().into_inner().map_ok(|b| b.to_vec()).try_concat().await.unwrap();
    assert!(image::load_from_memory(&bytes).unwrap().width() > 0, "a real image came back");
    let sent = &edits(&server)[0];
    assert_eq!(
        sent.headers.get("authorization").map(String::as_str),
        Some("Bearer [redacted]"),
        "the key went with it"
    );

    let keyless = venice_image::Client::builder().without_env().base_url(server.base_url()).build().unwrap();
    let body = raw_edit("x");
    let refused = keyless.raw().unwrap().edit_image().body(body).send().await;
    // No credentials at all: x402's 402 (pay or sign in), as at Venice.
    assert!(matches!(refused, Err(venice_raw::Error::ErrorResponse(r)) if r.status() == 402));
}
