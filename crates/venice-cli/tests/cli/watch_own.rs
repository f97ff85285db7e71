//! A pipeline under `--watch -r --gallery` inside the watched folder: its
//! own thumbnails are never taken for new images, a dropped file that
//! cannot be planned (too large to send) is passed over and the watch goes
//! on, and one Ctrl-C after several passes ends it without a word from
//! each past pass.

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

fn thumbs(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("in/g.thumbs")).map_or(0, |d| d.count())
}

#[cfg(unix)]
#[test]
fn a_watched_pipeline_never_pays_for_its_own_thumbnails_and_survives_a_bad_file() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    let child = Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .args(["--base-url", &server.base_url(), "pipeline", "--step", "remove-bg"])
        .args(["in", "-r", "--out-dir", "out", "--gallery", "in/g.html", "--watch"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = |name: &str| dir.path().join(format!("out/{name}.nobg.png"));
    assert!(wait_for(|| out("a").is_file() && thumbs(dir.path()) > 0), "the first pass and its gallery");
    // Too large to send: passed over, the watch goes on.
    // A PNG's head and end around 30 MB of padding: whole by its format.
    let png = fixtures::png(300, 300);
    let (head, end) = png.split_at(png.len() - 12);
    let big = [head, &vec![0u8; 30 * 1024 * 1024][..], end].concat();
    std::fs::write(dir.path().join("in/.big.tmp"), &big).unwrap();
    std::fs::rename(dir.path().join("in/.big.tmp"), dir.path().join("in/big.png")).unwrap();
    std::thread::sleep(Duration::from_secs(5));
    write(dir.path(), "in/b.png", &fixtures::png(320, 300));
    assert!(wait_for(|| out("b").is_file()), "the watch went on after the bad file");
    // Long enough for the thumbnails of the second pass to be looked at.
    std::thread::sleep(Duration::from_secs(6));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert!(err.contains("big.png") && err.contains("passed over"), "{err}");
    assert_eq!(server.image_requests().len(), 2, "a and b, never a thumbnail: {err}");
    assert!(err.matches("interrupted").count() <= 1, "one Ctrl-C is said once at most: {err}");
    assert!(err.contains("watch ended"), "{err}");
}
