//! Issue 29's last points through the real binary: refusals that name the
//! input once and advise what fits the operation, flags named as flags
//! (point 9); the watch taking only whole files (point 15).

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use venice_mock::{MockConfig, MockServer, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_input_is_named_once() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("shoot")).unwrap();
    write(dir.path(), "shoot/tiny.png", &fixtures::png(100, 100));
    write(dir.path(), "shoot/good.png", &fixtures::png(400, 300));
    let one = venice(&server, dir.path(), &["edit", "shoot/tiny.png", "-p", "x"], None);
    assert_eq!(one.status.code(), Some(3), "{}", stderr(&one));
    let text = stderr(&one);
    assert_eq!(text.matches("shoot/tiny.png").count(), 1, "{text}");
    assert!(text.contains("error: shoot/tiny.png is 100x100 (10,000 pixels)"), "{text}");
    assert!(text.contains("upscale it first"), "an edit may be told to upscale first: {text}");

    let batch = venice(&server, dir.path(), &["edit", "shoot/good.png", "shoot/tiny.png", "-p", "x"], None);
    assert_eq!(batch.status.code(), Some(1), "{}", stderr(&batch));
    assert_eq!(stderr(&batch).matches("shoot/tiny.png").count(), 1, "{}", stderr(&batch));

    let dry = venice(&server, dir.path(), &["edit", "shoot/tiny.png", "-p", "x", "--dry-run"], None);
    assert_eq!(stderr(&dry).matches("shoot/tiny.png").count(), 1, "{}", stderr(&dry));
    assert_eq!(edits(&server), 1, "only the good image was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upscale_of_a_small_image_is_not_told_to_upscale_it_first() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tiny.png", &fixtures::png(100, 100));
    let out = venice(&server, dir.path(), &["upscale", "tiny.png"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("tiny.png is 100x100"), "{text}");
    assert!(!text.contains("upscale it first"), "{text}");
    assert!(text.contains("enlarge it to 256x256 or more with an image editor"), "{text}");
    assert_eq!(edits(&server), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn advice_names_flags_as_flags() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "huge.png", &fixtures::png_claiming(9000, 9000));
    write(dir.path(), "wide.png", &fixtures::png_claiming(3000, 3000));
    for args in [&["edit", "huge.png", "-p", "x"][..], &["upscale", "wide.png"][..]] {
        let out = venice(&server, dir.path(), args, None);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let text = stderr(&out);
        assert!(text.contains("or pass --fit"), "{args:?}: {text}");
        assert!(!text.contains("let fit do it"), "{args:?}: {text}");
    }
    assert_eq!(edits(&server), 0);
}

fn wait_for(what: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !what() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    what()
}

/// How many outputs the watch's report says are done.
fn outputs(dir: &Path) -> usize {
    let report = std::fs::read_to_string(dir.join("r.jsonl")).unwrap_or_default();
    report.lines().filter(|l| l.contains("\"ok\"")).count()
}

/// `venice edit in --out-dir out --watch --report r.jsonl` in `dir`, its errors piped.
fn watch(server: &MockServer, dir: &Path) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .current_dir(dir)
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .args(["--base-url", &server.base_url(), "edit", "in", "--out-dir", "out", "-p", "x", "--watch"])
        .args(["--report", "r.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Ctrl-C, then its exit code and what it said.
fn stop(child: Child) -> (Option<i32>, String) {
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let done = child.wait_with_output().unwrap();
    (done.status.code(), String::from_utf8_lossy(&done.stderr).into_owned())
}

/// A GIF cut just after a byte 0x3B inside its image data: it ends the way
/// a whole GIF does, and is not whole.
fn gif_cut_at_a_false_trailer(gif: &[u8]) -> usize {
    (gif.len() / 3..gif.len() - 2).find(|&i| gif[i - 1] == 0x3B).expect("a 0x3B byte in the data")
}

/// Files not whole when the watch begins (written in pieces; a GIF whose
/// last byte is, by chance, its trailer's) are settled like any new file:
/// never taken half-written, even when they stay unchanged for long, and
/// taken once when whole. One that goes away while settling is forgotten.
#[cfg(unix)]
#[test]
fn the_first_pass_waits_for_files_that_are_not_whole_yet() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    let png = fixtures::png(300, 300);
    let gif = fixtures::gif(300, 300);
    let cut = gif_cut_at_a_false_trailer(&gif);
    write(dir.path(), "in/slow.png", &png[..png.len() / 2]);
    write(dir.path(), "in/cut.gif", &gif[..cut]);
    write(dir.path(), "in/gone.png", &png[..png.len() / 3]);
    let child = watch(&server, dir.path());
    std::thread::sleep(Duration::from_secs(2));
    std::fs::remove_file(dir.path().join("in/gone.png")).unwrap();
    // Longer than any wait for a file unchanged, whole or not.
    std::thread::sleep(Duration::from_secs(7));
    assert!(server.image_requests().is_empty(), "nothing half-written was sent");
    for (name, bytes, from) in [("slow.png", &png, png.len() / 2), ("cut.gif", &gif, cut)] {
        let mut f = std::fs::OpenOptions::new().append(true).open(dir.path().join("in").join(name)).unwrap();
        f.write_all(&bytes[from..]).unwrap();
    }
    let taken = wait_for(|| outputs(dir.path()) == 2);
    std::thread::sleep(Duration::from_secs(3));
    let (code, err) = stop(child);
    assert!(taken, "both taken once whole: {err}");
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("error"), "{err}");
    assert!(err.contains("watch ended: 2 image(s) done"), "{err}");
    let sent = server.image_requests();
    assert_eq!(sent.len(), 2, "each once: {err}");
    for r in &sent {
        let whole = if r.images[0].filename.as_deref() == Some("slow.png") { png.len() } else { gif.len() };
        assert_eq!(r.images[0].byte_len, whole as u64, "sent whole");
    }
    assert!(err.matches("is not whole").count() <= 2, "said once each at most: {err}");
}

/// A JPEG with something after its picture (a phone's trailer, a motion
/// photo's video) is whole: taken in the first pass with the rest.
#[cfg(unix)]
#[test]
fn a_jpeg_with_a_trailer_is_taken_at_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    let mut motion = fixtures::jpeg(320, 300);
    motion.extend_from_slice(b"\0\0\0\x18ftypmp42 a motion photo's video follows");
    write(dir.path(), "in/motion.jpg", &motion);
    let child = watch(&server, dir.path());
    assert!(wait_for(|| outputs(dir.path()) == 2), "both done");
    let (code, err) = stop(child);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("watch ended: 2 image(s) done in 1 pass(es)"), "one first pass took both: {err}");
    assert_eq!(server.image_requests().len(), 2, "{err}");
}
