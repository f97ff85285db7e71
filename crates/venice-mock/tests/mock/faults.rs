//! Injected faults, scripted and random, and the binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::common::*;
use serde_json::json;
use venice_mock::{Fault, MockConfig, RandomFaults, RetryAfter, fixtures};

fn body() -> serde_json::Value {
    json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x"})
}

#[tokio::test]
async fn status_faults_carry_each_form_of_retry_after() {
    let server = start(MockConfig::default()).await;
    server.script([
        Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(3)) },
        Fault::Status { status: 503, retry_after: Some(RetryAfter::HttpDate(Duration::from_secs(120))) },
        Fault::Status { status: 429, retry_after: Some(RetryAfter::Millis(1500)) },
        Fault::Status { status: 500, retry_after: None },
    ]);
    let r = post_json(&server, "/image/edit", &body()).await;
    assert_eq!((r.status().as_u16(), r.headers()["retry-after"].to_str().unwrap()), (429, "3"));

    let r = post_json(&server, "/image/edit", &body()).await;
    assert_eq!(r.status(), 503);
    let when = httpdate::parse_http_date(r.headers()["retry-after"].to_str().unwrap()).unwrap();
    let ahead = when.duration_since(SystemTime::now()).unwrap();
    assert!(ahead > Duration::from_secs(100) && ahead <= Duration::from_secs(121), "{ahead:?}");

    let r = post_json(&server, "/image/edit", &body()).await;
    assert_eq!(r.headers()["retry-after-ms"], "1500");
    assert!(r.headers().get("retry-after").is_none());

    let (status, error) = error_of(post_json(&server, "/image/edit", &body()).await).await;
    assert_eq!((status, error), (500, json!({"error": "Inference processing failed"})));
    // The script is used up: back to normal.
    assert_eq!(post_json(&server, "/image/edit", &body()).await.status(), 200);
    let faults: Vec<_> = server.requests().iter().map(|r| r.fault.is_some()).collect();
    assert_eq!(faults, [true, true, true, true, false]);
}

#[tokio::test]
async fn delays_hold_back_headers_or_the_middle_of_the_body() {
    let server = start(MockConfig::default()).await;
    server.script([
        Fault::DelayHeaders(Duration::from_millis(300)),
        // Long enough that a loaded machine's scheduling cannot hide it.
        Fault::DelayMidBody(Duration::from_secs(2)),
    ]);
    let started = Instant::now();
    let r = post_json(&server, "/image/edit", &body()).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.status(), 200);

    let r = post_json(&server, "/image/edit", &body()).await;
    let headers_at = Instant::now();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(headers_at.elapsed() >= Duration::from_secs(1), "the body stalls after the headers");
    decode(&bytes);
}

#[tokio::test]
async fn a_reset_during_upload_is_a_connection_error() {
    let server = start(MockConfig::default()).await;
    server.script([Fault::ResetDuringUpload]);
    // Incompressible and far larger than what the emulator reads before it
    // drops the connection.
    let big: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let err = http()
        .post(url(&server, "/image/edit"))
        .bearer_auth(KEY)
        .multipart(edit_form(big, "image/png", "x"))
        .send()
        .await
        .expect_err("the connection is dropped");
    assert!(err.is_request() || err.is_connect() || err.is_body(), "{err:?}");
    assert_eq!(post_json(&server, "/image/edit", &body()).await.status(), 200, "the next call is fine");
}

#[tokio::test]
async fn truncated_bodies_and_non_images_are_what_they_say() {
    let server = start(MockConfig::default()).await;
    server.script([Fault::TruncatedBody, Fault::NotAnImage, Fault::HtmlBadGateway]);
    let r = post_json(&server, "/image/edit", &body()).await;
    assert_eq!(r.status(), 200);
    let declared: usize = r.headers()["content-length"].to_str().unwrap().parse().unwrap();
    assert!(declared > 0);
    assert!(r.bytes().await.is_err(), "the body ends early");

    let r = post_json(&server, "/image/edit", &body()).await;
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "image/png"));
    assert!(image::load_from_memory(&r.bytes().await.unwrap()).is_err());

    let r = post_json(&server, "/image/edit", &body()).await;
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (502, "text/html"));
    assert!(r.text().await.unwrap().contains("502 Bad Gateway"));
}

#[tokio::test]
async fn random_faults_follow_the_seed() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let config = MockConfig::default().random_faults(Some(RandomFaults::server_errors(0.5, seed)));
        let server = start(config).await;
        let mut out = Vec::new();
        for _ in 0..12 {
            out.push(http().get(url(&server, "/models")).send().await.unwrap().status().as_u16());
        }
        out
    }
    let a = statuses(7).await;
    assert_eq!(a, statuses(7).await);
    assert!(a.contains(&200) && a.iter().any(|s| *s != 200), "{a:?}");
}

#[test]
fn the_binary_serves_and_stops() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_venice-mock"))
        .args(["--port", "0", "--key", "k1", "--rate-limit", "off"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();
    assert!(base.ends_with("/api/v1"), "{line}");
    assert!(!line.contains("k1"), "the key is not printed");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        let form = edit_form(fixtures::jpeg(400, 300), "image/jpeg", "x");
        http()
            .post(format!("{base}/image/edit"))
            .bearer_auth("k1")
            .multipart(form)
            .send()
            .await
            .unwrap()
            .status()
    });
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(status, 200);
}

#[test]
fn the_binary_refuses_bad_settings() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_venice-mock")).args(["--rate-limit", "lots"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not N/DURATION"));
}
