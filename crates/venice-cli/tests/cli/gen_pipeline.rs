//! Pipelines that start with generation, through the real binary against
//! the emulator: a `generate` first step fed by `--prompts` (one chain per
//! prompt), later steps fed the generated picture, resumable per step,
//! priced as a whole; misplaced generation and missing prompts refused
//! before any request.

use std::path::Path;
use std::time::Duration;

use venice_mock::{Fault, FaultScope, MockConfig};

use crate::common::{mock, stderr, stdout, venice, write};

const RECIPE: &str =
    "[[step]]\nop = \"generate\"\nseed = 7\nformat = \"png\"\n\n[[step]]\nop = \"remove-bg\"\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "recipe.toml", RECIPE.as_bytes());
    write(dir.path(), "prompts.txt", b"a red fox\n\n# skipped\na lighthouse at dusk\n");
    dir
}

/// The final outputs (not the kept results).
fn finals(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn paths(server: &venice_mock::MockServer) -> Vec<String> {
    server.image_requests().into_iter().map(|r| r.path).collect()
}

const ARGS: [&str; 9] =
    ["pipeline", "recipe.toml", "--prompts", "prompts.txt", "--out-dir", "out", "--jobs", "1", "--max-cost"];

#[tokio::test(flavor = "multi_thread")]
async fn generate_then_remove_bg_over_two_prompts_sends_four_requests_and_writes_two_outputs() {
    let server = mock(MockConfig::default()).await;
    let dir = setup();
    let mut args = ARGS.to_vec();
    args.push("1");
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 4, "{:?}", paths(&server));
    let generated: Vec<_> = sent.iter().filter(|r| r.path.ends_with("/image/generate")).collect();
    assert_eq!(generated.len(), 2);
    let mut prompts: Vec<&str> = generated.iter().filter_map(|r| r.fields["prompt"].as_str()).collect();
    prompts.sort_unstable();
    assert_eq!(prompts, ["a lighthouse at dusk", "a red fox"]);
    assert!(generated.iter().all(|r| r.fields["seed"] == 7));
    assert_eq!(sent.iter().filter(|r| r.path.ends_with("/image/background-remove")).count(), 2);
    let written = finals(dir.path());
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(written.iter().any(|n| n.starts_with("a-red-fox-") && n.ends_with(".nobg.png")), "{written:?}");
    // The final output records both steps.
    let fox = written.iter().find(|n| n.starts_with("a-red-fox-")).unwrap();
    let inspect = venice(&server, dir.path(), &["inspect", &format!("out/{fox}")], None);
    let text = stdout(&inspect);
    assert!(text.contains("step 1: generate") && text.contains("a red fox"), "{text}");
    assert!(text.contains("step 2: remove-bg"), "{text}");
    // Done: a rerun sends nothing.
    server.clear_requests();
    let again = venice(&server, dir.path(), &args, None);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(server.image_requests().len(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_at_the_remove_bg_step_then_a_rerun_sends_only_that_request() {
    let server = mock(MockConfig::default()).await;
    let dir = setup();
    // The first generation passes; the first removal fails.
    let pass = Fault::DelayHeaders(Duration::ZERO);
    server.script_for(FaultScope::Images, [pass, Fault::Status { status: 500, retry_after: None }]);
    let mut args = vec!["--max-retries", "0"];
    args.extend(ARGS);
    args.push("1");
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"a red fox\" step 2"), "{}", stderr(&out));
    assert_eq!(server.image_requests().len(), 4, "the other prompt went on: {:?}", paths(&server));
    assert_eq!(finals(dir.path()).len(), 1);
    server.clear_requests();
    let again = venice(&server, dir.path(), &args, None);
    assert!(again.status.success(), "{}", stderr(&again));
    let sent = paths(&server);
    assert_eq!(sent.len(), 1, "only the fox's removal: {sent:?}");
    assert!(sent[0].ends_with("/image/background-remove"));
    assert_eq!(finals(dir.path()).len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dry_run_prices_every_step_and_the_cap_refuses_before_sending() {
    let server = mock(MockConfig::default()).await;
    let dir = setup();
    let out = venice(
        &server,
        dir.path(),
        &["--dry-run", "pipeline", "recipe.toml", "--prompts", "prompts.txt", "--out-dir", "out"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("# \"a red fox\" -> out/a-red-fox-"), "{text}");
    assert!(text.contains("1. generate") && text.contains("2. remove-bg"), "{text}");
    assert!(text.contains("for 2 input(s) to run; nothing was sent"), "{text}");
    let mut args = ARGS.to_vec();
    args.push("0.01");
    let capped = venice(&server, dir.path(), &args, None);
    assert_eq!(capped.status.code(), Some(3), "{}", stderr(&capped));
    assert!(stderr(&capped).contains("above --max-cost"), "{}", stderr(&capped));
    assert_eq!(server.image_requests().len(), 0);
    assert!(finals(dir.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn misplaced_generation_and_missing_prompts_are_refused_before_any_request() {
    let server = mock(MockConfig::default()).await;
    let dir = setup();
    write(dir.path(), "late.toml", b"[[step]]\nop = \"remove-bg\"\n\n[[step]]\nop = \"generate\"\n");
    write(dir.path(), "in/a.png", &venice_mock::fixtures::png(300, 300));
    let cases: [(&[&str], &str); 5] = [
        (
            &["pipeline", "late.toml", "in", "--out-dir", "out"],
            "step 2 (generate): generate can only be the first step",
        ),
        (&["pipeline", "--step", "remove-bg", "--step", "generate --seed 3", "in"], "step 2 (generate)"),
        (&["pipeline", "recipe.toml", "--out-dir", "out"], "give --prompts FILE"),
        (
            &["pipeline", "--step", "remove-bg", "--prompts", "prompts.txt", "--out-dir", "out"],
            "--prompts feeds a recipe whose first step is generate",
        ),
        (&["pipeline", "recipe.toml", "in", "--prompts", "prompts.txt", "--out-dir", "out"], "takes prompts"),
    ];
    for (args, says) in cases {
        let out = venice(&server, dir.path(), args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(server.image_requests().len(), 0);
    assert!(!dir.path().join("out").exists());
}
