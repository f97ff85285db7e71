//! Hostile inputs through the real binary: a server whose messages carry
//! terminal escapes, numbers that are not numbers, a base URL that would
//! send the key in clear text, files that are not files, a report that is
//! a link, a comparison folder that holds someone's files.

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use venice_mock::{Fault, FaultScope, MockConfig, fixtures};

use crate::common::{KEY, edits, mock, stderr, stdout, venice, write};

/// The service's message, with the clipboard-write sequence (OSC 52), a
/// bell, a clear-screen and a C1 control.
const HOSTILE: &str = "refused\u{1b}]52;c;ZWNobyBvd25lZA==\u{7} \u{1b}[2J\u{9b}31m done";

#[tokio::test(flavor = "multi_thread")]
async fn a_server_message_cannot_drive_the_terminal() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(300, 300));
    server.script_for(FaultScope::Images, [Fault::Message { status: 400, message: HOSTILE.into() }]);
    let out = venice(&server, dir.path(), &["edit", "p.png", "-p", "x", "-o", "o.png"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
        assert!(!err.contains(c), "{c:?} reached the terminal: {err:?}");
    }
    assert!(err.contains("refused\\x1b]52;c;") && err.contains("\\x1b[2J"), "shown, not obeyed: {err}");

    // --json stays exact JSON: the text as the service sent it, escaped by JSON.
    server.script_for(FaultScope::Images, [Fault::Message { status: 400, message: HOSTILE.into() }]);
    let json = venice(&server, dir.path(), &["--json", "edit", "p.png", "-p", "x", "-o", "o.png"], None);
    let line: serde_json::Value = serde_json::from_str(stdout(&json).trim()).unwrap();
    assert!(line["error"].as_str().unwrap().contains(HOSTILE), "{line}");
    assert!(!stdout(&json).contains('\u{1b}'), "raw bytes never reach stdout");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cost_cap_that_is_not_an_amount_is_refused_and_nothing_is_sent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(300, 300));
    for bad in ["NaN", "inf", "-1", "nan"] {
        let out = venice(&server, dir.path(), &["edit", "p.png", "-p", "x", "--max-cost", bad], None);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("not an amount of USD"), "{}", stderr(&out));
        let mcp = venice(&server, dir.path(), &["mcp", "--max-cost-total", bad], Some(Vec::new()));
        assert_eq!(mcp.status.code(), Some(2), "{bad}: {}", stderr(&mcp));
    }
    assert_eq!(edits(&server), 0);
    assert!(!dir.path().join("p.edited.png").exists());
}

/// A listener on loopback that counts the connections made to it.
fn counting_listener() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut stream = stream;
            let mut buf = [0u8; 512];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = stream.read(&mut buf);
        }
    });
    (format!("http://{addr}"), count)
}

/// `--base-url http://203.0.113.7:9/api/v1` (plain http, not this machine)
/// is refused before any connection. Every connection is routed through a
/// proxy on loopback, so that the test itself never reaches another
/// machine, and the proxy shows one is made once it is allowed.
#[test]
fn plain_http_to_another_machine_is_refused_before_any_connection() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(300, 300));
    let (proxy, connections) = counting_listener();
    let run = |extra: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("venice").unwrap();
        cmd.current_dir(dir.path())
            .env("VENICE_API_KEY", KEY)
            .env("HTTP_PROXY", &proxy)
            .env("http_proxy", &proxy)
            .env("ALL_PROXY", &proxy)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env("NO_COLOR", "1")
            .args(["--base-url", "http://203.0.113.7:9/api/v1", "--timeout", "5", "--max-retries", "0"])
            .args(extra)
            .args(["edit", "p.png", "-p", "x", "-o", "o.png"])
            .timeout(Duration::from_secs(60));
        cmd.output().unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("clear text"), "{}", stderr(&refused));
    assert!(!stderr(&refused).contains(KEY));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(connections.load(Ordering::SeqCst), 0, "nothing was connected to");
    // Allowed, the same command connects (through the loopback proxy).
    let allowed = run(&["--allow-insecure-http"]);
    assert_ne!(allowed.status.code(), Some(2), "{}", stderr(&allowed));
    assert!(connections.load(Ordering::SeqCst) > 0, "the proxy sees what would have been sent");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_fifo_in_a_folder_is_skipped_not_opened() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    let fifo = dir.path().join("in/b.png");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = venice(&server, dir.path(), &["edit", "in", "--out-dir", "o", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "the FIFO is skipped, as links are: {}", stderr(&out));
    assert!(stderr(&out).contains("b.png: not a regular file"), "{}", stderr(&out));
    assert_eq!(edits(&server), 1);
    assert!(dir.path().join("o/a.edited.png").is_file());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_report_that_is_a_link_is_not_followed() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(300, 300));
    let victim = write(dir.path(), "victim.txt", b"keep me");
    std::os::unix::fs::symlink(&victim, dir.path().join("r.jsonl")).unwrap();
    let out = venice(&server, dir.path(), &["edit", "p.png", "-p", "x", "--report", "r.jsonl"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a link; not followed"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert_eq!(edits(&server), 0);
}

/// A comparison never replaces a file in its folder without `--force`, and
/// two model ids that map to one file name get two files.
#[tokio::test(flavor = "multi_thread")]
async fn compare_never_clobbers_and_keeps_colliding_ids_apart() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.png", &fixtures::png(400, 300));
    let mine = write(dir.path(), "a.compare/firered-image-edit.png", b"my own file");
    let args = ["compare", "a.png", "-p", "x", "--models", "firered-image-edit,qwen-image-2-edit"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("firered-image-edit.png exists; pass --force"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&mine).unwrap(), b"my own file");
    assert_eq!(edits(&server), 0, "refused before anything was sent");
    let forced = venice(&server, dir.path(), &[&args[..], &["--force"]].concat(), None);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(std::fs::read(&mine).unwrap(), b"my own file", "--force replaces it");
}
