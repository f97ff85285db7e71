//! Issue 29, point 1: `-o` naming an existing folder is refused before any
//! request, with or without `--force` (a folder is never replaced, and no
//! paid result ends up in a rescue file), and the message points at
//! `--out-dir`.

use venice_mock::{MockConfig, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_as_output_is_refused_before_paying_force_or_not() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    write(dir.path(), "photos/old.png", &fixtures::png(300, 300));
    for args in [
        vec!["edit", "photo.jpg", "-p", "a sunrise", "-o", "photos"],
        vec!["edit", "photo.jpg", "-p", "a sunrise", "-o", "photos/", "--force"],
        vec!["upscale", "photo.jpg", "-o", "photos", "--force"],
        vec!["remove-bg", "photo.jpg", "-o", "photos", "--force"],
    ] {
        let out = venice(&server, dir.path(), &args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("photos/ is a folder") && err.contains("--out-dir"), "{err}");
        assert!(!err.contains("pass --force"), "--force does not help here: {err}");
    }
    assert!(server.requests().is_empty(), "nothing sent, not even the catalogue's request");
    assert!(dir.path().join("photos").is_dir(), "the folder is still a folder");
    assert_eq!(outputs_in(&dir.path().join("photos")), ["old.png"]);
    assert_eq!(outputs_in(dir.path()), ["photo.jpg", "photos"]);
}
