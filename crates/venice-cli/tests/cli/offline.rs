//! `--offline`: the README's first command on a machine with nothing set up
//! (no key, no base URL, no config), served by the built-in emulator.

use std::path::{Path, PathBuf};

use crate::common::{bare, image_at, stderr, stdout};

/// The sample image README's first command edits.
fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/photo.jpg")
}

pub fn with_sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample(), dir.path().join("photo.jpg")).unwrap();
    dir
}

#[test]
fn the_first_command_edits_the_sample_with_nothing_set_up() {
    let dir = with_sample();
    let out = bare(dir.path(), &["--offline", "edit", "photo.jpg", "-p", "make the sky a sunrise"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("note: offline: this result comes from the built-in emulator, not Venice"));
    let edited = image_at(&dir.path().join("photo.edited.png"));
    assert!(edited.width() > 0 && edited.height() > 0);
}

#[test]
fn the_environment_variable_turns_it_on_too() {
    let dir = with_sample();
    let out =
        bare(dir.path(), &["edit", "photo.jpg", "-p", "x", "-o", "out.png"], &[("VENICE_OFFLINE", "1")]);
    assert!(out.status.success(), "{}", stderr(&out));
    image_at(&dir.path().join("out.png"));
}

#[test]
fn a_falsey_value_leaves_it_off() {
    let dir = with_sample();
    let out = bare(dir.path(), &["edit", "photo.jpg", "-p", "x"], &[("VENICE_OFFLINE", "0")]);
    assert_eq!(out.status.code(), Some(4), "no key, not offline: {}", stderr(&out));
}

#[test]
fn every_command_works_offline() {
    let dir = with_sample();
    let models = bare(dir.path(), &["--offline", "models"], &[]);
    assert!(models.status.success(), "{}", stderr(&models));
    assert!(!stdout(&models).trim().is_empty());
    for (args, output) in [
        (&["--offline", "remove-bg", "photo.jpg"][..], "photo.nobg.png"),
        (&["--offline", "upscale", "photo.jpg"][..], "photo.upscaled.png"),
        (&["--offline", "multi-edit", "photo.jpg", "-p", "gold", "-o", "multi.png"][..], "multi.png"),
    ] {
        let out = bare(dir.path(), args, &[]);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        image_at(&dir.path().join(output));
    }
}

#[test]
fn a_real_key_in_the_environment_is_never_sent_offline() {
    let dir = with_sample();
    let key = "sk-real-key-never-sent-77";
    let out =
        bare(dir.path(), &["--offline", "-v", "edit", "photo.jpg", "-p", "x"], &[("VENICE_API_KEY", key)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains(key) && !stdout(&out).contains(key));
}
