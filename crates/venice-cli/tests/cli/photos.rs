//! Photos through the real binary: a camera JPEG (ICC profile, EXIF date
//! and GPS, XMP) is sent without its location and with its pixels; the
//! upscaled and cut-out outputs carry the same profile and date, not the
//! GPS (unless asked); an edit records its model, prompt and request id,
//! and `venice inspect` shows them.

use serde_json::Value;
use venice_mock::photo::{self, Carried};
use venice_mock::{MockConfig, fixtures};

use crate::common::*;

/// The picture at every `step`-th pixel (undoing the emulator's
/// nearest-neighbour upscale).
fn every(img: &image::RgbaImage, step: u32) -> Vec<u8> {
    let (w, h) = (img.width() / step, img.height() / step);
    image::RgbaImage::from_fn(w, h, |x, y| *img.get_pixel(x * step, y * step)).into_raw()
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_lose_the_location_and_outputs_keep_colour_and_date() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let original = photo::photo(400, 300);
    write(dir.path(), "photo.jpg", &original);

    let out = venice(&server, dir.path(), &["upscale", "photo.jpg", "--scale", "2"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = &server.image_requests()[0].images[0];
    assert!(!sent.has_gps && !sent.has_exif && !sent.has_xmp, "{sent:?}");
    assert!(sent.has_icc, "the colour profile is sent");
    assert!(sent.byte_len < original.len() as u64);
    let upscaled = dir.path().join("photo.upscaled.png");
    let kept = Carried::of(&std::fs::read(&upscaled).unwrap());
    assert_eq!(kept.icc, Some(photo::icc_profile()), "the same profile");
    assert_eq!(kept.date_taken.as_deref(), Some(photo::DATE_TAKEN));
    assert!(!kept.has_gps);
    // The pixels the emulator received are the photo's: its upscale is
    // the photo, each pixel doubled.
    let input = image::load_from_memory(&original).unwrap().into_rgba8();
    assert_eq!(every(&image_at(&upscaled).into_rgba8(), 2), input.into_raw(), "the same pixels were sent");

    let out = venice(&server, dir.path(), &["remove-bg", "photo.jpg"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cut = Carried::of(&std::fs::read(dir.path().join("photo.nobg.png")).unwrap());
    assert_eq!(cut.icc, Some(photo::icc_profile()));
    assert_eq!(cut.date_taken.as_deref(), Some(photo::DATE_TAKEN));
    assert!(!cut.has_gps && !server.image_requests()[1].images[0].has_gps);

    // --keep-gps keeps it in the output (still not sent); --keep-metadata-in-upload sends it.
    let out = venice(&server, dir.path(), &["upscale", "photo.jpg", "--keep-gps", "-o", "gps.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(Carried::of(&std::fs::read(dir.path().join("gps.png")).unwrap()).has_gps);
    assert!(!server.image_requests()[2].images[0].has_gps);
    let args = ["upscale", "photo.jpg", "--keep-metadata-in-upload", "--strip-metadata", "-o", "bare.png"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = &server.image_requests()[3].images[0];
    assert!(sent.has_gps && sent.has_exif && sent.byte_len == original.len() as u64, "sent as it is");
    let bare = Carried::of(&std::fs::read(dir.path().join("bare.png")).unwrap());
    assert!(!bare.has_icc && !bare.has_exif, "--strip-metadata writes none: {bare:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn inspect_shows_how_an_edit_was_made() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &photo::photo(400, 300));
    write(dir.path(), "plain.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "photo.jpg", "-p", "make the sky a <sunrise>"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request_id = server.requests().last().unwrap().seq;
    let rid = format!("{request_id:016x}-MOCK");

    let out = venice(&server, dir.path(), &["inspect", "photo.edited.png", "plain.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "firered-image-edit",
        "make the sky a <sunrise>",
        rid.as_str(),
        "step 1: edit",
        "compositeWithTrainedAlgorithmicMedia",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(text.contains("plain.png: no provenance recorded"), "{text}");

    let out = venice(&server, dir.path(), &["--json", "inspect", "photo.edited.png"], None);
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let step = &v["provenance"]["steps"][0];
    assert_eq!(step["model"], "firered-image-edit");
    assert_eq!(step["prompt"], "make the sky a <sunrise>");
    assert_eq!(step["request_id"], rid.as_str());
    assert!(step["cost_usd"].as_f64().is_some_and(|c| c > 0.0), "{v}");

    // Without provenance, nothing is recorded.
    let args = ["edit", "photo.jpg", "-p", "again", "--no-provenance", "-o", "quiet.png"];
    assert_eq!(venice(&server, dir.path(), &args, None).status.code(), Some(0));
    let out = venice(&server, dir.path(), &["inspect", "quiet.png"], None);
    assert!(stdout(&out).contains("no provenance recorded"), "{}", stdout(&out));
}
