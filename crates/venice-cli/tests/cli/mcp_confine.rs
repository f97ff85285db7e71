//! `venice mcp` against an agent that was lied to, through the official
//! client: reads and writes only inside the allowed folders (the working
//! folder, `--allow-dir`, the client's roots), inputs that are regular
//! files, one call per output name at a time, writing tools marked
//! destructive, and a spending guard that counts what may have been charged.

use std::path::Path;

use serde_json::json;
use venice_mock::{Fault, FaultScope, MockConfig, fixtures};

use crate::common::*;
use crate::mcp::{drive, drive_with_roots, is_error, text};

#[tokio::test(flavor = "multi_thread")]
async fn the_server_reads_and_writes_only_inside_its_folders() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    write(&work, "photo.jpg", &fixtures::jpeg(640, 480));
    write(dir.path(), "outside/secret.jpg", &fixtures::jpeg(640, 480));
    let victim = write(dir.path(), "victim.txt", b"keep me");
    #[cfg(unix)]
    assert!(std::process::Command::new("mkfifo").arg(work.join("pipe.png")).status().unwrap().success());
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "../outside/secret.jpg", "prompt": "x", "preview": true}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x", "output": "../victim.txt",
            "overwrite": true}},
        {"name": "edit_image", "arguments": {"image": "/dev/stdin", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "pipe.png", "prompt": "x"}},
        {"name": "estimate_cost", "arguments": {"tool": "edit_image",
            "arguments": {"image": "../outside/secret.jpg", "prompt": "x"}}},
        {"name": "estimate_cost", "arguments": {"tool": "edit_image",
            "arguments": {"image": "../outside/missing.jpg", "prompt": "x"}}},
        {"name": "remove_background", "arguments": {"image": "photo.jpg"}},
    ]);
    let Some(out) = drive(&server, &work, &[], calls) else { return };
    let r = out["results"].as_array().unwrap();
    for (i, what) in [(0, "outside the folders"), (1, "outside the folders"), (2, "outside the folders")] {
        assert!(is_error(&r[i]) && text(&r[i]).contains(what), "{i}: {}", r[i]);
        assert_eq!(r[i]["structuredContent"]["kind"], "outside_allowed_folders", "{i}");
    }
    assert!(
        text(&r[0]).contains(&std::fs::canonicalize(&work).unwrap().display().to_string()),
        "names the folder"
    );
    #[cfg(unix)]
    assert!(is_error(&r[3]) && text(&r[3]).contains("not a regular file"), "{}", r[3]);
    assert!(is_error(&r[4]) && is_error(&r[5]));
    assert_eq!(
        text(&r[4]).replace("secret.jpg", "X"),
        text(&r[5]).replace("missing.jpg", "X"),
        "an estimate does not tell whether a file outside exists"
    );
    assert!(!is_error(&r[6]), "the session still answers: {}", r[6]);
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me", "nothing outside changed");
    assert_eq!(edits(&server), 1, "only the call inside was sent");

    let tools = out["tools"].as_array().unwrap();
    let hint = |name: &str| {
        tools.iter().find(|t| t["name"] == name).map(|t| t["annotations"]["destructiveHint"].clone())
    };
    assert_eq!(hint("edit_image"), Some(json!(true)), "writing tools ask first");
    assert_eq!(hint("upscale_image"), Some(json!(true)));
    assert_eq!(hint("list_models"), Some(json!(false)));
}

#[tokio::test(flavor = "multi_thread")]
async fn two_calls_at_once_to_one_output_leave_one_result() {
    let server = mock(MockConfig::default().latency(std::time::Duration::from_millis(800))).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(640, 480));
    let call = |prompt: &str| json!({"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": prompt, "output": "same.png"}});
    let calls = json!([{"parallel": [call("first"), call("second")]}]);
    let Some(out) = drive(&server, dir.path(), &[], calls) else { return };
    let pair = out["results"][0].as_array().unwrap();
    let failed: Vec<_> = pair.iter().filter(|r| is_error(r)).collect();
    assert_eq!(failed.len(), 1, "one success and one tool error: {pair:?}");
    assert!(text(failed[0]).contains("being written by another call"), "{}", failed[0]);
    assert_eq!(edits(&server), 1, "the second was refused before paying");
    assert!(image::open(dir.path().join("same.png")).is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clients_roots_and_allow_dir_are_the_allowed_folders() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    write(&work, "a.jpg", &fixtures::jpeg(640, 480));
    let shared = dir.path().join("shared");
    write(&shared, "b.jpg", &fixtures::jpeg(640, 480));
    let b = shared.join("b.jpg");
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "a.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": b, "prompt": "x"}},
    ]);
    let Some(out) = drive_with_roots(&server, &work, &[], calls.clone(), Some(&[shared.as_path()])) else {
        return;
    };
    let r = out["results"].as_array().unwrap();
    assert!(
        is_error(&r[0]) && text(&r[0]).contains("outside"),
        "the roots replace the working folder: {}",
        r[0]
    );
    assert!(!is_error(&r[1]), "{}", r[1]);
    assert!(shared.join("b.edited.png").is_file());

    // Without roots, --allow-dir names the folders.
    std::fs::remove_file(shared.join("b.edited.png")).unwrap();
    let args = ["--allow-dir", shared.to_str().unwrap()];
    let Some(out) = drive(&server, &work, &args, calls) else { return };
    let r = out["results"].as_array().unwrap();
    assert!(is_error(&r[0]) && !is_error(&r[1]), "{r:?}");
    assert!(Path::new(&shared.join("b.edited.png")).is_file());
}

/// A call retried after a 500 may be charged twice: the total counts both
/// attempts, so the next call is refused where counting one would let it
/// through; `enhance_prompt`, charged at no listed price, is refused.
#[tokio::test(flavor = "multi_thread")]
async fn the_spending_guard_counts_what_may_have_been_charged() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.jpg", "b.jpg"] {
        write(dir.path(), name, &fixtures::jpeg(640, 480));
    }
    let estimate = json!([{"name": "estimate_cost", "arguments": {"tool": "edit_image",
        "arguments": {"image": "a.jpg", "prompt": "x"}}}]);
    let Some(out) = drive(&server, dir.path(), &[], estimate) else { return };
    let usd = out["results"][0]["structuredContent"]["estimated_cost_usd"].as_f64().unwrap();
    server.script_for(FaultScope::Images, [Fault::Status { status: 500, retry_after: None }]);
    let total = format!("{:.6}", usd * 2.5);
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "a.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "b.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "b.jpg", "prompt": "x", "enhance_prompt": true,
            "output": "c.png"}},
    ]);
    let Some(out) = drive(&server, dir.path(), &["--max-cost-total", &total], calls) else { return };
    let r = out["results"].as_array().unwrap();
    assert!(!is_error(&r[0]), "{}", r[0]);
    assert_eq!(r[0]["structuredContent"]["attempts"], 2);
    let spent = r[0]["structuredContent"]["spent_usd_this_session"].as_f64().unwrap();
    assert!((spent - 2.0 * usd).abs() < 1e-9, "both attempts count: {spent} for {usd} each");
    assert!(is_error(&r[1]) && text(&r[1]).contains("--max-cost-total"), "{}", r[1]);
    assert!(is_error(&r[2]) && text(&r[2]).contains("enhance_prompt is charged extra"), "{}", r[2]);
    assert_eq!(edits(&server), 2, "the 500 and its retry; nothing after");
}
