//! Issue 29, point 3: the output's format follows `-o`'s extension. Edits
//! ask the service for it; remove-bg and upscale (PNG answers) are
//! converted here; a cut-out to `.jpg` needs `--background`, else it is
//! refused before paying; an extension that disagrees with `--format` is a
//! usage error (exit 2), with nothing sent.

use image::ImageFormat;
use venice_mock::{MockConfig, fixtures};

use crate::common::*;

fn format_of(path: &std::path::Path) -> ImageFormat {
    image::guess_format(&std::fs::read(path).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_extension_decides_the_format_of_every_output() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    write(dir.path(), "mask.png", &fixtures::png(400, 300));
    let runs: [(&[&str], &str, ImageFormat); 5] = [
        (&["edit", "photo.jpg", "-p", "night", "-o", "e.jpg"], "e.jpg", ImageFormat::Jpeg),
        (
            &["multi-edit", "photo.jpg", "mask.png", "-p", "night", "-o", "m.webp"],
            "m.webp",
            ImageFormat::WebP,
        ),
        (&["upscale", "photo.jpg", "-o", "u.jpg"], "u.jpg", ImageFormat::Jpeg),
        (&["upscale", "photo.jpg", "-o", "u.webp"], "u.webp", ImageFormat::WebP),
        (&["remove-bg", "photo.jpg", "--background", "white", "-o", "r.jpeg"], "r.jpeg", ImageFormat::Jpeg),
    ];
    for (args, file, format) in runs {
        let out = venice(&server, dir.path(), args, None);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(format_of(&dir.path().join(file)), format, "{args:?}");
    }
    let asked: Vec<Option<String>> = server
        .image_requests()
        .iter()
        .take(2)
        .map(|r| r.fields.get("output_format").and_then(|v| v.as_str()).map(str::to_owned))
        .collect();
    assert_eq!(asked, [Some("jpeg".into()), Some("webp".into())], "the edits asked the service for it");
    assert_eq!(edits(&server), 5, "one request each, the conversions are local");
    let up = image_at(&dir.path().join("u.jpg"));
    assert_eq!((up.width(), up.height()), (800, 600), "converted, not resized");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_format_that_cannot_be_had_is_refused_before_paying() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    let refused: [(&[&str], &str); 4] = [
        (&["remove-bg", "photo.jpg", "-o", "cut.jpg"], "--background"),
        (&["edit", "photo.jpg", "-p", "x", "-o", "e.jpg", "--format", "webp"], "--format is webp"),
        (&["remove-bg", "photo.jpg", "-o", "cut.webp", "--format", "png"], "--format is png"),
        (
            &["multi-edit", "photo.jpg", "photo.jpg", "-p", "x", "-o", "m.png", "--format", "jpeg"],
            "--format is jpeg",
        ),
    ];
    for (args, says) in refused {
        let out = venice(&server, dir.path(), args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert!(server.requests().is_empty(), "nothing sent");
    assert_eq!(outputs_in(dir.path()), ["photo.jpg"], "no output");
}
