//! `--gallery` on batches: before and after thumbnails (never the full
//! images) for every success, failures and skipped inputs with reasons,
//! totals, and every thumbnail loading in a real browser.

use venice_mock::{FaultScope, MockConfig, fixtures};

use crate::common::{KEY, mock, status, stderr, venice, write};
use crate::compare::browser_check;

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_batch_gallery_shows_before_and_after_and_every_problem() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c", "d"] {
        write(dir.path(), &format!("in/{name}.png"), &fixtures::png(900, 600));
    }
    // d's output exists: skipped. The first request meets a server error.
    write(dir.path(), "out/d.edited.png", &fixtures::png(64, 64));
    server.script_for(FaultScope::Images, [status(500, None)]);
    let prompt = "<script>alert(1)</script> night";
    let out = venice(
        &server,
        dir.path(),
        &[
            "--max-retries",
            "0",
            "edit",
            "in",
            "-p",
            prompt,
            "--out-dir",
            "out",
            "--jobs",
            "1",
            "--gallery",
            "g.html",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("g.html")).unwrap();
    assert!(html.contains("4 input(s): 2 succeeded, 1 failed, 1 skipped"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; night") && !html.contains("<script"),
        "{html}"
    );
    assert!(html.contains("failed: ") && html.to_lowercase().contains("server error"), "{html}");
    assert!(html.contains("skipped: ") && html.contains("d.edited.png exists"), "{html}");
    assert_eq!(html.matches("loading=\"lazy\"").count(), 4, "2 before and 2 after thumbnails");
    assert!(html.contains("href=\"out/") && html.contains("href=\"in/"), "links to the full images");
    let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("<b>in/b.png</b>") < at("<b>in/c.png</b>"), "in the inputs' order");
    assert!(!html.contains(KEY) && !html.contains("base64"));
    let thumbs: Vec<_> =
        std::fs::read_dir(dir.path().join("g.thumbs")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(thumbs.len(), 4, "{thumbs:?}");
    for t in &thumbs {
        let image = image::open(t).unwrap();
        assert!(image.width().max(image.height()) <= 256, "{}", t.display());
    }
    browser_check(&dir.path().join("g.html"), 4, &["2 succeeded", "d.edited.png exists"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_bg_and_upscale_batches_have_galleries_too() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(400, 300));
    write(dir.path(), "in/b.jpg", &fixtures::jpeg(400, 300));
    for (command, page) in [("remove-bg", "bg.html"), ("upscale", "up.html")] {
        let out =
            venice(&server, dir.path(), &[command, "in", "--out-dir", command, "--gallery", page], None);
        assert!(out.status.success(), "{}", stderr(&out));
        let html = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(html.contains("2 input(s): 2 succeeded"), "{html}");
        browser_check(&dir.path().join(page), 4, &[&format!("venice {command}")]);
    }
}
