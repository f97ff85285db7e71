//! `venice upscale` through the real binary, the pipe from `edit`, and the
//! rest of the edit surface: the enhanced prompt, `--no-thinking` on the
//! wire, multi-edit of one image, the advice in error answers, upscale prices.

use serde_json::Value;
use venice_mock::{FaultScope, MockConfig, fixtures};

use crate::common::*;

fn json_lines(out: &std::process::Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn upscale_writes_photo_upscaled_png_at_the_asked_scale() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    let out =
        venice(&server, dir.path(), &["upscale", "photo.jpg", "--scale", "4", "--creativity", "0.005"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("photo.jpg -> photo.upscaled.png"), "{}", stderr(&out));
    let img = image_at(&dir.path().join("photo.upscaled.png"));
    assert_eq!((img.width(), img.height()), (1600, 1200));
    let sent = &server.image_requests()[0];
    assert_eq!(sent.path, "/api/v1/image/upscale");
    assert_eq!(
        (sent.fields["scale"].as_str(), sent.fields["creativity"].as_str()),
        (Some("4"), Some("0.005"))
    );

    // JSON encoding, "2x" spelling.
    let out = venice(
        &server,
        dir.path(),
        &["upscale", "photo.jpg", "--scale", "2x", "--encoding", "json", "-o", "double.png"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(image_at(&dir.path().join("double.png")).width(), 800);
    assert_eq!(server.image_requests()[1].content_type.as_deref(), Some("application/json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dry_run_prices_4x_and_shows_a_lowered_scale_for_a_large_input() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small.png", &fixtures::png(300, 300));
    write(dir.path(), "large.png", &fixtures::png(1100, 1000));
    let out = venice(&server, dir.path(), &["upscale", "small.png", "--scale", "4", "--dry-run"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("POST ") && text.contains("/image/upscale"), "{text}");
    assert!(text.contains("scale: 4x, output 1200x1200"), "{text}");
    assert!(text.contains("estimated total: $0.0800"), "{text}");

    let out =
        venice(&server, dir.path(), &["upscale", "large.png", "--scale", "4", "--dry-run", "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = &json_lines(&out)[0];
    assert_eq!(line["plan"]["effective_scale"], 2);
    assert_eq!(line["plan"]["asked_scale"], 4);
    assert_eq!(line["plan"]["output_dimensions"], serde_json::json!([2200, 2000]));
    assert!(line["plan"]["note"].as_str().unwrap().contains("lowered to 2x"));
    assert_eq!(line["plan"]["estimated_cost"]["usd"], 0.02);
    assert!(server.image_requests().is_empty(), "a dry run sends nothing");

    let out = venice(&server, dir.path(), &["upscale", "large.png", "--scale", "4"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let img = image_at(&dir.path().join("large.upscaled.png"));
    assert_eq!((img.width(), img.height()), (2200, 2000), "really 2x");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_values_are_refused_before_any_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.png", &fixtures::png(300, 300));
    write(dir.path(), "huge.png", &fixtures::png(2100, 2100));
    let out = venice(&server, dir.path(), &["upscale", "photo.png", "--creativity", "0.5"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("creativity: 0.5 is outside 0 to 0.02"), "{}", stderr(&out));
    let out = venice(&server, dir.path(), &["upscale", "photo.png", "--scale", "3"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = venice(&server, dir.path(), &["upscale", "huge.png"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("over the 16,777,216 an upscale may give"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--fit"), "{}", stderr(&out));
    assert!(server.image_requests().is_empty());

    let out = venice(&server, dir.path(), &["upscale", "huge.png", "--fit", "-o", "fitted.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("fitted from 2100x2100"), "{}", stderr(&out));
    let img = image_at(&dir.path().join("fitted.png"));
    assert!(u64::from(img.width()) * u64::from(img.height()) <= 16_777_216);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_batch_reports_skips_what_exists_and_retries_a_503() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    write(dir.path(), "in/b.jpg", &fixtures::jpeg(320, 240));
    server.script_for(FaultScope::Images, [status(503, None)]);
    let out = venice(
        &server,
        dir.path(),
        &["upscale", "in", "--out-dir", "out", "--jobs", "2", "--report", "r.jsonl", "--max-cost", "0.05"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("estimated cost $0.0400"), "{}", stderr(&out));
    assert_eq!(image_at(&dir.path().join("out/b.upscaled.png")).width(), 640);
    assert_eq!(server.image_requests().len(), 3, "one 503 retried");
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    assert_eq!(report.lines().filter(|l| l.contains("\"ok\"")).count(), 2, "{report}");

    let again = venice(&server, dir.path(), &["upscale", "in", "--out-dir", "out"], None);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(server.image_requests().len(), 3, "existing outputs are skipped");
    let pricey = venice(
        &server,
        dir.path(),
        &["upscale", "in", "--out-dir", "o2", "--scale", "4", "--max-cost", "0.1"],
        None,
    );
    assert_eq!(pricey.status.code(), Some(3), "{}", stderr(&pricey));
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_pipes_into_upscale() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.jpg", &fixtures::jpeg(640, 480));
    let edited = venice(&server, dir.path(), &["edit", "a.jpg", "-p", "make it dusk", "-o", "-"], None);
    assert_eq!(edited.status.code(), Some(0), "{}", stderr(&edited));
    let first = image::load_from_memory(&edited.stdout).expect("edit wrote an image to stdout");
    let out = venice(&server, dir.path(), &["upscale", "-", "-o", "big.png"], Some(edited.stdout.clone()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let big = image_at(&dir.path().join("big.png"));
    assert_eq!((big.width(), big.height()), (first.width() * 2, first.height() * 2));
    let sent = server.image_requests();
    assert_eq!(sent[1].path, "/api/v1/image/upscale");
    // The edit's pixels; its provenance (XMP) stays on this machine, and
    // the upscale records both steps.
    assert!(sent[1].images[0].byte_len < edited.stdout.len() as u64);
    assert!(!sent[1].images[0].has_xmp);
    let steps = venice_image::metadata::inspect(&std::fs::read(dir.path().join("big.png")).unwrap().into())
        .map(|p| p.steps.into_iter().map(|s| s.operation).collect::<Vec<_>>());
    assert_eq!(steps, Some(vec!["edit".to_owned(), "upscale".to_owned()]));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_enhanced_prompt_is_shown_with_verbose_and_in_json() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "a.png", "-p", "a café", "--enhance-prompt", "-v"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("enhanced prompt: a café, "), "{}", stderr(&out));
    let out = venice(
        &server,
        dir.path(),
        &["edit", "a.png", "-p", "a café", "--enhance-prompt", "--json", "--force"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json_lines(&out)[0]["enhanced_prompt"].as_str().unwrap().starts_with("a café, "));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_thinking_reaches_the_wire() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "a.png", "-p", "x", "--no-thinking"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.image_requests()[0].fields["disable_prompt_optimization_thinking"], "true");
}

#[tokio::test(flavor = "multi_thread")]
async fn multi_edit_takes_a_single_image() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.png", &fixtures::png(400, 300));
    let out = venice(&server, dir.path(), &["multi-edit", "base.png", "-p", "gold leaf"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    image_at(&dir.path().join("base.edited.png"));
    let sent = &server.image_requests()[0];
    assert_eq!(sent.path, "/api/v1/image/multi-edit");
    assert_eq!(sent.images.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_content_policy_refusal_shows_the_suggested_prompt() {
    let server = mock(MockConfig::default().blocked_word("kaboom")).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "a.png", "-p", "a big kaboom"], None);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("the service suggests the prompt \"a big\""), "{}", stderr(&out));
    let out = venice(&server, dir.path(), &["edit", "a.png", "-p", "a big kaboom", "--json"], None);
    let line = &json_lines(&out)[0];
    assert_eq!((line["status"].as_str(), line["suggested_prompt"].as_str()), (Some("failed"), Some("a big")));
}

#[tokio::test(flavor = "multi_thread")]
async fn models_lists_the_upscaler_prices() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let out = venice(&server, dir.path(), &["models", "--type", "upscale"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text.lines().find(|l| l.starts_with("upscaler")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("Upscaler") && line.contains("$0.020") && line.contains("$0.080"), "{line}");
    let out = venice(&server, dir.path(), &["models", "--type", "upscale", "--json"], None);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["prices"]["4x"]["usd"], 0.08);
}
