//! Answers are read as they arrive (issue 34): a stop the service asks for
//! is decided before the next job is admitted, even while the calls beside
//! it are finishing (writing outputs, carrying metadata). Each scenario is
//! run many times, since a late read shows only under some timings.

use std::path::Path;
use std::time::Duration;

use venice_mock::{Fault, FaultScope, MockConfig, MockServer, RetryAfter};

use crate::common::*;

/// How many times each scenario runs.
const RUNS: usize = 20;

/// Six inputs, each edited with `--jobs 2`: the report's lines.
fn six_inputs(dir: &Path) {
    for i in 0..6 {
        write(dir, &format!("in/{i}.jpg"), &venice_mock::photo::photo(1200, 900));
    }
}

fn report(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("r.jsonl")).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The first image request is answered at once with `first`; every other
/// takes 20 ms, as a real server takes to make an image.
fn first_at_once_then_slow(server: &MockServer, first: Fault) {
    let mut script = vec![first];
    script.extend((0..8).map(|_| Fault::DelayHeaders(Duration::from_millis(20))));
    server.script_for(FaultScope::Images, script);
}

/// Asserts every input is named in the report.
fn every_input_reported(dir: &Path, run: usize) {
    let lines = report(dir);
    for i in 0..6 {
        let named =
            lines.iter().any(|l| l["input"].as_str().is_some_and(|s| s.ends_with(&format!("{i}.jpg"))));
        assert!(named, "run {run}: input {i} is not in the report: {lines:?}");
    }
}

/// The emulator's image requests as (seq, status, arrived µs, answered µs).
fn timeline(server: &MockServer) -> Vec<(u64, u16, u64, u64)> {
    server.image_requests().iter().map(|r| (r.seq, r.status, r.arrived_us, r.answered_us)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_hour_long_429_lets_no_further_request_out_while_other_calls_finish() {
    for run in 0..RUNS {
        let server = mock(MockConfig::default()).await;
        let dir = tempfile::tempdir().unwrap();
        six_inputs(dir.path());
        first_at_once_then_slow(
            &server,
            Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(3600)) },
        );
        let args = [
            "--max-retries",
            "0",
            "edit",
            "in",
            "--out-dir",
            "o",
            "-p",
            "x",
            "--jobs",
            "2",
            "--report",
            "r.jsonl",
        ];
        let out = venice(&server, dir.path(), &args, None);
        let sent = timeline(&server);
        assert!(sent.len() <= 2, "run {run}: a request left after the 429 was answered: {sent:?}");
        assert_eq!(out.status.code(), Some(7), "run {run}: {}", stderr(&out));
        every_input_reported(dir.path(), run);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_402_to_a_wallet_lets_no_further_request_out_while_other_calls_finish() {
    use crate::wallet::{ADDRESS, paying};
    for run in 0..RUNS {
        let server = mock(MockConfig::default().wallet_balance(ADDRESS, 50.0)).await;
        let dir = tempfile::tempdir().unwrap();
        six_inputs(dir.path());
        first_at_once_then_slow(&server, Fault::Status { status: 402, retry_after: None });
        let args = ["edit", "in", "--out-dir", "o", "-p", "x", "--jobs", "2", "--report", "r.jsonl"];
        let out = paying(&server.base_url(), dir.path(), &args, &[]);
        let sent = timeline(&server);
        assert!(sent.len() <= 2, "run {run}: a request left after the 402 was answered: {sent:?}");
        assert_eq!(out.status.code(), Some(5), "run {run}: {}", stderr(&out));
        every_input_reported(dir.path(), run);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_call_is_admitted_once_the_tenth_refusal_is_on_the_wire() {
    for run in 0..RUNS {
        let server = mock(MockConfig::default().blocked_word("kaboom")).await;
        let dir = tempfile::tempdir().unwrap();
        for i in 0..16 {
            write(dir.path(), &format!("in/{i:02}.png"), &venice_mock::fixtures::png(300, 300));
        }
        // Every refusal takes 20 ms: two are always on the wire together.
        server
            .script_for(FaultScope::Images, (0..16).map(|_| Fault::DelayHeaders(Duration::from_millis(20))));
        let args = ["edit", "in", "--out-dir", "o", "-p", "kaboom", "--jobs", "2", "--report", "r.jsonl"];
        let out = venice(&server, dir.path(), &args, None);
        let sent = timeline(&server);
        assert_eq!(sent.len(), 10, "run {run}: the lock-out guard counts calls in flight: {sent:?}");
        assert_eq!(out.status.code(), Some(6), "run {run}: {}", stderr(&out));
        assert_eq!(report(dir.path()).len(), 16, "run {run}: every input reported");
    }
}

/// The time from a 429's arrival (the transport's `answered` debug line,
/// written when its status line is read) to its stop decision (the
/// engine's `stop decided`), read off `VENICE_LOG=debug` lines, over many
/// runs of the scenario above. A measurement, not a test: it asserts no
/// time (`cargo test -p venice-cli --test cli answer_to_stop -- --ignored
/// --nocapture`; BENCHMARKS.md has the figures).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement: run it by name"]
async fn answer_to_stop_latency() {
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(200);
    let mut gaps = Vec::new();
    for _ in 0..runs {
        let server = mock(MockConfig::default()).await;
        let dir = tempfile::tempdir().unwrap();
        six_inputs(dir.path());
        first_at_once_then_slow(
            &server,
            Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(3600)) },
        );
        let url = server.base_url();
        let args = [
            "--base-url",
            &url,
            "--max-retries",
            "0",
            "edit",
            "in",
            "--out-dir",
            "o",
            "-p",
            "x",
            "--jobs",
            "2",
        ];
        let out = bare(dir.path(), &args, &[("VENICE_API_KEY", KEY), ("VENICE_LOG", "debug")]);
        let text = stderr(&out);
        let at = |needle: &str| text.lines().find(|l| l.contains(needle)).and_then(millis);
        if let (Some(answered), Some(decided)) = (at("status=429"), at("stop decided")) {
            gaps.push(decided - answered);
        }
    }
    gaps.sort_by(f64::total_cmp);
    let pick = |q: f64| gaps[((gaps.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "answer to stop decision over {} runs: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        gaps.len(),
        pick(0.5),
        pick(0.9),
        pick(0.99),
        pick(1.0)
    );
}

/// The `[12.3 ms]` of a debug line.
fn millis(line: &str) -> Option<f64> {
    let start = line.find('[')? + 1;
    let end = line[start..].find(" ms]")? + start;
    line[start..end].parse().ok()
}
