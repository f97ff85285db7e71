//! Issue 29, point 4: without a key nothing is sent, not even the
//! catalogue's request; the refusal is at once (exit 4) and names
//! `--offline` beside the key sources. `venice models` that cannot reach
//! the service names `--offline` too.

use venice_mock::{MockConfig, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn no_key_is_refused_before_any_request_and_names_offline() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    let url = server.base_url();
    for args in [
        vec!["--base-url", url.as_str(), "edit", "photo.jpg", "-p", "a sunrise"],
        vec!["--base-url", url.as_str(), "upscale", "photo.jpg", "--max-cost", "1"],
        vec!["--base-url", url.as_str(), "remove-bg", "photo.jpg"],
        vec!["--base-url", url.as_str(), "pipeline", "--step", "upscale", "photo.jpg"],
    ] {
        let out = bare(dir.path(), &args, &[]);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("no API key") && err.contains("VENICE_API_KEY"), "{err}");
        assert!(err.contains("--offline"), "names --offline: {err}");
    }
    assert!(server.requests().is_empty(), "nothing sent: {:?}", server.requests().len());
    assert_eq!(outputs_in(dir.path()), ["photo.jpg"], "no output");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_without_a_key_still_prices_the_call() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    let url = server.base_url();
    let out = bare(dir.path(), &["--base-url", &url, "--dry-run", "edit", "photo.jpg", "-p", "x"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(edits(&server), 0);
}

#[test]
fn models_that_cannot_reach_the_service_name_offline() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--base-url", "http://127.0.0.1:9/api/v1", "--max-retries", "0", "--timeout", "5", "models"];
    let out = bare(dir.path(), &args, &[]);
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    assert!(stderr(&out).contains("venice --offline models"), "{}", stderr(&out));
}
