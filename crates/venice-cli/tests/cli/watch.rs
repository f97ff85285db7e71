//! `--watch` through the real binary: images that arrive after the first
//! pass (one written slowly, in pieces) are each processed once, when whole;
//! Ctrl-C ends the watch with its summary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use venice_mock::{MockConfig, fixtures};

use crate::common::{KEY, mock, write};

fn wait_for(what: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !what() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    what()
}

#[cfg(unix)]
#[test]
fn a_watched_folder_takes_each_new_image_once_when_it_is_whole() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    let cache = dir.path().join("cache");
    let child = Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", &cache)
        .args(["--base-url", &server.base_url(), "edit", "in", "--out-dir", "out", "-p", "x", "--watch"])
        .args(["--report", "r.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = |name: &str| dir.path().join("out").join(format!("{name}.edited.png"));
    assert!(wait_for(|| out("a").is_file()), "the first pass");
    // One arrives at once; another is written slowly, in pieces.
    write(dir.path(), "in/b.png", &fixtures::png(320, 300));
    let slow = fixtures::png(340, 300);
    let mut f = std::fs::File::create(dir.path().join("in/c.png")).unwrap();
    for piece in slow.chunks(slow.len() / 4 + 1) {
        f.write_all(piece).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(900));
    }
    drop(f);
    assert!(wait_for(|| out("b").is_file() && out("c").is_file()), "the two that arrived");
    // Long enough for a second look at every file: nothing is taken twice.
    std::thread::sleep(Duration::from_secs(5));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{err}");
    assert!(err.contains("watch ended: 3 image(s) done"), "{err}");
    let sent = server.image_requests();
    assert_eq!(
        sent.len(),
        3,
        "each image once: {:?}",
        sent.iter().map(|r| &r.images[0].filename).collect::<Vec<_>>()
    );
    let c = sent.iter().find(|r| r.images[0].filename.as_deref() == Some("c.png")).expect("c was sent");
    assert_eq!(c.images[0].byte_len, slow.len() as u64, "c was sent whole");
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    assert_eq!(report.lines().filter(|l| l.contains("\"ok\"")).count(), 3, "{report}");
    assert!(Path::new(&out("c")).is_file());
}

/// A pipeline under watch: an image that arrives in an empty folder goes
/// through every step once.
#[cfg(unix)]
#[test]
fn a_watched_pipeline_runs_its_steps_on_a_new_image() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    let child = Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .args(["--base-url", &server.base_url(), "pipeline", "--step", "remove-bg", "--step", "upscale"])
        .args(["in", "--out-dir", "out", "--watch"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    write(dir.path(), "in/late.png", &fixtures::png(300, 300));
    let out = dir.path().join("out/late.upscaled.png");
    assert!(wait_for(|| out.is_file()), "the new image went through");
    std::thread::sleep(Duration::from_secs(3));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{err}");
    assert_eq!(server.image_requests().len(), 2, "two steps, once: {err}");
}

/// Results named by `--name` beside their inputs are not new images: the
/// watch never pays to process its own outputs.
#[cfg(unix)]
#[test]
fn a_watch_never_takes_its_own_results_for_new_images() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    let child = Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .args([
            "--base-url",
            &server.base_url(),
            "edit",
            "in",
            "-p",
            "x",
            "--watch",
            "--name",
            "{stem}-v2.{ext}",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(wait_for(|| dir.path().join("in/a-v2.png").is_file()), "the first pass");
    // Several looks at the folder, each long enough to settle a file.
    std::thread::sleep(Duration::from_secs(6));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{err}");
    assert_eq!(server.image_requests().len(), 1, "its own result was not sent: {err}");
    assert!(!dir.path().join("in/a-v2-v2.png").exists());
}

/// A Ctrl-C the moment a pass ends (when the pass's own listener is gone
/// and the watch is about to look again) ends the watch. A press there was
/// once lost and the watch went on (seen once in the suite: the watch held
/// no listener between its checks); the window is too narrow to hit on
/// demand, so this guards the behaviour, not that exact timing.
#[cfg(unix)]
#[test]
fn a_ctrl_c_as_a_pass_ends_still_ends_the_watch() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "in/a.png", &fixtures::png(300, 300));
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("venice"))
            .current_dir(dir.path())
            .env("VENICE_API_KEY", KEY)
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .args(["--base-url", &server.base_url(), "edit", "in", "--out-dir", "out", "-p", "x", "--watch"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        assert!(wait_for(|| dir.path().join("out/a.edited.png").is_file()), "round {round}: the first pass");
        std::thread::sleep(Duration::from_millis(20 * round));
        Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut ended = false;
        while !ended && Instant::now() < deadline {
            ended = child.try_wait().unwrap().is_some();
            std::thread::sleep(Duration::from_millis(50));
        }
        if !ended {
            let _ = child.kill();
        }
        let status = child.wait().unwrap();
        assert!(
            ended && status.code() == Some(0),
            "round {round}: the watch went on after Ctrl-C ({status})"
        );
    }
}
