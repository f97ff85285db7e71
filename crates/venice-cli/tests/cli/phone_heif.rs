//! HEIC and AVIF photos through the real binary (issue 32), made by real
//! encoders: pillow-heif (libheif with x265) for HEIC and Pillow's own AVIF
//! plugin (libavif), from the test venv `.ci/run` builds. Each is converted
//! before upload (JPEG, or PNG when it has transparency), upright, at its
//! own pixel size, without GPS; its date taken and ICC profile are carried
//! into the output; `--keep-size` and `--mask` work on it as on a JPEG.

use std::path::Path;

use venice_mock::photo::{self, Carried};
use venice_mock::{MockConfig, RecordedImage};

use crate::common::*;
use crate::phone_photos::near;

/// Re-encodes the JPEG `source` (in `dir`) as `target` with its EXIF
/// (orientation included: pillow-heif turns it into HEIF's own rotation),
/// ICC profile and an XMP packet; `alpha` adds a transparent corner.
/// `None` (the test skips) when the venv is missing outside CI.
fn encode(dir: &Path, source: &str, target: &str, alpha: bool) -> Option<()> {
    let python = crate::mcp::python()?;
    let script = r#"
import sys
from PIL import Image
import pillow_heif
pillow_heif.register_heif_opener()
src, dst, alpha, xmp = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
im = Image.open(src)
exif, icc = im.info["exif"], im.info["icc_profile"]
if alpha:
    im = im.convert("RGBA")
    im.putpixel((0, 0), (0, 0, 0, 0))
im.save(dst, quality=92, exif=exif, icc_profile=icc, xmp=xmp.encode())
"#;
    let out = std::process::Command::new(python)
        .current_dir(dir)
        .args(["-c", script, source, target, if alpha { "1" } else { "0" }, photo::XMP])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_heic_and_an_avif_are_converted_upright_and_their_photo_is_kept() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // Stored 900x600 with "rotate 90°": a portrait, upright 600x900.
    write(dir.path(), "portrait.jpg", &photo::oriented_photo(900, 600, 6));
    for (name, format) in [("IMG_0001.heic", "HEIC"), ("IMG_0002.avif", "AVIF")] {
        if encode(dir.path(), "portrait.jpg", name, false).is_none() {
            return;
        }
        let out = venice(&server, dir.path(), &["edit", name, "-p", "warmer"], None);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("converted from {format}")), "{}", stderr(&out));

        let sent = server.image_requests().last().unwrap().images[0].clone();
        assert_eq!(sent.format, "jpeg", "{name}");
        assert_eq!(sent.dimensions, Some((600, 900)), "{name}: its own size, upright");
        assert_eq!(sent.orientation, None, "{name}: no rotation tag");
        assert!(!sent.has_gps && !sent.has_exif && !sent.has_xmp, "{name}: {sent:?}");
        assert!(sent.has_icc, "{name}: the colour profile goes with the pixels");
        assert!(sent.filename.as_deref().is_some_and(|f| f.ends_with(".jpg")), "{:?}", sent.filename);

        // The emulator inverts what it was sent: the top-left of the upright
        // portrait is the stored bottom-left quadrant (blue), inverted.
        let stem = name.split('.').next().unwrap();
        let written = std::fs::read(dir.path().join(format!("{stem}.edited.png"))).unwrap();
        let got = image::load_from_memory(&written).unwrap().into_rgb8();
        let (w, h) = got.dimensions();
        assert!(h > w, "{name}: written upright ({w}x{h})");
        let top_left = got.get_pixel(w / 4, h / 4).0;
        assert!(near(top_left, [235, 235, 35], 48), "{name}: {top_left:?}");
        let kept = Carried::of(&written);
        assert_eq!(kept.date_taken.as_deref(), Some(photo::DATE_TAKEN), "{name}: the date taken is kept");
        assert_eq!(kept.icc, Some(photo::icc_profile()), "{name}: the profile is kept");
        assert!(!kept.has_gps, "{name}: no GPS without --keep-gps");
        assert!(kept.xmp.as_deref().is_some_and(|x| x.contains("Canal at dawn")), "{name}: the title");
        let tag = RecordedImage::of("out", "file", &written).orientation;
        assert!(tag.is_none_or(|o| o == 1), "{name}: orientation cleared, {tag:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transparent_avif_goes_up_as_a_png_and_keep_size_and_mask_take_a_heic() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flat.jpg", &photo::oriented_photo(900, 600, 1));
    if encode(dir.path(), "flat.jpg", "cutout.avif", true).is_none()
        || encode(dir.path(), "flat.jpg", "photo.heic", false).is_none()
    {
        return;
    }
    let out = venice(&server, dir.path(), &["edit", "cutout.avif", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = server.image_requests().last().unwrap().images[0].clone();
    assert_eq!((sent.format.as_str(), sent.dimensions), ("png", Some((900, 600))), "transparency kept");

    let out =
        venice(&server, dir.path(), &["edit", "photo.heic", "-p", "x", "--keep-size", "-o", "k.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(image_at(&dir.path().join("k.png")).into_rgb8().dimensions(), (900, 600));

    // A mask on the top-left quadrant: the rest is the decoded HEIC's pixels.
    let mask =
        image::GrayImage::from_fn(900, 600, |x, y| image::Luma([if x < 300 && y < 200 { 255 } else { 0 }]));
    mask.save(dir.path().join("mask.png")).unwrap();
    let out = venice(
        &server,
        dir.path(),
        &["edit", "photo.heic", "-p", "x", "--mask", "mask.png", "-o", "m.png"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = image_at(&dir.path().join("m.png")).into_rgb8();
    assert_eq!(got.dimensions(), (900, 600));
    // Far from the mask: the original (the bottom-right quadrant's light grey).
    assert!(near(got.get_pixel(800, 500).0, [235, 235, 235], 12), "{:?}", got.get_pixel(800, 500));
    // Inside: the edit (the red quadrant changed).
    assert!(!near(got.get_pixel(100, 100).0, [220, 20, 20], 40), "{:?}", got.get_pixel(100, 100));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_heic_over_the_pixel_limit_is_refused_from_its_header_and_fitted_with_fit() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let Some(python) = crate::mcp::python() else { return };
    // 5800x5800 (33.6 MP, over Venice's 33,177,600), flat so it encodes fast.
    let script = "import pillow_heif\nfrom PIL import Image\npillow_heif.register_heif_opener()\n\
                  Image.new('RGB', (5800, 5800), (90, 140, 200)).save('huge.heic', quality=50)\n";
    let made =
        std::process::Command::new(python).current_dir(dir.path()).args(["-c", script]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));

    let out = venice(&server, dir.path(), &["edit", "huge.heic", "-p", "x", "-o", "no.png"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("huge.heic is 5800x5800") && said.contains("--fit"), "{said}");
    assert_eq!(edits(&server), 0, "nothing was sent");
    assert!(!dir.path().join("no.png").exists());

    let out = venice(&server, dir.path(), &["edit", "huge.heic", "-p", "x", "--fit", "-o", "yes.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("converted from HEIC, fitted from 5800x5800"), "{}", stderr(&out));
    let sent = &server.image_requests()[0].images[0];
    let (w, h) = sent.dimensions.unwrap();
    assert!(u64::from(w) * u64::from(h) <= 33_177_600 && w == h, "{w}x{h}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_display_p3_heic_without_an_icc_profile_goes_up_with_one() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let Some(python) = crate::mcp::python() else { return };
    // Colour said the way Android phones and AVIF encoders say it: an nclx
    // box (Display P3 primaries, sRGB transfer), no ICC profile.
    let script = "import pillow_heif\nfrom PIL import Image\npillow_heif.register_heif_opener()\n\
                  Image.new('RGB', (400, 300), (200, 60, 60)).save('p3.heic', quality=90, nclx_profile=\
                  {'color_primaries': 12, 'transfer_characteristics': 13, 'matrix_coefficients': 6, \
                  'full_range_flag': 1})\n";
    let made =
        std::process::Command::new(&python).current_dir(dir.path()).args(["-c", script]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let out = venice(&server, dir.path(), &["edit", "p3.heic", "-p", "x", "-o", "p3.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(server.image_requests()[0].images[0].has_icc, "the upload says its colours are Display P3");
    // The output carries it; Little CMS (through Pillow) reads what it is.
    let read = "import io, sys\nfrom PIL import Image, ImageCms\n\
                icc = Image.open('p3.png').info['icc_profile']\n\
                print(ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip())\n";
    let said =
        std::process::Command::new(&python).current_dir(dir.path()).args(["-c", read]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&said.stdout).trim(),
        "Display P3",
        "{}",
        String::from_utf8_lossy(&said.stderr)
    );
}
