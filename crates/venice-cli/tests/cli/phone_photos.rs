//! Photos from phones and cameras through the real binary (issue 32):
//! portrait photos (EXIF orientation) uploaded upright and written upright,
//! multi-picture JPEGs, CMYK JPEGs and 16-bit PNGs converted to what Venice
//! takes; `--keep-size` and `--mask`.

use image::DynamicImage;
use venice_mock::photo::{self, Carried};
use venice_mock::{MockConfig, RecordedImage};

use crate::common::*;

/// The stored quadrants turned upright as the orientation says.
fn upright(width: u32, height: u32, orientation: u8) -> image::RgbImage {
    let mut img = DynamicImage::ImageRgb8(photo::quadrants(width, height));
    img.apply_orientation(image::metadata::Orientation::from_exif(orientation).unwrap());
    img.into_rgb8()
}

/// Whether two colours are within `tolerance` in every channel.
fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_orientation_is_uploaded_upright_and_written_upright() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for orientation in 1..=8u8 {
        let name = format!("o{orientation}.jpg");
        write(dir.path(), &name, &photo::oriented_photo(900, 600, u16::from(orientation)));
        let out = venice(&server, dir.path(), &["edit", &name, "-p", "warmer"], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        if orientation > 1 {
            let said = stderr(&out);
            assert!(said.contains(&format!("turned upright from its EXIF orientation {orientation}")), "{said}");
            assert!(said.contains("re-encoded as a"), "{said}");
        }

        let sent = server.image_requests().last().unwrap().images[0].clone();
        let want = upright(900, 600, orientation);
        assert_eq!(sent.dimensions, Some(want.dimensions()), "orientation {orientation}: sent upright");
        assert_eq!(sent.orientation, None, "no rotation tag is sent");
        assert!(!sent.has_gps && sent.has_icc, "{sent:?}");

        // The emulator's edit inverts the colours it was sent, at its tier.
        let written = std::fs::read(dir.path().join(format!("o{orientation}.edited.png"))).unwrap();
        let got = image::load_from_memory(&written).unwrap().into_rgb8();
        let (w, h) = got.dimensions();
        assert_eq!(w > h, want.width() > want.height(), "orientation {orientation}: written upright");
        for (fx, fy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
            let expect = want.get_pixel((fx * want.width() as f32) as u32, (fy * want.height() as f32) as u32).0;
            let inverted = expect.map(|c| 255 - c);
            let pixel = got.get_pixel((fx * w as f32) as u32, (fy * h as f32) as u32).0;
            assert!(near(pixel, inverted, 40), "orientation {orientation} at {fx},{fy}: {pixel:?} vs {inverted:?}");
        }
        let kept = RecordedImage::of("out", "file", &written);
        assert!(kept.orientation.is_none_or(|o| o == 1), "orientation {orientation}: tag cleared");
        assert_eq!(Carried::of(&written).date_taken.as_deref(), Some(photo::DATE_TAKEN), "the date is kept");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_metadata_in_upload_sends_the_portrait_as_it_is() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let original = photo::oriented_photo(900, 600, 6);
    write(dir.path(), "p.jpg", &original);
    let out = venice(&server, dir.path(), &["edit", "p.jpg", "-p", "x", "--keep-metadata-in-upload"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = &server.image_requests()[0].images[0];
    assert_eq!((sent.dimensions, sent.orientation), (Some((900, 600)), Some(6)), "the tag goes with the pixels");
    assert_eq!(sent.byte_len, original.len() as u64);
}
