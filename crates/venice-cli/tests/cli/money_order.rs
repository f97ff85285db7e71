//! Issue 29, point 6: a pipeline whose upscale feeds an edit (which answers
//! at its tier, 1024 px on the long side at 1K) pays for an upscale that is
//! lost: the planner says so before anything is sent; the order the README
//! shows (remove-bg, edit, upscale) draws no warning.

use venice_mock::{MockConfig, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_upscale_before_an_edit_is_warned_about_before_sending() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shoot/a.jpg", &fixtures::jpeg(800, 600));
    let wasteful = [
        "--dry-run",
        "pipeline",
        "--step",
        "remove-bg",
        "--step",
        "upscale --scale 2",
        "--step",
        "edit --prompt backdrop",
        "shoot/",
        "--out-dir",
        "out",
    ];
    let out = venice(&server, dir.path(), &wasteful, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("step 2 (upscale --scale 2) makes 1600x1200 of shoot/a.jpg, but step 3 (edit --prompt backdrop) answers at 1K, at most 1024 px"),
        "{err}"
    );
    assert!(err.contains("put it after the edit step"), "{err}");

    let good = [
        "--dry-run",
        "pipeline",
        "--step",
        "remove-bg",
        "--step",
        "edit --prompt backdrop",
        "--step",
        "upscale --scale 2",
        "shoot/",
        "--out-dir",
        "out",
    ];
    let out = venice(&server, dir.path(), &good, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("paid for and lost"), "{}", stderr(&out));

    // A 4K edit takes the 1600x1200 upscale whole: no warning.
    let big = [
        "--dry-run",
        "pipeline",
        "--step",
        "upscale --scale 2",
        "--step",
        "edit --prompt backdrop --model nano-banana-2-edit --resolution 4K",
        "shoot/",
        "--out-dir",
        "out",
    ];
    let out = venice(&server, dir.path(), &big, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("paid for and lost"), "{}", stderr(&out));
    assert_eq!(edits(&server), 0);
}
