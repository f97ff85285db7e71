//! `--name TEMPLATE` through the real binary: outputs named by the
//! template, and bad templates refused before anything is sent.

use venice_mock::{MockConfig, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn outputs_are_named_by_the_template() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.jpg", &fixtures::jpeg(300, 300));
    write(dir.path(), "in/b.png", &fixtures::png(300, 300));
    let args = ["edit", "in", "-p", "sunrise", "--out-dir", "out", "--name", "{stem}-{model}.{ext}"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in ["out/a-firered-image-edit.png", "out/b-firered-image-edit.png"] {
        image_at(&dir.path().join(name));
    }
    let args = ["upscale", "in/a.jpg", "--name", "x{scale}/{n}_{op}.{ext}"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    image_at(&dir.path().join("in/x2/1_upscale.png"));

    let args = [
        "compare",
        "in/a.jpg",
        "-p",
        "sunrise",
        "--models",
        "firered-image-edit",
        "--out-dir",
        "cmp",
        "--name",
        "{stem}.{model}.{ext}",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    image_at(&dir.path().join("cmp/a.firered-image-edit.png"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_templates_are_refused_before_anything_is_sent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.jpg", &fixtures::jpeg(300, 300));
    write(dir.path(), "in/b.jpg", &fixtures::jpeg(300, 300));
    for (template, says) in [
        ("{stem}-{colour}.png", "unknown field {colour}"),
        ("../{stem}.{ext}", "would leave the output folder"),
        ("{model}.{ext}", "the same name"),
        ("{stem", "no closing"),
    ] {
        let out = venice(&server, dir.path(), &["remove-bg", "in", "--name", template], None);
        assert_eq!(out.status.code(), Some(2), "{template}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{template}: {}", stderr(&out));
    }
    assert_eq!(edits(&server), 0, "nothing was sent");
}
