//! What people read: each command's own options before the options every
//! command shares (under their own heading), `{n}` shown as typed, an
//! unknown model answered with the nearest ids and nothing sent, no
//! library names in messages, and a batch's summary said as a count, not
//! a warning.

use venice_mock::{Fault, FaultScope, MockConfig, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_commands_own_options_come_before_the_shared_ones() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&venice(&server, dir.path(), &["edit", "-h"], None));
    let at = |what: &str| help.find(what).unwrap_or_else(|| panic!("{what} not in: {help}"));
    let shared = at("Options for every command:");
    assert!(at("-p, --prompt") < shared && at("-m, --model") < shared, "{help}");
    for flag in ["--api-key-file", "--base-url", "--wallet-keystore", "--auth", "--profile"] {
        assert!(at(flag) > shared, "{flag} is under the shared heading: {help}");
    }
    assert!(help.contains("{scale} {n} {date}"), "{{n}} shown as typed: {help}");
    let compare = stdout(&venice(&server, dir.path(), &["compare", "--help"], None));
    assert!(compare.contains("{scale} {n} {date}"), "{compare}");
    assert!(!help.contains('\x1b') && !compare.contains('\x1b'), "no escapes without colours");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_model_gets_the_nearest_ids_and_nothing_is_sent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.png", &fixtures::png(320, 320));
    let out = venice(
        &server,
        dir.path(),
        &["edit", "a.png", "-p", "x", "-m", "qwen-image2-edit", "-o", "o.png"],
        None,
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("did you mean qwen-image-2-edit?"), "{err}");
    assert!(err.contains("`venice models` lists them") && !err.contains("Client::"), "{err}");
    assert_eq!(server.image_requests().len(), 0, "nothing sent");
    assert!(!dir.path().join("o.png").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_summary_is_a_count_not_a_warning() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(320, 320));
    write(dir.path(), "in/b.png", &fixtures::png(330, 320));
    server.script_for(FaultScope::Images, [Fault::Status { status: 400, retry_after: None }]);
    let out = venice(&server, dir.path(), &["remove-bg", "in", "--jobs", "1"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let summary = err.lines().find(|l| l.contains("done: 1 of 2")).unwrap_or_else(|| panic!("{err}"));
    assert!(!summary.contains("warning"), "{summary}");
}
