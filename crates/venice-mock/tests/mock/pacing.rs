//! What batch pacing tests rely on, over real HTTP: the rate-limit headers
//! on every image answer, in both forms of reset, and a fault that never
//! answers.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::*;
use serde_json::json;
use venice_mock::{Fault, FaultScope, Lockout, MockConfig, RateLimit, ResetForm, fixtures};

fn edit_body() -> serde_json::Value {
    json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x"})
}

fn limit(requests: u32) -> Option<RateLimit> {
    Some(RateLimit { requests, window: Duration::from_secs(60) })
}

/// `(limit, remaining, reset)` from an answer's headers, all required.
fn window(r: &reqwest::Response) -> (u64, u64, u64) {
    let h = |name: &str| -> u64 {
        let v = r.headers().get(name).unwrap_or_else(|| panic!("{} has no {name}", r.status()));
        v.to_str().unwrap().parse().unwrap()
    };
    (h("x-ratelimit-limit-requests"), h("x-ratelimit-remaining-requests"), h("x-ratelimit-reset-requests"))
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[tokio::test]
async fn every_image_answer_carries_the_window_with_the_reset_in_seconds() {
    let server = start(MockConfig::default().rate_limit(limit(3))).await;
    let ok = post_json(&server, "/image/edit", &edit_body()).await;
    assert_eq!(ok.status(), 200);
    let (l, remaining, reset) = window(&ok);
    assert_eq!((l, remaining), (3, 2));
    assert!((1..=60).contains(&reset), "seconds left in the window, not a timestamp: {reset}");

    let refused = post_json(&server, "/image/edit", &json!({"prompt": "x"})).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(window(&refused).1, 1, "a refused request used a slot too");

    let form = reqwest::multipart::Form::new()
        .part("image", file_part(fixtures::png(300, 300), "image/png", "p.png"));
    let r = post_form(&server, "/image/background-remove", form).await;
    assert_eq!((r.status().as_u16(), window(&r).1), (200, 0));

    let limited = post_json(&server, "/image/edit", &edit_body()).await;
    assert_eq!(limited.status(), 429);
    let (_, remaining, reset) = window(&limited);
    assert_eq!(remaining, 0);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert_eq!(reset, retry_after, "the window frees a slot when it resets");

    let models = http().get(url(&server, "/models")).send().await.unwrap();
    assert!(models.headers().get("x-ratelimit-remaining-requests").is_none(), "the catalogue is not limited");
}

#[tokio::test]
async fn the_reset_can_be_sent_as_a_unix_timestamp() {
    let config = MockConfig::default().rate_limit(limit(1)).rate_reset(ResetForm::UnixTimestamp);
    let server = start(config).await;
    let before = unix_now();
    let ok = post_json(&server, "/image/edit", &edit_body()).await;
    let (_, remaining, reset) = window(&ok);
    assert_eq!(remaining, 0);
    assert!(reset > before && reset <= unix_now() + 61, "a unix time within the window: {reset}");
    let limited = post_json(&server, "/image/edit", &edit_body()).await;
    assert_eq!(limited.status(), 429);
    // The same window ends at the same time (to within the rounding to seconds).
    assert!(window(&limited).2.abs_diff(reset) <= 1);
}

#[tokio::test]
async fn lockouts_and_injected_statuses_show_the_window_without_using_a_slot() {
    let rule = Lockout { failures: 0, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
    let server = start(MockConfig::default().rate_limit(limit(5)).lockout(Some(rule))).await;
    server.script_for(FaultScope::Images, [Fault::Status { status: 429, retry_after: None }]);
    let faulted = post_json(&server, "/image/edit", &edit_body()).await;
    assert_eq!(faulted.status(), 429);
    assert_eq!(window(&faulted).1, 5, "an injected answer uses no slot");

    let bad = post_json(&server, "/image/edit", &json!({"prompt": "x", "nope": 1})).await;
    assert_eq!((bad.status().as_u16(), window(&bad).1), (400, 4));
    let locked = post_json(&server, "/image/edit", &edit_body()).await;
    assert_eq!(locked.status(), 429, "one failure locks the key with this rule");
    assert_eq!(window(&locked).1, 4);

    let anonymous = http().post(url(&server, "/image/edit")).json(&edit_body()).send().await.unwrap();
    assert_eq!(anonymous.status(), 402, "x402's answer to no credentials");
    assert!(anonymous.headers().get("x-ratelimit-limit-requests").is_none(), "no key, no window");
}

#[tokio::test]
async fn a_hang_never_answers_and_the_client_times_out() {
    let server = start(MockConfig::default()).await;
    server.script_for(FaultScope::Models, [Fault::Hang]);
    let impatient = reqwest::Client::builder().timeout(Duration::from_secs(1)).build().unwrap();
    let err = impatient.get(url(&server, "/models")).send().await.expect_err("no answer comes");
    assert!(err.is_timeout(), "{err:?}");
    let hung = &server.requests()[0];
    assert_eq!((hung.path.as_str(), hung.status, hung.fault.as_deref()), ("/api/v1/models", 0, Some("hang")));
    // The emulator goes on serving.
    assert_eq!(impatient.get(url(&server, "/models")).send().await.unwrap().status(), 200);

    server.script_for(FaultScope::Images, [Fault::Hang]);
    let form = edit_form(fixtures::png(300, 300), "image/png", "x");
    let err = impatient
        .post(url(&server, "/image/edit"))
        .bearer_auth(KEY)
        .multipart(form)
        .send()
        .await
        .expect_err("no answer comes");
    assert!(err.is_timeout(), "{err:?}");
    let hung = server.image_requests();
    assert_eq!(hung.len(), 1);
    assert_eq!(hung[0].status, 0);
    assert!(hung[0].body_bytes > 0, "the upload was read before the hang");
}

#[test]
fn the_binary_sends_the_reset_in_the_asked_form() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_venice-mock"))
        .args(["--port", "0", "--rate-limit", "5/60s", "--rate-reset", "timestamp"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let reset = rt.block_on(async {
        let r = http().post(format!("{base}/image/edit")).bearer_auth(KEY).json(&edit_body()).send().await;
        r.map(|r| window(&r).2)
    });
    child.kill().unwrap();
    let _ = child.wait();
    let reset = reset.unwrap();
    assert!(reset > unix_now() && reset <= unix_now() + 61, "{reset}");

    let out =
        Command::new(env!("CARGO_BIN_EXE_venice-mock")).args(["--rate-reset", "later"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a reset form"));
}
