//! `venice pipeline` through the real binary against the emulator: every
//! step of every input sent once, each carrying exactly the previous step's
//! answer; resumable per step (a failure, a rerun, a changed step); money
//! first (the dry run, `--max-cost`); a bad recipe named with its line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use venice_mock::{Fault, FaultScope, MockConfig, fixtures};

use crate::common::{edits, mock, stderr, stdout, venice, write};

const PRODUCT: &str = "[[step]]\nop = \"remove-bg\"\n\n[[step]]\nop = \"upscale\"\nscale = 2\n\n\
                       [[step]]\nop = \"edit\"\nprompt = \"place it on a warm studio backdrop\"\n";

/// Three inputs, each its own image.
const SIZES: [(&str, u32, u32); 3] = [("a", 300, 300), ("b", 320, 300), ("c", 300, 340)];

fn setup(recipe: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, w, h) in SIZES {
        write(dir.path(), &format!("in/{name}.png"), &fixtures::png(w, h));
    }
    write(dir.path(), "recipe.toml", recipe.as_bytes());
    dir
}

fn kept(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let state = dir.join("out/.venice-pipeline");
    for input in std::fs::read_dir(state).into_iter().flatten().flatten() {
        out.extend(std::fs::read_dir(input.path()).unwrap().flatten().map(|e| e.path()));
    }
    out
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const RUN: [&str; 6] = ["pipeline", "recipe.toml", "in", "--out-dir", "out", "--report"];

#[tokio::test(flavor = "multi_thread")]
async fn each_step_sends_exactly_the_previous_answer_and_a_rerun_sends_nothing() {
    let server = mock(MockConfig::default()).await;
    let dir = setup(PRODUCT);
    let out = venice(&server, dir.path(), &[&RUN[..], &["r.jsonl", "--gallery", "g.html"]].concat(), None);
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 9, "3 inputs x 3 steps");
    // Each step's upload is byte for byte a result kept from the step before.
    let results = kept(dir.path());
    let of_step = |prefix: &str| -> BTreeSet<String> {
        results
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
            .map(|p| sha(&std::fs::read(p).unwrap()))
            .collect()
    };
    let uploads = |path: &str| -> BTreeSet<String> {
        sent.iter().filter(|r| r.path.ends_with(path)).map(|r| r.images[0].sha256.clone()).collect()
    };
    assert_eq!(of_step("1-nobg-").len(), 3);
    assert_eq!(uploads("/image/upscale"), of_step("1-nobg-"), "upscale got the cut-outs as returned");
    assert_eq!(uploads("/image/edit"), of_step("2-upscaled-"), "the edit got the upscales as returned");
    let upscaled: BTreeSet<(u32, u32)> = results
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("2-upscaled-")))
        .map(|p| image::image_dimensions(p).unwrap())
        .collect();
    assert_eq!(
        upscaled,
        SIZES.iter().map(|(_, w, h)| (2 * w, 2 * h)).collect(),
        "cut out, then upscaled by 2"
    );
    for (name, _, _) in SIZES {
        let final_ = dir.path().join(format!("out/{name}.edited.png"));
        image::open(&final_).unwrap_or_else(|e| panic!("{}: {e}", final_.display()));
    }
    // The final output says how it was made: every step, in order.
    let inspect = venice(&server, dir.path(), &["inspect", "--json", "out/a.edited.png"], None);
    let made: serde_json::Value = serde_json::from_str(stdout(&inspect).trim()).unwrap();
    let ops: Vec<&str> = made["provenance"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["operation"].as_str())
        .collect();
    assert_eq!(ops, ["remove-bg", "upscale", "edit"], "{made}");
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = report.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 9, "a line per step per input");
    assert!(lines.iter().all(|l| l["status"] == "ok" && l["step"].is_u64()), "{lines:?}");
    let page = std::fs::read_to_string(dir.path().join("g.html")).unwrap();
    assert_eq!(page.matches("<img ").count(), 12, "original and three stages for each input: {page}");

    server.clear_requests();
    let again = venice(&server, dir.path(), &[&RUN[..], &["r2.jsonl"]].concat(), None);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(edits(&server), 0, "a finished pipeline sends nothing");
    // Its outputs and kept results are never taken for inputs.
    let walk = venice(&server, dir.path(), &["--dry-run", "pipeline", "recipe.toml", "out"], None);
    assert_eq!(walk.status.code(), Some(3), "no inputs there: {}", stderr(&walk));
    assert!(stderr(&walk).contains("a.edited.png: an output of this tool"), "{}", stderr(&walk));
    assert!(!stderr(&walk).contains(".venice-pipeline"), "kept results are passed over: {}", stderr(&walk));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_at_step_3_then_a_rerun_sends_exactly_that_step() {
    let server = mock(MockConfig::default()).await;
    let dir = setup(PRODUCT);
    let pass = Fault::DelayHeaders(Duration::ZERO);
    server.script_for(
        FaultScope::Images,
        [pass.clone(), pass, Fault::Status { status: 500, retry_after: None }],
    );
    let args = ["--max-retries", "0", "pipeline", "recipe.toml", "in", "--out-dir", "out", "--jobs", "1"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("in/a.png step 3"), "{}", stderr(&out));
    assert_eq!(edits(&server), 9, "the other inputs went on");
    assert!(!dir.path().join("out/a.edited.png").exists());
    server.clear_requests();
    let again = venice(&server, dir.path(), &args, None);
    assert!(again.status.success(), "{}", stderr(&again));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1, "only a's third step: {sent:?}");
    assert!(sent[0].path.ends_with("/image/edit"));
    assert!(dir.path().join("out/a.edited.png").is_file());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_step_runs_again_from_that_step() {
    let server = mock(MockConfig::default()).await;
    let dir = setup(PRODUCT);
    let run = |dir: &Path| venice(&server, dir, &["pipeline", "recipe.toml", "in", "--out-dir", "out"], None);
    assert!(run(dir.path()).status.success());
    server.clear_requests();
    write(dir.path(), "recipe.toml", PRODUCT.replace("warm studio", "cool studio").as_bytes());
    let out = run(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 3, "the third step of each input");
    assert!(sent.iter().all(|r| r.path.ends_with("/image/edit")));
    server.clear_requests();
    write(dir.path(), "recipe.toml", PRODUCT.replace("scale = 2", "scale = 4").as_bytes());
    assert!(run(dir.path()).status.success());
    let paths: Vec<String> = server.image_requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 6, "steps 2 and 3, not the cut-outs: {paths:?}");
    assert!(!paths.iter().any(|p| p.ends_with("/image/background-remove")));
}

#[tokio::test(flavor = "multi_thread")]
async fn money_first_the_dry_run_and_the_cap() {
    let server = mock(MockConfig::default()).await;
    let priced = "[[step]]\nop = \"upscale\"\n\n[[step]]\nop = \"edit\"\nprompt = \"night\"\n";
    let dir = setup(priced);
    let dry = venice(&server, dir.path(), &["--dry-run", "pipeline", "recipe.toml", "in"], None);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let text = stdout(&dry);
    assert_eq!(text.matches("1. upscale: $").count(), 3, "{text}");
    assert_eq!(text.matches("2. edit --prompt night: $").count(), 3, "{text}");
    assert!(text.contains("estimated total: $") && text.contains("nothing was sent"), "{text}");
    assert_eq!(edits(&server), 0);
    let capped = venice(&server, dir.path(), &["pipeline", "recipe.toml", "in", "--max-cost", "0.01"], None);
    assert_eq!(capped.status.code(), Some(3), "{}", stderr(&capped));
    assert!(stderr(&capped).contains("above --max-cost"), "{}", stderr(&capped));
    assert_eq!(edits(&server), 0, "refused before the first request");
    // The same chain from --step words.
    let steps = ["pipeline", "--step", "upscale", "--step", "edit --prompt night", "in", "--dry-run"];
    let flags = venice(&server, dir.path(), &steps, None);
    assert_eq!(stdout(&flags), text, "a recipe and --step are the same chain");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_recipe_exits_2_naming_the_file_line_and_step() {
    let server = mock(MockConfig::default()).await;
    let dir = setup("[[step]]\nop = \"remove-bg\"\n\n[[step]]\nop = \"upscale\"\nscael = 2\n");
    let out = venice(&server, dir.path(), &["pipeline", "recipe.toml", "in"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("recipe.toml:6: step 2 (upscale): scael"), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 0, "nothing was sent, not even the catalogue");
}

/// `venice mcp`'s `run_pipeline`, through the official client: the same
/// resumable chains, confined to the allowed folders and held to the
/// spending guard step by step.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_runs_a_pipeline_resumably_inside_its_folders() {
    use crate::mcp::{drive, is_error, text};
    use serde_json::json;
    let server = mock(MockConfig::default()).await;
    let dir = setup(PRODUCT);
    let run = json!({"name": "run_pipeline", "arguments": {
        "steps": [{"op": "remove-bg"}, {"op": "upscale", "scale": 2}],
        "images": ["in/a.png", "in/b.png"], "out_dir": "out"}});
    let outside = json!({"name": "run_pipeline", "arguments": {
        "steps": [{"op": "upscale"}], "images": ["../elsewhere.png"]}});
    let bad = json!({"name": "run_pipeline", "arguments": {"steps": [{"op": "upscale", "scael": 2}], "images": ["in/a.png"]}});
    let calls = json!([run.clone(), run, outside, bad]);
    let Some(out) = drive(&server, dir.path(), &[], calls) else { return };
    let r = out["results"].as_array().unwrap();
    assert!(!is_error(&r[0]), "{}", r[0]);
    assert!(text(&r[0]).contains("2 of 2 image(s) went through every step"), "{}", text(&r[0]));
    assert!(
        dir.path().join("out/a.upscaled.png").is_file() && dir.path().join("out/b.upscaled.png").is_file()
    );
    assert!(!is_error(&r[1]) && text(&r[1]).contains("done already"), "{}", r[1]);
    assert!(is_error(&r[2]) && text(&r[2]).contains("outside the folders"), "{}", r[2]);
    assert!(is_error(&r[3]) && text(&r[3]).contains("scael"), "{}", r[3]);
    assert_eq!(edits(&server), 4, "2 images x 2 steps, once");

    let capped = json!([{"name": "run_pipeline", "arguments": {
        "steps": [{"op": "upscale", "scale": 4}], "images": ["in/c.png"]}}]);
    let Some(out) = drive(&server, dir.path(), &["--max-cost-per-call", "0.001"], capped) else { return };
    let r = &out["results"][0];
    assert!(is_error(r) && text(r).contains("--max-cost-per-call"), "{r}");
    assert_eq!(edits(&server), 4, "refused before sending");
}
