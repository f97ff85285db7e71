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
            assert!(
                said.contains(&format!("turned upright from its EXIF orientation {orientation}")),
                "{said}"
            );
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
            let expect =
                want.get_pixel((fx * want.width() as f32) as u32, (fy * want.height() as f32) as u32).0;
            let inverted = expect.map(|c| 255 - c);
            let pixel = got.get_pixel((fx * w as f32) as u32, (fy * h as f32) as u32).0;
            assert!(
                near(pixel, inverted, 40),
                "orientation {orientation} at {fx},{fy}: {pixel:?} vs {inverted:?}"
            );
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
    assert_eq!(
        (sent.dimensions, sent.orientation),
        (Some((900, 600)), Some(6)),
        "the tag goes with the pixels"
    );
    assert_eq!(sent.byte_len, original.len() as u64);
}

/// A phone's multi-picture JPEG: the photo (with its MPF index, APP2) and
/// a smaller second picture after it, as a depth or gain map follows.
fn mpo() -> (Vec<u8>, usize) {
    let first = photo::oriented_photo(800, 600, 1);
    let mut mpf = b"MPF\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
    mpf.extend_from_slice(&[0, 0, 0, 0]);
    let mut out = first[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE2]);
    out.extend_from_slice(&u16::try_from(mpf.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&mpf);
    out.extend_from_slice(&first[2..]);
    let first_len = out.len();
    out.extend_from_slice(&venice_mock::fixtures::jpeg(320, 240));
    (out, first_len)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_multi_picture_jpeg_sends_its_first_picture_only() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (bytes, first_len) = mpo();
    write(dir.path(), "burst.jpg", &bytes);
    let out = venice(&server, dir.path(), &["edit", "burst.jpg", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = &server.image_requests()[0].images[0];
    assert_eq!(sent.dimensions, Some((800, 600)));
    assert!(
        sent.byte_len < first_len as u64,
        "cut after the first picture: {} of {}",
        sent.byte_len,
        bytes.len()
    );
    let written = image_at(&dir.path().join("burst.edited.png")).into_rgb8();
    let inverted_red = [35, 235, 235];
    assert!(near(written.get_pixel(10, 10).0, inverted_red, 40), "{:?}", written.get_pixel(10, 10));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cmyk_jpeg_and_a_16_bit_png_are_sent_as_8_bit_rgb() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // The quadrants in CMYK (no ink is 0), as Photoshop writes them (Adobe APP14).
    let cmyk: Vec<u8> = photo::quadrants(600, 400)
        .pixels()
        .flat_map(|p| {
            let [r, g, b] = p.0;
            let k = 255 - r.max(g).max(b);
            let ink = |c: u8| if k == 255 { 0 } else { (255 - c - k) as u16 * 255 / (255 - k) as u16 } as u8;
            [ink(r), ink(g), ink(b), k]
        })
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 92).encode(&cmyk, 600, 400, jpeg_encoder::ColorType::Cmyk).unwrap();
    write(dir.path(), "print.jpg", &jpeg);
    let quadrants = photo::quadrants(600, 400);
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(600, 400, |x, y| {
        image::Rgb(quadrants.get_pixel(x, y).0.map(|c| u16::from(c) * 257))
    });
    DynamicImage::ImageRgb16(deep).save(dir.path().join("scan.png")).unwrap();

    for (name, format, said) in
        [("print", "jpeg", "converted from CMYK to RGB"), ("scan", "png", "from 16 to 8 bits")]
    {
        let input = if name == "print" { "print.jpg" } else { "scan.png" };
        let out = venice(&server, dir.path(), &["edit", input, "-p", "x"], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        let sent = server.image_requests().last().unwrap().images[0].clone();
        assert_eq!(
            (sent.format.as_str(), sent.samples, sent.dimensions),
            (format, Some((3, 8)), Some((600, 400)))
        );
        let written = image_at(&dir.path().join(format!("{name}.edited.png"))).into_rgb8();
        let (w, h) = written.dimensions();
        for (x, y, colour) in [(w / 4, h / 4, [220, 20, 20]), (3 * w / 4, 3 * h / 4, [235, 235, 235])] {
            let inverted = colour.map(|c: u8| 255 - c);
            assert!(
                near(written.get_pixel(x, y).0, inverted, 48),
                "{name}: {:?} vs {inverted:?}",
                written.get_pixel(x, y)
            );
        }
    }
}
