//! Issue 29's last points through the real binary: refusals that name the
//! input once and advise what fits the operation, flags named as flags
//! (point 9); the watch taking only whole files (point 15).

use venice_mock::{MockConfig, fixtures};

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
