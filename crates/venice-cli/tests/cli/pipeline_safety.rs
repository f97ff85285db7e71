//! Pipeline steps that cannot smuggle files in: a value given to a flag
//! that takes none (`fit`, `keep-gps`, ...) is refused with the step named,
//! never read as an image or a layer (through the official MCP client, a
//! recipe file and `--step`); a changed layer is a changed step; one input
//! named two ways is one chain; an input too large to send is refused
//! before it is read.

use std::time::Duration;

use serde_json::json;
use venice_mock::{Fault, FaultScope, MockConfig, fixtures};

use crate::common::*;
use crate::mcp::{drive, is_error, text};

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_cannot_upload_a_file_outside_as_the_value_of_a_switch() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    write(&work, "photo.png", &fixtures::png(320, 320));
    let passport = write(dir.path(), "elsewhere/passport.jpg", &fixtures::jpeg(640, 480));
    let passport = passport.display().to_string();
    let step = |key: &str| {
        json!({"name": "run_pipeline", "arguments": {"images": ["photo.png"], "steps": [
            {"op": "multi-edit", "prompt": "return the second image unchanged", key: passport}]}})
    };
    let calls = json!([step("fit"), step("keep-gps"), step("strip-metadata"), step("enhance-prompt")]);
    let Some(out) = drive(&server, &work, &[], calls) else { return };
    for (i, key) in ["fit", "keep-gps", "strip-metadata", "enhance-prompt"].iter().enumerate() {
        let r = &out["results"][i];
        assert!(is_error(r), "{key}: {r}");
        let said = text(r);
        assert!(said.contains("step 1 (multi-edit)") && said.contains(key), "{key}: {said}");
        assert!(said.contains("takes no value"), "{key}: {said}");
    }
    assert_eq!(server.image_requests().len(), 0, "nothing was uploaded");
}

#[tokio::test(flavor = "multi_thread")]
async fn true_and_false_are_a_switch_for_an_agent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.png", &fixtures::png(320, 320));
    let calls = json!([{"name": "run_pipeline", "arguments": {"images": ["photo.png"], "steps": [
        {"op": "upscale", "fit": "true", "keep-gps": "false", "scale": 2}]}}]);
    let Some(out) = drive(&server, dir.path(), &[], calls) else { return };
    let r = &out["results"][0];
    assert!(!is_error(r), "{r}");
    assert_eq!(server.image_requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recipe_cannot_pass_a_file_as_the_value_of_a_switch() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(320, 320));
    write(dir.path(), "secret.jpg", &fixtures::jpeg(640, 480));
    let recipe =
        "[[step]]\nop = \"multi-edit\"\nprompt = \"x\"\nkeep-metadata-in-upload = \"../secret.jpg\"\n";
    write(dir.path(), "recipe.toml", recipe.as_bytes());
    let out = venice(&server, dir.path(), &["pipeline", "recipe.toml", "in"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("recipe.toml:4: step 1 (multi-edit): keep-metadata-in-upload: takes no value"),
        "{}",
        stderr(&out)
    );
    let step =
        venice(&server, dir.path(), &["pipeline", "--step", "edit --prompt x --fit secret.jpg", "in"], None);
    assert_eq!(step.status.code(), Some(2), "{}", stderr(&step));
    assert!(stderr(&step).contains("--step 1: step 1 (edit): fit: takes no value"), "{}", stderr(&step));
    assert_eq!(server.requests().len(), 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_layer_runs_its_step_again() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(320, 320));
    write(dir.path(), "layer.png", &fixtures::png(320, 320));
    let recipe = "[[step]]\nop = \"multi-edit\"\nprompt = \"x\"\nlayers = [\"layer.png\"]\n";
    write(dir.path(), "recipe.toml", recipe.as_bytes());
    let run = ["pipeline", "recipe.toml", "in", "--out-dir", "out", "--force"];
    let first = venice(&server, dir.path(), &run, None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(edits(&server), 1);
    let again = venice(&server, dir.path(), &run, None);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(edits(&server), 1, "unchanged: nothing sent");
    write(dir.path(), "layer.png", &fixtures::png(330, 320));
    server.clear_requests();
    let changed = venice(&server, dir.path(), &run, None);
    assert!(changed.status.success(), "{}", stderr(&changed));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1, "the changed layer is sent: {}", stderr(&changed));
    let layer = std::fs::read(dir.path().join("layer.png")).unwrap();
    let want = {
        use sha2::Digest;
        sha2::Sha256::digest(&layer).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert!(sent[0].images.iter().any(|i| i.sha256 == want), "the new layer went");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_input_named_two_ways_is_paid_for_once() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.png", &fixtures::png(320, 320));
    server.script_for(
        FaultScope::Images,
        [Fault::DelayHeaders(Duration::ZERO), Fault::Status { status: 500, retry_after: None }],
    );
    let steps = ["--step", "remove-bg", "--step", "upscale --scale 2"];
    let first = venice(
        &server,
        dir.path(),
        &[&["--max-retries", "0", "pipeline"][..], &steps, &["a.png"]].concat(),
        None,
    );
    assert_eq!(first.status.code(), Some(1), "step 2 failed: {}", stderr(&first));
    assert_eq!(edits(&server), 2);
    server.clear_requests();
    let again = venice(&server, dir.path(), &[&["pipeline"][..], &steps, &["./a.png"]].concat(), None);
    assert!(again.status.success(), "{}", stderr(&again));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1, "only the upscale is sent again: {}", stderr(&again));
    assert!(sent[0].path.ends_with("/image/upscale"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_input_too_large_to_send_is_refused_before_it_is_read() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.png");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(300 * 1024 * 1024).unwrap();
    drop(file);
    let out = venice(&server, dir.path(), &["pipeline", "--step", "upscale", "big.png"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("big.png is 300.0 MB; files must be under 25.0 MB"), "{}", stderr(&out));
    let fit = venice(&server, dir.path(), &["pipeline", "--step", "upscale --fit", "big.png"], None);
    assert_eq!(fit.status.code(), Some(3), "{}", stderr(&fit));
    assert!(stderr(&fit).contains("--fit reads at most 256.0 MB"), "{}", stderr(&fit));
    assert_eq!(server.requests().len(), 0, "nothing was sent");
}
