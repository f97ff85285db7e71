//! The library's log events on stderr, colours as the environment asks, and
//! network errors that say why.

use venice_mock::{FaultScope, MockConfig};

use crate::common::{KEY, bare, mock, status, stderr, venice};
use crate::offline::with_sample;

const CATALOGUE_DOWN: &str = "the model catalogue is unavailable";

#[tokio::test(flavor = "multi_thread")]
async fn a_library_warning_reaches_stderr() {
    let server = mock(MockConfig::default()).await;
    server.script_for(
        FaultScope::Models,
        [status(500, None), status(500, None), status(500, None), status(500, None)],
    );
    let dir = with_sample();
    let out = venice(&server, dir.path(), &["--max-retries", "0", "edit", "photo.jpg", "-p", "x"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.lines().any(|l| l.starts_with("warning: ") && l.contains(CATALOGUE_DOWN)), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn quiet_hides_warnings_and_venice_log_shows_details() {
    let server = mock(MockConfig::default()).await;
    server.script_for(
        FaultScope::Models,
        [status(500, None), status(500, None), status(500, None), status(500, None)],
    );
    let dir = with_sample();
    let out =
        venice(&server, dir.path(), &["-q", "--max-retries", "0", "edit", "photo.jpg", "-p", "x"], None);
    assert!(out.status.success() && !stderr(&out).contains(CATALOGUE_DOWN), "{}", stderr(&out));
    let out = bare(
        dir.path(),
        &["--base-url", &server.base_url(), "edit", "photo.jpg", "-p", "x", "-o", "debug.png"],
        &[("VENICE_API_KEY", KEY), ("VENICE_LOG", "debug")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).lines().any(|l| l.starts_with("debug: ")), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn colours_follow_the_environment() {
    let server = mock(MockConfig::default()).await;
    let dir = with_sample();
    let run = |name: &str, env: &[(&str, &str)]| {
        server.script_for(
            FaultScope::Models,
            [status(500, None), status(500, None), status(500, None), status(500, None)],
        );
        let mut all = vec![("VENICE_API_KEY", KEY)];
        all.extend_from_slice(env);
        let url = server.base_url();
        let args = ["--base-url", &url, "--max-retries", "0", "edit", "photo.jpg", "-p", "x", "-o", name];
        stderr(&bare(dir.path(), &args, &all))
    };
    // `bare` sets NO_COLOR=1; CLICOLOR_FORCE wins over it only when NO_COLOR
    // is empty, so clear it for the forced run.
    let forced = run("a.png", &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}[") && forced.contains(CATALOGUE_DOWN), "{forced:?}");
    let plain = run("b.png", &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!plain.contains('\u{1b}') && plain.contains(CATALOGUE_DOWN), "{plain:?}");
}

/// A base URL nothing listens on.
fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/api/v1")
}

#[test]
fn a_network_error_names_its_cause_and_the_batch_hint_only_in_a_batch() {
    let dir = with_sample();
    std::fs::copy(dir.path().join("photo.jpg"), dir.path().join("second.jpg")).unwrap();
    let url = dead_url();
    let env = [("VENICE_API_KEY", KEY)];
    let one =
        bare(dir.path(), &["--base-url", &url, "--max-retries", "0", "edit", "photo.jpg", "-p", "x"], &env);
    assert_eq!(one.status.code(), Some(9), "{}", stderr(&one));
    let err = stderr(&one);
    assert!(err.contains("connection refused"), "{err}");
    assert!(!err.contains("finished outputs are skipped"), "{err}");
    let args = ["--base-url", &url, "--max-retries", "0", "edit", "photo.jpg", "second.jpg", "-p", "x"];
    let batch = bare(dir.path(), &args, &env);
    let err = stderr(&batch);
    assert!(err.contains("connection refused") && err.contains("finished outputs are skipped"), "{err}");
}

#[test]
fn the_usage_line_lists_only_what_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path(), &["edit", "--help"], &[]);
    let help = crate::common::stdout(&out);
    let usage = help.lines().find(|l| l.starts_with("Usage:")).unwrap_or_default();
    assert_eq!(usage, "Usage: venice edit [OPTIONS] --prompt <TEXT> <IMAGE>...", "{help}");
}
