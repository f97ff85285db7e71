//! `remove-bg`'s finishing through the real binary: a JPEG flattened onto
//! white, a crop to the subject plus its margin, the mask alone; JPEG
//! without a background refused before anything is sent.

use venice_mock::{MockConfig, fixtures};

use crate::common::*;

/// The box of the pixels with any opacity: (left, top, width, height).
fn opaque_box(img: &image::RgbaImage) -> (u32, u32, u32, u32) {
    let opaque: Vec<(u32, u32)> =
        img.enumerate_pixels().filter(|(_, _, p)| p.0[3] > 0).map(|(x, y, _)| (x, y)).collect();
    let (x0, x1) = (opaque.iter().map(|p| p.0).min().unwrap(), opaque.iter().map(|p| p.0).max().unwrap());
    let (y0, y1) = (opaque.iter().map(|p| p.1).min().unwrap(), opaque.iter().map(|p| p.1).max().unwrap());
    (x0, y0, x1 - x0 + 1, y1 - y0 + 1)
}

#[tokio::test(flavor = "multi_thread")]
async fn cut_outs_are_finished_here_without_another_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    let out = venice(&server, dir.path(), &["remove-bg", "photo.jpg"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cut = image_at(&dir.path().join("photo.nobg.png")).into_rgba8();
    let (x, y, w, h) = opaque_box(&cut);
    assert!(x > 0 && y > 0 && x + w < 400 && y + h < 300, "a transparent border around the subject");

    let args = ["remove-bg", "photo.jpg", "--background", "white", "--format", "jpeg", "-o", "white.jpg"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("white.jpg")).unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::Jpeg);
    let white = image::load_from_memory(&bytes).unwrap().into_rgb8();
    assert_eq!(white.dimensions(), cut.dimensions());
    for (px, py, p) in cut.enumerate_pixels().step_by(97) {
        let got = white.get_pixel(px, py).0;
        if p.0[3] == 0 {
            assert!(got.iter().all(|&c| c >= 235), "white where transparent at {px},{py}: {got:?}");
        } else if p.0[3] == 255 {
            let near = (0..3).all(|i| (i32::from(got[i]) - i32::from(p.0[i])).abs() < 40);
            assert!(near, "the subject at {px},{py}: {got:?} vs {:?}", p.0);
        }
    }

    let args = ["remove-bg", "photo.jpg", "--crop-to-subject", "--margin", "10px", "-o", "crop.png"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let crop = image_at(&dir.path().join("crop.png")).into_rgba8();
    assert_eq!(crop.dimensions(), (w + 20, h + 20), "the subject's box plus the margin");
    assert_eq!(opaque_box(&crop), (10, 10, w, h));

    let out = venice(&server, dir.path(), &["remove-bg", "photo.jpg", "--mask-only", "-o", "mask.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mask = image_at(&dir.path().join("mask.png")).into_luma8();
    assert_eq!(mask.get_pixel(0, 0).0[0], 0);
    assert_eq!(mask.get_pixel(x + w / 2, y + h / 2).0[0], 255);
    assert_eq!(edits(&server), 4, "one request per run, no extra");
}

#[tokio::test(flavor = "multi_thread")]
async fn jpeg_without_a_background_is_refused_before_sending() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(400, 300));
    for args in [
        vec!["remove-bg", "photo.jpg", "--format", "jpeg"],
        vec!["remove-bg", "photo.jpg", "--background", "missing.png"],
        vec!["remove-bg", "photo.jpg", "--margin", "5%"],
    ] {
        let out = venice(&server, dir.path(), &args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(edits(&server), 0);
}
