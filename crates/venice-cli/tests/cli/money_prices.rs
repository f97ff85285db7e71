//! Issue 29, point 5: background removal is priced from the catalogue
//! (`bria-bg-remover` among the image models, `GET /models?type=image`), so
//! `--max-cost`, dry runs, pipelines and the MCP server's spending guard
//! take it; where the price really is unknown, the step is named and the
//! estimate says "at least".

use serde_json::json;
use venice_mock::{FaultScope, MockConfig, fixtures};

use crate::common::*;
use crate::mcp::{drive, is_error, text};

/// The emulator's price of one removal (its configuration, listed in its catalogue).
const REMOVAL: f64 = 0.05;

fn photos(dir: &std::path::Path) {
    for name in ["a.jpg", "b.jpg"] {
        write(dir, name, &fixtures::jpeg(400, 300));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_bg_is_priced_and_runs_under_max_cost() {
    let server = mock(MockConfig::default().background_remove_usd(REMOVAL)).await;
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path());
    let out =
        venice(&server, dir.path(), &["--dry-run", "remove-bg", "a.jpg", "b.jpg", "--out-dir", "o"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("estimated total: $0.1000 for 2 request(s)"), "{}", stdout(&out));
    assert_eq!(edits(&server), 0);

    let out = venice(
        &server,
        dir.path(),
        &["remove-bg", "a.jpg", "b.jpg", "--out-dir", "o", "--max-cost", "0.09"],
        None,
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("$0.1000 is above --max-cost"), "{}", stderr(&out));
    assert_eq!(edits(&server), 0, "refused before sending");

    let out = venice(
        &server,
        dir.path(),
        &["remove-bg", "a.jpg", "b.jpg", "--out-dir", "o", "--max-cost", "1"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("estimated cost $0.1000"), "{}", stderr(&out));
    assert_eq!(edits(&server), 2);
    let listed = server
        .requests()
        .iter()
        .any(|r| r.path.ends_with("/models") && r.query.as_deref() == Some("type=image"));
    assert!(listed, "the price came from the image models' listing");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pipeline_that_removes_the_background_is_priced_and_capped() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path());
    let steps = [
        "pipeline",
        "--step",
        "remove-bg",
        "--step",
        "upscale --scale 2",
        "a.jpg",
        "b.jpg",
        "--out-dir",
        "o",
    ];
    let mut dry = vec!["--dry-run"];
    dry.extend(steps);
    let out = venice(&server, dir.path(), &dry, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1. remove-bg: $0.0300"), "{}", stdout(&out));
    assert!(stdout(&out).contains("estimated total: $0.1000 for 2 input(s)"), "{}", stdout(&out));
    let mut capped = steps.to_vec();
    capped.extend(["--max-cost", "1"]);
    let out = venice(&server, dir.path(), &capped, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(edits(&server), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unpriced_step_is_named_and_the_estimate_says_at_least() {
    let server = mock(MockConfig::default()).await;
    // The image models' listing (the first one asked for) fails: no price.
    server.script_for(FaultScope::Models, [status(500, None)]);
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path());
    let args = [
        "--max-retries",
        "0",
        "--dry-run",
        "pipeline",
        "--step",
        "remove-bg",
        "--step",
        "upscale --scale 2",
        "a.jpg",
        "--out-dir",
        "o",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("estimated total: at least $0.0200 plus step 1 (remove-bg) (unpriced)"), "{text}");

    server.script_for(FaultScope::Models, [status(500, None)]);
    let args = [
        "--max-retries",
        "0",
        "pipeline",
        "--step",
        "remove-bg",
        "--step",
        "upscale --scale 2",
        "a.jpg",
        "--out-dir",
        "o",
        "--max-cost",
        "1",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("step 1 (remove-bg) has no price"), "{}", stderr(&out));
    assert_eq!(edits(&server), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mcp_spending_guard_prices_remove_background() {
    let server = mock(MockConfig::default().background_remove_usd(REMOVAL)).await;
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path());
    let calls = json!([
        {"name": "estimate_cost", "arguments": {"tool": "remove_background", "arguments": {"image": "a.jpg"}}},
        {"name": "remove_background", "arguments": {"image": "a.jpg"}},
    ]);
    let Some(out) = drive(&server, dir.path(), &["--max-cost-per-call", "0.06"], calls) else { return };
    let r = out["results"].as_array().unwrap();
    assert!(!is_error(&r[0]), "{}", r[0]);
    assert_eq!(r[0]["structuredContent"]["estimated_cost_usd"], json!(REMOVAL));
    assert_eq!(r[0]["structuredContent"]["allowed"], true);
    assert!(!is_error(&r[1]), "{}", text(&r[1]));
    assert_eq!(edits(&server), 1);

    let calls = json!([{"name": "remove_background", "arguments": {"image": "b.jpg"}}]);
    let out = drive(&server, dir.path(), &["--max-cost-per-call", "0.04"], calls).unwrap();
    let r = &out["results"][0];
    assert!(is_error(r) && text(r).contains("above --max-cost-per-call"), "{r}");
    assert_eq!(edits(&server), 1, "refused before sending");
}
