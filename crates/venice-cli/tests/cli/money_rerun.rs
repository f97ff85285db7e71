//! Issue 29, point 7: a comparison run again resumes like a batch (the
//! results there are kept, only the missing ones are sent, the page is
//! written again, exit 0); a pipeline run again with nothing to do still
//! writes its report lines, as skipped; a skip's reason is under `reason`,
//! never `error` (batch, pipeline, compare).

use serde_json::Value;
use venice_mock::{MockConfig, fixtures};

use crate::common::*;

const TWO: &str = "firered-image-edit,qwen-image-2-edit";

fn lines(text: &str) -> Vec<Value> {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn assert_skip_has_a_reason(line: &Value) {
    assert_eq!(line["status"], "skipped", "{line}");
    assert!(line["reason"].as_str().is_some_and(|r| !r.is_empty()), "a reason: {line}");
    assert!(line.get("error").is_none(), "a skip is no error: {line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_comparison_run_again_sends_only_what_is_missing() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cat.jpg", &fixtures::jpeg(800, 600));
    let args = ["compare", "cat.jpg", "-p", "make it night", "--models", TWO];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(edits(&server), 2);

    let folder = dir.path().join("cat.compare");
    std::fs::remove_file(folder.join("qwen-image-2-edit.png")).unwrap();
    std::fs::write(folder.join("index.html"), "stale").unwrap();
    let mut json = vec!["--json"];
    json.extend(args);
    let out = venice(&server, dir.path(), &json, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 model(s) to compare (1 kept from an earlier run); estimated cost $"),
        "{}",
        stderr(&out)
    );
    let models: Vec<String> = server
        .image_requests()
        .iter()
        .map(|r| r.fields["model"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(models.len(), 3, "only the missing model was sent again: {models:?}");
    assert_eq!(models[2], "qwen-image-2-edit");
    let lines = lines(&stdout(&out));
    let kept: Vec<&Value> = lines.iter().filter(|l| l["status"] == "skipped").collect();
    assert_eq!(kept.len(), 1, "{lines:?}");
    assert_skip_has_a_reason(kept[0]);
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(
        html.contains("href=\"firered-image-edit.png\"") && html.contains("href=\"qwen-image-2-edit.png\"")
    );
    assert!(html.contains("2 of 2 model(s) succeeded"), "the page is written again");

    // Nothing missing: nothing sent, the page still written, exit 0.
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(edits(&server), 3);
    assert!(
        stderr(&out).contains("nothing to send: 2 model(s) kept from an earlier run"),
        "{}",
        stderr(&out)
    );

    // Another prompt in the same folder is another comparison: refused, unsent.
    let other = ["compare", "cat.jpg", "-p", "make it day", "--models", TWO];
    let out = venice(&server, dir.path(), &other, None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("not from an earlier run of this comparison"), "{}", stderr(&out));
    assert_eq!(edits(&server), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pipeline_run_again_with_nothing_to_do_reports_every_step_as_skipped() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.jpg", &fixtures::jpeg(400, 300));
    let args = [
        "pipeline",
        "--step",
        "upscale --scale 2",
        "--step",
        "edit --prompt x",
        "in/",
        "--out-dir",
        "out",
        "--report",
        "run.jsonl",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(edits(&server), 2);
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(edits(&server), 2, "nothing sent");
    let report = lines(&std::fs::read_to_string(dir.path().join("run.jsonl")).unwrap());
    assert_eq!(report.len(), 2, "a line per step: {report:?}");
    for (n, line) in report.iter().enumerate() {
        assert_skip_has_a_reason(line);
        assert_eq!(line["step"], n + 1);
        assert_eq!(line["input"], "in/a.jpg");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_skip_gives_its_reason_not_an_error() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.jpg", &fixtures::jpeg(400, 300));
    write(dir.path(), "in/b.jpg", &fixtures::jpeg(400, 300));
    write(dir.path(), "out/a.upscaled.png", &fixtures::png(800, 600));
    let args = ["upscale", "in/", "--out-dir", "out", "--report", "run.jsonl"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = lines(&std::fs::read_to_string(dir.path().join("run.jsonl")).unwrap());
    let skipped: Vec<&Value> = report.iter().filter(|l| l["status"] == "skipped").collect();
    assert_eq!(skipped.len(), 1, "{report:?}");
    assert_skip_has_a_reason(skipped[0]);
    assert!(skipped[0]["reason"].as_str().unwrap().contains("exists"));
}
